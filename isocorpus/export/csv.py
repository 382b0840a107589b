"""Articles → CSV: one row per article, for pandas and spreadsheets.

RFC 4180 as Python's ``csv`` module writes it (``\\r\\n`` row ends, fields with commas, quotes
or line breaks quoted); list fields are joined with `` | ``; ``text`` is the counted text (lede,
headings, paragraphs, list items) and ``apparatus`` the notes, sign-off and provenance, each
joined by blank lines. Open the output with ``newline=""`` when it is a file.

Plain CSV is exact (for pandas, R, csvkit). ``excel=True`` writes for spreadsheets: cells that
would run as formulas (OWASP's CSV injection: ``=``, ``+``, ``-``, ``@``, tab, CR first) get a
leading ``'``, a UTF-8 byte-order mark tells Excel the encoding, and cells are cut to the
32,767 characters an Excel cell holds.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from ..model import Article, iso

#: The columns, in order.
CSV_COLUMNS = (
    "id",
    "seq",
    "date",
    "published",
    "byline",
    "authors",
    "language",
    "word_count",
    "headings",
    "lede",
    "text",
    "source",
    "line",
    "page",
    "apparatus",
    "insets",
    "signatories",
    "feed",
    "next_feed",
)
#: How list fields are joined in a cell.
LIST_SEPARATOR = " | "


def csv_row(article: Article) -> dict[str, Any]:
    """The CSV cells of one article."""
    join = LIST_SEPARATOR.join
    return {
        "id": article.id,
        "seq": article.seq,
        "date": iso(article.date) or "",
        "published": iso(article.published) or "",
        "byline": article.byline,
        "authors": join(article.authors),
        "language": article.language or "",
        "word_count": article.word_count,
        "headings": join(article.headings),
        "lede": article.lede,
        "text": article.text,
        "apparatus": article.apparatus,
        "insets": join(article.insets),
        "signatories": join(article.signatories),
        "source": article.source,
        "line": article.line,
        "page": article.page,
        "feed": article.feed or "",
        "next_feed": article.next_feed or "",
    }


def write_rows(rows: Iterable[dict[str, Any]], columns: Iterable[str], out: TextIO) -> int:
    """Write a header row and one row per dict; returns how many rows (header aside)."""
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_csv(
    articles: Iterable[Article],
    out: TextIO,
    excel: bool = False,
    on_cut: Callable[[Article, str, int], None] | None = None,
) -> int:
    """Write the articles as CSV (``CSV_COLUMNS``); returns how many rows.

    With ``excel``, CSV a spreadsheet opens safely (``excel_row``), after a UTF-8 byte-order
    mark; ``on_cut(article, column, length)`` is told of each cell cut to ``EXCEL_CELL_MAX``.
    """
    if not excel:
        return write_rows((csv_row(a) for a in articles), CSV_COLUMNS, out)
    out.write("\ufeff")
    return write_rows((excel_row(a, on_cut) for a in articles), CSV_COLUMNS, out)


#: The most characters an Excel cell holds.
EXCEL_CELL_MAX = 32_767
#: What makes a cell a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: ``'`` before one that opens like a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_row(article: Article, on_cut: Callable[[Article, str, int], None] | None = None) -> dict[str, Any]:
    """``csv_row`` for a spreadsheet: formula-like cells quoted with ``'``, cells cut to ``EXCEL_CELL_MAX``."""
    row = csv_row(article)
    for column, value in row.items():
        if isinstance(value, str) and value:
            cell = excel_cell(value)
            if len(cell) > EXCEL_CELL_MAX:
                if on_cut is not None:
                    on_cut(article, column, len(value))
                cell = cell[:EXCEL_CELL_MAX]
            row[column] = cell
    return row
