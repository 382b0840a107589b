"""Hostile inputs at the command line: each ends with the exit code, stdout and the one stderr line
a user can act on, never a traceback (issue 8, "Inputs").

In process with CliRunner, but for the big inputs, which run the real command in a subprocess to
measure its memory.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
import isocorpus.sources
from isocorpus.cli import app
from isocorpus.sources import NO_ENTRIES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = FIXTURES.parent
BUNDLED = str(isocorpus.bundled_path())
HEADER = "seq\tdate\tbyline\twords\tlanguage\tlede\n"
MARKER = "[*] [+] [-] [x] [A+] [a-]"


def run(*args: str, input: bytes | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, list(args), input=input)


def bylines(stdout: str) -> list[str]:
    assert stdout.startswith(HEADER)
    return [line.split("\t")[2] for line in stdout.splitlines()[1:]]


# --- inputs that cannot be read -----------------------------------------------------------------


def test_a_missing_file_is_one_error_line_exit_2() -> None:
    result = run("list", "nowhere.txt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "isocorpus: error: nowhere.txt: no such file or directory\n"


def test_an_unreadable_file_is_one_error_line_exit_2(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    shutil.copy(FIXTURES / "two-pages.txt", locked)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("this user (root) can read a file with mode 000")
        result = run("list", str(locked))
    finally:
        locked.chmod(0o644)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: {locked}: permission denied\n"


def test_a_file_the_user_may_not_read_is_one_error_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As above, for any user (root reads a mode-000 file): the permission check says no."""
    locked = tmp_path / "locked.txt"
    shutil.copy(FIXTURES / "two-pages.txt", locked)
    real = os.access
    monkeypatch.setattr(isocorpus.sources.os, "access", lambda p, mode: real(p, mode) and Path(p) != locked)
    result = run("list", str(locked))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: {locked}: permission denied\n"


