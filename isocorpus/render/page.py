"""One article as a page: plain text, Markdown, or a styled page on a terminal.

All three share one layout (``page_blocks``): a dateline (date and byline), a line of facts
(seq, id, words, language, where it came from; text formats only), the lede, then the body in
order (headings, paragraphs, list items, and insets when asked for), then, after a rule, the
apparatus: the trailing notes (with their heading), sign-off and provenance. The dump has no
titles, so none is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..model import Article, Block, BlockKind
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console

#: The widest a page is drawn on a terminal (lines longer than this are hard to read).
PAGE_WIDTH = 88

_TIGHT = frozenset({BlockKind.LIST, BlockKind.NOTE, BlockKind.SIGNOFF})
_APPARATUS = frozenset({BlockKind.NOTE, BlockKind.SIGNOFF, BlockKind.PROVENANCE})


class Role(str, Enum):
    """What a piece of the page is, which decides how it is set."""

    DATELINE = "dateline"
    FACTS = "facts"
    LEDE = "lede"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    INSET = "inset"
    RULE = "rule"
    NOTES = "notes"
    SIGNOFF = "signoff"
    PROVENANCE = "provenance"


_ROLE = {
    BlockKind.LEDE: Role.LEDE,
    BlockKind.HEADING: Role.HEADING,
    BlockKind.PARAGRAPH: Role.PARAGRAPH,
    BlockKind.LIST: Role.LIST,
    BlockKind.INSET: Role.INSET,
    BlockKind.NOTE: Role.NOTES,
    BlockKind.SIGNOFF: Role.SIGNOFF,
    BlockKind.PROVENANCE: Role.PROVENANCE,
}


@dataclass(frozen=True, slots=True)
class PageBlock:
    """A piece of the page: one or more lines set the same way."""

    role: Role
    """How the lines are set."""
    lines: tuple[str, ...]
    """The text, one entry per line (several for a list, notes or a sign-off)."""


def apparatus_start(blocks: tuple[Block, ...]) -> int:
    """Index of the first block of the trailing apparatus (``len(blocks)`` when there is none).

    The apparatus is the run of notes, sign-off and provenance at the end (insets among them
    aside), together with the heading that introduces the notes.
    """
    start = len(blocks)
    k = len(blocks) - 1
    while k >= 0:
        kind = blocks[k].kind
        if kind in _APPARATUS:
            start = k
        elif kind is BlockKind.HEADING and k + 1 < len(blocks) and blocks[k + 1].kind is BlockKind.NOTE:
            start = k
        elif kind is not BlockKind.INSET:
            break
        k -= 1
    return start


def dateline(article: Article) -> tuple[str, str]:
    """The date (``2019-04-02 23:00``, '' when unknown) and the byline."""
    when = article.published.strftime("%Y-%m-%d %H:%M") if article.published else ""
    return when, article.byline


def facts(article: Article) -> str:
    """``seq 5 · id 4231… · 3438 words · en · file:215``."""
    parts = [f"seq {article.seq}", f"id {article.id}", f"{article.word_count} words"]
    if article.language:
        parts.append(article.language)
    parts.append(f"{article.source}:{article.line}")
    return " · ".join(parts)


def page_blocks(article: Article, insets: bool = False, header: bool = True) -> list[PageBlock]:
    """The page's pieces, in order; insets only when ``insets`` is true."""
    page: list[PageBlock] = []
    if header:
        when, byline = dateline(article)
        page.append(PageBlock(Role.DATELINE, (when, byline)))
        page.append(PageBlock(Role.FACTS, (facts(article),)))
    blocks = article.blocks
    split = apparatus_start(blocks)
    previous: Block | None = None
    for k, block in enumerate(blocks):
        if k == split:
            page.append(PageBlock(Role.RULE, ()))
            previous = None
        if block.kind is BlockKind.INSET and not insets:
            continue
        role = _ROLE[block.kind]
        if (
            previous is not None
            and block.kind in _TIGHT
            and previous.kind is block.kind
            and block.line == previous.line + 1
        ):
            last = page[-1]
            page[-1] = PageBlock(last.role, (*last.lines, block.text))
        else:
            page.append(PageBlock(role, (block.text,)))
        previous = block
    return page


# --- plain text ---------------------------------------------------------------------------------


def format_text(article: Article, insets: bool = False) -> str:
    """The page as plain text: one line per paragraph (unwrapped), blank lines between blocks."""
    out: list[str] = []
    for piece in page_blocks(article, insets):
        role, lines = piece.role, piece.lines
        if role is Role.DATELINE:
            text = " · ".join(t for t in lines if t)
            if not text:
                continue
            out.append(text)
            continue
        if role is Role.FACTS:
            out.append(lines[0])
            continue
        out.append("")
        if role is Role.RULE:
            out.append("─" * 40)
        elif role is Role.LIST:
            out.extend(f"• {t}" for t in lines)
        elif role is Role.INSET:
            out.append(f"[{lines[0]}]")
        elif role is Role.SIGNOFF:
            out.extend(f"    {t}" for t in lines)
        else:
            out.extend(lines)
    return "\n".join(out) + "\n"


