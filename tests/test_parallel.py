"""isocorpus.parallel: parsing on every core gives what one process gives, warnings and errors included.

Batches are made tiny (a few entries) so that even small inputs cross many batch boundaries
and start a real pool of two processes.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import isocorpus
import isocorpus.filters
import isocorpus.sources
from isocorpus import parallel
from isocorpus.errors import BinaryInputError, Diagnostic, InputError, UsageError
from isocorpus.export.jsonl import json_line
from isocorpus.render.table import tsv_row
from isocorpus.sources import TextDecoder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPUS = isocorpus.bundled_path().read_bytes()
UNIT = CORPUS if CORPUS.endswith(b"\n") else CORPUS + b"\n"
ASCII_UNIT = UNIT.decode("utf-8").encode("ascii", "replace")


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_BYTES", 40_000)  # three or four entries a batch
    # small chunks: the encoding of "ascii then …" inputs is decided after the first one
    monkeypatch.setattr(isocorpus.sources, "CHUNK_SIZE", 1 << 16)
    monkeypatch.delenv(parallel.JOBS_VARIABLE, raising=False)


def _sequential(inputs: object, render: Callable[..., object], keep: Callable[..., bool] | None = None):
    said: list[str] = []
    out = [
        (a.id, render(a))
        for a in isocorpus.iter_articles(inputs, on_warning=lambda d: said.append(str(d)))  # type: ignore[arg-type]
        if keep is None or keep(a)
    ]
    return out, said


def _parallel(inputs: object, render: Callable[..., object], jobs: int, keep: Callable[..., bool] | None = None):
    said: list[str] = []
    out = list(
        parallel.map_articles(inputs, render, keep=keep, on_warning=lambda d: said.append(str(d)), jobs=jobs)  # type: ignore[arg-type]
    )
    return out, said


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _cases(tmp: Path) -> dict[str, object]:
    bad = bytearray(UNIT * 3)
    for pos in range(5000, len(bad), 150_000):
        bad[pos] = 0xFF
    no_footer = re.sub(rb"\nAs of [^\n]*\n", b"\n", UNIT)
    no_footer = re.sub(rb"\nNext feed in category:[^\n]*", b"\n", no_footer)
    return {
        "bundled": None,
        "x3": _write(tmp / "x3.txt", UNIT * 3),
        "crlf": _write(tmp / "crlf.txt", (UNIT * 2).replace(b"\n", b"\r\n")),
        "gzip": _write(tmp / "x2.txt.gz", gzip.compress(UNIT * 2)),
        "bad utf-8": _write(tmp / "bad.txt", bytes(bad)),
        # the encoding is decided late: ASCII entries first, then cp1252 bytes (one warning, mid-file)
        "ascii then cp1252": _write(
            tmp / "late.txt", ASCII_UNIT * 2 + UNIT.decode("utf-8").encode("cp1252", "replace")
        ),
        "ascii then bad utf-8": _write(tmp / "late-bad.txt", ASCII_UNIT * 2 + bytes(bad)),
        "no footers": _write(tmp / "nofoot.txt", no_footer * 3),
        "several, one binary": [
            _write(tmp / "a.txt", UNIT),
            _write(tmp / "binary.txt", b"\0\1\2" * 1000),
            _write(tmp / "b.txt", UNIT * 2),
        ],
        "fixtures": str(FIXTURES),
    }


@pytest.mark.parametrize("render", [tsv_row, json_line], ids=["tsv", "jsonl"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_same_results_and_warnings_as_one_process(tmp_path: Path, jobs: int, render: Callable[..., str]) -> None:
    for name, inputs in _cases(tmp_path).items():
        expected = _sequential(inputs, render)
        assert _parallel(inputs, render, jobs) == expected, name


def test_keep_filters_in_the_workers(tmp_path: Path) -> None:
    inputs = _cases(tmp_path)["x3"]
    selection = isocorpus.filters.ArticleFilter(authors=("carter", "mcnally"), languages=("en",))
    expected = _sequential(inputs, tsv_row, selection.matches)
    assert 0 < len(expected[0]) < 63
    assert _parallel(inputs, tsv_row, 2, selection.matches) == expected


def test_more_than_one_page_footer_overflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isocorpus.split, "MAX_PENDING", 5)
    inputs = _cases(tmp_path)["no footers"]
    expected = _sequential(inputs, json_line)
    assert any("no page footer after 5 entries" in w for w in expected[1])
    assert _parallel(inputs, json_line, 2) == expected


def test_an_error_before_the_first_entry_is_raised_at_once(tmp_path: Path) -> None:
    binary = _write(tmp_path / "binary.txt", b"\0" * 100)
    with pytest.raises(BinaryInputError):
        parallel.map_articles(binary, tsv_row, jobs=2)  # raised before anything is iterated
    with pytest.raises(InputError):
        parallel.map_articles([str(isocorpus.bundled_path()), str(tmp_path / "missing.txt")], tsv_row, jobs=2)


def test_empty_input_gives_nothing(tmp_path: Path) -> None:
    said: list[Diagnostic] = []
    path = _write(tmp_path / "e.txt", b"")
    assert list(parallel.map_articles(path, tsv_row, on_warning=said.append, jobs=2)) == []
    assert said == [Diagnostic(path, None, "empty", note=True)]  # one note, no records


def test_jobs_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "3")
    assert parallel.available_jobs() == 3
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "0")
    assert parallel.available_jobs() == 1
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "many")
    with pytest.raises(UsageError, match="ISOCORPUS_JOBS"):
        parallel.available_jobs()


def test_encoded_renders_bytes() -> None:
    article = next(isocorpus.iter_articles())
    assert parallel.encoded(tsv_row)(article) == tsv_row(article).encode("utf-8")
    assert parallel.encoded(tsv_row, "ascii", "replace")(article) == tsv_row(article).encode("ascii", "replace")


# --- TextDecoder: a worker decodes with the state one process would have had --------------------


def _entries(data: bytes) -> list[bytes]:
    return [b"[*]" + part for part in data.split(b"[*]")[1:]]


@pytest.mark.parametrize(
    "data",
    [
        UNIT,
        ASCII_UNIT + UNIT.decode().encode("cp1252", "replace"),
        ASCII_UNIT + b"[*] x\n\xff\xfe bad\n" + UNIT,
        ASCII_UNIT + b"[*] caf\xc3\xa9 \xff\n" + UNIT.decode().encode("cp1252", "replace"),
    ],
    ids=["utf-8", "ascii then cp1252", "ascii then bad", "ascii then mixed"],
)
def test_skip_moves_the_state_as_decode_does(data: bytes) -> None:
    decoding = TextDecoder("x", lambda d: None)
    skipping = TextDecoder("x", lambda d: pytest.fail("skip must not warn"))
    for entry in _entries(data):
        assert skipping.state == decoding.state
        restored = TextDecoder.restored("x", lambda d: None, skipping.state)
        fresh = TextDecoder.restored("x", lambda d: None, decoding.state)
        assert restored.decode(entry, 1) == fresh.decode(entry, 1)
        decoding.decode(entry, 1)
        skipping.skip(entry)
    assert skipping.state == decoding.state
