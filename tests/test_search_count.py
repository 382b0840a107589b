"""grep -c on raw bytes (isocorpus.search.count): ranges, reads, processes, errors across processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from isocorpus import parallel
from isocorpus.search import DEFAULT_KINDS, compile_query, count
from isocorpus.search.count import CountSpec, count_file_range, plan_file, plan_ranges
from isocorpus.search.grep import count_hits
from isocorpus.search.prefilter import engines, make_finder
from isocorpus.sources import Source, bundled_path

ENGINES = engines()


def _quiet(_: object) -> None:
    pass


def test_ranges_split_at_markers_count_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    path = bundled_path()
    query = compile_query("the")
    expected = count_hits(path, query, engine="none")
    source = Source(str(path), path, path.stat().st_size)
    plan = plan_file(source, _quiet)
    assert plan is not None
    for engine in ENGINES:
        finder = make_finder(query, engine)
        assert finder is not None
        spec = CountSpec(query, finder, DEFAULT_KINDS, None, True)
        for jobs in (1, 2, 3, 7, 40):
            ranges = plan_ranges(plan, jobs)
            assert ranges[0][0] == 0 and ranges[-1][1] == plan.size
            assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
            tallies = [count_file_range(plan, lo, hi, spec) for lo, hi in ranges]
            assert sum(t.matches for t in tallies) == expected  # type: ignore[union-attr]
            assert sum(t.entries for t in tallies) == 21  # type: ignore[union-attr]


def test_small_blocks_carry_entries_across_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(count, "BLOCK_SIZE", 4096)  # smaller than most entries: reads must grow
    query = compile_query("the")
    assert count_hits(None, query, jobs=1) == count_hits(None, query, engine="none")


def test_processes_count_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(count, "MIN_RANGE", 1 << 14)
    query = compile_query("democratic centralism")
    assert count_hits(None, query, jobs=2) == 9


def test_spawned_processes_count_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is missing (Windows, macOS by default), workers are spawned: the spec must pickle."""
    monkeypatch.setattr(count, "MIN_RANGE", 1 << 14)
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    for engine in ENGINES:
        assert count_hits(None, compile_query("democratic centralism"), jobs=2, engine=engine) == 9


def test_a_file_that_vanishes_is_an_input_error(tmp_path: Path) -> None:
    from isocorpus.errors import InputError

    path = tmp_path / "gone.txt"
    path.write_bytes(bundled_path().read_bytes())
    plan = plan_file(Source(str(path), path), _quiet)
    assert plan is not None
    path.unlink()
    query = compile_query("democratic centralism")
    finder = make_finder(query)
    assert finder is not None
    with pytest.raises(InputError) as info:
        count_file_range(plan, 0, plan.size, CountSpec(query, finder, DEFAULT_KINDS, None, False))
    assert (info.value.message, info.value.source, info.value.line) == ("No such file or directory", str(path), None)
    with pytest.raises(InputError):
        count.count_file(plan, CountSpec(query, finder, DEFAULT_KINDS, None, False), 1)


def test_timeout_in_a_process_keeps_its_source_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from isocorpus.errors import SearchTimeoutError

    monkeypatch.setattr(count, "MIN_RANGE", 1 << 14)
    query = compile_query(r"The(?:(\w+\s?)+\1){e<=3}", timeout=0.02)
    with pytest.raises(SearchTimeoutError) as info:
        count_hits(None, query, jobs=2)
    assert info.value.source == "socialistworker-2019.txt"
    assert isinstance(info.value.line, int) and info.value.line > 1
