"""The benchmark harness (benchmarks/run.py): it builds scaled corpora and reads its options.

No timing is asserted here: the harness prints figures for a person to read.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

RUN_PY = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("isocorpus_bench_run", RUN_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_builds_a_x2_corpus_with_a_newline_between_copies(bench, tmp_path):
    original = bench.BUNDLED.read_bytes()
    path = bench.build_corpus(tmp_path, 2)
    data = path.read_bytes()
    unit = original if original.endswith(b"\n") else original + b"\n"
    assert path.name == "x2.txt"
    assert data == unit * 2
    marker = b"[*] [+] [-] [x] [A+] [a-]"
    assert data.count(marker) == 2 * original.count(marker)


def test_x2_corpus_parses_to_twice_the_articles(bench, tmp_path):
    import isocorpus

    path = bench.build_corpus(tmp_path, 2)
    once = list(isocorpus.iter_articles(None, on_warning=lambda d: None))
    twice = list(isocorpus.iter_articles(str(path), on_warning=lambda d: None))
    assert len(twice) == 2 * len(once)
    assert [a.id for a in twice] == [a.id for a in once] * 2


def test_an_existing_corpus_of_the_right_size_is_reused(bench, tmp_path):
    path = bench.build_corpus(tmp_path, 2)
    stamp = path.stat().st_mtime_ns
    assert bench.build_corpus(tmp_path, 2).stat().st_mtime_ns == stamp
    path.write_bytes(b"truncated")
    assert bench.build_corpus(tmp_path, 2).stat().st_size == 2 * len(bench.corpus_copy())


def test_default_arguments(bench):
    args = bench.parse_args([])
    assert args.rows == list(bench.ROWS)
    assert (args.runs, args.warmup, args.scale, args.big_scale) == (5, 1, 1000, 4000)
    assert args.workdir is None


def test_rows_runs_and_workdir(bench, tmp_path):
    args = bench.parse_args(["--rows", "list", "export", "--runs", "3", "--workdir", str(tmp_path)])
    assert args.rows == ["list", "export"]
    assert args.runs == 3
    assert args.workdir == tmp_path


@pytest.mark.parametrize("argv", [["--rows", "nonsense"], ["--runs", "0"], ["--runs", "x"]])
def test_bad_arguments_are_refused(bench, argv, capsys):
    with pytest.raises(SystemExit) as exc:
        bench.parse_args(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_pairs_name_the_issue_commands(bench, tmp_path):
    small, big = tmp_path / "x1000.txt", tmp_path / "x4000.txt"
    pairs = bench.make_pairs(list(bench.ROWS), ["isocorpus"], "python", small, big, tmp_path / "x1000.jsonl", 5)
    by_name = {p.name: p for p in pairs}
    assert by_name["list"].a == ["isocorpus", "list", str(small)]
    assert by_name["list"].b == ["wc", "-w", str(small)]
    assert by_name["grep"].b == ["grep", "-ci", "democratic centralism", str(big)]
    assert by_name["export"].b == ["jq", "-c", ".", str(tmp_path / "x1000.jsonl")]
    assert by_name["startup"].b == ["python", "-c", "import typer"]
    assert [p.target for p in pairs] == [1.0, 3.0, 0.75, 0.5, 1.5, 0.25, 2.0, 2.0, 2.0, 1.2, 0.6, 1.3]
    assert by_name["words"].a == ["isocorpus", "words", str(small)]
    assert by_name["words"].b[:2] == ["sh", "-c"] and "| sort | uniq -c | sort -rn" in by_name["words"].b[2]
    assert by_name["ngrams"].b == by_name["words"].a
    assert by_name["parquet"].a[1:4] == ["export", "--format", "parquet"]
    assert by_name["parquet"].b[1:4] == ["export", "--format", "jsonl"]
    assert by_name["dask"].a[:2] == ["env", "ISOCORPUS_JOBS=2"] and by_name["dask"].b[:2] == ["env", "ISOCORPUS_JOBS=1"]
    assert "--scheduler" in by_name["engine"].a and "--scheduler" not in by_name["engine"].b
    assert by_name["dask"].a[2:] == ["isocorpus", "words", "--scheduler", "local", str(small)]
    assert by_name["engine"].b == ["env", "ISOCORPUS_JOBS=2", "isocorpus", "words", str(small)]


def test_the_random_corpus_is_a_dump_of_distinct_articles(bench, tmp_path):
    import isocorpus

    path = bench.build_random_corpus(tmp_path, 1)
    articles = list(isocorpus.iter_articles(path))
    assert len(articles) > 50 and len({a.lede for a in articles}) == len(articles)
    assert all(a.published is not None and a.word_count > 100 for a in articles)


def test_a_command_that_fails_is_reported_not_available(bench):
    pair = bench.Pair(
        "demo",
        [sys.executable, "-c", "import sys; sys.exit(2)"],
        [sys.executable, "-c", "pass"],
        1.0,
        "≤ 1.0",
        "fails",
        "passes",
        1,
    )
    result = bench.run_pair(pair, 0, lambda message: None)
    assert result.note.startswith("A not available")
    assert result.a == [] and len(result.b) == 1
    assert "not available" in bench.format_table([result], [])


def test_grep_rows_keep_their_output(bench, tmp_path):
    # GNU grep stops at the first match when its output is /dev/null: the grep rows must not use it
    pairs = bench.make_pairs(["grep", "rg", "list"], ["isocorpus"], "python", tmp_path / "a", tmp_path / "b", None, 1)
    assert [p.keep_output for p in pairs] == [True, True, False]
    run = bench.run_once([sys.executable, "-c", "print(36000)"], keep_output=True)
    assert (run.code, run.stdout) == (0, "36000\n")
    assert bench.run_once([sys.executable, "-c", "print(1)"]).stdout == ""
