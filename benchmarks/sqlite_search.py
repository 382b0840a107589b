"""Measure three ways to make Datasette's search box find what grep finds (plurals, accents).

    python benchmarks/sqlite_search.py [COPIES]     # the bundled corpus, COPIES times (default 20)

Datasette quotes each word of the search box (``"caucus"``) and runs ``rowid in (select rowid
from articles_fts where articles_fts match ?)``, so a way must work on a quoted word:

- porter: FTS5 ``porter unicode61 remove_diacritics 2`` over text and apparatus;
- trigram: FTS5 ``trigram`` over text and apparatus (substrings, as grep; accents kept: SQLite
  folds them in trigram only from 3.45);
- trigram + folded: the same over text, apparatus and a copy with the accents taken off (null
  when the text has none to take off).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import isocorpus  # noqa: E402
from isocorpus.export.sqlite import fold_accents  # noqa: E402

QUERY = "select seq from articles where rowid in (select rowid from articles_fts where articles_fts match ?)"
WORDS = ("caucus", "votacion", "votación", "membresia", "centralism")


def build(path: str, tokenize: str, folded: bool, articles: list[isocorpus.Article]) -> float:
    t0 = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("create table articles (seq integer primary key, text text, apparatus text, folded text)")
    rows = []
    for a in articles:
        text, apparatus = a.text, a.apparatus
        fold = fold_accents(f"{text}\n\n{apparatus}") if folded else None
        rows.append((a.seq, text, apparatus, fold))
    db.executemany("insert into articles values (?, ?, ?, ?)", rows)
    columns = "text, apparatus, folded" if folded else "text, apparatus"
    db.execute(f"create virtual table articles_fts using fts5({columns}, content=articles, tokenize='{tokenize}')")
    db.execute("insert into articles_fts(articles_fts) values ('rebuild')")
    db.commit()
    db.close()
    return time.perf_counter() - t0


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    once = list(isocorpus.iter_articles())
    articles = [
        a.__class__(**{**{f: getattr(a, f) for f in a.__slots__}, "seq": a.seq + 21 * k})
        for k in range(copies)
        for a in once
    ]
    print(f"SQLite {sqlite3.sqlite_version}, {len(articles)} articles; hits are distinct bundled articles")
    print(f"{'way':18} {'build s':>8} {'db MB':>6}  " + "  ".join(f"{w:>11}" for w in WORDS) + "  ms/query")
    ways = {
        "porter": ("porter unicode61 remove_diacritics 2", False),
        "trigram": ("trigram", False),
        "trigram + folded": ("trigram", True),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, (tokenize, folded) in ways.items():
            path = os.path.join(tmp, f"{name}.db")
            seconds = build(path, tokenize, folded, articles)
            db = sqlite3.connect(path)
            hits = []
            t0 = time.perf_counter()
            for word in WORDS:
                seqs = {(s - 1) % 21 + 1 for (s,) in db.execute(QUERY, (f'"{word}"',))}
                hits.append(len(seqs))
            per = (time.perf_counter() - t0) * 1000 / len(WORDS)
            size = os.path.getsize(path) / 1e6
            print(f"{name:18} {seconds:8.2f} {size:6.1f}  " + "  ".join(f"{h:>11}" for h in hits) + f"  {per:8.1f}")
            db.close()


if __name__ == "__main__":
    main()
