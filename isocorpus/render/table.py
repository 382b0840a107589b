"""``list`` rows: a rich table fitted to a terminal, or plain tab-separated lines for a pipe.

The table is drawn in batches of ``BATCH_ROWS`` rows with the column widths the first batch
set, so a listing of any length starts at once and holds one batch in memory. Only the lede is
cut to fit (with an ellipsis), and only on a terminal; piped rows carry it whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TextIO

from ..model import Article, iso
from .console import make_console
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console

#: The columns of a ``list`` row, in order (the keys of ``list_row``).
LIST_COLUMNS = ("seq", "date", "byline", "words", "language", "lede")
#: Rows drawn per rich table; the first batch sets the column widths.
BATCH_ROWS = 500
#: The widest a byline column grows on a terminal.
BYLINE_WIDTH = 28
#: The narrowest the byline column gets to leave room for the lede.
BYLINE_MIN = 12
#: The lede's share of a narrow console, taken from the byline.
LEDE_MIN = 30
_HEADERS = {"language": "lang"}
_NUMERIC = frozenset({"seq", "words"})


def list_row(article: Article) -> dict[str, Any]:
    """One ``list`` row: seq, date, byline, words, language, lede (empty strings for missing)."""
    return {
        "seq": article.seq,
        "date": iso(article.date) or "",
        "byline": article.byline,
        "words": article.word_count,
        "language": article.language or "",
        "lede": article.lede,
    }


def tsv_cell(value: Any) -> str:
    text = str(value)
    return visible(text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " "))


#: The header row of the tab-separated output.
TSV_HEADER = "\t".join(LIST_COLUMNS) + "\n"


def tsv_row(article: Article) -> str:
    """One article as a tab-separated line (newline included), as ``write_tsv`` writes it."""
    row = list_row(article)
    return "\t".join(tsv_cell(row[c]) for c in LIST_COLUMNS) + "\n"


def write_tsv(articles: Iterable[Article], out: TextIO) -> int:
    """A header row, then one tab-separated line per article; returns how many.

    Tabs and line breaks inside a cell become spaces and control characters visible escapes,
    so every line is one row with six fields for ``cut`` and ``awk``.
    """
    out.write(TSV_HEADER)
    n = 0
    for article in articles:
        out.write(tsv_row(article))
        n += 1
    return n


def render_table(articles: Iterable[Article], console: Console | None = None) -> int:
    """Draw the articles as a table fitted to the console's width; returns how many rows."""
    console = console or make_console()
    rows = iter(articles)
    first = [list_row(a) for a in islice(rows, BATCH_ROWS)]
    more = len(first) == BATCH_ROWS
    widths = _widths(first, more, console.width)
    n = 0
    batch = first
    header = True
    while batch:
        console.print(_table(batch, widths, header))
        n += len(batch)
        header = False
        batch = [list_row(a) for a in islice(rows, BATCH_ROWS)] if more else []
    if not n:
        console.print(_table([], widths, True))
    return n


def _widths(rows: list[dict[str, Any]], more: bool, total: int) -> dict[str, int]:
    """Fixed widths for every column but the lede, from the first batch (room to grow if more).

    On a narrow console the byline gives way (down to ``BYLINE_MIN``) so the lede keeps
    ``LEDE_MIN`` columns.
    """
    widths: dict[str, int] = {}
    for name in LIST_COLUMNS[:-1]:
        header = _HEADERS.get(name, name)
        longest = max((len(visible(str(r[name]))) for r in rows), default=0)
        widths[name] = max(len(header), longest)
    widths["byline"] = min(widths["byline"], BYLINE_WIDTH)
    if more:  # later batches may hold bigger numbers
        widths["seq"] = max(widths["seq"], 7)
        widths["words"] = max(widths["words"], 6)
    lede = total - sum(widths.values()) - len(widths)
    if lede < LEDE_MIN:
        widths["byline"] = max(min(widths["byline"], BYLINE_MIN), widths["byline"] - (LEDE_MIN - lede))
    return widths


def _table(rows: list[dict[str, Any]], widths: dict[str, int], header: bool) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=None,
        header_style="bold",
        pad_edge=False,
        padding=(0, 1, 0, 0),
        expand=True,
        show_header=header,
        show_edge=False,
    )
    for name in LIST_COLUMNS:
        table.add_column(
            _HEADERS.get(name, name),
            justify="right" if name in _NUMERIC else "left",
            no_wrap=True,
            overflow="ellipsis",
            width=widths.get(name),
            ratio=1 if name == "lede" else None,
            style="dim" if name == "date" else None,
        )
    for row in rows:
        table.add_row(*(Text(visible(str(row[name]))) for name in LIST_COLUMNS))
    return table


def iter_rows(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """The ``list`` rows of the articles, lazily (for the csv and json formats)."""
    return (list_row(a) for a in articles)
