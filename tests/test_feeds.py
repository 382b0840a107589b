"""The feed a dump holds is named by the user, never taken from a page footer (which names the next feed)."""

from __future__ import annotations

import csv
import io
import json
import pickle
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app
from isocorpus.export.csv import CSV_COLUMNS
from isocorpus.feeds import FeedNamer, Named, feed_name_of

CORPUS = list(isocorpus.iter_articles())


@pytest.mark.parametrize(
    ("source", "name"),
    [("dumps/jacobin-2019.txt.gz", "jacobin-2019"), ("a/b/The Nation.TXT", "The Nation"), ("x.gz", "x"), ("-", None)],
)
def test_feed_name_of(source: str, name: str | None) -> None:
    assert feed_name_of(source) == name


def test_the_footer_is_the_next_feed_and_the_feed_is_unnamed() -> None:
    assert {(a.feed, a.next_feed) for a in CORPUS} == {(None, "Pro Publica")}
    assert FeedNamer("Socialist Worker")(CORPUS[0]).feed == "Socialist Worker"
    assert FeedNamer(from_file=True)(CORPUS[0]).feed == "socialistworker-2019"


def test_named_pickles_for_the_workers() -> None:
    named = pickle.loads(pickle.dumps(Named(FeedNamer("SW"), str)))
    assert "feed='SW'" in named(CORPUS[0])


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(app, list(args))


def test_stats_never_reports_the_next_feed_as_the_feed() -> None:
    data = json.loads(run("stats", "-f", "json").stdout)
    assert data["feeds"] == {}
    assert data["next_feeds"] == {"Pro Publica": 21}
    named = json.loads(run("stats", "-f", "json", "--feed-name", "Socialist Worker").stdout)
    assert named["feeds"] == {"Socialist Worker": 21}
    from_file = json.loads(run("stats", "-f", "json", "--feed-name-from-file").stdout)
    assert from_file["feeds"] == {"socialistworker-2019": 21}


def test_csv_has_feed_and_next_feed_columns() -> None:
    assert "next_feed" in CSV_COLUMNS
    result = run("export", "-f", "csv", "--feed-name", "SW")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["feed"], r["next_feed"]) for r in rows} == {("SW", "Pro Publica")}


def test_jsonl_carries_the_name_and_the_footer_apart() -> None:
    result = run("export", "-f", "jsonl", "--feed-name", "SW")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["feed"] for r in records} == {"SW"}
    assert {r["footer"]["next_feed"] for r in records} == {"Pro Publica"}


def test_sqlite_has_next_feed(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    assert run("export", "-f", "sqlite", "-o", str(path), "--feed-name-from-file").exit_code == 0
    conn = sqlite3.connect(path)
    assert set(conn.execute("select feed, next_feed from articles")) == {("socialistworker-2019", "Pro Publica")}


def test_both_ways_of_naming_at_once_is_an_error() -> None:
    result = run("stats", "--feed-name", "X", "--feed-name-from-file")
    assert result.exit_code == 2
    assert result.stderr == "isocorpus: error: --feed-name and --feed-name-from-file: give one\n"
