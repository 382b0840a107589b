"""README's "Past one machine" recipes for Spark and Ray, run when pyspark (and a Java) or ray is installed.

Both come with the `engines` extra, which the `test` extra pulls in, so CI runs them; without them (or, for
Spark, without a Java) these tests are skipped.
The functions below are the README's, word for word.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import isocorpus

pytest.importorskip("pyarrow")

from isocorpus.export.parquet import FLAT_SCHEMA, flat_batch, flat_record, spark_ddl  # noqa: E402

EXPECTED = [flat_record(a) for a in isocorpus.iter_articles()]


# --- Spark: binaryFile + mapInArrow -----------------------------------------------------------


def parse_files(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow's function: batches of (path, content) rows in, batches of articles out."""
    import isocorpus
    from isocorpus.export.parquet import flat_batch

    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(), strict=True):
            yield flat_batch(isocorpus.parse_bytes(content, source=path))


@pytest.mark.filterwarnings("ignore::FutureWarning")  # PySpark's, about pandas 3
def test_spark_recipe(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java")
    from pyspark import cloudpickle
    from pyspark.sql import SparkSession

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # a script's functions go by value; a test's not

    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "sw.txt").write_bytes(isocorpus.bundled_path().read_bytes())
    spark = SparkSession.builder.master("local[2]").appName("isocorpus").getOrCreate()
    try:
        files = spark.read.format("binaryFile").load(str(tmp_path / "dumps" / "*.txt"))
        articles = files.select("path", "content").mapInArrow(parse_files, spark_ddl())
        got = articles.orderBy("seq").toArrow().to_pylist()
    finally:
        spark.stop()
    assert [(r["seq"], r["id"], r["byline"], r["text"]) for r in got] == [
        (r["seq"], r["id"], r["byline"], r["text"]) for r in EXPECTED
    ]
    assert all(r["source"].endswith("sw.txt") for r in got)


# --- Ray: read_binary_files + flat_map --------------------------------------------------------


def parse_file(row: dict[str, Any]) -> list[dict[str, Any]]:
    """flat_map's function: one file's row (bytes, path) in, its articles out."""
    import isocorpus
    from isocorpus.export.parquet import flat_record

    return [flat_record(a) for a in isocorpus.parse_bytes(row["bytes"], source=row["path"])]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray's own, about its own settings
def test_ray_recipe(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # a script's functions go by value; a test's not
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "sw.txt").write_bytes(isocorpus.bundled_path().read_bytes())
    # Ray's sockets live under its temp dir, whose path must stay short (108 bytes): not tmp_path.
    short = tempfile.mkdtemp(prefix="ray-", dir="/tmp" if os.path.isdir("/tmp") else None)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _temp_dir=short)
    try:
        files = ray.data.read_binary_files(str(tmp_path / "dumps"), include_paths=True)
        articles = files.flat_map(parse_file)
        articles.write_parquet(str(tmp_path / "out"))
        got = sorted(articles.take_all(), key=lambda r: r["seq"])
    finally:
        ray.shutdown()
        shutil.rmtree(short, ignore_errors=True)
    assert [(r["seq"], r["id"], r["byline"], r["text"]) for r in got] == [
        (r["seq"], r["id"], r["byline"], r["text"]) for r in EXPECTED
    ]
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out").num_rows == 21


def test_the_recipe_functions_work_without_an_engine() -> None:
    import pyarrow as pa

    content = isocorpus.bundled_path().read_bytes()
    batch = pa.RecordBatch.from_pylist([{"path": "sw.txt", "content": content}])
    (out,) = parse_files(iter([batch]))
    assert out.schema.equals(FLAT_SCHEMA)
    assert out.column("id").to_pylist() == [r["id"] for r in EXPECTED]
    rows = parse_file({"path": "sw.txt", "bytes": content})
    assert [r["seq"] for r in rows] == list(range(1, 22))
    assert rows[0]["source"] == "sw.txt"
    assert spark_ddl().startswith("`id` string, `seq` bigint, `source` string, `offset` bigint, `line` int")
    assert flat_batch([]).num_rows == 0
