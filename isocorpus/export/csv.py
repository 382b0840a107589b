"""Articles → CSV: one row per article, for pandas and spreadsheets.

RFC 4180 as Python's ``csv`` module writes it (``\\r\\n`` row ends, fields with commas, quotes
or line breaks quoted); list fields are joined with `` | ``; ``text`` is the counted text (lede,
headings, paragraphs, list items) and ``apparatus`` the notes, sign-off and provenance, each
joined by blank lines. Open the output with ``newline=""`` when it is a file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
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
        "feed": (article.feed.next_feed or "") if article.feed else "",
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


def write_csv(articles: Iterable[Article], out: TextIO) -> int:
    """Write the articles as CSV (``CSV_COLUMNS``); returns how many rows."""
    return write_rows((csv_row(a) for a in articles), CSV_COLUMNS, out)
