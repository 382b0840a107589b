"""``isocorpus export``: every format through the CLI, -o safety, and a real Datasette."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app
from isocorpus.model import Article

CORPUS = list(isocorpus.iter_articles())
BUNDLED = str(isocorpus.bundled_path())
PHRASE_SEQS = {8, 9, 10, 11, 15}


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, ["export", *args], input=input)


def test_jsonl_round_trips_to_iter_articles() -> None:
    result = run("--format", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""
    back = [Article.from_dict(json.loads(line)) for line in result.stdout.splitlines()]
    assert [a.as_dict() for a in back] == [a.as_dict() for a in CORPUS]


def test_jsonl_is_the_default() -> None:
    assert run().stdout == run("-f", "jsonl").stdout


def test_json_is_one_array() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [a.as_dict() for a in CORPUS]


def test_csv_to_stdout() -> None:
    result = run("--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 21
    assert rows[4]["byline"] == "Pranav Jani"
    assert rows[4]["text"] == CORPUS[4].text


def test_filters_apply_to_export() -> None:
    result = run("--lang", "es")
    assert [json.loads(line)["seq"] for line in result.stdout.splitlines()] == [4, 13]
    twice = run("--unique", BUNDLED, BUNDLED)
    assert len(twice.stdout.splitlines()) == 21


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "sqlite"])
def test_output_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    result = run("--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"isocorpus: wrote 21 articles to {target}\n"
    assert os.listdir(tmp_path) == [target.name]  # no temporary file left
    if fmt == "sqlite":
        conn = sqlite3.connect(target)
        assert conn.execute("select count(*) from articles").fetchone()[0] == 21
    elif fmt == "csv":
        with open(target, encoding="utf-8", newline="") as fh:
            assert len(list(csv.DictReader(fh))) == 21
    elif fmt == "json":
        assert len(json.loads(target.read_text(encoding="utf-8"))) == 21
    else:
        assert len(target.read_text(encoding="utf-8").splitlines()) == 21


def test_file_output_equals_stdout_output(tmp_path: Path) -> None:
    for fmt in ("json", "jsonl", "csv"):
        target = tmp_path / f"out.{fmt}"
        run("-f", fmt, "-o", str(target))
        with open(target, encoding="utf-8", newline="") as fh:
            assert fh.read() == run("-f", fmt).stdout_bytes.decode("utf-8")


def test_dash_o_dash_is_stdout() -> None:
    assert run("-o", "-").stdout == run().stdout


def test_sqlite_needs_a_file(tmp_path: Path) -> None:
    for args in (["-f", "sqlite"], ["-f", "sqlite", "-o", "-"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == "isocorpus: error: --format sqlite writes a database file: give -o FILE\n"


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("precious\n")
    result = run("-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"isocorpus: error: {target}: file exists (use --force to replace it)\n"
    assert target.read_text() == "precious\n"
    forced = run("-o", str(target), "--force")
    assert forced.exit_code == 0
    assert len(target.read_text().splitlines()) == 21
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_sqlite_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "c.db"
    target.write_bytes(b"precious")
    assert run("-f", "sqlite", "-o", str(target)).exit_code == 2
    assert target.read_bytes() == b"precious"
    assert run("-f", "sqlite", "-o", str(target), "--force").exit_code == 0
    assert sqlite3.connect(target).execute("select count(*) from articles").fetchone()[0] == 21


def test_unwritable_target_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run("-o", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("isocorpus: error: ") and result.stderr.count("\n") == 1
    assert "no such directory" in result.stderr


def test_missing_input_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "c.db"
    result = run("-f", "sqlite", "-o", str(target), BUNDLED, "missing.txt")
    assert result.exit_code == 2
    assert result.stderr == "isocorpus: error: missing.txt: no such file or directory\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
def test_interrupt_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    def interrupted(files: object, selection: object = None, **options: object) -> Iterator[Article]:
        yield from CORPUS[:5]
        raise KeyboardInterrupt

    def interrupted_lines(
        files: object, selection: object = None, render: object = None, *args: object, **options: object
    ) -> Iterator[bytes]:
        # jsonl goes through pipeline.rendered (parsed on every core), not pipeline.articles
        from isocorpus.export.jsonl import json_line

        for article in CORPUS[:5]:
            yield json_line(article).encode()
        raise KeyboardInterrupt

    monkeypatch.setattr("isocorpus.cli.export_cmd.articles", interrupted)
    monkeypatch.setattr("isocorpus.cli.export_cmd.rendered", interrupted_lines)
    target = tmp_path / f"out.{fmt}"
    result = run("-f", fmt, "-o", str(target))
    assert result.exit_code == 130
    assert result.stderr == "isocorpus: interrupted\n"
    assert os.listdir(tmp_path) == []


def test_sqlite_stores_a_dump_given_twice_once(tmp_path: Path) -> None:
    target = tmp_path / "c.db"
    assert run("-f", "sqlite", "-o", str(target), BUNDLED, BUNDLED).exit_code == 0
    conn = sqlite3.connect(target)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 21
    hits = conn.execute(
        "select seq from articles where rowid in "
        "(select rowid from articles_fts where articles_fts match '\"democratic centralism\"')"
    ).fetchall()
    assert {h[0] for h in hits} == PHRASE_SEQS


def _datasette() -> list[str]:
    pytest.importorskip("datasette")
    exe = shutil.which("datasette")
    return [exe] if exe else [sys.executable, "-m", "datasette"]


def test_datasette_search_box_finds_the_phrase(tmp_path: Path) -> None:
    command = _datasette()
    target = tmp_path / "sw.db"
    assert run("-f", "sqlite", "-o", str(target)).exit_code == 0
    done = subprocess.run(
        [*command, str(target), "--get", "/sw/articles.json?_search=%22democratic+centralism%22&_shape=array"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {r["seq"] for r in rows} == PHRASE_SEQS
    # and a plain word search, as typed in the search box
    done = subprocess.run(
        [*command, str(target), "--get", "/sw/articles.json?_search=membres%C3%ADa&_shape=array"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert {r["language"] for r in json.loads(done.stdout)} == {"es"}


def test_closed_pipe_ends_quietly() -> None:
    script = f"set -o pipefail; {sys.executable} -m isocorpus export {' '.join([BUNDLED] * 10)} | head -c 100"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith('{"id": ')


# --- targets that are not files -------------------------------------------------------------------


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fifo:
            into.append(fifo.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_fifo_or_device_is_written_in_place_never_renamed_over(tmp_path: Path, force: list[str]) -> None:
    """-o /dev/null, /dev/stdout or >(gzip > x.gz) must not turn the device into a file (a rename
    over /dev/null did, as root). Tested with a FIFO, which is what >(…) gives."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = run("-o", str(fifo), *force)
    reader.join(timeout=30)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert got == [run().stdout.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["pipe"]  # no temporary file beside it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_sqlite_into_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("-f", "sqlite", "-o", str(fifo), "--force")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: {fifo}: not a regular file\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert run("-o", str(link)).exit_code == 2  # exists: needs --force
    result = run("-o", str(link), "--force")
    assert result.exit_code == 0
    assert link.is_symlink() and real.read_text() == run().stdout
    assert sorted(os.listdir(tmp_path)) == ["link.jsonl", "real.jsonl"]


def test_a_full_disk_under_o_is_one_error_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(articles: object, out: io.TextIOBase) -> int:
        out.write("x" * 100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("isocorpus.export.json.write_json", full)
    target = tmp_path / "out.json"
    result = run("-f", "json", "-o", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: {target}: no space left on device\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command", [["export"], ["stats", "--format", "json"]], ids=["while-writing", "at-the-last-flush"]
)
def test_a_full_disk_on_stdout_is_one_error_line(command: list[str]) -> None:
    with open("/dev/full", "w") as full:  # stdout only: never -o /dev/full
        done = subprocess.run(
            [sys.executable, "-m", "isocorpus", *command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert done.returncode == 2
    assert done.stderr == "isocorpus: error: stdout: no space left on device\n"


# --- the format from -o's extension, gzip on top, -o never an input ----------------------------


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.csv", lambda data: data.startswith(b"id,seq,date")),
        ("out.json", lambda data: data.startswith(b"[\n{")),
        ("out.jsonl", lambda data: data.count(b"\n") == 21 and data.startswith(b'{"id"')),
        ("out.db", lambda data: data.startswith(b"SQLite format 3")),
        ("out.sqlite", lambda data: data.startswith(b"SQLite format 3")),
        ("out.parquet", lambda data: data.startswith(b"PAR1")),
        ("OUT.CSV", lambda data: data.startswith(b"id,seq,date")),
    ],
)
def test_the_format_comes_from_the_extension(tmp_path: Path, name: str, check) -> None:  # noqa: ANN001
    target = tmp_path / name
    result = run("-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"isocorpus: wrote 21 articles to {target}\n"
    assert check(target.read_bytes())


def test_format_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert run("-f", "jsonl", "-o", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b'{"id"')


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_gz_on_top_is_gzipped(tmp_path: Path, fmt: str) -> None:
    import gzip

    target = tmp_path / f"out.{fmt}.gz"
    assert run("-o", str(target)).exit_code == 0
    with gzip.open(target, "rt", encoding="utf-8", newline="") as fh:
        assert fh.read() == run("-f", fmt).stdout_bytes.decode("utf-8")


def test_a_binary_format_is_not_gzipped(tmp_path: Path) -> None:
    result = run("-o", str(tmp_path / "x.db.gz"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: -o {tmp_path / 'x.db.gz'}: a sqlite file is not gzipped (drop .gz)\n"


def test_parquet_reads_back_typed(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "out.parquet"
    assert run("-o", str(target)).exit_code == 0
    table = pq.read_table(target)
    assert table.num_rows == 21
    assert table.column("seq").to_pylist() == list(range(1, 22))
    assert table.column("authors").to_pylist()[13] == ["Maryam A", "Nikki W"]
    assert table.column("next_feed").to_pylist() == ["Pro Publica"] * 21
    assert table.column("text").to_pylist()[4] == CORPUS[4].text


def test_o_onto_an_input_is_refused_even_with_force(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_bytes(Path(BUNDLED).read_bytes())
    for args in ([], ["--force"]):
        result = run("-o", str(dump), *args, str(dump))
        assert (result.exit_code, result.stdout) == (2, "")
        assert (
            result.stderr
            == f"isocorpus: error: -o {dump} is one of the inputs: write somewhere else (--force or not)\n"
        )
    result = run("-f", "jsonl", "-o", str(dump), "--force", str(tmp_path))  # held by a directory input
    assert result.exit_code == 2
    assert dump.read_bytes() == Path(BUNDLED).read_bytes()


def test_excel_flag_writes_spreadsheet_csv_and_warns_of_cuts(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    long = "word " * 7000
    dump.write_text(
        f"[*] [+] [-] [x] [A+] [a-]\n[l] at 4/1/19 11:00pm\n=Ann Bee\n\n-1 is a lede.\n\n{long.strip()}\n",
        encoding="utf-8",
    )
    target = tmp_path / "x.csv"
    result = run("--excel", "-o", str(target), str(dump))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"isocorpus: warning: {dump}:1: text: 35,014 characters cut to 32,767 for Excel",
        f"isocorpus: wrote 1 article to {target}",
    ]
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,seq,")
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert (row["byline"], row["lede"]) == ("'=Ann Bee", "'-1 is a lede.")


def test_excel_is_for_csv_only() -> None:
    result = run("--excel", "-f", "jsonl")
    assert (result.exit_code, result.stderr) == (2, "isocorpus: error: --excel is for CSV, not jsonl\n")


def _datasette_get(db: Path, query: str) -> list[dict]:
    done = subprocess.run(
        [*_datasette(), str(db), "--get", f"/{db.stem}/articles.json?{query}&_shape=array"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_datasette_lists_in_input_order_without_the_bulky_lists(tmp_path: Path) -> None:
    target = tmp_path / "sw.db"
    assert run("-o", str(target)).exit_code == 0
    rows = _datasette_get(target, "_size=50")
    assert [r["seq"] for r in rows] == list(range(1, 22))
    assert "paragraphs" not in rows[0] and "blocks" not in rows[0]


@pytest.mark.parametrize(("word", "seqs"), [("caucus", 10), ("votacion", [4])])
def test_datasette_search_box_finds_plurals_and_accentless_words(tmp_path: Path, word: str, seqs) -> None:  # noqa: ANN001
    target = tmp_path / "sw.db"
    assert run("-o", str(target)).exit_code == 0
    found = [r["seq"] for r in _datasette_get(target, f"_search={word}")]
    grep = CliRunner().invoke(app, ["grep", "-l", "--fold-accents", word]).stdout.splitlines()
    assert len(found) == len(grep)
    assert (len(found) if isinstance(seqs, int) else found) == seqs
