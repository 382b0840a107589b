"""``isocorpus quotes``, in process with CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app
from isocorpus.render.reuse import QUOTE_COLUMNS

BUNDLED = str(isocorpus.bundled_path())


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, ["quotes", *args], input=input)


def test_piped_default_is_tsv() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(QUOTE_COLUMNS)
    rows = [dict(zip(QUOTE_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert [(r["source_seq"], r["source_lines"], r["target_seq"], r["target_lines"]) for r in rows] == [
        ("15", "1244", "10", "692-694"),
        ("15", "1215", "17", "1365-1367"),
        ("15", "1244", "17", "1357-1361"),
    ]
    assert rows[2]["edits"] == "quote marks:“leaders”>‘leaders’; join:hot house>hothouse"
    assert rows[2]["introducer_line"] == "1355"


def test_jsonl_from_stdin() -> None:
    text = Path(BUNDLED).read_text(encoding="utf-8")
    result = run("-", "--format", "jsonl", input=text)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert records[0]["source"]["byline"] == "David McNally"
    assert records[0]["target"]["lines"] == [692, 694]
    assert records[0]["cluster_seqs"] == [10, 15, 17]


def test_json_and_filters() -> None:
    result = run("--format", "json", "--author", "Leigh", "--author", "McNally")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(d["source"]["seq"], d["target"]["seq"]) for d in data] == [(15, 10)]
    result = run("--format", "json", "--min-words", "200")
    assert [d["source"]["tokens"] for d in json.loads(result.stdout)] == [217]


def test_terminal_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "120")
    result = run()
    assert result.exit_code == 0
    assert "SOURCE seq 15" in result.stdout and "TARGET seq 17" in result.stdout
    assert "join: hot house → hothouse" in result.stdout
    assert "introduced at line 1355" in result.stdout
    assert "\t" not in result.stdout


def test_a_directory_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(Path(BUNDLED).read_bytes())
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4


def test_a_missing_file_is_an_error() -> None:
    result = run("no-such-file.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("isocorpus: error:")