def test_a_file_that_fails_to_open_is_one_error_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The permission check passed but open() did not (an ACL, a race): the same one line."""
    locked = tmp_path / "locked.txt"
    shutil.copy(FIXTURES / "two-pages.txt", locked)

    def refuse(path: object, mode: str = "r") -> object:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(isocorpus.sources, "open", refuse, raising=False)
    result = run("list", str(locked))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: {locked}: permission denied\n"


# --- directories --------------------------------------------------------------------------------


def _dump(byline: str) -> str:
    return f"{MARKER}\n[l] at 4/1/19 1:00pm\n{byline}\n\nA lede by {byline}.\n"


def test_a_directory_is_walked_for_dumps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = tmp_path / "dumps"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text(_dump("Ann"), encoding="utf-8")
    (top / "b.gz").write_bytes(gzip.compress(_dump("Ben").encode()))
    (top / "c").write_text("Saved page\n" + _dump("Cy"), encoding="utf-8")  # no extension, holds a marker
    (top / "d").write_text("no marker in here\n", encoding="utf-8")  # no extension, no marker: not a dump
    (top / "notes.md").write_text(_dump("Not read"), encoding="utf-8")  # other extensions are not dumps
    (top / "sub" / "e.txt").write_text(_dump("Eve"), encoding="utf-8")
    (top / "z.txt").write_text(_dump("Zed"), encoding="utf-8")
    real = os.access
    monkeypatch.setattr(isocorpus.sources.os, "access", lambda p, mode: real(p, mode) and Path(p).name != "z.txt")
    result = run("list", str(top))
    assert result.exit_code == 0
    assert bylines(result.stdout) == ["Ann", "Ben", "Cy", "Eve"]
    assert result.stderr == f"isocorpus: warning: {top / 'z.txt'}: permission denied; skipped\n"


def test_a_directory_with_no_dumps_warns(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    result = run("list", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, HEADER)
    assert result.stderr == (
        f"isocorpus: warning: {tmp_path}: no dumps in this directory (.txt, .gz, or holding an entry marker)\n"
    )


# --- inputs that hold nothing, or nothing textual -----------------------------------------------


def test_an_empty_file_gives_no_records_exit_0_and_one_note(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("list", str(empty))
    assert (result.exit_code, result.stdout, result.stderr) == (0, HEADER, f"isocorpus: note: {empty}: empty\n")
    result = run("grep", "-c", "x", str(empty))
    assert result.stderr == f"isocorpus: note: {empty}: empty\n"


def test_a_file_with_no_markers_warns_no_entries_found(tmp_path: Path) -> None:
    prose = tmp_path / "prose.txt"
    prose.write_text("Dear diary,\nnothing happened today.\n", encoding="utf-8")
    result = run("list", str(prose))
    assert (result.exit_code, result.stdout) == (0, HEADER)
    assert result.stderr == f"isocorpus: warning: {prose}: {NO_ENTRIES}\n"  # the file named once


@pytest.fixture
def binary(tmp_path: Path) -> Path:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + MARKER.encode() + b"\n")
    return path


def test_a_binary_file_alone_is_an_error_exit_2(binary: Path) -> None:
    result = run("list", str(binary))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"isocorpus: error: {binary}: binary file (NUL bytes)\n"


def test_a_binary_file_among_others_is_skipped_with_a_warning_exit_0(binary: Path) -> None:
    result = run("list", str(binary), str(FIXTURES / "paragraphs.txt"))
    assert result.exit_code == 0
    assert len(bylines(result.stdout)) == 1
    assert result.stderr == f"isocorpus: warning: {binary}: binary file (NUL bytes); skipped\n"


# --- encodings and damage -----------------------------------------------------------------------


def test_cp1252_is_read_as_such_with_one_warning() -> None:
    path = FIXTURES / "cp1252.txt"
    result = run("list", str(path))
    assert result.exit_code == 0
    assert "“quotes”" in result.stdout and "María Núñez" in result.stdout
    assert result.stderr == f"isocorpus: warning: {path}: not valid UTF-8; read as cp1252\n"


def test_invalid_utf8_mid_entry_is_u_fffd_with_a_warning_per_line() -> None:
    path = FIXTURES / "invalid_utf8.txt"
    result = run("export", str(path))
    assert result.exit_code == 0
    assert "The caf\ufffd on the corner" in result.stdout
    assert "“Socialist Worker”" in result.stdout  # the good UTF-8 around the bad bytes is intact
    assert result.stderr == (
        f"isocorpus: warning: {path}:15: invalid UTF-8 bytes shown as U+FFFD\n"
        f"isocorpus: warning: {path}:25: invalid UTF-8 bytes shown as U+FFFD\n"
    )


def test_a_truncated_gzip_keeps_what_decoded_and_warns(tmp_path: Path) -> None:
    whole = Path(BUNDLED).read_bytes()
    packed = gzip.compress(whole)
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    result = run("list", str(cut))
    assert result.exit_code == 0
    got = bylines(result.stdout)
    assert 5 <= len(got) < 21
    assert got == bylines(run("list").stdout)[: len(got)]  # what decoded is the corpus, in order
    assert result.stderr == f"isocorpus: warning: {cut}: truncated gzip data; kept what decoded\n"


def test_control_characters_in_a_file_name_reach_stderr_as_visible_escapes(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;pwned\x07.txt"
    name.write_text("no entries\n", encoding="utf-8")
    shown = str(name).replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    result = run("list", str(name))
    assert result.stderr == f"isocorpus: warning: {shown}: {NO_ENTRIES}\n"
    result = run("list", str(name) + "\x1b[2J")
    assert result.stderr == f"isocorpus: error: {shown}\\x1b[2J: no such file or directory\n"


# --- a paragraph of 30 MB on one line -----------------------------------------------------------

PHRASE = b"the long and winding road "  # 5 words, 26 bytes


def _big_entry(n: int, size: int, footer: bool = False) -> bytes:
    """An entry whose one paragraph is ``size`` bytes on one line."""
    paragraph = PHRASE * (size // len(PHRASE))
    head = f"{MARKER}\n[l] at 4/{n % 28 + 1}/19 1:00pm\nWriter {n}\n\nLede {n}.\n\n".encode()
    tail = b"\nAs of 4/30/19 1:00pm. Last new 4/29/19 1:00pm.\n\nNext feed in category: Big\n" if footer else b""
    return head + paragraph.rstrip() + b"\n" + tail


SIZE = 30 << 20  # the paragraph: "the long and winding road " over and over, one line


@pytest.fixture(scope="module")
def big_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, bytes, bytes]]:
    """list, export and grep (a count of a million matches, and the one "needle" in the middle)
    of one entry whose paragraph is 30 MB on one line, side by side."""
    big = tmp_path_factory.mktemp("big") / "big.txt"
    entry = _big_entry(1, SIZE)
    middle = len(entry) // 2
    big.write_bytes(entry[:middle] + b"needle " + entry[middle:])
    cli = [sys.executable, "-m", "isocorpus"]
    commands = {
        "list": ["list", "-q"],
        "export": ["export", "-q"],
        "count": ["grep", "--quiet", "--count", "winding"],
        "grep": ["grep", "--quiet", "needle"],
    }
    procs = {
        name: subprocess.Popen([*cli, *args, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name, args in commands.items()
    }
    runs = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        runs[name] = (proc.returncode, out, err.replace(str(big).encode(), b"BIG"))
    return runs


WORDS = SIZE // len(PHRASE) * 5 + 1 + 2  # the phrase's, the needle, the lede's two
#: The entry is more than a page may hold back waiting for its footer: said once, on stderr.
HELD = b"isocorpus: warning: BIG:1: no page footer after 16 MB of entries; they go out with no feed\n"


def test_a_30_mb_paragraph_is_listed(big_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    code, out, err = big_runs["list"]
    assert (code, err) == (0, HELD)
    assert out.decode().splitlines()[1].split("\t")[1:5] == ["2019-04-02", "Writer 1", str(WORDS), "en"]


def test_a_30_mb_paragraph_is_exported(big_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    code, out, err = big_runs["export"]
    assert (code, err) == (0, HELD)
    record = json.loads(out)
    assert record["word_count"] == WORDS
    (paragraph,) = record["paragraphs"]
    assert len(paragraph) == SIZE // len(PHRASE) * len(PHRASE) - 1 + len("needle ")


def test_a_30_mb_paragraph_is_searched(big_runs: dict[str, tuple[int, bytes, bytes]]) -> None:
    """A million matches counted, and the one needle shown with its surroundings, not the block."""
    code, out, _ = big_runs["count"]
    assert (code, out) == (0, f"{SIZE // len(PHRASE)}\n".encode())
    code, out, _ = big_runs["grep"]
    assert code == 0
    (line,) = out.decode().splitlines()
    assert line.startswith("1:") and ":paragraph:" in line and "needle" in line and len(line) < 200


def _peak_kib(args: list[str], cwd: Path, jobs: int) -> int:
    """Run the CLI in a fresh interpreter with ``jobs`` processes; the parent's peak resident
    memory (VmHWM) in KiB.

    Not wait4's ru_maxrss: a child forked from pytest counts pytest's own pages in it. The
    chunk read at a time and what may wait for a page footer are lowered to 1 MB and 512 KB
    (as other tests lower MAX_PENDING), so a file of megabytes shows what one of gigabytes would.
    """
    report = cwd / "peak"
    code = (
        "import atexit, sys, isocorpus.split, isocorpus.sources\n"
        "isocorpus.split.MAX_PENDING_BYTES = 1 << 19\n"
        "isocorpus.sources.CHUNK_SIZE = 1 << 20\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        f"        if line.startswith('VmHWM:'): open({str(report)!r}, 'w').write(line.split()[1])\n"
        "atexit.register(peak)\n"
        f"sys.argv = {['isocorpus', *args]!r}\n"
        "from isocorpus.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "ISOCORPUS_JOBS": str(jobs)}
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return int(report.read_text())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
@pytest.mark.parametrize(
    ("jobs", "counts"),
    [(1, (8, 64)), (2, (48, 96))],
    ids=["one-process", "worker-processes"],
)
def test_memory_is_bounded_by_the_largest_entry_not_the_file(
    tmp_path: Path, jobs: int, counts: tuple[int, int]
) -> None:
    """Exporting many entries of 256 KB with no page footer peaks where exporting fewer does.

    Entries wait for their page's footer, but only up to MAX_PENDING_BYTES: before that limit,
    all waited (13 MB more at the peak for 48 entries than for 8). Parsed in one process, the batches
    were all read before the first was parsed (13 MB more, again); with workers, the batches
    in flight are bounded (from 48 entries on, the pool is full).
    """
    size = 1 << 18
    peaks = []
    for n in counts:
        path = tmp_path / f"{n}.txt"
        path.write_bytes(b"".join(_big_entry(i, size) for i in range(n)))
        peaks.append(_peak_kib(["export", "-q", "-o", "out.jsonl", "--force", str(path)], tmp_path, jobs))
        assert (tmp_path / "out.jsonl").read_bytes().count(b"\n") == n
    growth = (counts[1] - counts[0]) * size // 1024  # what the file grew by, in KiB
    assert peaks[1] - peaks[0] < growth // 2, f"peak {peaks[0]} KiB for {counts[0]} entries, {peaks[1]} for {counts[1]}"


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_exports(tmp_path: Path) -> None:
    """A Latin-1 name on a UTF-8 system (``caf\\xe9.txt``) reaches every output, sqlite included."""
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    try:
        Path(os.fsdecode(raw)).write_bytes((FIXTURES / "paragraphs.txt").read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    shown = f"{tmp_path}/caf\\xe9.txt"
    result = run("export", os.fsdecode(raw))
    assert result.exit_code == 0 and json.loads(result.stdout)["source"] == shown
    for fmt, name in (("jsonl", "out.jsonl"), ("sqlite", "out.db"), ("csv", "out.csv")):
        result = run("export", "-f", fmt, "-o", str(tmp_path / name), os.fsdecode(raw))
        assert (result.exit_code, result.stderr) == (0, f"isocorpus: wrote 1 article to {tmp_path / name}\n")
    result = run("list", os.fsdecode(raw) + ".missing")
    assert result.stderr == f"isocorpus: error: {shown}.missing: no such file or directory\n"


# --- what a file is, said once; the same warning summed up --------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (
            b"<!DOCTYPE html>\n<html><body>x</body></html>\n",
            "an HTML page: save the page as text (File → Save as → Text)",
        ),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF: save the reader's page as text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a zip archive (a Word .docx, an OpenDocument or EPUB file?)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "a Word document (.doc): save it as plain text"),
    ],
)
def test_a_file_of_another_kind_is_one_line_saying_what_to_do(tmp_path: Path, data: bytes, what: str) -> None:
    path = tmp_path / "saved"
    path.write_bytes(data)
    for command in (["list"], ["grep", "x"]):
        result = run(*command, str(path))
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.startswith(f"isocorpus: error: {path} is {what}")
        assert result.stderr.count("\n") == 1 and result.stderr.count(str(path)) == 1


def test_a_file_of_another_kind_among_dumps_is_skipped(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>x</body></html>")
    result = run("list", str(page), BUNDLED)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 22
    assert result.stderr == (
        f"isocorpus: warning: {page}: an HTML page: save the page as text (File → Save as → Text); skipped\n"
    )


def test_the_same_warning_is_shown_five_times_then_counted(tmp_path: Path) -> None:
    unit = Path(BUNDLED).read_bytes().rstrip(b"\n")
    joined = tmp_path / "joined.txt"
    joined.write_bytes(unit * 12)  # joined without a newline: 11 markers glued to a page's end
    result = run("list", str(joined))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    glued = [line for line in lines if "entry marker glued" in line and "more like this" not in line]
    assert len(glued) == 5
    assert lines[-1].startswith("isocorpus: warning: … and 6 more like this (entry marker glued")
    assert lines[-1].endswith("; --verbose shows all")
    every = run("list", "--verbose", str(joined))
    assert len([line for line in every.stderr.splitlines() if "entry marker glued" in line]) == 11
    assert "more like this" not in every.stderr
    assert run("stats", "-f", "json", str(joined)).stdout == run("stats", "-f", "json", "--verbose", str(joined)).stdout


# --- a gzip bomb: a few hundred KB inflating to hundreds of MB of one entry ----------------------


def _bomb(path: Path, megabytes: int) -> Path:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"the long and winding road " * 40_330  # ~1 MB, one line
    with open(path, "wb") as out:
        out.write(packer.compress(MARKER.encode() + b"\n[l] at 4/18/19 11:00pm\nA Bomber\n\n"))
        for _ in range(megabytes):
            out.write(packer.compress(block))
        out.write(packer.compress(b"\n"))
        out.write(packer.flush())
    return path


_PEAK = (
    "import resource, runpy, sys\n"
    "sys.argv = ['isocorpus', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('isocorpus', run_name='__main__')\n"
    "finally:\n"
    "    sys.stderr.write(f'peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KB is Linux's")
def test_a_gzip_bomb_costs_the_memory_of_a_capped_entry_not_of_what_it_inflates_to(tmp_path: Path) -> None:
    peaks = {}
    for megabytes in (64, 256):
        bomb = _bomb(tmp_path / f"bomb{megabytes}.gz", megabytes)
        assert bomb.stat().st_size < megabytes * 4000  # a few hundred KB: 250 times smaller, at least
        done = subprocess.run(
            [sys.executable, "-c", _PEAK, "stats", "-f", "json", str(bomb)],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["articles"] == 1
        peaks[megabytes] = int(done.stderr.rsplit("peak ", 1)[1])
        if megabytes == 256:
            assert "entry longer than 64 MB: cut there, the rest of it skipped" in done.stderr
    assert peaks[256] < 1.25 * peaks[64], peaks  # four times the bomb, not four times the memory


def test_progress_is_told_the_inflated_bytes(tmp_path: Path) -> None:
    data = (FIXTURES / "paragraphs.txt").read_bytes() * 50
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(gzip.compress(data))

    class Recorder:
        def __init__(self) -> None:
            self.calls: list[tuple[int, int | None]] = []
            self.inflated_to: list[int] = []

        def __call__(self, done: int, total: int | None) -> None:
            self.calls.append((done, total))

        def inflated(self, n: int) -> None:
            self.inflated_to.append(n)

    recorder = Recorder()
    list(isocorpus.iter_articles(path, on_progress=recorder, on_warning=lambda d: None))
    assert recorder.calls[-1] == (path.stat().st_size, path.stat().st_size)
    assert recorder.inflated_to[-1] == len(data)


def test_the_progress_bar_shows_the_inflated_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    from isocorpus.render.progress import ProgressBar

    bar = ProgressBar(delay=0)
    bar.inflated(2_500_000_000)
    bar(1_000_000, 4_000_000)
    try:
        assert bar._inflated_text() == "→ 2.5 GB inflated"
    finally:
        bar.close()


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="needs POSIX signals")
def test_ctrl_c_ends_a_gzip_bomb_cleanly(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.gz", 512)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "isocorpus", "export", "-o", str(out), str(bomb)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):  # writing: past start-up
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert stderr.decode().endswith("isocorpus: interrupted\n")
    assert b"Traceback" not in stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bomb.gz"]


def test_verbose_lasts_one_command(tmp_path: Path) -> None:
    from isocorpus.cli.diagnostics import LOG

    run("list", "--verbose", BUNDLED)
    assert LOG.verbose is False
