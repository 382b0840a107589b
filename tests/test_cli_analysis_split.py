"""words, ngrams and keyness split up: --scheduler (a real LocalCluster of two worker processes)
and --shard I/N give what one local run gives."""

from __future__ import annotations

import json
import pickle
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.analysis.counting import CountOptions, Table, WordCount, article_types, count_partition
from isocorpus.analysis.dispersion import PartSpill
from isocorpus.analysis.keyness import KeynessGroups
from isocorpus.analysis.measures import gries_dp
from isocorpus.cli import app
from isocorpus.pipeline import make_filter, where_filter

CORPUS = isocorpus.bundled_path()


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus three times over (823 kB, 63 articles)."""
    path = tmp_path_factory.mktemp("split") / "x3.txt"
    path.write_bytes(b"\n".join([CORPUS.read_bytes()] * 3))
    return path


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """One LocalCluster for the module: two worker processes of one thread."""
    pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranges of 100 kB on the cluster, and a local pool of two processes (other batches)."""
    import isocorpus.dask

    monkeypatch.setattr(isocorpus.dask, "MIN_COUNT_BLOCKSIZE", 100_000)
    monkeypatch.setenv("ISOCORPUS_JOBS", "2")


def test_the_cluster_cuts_the_input_in_several_ranges(address: str, corpus: Path, small_ranges: None) -> None:
    from distributed import Client

    from isocorpus.dask import count_plan

    with Client(address) as client:
        ranges = count_plan(client, [corpus])
        assert len(ranges) == 8  # four per worker thread
        got = list(isocorpus.dask.count_on(client, [corpus], WordCount(CountOptions(parts=True)), ranges=ranges))
    assert len(got) == 8  # one table per range, added up on the worker
    assert sum(t.articles for t in got) == 3 * 21


@pytest.mark.parametrize(
    "args",
    [
        ["words"],
        ["words", "--author", "McNally", "--lang", "en"],
        ["words", "--by", "month", "--sort", "dp"],
        ["ngrams", "-n", "3"],
        ["ngrams", "-n", "2", "--min-freq", "1", "--lang", "en"],
        ["keyness", "--target", "author:McNally", "--reference", "lang:en"],
    ],
    ids=lambda a: " ".join(a),
)
def test_scheduler_output_is_identical_to_the_local_run(
    address: str, corpus: Path, small_ranges: None, args: list[str]
) -> None:
    for fmt in ("tsv", "json"):  # json: every float at full precision (DP too)
        local = run(*args, "--format", fmt, str(corpus))
        assert local.exit_code == 0, local.output
        there = run(*args, "--format", fmt, "--scheduler", address, str(corpus))
        assert there.exit_code == 0, there.output
        assert there.stderr == ""
        assert there.stdout == local.stdout
        assert len(there.stdout.splitlines()) > 10


def test_keyness_with_reference_files_on_the_cluster(address: str, corpus: Path, small_ranges: None) -> None:
    args = ["keyness", "--target", "lang:en", "--reference", str(CORPUS), "--format", "json", str(corpus)]
    local = run(*args)
    assert local.exit_code == 0, local.output
    there = run(*args, "--scheduler", address)
    assert there.exit_code == 0, there.output
    assert there.stdout == local.stdout


@pytest.mark.parametrize("n", [2, 3, 5])
def test_words_shards_add_up_to_the_whole(corpus: Path, n: int) -> None:
    whole = json.loads(run("words", "--format", "json", str(corpus)).stdout)
    freq: Counter[str] = Counter()
    rng: Counter[str] = Counter()
    for i in range(1, n + 1):
        result = run("words", "--format", "json", "--shard", f"{i}/{n}", str(corpus))
        assert result.exit_code == 0, result.output
        for row in json.loads(result.stdout):
            freq[row["type"]] += row["freq"]
            rng[row["type"]] += row["range"]
    assert freq == Counter({r["type"]: r["freq"] for r in whole})
    assert rng == Counter({r["type"]: r["range"] for r in whole})
    assert sum(freq.values()) == 3 * 42_692  # the bundled corpus's tokens, three times


def test_a_shard_of_one_is_the_whole(corpus: Path) -> None:
    for args in (["words"], ["ngrams", "-n", "3"], ["keyness", "--target", "author:McNally"]):
        whole = run(*args, "--format", "json", str(corpus))
        one = run(*args, "--format", "json", "--shard", "1/1", str(corpus))
        assert one.exit_code == 0, one.output
        assert one.stdout == whole.stdout


def test_shards_keep_the_filters(corpus: Path) -> None:
    whole = json.loads(run("words", "--format", "json", "--author", "McNally", str(corpus)).stdout)
    got: Counter[str] = Counter()
    for i in (1, 2):
        for row in json.loads(
            run("words", "--format", "json", "--author", "McNally", "--shard", f"{i}/2", str(corpus)).stdout
        ):
            got[row["type"]] += row["freq"]
    assert got == Counter({r["type"]: r["freq"] for r in whole})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["words", "--shard", "1/2", "--scheduler", "local"], "choose one"),
        (["ngrams", "--shard", "1/2", "--unique"], "--unique needs every article in one process: not with --shard"),
        (["keyness", "-t", "lang:en", "--scheduler", "local", "--unique"], "not with --scheduler"),
        (["words", "--shard", "3/2"], "expected I/N"),
    ],
)
def test_bad_splits_are_usage_errors(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_what_goes_to_the_workers_pickles() -> None:
    selection = make_filter(authors=["McNally"], language="en", where="socialist OR workers")
    groups = KeynessGroups(where_filter("author:McNally"), where_filter("lang:en"))
    article = next(a for a in isocorpus.iter_articles() if "McNally" in a.byline)
    other = next(a for a in isocorpus.iter_articles() if "McNally" not in a.byline)
    for thing in (selection, selection.matches):
        again = pickle.loads(pickle.dumps(thing))
        keep = again.matches if thing is selection else again
        assert keep(article) is selection.matches(article) is True
        assert keep(other) is selection.matches(other) is False
    step = WordCount(CountOptions(group=groups, parts=True))
    assert pickle.loads(pickle.dumps(step))([article]).groups == step([article]).groups


def _dispersion(tables: list[Table]) -> dict[str, tuple[float, float]]:
    total = Table()
    with PartSpill() as spill:
        for table in tables:
            spill.add(table.take_parts())
            total.add(table)
        return spill.dispersion(total.freq, total.tokens)


@pytest.mark.parametrize("numpy", [True, False])
def test_dp_is_the_same_float_whatever_the_batches(numpy: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if numpy:
        pytest.importorskip("numpy")
    else:
        monkeypatch.setitem(sys.modules, "numpy", None)  # the pure-Python sums
    articles = list(isocorpus.iter_articles()) * 3
    options = CountOptions(parts=True)
    one = _dispersion([count_partition(articles, options)])
    for size in (1, 7, 40):
        batches = [count_partition(articles[i : i + size], options) for i in range(0, len(articles), size)]
        assert _dispersion(batches) == one  # equal floats, not close ones
    # and it is Gries' DP, computed from each article's counts by measures.gries_dp
    counts = [Counter(article_types(a, options)) for a in articles]
    sizes = [sum(c.values()) for c in counts]
    for word in ("the", "mcnally", "workers"):
        assert one[word][0] == pytest.approx(gries_dp([c[word] for c in counts], sizes), abs=1e-12)
