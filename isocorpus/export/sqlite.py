"""Articles → a SQLite database for Datasette and sqlite-utils, with a search box that finds what grep finds.

Tables:

- ``articles``: one row per article, in input order: ``seq`` is the ``INTEGER PRIMARY KEY``
  (so rowid = seq, and Datasette lists the articles as the dump holds them), ``id`` unique.
  The short fields come first (date, byline, authors as JSON, language, words, lede, feed and
  next feed, where it came from), then ``text`` (lede, headings, paragraphs, list items),
  ``apparatus`` (notes, sign-off, provenance) and ``folded``, the text and apparatus with the
  accents taken off (null when there are none): what the search index reads. An article given
  twice (the same dump saved twice) is stored once: the first copy is kept, as ``--unique``
  keeps it.
- ``article_lists``: the bulky JSON fields, one row per article (``seq``, ``id``): headings,
  paragraphs, list items, signatories, insets, notes, sign-off, provenance, warnings, and the
  page footer. Kept apart so a Datasette row of ``articles`` is a line, not a page.
- ``blocks``: ``article_id``, ``position``, ``kind``, ``text``, ``line``: every block in order.
- ``articles_fts``: an FTS5 index over ``articles(text, apparatus, folded)``, declared
  ``content=[articles]`` by sqlite-utils' ``enable_fts`` (so Datasette's search box finds it),
  with the ``trigram`` tokenizer: a word matches where grep finds it, inside longer words too
  (``caucus`` finds ``caucuses``), ignoring case; ``folded`` makes ``votacion`` find
  ``votación``. (``porter`` stems ``caucuses`` to ``caucus`` but ``caucus`` to ``caucu``, and
  ``centralism`` to ``central``; benchmarks/sqlite_search.py measures the ways.) On SQLite
  before 3.34, which has no trigram, the index is ``porter unicode61 remove_diacritics 2``.

The database is written to a temporary file beside ``path`` and renamed into place when
complete (``export.atomic``), so SQLite's journal and sync are turned off while it is built.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import UsageError
from ..model import Article
from .atomic import atomic_path

#: Columns of ``articles`` and their SQLite types, in order.
ARTICLE_COLUMNS: dict[str, type] = {
    "seq": int,
    "id": str,
    "date": str,
    "published": str,
    "byline": str,
    "authors": str,
    "language": str,
    "word_count": int,
    "lede": str,
    "feed": str,
    "next_feed": str,
    "source": str,
    "line": int,
    "page": int,
    "text": str,
    "apparatus": str,
    "folded": str,
}
#: Columns of ``article_lists`` (JSON text but ``seq`` and ``id``).
LIST_COLUMNS: dict[str, type] = {
    "seq": int,
    "id": str,
    "headings": str,
    "paragraphs": str,
    "list_items": str,
    "signatories": str,
    "insets": str,
    "notes": str,
    "signoff": str,
    "provenance": str,
    "warnings": str,
    "footer": str,
}
#: Columns of ``blocks``.
BLOCK_COLUMNS: dict[str, type] = {"article_id": str, "position": int, "kind": str, "text": str, "line": int}
#: The columns ``articles_fts`` indexes.
FTS_COLUMNS = ("text", "apparatus", "folded")
#: The index's tokenizer: trigram where SQLite has it (3.34 on), else porter.
TOKENIZE = "trigram" if sqlite3.sqlite_version_info >= (3, 34) else "porter unicode61 remove_diacritics 2"
#: Articles written per transaction.
BATCH_SIZE = 200


#: Letters that may carry an accent (Latin-1, Latin Extended A and B, Latin Extended Additional,
#: Greek): the text is decomposed only when it holds one.
_ACCENTED = re.compile("[\u00c0-\u024f\u0370-\u03ff\u1e00-\u1eff]")


def fold_accents(text: str) -> str | None:
    """``text`` with the accents taken off its letters (``votación`` → ``votacion``); None when
    it has none to take off (the search index then holds nothing more for it)."""
    if not _ACCENTED.search(text):
        return None
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", folded)
    return folded if folded != text else None


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row of one article."""
    day = article.date
    text, apparatus = article.text, article.apparatus
    return {
        "seq": article.seq,
        "id": article.id,
        "date": day.isoformat() if day else None,
        "published": article.published.isoformat() if article.published else None,
        "byline": article.byline,
        "authors": _json(list(article.authors)),
        "language": article.language,
        "word_count": article.word_count,
        "lede": article.lede,
        "feed": article.feed,
        "next_feed": article.next_feed,
        "source": article.source,
        "line": article.line,
        "page": article.page,
        "text": text,
        "apparatus": apparatus,
        "folded": fold_accents(f"{text}\n\n{apparatus}" if apparatus else text),
    }


def list_row(article: Article) -> dict[str, Any]:
    """The ``article_lists`` row of one article."""
    data = article.as_dict()
    row = {"seq": article.seq, "id": article.id}
    for key in LIST_COLUMNS:
        if key not in row:
            row[key] = _json(data[key])
    return row


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
    table = db["articles"].create(ARTICLE_COLUMNS, pk="seq", not_null=["id", "source", "line", "page"])
    db["articles"].create_index(["id"], unique=True)
    db["article_lists"].create(LIST_COLUMNS, pk="seq", foreign_keys=[("seq", "articles", "seq")], not_null=["id"])
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
    table.enable_fts(list(FTS_COLUMNS), fts_version="FTS5", create_triggers=True, tokenize=TOKENIZE)
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
    seqs = [a.seq for a in fresh]
    marks = ", ".join("?" * len(seqs))
    taken = [row[0] for row in db.execute(f"select seq from articles where seq in ({marks})", seqs)]
    if taken or len(set(seqs)) < len(seqs):
        seq = taken[0] if taken else next(s for s in seqs if seqs.count(s) > 1)
        raise UsageError(
            f"two different articles have seq {seq}: the database keys articles by their place in one run "
            "(read the inputs in one run rather than joining the articles of several)"
        )
    if fresh:
        # Plain executemany: sqlite-utils made the tables; its insert_all inspects every value.
        with db.conn:
            rows = (article_row(a) for a in fresh)
            db.conn.executemany(_INSERT_ARTICLE, ([row[c] for c in ARTICLE_COLUMNS] for row in rows))
            lists = (list_row(a) for a in fresh)
            db.conn.executemany(_INSERT_LISTS, ([row[c] for c in LIST_COLUMNS] for row in lists))
            blocks = (row for a in fresh for row in block_rows(a))
            db.conn.executemany(_INSERT_BLOCK, ([row[c] for c in BLOCK_COLUMNS] for row in blocks))
    return len(fresh)


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    names = list(columns)
    quoted = ", ".join(f'"{c}"' for c in names)
    return f'insert into "{table}" ({quoted}) values ({", ".join("?" * len(names))})'


_INSERT_ARTICLE = _insert_sql("articles", ARTICLE_COLUMNS)
_INSERT_LISTS = _insert_sql("article_lists", LIST_COLUMNS)
_INSERT_BLOCK = _insert_sql("blocks", BLOCK_COLUMNS)
