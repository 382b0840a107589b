"""``list`` (piped) and ``export --format jsonl`` parse on every core: the same bytes as one process.

Also start-up: ``isocorpus list`` on the bundled corpus imports neither pydantic nor
multiprocessing (see isocorpus/cli/startup.py and isocorpus/parallel.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus import parallel
from isocorpus.cli import app

UNIT = isocorpus.bundled_path().read_bytes().rstrip(b"\n") + b"\n"


@pytest.fixture
def x4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(parallel, "BATCH_BYTES", 100_000)  # a dozen batches: a real pool
    path = tmp_path / "x4.txt"
    path.write_bytes(UNIT * 4)
    return str(path)


def _run(monkeypatch: pytest.MonkeyPatch, jobs: int, *args: str):  # noqa: ANN202
    monkeypatch.setenv(parallel.JOBS_VARIABLE, str(jobs))
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--unique"],
        ["list", "--author", "mcnally", "--lang", "en"],
        ["list", "--since", "2019-04-01"],
        ["export"],
        ["export", "--format", "jsonl", "-u"],
        ["export", "--lang", "es"],
    ],
)
def test_two_processes_write_what_one_writes(monkeypatch: pytest.MonkeyPatch, x4: str, args: list[str]) -> None:
    one = _run(monkeypatch, 1, *args, x4, str(isocorpus.bundled_path()))
    two = _run(monkeypatch, 2, *args, x4, str(isocorpus.bundled_path()))
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert len(one.stdout.splitlines()) > 1


def test_export_to_a_file(monkeypatch: pytest.MonkeyPatch, x4: str, tmp_path: Path) -> None:
    assert _run(monkeypatch, 2, "export", "-o", str(tmp_path / "a.jsonl"), x4).exit_code == 0
    piped = _run(monkeypatch, 1, "export", x4).stdout
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == piped


def test_a_missing_input_is_an_error_before_any_output(monkeypatch: pytest.MonkeyPatch, x4: str) -> None:
    for args in (["list"], ["export"]):
        result = _run(monkeypatch, 2, *args, x4, "missing.txt")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == "isocorpus: error: missing.txt: no such file or directory\n"


def _loaded_after(*argv: str) -> set[str]:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        f"sys.argv = ['isocorpus', *{list(argv)!r}]\n"
        "from isocorpus.cli import main\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return set(out.stderr.split())


def test_list_on_the_bundled_corpus_starts_light() -> None:
    loaded = _loaded_after("list")
    assert "isocorpus.parse" in loaded
    assert "isocorpus.cli.list_cmd" in loaded
    assert "isocorpus.cli.timeline_cmd" not in loaded  # only the command that runs is imported
    assert "pydantic" not in loaded
    assert "multiprocessing" not in loaded
    assert "rich" not in loaded


def test_help_and_typos_see_every_command() -> None:
    assert {"isocorpus.cli.list_cmd", "isocorpus.cli.timeline_cmd"} <= _loaded_after("--version")
    out = subprocess.run([sys.executable, "-m", "isocorpus", "lst"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Did you mean 'list'?" in out.stderr


def test_options_that_need_typers_own_coercion_still_get_it() -> None:
    assert "pydantic" not in _loaded_after("list", "--sort", "words")  # an enum reads its own names
    loaded = _loaded_after("list", "--limit", "3")  # a number: typer's pydantic adapter
    assert "pydantic" in loaded
    result = CliRunner().invoke(app, ["list", "--sort", "xx"])
    assert result.exit_code == 2
    assert result.stderr.startswith("isocorpus: error: --sort: 'xx' is not one of")
