"""The terminal code paths, under a real pseudo-terminal (issue 8: hostile text, progress).

Each command writes to the slave side of a pty (in process, with it as ``sys.stdout``; or in a
subprocess, with it as stdout and, for the progress bar, stderr), so ``isatty()`` is true and
rich draws as it would for a user: the styled page, the table, the panel, the chart, the bar.

- Corpus text is untrusted: escape sequences (``ESC ] 0;… BEL`` titles, ``ESC [2J`` clears) show
  as visible ``\\x1b`` escapes, and rich markup (``[bold]``, ``[/]``, ``[link=…]``) prints as
  itself; nothing is obeyed and nothing crashes (``fixtures/hostile.txt``).
- A run that lasts more than a second shows a progress bar on stderr when it is a terminal,
  never with ``--quiet`` and never when stderr is not a terminal.
"""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import pytest

import isocorpus
from isocorpus.cli import main
from isocorpus.search import compile_query
from isocorpus.search.grep import count_hits

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HOSTILE = str(FIXTURES / "hostile.txt")
CLI = [sys.executable, "-m", "isocorpus"]
_SGR = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")  # rich's own styling and cursor moves


def run_pty(
    args: list[str],
    *,
    stderr_tty: bool = False,
    feed: Callable[[IO[bytes]], None] | None = None,
    env: dict[str, str | None] | None = None,
    size: tuple[int, int] | None = None,
) -> tuple[int, bytes, bytes]:
    """Run the CLI with stdout on a pty (and stderr too, if ``stderr_tty``: the same terminal).

    Returns the exit code, what the terminal received, and stderr when it was a pipe. ``feed``
    writes stdin (in a thread) and closes it. No pager unless ``env`` names one (a None value
    removes a variable). ``size`` is the terminal's (rows, columns).
    """
    master, slave = pty.openpty()
    if size is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", "ISOCORPUS_PAGER": ""}
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    proc = subprocess.Popen(
        [*CLI, *args],
        stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
        stdout=slave,
        stderr=slave if stderr_tty else subprocess.PIPE,
        env=environment,
    )
    os.close(slave)
    if feed is not None:
        assert proc.stdin is not None
        threading.Thread(target=feed, args=(proc.stdin,), daemon=True).start()
    errors: list[bytes] = []
    if proc.stderr is not None:
        stream = proc.stderr
        threading.Thread(target=lambda: errors.append(stream.read()), daemon=True).start()
    received = bytearray()
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the slave side is closed
            break
        if not data:
            break
        received += data
    os.close(master)
    code = proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while proc.stderr is not None and not errors and time.monotonic() < deadline:
        time.sleep(0.01)
    for pipe in (proc.stdin, proc.stderr):
        if pipe is not None:
            pipe.close()
    return code, bytes(received), errors[0] if errors else b""


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:  # EIO: the slave side is closed
            return
        if not data:
            return
        into += data


def run_in_process_on_pty(
    args: list[str], monkeypatch: pytest.MonkeyPatch, columns: int = 100
) -> tuple[int, bytes, str]:
    """Run ``isocorpus ARGS`` in this process with a pty as stdout: exit code, screen, stderr."""
    master, slave = pty.openpty()
    screen = bytearray()
    reader = threading.Thread(target=_drain, args=(master, screen))
    reader.start()
    terminal = open(slave, "w", encoding="utf-8")  # noqa: SIM115 (closed below, to end the reader)
    errors = io.StringIO()
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(sys, "argv", ["isocorpus", *args])
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", errors)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    finally:
        terminal.close()
        reader.join(timeout=30)
        os.close(master)
    return code, bytes(screen), errors.getvalue()


def plain(screen: bytes) -> str:
    """The text on the terminal: rich's styling codes removed, lines joined back with spaces."""
    text = _SGR.sub(b"", screen).decode("utf-8")
    return " ".join(text.split())


# --- hostile text --------------------------------------------------------------------------------

