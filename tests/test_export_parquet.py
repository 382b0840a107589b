"""Articles → Parquet (isocorpus.export.parquet), read back by pyarrow, pandas, polars and DuckDB."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import isocorpus  # noqa: E402
import isocorpus.export.parquet as parquet  # noqa: E402
from isocorpus.errors import OutputError  # noqa: E402
from isocorpus.export.parquet import (  # noqa: E402
    BLOCKS_SCHEMA,
    SCHEMA,
    ParquetSink,
    article_row,
    output_paths,
    record_batches,
    write_parquet,
)

CORPUS = list(isocorpus.iter_articles())


def expected_row(a: isocorpus.Article) -> dict[str, object]:
    """What a row of the articles table holds, from the Article (not from ``article_row``)."""
    d = a.as_dict()
    feed = a.footer
    return {
        "id": a.id,
        "seq": a.seq,
        "source": a.source,
        "offset": a.offset,
        "line": a.line,
        "page": a.page,
        "published": a.published,
        "date": a.date,
        "byline": a.byline,
        "authors": list(a.authors),
        "language": a.language,
        "lede": a.lede,
        "text": a.text,
        "apparatus": a.apparatus,
        "word_count": a.word_count,
        "signatories": list(a.signatories),
        "feed": a.feed,
        "footer_as_of": feed.as_of if feed else None,
        "footer_last_new": feed.last_new if feed else None,
        "next_feed": feed.next_feed if feed else None,
        "footer_line": feed.line if feed else None,
        "warnings": list(a.warnings),
        "blocks": d["blocks"],
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "sw.parquet"
    assert write_parquet(CORPUS, path) == 21
    return path


def test_rows_hold_every_field(exported: Path) -> None:
    table = pq.read_table(exported)
    assert table.schema.equals(SCHEMA)
    assert table.to_pylist() == [expected_row(a) for a in CORPUS]


def test_blocks_table_is_flat_and_joins_back(exported: Path) -> None:
    blocks = pq.read_table(exported.with_name("sw.blocks.parquet"))
    assert blocks.schema.equals(BLOCKS_SCHEMA)
    assert blocks.num_rows == sum(len(a.blocks) for a in CORPUS) == 814  # as the JSON Lines export counts them
    rows = blocks.to_pylist()
    by_key: dict[tuple[str, int], list[dict[str, object]]] = {}
    for row in rows:
        by_key.setdefault((row["source"], row["offset"]), []).append(row)
    for a in CORPUS:
        mine = by_key[(a.source, a.offset)]
        assert [(r["position"], r["kind"], r["text"], r["line"]) for r in mine] == [
            (i, b.kind.value, b.text, b.line) for i, b in enumerate(a.blocks)
        ]
        assert {r["id"] for r in mine} == {a.id} and {r["seq"] for r in mine} == {a.seq}


def test_pandas_polars_and_duckdb_read_it(exported: Path) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    bylines = Counter(a.byline for a in CORPUS)
    frame = pd.read_parquet(exported)
    assert list(frame.columns) == SCHEMA.names
    assert frame["word_count"].sum() == sum(a.word_count for a in CORPUS)
    assert frame["blocks"].map(len).sum() == 814
    polars = pl.read_parquet(exported)
    assert polars.height == 21
    assert polars["published"].dtype == pl.Datetime("ms")
    assert dict(polars.group_by("byline").len().iter_rows()) == bylines
    got = duckdb.sql(f"select byline, count(*) from '{exported}' group by 1").fetchall()
    assert dict(got) == bylines
    words = duckdb.sql(f"select sum(len(blocks)) from '{exported}'").fetchall()[0]
    assert words == (814,)
    kinds = duckdb.sql(f"select kind, count(*) from '{exported.with_name('sw.blocks.parquet')}' group by 1").fetchall()
    assert dict(kinds) == Counter(b.kind.value for a in CORPUS for b in a.blocks)


def test_published_is_a_naive_millisecond_timestamp(exported: Path) -> None:
    field = pq.read_schema(exported).field("published")
    assert field.type == pa.timestamp("ms") and field.type.tz is None
    assert pq.ParquetFile(exported).metadata.row_group(0).column(0).compression == "ZSTD"


def test_row_groups_hold_at_most_so_many_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP_ARTICLES", 5)
    path = tmp_path / "x.parquet"
    write_parquet(CORPUS, path)
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [5, 5, 5, 5, 1]
    # Batches that span row groups read the nested blocks (a dictionary nested in them could not).
    batches = list(pq.ParquetFile(path).iter_batches(batch_size=7))
    assert sum(b.num_rows for b in batches) == 21
    assert pa.Table.from_batches(batches).to_pylist() == [expected_row(a) for a in CORPUS]
    flat = pq.ParquetFile(path.with_name("x.blocks.parquet"))
    assert sum(b.num_rows for b in flat.iter_batches(batch_size=100)) == 814


def test_row_groups_are_cut_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Strings of a batch must stay far below the 2 GiB 32-bit offsets address: a group ends
    # once its text passes ROW_GROUP_BYTES, whatever its count.
    assert parquet.ROW_GROUP_BYTES * 8 < 2**31
    limit = 40_000
    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", limit)
    path = tmp_path / "x.parquet"
    write_parquet(CORPUS, path)
    file = pq.ParquetFile(path)
    assert file.metadata.num_row_groups > 5
    rows = iter(CORPUS)
    for i in range(file.metadata.num_row_groups):
        group = file.read_row_group(i, columns=["text", "apparatus"])
        sizes = [2 * len(t) + 2 * len(p) + 64 for t, p in zip(*group.to_pydict().values(), strict=True)]
        assert sum(sizes[:-1]) < limit  # the last row is the one that passed it
        for _ in sizes:
            next(rows)
    assert pq.read_table(path).to_pylist() == [expected_row(a) for a in CORPUS]


def test_output_paths() -> None:
    assert output_paths("a/sw.parquet") == (Path("a/sw.parquet"), Path("a/sw.blocks.parquet"))
    assert output_paths("out") == (Path("out/articles.parquet"), Path("out/blocks.parquet"))


def test_a_directory_is_made_and_existing_files_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    write_parquet(CORPUS[:3], out)
    assert sorted(p.name for p in out.iterdir()) == ["articles.parquet", "blocks.parquet"]
    with pytest.raises(OutputError, match="file exists"):
        write_parquet(CORPUS, out)
    assert pq.read_table(out / "articles.parquet").num_rows == 3
    write_parquet(CORPUS, out, force=True)
    assert pq.read_table(out / "articles.parquet").num_rows == 21


def test_an_error_half_way_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"

    def failing() -> object:
        yield from CORPUS[:4]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_parquet(failing(), path)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_no_articles_give_empty_tables(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    assert write_parquet([], path) == 0
    assert pq.read_table(path).num_rows == 0 and pq.read_table(path).schema.equals(SCHEMA)
    articles, blocks = record_batches([])
    assert articles.num_rows == blocks.num_rows == 0


def test_rows_pickle_and_sink_counts(tmp_path: Path) -> None:
    row = article_row(CORPUS[3])
    assert pickle.loads(pickle.dumps(row)) == row
    with ParquetSink(tmp_path / "x.parquet") as sink:
        sink.add(row)
        sink.add(article_row(CORPUS[4]))
    assert sink.count == 2
    assert [r["seq"] for r in pq.read_table(tmp_path / "x.parquet").to_pylist()] == [4, 5]


def test_flat_records_and_batches_for_spark_and_ray(exported: Path) -> None:
    from isocorpus.export.parquet import FLAT_SCHEMA, flat_batch, flat_record

    assert "blocks" not in FLAT_SCHEMA.names
    assert not any(pa.types.is_dictionary(f.type) for f in FLAT_SCHEMA)
    batch = flat_batch(CORPUS)
    expected = [{k: v for k, v in expected_row(a).items() if k != "blocks"} for a in CORPUS]
    assert batch.to_pylist() == expected
    assert flat_record(CORPUS[0]) == expected[0]
    assert flat_batch([]).num_rows == 0
