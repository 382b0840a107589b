"""grep's hits: grouped and highlighted on a terminal, one plain line per match when piped, JSON.

Piped, each match is one line ``seq:id:kind:text-around-match`` (the block's text cut to a window
around the match, ``…`` where it was cut); context blocks (``-A``/``-B``/``-C``) are lines
``seq-id-kind-text`` and ``--`` separates groups that do not touch, as grep does. On a terminal
each article gets a header (seq, date, byline, short id) and each hit its block kind and the
match highlighted, wrapped to the width. Corpus text passes through ``visible()`` everywhere
but JSON (which escapes it itself).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from ..model import Article, Block, iso
from ..search import Hit
from .console import is_terminal, make_console
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console

#: Characters of a block shown on each side of a match in piped output.
PIPED_RADIUS = 80
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A match with the text around it, cut at word boundaries."""

    before: str
    """Text before the match (``…`` first when cut)."""
    match: str
    """What matched."""
    after: str
    """Text after the match (``…`` last when cut)."""

    def __str__(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def snippet(text: str, start: int, end: int, radius: int) -> Snippet:
    """``text[start:end]`` with up to ``radius`` characters each side, cut between words."""
    left = text[max(start - radius - 1, 0) : start]  # never a copy of the whole block: it may be megabytes
    if len(left) > radius:
        cut = left[-radius:]
        space = cut.find(" ")
        left = "…" + (cut[space + 1 :] if 0 <= space < radius // 2 else cut)
    right = text[end : end + radius + 1]
    if len(right) > radius:
        cut = right[:radius]
        space = cut.rfind(" ")
        right = (cut[:space] if space > radius // 2 else cut) + "…"
    return Snippet(left, text[start:end], right)


def _one_line(text: str) -> str:
    return visible(_SPACE.sub(" ", text))


# --- grouping hits by article, with their context ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One line of output for an article: a block with its matches, or a context block."""

    index: int
    """The block's index in ``article.blocks`` (-1: the byline)."""
    kind: str
    """The block's kind, or ``byline``."""
    text: str
    """The block's text."""
    line: int
    """The block's line in the input."""
    hits: tuple[Hit, ...]
    """The matches in it (none for a context block)."""
    gap_before: bool
    """Whether blocks were skipped between the previous item and this one."""


def by_article(hits: Iterable[Hit]) -> Iterator[list[Hit]]:
    """Consecutive hits of the same article, in lists (hits come article by article)."""
    group: list[Hit] = []
    for hit in hits:
        if group and (hit.article.seq != group[0].article.seq or hit.article.source != group[0].article.source):
            yield group
            group = []
        group.append(hit)
    if group:
        yield group


def article_items(article: Article, hits: list[Hit], before: int, after: int, kinds: frozenset[str]) -> list[Item]:
    """The lines to show for one article's hits: each hit's block, and ``before``/``after`` blocks around."""
    from ..search.hits import context_blocks

    wanted: dict[int, tuple[str, str, int]] = {}
    matched: dict[int, list[Hit]] = {}
    for hit in hits:
        matched.setdefault(hit.block, []).append(hit)
        wanted[hit.block] = (hit.kind, hit.text, hit.line)
        if before or after:
            ahead, behind = context_blocks(article, hit.block, before, after, kinds)
            for i, block in (*ahead, *behind):
                wanted.setdefault(i, _describe(block))
    order = sorted(wanted)
    shown = _shown_order(article, kinds)
    items: list[Item] = []
    previous: int | None = None
    for index in order:
        kind, text, line = wanted[index]
        gap = previous is not None and shown.get(index, 0) - shown.get(previous, 0) > 1
        items.append(Item(index, kind, text, line, tuple(matched.get(index, ())), gap))
        previous = index
    return items


def _describe(block: Block) -> tuple[str, str, int]:
    return block.kind.value, block.text, block.line


def _shown_order(article: Article, kinds: frozenset[str]) -> dict[int, int]:
    """Position of each block among those context may show (the byline first)."""
    inset = "inset" in kinds
    order = {-1: 0}
    k = 1
    for i, block in enumerate(article.blocks):
        if inset or block.kind.value != "inset":
            order[i] = k
            k += 1
    return order


# --- piped ---------------------------------------------------------------------------------------


def write_plain(
    hits: Iterable[Hit], out: TextIO, before: int = 0, after: int = 0, kinds: frozenset[str] = frozenset()
) -> int:
    """One line per match (``seq:id:kind:text``), context lines with ``-``; returns the matches written."""
    n = 0
    context = bool(before or after)
    first = True
    for group in by_article(hits):
        article = group[0].article
        for k, item in enumerate(article_items(article, group, before, after, kinds)):
            if context and not first and (k == 0 or item.gap_before):
                out.write("--\n")
            first = False
            if not item.hits:
                out.write(f"{article.seq}-{article.id}-{item.kind}-{_one_line(_cut(item.text))}\n")
                continue
            for hit in item.hits:
                around = _one_line(str(snippet(hit.text, hit.start, hit.end, PIPED_RADIUS)))
                out.write(f"{article.seq}:{article.id}:{hit.kind}:{around}\n")
                n += 1
    return n


def _cut(text: str, size: int = 2 * PIPED_RADIUS) -> str:
    if len(text) <= size:
        return text
    cut = text[:size]
    space = cut.rfind(" ")
    return (cut[:space] if space > size // 2 else cut) + "…"


# --- JSON ----------------------------------------------------------------------------------------


def hit_record(hit: Hit) -> dict[str, Any]:
    """A match as JSON-ready data: the article's identity, the whole block, and the match's offsets."""
    article = hit.article
    return {
        "id": article.id,
        "seq": article.seq,
        "date": iso(article.date),
        "byline": article.byline,
        "source": article.source,
        "line": hit.line,
        "kind": hit.kind,
        "text": hit.text,
        "match": {"start": hit.start, "end": hit.end, "text": hit.match},
    }


def write_json(
    hits: Iterable[Hit], out: TextIO, before: int = 0, after: int = 0, kinds: frozenset[str] = frozenset()
) -> int:
    """One JSON object per match (``hit_record``), with ``context`` when asked; returns how many."""
    from ..export.jsonl import write_records
    from ..search.hits import context_blocks

    def records() -> Iterator[dict[str, Any]]:
        for hit in hits:
            record = hit_record(hit)
            if before or after:
                ahead, behind = context_blocks(hit.article, hit.block, before, after, kinds)
                record["context"] = {
                    "before": [b.as_dict() for _, b in ahead],
                    "after": [b.as_dict() for _, b in behind],
                }
            yield record

    return write_records(records(), out, json.JSONEncoder(ensure_ascii=False).encode)


# --- -l ------------------------------------------------------------------------------------------


def write_articles(hits: Iterable[Hit], out: TextIO) -> int:
    """One tab-separated line per article with a match: seq, id, date, byline; returns how many."""
    n = 0
    for group in by_article(hits):
        article = group[0].article
        fields = (str(article.seq), article.id, iso(article.date) or "", article.byline)
        out.write("\t".join(visible(f.replace("\t", " ")) for f in fields) + "\n")
        n += 1
    return n


# --- terminal ------------------------------------------------------------------------------------


def render_terminal(
    hits: Iterable[Hit],
    console: Console | None = None,
    before: int = 0,
    after: int = 0,
    kinds: frozenset[str] = frozenset(),
) -> int:
    """Hits grouped by article, each with its block kind and the match highlighted; returns the matches."""
    from rich.table import Table
    from rich.text import Text

    console = console or make_console()
    radius = max(60, console.width)
    n = 0
    first = True
    for group in by_article(hits):
        article = group[0].article
        if not first:
            console.print()
        first = False
        day = article.date
        header = Text()
        header.append(str(article.seq), style="bold")
        header.append("  ")
        header.append(day.isoformat() if day else "undated", style="green")
        header.append("  ")
        header.append(visible(article.byline) or "(no byline)", style="bold cyan")
        header.append("  ")
        header.append(article.id[:8], style="dim")
        console.print(header, soft_wrap=False, overflow="fold")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=2)
        grid.add_column(no_wrap=True, style="magenta")
        grid.add_column(overflow="fold")
        for item in article_items(article, group, before, after, kinds):
            if item.gap_before and (before or after):
                grid.add_row("", Text("…", style="dim"), "")
            if not item.hits:
                grid.add_row(
                    "", Text(item.kind, style="dim"), Text(_one_line(_cut(item.text, 2 * radius)), style="dim")
                )
                continue
            for hit in item.hits:
                cut = snippet(hit.text, hit.start, hit.end, radius)
                text = Text(_one_line(cut.before))
                text.append(_one_line(cut.match), style="bold red")
                text.append(_one_line(cut.after))
                grid.add_row("", Text(hit.kind), text)
                n += 1
        console.print(grid)
    return n


def render_hits(
    hits: Iterable[Hit], out: TextIO | None = None, before: int = 0, after: int = 0, kinds: frozenset[str] = frozenset()
) -> int:
    """The default output: ``render_terminal`` on a terminal, ``write_plain`` when piped."""
    out = out or sys.stdout
    if is_terminal(out):
        return render_terminal(hits, before=before, after=after, kinds=kinds)
    return write_plain(hits, out, before, after, kinds)
