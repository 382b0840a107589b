"""Closed pipes and interrupts, with real processes (issue 8, "Pipes and interrupts").

- ``isocorpus CMD … | head -1`` ends quietly: exit 0, nothing on stderr (no BrokenPipeError, no
  "Exception ignored" line), for every command and output format, with more output than a pipe
  buffer holds so the writer does meet the closed pipe.
- SIGINT during ``export -o FILE`` (every format) leaves no FILE and no temporary file, exits 130
  with one line on stderr, and leaves an earlier FILE (``--force``) as it was.
- SIGINT during a plain ``list`` exits 130 with one line, no traceback.
"""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and signals")

CLI = [sys.executable, "-m", "isocorpus"]
BUNDLED = str(isocorpus.bundled_path())
MARKER = "[*] [+] [-] [x] [A+] [a-]"
ENTRIES = 1200


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1200 short entries by as many writers with long names, one every fourth day from 2000 on
    (so that stats and timeline write more than a pipe buffer), the first with a paragraph of a
    megabyte (so that show does)."""
    path = tmp_path_factory.mktemp("pipes") / "wide.txt"
    parts = []
    for i in range(ENTRIES):
        day = date(2000, 1, 1) + timedelta(days=4 * i)
        paragraph = "all work and no play " * (50_000 if i == 0 else 3)
        parts.append(
            f"{MARKER}\n[l] at {day.month}/{day.day}/{day.year % 100:02d} 9:00am\n"
            f"Writer {i:05d} of the Collective for Rather Long Bylines\n\n"
            f"Lede of entry {i}, on what the writers said.\n\n{paragraph.strip()}\n\n"
        )
        if i % 100 == 99:
            parts.append(f"As of 1/1/30 9:00am. Last new 1/1/30 9:00am.\n\nNext feed in category: Feed {i // 100}\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


PIPED = {
    "list": (["list"], "seq\tdate\tbyline\twords\tlanguage\tlede"),
    "list-table": (["list", "--format", "table"], None),
    "export-jsonl": (["export", "--format", "jsonl"], '{"id": '),
    "export-json": (["export", "--format", "json"], "["),
    "export-csv": (["export", "--format", "csv"], "id,seq,date,published,byline,authors,language,word_count,"),
    "show": (["show", "1"], "2000-01-01 09:00 · Writer 00000"),
    "stats": (["stats"], "articles: 1200"),
    "timeline": (["timeline"], "period\tarticles\twords"),
    "grep": (["grep", "work"], "1:"),
    "grep-kwic": (["grep", "--kwic", "work"], None),
}


def _pipe_to_head(args: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    command = " ".join(shlex.quote(a) for a in [*CLI, *args, str(path)])
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -n 1"], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def piped(wide: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = {name: pool.submit(_pipe_to_head, args, wide) for name, (args, _) in PIPED.items()}
        return {name: run.result() for name, run in runs.items()}


@pytest.mark.parametrize("name", list(PIPED))
def test_a_closed_pipe_ends_quietly(name: str, piped: dict[str, subprocess.CompletedProcess[str]]) -> None:
    done = piped[name]
    assert done.stderr == ""
    assert done.returncode == 0
    first = PIPED[name][1]
    if first is not None:
        assert done.stdout.startswith(first)
    assert done.stdout.count("\n") == 1


@pytest.mark.parametrize("args", [["stats"], ["timeline"]])
def test_the_outputs_are_bigger_than_a_pipe_buffer(wide: Path, args: list[str]) -> None:
    """Else head would read everything and no writer would meet the closed pipe (the others
    write a megabyte paragraph or stream every article)."""
    result = CliRunner().invoke(app, [*args, str(wide)])
    assert result.exit_code == 0
    assert len(result.stdout.encode()) > 1 << 16


# --- interrupts ----------------------------------------------------------------------------------

BIG = [BUNDLED] * 80  # 1680 articles: seconds of work, so the signal lands mid-write


def _interrupt_export(tmp: Path, fmt: str, earlier: bool) -> tuple[int, str, str, list[str], str | None]:
    target = tmp / f"out.{fmt}"
    if earlier:
        target.write_text("an earlier export\n")
    args = [*CLI, "export", "--format", fmt, "--output", str(target), *(["--force"] if earlier else []), *BIG]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        parts = [p for p in tmp.iterdir() if p.name.endswith(".part")]
        if parts and parts[0].stat().st_size > 0:
            break  # the temporary file is being written
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    content = target.read_text() if target.exists() else None
    return proc.returncode, out, err, sorted(p.name for p in tmp.iterdir()), content


FORMATS = ["jsonl", "json", "csv", "sqlite"]
#: Over an earlier FILE: the text writer and the database writer (json and csv share jsonl's path).
KEPT = ["jsonl", "sqlite"]


@pytest.fixture(scope="module")
def interrupted(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, bool], tuple[int, str, str, list[str], str | None]]:
    """Every format into a new FILE, and over an earlier one, interrupted (side by side)."""
    runs = [(fmt, False) for fmt in FORMATS] + [(fmt, True) for fmt in KEPT]
    jobs = {}
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        for fmt, earlier in runs:
            tmp = tmp_path_factory.mktemp(f"sigint-{fmt}-{'kept' if earlier else 'fresh'}")
            jobs[fmt, earlier] = pool.submit(_interrupt_export, tmp, fmt, earlier)
        return {key: job.result() for key, job in jobs.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_sigint_during_export_leaves_no_file_behind(fmt: str, interrupted: dict) -> None:  # type: ignore[type-arg]
    code, out, err, files, content = interrupted[fmt, False]
    assert (code, out, err) == (130, "", "isocorpus: interrupted\n")
    assert files == [] and content is None  # no FILE, no temporary file


@pytest.mark.parametrize("fmt", KEPT)
def test_sigint_during_export_leaves_an_earlier_file_as_it_was(fmt: str, interrupted: dict) -> None:  # type: ignore[type-arg]
    code, out, err, files, content = interrupted[fmt, True]
    assert (code, out, err) == (130, "", "isocorpus: interrupted\n")
    assert files == [f"out.{fmt}"] and content == "an earlier export\n"


def test_sigint_during_list_exits_130_with_one_line() -> None:
    proc = subprocess.Popen([*CLI, "list", *BIG], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    header = proc.stdout.readline()  # it is running and writing
    assert header.startswith(b"seq\t")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == b"isocorpus: interrupted\n"
