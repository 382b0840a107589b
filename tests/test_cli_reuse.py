"""``isocorpus similar``, ``citations`` and ``versions``, in process with CliRunner."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app
from isocorpus.render.reuse import CITATION_COLUMNS, SIMILAR_COLUMNS, VERSION_COLUMNS

LINES = Path(isocorpus.bundled_path()).read_text(encoding="utf-8").splitlines(keepends=True)


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, list(args), input=input)


def table(stdout: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    lines = stdout.splitlines()
    assert lines[0].split("\t") == list(columns)
    return [dict(zip(columns, line.split("\t"), strict=True)) for line in lines[1:]]


def test_similar_piped() -> None:
    result = run("similar", "15", "--top", "4")
    assert result.exit_code == 0
    rows = table(result.stdout, SIMILAR_COLUMNS)
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    assert {"10", "17"} <= {r["seq"] for r in rows}
    assert all(r["shared"] for r in rows)


def test_similar_with_a_filter_and_json() -> None:
    data = json.loads(run("similar", "15", "--author", "Leigh", "--format", "json").stdout)
    assert [d["article"]["seq"] for d in data] == [10]


def test_similar_bad_ref() -> None:
    result = run("similar", "99")
    assert result.exit_code == 2
    assert result.stderr.startswith("isocorpus: error:")


def test_citations_piped() -> None:
    result = run("citations")
    assert result.exit_code == 0
    rows = table(result.stdout, CITATION_COLUMNS)
    assert len(rows) == 9
    assert rows[0]["title"] == "The ISO’s vote to dissolve and what comes next"
    assert (rows[0]["status"], rows[0]["seq"]) == ("ranked", "6")
    assert rows[-1]["status"] == "exact" and rows[-1]["match_line"] == "1187"


def test_citations_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "140")
    result = run("citations")
    assert result.exit_code == 0
    assert "unresolved" in result.stdout and "phrase at line 1187" in result.stdout


def edited_dump() -> str:
    # Seq 16 (Helen Scott) is lines 1291-1329; saved again with a correction and a note.
    entry = LINES[1290:1329]
    changed = [line.replace("branch", "local branch", 1) if i == 4 else line for i, line in enumerate(entry)]
    return "".join(LINES) + "".join(changed[:-1]) + "Correction: a date was wrong.\n\n"


def test_versions_from_stdin() -> None:
    result = run("versions", "-", input=edited_dump())
    assert result.exit_code == 0, result.output
    rows = table(result.stdout, VERSION_COLUMNS)
    assert [(r["a_seq"], r["b_seq"], r["byline"]) for r in rows] == [("16", "22", "Helen Scott")]
    assert rows[0]["changes"].startswith("replace:1295>")


def test_versions_terminal_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    result = run("versions", "-", input=edited_dump())
    assert result.exit_code == 0
    assert "+ " in result.stdout and "local branch" in result.stdout


def test_versions_none_in_the_bundled_corpus() -> None:
    result = run("versions", "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_a_missing_extra_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasketch", None)  # import datasketch now raises ImportError
    result = run("versions")
    assert result.exit_code == 2
    assert result.stderr == "isocorpus: error: text reuse needs datasketch: pip install 'isocorpus[reuse]'\n"
