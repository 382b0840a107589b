"""The planted-quote benchmark (benchmarks/reuse_scale.py) on a small corpus: every planted
quote found, nothing else reported. No timing is asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCALE_PY = Path(__file__).resolve().parent.parent / "benchmarks" / "reuse_scale.py"


@pytest.fixture(scope="module")
def bench():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("isocorpus_reuse_scale", SCALE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_planted_quotes_are_found_and_nothing_else(bench, tmp_path: Path) -> None:  # noqa: ANN001
    text, truth = bench.generate(400, seed=7)
    assert len(truth) >= 35
    assert all(p.tokens >= 12 and p.edits <= p.tokens // 10 for p in truth)
    path = tmp_path / "synthetic.txt"
    path.write_text(text, encoding="utf-8")
    result = bench.evaluate(path, truth, 12)
    assert result["articles"] == 400
    assert result["recall"] == 1.0
    assert result["unplanted_pairs"] == 0
