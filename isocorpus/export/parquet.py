"""Articles → a Parquet file (pyarrow, the ``parquet`` extra), typed columns, written in batches.

One row per article, the fields of ``Article.as_dict()`` with their types (lists as lists,
``blocks`` as a list of structs, ``footer`` as a struct, ``published`` a timestamp, ``date`` a
date), plus ``next_feed``, ``text`` and ``apparatus`` as in the CSV and SQLite exports.
Memory holds one batch of ``BATCH_SIZE`` articles at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from ..errors import UsageError
from ..model import Article
from .atomic import atomic_path

#: Articles per row group.
BATCH_SIZE = 1000
_LISTS = ("authors", "headings", "paragraphs", "list_items", "signatories", "insets", "notes", "signoff", "provenance")


def schema() -> Any:
    """The Arrow schema of the file."""
    import pyarrow as pa

    text, whole, when = pa.string(), pa.int64(), pa.timestamp("s")
    fields = [
        ("id", text),
        ("seq", whole),
        ("source", text),
        ("line", whole),
        ("page", whole),
        ("published", when),
        ("date", pa.date32()),
        ("byline", text),
        ("authors", pa.list_(text)),
        ("language", text),
        ("lede", text),
        *((name, pa.list_(text)) for name in _LISTS[1:]),
        ("blocks", pa.list_(pa.struct([("kind", text), ("text", text), ("line", whole)]))),
        ("word_count", whole),
        ("feed", text),
        ("next_feed", text),
        ("footer", pa.struct([("as_of", when), ("last_new", when), ("next_feed", text), ("line", whole)])),
        ("warnings", pa.list_(text)),
        ("text", text),
        ("apparatus", text),
    ]
    return pa.schema(fields)


def parquet_row(article: Article) -> dict[str, Any]:
    """The row of one article (Python values pyarrow converts with ``schema()``)."""
    footer = article.footer
    return {
        "id": article.id,
        "seq": article.seq,
        "source": article.source,
        "line": article.line,
        "page": article.page,
        "published": article.published,
        "date": article.date,
        "byline": article.byline,
        "authors": list(article.authors),
        "language": article.language,
        "lede": article.lede,
        **{name: list(getattr(article, name)) for name in _LISTS[1:]},
        "blocks": [b.as_dict() for b in article.blocks],
        "word_count": article.word_count,
        "feed": article.feed,
        "next_feed": article.next_feed,
        "footer": None
        if footer is None
        else {"as_of": footer.as_of, "last_new": footer.last_new, "next_feed": footer.next_feed, "line": footer.line},
        "warnings": list(article.warnings),
        "text": article.text,
        "apparatus": article.apparatus,
    }


def write_parquet(articles: Iterable[Article], path: str | os.PathLike[str], force: bool = False) -> int:
    """Write the articles to a new Parquet file at ``path`` (atomically); returns how many."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("parquet needs pyarrow: pip install 'isocorpus[parquet]'") from None
    shape = schema()
    n = 0
    with atomic_path(path, force, special=False) as tmp, pq.ParquetWriter(tmp, shape) as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            batch.append(parquet_row(article))
            if len(batch) >= BATCH_SIZE:
                writer.write_table(pa.Table.from_pylist(batch, shape))
                n += len(batch)
                batch = []
        if batch or not n:
            writer.write_table(pa.Table.from_pylist(batch, shape))
            n += len(batch)
    return n
