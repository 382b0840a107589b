"""Dumps in pieces (isocorpus.ranges): parse_bytes, byte ranges, shards that add up to the whole."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import pytest
from parse_helpers import CORPUS, FIXTURES, crlf

import isocorpus
from isocorpus import Article, Block, BlockKind, Diagnostic, Feed
from isocorpus.errors import UsageError
from isocorpus.ranges import (
    ByteRange,
    RangeBase,
    RangeCounts,
    bases,
    count_range,
    iter_ranges,
    marker_at_or_after,
    parse_bytes,
    parse_range,
    parse_shard,
    plan_ranges,
    shard,
)
from isocorpus.sources import MARKER

DATA = CORPUS.read_bytes()
WHOLE = list(isocorpus.iter_articles(CORPUS))


def records(articles: list[Article]) -> list[tuple[dict[str, object], int]]:
    return [(a.as_dict(), a.offset) for a in articles]


def quiet(diagnostic: Diagnostic) -> None:
    pass


def test_offset_points_at_each_entry_marker() -> None:
    assert len(WHOLE) == 21
    for a in WHOLE:
        assert DATA[a.offset :].startswith(MARKER)
        assert DATA[: a.offset].count(b"\n") + 1 == a.line
    assert WHOLE[1].offset == 3500  # by hand: `grep -b` finds the second marker at byte 3500


def test_parse_bytes_gives_what_iter_articles_gives() -> None:
    assert records(list(parse_bytes(DATA, source=str(CORPUS)))) == records(WHOLE)
    assert isocorpus.parse_bytes is parse_bytes


def test_parse_bytes_reads_gzip_bom_and_crlf() -> None:
    plain = list(parse_bytes(DATA, source="x"))
    assert records(list(parse_bytes(gzip.compress(DATA), source="x"))) == records(plain)
    bom = list(parse_bytes(b"\xef\xbb\xbf" + DATA, source="x"))
    assert [a.as_dict() for a in bom] == [a.as_dict() for a in plain]
    assert [a.offset for a in bom] == [a.offset + 3 for a in plain]
    windows = list(parse_bytes(crlf(DATA), source="x"))
    assert [(a.id, a.line, a.byline, a.text, a.footer) for a in windows] == [
        (a.id, a.line, a.byline, a.text, a.footer) for a in plain
    ]
    assert all(crlf(DATA)[a.offset :].startswith(MARKER) for a in windows)


def test_parse_bytes_counts_lines_from_the_chunk_and_offsets_from_offset() -> None:
    fifth = WHOLE[4]
    chunk = DATA[fifth.offset :]
    got = list(parse_bytes(chunk, source="x", offset=fifth.offset))
    assert [a.id for a in got] == [a.id for a in WHOLE[4:]]
    assert got[0].seq == 1 and got[0].line == 1
    assert [a.line + fifth.line - 1 for a in got] == [a.line for a in WHOLE[4:]]
    assert [a.offset for a in got] == [a.offset for a in WHOLE[4:]]


def test_parse_bytes_warns_through_on_warning() -> None:
    said: list[Diagnostic] = []
    data = f"{MARKER.decode()}\n[l] at 2/30/19 1:00pm\nA Writer\n\nA lede.\n".encode()
    (article,) = parse_bytes(data, source="chunk", on_warning=said.append)
    assert article.published is None
    assert [(d.source, d.line) for d in said] == [("chunk", 2)]


def test_records_and_functions_pickle() -> None:
    article = WHOLE[0]
    back = pickle.loads(pickle.dumps(article))
    assert back == article and back.offset == article.offset and back.footer == article.footer
    assert pickle.loads(pickle.dumps(Block(BlockKind.LEDE, "x", 3))) == Block(BlockKind.LEDE, "x", 3)
    assert isinstance(pickle.loads(pickle.dumps(article.footer)), Feed)
    r = ByteRange("s", str(CORPUS), 10, 20, 1)
    assert pickle.loads(pickle.dumps(r)) == r
    assert pickle.loads(pickle.dumps(RangeBase(3, 2, 1))) == RangeBase(3, 2, 1)
    for function in (parse_bytes, parse_range, count_range, isocorpus.iter_articles):
        assert pickle.loads(pickle.dumps(function)) is function


def test_marker_at_or_after_finds_line_initial_markers() -> None:
    assert marker_at_or_after(str(CORPUS), 0) == 0
    assert marker_at_or_after(str(CORPUS), 1) == 3500
    assert marker_at_or_after(str(CORPUS), 3500) == 3500
    assert marker_at_or_after(str(CORPUS), 3501) == 12272
    assert marker_at_or_after(str(CORPUS), len(DATA) - 5) is None


@pytest.mark.parametrize("parts", [1, 2, 3, 7, 21, 64])
def test_shards_together_equal_the_whole(parts: int) -> None:
    got: list[Article] = []
    for index in range(parts):
        mine, before = shard(CORPUS, index, parts)
        got += iter_ranges(mine, before)
    assert records(got) == records(WHOLE)


def test_ranges_by_blocksize_with_their_counts_equal_the_whole() -> None:
    ranges = plan_ranges(CORPUS, blocksize=20_000)
    assert len(ranges) == len(DATA) // 20_000 + 1
    counts = [count_range(r) for r in ranges]
    assert sum(c.entries for c in counts) == 21
    assert sum(c.lines for c in counts) == DATA.count(b"\n")
    assert sum(c.pages for c in counts) == len({a.page for a in WHOLE if a.footer is not None})
    got = [a for r, b in zip(ranges, bases(ranges, counts), strict=True) for a in parse_range(r, b)]
    assert records(got) == records(WHOLE)


def _inputs(tmp_path: Path) -> list[Path]:
    """Three inputs: the corpus, a gzip copy (one range), and a copy with a BOM and CRLF."""
    plain = tmp_path / "a.txt"
    plain.write_bytes(DATA)
    packed = tmp_path / "b.txt.gz"
    packed.write_bytes(gzip.compress(DATA))
    windows = tmp_path / "c.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + crlf(DATA))
    return [plain, packed, windows]


@pytest.mark.parametrize("parts", [1, 2, 5, 11])
def test_shards_of_several_inputs_equal_the_whole(tmp_path: Path, parts: int) -> None:
    paths = _inputs(tmp_path)
    whole = list(isocorpus.iter_articles(paths))
    assert len(whole) == 63
    got: list[Article] = []
    for index in range(parts):
        mine, before = shard(paths, index, parts)
        got += iter_ranges(mine, before)
    assert records(got) == records(whole)


def test_a_gzip_input_is_one_range(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    assert [r for r in plan_ranges(paths, blocksize=10_000) if r.path.endswith(".gz")] == [
        ByteRange(str(paths[1]), str(paths[1]), 0, None)
    ]


def test_warnings_of_a_page_read_past_the_end_are_said_once(tmp_path: Path) -> None:
    entry = f"{MARKER.decode()}\n[l] at 4/1/19 1:00pm\nWriter\n\n" + "A paragraph of words here. " * 40 + "\n\n"
    page = entry * 5 + "As of 13/45/19 11:10pm. Last new 4/19/19 7:56am.\n\nNext feed in category: X\n"
    path = tmp_path / "bad.txt"
    path.write_text(page * 3)
    whole_said: list[Diagnostic] = []
    whole = list(isocorpus.iter_articles(path, on_warning=whole_said.append))
    for parts in (2, 4, 9):
        said: list[Diagnostic] = []
        got: list[Article] = []
        for index in range(parts):
            mine, before = shard(path, index, parts)
            got += iter_ranges(mine, before, on_warning=said.append)
        assert records(got) == records(whole)
        assert sorted(map(str, said)) == sorted(map(str, whole_said))
    assert len(whole_said) == 3  # one unreadable footer timestamp a page


def test_fixtures_cut_anywhere_equal_the_whole() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        whole = list(isocorpus.iter_articles(path, on_warning=quiet))
        for blocksize in (97, 1000):
            ranges = plan_ranges(path, blocksize=blocksize)
            counts = [count_range(r) for r in ranges]
            got = [a for r, b in zip(ranges, bases(ranges, counts), strict=True) for a in parse_range(r, b, quiet)]
            assert records(got) == records(whole), (path.name, blocksize)


def test_bad_shards_and_plans_are_refused() -> None:
    with pytest.raises(UsageError):
        shard(CORPUS, 3, 3)
    with pytest.raises(UsageError):
        shard("-", 0, 3)
    assert parse_shard("2/8") == (1, 8)
    for spec in ("0/8", "9/8", "1/0", "x", "1/", "/2"):
        with pytest.raises(UsageError):
            parse_shard(spec)
    with pytest.raises(ValueError):
        plan_ranges(CORPUS)
    with pytest.raises(ValueError):
        plan_ranges(CORPUS, blocksize=0)
    assert RangeCounts(1, 2, 3).entries == 2


def test_urls_and_their_globs_are_read_through_fsspec(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    paths = _inputs(tmp_path)
    url = f"file://{tmp_path}/*.txt*"
    ranges = plan_ranges(url, blocksize=50_000)
    assert sorted({r.path for r in ranges}) == sorted(f"file://{p}" for p in paths)
    counts = [count_range(r) for r in ranges]
    got = [a for r, b in zip(ranges, bases(ranges, counts), strict=True) for a in parse_range(r, b)]
    whole = list(isocorpus.iter_articles(paths))
    assert [(a.as_dict() | {"source": None}, a.offset) for a in got] == [
        (a.as_dict() | {"source": None}, a.offset) for a in whole
    ]
    assert {a.source for a in got} == {f"file://{p}" for p in paths}