COMMANDS = {
    "list": ["list", HOSTILE],
    "show": ["show", "1", "--insets", HOSTILE],
    "show-2": ["show", "2", HOSTILE],
    "show-markdown": ["show", "1", "--format", "markdown", HOSTILE],
    "stats": ["stats", HOSTILE],
    "timeline": ["timeline", "--fixed-strings", "--term", "[link=http://x]", "--term", "[/]", HOSTILE],
    "list-csv": ["list", "--format", "csv", HOSTILE],
    "grep": ["grep", "--in", "all", "-F", "[bold]", HOSTILE],
    "grep-escapes": ["grep", "--in", "all", "pwned|clears", HOSTILE],
    "grep-kwic": ["grep", "--kwic", "-F", "[link=http://x]", HOSTILE],
}

# What each command shows of the hostile text, as it must appear: escapes visible, markup literal.
SHOWN = {
    "list": ["Eve \\x1b]0;pwned\\x07Ma", "The lede \\x1b[2Jclears the screen [bold]or", "[/] \\x1b[2J"],
    "show": [
        "Eve \\x1b]0;pwned\\x07Mallory [bold]and[/] Trudy [link=http://x]Z[/link]",
        "The lede \\x1b[2Jclears the screen [bold]or tries to[/bold] and [link=http://x]links[/link] [/].",
        "a title change \\x1b]0;pwned\\x07 and [red on white]colour[/] markup.",
        "[Reflections on [italic]our[/italic] crisis]",
        "The [bold]heading[/] \\x1b[2Jhere",
        "with a bell \\x07 and a [/] stray close tag.",
        "Point one [b]bold[/b]",
        "1. A note [link=http://x]with a link[/link].",
        "[bold]Eve[/bold] \\x1b]0;pwned\\x07",
        "First published in [italic]Hostile Monthly[/italic] \\x1b[2J",
    ],
    "show-2": ["[/] \\x1b[2J", "A second entry"],
    "show-markdown": ["Eve \\x1b\\]0;pwned\\x07Mallory \\[bold\\]and\\[/\\]", "\\x1b\\[2Jclears"],
    "stats": ["[bold]Evil[/bold] \\x1b]0;pwned\\x07feed", "Eve \\x1b]0;pwned\\x07Mallory", "[link=http://x]Z[/link]"],
    "timeline": ["[link=http://x]", "[/]", "2019-03-14"],
    "list-csv": ["Eve \\x1b]0;pwned\\x07Mallory [bold]and[/] Trudy [link=http://x]Z[/link]"],
    "grep": ["Eve \\x1b]0;pwned\\x07Mallory [bold]and[/] Trudy", "The [bold]heading[/] \\x1b[2Jhere"],
    "grep-escapes": ["title change \\x1b]0;pwned\\x07 and", "The lede \\x1b[2Jclears the screen"],
    "grep-kwic": ["[link=http://x]", "links[/link] [/]."],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_hostile_text_is_shown_never_obeyed(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, screen, errors = run_in_process_on_pty(COMMANDS[name], monkeypatch, columns=200)
    assert (code, errors) == (0, "")
    # no window title, hyperlink or other OSC sequence; no screen clear; no bell
    assert b"\x1b]" not in screen
    assert b"\x1b[2J" not in screen
    assert b"\x07" not in screen
    text = plain(screen)
    for shown in SHOWN[name]:
        assert shown in text


def test_the_real_program_on_a_terminal_shows_hostile_text_too() -> None:
    """The installed entry point in its own process, on a pty; piped, the same command writes the
    text as data, with no styling: the pty is what made rich draw."""
    code, screen, errors = run_pty(["show", "1", "--insets", HOSTILE])
    assert (code, errors) == (0, b"")
    assert b"\x1b]" not in screen and b"\x1b[2J" not in screen and b"\x07" not in screen
    assert "The lede \\x1b[2Jclears the screen [bold]or tries to[/bold]" in plain(screen)
    piped = subprocess.run([*CLI, "show", "1", "--insets", HOSTILE], capture_output=True, timeout=60)
    assert piped.returncode == 0
    assert b"\x1b[1m" in screen and b"\x1b[1m" not in piped.stdout
    assert b"The lede \x1b[2Jclears the screen [bold]" in piped.stdout  # data, as it was


# --- the progress bar ----------------------------------------------------------------------------

_DUMP = (isocorpus.bundled_path().read_bytes() + b"\n") * 2  # 42 articles


def _slow(stdin: IO[bytes]) -> None:
    """Stdin that takes more than a second: half the dump, a pause, the rest."""
    half = len(_DUMP) // 2
    try:
        stdin.write(_DUMP[:half])
        stdin.flush()
        time.sleep(1.3)
        stdin.write(_DUMP[half:])
    except BrokenPipeError:  # the test failed; let it say how
        pass
    finally:
        stdin.close()


_BAR = re.compile(r"[\d.]+/\? (?:bytes|kB|MB)")  # bytes read of no total: stdin


@pytest.fixture(scope="module")
def slow_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, bytes, bytes]]:
    out = tmp_path_factory.mktemp("progress")
    runs = {
        "terminal": (["export", "-f", "csv", "-o", str(out / "a.csv"), "-"], True),
        "quiet": (["export", "-f", "csv", "-o", str(out / "b.csv"), "--quiet", "-"], True),
        "piped": (["export", "-f", "csv", "-o", str(out / "c.csv"), "-"], False),
        "table": (["list", "-"], True),
        "grep": (["grep", "--count", "the", "-"], True),
    }
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        futures = {name: pool.submit(run_pty, args, stderr_tty=tty, feed=_slow) for name, (args, tty) in runs.items()}
        return {name: f.result() for name, f in futures.items()}


