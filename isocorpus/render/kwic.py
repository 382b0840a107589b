"""A keyword-in-context concordance, as AntConc prints it: one line per match, the match in a column.

On a terminal each line is the article's seq, the left context right-aligned in ``width``
characters, the match, and the right context cut to ``width`` characters, so every match starts
at the same column. Piped, it is tab-separated with a header row (seq, id, date, kind, left,
match, right; the contexts cut to ``width``, not padded), for ``cut`` and ``sort``.
Context comes from the match's block (a match never spans blocks) with its whitespace runs made
single spaces. ``sort`` orders the lines by the words to the left (nearest first), to the
right, or by the match; without it lines stream in input order.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, TextIO

from ..search import Hit
from .console import is_terminal, make_console
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console

#: The header row of a concordance written piped (tab-separated).
TSV_HEADER = "seq\tid\tdate\tkind\tleft\tmatch\tright\n"
#: Context width a side when the output is not a terminal.
PIPED_WIDTH = 40
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_SEQ_WIDTH = 5


class KwicSort(str, Enum):
    """How ``--sort`` orders a concordance."""

    left = "left"
    right = "right"
    match = "match"


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One concordance line before it is laid out."""

    seq: int
    """The article's seq."""
    ident: str
    """The article's id."""
    date: str
    """The article's date (ISO), or ''."""
    kind: str
    """The kind of the block the match is in (or ``byline``)."""
    left: str
    """All the block's text before the match (whitespace runs made single spaces)."""
    match: str
    """What matched."""
    right: str
    """All the block's text after the match."""


def kwic_line(hit: Hit) -> KwicLine:
    def flat(text: str) -> str:
        return visible(_SPACE.sub(" ", text))

    day = hit.article.date
    return KwicLine(
        hit.article.seq,
        hit.article.id,
        day.isoformat() if day else "",
        hit.kind,
        flat(hit.text[: hit.start]),
        flat(hit.match),
        flat(hit.text[hit.end :]),
    )


def sort_key(line: KwicLine, how: KwicSort) -> tuple[tuple[str, ...], ...]:
    """AntConc's orders: 1L, 2L, … for ``left``; 1R, 2R, … for ``right``; the match, then 1R, … for ``match``.

    Words are runs of letters and digits, compared case-insensitively; punctuation is ignored.
    """
    right = tuple(w.casefold() for w in _WORD.findall(line.right))
    if how is KwicSort.left:
        return (tuple(w.casefold() for w in reversed(_WORD.findall(line.left))),)
    if how is KwicSort.right:
        return (right,)
    return ((line.match.casefold(),), right)


def layout(line: KwicLine, width: int) -> tuple[str, str, str, str]:
    """(seq, left, match, right) cut and padded: left right-aligned in ``width``, right cut to ``width``."""
    left = line.left[-width:] if len(line.left) > width else line.left
    right = line.right[:width] if len(line.right) > width else line.right
    return f"{line.seq:>{_SEQ_WIDTH}}", f"{left:>{width}}", line.match, right.rstrip()


def default_width(columns: int, pattern: str) -> int:
    """Context a side that fits a terminal of ``columns`` characters around a match like ``pattern``."""
    match = min(max(len(pattern), 8), 30)
    return max(10, (columns - _SEQ_WIDTH - 6 - match) // 2)


def render_kwic(
    hits: Iterable[Hit],
    pattern: str,
    width: int | None = None,
    sort: KwicSort | None = None,
    out: TextIO | None = None,
    console: Console | None = None,
) -> int:
    """Print the concordance of ``hits``; returns how many lines."""
    out = out or sys.stdout
    terminal = console is not None or is_terminal(out)
    if terminal and console is None:
        console = make_console()
    if width is None:
        width = default_width(console.width, pattern) if console is not None else PIPED_WIDTH
    lines: Iterable[KwicLine] = (kwic_line(h) for h in hits)
    if sort is not None:
        lines = sorted(lines, key=lambda line: sort_key(line, sort))
    n = 0
    for line in lines:
        seq, left, match, right = layout(line, width)
        if console is not None:
            from rich.text import Text

            text = Text(f"{seq}  {left}  ")
            text.append(match, style="bold red")
            text.append(f"  {right}")
            console.print(text, no_wrap=True, overflow="ellipsis", soft_wrap=False)
        else:
            if not n:
                out.write(TSV_HEADER)
            fields = (str(line.seq), line.ident, line.date, line.kind, line.left[-width:], match, right)
            out.write("\t".join(fields) + "\n")
        n += 1
    return n