# --- Markdown -----------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>])|(&(?=#?\w+;))")
_BLOCK_START = re.compile(r"^(#|>|[-+=]|~~~|\d+[.)](?=\s|$)|\|)")
_NOTE_NUMBER = re.compile(r"^(\d{1,9})([.)])\s+")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: inline markup characters and block openers backslashed."""
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    opener = match.group(0)
    if opener[0].isdigit():
        return opener[:-1] + "\\" + opener[-1]
    return "\\" + opener


def _markdown_note(text: str) -> str:
    match = _NOTE_NUMBER.match(text)
    if match is None:
        return escape_markdown(text)
    return f"{match.group(1)}{match.group(2)} {escape_markdown(text[match.end() :])}"


def format_markdown(article: Article, insets: bool = False) -> str:
    """The page as Markdown: date and byline in italics on top, ``##`` headings, ``-`` list
    items, ``---`` before the apparatus. Corpus text is escaped so it reads as written."""
    out: list[str] = []
    for piece in page_blocks(article, insets):
        role, lines = piece.role, piece.lines
        if role is Role.FACTS:
            continue
        if role is Role.DATELINE:
            when, byline = lines
            text = " · ".join(escape_markdown(t) for t in (when[:10], byline) if t)
            if text:
                out.append(f"*{text}*")
            continue
        if out:
            out.append("")
        if role is Role.RULE:
            out.append("---")
        elif role is Role.HEADING:
            out.append(f"## {escape_markdown(lines[0])}")
        elif role is Role.LIST:
            out.extend(f"- {escape_markdown(t)}" for t in lines)
        elif role is Role.NOTES:
            out.extend(_markdown_note(t) for t in lines)
        elif role is Role.INSET:
            out.append(f"> {escape_markdown(lines[0])}")
        elif role is Role.SIGNOFF:
            escaped = [escape_markdown(t) for t in lines]
            out.append("\\\n".join(escaped))
        else:
            out.append(escape_markdown(lines[0]))
    return "\n".join(out) + "\n"


# --- terminal -----------------------------------------------------------------------------------


def render_page(article: Article, insets: bool = False, console: Console | None = None) -> None:
    """Draw the page on a terminal: styled, wrapped to the console (at most ``PAGE_WIDTH``)."""
    from rich.console import Group
    from rich.constrain import Constrain
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from .console import make_console

    console = console or make_console()

    def text(value: str, style: str = "") -> Text:
        return Text(visible(value), style=style)

    def hanging(marks: list[str], lines: tuple[str, ...], style: str = "") -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column(ratio=1)
        for mark, line in zip(marks, lines, strict=True):
            grid.add_row(Text(mark, style="dim"), text(line, style))
        return grid

    parts: list[Any] = []
    for piece in page_blocks(article, insets):
        role, lines = piece.role, piece.lines
        if role is Role.DATELINE:
            when, byline = lines
            head = Text()
            if when:
                head.append(when, style="dim")
                if byline:
                    head.append(" · ", style="dim")
            if byline:
                head.append(visible(byline), style="bold")
            if head:
                parts.append(head)
            continue
        if role is Role.FACTS:
            parts.append(text(lines[0], "dim"))
            continue
        parts.append(Text())
        if role is Role.RULE:
            parts.append(Rule(style="dim"))
        elif role is Role.LEDE:
            parts.append(text(lines[0], "italic"))
        elif role is Role.HEADING:
            parts.append(text(lines[0], "bold"))
        elif role is Role.LIST:
            parts.append(Padding(hanging(["•"] * len(lines), lines), (0, 0, 0, 2)))
        elif role is Role.NOTES:
            marks, bodies = [], []
            for line in lines:
                match = _NOTE_NUMBER.match(line)
                marks.append(match.group(0).strip() if match else "")
                bodies.append(line[match.end() :] if match else line)
            parts.append(hanging(marks, tuple(bodies)))
        elif role is Role.INSET:
            parts.append(text(f"[{lines[0]}]", "dim italic"))
        elif role is Role.SIGNOFF:
            parts.append(Padding(text("\n".join(lines), "italic"), (0, 0, 0, 4)))
        elif role is Role.PROVENANCE:
            parts.append(text(lines[0], "dim italic"))
        else:
            parts.append(text(lines[0]))
    console.print(Constrain(Group(*parts), width=min(console.width, PAGE_WIDTH)))
