"""``isocorpus.pipeline``: what the commands call, the same articles whichever way it runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

import isocorpus
import isocorpus.split
from isocorpus import parallel
from isocorpus.errors import InputError, UsageError
from isocorpus.export.jsonl import json_line
from isocorpus.filters import ArticleFilter, SortKey, sort_articles
from isocorpus.pipeline import Matching, articles, make_filter, rendered
from isocorpus.render.table import tsv_row

UNIT = isocorpus.bundled_path().read_bytes().rstrip(b"\n") + b"\n"
ALL = list(isocorpus.iter_articles())


@pytest.fixture
def x4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(parallel, "BATCH_BYTES", 100_000)  # a dozen batches: a real pool
    path = tmp_path / "x4.txt"
    path.write_bytes(UNIT * 4)
    return str(path)


def _keys(stream: object) -> list[tuple[int, str]]:
    return [(a.seq, a.id) for a in stream]  # type: ignore[attr-defined]


def test_make_filter_reads_dates_and_names_the_parameter_at_fault() -> None:
    chosen = make_filter(["McNally"], since="April 1 2019", until="2019", language="en", unique=True)
    assert chosen.authors == ("McNally",) and chosen.languages == ("en",) and chosen.unique
    assert (str(chosen.since), str(chosen.until)) == ("2019-04-01", "2019-12-31")
    with pytest.raises(UsageError) as caught:
        make_filter(until="yesterday")
    assert caught.value.option == "until"
    assert str(caught.value) == "until: cannot read 'yesterday' as a date (try 2019-04-01)"


def test_matching_case_flags_override_smart_case() -> None:
    def hits(query: object, text: str) -> int:
        return len(list(query.finditer(text)))  # type: ignore[attr-defined]

    assert hits(Matching().compile("war"), "WAR is peace") == 1
    assert hits(Matching().compile("War"), "war is peace") == 0
    assert hits(Matching(ignore_case=True).compile("War"), "war is peace") == 1
    assert hits(Matching(ignore_case=True, case_sensitive=True).compile("war"), "WAR") == 0


def test_articles_filters_and_orders() -> None:
    selection = ArticleFilter(languages=("en",))
    assert _keys(articles(None, selection)) == _keys(a for a in ALL if a.language == "en")
    longest = articles(None, sort=SortKey.words, reverse=True, limit=3)
    assert _keys(longest) == _keys(sort_articles(ALL, SortKey.words, True, 3))
    assert _keys(articles(None, reverse=True)) == _keys(reversed(ALL))


def test_articles_checks_the_inputs_before_it_returns(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        articles([str(isocorpus.bundled_path()), str(tmp_path / "missing.txt")])


@pytest.mark.parametrize("unique", [False, True])
def test_articles_on_two_processes_are_the_articles_of_one(x4: str, unique: bool) -> None:
    selection = ArticleFilter(unique=unique, authors=("a",))
    expected = list(selection.apply(isocorpus.iter_articles([x4, x4])))
    assert len(expected) > 1
    assert list(articles([x4, x4], selection, jobs=1)) == expected
    assert list(articles([x4, x4], selection, jobs=2)) == expected


@pytest.mark.parametrize("unique", [False, True])
def test_rendered_in_input_order_is_what_one_process_writes(x4: str, unique: bool) -> None:
    selection = ArticleFilter(unique=unique)
    expected = [json_line(a).encode() for a in articles([x4, x4], selection)]
    assert list(rendered([x4, x4], selection, json_line, jobs=2)) == expected
    assert list(rendered([x4, x4], selection, json_line, jobs=2, limit=5)) == expected[:5]


def test_rendered_in_an_order_sorts_first() -> None:
    chunks = rendered(None, None, tsv_row, sort=SortKey.date, limit=4, encoding="utf-16-le")
    assert list(chunks) == [tsv_row(a).encode("utf-16-le") for a in sort_articles(ALL, SortKey.date, limit=4)]


@pytest.mark.parametrize("ordered", [False, True])
def test_hooks_warnings_progress_and_the_end_of_reading(tmp_path: Path, ordered: bool) -> None:
    dump = tmp_path / "glitch.txt"
    dump.write_bytes(UNIT + isocorpus.split.MARKER + b"\n")  # warns: an empty entry
    warnings: list[str] = []
    progress: list[int] = []
    ends: list[str] = []
    chunks = rendered(
        [str(dump)],
        None,
        tsv_row,
        sort=SortKey.words if ordered else None,
        on_warning=lambda d: warnings.append(str(d)),
        on_progress=lambda done, total: progress.append(done),
        on_done=lambda: ends.append("done"),
    )
    assert len(list(chunks)) == len(ALL) + 1
    assert ends == ["done"]
    assert progress and progress[-1] == dump.stat().st_size
    assert warnings == [str(d) for d in _diagnostics(dump)] and warnings


def _diagnostics(path: Path) -> list[object]:
    found: list[object] = []
    list(isocorpus.iter_articles(str(path), on_warning=found.append))
    return found


def test_nothing_is_printed(capsys: pytest.CaptureFixture[str], x4: str) -> None:
    list(rendered([x4], None, json_line, jobs=2, on_warning=lambda d: None))
    list(articles([x4], on_warning=lambda d: None))
    assert capsys.readouterr() == ("", "")
