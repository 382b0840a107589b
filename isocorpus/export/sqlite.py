"""Articles → a SQLite database with full-text search, built with sqlite-utils.

Tables:

- ``articles``: one row per article, ``id`` the primary key; one column per scalar field,
  list fields (and the page footer, ``footer``) as JSON text, ``feed`` the name the user gave
  the dump's feed (``--feed-name``), ``next_feed`` the one its page footer names as next, and
  ``text`` (lede, headings, paragraphs, list items) and ``apparatus`` (notes, sign-off, provenance) as plain text.
  An article given twice (the same dump saved twice) is stored once: the first copy is kept,
  as ``--unique`` keeps it.
- ``blocks``: ``article_id``, ``position``, ``kind``, ``text``, ``line``: every block in order.
- ``articles_fts``: an FTS5 index over ``articles(text, apparatus)``, declared
  ``content=[articles]`` by sqlite-utils' ``enable_fts`` (so Datasette's search box finds it),
  with triggers that keep it in step with later edits.

The database is written to a temporary file beside ``path`` and renamed into place when
complete (``export.atomic``), so SQLite's journal and sync are turned off while it is built.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Article
from .atomic import atomic_path

#: Columns of ``articles`` and their SQLite types, in order.
ARTICLE_COLUMNS: dict[str, type] = {
    "id": str,
    "seq": int,
    "source": str,
    "line": int,
    "page": int,
    "published": str,
    "date": str,
    "byline": str,
    "authors": str,
    "language": str,
    "lede": str,
    "headings": str,
    "paragraphs": str,
    "list_items": str,
    "signatories": str,
    "insets": str,
    "notes": str,
    "signoff": str,
    "provenance": str,
    "word_count": int,
    "feed": str,
    "next_feed": str,
    "footer": str,
    "warnings": str,
    "text": str,
    "apparatus": str,
}
#: Columns of ``blocks``.
BLOCK_COLUMNS: dict[str, type] = {"article_id": str, "position": int, "kind": str, "text": str, "line": int}
#: The columns ``articles_fts`` indexes.
FTS_COLUMNS = ("text", "apparatus")
#: Articles written per transaction.
BATCH_SIZE = 200


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row of one article."""
    data = article.as_dict()
    del data["blocks"]
    for key, value in data.items():
        if isinstance(value, (list, dict)):
            data[key] = _json(value)
    data["next_feed"] = article.next_feed
    data["text"] = article.text
    data["apparatus"] = article.apparatus
    return data


def block_rows(article: Article) -> Iterator[dict[str, Any]]:
    """The ``blocks`` rows of one article."""
    for position, block in enumerate(article.blocks):
        yield {
            "article_id": article.id,
            "position": position,
            "kind": block.kind.value,
            "text": block.text,
            "line": block.line,
        }


def write_sqlite(articles: Iterable[Article], path: str | os.PathLike[str], force: bool = False) -> int:
    """Write the articles to a new SQLite database at ``path``; returns how many were stored.

    Raises ``OutputError`` (before reading any article) when ``path`` exists and ``force`` is
    false. Nothing is left at ``path`` unless the whole database was written.
    """
    from sqlite_utils import Database

    with atomic_path(path, force, special=False) as tmp:  # a database cannot stream into a pipe
        db = Database(tmp)
        try:
            n = _fill(db, articles)
        finally:
            db.close()
    return n


def _fill(db: Any, articles: Iterable[Article]) -> int:
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    table = db["articles"].create(ARTICLE_COLUMNS, pk="id", not_null=["seq", "source", "line", "page"])
    db["blocks"].create(
        BLOCK_COLUMNS,
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
        not_null=["article_id", "position", "kind", "text", "line"],
    )
    n = 0
    batch: dict[str, Article] = {}
    for article in articles:
        batch.setdefault(article.id, article)
        if len(batch) >= BATCH_SIZE:
            n += _insert(db, batch)
            batch = {}
    n += _insert(db, batch)
    table.enable_fts(list(FTS_COLUMNS), fts_version="FTS5", create_triggers=True)
    db["blocks"].create_index(["kind"])
    db["articles"].create_index(["date"])
    return n


def _insert(db: Any, batch: dict[str, Article]) -> int:
    """Insert the batch's articles not stored yet (the first copy wins); returns how many."""
    if not batch:
        return 0
    marks = ", ".join("?" * len(batch))
    stored = {row[0] for row in db.execute(f"select id from articles where id in ({marks})", list(batch))}
    fresh = [a for key, a in batch.items() if key not in stored]
    if fresh:
        # Plain executemany: sqlite-utils made the tables; its insert_all inspects every value.
        with db.conn:
            rows = (article_row(a) for a in fresh)
            db.conn.executemany(_INSERT_ARTICLE, ([row[c] for c in ARTICLE_COLUMNS] for row in rows))
            blocks = (row for a in fresh for row in block_rows(a))
            db.conn.executemany(_INSERT_BLOCK, ([row[c] for c in BLOCK_COLUMNS] for row in blocks))
    return len(fresh)


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    names = list(columns)
    quoted = ", ".join(f'"{c}"' for c in names)
    return f'insert into "{table}" ({quoted}) values ({", ".join("?" * len(names))})'


_INSERT_ARTICLE = _insert_sql("articles", ARTICLE_COLUMNS)
_INSERT_BLOCK = _insert_sql("blocks", BLOCK_COLUMNS)
