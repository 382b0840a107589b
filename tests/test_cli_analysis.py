"""The statistics commands at the command line: words, ngrams, collocates, keyness, plot."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isocorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "isocorpus" / "data" / "socialistworker-2019.txt"


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, list(args), input=input)


def tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def test_words_piped_is_tsv_with_a_header() -> None:
    result = run("words", "--top", "3")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "type\tfreq\tper_10k\trange\tdp\tdp_norm"
    assert lines[1].startswith("the\t2555\t598.47\t19\t0.124\t")
    assert len(lines) == 4


def test_words_json_has_full_precision_and_every_type() -> None:
    result = run("words", "--format", "json")
    rows = json.loads(result.stdout)
    assert len(rows) == 6_186 and sum(r["freq"] for r in rows) == 42_692
    mp = next(r for r in rows if r["type"] == "micro-party")
    assert (mp["freq"], mp["range"]) == (23, 3)
    assert mp["per_10k"] == 23 * 10_000 / 42_692
    assert 0.79 < mp["dp"] < 0.81


def test_words_by_lang_and_filters() -> None:
    result = run("words", "--by", "lang", "--top", "2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["type", "freq", "per_10k", "range", "dp", "dp_norm", "en", "es"]
    assert rows[0]["type"] == "the" and rows[0]["es"] == "0"
    es = tsv(run("words", "--lang", "es", "--top", "1").stdout)
    assert es[0]["type"] == "de"
    stop = tsv(run("words", "--lang", "es", "--stop", "es", "--top", "1").stdout)
    assert stop[0]["type"] != "de"
    assert int(tsv(run("words", "--min-range", "21").stdout)[-1]["range"]) == 21


def test_words_on_stdin_and_a_directory(tmp_path: Path) -> None:
    text = CORPUS.read_text(encoding="utf-8")
    piped = run("words", "-", "--top", "1", input=text)
    assert piped.exit_code == 0
    assert tsv(piped.stdout)[0] == tsv(run("words", "--top", "1").stdout)[0]
    folder = tmp_path / "dumps"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(CORPUS, folder / name)
    both = tsv(run("words", str(folder), "--top", "1").stdout)[0]
    assert both["freq"] == str(2 * 2555) and both["range"] == "38"
    unique = tsv(run("words", str(folder), "--unique", "--top", "1").stdout)[0]
    assert unique["freq"] == "2555"


def test_words_lemma() -> None:
    rows = tsv(run("words", "--lemma", "--format", "tsv").stdout)
    found = {r["type"] for r in rows}
    assert "party" in found and "parties" not in found


def test_ngrams() -> None:
    result = run("ngrams", "-n", "3", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"ngram": "socialism from below", "freq": 17, "range": 9} in rows
    assert min(r["freq"] for r in rows) == 2  # the default --min-freq
    cluster = tsv(run("ngrams", "-n", "2", "--containing", "micro-party").stdout)
    assert all("micro-party" in r["ngram"].split() for r in cluster)
    assert {"ngram": "micro-party model", "freq": "11", "range": "2"}  # as collocates: model R1 11 in cluster
    bad = run("ngrams", "-n", "7")
    assert bad.exit_code == 2


def test_collocates() -> None:
    result = run("collocates", "micro-party", "-L", "5", "-R", "5", "--min-co", "3", "--measure", "logdice")
    assert result.exit_code == 0
    rows = tsv(result.stdout)
    assert list(rows[0]) == ["collocate", "co", "left", "right", "freq", "logdice"]
    assert rows[0] == {"collocate": "model", "co": "11", "left": "0", "right": "11", "freq": "37", "logdice": "12.553"}
    data = json.loads(run("collocates", "micro-party", "--format", "json").stdout)
    assert set(data[0]["scores"]) == {"logdice", "mi", "mi3", "t", "z", "ll", "dice", "lr"}
    mi = tsv(run("collocates", "micro-party", "--measure", "mi").stdout)
    assert list(mi[0])[-1] == "mi"
    regex = tsv(run("collocates", "centrali[sz]m", "--regex", "--min-co", "2").stdout)
    assert regex and regex[0]["collocate"] == "democratic"


def test_collocates_svg(tmp_path: Path) -> None:
    target = tmp_path / "graph.svg"
    result = run("collocates", "micro-party", "--svg", str(target))
    assert result.exit_code == 0
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>")
    assert 'data-collocate="model"' in svg and ">micro-party<" in svg
    again = run("collocates", "micro-party", "--svg", str(target))
    assert again.exit_code == 2 and "exists" in again.stderr
    assert run("collocates", "micro-party", "--svg", str(target), "--force").exit_code == 0
    assert run("collocates", "micro-party", "--svg", "-").stdout.startswith("<?xml")


def test_keyness() -> None:
    result = run("keyness", "--target", "author:McNally", "--reference", "lang:en")
    assert result.exit_code == 0, result.output
    rows = tsv(result.stdout)
    assert list(rows[0]) == ["type", "a", "b", "per10k_a", "per10k_b", "G2", "p", "log_ratio", "%diff"]
    assert (rows[0]["type"], rows[0]["a"], rows[0]["b"], rows[0]["G2"], rows[0]["log_ratio"]) == (
        "party",
        "39",
        "42",
        "61.14",
        "2.69",
    )
    assert float(rows[-1]["G2"]) < 0
    top = tsv(run("keyness", "--target", "author:McNally", "--reference", "lang:en", "--top", "2").stdout)
    assert len(top) == 4
    strict = run("keyness", "-t", "author:McNally", "-r", "lang:en", "--p", "0.05", "--bonferroni", "-f", "json")
    assert all(r["p"] < 0.05 for r in json.loads(strict.stdout))


def test_keyness_against_a_file(tmp_path: Path) -> None:
    rest = tmp_path / "ref.txt"
    shutil.copy(CORPUS, rest)
    result = run("keyness", "--target", "author:McNally", "--reference", str(rest), "-f", "json")
    assert result.exit_code == 0, result.output
    party = next(r for r in json.loads(result.stdout) if r["type"] == "party")
    assert (party["a"], party["b"]) == (39, 81)


def test_keyness_errors() -> None:
    bad = run("keyness", "--target", "writer:McNally")
    assert (
        bad.exit_code == 2
        and bad.stderr.startswith("isocorpus: error: query: ")
        and "unknown field 'writer'" in bad.stderr
    )
    nobody = run("keyness", "--target", "author:Nobody")
    assert nobody.exit_code == 2 and "no article" in nobody.stderr
    assert "Traceback" not in bad.output + nobody.output
    malformed = run("keyness", "--target", "author:McNally AND (caucus", "--reference", "lang:en")
    assert malformed.exit_code == 2 and malformed.stdout == ""
    assert malformed.stderr.splitlines() == [
        "isocorpus: error: query: expected ')' to close the '(' at column 20, found end of query at column 27"
    ]


def test_keyness_subcorpora_in_the_query_language() -> None:
    """--target and --reference take what --where takes: terms, AND/OR/NOT, metadata."""
    result = run("keyness", "--target", "author:McNally OR caucus", "--reference", "lang:en", "-f", "json")
    assert result.exit_code == 0, result.output
    both = run("keyness", "-t", "author:McNally AND lang:en", "-r", "lang:en AND NOT author:McNally", "--top", "1")
    assert both.exit_code == 0, both.output
    assert tsv(both.stdout)[0]["type"] == "party" and tsv(both.stdout)[0]["a"] == "39"


def test_plot(tmp_path: Path) -> None:
    result = run("plot", "micro-party", "-e", "#metoo", "--summary")
    assert result.exit_code == 0
    rows = tsv(result.stdout)
    assert [(r["pattern"], r["freq"], r["range"]) for r in rows] == [("micro-party", "23", "3"), ("#metoo", "33", "9")]
    per_article = tsv(run("plot", "micro-party").stdout)
    assert len(per_article) == 21 and sum(int(r["hits"]) for r in per_article) == 23
    target = tmp_path / "plot.svg"
    assert run("plot", "micro-party", "--svg", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").count("<line") == 23


def test_a_terminal_table_and_barcode(monkeypatch: pytest.MonkeyPatch) -> None:
    table = run("words", "--top", "2", "--format", "table")
    assert "42,692 tokens (not wc -w words)" in " ".join(table.stdout.split())
    from isocorpus.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stream=None: True)
    drawn = run("plot", "micro-party")
    assert "23 hits, range 3/21" in drawn.stdout and "│" in drawn.stdout


def test_counted_on_a_process_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five copies (several batches): worker processes count, the parent merges; same figures ×5."""
    monkeypatch.setenv("ISOCORPUS_JOBS", "2")
    big = tmp_path / "x5.txt"
    unit = CORPUS.read_bytes()
    big.write_bytes(unit * 5)
    words = json.loads(run("words", str(big), "--format", "json").stdout)
    the = next(r for r in words if r["type"] == "the")
    assert (the["freq"], the["range"]) == (5 * 2555, 5 * 19)
    assert sum(r["freq"] for r in words) == 5 * 42_692
    ngrams = tsv(run("ngrams", "-n", "3", str(big), "--containing", "below").stdout)
    assert {"ngram": "socialism from below", "freq": "85", "range": "45"} in ngrams
    colloc = tsv(run("collocates", "micro-party", str(big)).stdout)[0]
    assert (colloc["collocate"], colloc["co"], colloc["freq"]) == ("model", "55", "185")
    key = tsv(run("keyness", "-t", "author:McNally", "-r", "lang:en", str(big), "--top", "1").stdout)[0]
    assert (key["type"], key["a"], key["b"], key["G2"]) == ("party", "195", "210", f"{5 * 61.1397:.2f}")
