"""Exporters: round trips (jsonl, json, csv, sqlite), the FTS index, and the atomic writer."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import signal
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import isocorpus
from isocorpus.errors import OutputError, UsageError
from isocorpus.export.atomic import atomic_open, atomic_path, write_text
from isocorpus.export.csv import CSV_COLUMNS, LIST_SEPARATOR, csv_row, write_csv
from isocorpus.export.json import write_json
from isocorpus.export.jsonl import encode, write_jsonl
from isocorpus.export.sqlite import ARTICLE_COLUMNS, LIST_COLUMNS, write_sqlite
from isocorpus.model import Article, Block, BlockKind, Feed

CORPUS = list(isocorpus.iter_articles())
PHRASE_SEQS = {8, 9, 10, 11, 15}
JSON_COLUMNS = (
    "authors headings paragraphs list_items signatories insets notes signoff provenance warnings footer".split()
)


def read_sqlite(path: Path) -> list[dict[str, Any]]:
    """The records of an exported database, rebuilt as ``Article.as_dict()`` would give them."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    records = []
    for row in conn.execute("select * from articles join article_lists using (seq, id) order by seq"):
        data = dict(row)
        for key in JSON_COLUMNS:
            data[key] = json.loads(data[key]) if data[key] is not None else None
        del data["text"], data["apparatus"], data["next_feed"], data["folded"]
        data["blocks"] = [
            {"kind": b["kind"], "text": b["text"], "line": b["line"]}
            for b in conn.execute("select * from blocks where article_id = ? order by position", (data["id"],))
        ]
        records.append(data)
    conn.close()
    return records


# --- jsonl and json -----------------------------------------------------------------------------


def test_jsonl_round_trips_to_the_same_records() -> None:
    out = io.StringIO()
    assert write_jsonl(CORPUS, out) == 21
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == 22
    back = [Article.from_dict(json.loads(line)) for line in lines[:-1]]
    assert back == CORPUS
    assert [a.as_dict() for a in back] == [a.as_dict() for a in CORPUS]


def test_json_is_one_array() -> None:
    out = io.StringIO()
    write_json(CORPUS, out)
    assert json.loads(out.getvalue()) == [a.as_dict() for a in CORPUS]
    empty = io.StringIO()
    write_json([], empty)
    assert json.loads(empty.getvalue()) == []


def test_encode_escapes_what_splits_lines_or_drives_terminals() -> None:
    text = "a\x85b\u2028c\u2029d\x9b31m\u202ee\x7f\x1b[2Jf\n"
    line = encode({"t": text})
    assert len(line.splitlines()) == 1
    assert not any(c in line for c in "\x85\u2028\u2029\x9b\u202e\x7f\x1b\n")
    assert json.loads(line) == {"t": text}
    assert "é" in encode({"t": "é"})  # UTF-8 as it is


# --- csv ----------------------------------------------------------------------------------------


