"""Round trips over generated dumps (hypothesis), end to end through the command line.

tests/test_export.py checks that generated ``Article`` objects survive the writers; these start
one step earlier, from generated *dumps* holding what a hostile feed could (controls, markup, line
and paragraph separators, bidi overrides, bad bytes), so the records are what the parser makes:

- ``isocorpus export`` (jsonl) then ``Article.from_dict`` per line gives back exactly the records
  ``iter_articles`` read; ``export --format sqlite`` then reading the tables gives them back too;
- an article's id is the same whether its dump is read from a file or from stdin, with LF or
  CRLF line ends, with or without a BOM, plain or gzipped.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_helpers import MARKER, crlf, gz
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app
from isocorpus.model import Article

PROFILE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=25)

LINES = [
    MARKER,
    MARKER + "\u00a0 ",
    "[l] at 4/18/19 11:00pm",
    "[l] at 13/45/19 9:99pm",
    "From the ISO",
    "Eve \x1b]0;pwned\x07 and [bold]Trudy[/]",
    "",
    "",
    "A lede with a \x1b[2J screen clear and [link=http://x]a link[/link].",
    "A paragraph\u2028with a line separator and a \u202eright-to-left override.",
    "A heading",
    "Notes",
    "1. A note.",
    "In solidarity,",
    "First published on Facebook",
    "As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.",
    "Next feed in category: [bold]Evil[/bold]",
    "Las decisiones se tomaron a raíz de una grave crisis.",
]
_line = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r\n\ufeff"), max_size=40)
dumps = st.lists(st.one_of(st.sampled_from(LINES), _line), max_size=30).map(
    lambda lines: MARKER + "\n" + "\n".join(lines) + "\n"
)


def _read(data: bytes, name: str = "dump.txt") -> list[Article]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(data)
        return list(isocorpus.iter_articles(path, on_warning=lambda d: None))


def _read_stdin(data: bytes) -> list[Article]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stdin):
        return list(isocorpus.iter_articles("-", on_warning=lambda d: None))


@PROFILE
@given(dumps)
def test_ids_are_the_same_from_a_file_and_from_stdin_in_every_form(text: str) -> None:
    lf = text.encode("utf-8")
    want = [a.id for a in _read(lf)]
    assert len(want) >= 1
    for form in (lf, crlf(lf), b"\xef\xbb\xbf" + lf, gz(lf), gz(b"\xef\xbb\xbf" + crlf(lf))):
        assert [a.id for a in _read_stdin(form)] == want
        assert [a.id for a in _read(form)] == want


def _export(path: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["export", *args, str(path)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@PROFILE
@given(dumps)
def test_exported_jsonl_reads_back_as_the_same_records(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dump.txt")
        path.write_bytes(text.encode("utf-8"))
        parsed = list(isocorpus.iter_articles(path, on_warning=lambda d: None))
        out = _export(path, "--format", "jsonl")
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == len(parsed) + 1  # one record a line, whatever the text
    back = [Article.from_dict(json.loads(line)) for line in lines[:-1]]
    assert back == parsed


_JSON_COLUMNS = (
    "authors headings paragraphs list_items signatories insets notes signoff provenance warnings footer".split()
)


def _read_sqlite(path: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    records = []
    for row in conn.execute("select * from articles join article_lists using (seq, id) order by seq"):
        data = dict(row)
        for key in _JSON_COLUMNS:
            data[key] = json.loads(data[key]) if data[key] is not None else None
        del data["text"], data["apparatus"], data["next_feed"], data["folded"]
        data["blocks"] = [
            {"kind": b["kind"], "text": b["text"], "line": b["line"]}
            for b in conn.execute("select * from blocks where article_id = ? order by position", (data["id"],))
        ]
        records.append(data)
    conn.close()
    return records


@PROFILE
@given(dumps)
def test_exported_sqlite_reads_back_as_the_same_records(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dump.txt")
        path.write_bytes(text.encode("utf-8"))
        parsed = list(isocorpus.iter_articles(path, on_warning=lambda d: None))
        db = Path(tmp, "out.db")
        _export(path, "--format", "sqlite", "--output", str(db))
        back = _read_sqlite(db)
    first: dict[str, dict[str, Any]] = {}
    for article in parsed:  # the database keeps one row per id: the first copy
        first.setdefault(article.id, article.as_dict())
    assert back == list(first.values())