def test_a_long_run_shows_a_progress_bar_on_a_terminal(slow_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    code, screen, _ = slow_runs["terminal"]
    assert code == 0
    text = plain(screen)
    assert _BAR.search(text), text[:300]
    assert f"{len(_DUMP) / 1e3:.1f}/? kB" in text  # it counted every byte
    assert screen.count(b"\x1b[?25l") == screen.count(b"\x1b[?25h") == 1  # the cursor comes back


def test_grep_shows_a_progress_bar_too(slow_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    code, screen, _ = slow_runs["grep"]
    assert code == 0
    text = plain(screen)
    assert _BAR.search(text) and text.endswith(" 7030")  # the bar, gone; then the count


def test_quiet_shows_no_progress_bar(slow_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    code, screen, _ = slow_runs["quiet"]
    assert code == 0
    assert not _BAR.search(plain(screen)) and b"\x1b[?25l" not in screen
    assert plain(screen).startswith("isocorpus: note: ")  # the copies; then what was written


def test_no_progress_bar_when_stderr_is_not_a_terminal(slow_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    code, screen, errors = slow_runs["piped"]
    assert (code, screen) == (0, b"")
    lines = errors.decode().splitlines()
    assert len(lines) == 2 and lines[0].startswith("isocorpus: note: 21 of 42 articles are copies")
    assert lines[1].startswith("isocorpus: wrote 42 articles to ")
    assert not _BAR.search(errors.decode()) and b"\r" not in errors


def test_the_bar_and_a_table_share_the_terminal(slow_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    """Rows printed while the bar is up go above it: every row arrives, whole."""
    code, screen, _ = slow_runs["table"]
    assert code == 0
    assert _BAR.search(plain(screen))
    lines = _SGR.sub(b"", screen).decode("utf-8").split("\r\n")
    seqs = [int(line.split()[0]) for line in lines if re.match(r"\s*\d+ 2019-", line)]
    assert seqs == list(range(1, 43))


# --- grep as people read it, colour, the pager (issue 14) -----------------------------------------


def test_grep_shows_each_block_once_with_every_match_highlighted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    code, screen, errors = run_in_process_on_pty(["grep", "caucus"], monkeypatch, columns=100)
    assert (code, errors) == (0, "")
    text = plain(screen)
    # seq 3's paragraph with two matches ("caucuses based on…", "about caucuses, independent…") comes once
    assert text.count("For much of the ISO’s existence") == 1
    highlighted = len(re.findall(rb"\x1b\[1;31m(?i:caucus)", screen))
    total = count_hits(None, compile_query("caucus"))
    assert highlighted == total == 31
    assert text.endswith("31 matches in 10 articles")


def test_grep_query_on_a_terminal_closes_with_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    code, screen, _ = run_in_process_on_pty(
        ["grep", "--query", 'caucus AND "democratic centralism"'], monkeypatch, columns=100
    )
    text = plain(screen)
    assert code == 0 and text.startswith("8 2019-03-28 brian bean")
    assert text.endswith("2 matches in 1 article")


def test_color_never_on_a_terminal_writes_no_escape_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    code, screen, _ = run_in_process_on_pty(["grep", "--color", "never", "caucus"], monkeypatch)
    assert code == 0 and b"\x1b[" not in screen and b"31 matches in 10 articles" in screen


def test_no_color_on_a_terminal_keeps_bold_but_no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    code, screen, _ = run_in_process_on_pty(["grep", "caucus"], monkeypatch)  # conftest sets NO_COLOR
    assert code == 0 and b"\x1b[1m" in screen and not re.search(rb"\x1b\[[0-9;]*3[1-7]m", screen)


def test_grep_output_goes_through_the_pager_styled(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, screen, errors = run_pty(["grep", "caucus"], env={"ISOCORPUS_PAGER": f"tee {paged}", "NO_COLOR": None})
    assert (code, errors) == (0, b"")
    page = paged.read_bytes()
    assert b"\x1b[1;31mcaucus" in page  # the styled page survives the pager
    assert plain(page).endswith("31 matches in 10 articles")
    assert plain(screen).endswith("31 matches in 10 articles")  # what the pager showed


ANALYSIS_TABLES = [
    ["words", "--top", "60"],
    ["ngrams", "-n", "3"],
    ["collocates", "party", "--min-co", "2"],
    ["keyness", "--target", "author:McNally AND lang:en", "--reference", "lang:en"],
    ["plot", "party"],
]


@pytest.mark.parametrize("command", [["show", "5"], ["list"], *ANALYSIS_TABLES])
def test_show_and_list_are_paged(command: list[str], tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, _, errors = run_pty(command, env={"ISOCORPUS_PAGER": f"tee {paged}"})
    assert (code, errors) == (0, b"")
    assert paged.stat().st_size > 1000 and b"\x1b[" in paged.read_bytes()


def test_an_analysis_table_is_not_paged_with_no_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, screen, _ = run_pty(["words", "--top", "60", "--no-pager"], env={"ISOCORPUS_PAGER": f"tee {paged}"})
    assert code == 0 and not paged.exists() and "42,692 tokens" in plain(screen)


def test_pager_from_pager_and_not_with_no_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, _, _ = run_pty(["grep", "caucus"], env={"ISOCORPUS_PAGER": None, "PAGER": f"tee {paged}"})
    assert code == 0 and paged.exists()
    paged.unlink()
    code, screen, _ = run_pty(["grep", "--no-pager", "caucus"], env={"ISOCORPUS_PAGER": f"tee {paged}"})
    assert code == 0 and not paged.exists() and b"31 matches" in screen
    code, _, _ = run_pty(["grep", "caucus"], env={"ISOCORPUS_PAGER": "cat"})
    assert code == 0 and not paged.exists()


def test_no_pager_when_piped(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    piped = subprocess.run(
        [*CLI, "grep", "caucus"], capture_output=True, timeout=60, env={**os.environ, "ISOCORPUS_PAGER": f"tee {paged}"}
    )
    assert piped.returncode == 0 and not paged.exists() and b"\x1b" not in piped.stdout


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_less_is_the_default_pager_and_quits_on_one_screen() -> None:
    code, screen, errors = run_pty(
        ["grep", "--query", 'caucus AND "democratic centralism"'],
        env={"ISOCORPUS_PAGER": None, "PAGER": None, "LESS": None, "NO_COLOR": None},
        size=(40, 100),
    )
    assert (code, errors) == (0, b"")
    assert "2 matches in 1 article" in plain(screen)
    assert b"\x1b[?1049h" not in screen  # -X: the screen is left as it is
    assert b"\x1b[1;31mcaucus" in screen  # -R: the colours pass


def test_an_error_after_the_pager_started_is_one_line_on_stderr(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, _, errors = run_pty(["list", str(tmp_path / "missing.txt")], env={"ISOCORPUS_PAGER": f"tee {paged}"})
    assert code == 2 and errors.decode().endswith("no such file or directory\n")
