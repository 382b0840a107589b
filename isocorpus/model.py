"""The records the parser produces: frozen, slotted dataclasses with ``as_dict()``.

Nothing here imports the rest of the project; everything downstream imports this.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import Enum
from typing import Any


class Choice(str, Enum):
    """A closed set of names, each member its own name as a string (``str(BlockKind.LEDE) == "lede"``)."""

    def __str__(self) -> str:
        return str(self.value)


class BlockKind(Choice):
    """What a block of an entry is, as FORMAT.md classifies it."""

    LEDE = "lede"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST = "list"
    INSET = "inset"
    NOTE = "note"
    SIGNOFF = "signoff"
    PROVENANCE = "provenance"


#: Blocks whose words are the article's text (``word_count``).
COUNTED_KINDS = frozenset({BlockKind.LEDE, BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST})
#: The article's apparatus: searched, not counted.
APPARATUS_KINDS = frozenset({BlockKind.NOTE, BlockKind.SIGNOFF, BlockKind.PROVENANCE})


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an entry: a line of text and what it is."""

    kind: BlockKind
    """The block's kind."""
    text: str
    """The block's text (a doubled inset ``X X`` is kept once)."""
    line: int
    """The 1-based line of the input it starts on."""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "text": self.text, "line": self.line}


@dataclass(frozen=True, slots=True)
class Footer:
    """A page footer: when the reader fetched the feed, and which feed comes *next* (not this one's name)."""

    as_of: datetime | None
    """When the reader fetched the feed (``As of …``)."""
    last_new: datetime | None
    """The feed's newest entry (``Last new …``)."""
    next_feed: str | None
    """The feed named on the ``Next feed in category:`` line."""
    line: int
    """The 1-based line where the footer starts."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": iso(self.as_of),
            "last_new": iso(self.last_new),
            "next_feed": self.next_feed,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """One entry of a feed dump, parsed."""

    id: str
    """Stable content id (hex): the same article gives the same id from any copy."""
    seq: int
    """1-based position in this run's input order."""
    source: str
    """The input it came from: a path, ``-`` for stdin, or the bundled corpus's name."""
    line: int
    """The 1-based line of its entry marker."""
    page: int
    """The 1-based page of its source it sits on."""
    published: datetime | None
    """The reader's timestamp (local time, no zone), or None when missing or impossible."""
    byline: str
    """The byline as printed ('' when missing)."""
    authors: tuple[str, ...]
    """The people or bodies the byline names."""
    language: str | None
    """``en`` or ``es``, detected from the text; None when there is no text."""
    blocks: tuple[Block, ...]
    """Every block, in order, the lede first."""
    word_count: int
    """Words (whitespace-separated tokens) of the lede, headings, paragraphs and list items."""
    signatories: tuple[str, ...]
    """Names of a ``Signed by:`` paragraph, split as bylines are."""
    footer: Footer | None
    """The footer of the page the entry sits on, or None when the page has none."""
    warnings: tuple[str, ...]
    """What was wrong with this entry, one line each."""
    feed: str | None = None
    """The name of the feed the dump holds, when the user gave it (``--feed-name``); a dump does not say."""
    offset: int = field(default=0, compare=False)
    """The byte offset of its entry marker in the input (after gunzip). A position, like
    ``line``, but not part of ``as_dict()`` (the JSON, CSV and SQLite exports are unchanged),
    so it takes no part in equality either; the Parquet export has it as a column."""

    @property
    def next_feed(self) -> str | None:
        """The feed the page footer names as the next one (``Next feed in category:``), never this one's."""
        return self.footer.next_feed if self.footer is not None else None

    @property
    def date(self) -> date | None:
        """The calendar day of ``published``."""
        return self.published.date() if self.published else None

    def texts(self, kind: BlockKind) -> tuple[str, ...]:
        """The texts of the blocks of one kind, in order."""
        return tuple(b.text for b in self.blocks if b.kind is kind)

    @property
    def lede(self) -> str:
        """The first non-blank line after the byline ('' when none)."""
        first = self.blocks[0] if self.blocks else None
        return first.text if first is not None and first.kind is BlockKind.LEDE else ""

    @property
    def headings(self) -> tuple[str, ...]:
        return self.texts(BlockKind.HEADING)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.texts(BlockKind.PARAGRAPH)

    @property
    def list_items(self) -> tuple[str, ...]:
        return self.texts(BlockKind.LIST)

    @property
    def insets(self) -> tuple[str, ...]:
        return self.texts(BlockKind.INSET)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.texts(BlockKind.NOTE)

    @property
    def signoff(self) -> tuple[str, ...]:
        return self.texts(BlockKind.SIGNOFF)

    @property
    def provenance(self) -> tuple[str, ...]:
        return self.texts(BlockKind.PROVENANCE)

    @property
    def text(self) -> str:
        """The counted text: lede, headings, paragraphs and list items, joined by blank lines."""
        return "\n\n".join(b.text for b in self.blocks if b.kind in COUNTED_KINDS)

    @property
    def apparatus(self) -> str:
        """Notes, sign-off and provenance, joined by blank lines."""
        return "\n\n".join(b.text for b in self.blocks if b.kind in APPARATUS_KINDS)

    def as_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data; ``Article.from_dict`` reads it back."""
        return {
            "id": self.id,
            "seq": self.seq,
            "source": self.source,
            "line": self.line,
            "page": self.page,
            "published": iso(self.published),
            "date": iso(self.date),
            "byline": self.byline,
            "authors": list(self.authors),
            "language": self.language,
            "lede": self.lede,
            "headings": list(self.headings),
            "paragraphs": list(self.paragraphs),
            "list_items": list(self.list_items),
            "signatories": list(self.signatories),
            "insets": list(self.insets),
            "notes": list(self.notes),
            "signoff": list(self.signoff),
            "provenance": list(self.provenance),
            "blocks": [b.as_dict() for b in self.blocks],
            "word_count": self.word_count,
            "feed": self.feed,
            "footer": self.footer.as_dict() if self.footer else None,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from ``as_dict()`` output (e.g. a line of ``export --format jsonl``)."""
        footer = data.get("footer")
        name = data.get("feed")
        if isinstance(name, dict):  # written before the footer had its own key
            footer, name = name, None
        return cls(
            id=data["id"],
            seq=int(data["seq"]),
            source=data["source"],
            line=int(data["line"]),
            page=int(data.get("page") or 1),
            published=_from_iso(data.get("published")),
            byline=data.get("byline") or "",
            authors=tuple(data.get("authors") or ()),
            language=data.get("language"),
            blocks=tuple(Block(BlockKind(b["kind"]), b["text"], int(b["line"])) for b in data.get("blocks") or ()),
            word_count=int(data.get("word_count") or 0),
            signatories=tuple(data.get("signatories") or ()),
            footer=Footer(
                _from_iso(footer.get("as_of")),
                _from_iso(footer.get("last_new")),
                footer.get("next_feed"),
                int(footer.get("line") or 0),
            )
            if footer
            else None,
            warnings=tuple(data.get("warnings") or ()),
            feed=name,
            offset=int(data.get("offset") or 0),
        )


#: The old name of ``Footer``.
Feed = Footer


def field_dict(record: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A flat record's fields by name, in the order declared, values as they are (a result row's ``as_dict``)."""
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in skip}


def iso(value: date | datetime | None) -> str | None:
    """``value`` in ISO 8601 (None for None): how records spell dates and times."""
    return value.isoformat() if value else None


def _from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