def test_csv_loads_with_the_csv_module(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        assert write_csv(CORPUS, out) == 21
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    required = "id seq date published byline authors language word_count headings lede text source line".split()
    assert list(rows[0])[: len(required)] == required
    assert len(rows) == 21
    for row, article in zip(rows, CORPUS, strict=True):
        assert row == {k: str(v) for k, v in csv_row(article).items()}
        assert row["text"] == article.text
        assert row["authors"].split(LIST_SEPARATOR) == list(article.authors)
        assert int(row["word_count"]) == article.word_count
    assert rows[16]["authors"] == "David Camfield | Todd Gordon | Brian McDougall | Sandra Sarner"


def test_csv_loads_with_pandas(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    path = tmp_path / "a.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_csv(CORPUS, out)
    frame = pandas.read_csv(path, keep_default_na=False)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert len(frame) == 21
    assert list(frame["text"]) == [a.text for a in CORPUS]


# --- sqlite -------------------------------------------------------------------------------------


def test_sqlite_rows_read_back_as_the_same_records(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    assert write_sqlite(CORPUS, path) == 21
    assert read_sqlite(path) == [a.as_dict() for a in CORPUS]


def test_sqlite_columns_follow_the_record() -> None:
    # a field added to Article.as_dict() must get a column (and a removed one lose it)
    fields = set(CORPUS[0].as_dict()) - {"blocks"} | {"text", "apparatus", "next_feed", "folded"}
    assert fields == set(ARTICLE_COLUMNS) | set(LIST_COLUMNS)


def test_sqlite_has_one_column_per_field_and_text_apparatus(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    write_sqlite(CORPUS, path)
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("pragma table_info(articles)")]
    assert columns == list(ARTICLE_COLUMNS)
    pk = [r[1] for r in conn.execute("pragma table_info(articles)") if r[5]]
    assert pk == ["seq"]  # rowid = seq: Datasette lists the articles in input order
    block_columns = [r[1] for r in conn.execute("pragma table_info(blocks)")]
    assert block_columns == ["article_id", "position", "kind", "text", "line"]
    text, apparatus = conn.execute("select text, apparatus from articles where seq = 15").fetchone()
    assert text == CORPUS[14].text and apparatus == CORPUS[14].apparatus
    assert conn.execute("select count(*) from blocks").fetchone()[0] == sum(len(a.blocks) for a in CORPUS)


def test_sqlite_fts_finds_the_phrase(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    write_sqlite(CORPUS, path)
    conn = sqlite3.connect(path)
    hits = conn.execute(
        "select articles.seq from articles_fts join articles on articles.rowid = articles_fts.rowid "
        "where articles_fts match '\"democratic centralism\"'"
    ).fetchall()
    assert {h[0] for h in hits} == PHRASE_SEQS
    # the same five a plain substring search over text and apparatus gives
    assert {a.seq for a in CORPUS if "democratic centralism" in (a.text + a.apparatus).lower()} == PHRASE_SEQS
    count = conn.execute("select count(*) from articles_fts where articles_fts match '\"democratic centralism\"'")
    assert count.fetchone()[0] == 5


def test_sqlite_fts_is_declared_for_datasette(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    write_sqlite(CORPUS, path)
    conn = sqlite3.connect(path)
    (sql,) = conn.execute("select sql from sqlite_master where name = 'articles_fts'").fetchone()
    assert "fts5" in sql.lower()
    assert 'content="articles"' in sql or "content=[articles]" in sql


def test_sqlite_stores_an_article_given_twice_once_first_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    assert write_sqlite(CORPUS + CORPUS, path) == 21
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 21
    assert conn.execute("select count(*) from articles_fts").fetchone()[0] == 21
    assert [r[0] for r in conn.execute("select seq from articles order by seq")] == list(range(1, 22))
    assert conn.execute("select count(*) from blocks").fetchone()[0] == sum(len(a.blocks) for a in CORPUS)


def test_sqlite_dedupes_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.export.sqlite.BATCH_SIZE", 4)
    path = tmp_path / "c.db"
    assert write_sqlite(CORPUS + CORPUS[::-1], path) == 21
    assert read_sqlite(path) == [a.as_dict() for a in CORPUS]


def test_sqlite_refuses_an_existing_file_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_text("keep me")

    def never() -> Any:
        raise AssertionError("read the input")
        yield

    with pytest.raises(OutputError, match="exists"):
        write_sqlite(never(), path)
    assert path.read_text() == "keep me"
    assert write_sqlite(CORPUS[:2], path, force=True) == 2
    assert len(read_sqlite(path)) == 2


# --- the atomic writer --------------------------------------------------------------------------


def test_atomic_open_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_open(target) as out:
        out.write("partial")
        out.flush()
        assert not target.exists()
        assert len(list(tmp_path.iterdir())) == 1  # the temporary file, beside the target
    assert target.read_text() == "partial"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError, SystemExit])
def test_atomic_open_removes_the_temporary_file_on_any_exit(tmp_path: Path, error: type[BaseException]) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(error), atomic_open(target) as out:
        out.write("partial")
        raise error()
    assert os.listdir(tmp_path) == []


def test_atomic_path_removes_sqlite_side_files(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), atomic_path(tmp_path / "c.db") as tmp:
        Path(f"{tmp}-journal").write_text("j")
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_atomic_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(OutputError, match="use force") as caught, atomic_open(target) as out:
        out.write("new")
    assert caught.value.mentions == ("force",)  # the CLI spells it --force
    assert target.read_text() == "old"
    with atomic_open(target, force=True) as out:
        out.write("new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_text_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    # (was render.svg.write_svg: the SVG chart is now written by the one atomic writer)
    target = tmp_path / "chart.svg"
    write_text(target, "<svg>war</svg>\n")
    first = target.read_text(encoding="utf-8")
    with pytest.raises(OutputError, match="force"):
        write_text(target, "<svg>peace</svg>\n")
    assert target.read_text(encoding="utf-8") == first
    write_text(target, "<svg>peace</svg>\n", force=True)
    assert target.read_bytes() == b"<svg>peace</svg>\n"  # \n line ends, whatever the platform
    assert sorted(os.listdir(tmp_path)) == ["chart.svg"]  # no temporary file left behind


def test_write_text_reports_an_unwritable_place(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no such directory"):
        write_text(tmp_path / "missing" / "chart.svg", "x")
    (tmp_path / "dir.svg").mkdir()
    with pytest.raises(OutputError):
        write_text(tmp_path / "dir.svg", "x", force=True)
    assert sorted(os.listdir(tmp_path)) == ["dir.svg"]


def test_atomic_does_not_replace_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(OutputError, match="exists"), atomic_open(target) as out:
        out.write("mine")
        target.write_text("theirs")
    assert target.read_text() == "theirs"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_output_has_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    umask = os.umask(0o022)
    try:
        with atomic_open(target) as out:
            out.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize(("name", "message"), [("missing/out.txt", "no such directory"), (".", "is a directory")])
def test_atomic_refuses_impossible_targets(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(OutputError, match=message), atomic_open(tmp_path / name) as out:
        out.write("x")


# --- property: any record survives a round trip --------------------------------------------------

_text = st.text(max_size=40)
_line = st.integers(min_value=1, max_value=10**6)
_block = st.builds(Block, st.sampled_from(list(BlockKind)), _text, _line)
_moment = st.none() | st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1))
_feed = st.none() | st.builds(Feed, _moment, _moment, st.none() | _text, _line)
_articles = st.builds(
    Article,
    id=st.text("0123456789abcdef", min_size=16, max_size=16),
    seq=st.integers(min_value=1, max_value=10**6),
    source=_text,
    line=_line,
    page=st.integers(min_value=1, max_value=1000),
    published=_moment,
    byline=_text,
    authors=st.lists(_text, max_size=3).map(tuple),
    language=st.sampled_from([None, "en", "es"]),
    blocks=st.lists(_block, max_size=5).map(tuple),
    word_count=st.integers(min_value=0, max_value=10**6),
    signatories=st.lists(_text, max_size=3).map(tuple),
    footer=_feed,
    warnings=st.lists(_text, max_size=2).map(tuple),
)


@given(st.lists(_articles, max_size=4))
def test_property_jsonl_round_trip(articles: list[Article]) -> None:
    out = io.StringIO()
    write_jsonl(articles, out)
    text = out.getvalue()
    assert len(text.splitlines()) == len(articles)  # no record is cut by a Unicode line break
    back = [Article.from_dict(json.loads(line)) for line in text.splitlines()]
    assert [a.as_dict() for a in back] == [a.as_dict() for a in articles]


@given(st.lists(_articles, max_size=4))
def test_property_csv_round_trip(articles: list[Article]) -> None:
    out = io.StringIO(newline="")
    write_csv(articles, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [{k: str(v) for k, v in csv_row(a).items()} for a in articles]


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(_articles, max_size=4, unique_by=(lambda a: a.id, lambda a: a.seq)))
def test_property_sqlite_round_trip(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "p.db"
    write_sqlite(articles, path, force=True)
    expected = sorted((a.as_dict() for a in articles), key=lambda d: (d["seq"], d["id"]))
    got = sorted(read_sqlite(path), key=lambda d: (d["seq"], d["id"]))
    assert got == expected


def test_sqlite_refuses_two_articles_with_one_seq(tmp_path: Path) -> None:
    first, second = list(isocorpus.iter_articles())[:2]
    with pytest.raises(UsageError, match="two different articles have seq 1"):
        write_sqlite([first, dataclasses.replace(second, seq=1)], tmp_path / "two.db")
    assert not (tmp_path / "two.db").exists()


@pytest.mark.skipif(not hasattr(os, "kill"), reason="sends itself SIGINT")
def test_a_second_interrupt_during_the_clean_up_still_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C twice: the second lands while the temporary file is being removed, and waits."""
    real_unlink = os.unlink
    interrupted: list[str] = []

    def unlink(path: str) -> None:
        if not interrupted:
            interrupted.append(path)
            os.kill(os.getpid(), signal.SIGINT)
        real_unlink(path)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        monkeypatch.setattr(os, "unlink", unlink)
        with pytest.raises(KeyboardInterrupt), atomic_open(tmp_path / "out.jsonl") as out:
            out.write("half a record")
            raise KeyboardInterrupt  # the first Ctrl-C
    finally:
        monkeypatch.undo()
        signal.signal(signal.SIGINT, previous)
    assert interrupted and os.listdir(tmp_path) == []


# --- CSV for spreadsheets (--excel) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2 degrees", "'-2 degrees"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_excel_cell_defuses_formulas(text: str, cell: str) -> None:
    from isocorpus.export.csv import excel_cell

    assert excel_cell(text) == cell


def test_excel_csv_has_a_bom_quotes_formulas_and_cuts_long_cells() -> None:
    from dataclasses import replace

    from isocorpus.export.csv import EXCEL_CELL_MAX, write_csv

    long = "x " * 20_000
    article = replace(
        CORPUS[0],
        byline="=cmd|' /C calc'!A0",
        blocks=(Block(BlockKind.LEDE, "@lede", 3), Block(BlockKind.PARAGRAPH, long, 5)),
    )
    cuts: list[tuple[int, str, int]] = []
    out = io.StringIO()
    write_csv([article], out, excel=True, on_cut=lambda a, column, n: cuts.append((a.seq, column, n)))
    data = out.getvalue()
    assert data.startswith("\ufeffid,seq,")
    row = next(csv.DictReader(io.StringIO(data[1:], newline="")))
    assert row["byline"] == "'=cmd|' /C calc'!A0"
    assert row["lede"] == "'@lede"
    assert len(row["text"]) == EXCEL_CELL_MAX
    assert cuts == [(1, "text", len("@lede\n\n" + long))]
    plain = io.StringIO()
    write_csv([article], plain)
    row = next(csv.DictReader(io.StringIO(plain.getvalue(), newline="")))
    assert row["byline"] == "=cmd|' /C calc'!A0" and row["text"] == article.text  # plain CSV stays exact


def test_sqlite_rowid_is_seq_and_bulky_lists_live_apart(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    write_sqlite(CORPUS, path)
    conn = sqlite3.connect(path)
    assert list(conn.execute("select rowid, seq from articles order by rowid")) == [(n, n) for n in range(1, 22)]
    columns = {r[1] for r in conn.execute("pragma table_info(articles)")}
    assert not columns & {"paragraphs", "headings", "list_items", "notes", "footer", "blocks"}
    assert conn.execute("select count(*) from article_lists").fetchone()[0] == 21


@pytest.mark.parametrize(("word", "seqs"), [("caucus", "grep"), ("votacion", {4}), ("VOTACIÓN", {4})])
def test_sqlite_search_finds_what_grep_finds(tmp_path: Path, word: str, seqs) -> None:  # noqa: ANN001
    path = tmp_path / "c.db"
    write_sqlite(CORPUS, path)
    conn = sqlite3.connect(path)
    query = "select seq from articles where rowid in (select rowid from articles_fts where articles_fts match ?)"
    found = {r[0] for r in conn.execute(query, (f'"{word}"',))}
    if seqs == "grep":  # what grep -l finds: the word anywhere, inside longer words too
        seqs = {a.seq for a in CORPUS if word in (a.text + a.apparatus).lower()}
        assert len(seqs) == 10
    assert found == seqs


def test_fold_accents() -> None:
    from isocorpus.export.sqlite import fold_accents

    assert fold_accents("La votación, ¿qué?") == "La votacion, ¿que?"
    assert fold_accents("it’s plain") is None
    assert fold_accents("plain") is None
