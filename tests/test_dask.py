"""isocorpus.dask on a real LocalCluster of two worker processes: the same results as one process."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import isocorpus  # noqa: E402
from isocorpus.dask import map_ranges, map_reduce, plan, read_dumps, write_parquet_on  # noqa: E402
from isocorpus.export.parquet import SCHEMA, write_parquet  # noqa: E402
from isocorpus.ranges import ByteRange, RangeBase, parse_range  # noqa: E402

CORPUS = isocorpus.bundled_path()
WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("dumps")
    plain = folder / "a.txt"
    plain.write_bytes(b"\n".join([CORPUS.read_bytes()] * 3))  # a newline between copies: no glued markers
    packed = folder / "b.txt.gz"
    packed.write_bytes(gzip.compress(CORPUS.read_bytes()))
    return [plain, packed]


def count_words(r: ByteRange) -> Counter[str]:
    """A simple map step: word frequencies of a range's texts."""
    counts: Counter[str] = Counter()
    for article in parse_range(r):
        counts.update(WORD.findall(article.text.casefold()))
    return counts


def seq_and_line(r: ByteRange, base: RangeBase) -> list[tuple[int, int]]:
    return [(a.seq, a.line) for a in parse_range(r, base)]


def test_the_cluster_has_two_worker_processes(client: distributed.Client) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    assert set(client.nthreads().values()) == {1}


def test_read_dumps_gives_the_parquet_export(client: distributed.Client, inputs: list[Path], tmp_path: Path) -> None:
    frame = read_dumps(inputs, blocksize="100kB")
    assert frame.npartitions == 9 + 1  # 823 kB of plain text in 100 kB ranges, the gzip input whole
    got = frame.compute()
    assert list(got.columns) == SCHEMA.names
    write_parquet(isocorpus.iter_articles(inputs), tmp_path / "x.parquet")
    expected = pq.read_table(tmp_path / "x.parquet")
    table = pa.Table.from_pandas(got, schema=SCHEMA, preserve_index=False)
    assert table.num_rows == 84
    assert table.equals(expected)


def test_read_dumps_queries_run_on_the_cluster(client: distributed.Client, inputs: list[Path]) -> None:
    frame = read_dumps(inputs, blocksize="256kB")
    counts = frame.groupby("byline")["id"].count().compute()
    expected = Counter(a.byline for a in isocorpus.iter_articles(inputs))
    assert dict(counts) == expected


def test_map_reduce_merges_counts_by_addition(client: distributed.Client, inputs: list[Path]) -> None:
    expected: Counter[str] = Counter()
    for article in isocorpus.iter_articles(inputs):
        expected.update(WORD.findall(article.text.casefold()))
    assert len(plan(inputs, 50_000)) == 18
    for fan_in in (8, 2, None):  # a tree on the workers (three levels, five), or here as they come
        got = map_reduce(client, count_words, inputs, blocksize=50_000, fan_in=fan_in)
        assert got == expected
    assert got is not None and got["the"] == expected["the"] > 1000


def test_map_ranges_keeps_range_order(client: distributed.Client, inputs: list[Path]) -> None:
    from isocorpus.dask import numbered

    ranges = plan(inputs, 30_000)
    starts = numbered(ranges, client)
    got = [pair for part in map_ranges(client, seq_and_line, ranges, starts, in_flight=3) for pair in part]
    assert got == [(a.seq, a.line) for a in isocorpus.iter_articles(inputs)]


def test_parquet_on_the_cluster_equals_the_local_export(
    client: distributed.Client, inputs: list[Path], tmp_path: Path
) -> None:
    write_parquet(isocorpus.iter_articles(inputs), tmp_path / "local.parquet")
    n = write_parquet_on(client, inputs, tmp_path / "cluster.parquet", blocksize=100_000)
    assert n == 84
    for name in ("local", "local.blocks"):
        other = name.replace("local", "cluster")
        # (row groups differ: a range's end cuts one; the rows are the same)
        assert (
            pq.read_table(tmp_path / f"{other}.parquet").to_pylist()
            == pq.read_table(tmp_path / f"{name}.parquet").to_pylist()
        )
    unique = write_parquet_on(client, inputs, tmp_path / "unique.parquet", unique=True)
    assert unique == 21
    blocks = pq.read_table(tmp_path / "unique.blocks.parquet")
    assert blocks.num_rows == sum(len(a.blocks) for a in isocorpus.iter_articles())
