"""``isocorpus stats``: json, text and the terminal panel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CORPUS = list(isocorpus.iter_articles())
KEYS = [
    "articles",
    "distinct",
    "words",
    "first",
    "last",
    "authors",
    "languages",
    "feeds",
    "next_feeds",
    "pages",
    "warnings",
]


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, ["stats", *args], input=input)


def test_json_is_one_object_with_the_documented_keys() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert list(data) == KEYS
    assert data["articles"] == 21
    assert data["words"] == sum(a.word_count for a in CORPUS)
    assert (data["first"], data["last"]) == ("2019-03-14", "2019-04-18")
    assert data["languages"] == {"en": 19, "es": 2}
    assert data["feeds"] == {}  # the footer names the next feed, not the articles'
    assert data["next_feeds"] == {"Pro Publica": 21}
    assert data["pages"] == 1
    assert data["warnings"] == 0
    assert data["authors"]["Maryam A"] == 2


def test_piped_default_is_text() -> None:
    result = run()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "articles: 21",
        "distinct: 21",
        f"words: {sum(a.word_count for a in CORPUS)}",
        "first: 2019-03-14",
        "last: 2019-04-18",
        "pages: 1",
        "warnings: 0",
    ]
    assert "languages:" in lines and "  en: 19" in lines and "  Pro Publica: 21" in lines
    assert run("--format", "text").stdout == result.stdout


def test_filters_apply() -> None:
    data = json.loads(run("-f", "json", "--lang", "es").stdout)
    assert data["articles"] == 2
    assert data["authors"] == {"Obrero Socialista": 2}
    data = json.loads(run("-f", "json", "--since", "2019-04-01").stdout)
    assert (data["articles"], data["first"]) == (6, "2019-04-01")
    path = str(isocorpus.bundled_path())
    assert json.loads(run("-f", "json", path, path).stdout)["articles"] == 42
    assert json.loads(run("-f", "json", "--unique", path, path).stdout)["articles"] == 21


def test_warnings_count_what_stderr_shows() -> None:
    result = run("-f", "json", str(FIXTURES / "two-pages.txt"))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    shown = [line for line in result.stderr.splitlines() if line.startswith("isocorpus: warning: ")]
    assert data["warnings"] == len(shown) == 1
    assert data["pages"] == 2
    assert data["next_feeds"] == {"Jacobin": 2, "The Nation": 1}


def test_empty_input() -> None:
    result = run("-f", "json", "--author", "nobody")
    data = json.loads(result.stdout)
    assert data["articles"] == 0 and data["first"] is None and data["authors"] == {}
    assert run("--author", "nobody").stdout.startswith("articles: 0\n")


def test_terminal_panel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    result = run()
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("╭─ isocorpus stats")
    assert "2019-03-14 → 2019-04-18" in out
    assert "Pro Publica" in out and "David McNally" in out
    words = sum(a.word_count for a in CORPUS)
    assert f"{words:,}" in out


def test_bad_format_is_a_usage_error() -> None:
    result = run("--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_copies_are_counted_apart_and_noted_once() -> None:
    path = str(isocorpus.bundled_path())
    result = run("-f", "json", path, path, path)
    data = json.loads(result.stdout)
    assert (data["articles"], data["distinct"]) == (63, 21)
    assert result.stderr == "isocorpus: note: 42 of 63 articles are copies of others; --unique counts each once\n"
    once = run("-f", "json", "--unique", path, path, path)
    assert (json.loads(once.stdout)["articles"], once.stderr) == (21, "")
    assert run("-f", "json").stderr == ""
