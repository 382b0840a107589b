"""Start-up stays cheap: the library loads without the CLI's dependencies."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_library_import_loads_neither_typer_nor_rich() -> None:
    loaded = _modules_after("import isocorpus; import isocorpus.search; import isocorpus.filters")
    assert "typer" not in loaded
    assert "rich" not in loaded
    assert "isocorpus.parse" in loaded


def test_cli_import_does_not_load_rich() -> None:
    loaded = _modules_after("import isocorpus.cli")
    assert "typer" in loaded
    assert "rich" not in loaded


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run([sys.executable, "-m", "isocorpus", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.startswith("isocorpus ")
