"""``list`` rows: a rich table on a terminal, tab-separated lines when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from ..model import Article
from .console import is_terminal, make_console

COLUMNS = ("seq", "date", "byline", "words", "lang", "lede")


def _row(a: Article) -> tuple[str, ...]:
    day = a.date
    return (str(a.seq), day.isoformat() if day else "", a.byline, str(a.word_count), a.language or "", a.lede)


def _tsv_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


#: The first line of the tab-separated output.
TSV_HEADER = "\t".join(COLUMNS) + "\n"


def tsv_row(a: Article) -> str:
    """One article as a tab-separated line (newline included)."""
    return "\t".join(_tsv_cell(c) for c in _row(a)) + "\n"


def write_tsv(articles: Iterable[Article], out: TextIO) -> None:
    out.write(TSV_HEADER)
    for a in articles:
        out.write(tsv_row(a))


def render_list(articles: Iterable[Article], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if not is_terminal(out):
        write_tsv(articles, out)
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False, expand=False)
    for name in COLUMNS:
        numeric = name in ("seq", "words")
        table.add_column(
            name,
            justify="right" if numeric else "left",
            no_wrap=True,
            overflow="ellipsis",
            ratio=1 if name == "lede" else None,
            max_width=28 if name == "byline" else None,
        )
    for a in articles:
        table.add_row(*_row(a))
    make_console().print(table)
