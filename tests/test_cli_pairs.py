"""``isocorpus pairs``, in process with CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from isocorpus.cli import app
from isocorpus.render.reuse import PAIR_COLUMNS


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(app, ["pairs", *args])


def test_piped_tsv() -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(PAIR_COLUMNS)
    rows = [dict(zip(PAIR_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert [(r["translation_seq"], r["original_seq"]) for r in rows] == [("4", "6"), ("13", "21")]
    assert "181:406" in rows[0]["alignment"].split()
    assert "1124:1739" in rows[1]["alignment"].split()


def test_json() -> None:
    data = json.loads(run("--format", "json").stdout)
    assert [(d["translation"]["seq"], d["original"]["seq"]) for d in data] == [(4, 6), (13, 21)]
    assert [[181], [406]] in data[0]["alignment"]


def test_a_language_filter_leaves_nothing_to_pair() -> None:
    result = run("--lang", "en", "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "160")
    result = run()
    assert result.exit_code == 0
    assert "Obrero Socialista" in result.stdout
    assert "181:406" in result.stdout
