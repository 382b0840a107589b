"""``isocorpus export --format parquet``, ``--shard I/N`` and ``--scheduler`` through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app

pq = pytest.importorskip("pyarrow.parquet")

CORPUS = list(isocorpus.iter_articles())


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(app, ["export", *args])


def test_parquet_to_a_file_and_its_blocks_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "sw.parquet"
    result = run("--format", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == f"isocorpus: wrote 21 articles to {out}\n"
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == [a.id for a in CORPUS]
    assert table.column("offset").to_pylist() == [a.offset for a in CORPUS]
    assert pq.read_table(tmp_path / "sw.blocks.parquet").num_rows == sum(len(a.blocks) for a in CORPUS)


def test_parquet_to_a_directory_with_filters(tmp_path: Path) -> None:
    result = run("-f", "parquet", "-o", str(tmp_path / "out"), "--lang", "es")
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "out" / "articles.parquet")
    assert table.column("seq").to_pylist() == [a.seq for a in CORPUS if a.language == "es"]
    assert set(table.column("language").to_pylist()) == {"es"}


def test_parquet_needs_an_output_and_keeps_existing_files(tmp_path: Path) -> None:
    result = run("-f", "parquet")
    assert result.exit_code == 2
    assert "give -o FILE" in result.stderr and result.stdout == ""
    out = tmp_path / "sw.parquet"
    out.write_text("keep me")
    result = run("-f", "parquet", "-o", str(out))
    assert result.exit_code == 2
    assert "file exists" in result.stderr
    assert out.read_text() == "keep me"
    assert run("-f", "parquet", "-o", str(out), "--force").exit_code == 0
    assert pq.read_table(out).num_rows == 21


@pytest.mark.parametrize("count", [1, 3, 8])
def test_jsonl_shards_together_are_the_whole(count: int) -> None:
    whole = run("-f", "jsonl").stdout
    parts = []
    for index in range(1, count + 1):
        result = run("-f", "jsonl", "--shard", f"{index}/{count}")
        assert result.exit_code == 0 and result.stderr == ""
        parts.append(result.stdout)
    assert "".join(parts) == whole
    assert len(whole.splitlines()) == 21


def test_parquet_shards_together_are_the_whole(tmp_path: Path) -> None:
    assert run("-f", "parquet", "-o", str(tmp_path / "whole.parquet")).exit_code == 0
    rows = []
    for index in (1, 2, 3):
        out = tmp_path / f"part-{index}.parquet"
        result = run("-f", "parquet", "-o", str(out), "--shard", f"{index}/3")
        assert result.exit_code == 0, result.output
        rows += pq.read_table(out).to_pylist()
    assert rows == pq.read_table(tmp_path / "whole.parquet").to_pylist()


def test_csv_shard_with_a_filter() -> None:
    result = run("-f", "csv", "--shard", "2/2", "--author", "Jani")
    assert result.exit_code == 0
    whole = run("-f", "csv", "--author", "Jani").stdout
    first = run("-f", "csv", "--shard", "1/2", "--author", "Jani").stdout
    header, *rows = whole.splitlines(keepends=True)
    assert first.splitlines(keepends=True)[1:] + result.stdout.splitlines(keepends=True)[1:] == rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard", "0/4"], "--shard: '0/4': expected I/N"),
        (["--shard", "five"], "expected I/N"),
        (["-f", "csv", "--scheduler", "local"], "--scheduler works with --format parquet"),
        (["-f", "parquet", "-o", "x.parquet", "--scheduler", "local", "--shard", "1/2"], "choose one"),
    ],
)
def test_bad_shard_and_scheduler_options(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_stdin_cannot_be_sharded() -> None:
    result = CliRunner().invoke(app, ["export", "--shard", "1/2", "-"], input="x")
    assert result.exit_code == 2
    assert "stdin cannot be cut" in result.stderr


def test_scheduler_local_writes_what_a_local_run_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setenv("ISOCORPUS_JOBS", "2")
    assert run("-f", "parquet", "-o", str(tmp_path / "here.parquet")).exit_code == 0
    result = run("-f", "parquet", "-o", str(tmp_path / "there.parquet"), "--scheduler", "local", "--unique")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    for name in ("{}.parquet", "{}.blocks.parquet"):
        here = pq.read_table(tmp_path / name.format("here")).to_pylist()
        there = pq.read_table(tmp_path / name.format("there")).to_pylist()
        assert json.dumps(there, default=str) == json.dumps(here, default=str)


def test_parquet_on_a_pool_of_workers_does_not_hang(tmp_path: Path) -> None:
    # pyarrow starts threads on import: a pool forked after that could hang on a lock a thread
    # held (a worker stuck in futex_wait); the pool is spawned then.
    import subprocess
    import sys

    big = tmp_path / "x6.txt"
    big.write_bytes(b"\n".join([isocorpus.bundled_path().read_bytes()] * 6))  # past one batch: a pool
    out = tmp_path / "x6.parquet"
    env = {**os.environ, "ISOCORPUS_JOBS": "2"}
    done = subprocess.run(
        [sys.executable, "-m", "isocorpus", "export", "-f", "parquet", "-o", str(out), str(big)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "isocorpus: note: 105 of 126 articles are copies of others; --unique counts each once",
        f"isocorpus: wrote 126 articles to {out}",
    ]
    assert pq.read_table(out).column("seq").to_pylist() == list(range(1, 127))
