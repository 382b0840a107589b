"""``isocorpus list``, in process with CliRunner (and one real pipe)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CORPUS = list(isocorpus.iter_articles())
BUNDLED = str(isocorpus.bundled_path())
HEADER = "seq\tdate\tbyline\twords\tlanguage\tlede"


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, ["list", *args], input=input)


def rows(stdout: str) -> list[list[str]]:
    lines = stdout.splitlines()
    assert lines[0] == HEADER
    return [line.split("\t") for line in lines[1:]]


def seqs(stdout: str) -> list[int]:
    return [int(r[0]) for r in rows(stdout)]


def test_piped_default_is_tsv_with_a_header_and_whole_ledes() -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stderr == ""
    table = rows(result.stdout)
    assert len(table) == 21
    assert all(len(r) == 6 for r in table)
    assert table[4] == ["5", "2019-04-02", "Pranav Jani", str(CORPUS[4].word_count), "en", CORPUS[4].lede]
    assert "\x1b" not in result.stdout


def test_terminal_default_is_a_table_fitted_to_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "90")
    result = run()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["seq", "date", "byline", "words", "lang", "lede"]
    assert len(lines) == 22
    assert "\t" not in result.stdout
    assert all(len(line) <= 90 for line in lines)
    assert "…" in lines[5]  # the lede is cut to fit
    assert "Pranav Jani" in lines[5]


def test_table_on_a_narrow_terminal_keeps_some_lede(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run("--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert "Members of" in lines[1]


def test_table_in_batches_keeps_its_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.table.BATCH_ROWS", 4)
    result = run("--format", "table")
    lines = result.stdout.splitlines()
    assert len(lines) == 22  # one header, however many batches
    starts = {line.index("2019-") for line in lines[1:]}  # the date column
    assert len(starts) == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_formats_carry_the_same_rows(fmt: str) -> None:
    result = run("--format", fmt, "--limit", "3")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        records = json.loads(out)
    elif fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
    elif fmt == "csv":
        records = list(csv.DictReader(io.StringIO(out, newline="")))
    else:
        records = [dict(zip(HEADER.split("\t"), r, strict=True)) for r in rows(out)]
    assert [str(r["seq"]) for r in records] == ["1", "2", "3"]
    assert list(records[0]) == ["seq", "date", "byline", "words", "language", "lede"]
    assert records[1]["byline"] == "Tess Carter"
    assert records[1]["lede"] == CORPUS[1].lede


def test_sort_reverse_limit() -> None:
    result = run("--sort", "words", "--reverse", "--limit", "3")
    assert result.exit_code == 0
    expected = [a.seq for a in sorted(CORPUS, key=lambda a: -a.word_count)][:3]
    assert seqs(result.stdout) == expected
    assert seqs(run("--sort", "date", "-n", "2").stdout) == [21, 20]
    assert seqs(run("--sort", "author", "-n", "1").stdout) == [8]  # brian bean
    assert seqs(run("--reverse", "-n", "2").stdout) == [21, 20]


def test_limit_stops_reading_early() -> None:
    two = FIXTURES / "two-pages.txt"
    warned = run("--limit", "3", str(two))
    assert "impossible time" in warned.stderr
    quiet = run("--limit", "2", str(two))
    assert quiet.exit_code == 0
    assert quiet.stderr == ""  # the third entry, with a bad timestamp, was never parsed
    assert seqs(quiet.stdout) == [1, 2]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--author", "mcnally"], [15]),
        (["-a", "MARYAM"], [12, 14]),
        (["-a", "mcnally", "-a", "tess"], [2, 15]),
        (["--since", "2019-04-01"], [1, 2, 3, 4, 5, 6]),
        (["--since", "April 1 2019"], [1, 2, 3, 4, 5, 6]),
        (["--since", "4/1/19"], [1, 2, 3, 4, 5, 6]),
        (["--until", "2019-03-19"], [18, 19, 20, 21]),
        (["--since", "3/25/19", "--until", "March 27 2019"], [9, 10, 11, 12, 13]),
        (["--until", "2019"], list(range(1, 22))),
        (["--lang", "es"], [4, 13]),
        (["--lang", "es", "--author", "obrero"], [4, 13]),
        (["--author", "nobody at all"], []),
    ],
)
def test_filters(args: list[str], expected: list[int]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert seqs(result.stdout) == expected


def test_unique_collapses_a_dump_given_twice() -> None:
    assert len(rows(run(BUNDLED, BUNDLED).stdout)) == 42
    result = run("--unique", BUNDLED, BUNDLED)
    assert seqs(result.stdout) == list(range(1, 22))


def test_stdin() -> None:
    result = run("-", input=(FIXTURES / "two-pages.txt").read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert seqs(result.stdout) == [1, 2, 3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "isocorpus: error: --since: cannot read 'yesterday' as a date"),
        (["--until", "April 1"], "isocorpus: error: --until: 'April 1' has no year"),
        (["missing.txt"], "isocorpus: error: missing.txt: no such file or directory"),
    ],
)
def test_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_bad_choice_is_a_usage_error() -> None:
    result = run("--sort", "title")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "title" in result.stderr


def test_control_characters_in_cells_are_made_visible(tmp_path: Path) -> None:
    dump = (FIXTURES / "two-pages.txt").read_text(encoding="utf-8")
    dump = dump.replace("Ana Ruiz\n", "Ana\x1b]0;pwned\x07 Ruiz\n", 1)
    path = tmp_path / "evil.txt"
    path.write_text(dump, encoding="utf-8")
    out = run(str(path)).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "Ana\\x1b]0;pwned\\x07 Ruiz" in out


def _pipe(*args: str) -> subprocess.CompletedProcess[str]:
    script = f"set -o pipefail; {sys.executable} -m isocorpus list {' '.join(args)} | head -1"
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)


def test_closed_pipe_ends_quietly() -> None:
    # 40 copies of the corpus: far more than a pipe buffer holds, so the writer meets the closed pipe
    done = _pipe(*[BUNDLED] * 40)
    assert done.returncode == 0
    assert done.stdout == HEADER + "\n"
    assert done.stderr == ""


def test_lang_takes_any_code_and_several() -> None:
    languages = str(FIXTURES / "languages.txt")
    assert [r[4] for r in rows(run("--lang", "fr", languages).stdout)] == ["fr"]
    assert [r[4] for r in rows(run("--lang", "de,it", languages).stdout)] == ["de", "it"]
    assert seqs(run("--lang", "en,es").stdout) == list(range(1, 22))


def test_lang_refuses_a_name_in_one_line() -> None:
    result = run("--lang", "french")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "isocorpus: error: --lang: 'french' is not a language code (ISO 639-1, like en or fr; several: en,es)"
    ]


@pytest.mark.parametrize("fmt", ["tsv", "json"])  # tsv parses in workers, json in the main process
def test_copies_get_one_note(fmt: str) -> None:
    result = run("-f", fmt, BUNDLED, BUNDLED, BUNDLED)
    assert result.exit_code == 0
    assert result.stderr == "isocorpus: note: 42 of 63 articles are copies of others; --unique counts each once\n"
    assert run("-f", fmt, "--unique", BUNDLED, BUNDLED, BUNDLED).stderr == ""


def test_dotted_dates_are_day_first() -> None:
    assert seqs(run("--until", "01.04.2019").stdout) == [
        a.seq for a in CORPUS if a.date and a.date.isoformat() <= "2019-04-01"
    ]
    assert len(seqs(run("--until", "01.04.2019").stdout)) == 16
    assert seqs(run("--since", "01.04.2019").stdout) == seqs(run("--since", "2019-04-01").stdout)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--since", "2019-04-10", "--until", "2019-04-01"], "--since 2019-04-10 is after --until 2019-04-01"),
        (["--since", "01-04-2019"], "--since: '01-04-2019' is ambiguous"),
    ],
)
def test_an_ambiguous_or_reversed_range_is_one_error_line(args: list[str], said: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"isocorpus: error: {said}") and result.stderr.count("\n") == 1
