#!/usr/bin/env python3
"""isocorpus against the C tools a researcher would otherwise use: grep, ripgrep, wc, jq.

    python benchmarks/run.py                      # every row; corpora built in a temp dir
    python benchmarks/run.py --rows list export   # some rows
    python benchmarks/run.py --workdir /tmp/bench --runs 9   # keep (and reuse) the corpora

The corpora repeat the bundled corpus (a newline between copies): ``x1000.txt`` (274 MB),
``x4000.txt`` (1.1 GB), and ``x1000.jsonl`` made from the first by
``isocorpus export --format jsonl``. Each pair runs alternating A B A B after a warm-up, every
command as a plain child process (no shell), its output thrown away (the grep rows keep theirs
in a file: GNU grep stops at the first match when it writes to /dev/null); the table gives the
median wall-clock seconds of each, the ratio A/B and the target. The memory row gives
isocorpus's peak RSS (``ru_maxrss`` of the finished child from ``os.wait4``: its largest
process, workers included) and, on Linux, the peak of the summed PSS of its process tree.
isocorpus's modules are compiled to bytecode first, as ``pip install`` leaves them.

A row whose tool is missing (ripgrep: Debian package ``ripgrep``) is skipped with a note; a
command that fails (``isocorpus grep`` before it exists) is reported "not available".
Nothing here asserts a timing: it prints, a person reads. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "isocorpus" / "data" / "socialistworker-2019.txt"
PATTERN = "democratic centralism"
ROWS = (
    "grep",
    "rg",
    "list",
    "export",
    "startup",
    "memory",
    "words",
    "ngrams",
    "collocates",
    "keyness",
    "ngram-memory",
    "parquet",
    "dask",
    "engine",
    "parquet-memory",
)
#: The rows that time a statistics command (issue 12).
STATS_ROWS = ("words", "ngrams", "collocates", "keyness")
#: McIlroy's word-frequency pipeline (Bentley, Knuth and McIlroy 1986), the yardstick of ``words``.
MCILROY = "tr -cs A-Za-z '\\n' < {0} | tr A-Z a-z | sort | uniq -c | sort -rn"
#: A child that exits with one of these ran; grep's 1 means "no match".
OK_CODES = (0, 1)
MB = 1_000_000  # decimal, as the issue counts (x1000 is 274 MB)


@dataclass
class Run:
    """One finished child: wall seconds, exit code, peak RSS (bytes), peak tree PSS (bytes)."""

    wall: float
    code: int
    maxrss: int
    tree: int | None = None
    stderr: str = ""
    stdout: str = ""


@dataclass
class Pair:
    """A row of the table: isocorpus (A) against a yardstick (B)."""

    name: str
    a: list[str]
    b: list[str]
    target: float | None
    target_text: str
    a_label: str
    b_label: str
    runs: int
    needs: tuple[str, ...] = ()
    a_note: str = ""
    keep_output: bool = False
    """Write the output to a file (and show it) rather than to /dev/null (see ``run_once``)."""


@dataclass
class Result:
    pair: Pair
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    note: str = ""


# --- corpora ---------------------------------------------------------------------------------


def corpus_copy(source: Path = BUNDLED) -> bytes:
    """The bundled corpus's bytes, ending in a newline, so that copies do not run together."""
    data = source.read_bytes()
    return data if data.endswith(b"\n") else data + b"\n"


def build_corpus(workdir: Path, copies: int, source: Path = BUNDLED) -> Path:
    """``workdir/x{copies}.txt``: the bundled corpus repeated; reused when it has the right size."""
    unit = corpus_copy(source)
    path = workdir / f"x{copies}.txt"
    if path.exists() and path.stat().st_size == len(unit) * copies:
        return path
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        for _ in range(copies):
            out.write(unit)
    tmp.replace(path)
    return path


def build_jsonl(isocorpus: list[str], corpus: Path) -> Path:
    """``corpus`` exported by ``isocorpus export --format jsonl``; reused when newer than it."""
    path = corpus.with_suffix(".jsonl")
    if path.exists() and path.stat().st_mtime >= corpus.stat().st_mtime and path.stat().st_size:
        return path
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "wb") as out:
        subprocess.run([*isocorpus, "export", "--format", "jsonl", str(corpus)], stdout=out, check=True)
    tmp.replace(path)
    return path


# --- running ---------------------------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc``); [] elsewhere."""
    children: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, ()))
    return found


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (RSS where PSS is not available), or 0."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", b"Pss:"), (f"/proc/{pid}/status", b"VmRSS:")):
        try:
            with open(path, "rb") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a process tree every ``interval`` seconds; ``peak`` is the most seen."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.peak = max(self.peak, sum(_pss(p) for p in _descendants(self.pid)))


def run_once(argv: Sequence[str], sample_tree: bool = False, keep_output: bool = False) -> Run:
    """Run ``argv`` with stdin empty; time it and read its peak memory.

    Its output is thrown away (``/dev/null``), or with ``keep_output`` written to a temporary
    file and its start kept: GNU grep notices an output of ``/dev/null`` and stops at the first
    match, so the grep rows keep theirs (a count: a few bytes).
    """
    with (
        open(os.devnull, "rb") as stdin,
        tempfile.TemporaryFile() if keep_output else open(os.devnull, "wb") as out,
        tempfile.TemporaryFile() as err,
    ):
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(list(argv), stdin=stdin, stdout=out, stderr=err)
        except OSError as exc:
            return Run(0.0, 127, 0, stderr=str(exc))
        sampler = _TreeSampler(proc.pid) if sample_tree and os.path.isdir("/proc") else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.done.set()
            sampler.join()
        err.seek(0)
        stderr = err.read(4000).decode("utf-8", "replace")
        stdout = ""
        if keep_output:
            out.seek(0)
            stdout = out.read(200).decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Run(wall, proc.returncode, maxrss, sampler.peak if sampler else None, stderr, stdout)


def _failed(run: Run) -> bool:
    return run.code not in OK_CODES


def _reason(run: Run) -> str:
    lines = [ln for ln in run.stderr.strip().splitlines() if ln.strip()]
    return f"exit {run.code}" + (f": {lines[-1].strip()}" if lines else "")


def run_pair(pair: Pair, warmup: int, log: Callable[[str], None]) -> Result:
    """Warm up, then A B A B … ``pair.runs`` times each; a failing command is 'not available'."""
    result = Result(pair)
    missing = [tool for tool in pair.needs if shutil.which(tool) is None]
    if missing:
        result.note = f"skipped: {', '.join(missing)} not installed"
        return result
    log(f"{pair.name}: {pair.a_label}  vs  {pair.b_label}")
    a_ok = b_ok = True
    keep = pair.keep_output
    for _ in range(max(warmup, 1)):
        first_a, first_b = run_once(pair.a, keep_output=keep), run_once(pair.b, keep_output=keep)
        a_ok, b_ok = not _failed(first_a), not _failed(first_b)
    if not a_ok:
        result.note = f"A not available ({_reason(first_a)})"
    if not b_ok:
        result.note = (result.note + "; " if result.note else "") + f"B failed ({_reason(first_b)})"
    for _ in range(pair.runs):
        if a_ok:
            result.a.append(run_once(pair.a, keep_output=keep))
        if b_ok:
            result.b.append(run_once(pair.b, keep_output=keep))
    if keep:
        shown = [f"{label} printed {_first_line(runs)}" for label, runs in (("A", result.a), ("B", result.b)) if runs]
        result.note = "; ".join([result.note, *shown] if result.note else shown)
    return result


def _first_line(runs: list[Run]) -> str:
    lines = runs[-1].stdout.strip().splitlines()
    return repr(lines[0]) if lines else "nothing"


# --- the rows --------------------------------------------------------------------------------


def find_isocorpus(given: str | None) -> tuple[list[str], str, dict[str, str]]:
    """The isocorpus command, the Python that runs it, and extra environment for it.

    ``--isocorpus`` if given; else the script beside this Python (a venv), else the one on
    PATH; else ``python -m isocorpus`` with this checkout on PYTHONPATH.
    """
    if given:
        argv = shlex.split(given)
        return argv, _interpreter(argv[0]), {}
    beside = Path(sys.executable).parent / "isocorpus"
    if beside.exists():
        return [str(beside)], sys.executable, {}
    found = shutil.which("isocorpus")
    if found:
        return [found], _interpreter(found), {}
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "isocorpus"], sys.executable, {"PYTHONPATH": path}


def _interpreter(script: str) -> str:
    """The Python named on a console script's ``#!`` line (this Python when there is none)."""
    path = shutil.which(script) or script
    try:
        with open(path, "rb") as fh:
            first = fh.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in first:
        return first[2:].split()[0]
    return sys.executable


def compile_bytecode(python: str) -> str:
    """Compile isocorpus's modules to bytecode, as ``pip install`` does; returns a note for the report.

    Without it, a checkout installed with ``pip install -e .`` under PYTHONDONTWRITEBYTECODE
    compiles every module from source on every run, while ``import typer`` (the start-up
    yardstick) loads its installed bytecode: the start-up row would time the compiler.
    """
    where = subprocess.run(
        [python, "-c", "import isocorpus, os; print(os.path.dirname(isocorpus.__file__))"],
        capture_output=True,
        text=True,
    )
    package = where.stdout.strip()
    if where.returncode or not package:
        return "bytecode: isocorpus not importable by this Python; not compiled"
    done = subprocess.run([python, "-m", "compileall", "-q", package], capture_output=True, text=True)
    return f"bytecode: compiled {package}" if done.returncode == 0 else f"bytecode: could not compile {package}"


def _on_cluster(corpus: Path) -> list[str]:
    """``words --scheduler local`` of ``corpus``: the arguments after ``isocorpus``."""
    return ["words", "--scheduler", "local", str(corpus)]


def make_pairs(
    rows: Sequence[str], iso: list[str], python: str, small: Path, big: Path, jsonl: Path | None, runs: int
) -> list[Pair]:
    q = shlex.quote
    out = small.parent
    n_small, n_big = small.stem, big.stem
    pairs = {
        "grep": Pair(
            "grep",
            [*iso, "grep", "-c", PATTERN, str(big)],
            ["grep", "-ci", PATTERN, str(big)],
            1.0,
            "≤ 1.0",
            f"isocorpus grep -c {q(PATTERN)} {n_big}",
            f"grep -ci {q(PATTERN)} {n_big}",
            runs,
            ("grep",),
            keep_output=True,
        ),
        "rg": Pair(
            "rg",
            [*iso, "grep", "-c", PATTERN, str(big)],
            ["rg", "-ci", PATTERN, str(big)],
            3.0,
            "report; aim ≤ 3",
            f"isocorpus grep -c {q(PATTERN)} {n_big}",
            f"rg -ci {q(PATTERN)} {n_big}",
            runs,
            ("rg",),
            keep_output=True,
        ),
        "list": Pair(
            "list",
            [*iso, "list", str(small)],
            ["wc", "-w", str(small)],
            0.75,
            "≤ 0.75",
            f"isocorpus list {n_small} > /dev/null",
            f"wc -w {n_small}",
            runs,
            ("wc",),
        ),
        "export": Pair(
            "export",
            [*iso, "export", "--format", "jsonl", str(small)],
            ["jq", "-c", ".", str(jsonl)],
            0.5,
            "≤ 0.5",
            f"isocorpus export --format jsonl {n_small}",
            f"jq -c . {n_small}.jsonl",
            runs,
            ("jq",),
        ),
        "parquet": Pair(
            "parquet",
            [*iso, "export", "--format", "parquet", "-o", str(out / "bench.parquet"), "--force", str(small)],
            [*iso, "export", "--format", "jsonl", "-o", str(out / "bench.jsonl"), "--force", str(small)],
            1.2,
            "≤ 1.2",
            f"isocorpus export --format parquet -o x.parquet {n_small}",
            f"isocorpus export --format jsonl -o x.jsonl {n_small}",
            runs,
        ),
        # A LocalCluster of 2 worker processes against one of 1 (ISOCORPUS_JOBS sets how many
        # workers --scheduler local starts): the map step scales.
        "dask": Pair(
            "dask",
            ["env", "ISOCORPUS_JOBS=2", *iso, *_on_cluster(small)],
            ["env", "ISOCORPUS_JOBS=1", *iso, *_on_cluster(small)],
            0.6,
            "≤ 0.6",
            f"ISOCORPUS_JOBS=2 isocorpus words --scheduler local {n_small}",
            f"ISOCORPUS_JOBS=1 isocorpus words --scheduler local {n_small}",
            runs,
        ),
        # The cluster (2 workers) against the local pool of 2 processes: the engine costs little.
        "engine": Pair(
            "engine",
            ["env", "ISOCORPUS_JOBS=2", *iso, *_on_cluster(small)],
            ["env", "ISOCORPUS_JOBS=2", *iso, "words", str(small)],
            1.3,
            "≤ 1.3",
            f"ISOCORPUS_JOBS=2 isocorpus words --scheduler local {n_small}",
            f"ISOCORPUS_JOBS=2 isocorpus words {n_small}",
            runs,
        ),
        "startup": Pair(
            "startup",
            [*iso, "list"],
            [python, "-c", "import typer"],
            1.5,
            "≤ 1.5",
            "isocorpus list",
            "python -c 'import typer'",
            runs * 4,
            a_note=" (bundled corpus)",
        ),
        "words": Pair(
            "words",
            [*iso, "words", str(small)],
            ["sh", "-c", MCILROY.format(q(str(small)))],
            0.25,
            "≤ 0.25",
            f"isocorpus words {n_small}",
            MCILROY.format(n_small),
            runs,
            ("tr", "sort", "uniq"),
        ),
    }
    for name, argv in (
        ("ngrams", ["ngrams", "-n", "3"]),
        ("collocates", ["collocates", "party"]),
        ("keyness", ["keyness", "--target", "author:McNally", "--reference", "lang:en"]),
    ):
        pairs[name] = Pair(
            name,
            [*iso, *argv, str(small)],
            [*iso, "words", str(small)],
            2.0,
            "≤ 2",
            f"isocorpus {shlex.join(argv)} {n_small}",
            f"isocorpus words {n_small}",
            runs,
        )
    return [pairs[r] for r in rows if r in pairs]


def build_random_corpus(workdir: Path, megabytes: int, seed: int = 12) -> Path:
    """A dump of distinct random articles (Zipf-like words): nearly every trigram in it is new.

    Repeated copies of the bundled corpus have only its own few tens of thousands of distinct
    n-grams; this corpus has about as many as tokens, the case ``ngrams`` must stay bounded on.
    """
    import itertools
    import random

    path = workdir / f"random{megabytes}.txt"
    if path.exists():
        return path
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "de", "ro", "li", "ma", "no"]
    vocabulary = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(60_000)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    target = megabytes * MB
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        n = 0
        while written < target:
            n += 1
            paragraphs = [
                " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(40, 120))).capitalize() + "."
                for _ in range(rng.randint(5, 15))
            ]
            entry = (
                "[*] [+] [-] [x] [A+] [a-]  \n"
                f"[l] at {1 + n % 12}/{1 + n % 28}/19 10:{n % 60:02d}pm\n"
                f"Writer {n % 500}\n\n" + "\n\n".join(paragraphs) + "\n\n"
            )
            out.write(entry)
            written += len(entry.encode("utf-8"))
        out.write("As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.\n\nNext feed in category: Random\n")
    return path


def measure_ngram_memory(iso: list[str], corpora: Sequence[Path], log: Callable[[str], None]) -> list[Run]:
    """Peak memory (and time) of ``isocorpus ngrams -n 3`` on each corpus."""
    done = []
    for corpus in corpora:
        log(f"ngram memory: isocorpus ngrams -n 3 {corpus.name}")
        done.append(run_once([*iso, "ngrams", "-n", "3", str(corpus)], sample_tree=True))
    return done


def measure_memory(
    iso: list[str], corpora: Sequence[Path], runs: int, log: Callable[[str], None], fmt: str = "jsonl"
) -> list[Run]:
    """The run with the highest peak RSS of ``isocorpus export --format FMT`` on each corpus
    (parquet: to a file beside the corpus)."""
    worst = []
    for corpus in corpora:
        log(f"memory: isocorpus export --format {fmt} {corpus.stem}")
        to_file = ["-o", str(corpus.with_suffix(".parquet")), "--force"] if fmt == "parquet" else []
        argv = [*iso, "export", "--format", fmt, *to_file, str(corpus)]
        done = [run_once(argv, sample_tree=True) for _ in range(runs)]
        worst.append(max(done, key=lambda r: r.maxrss))
    return worst


# --- the report ------------------------------------------------------------------------------


def cpu_name() -> str:
    """The CPU's model name (``/proc/cpuinfo`` on Linux), or what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


def _median(runs: list[Run]) -> float | None:
    return statistics.median(r.wall for r in runs) if runs else None


def _mb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / MB:.0f} MB"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a pipe (McIlroy's pipeline) escaped."""
    return text.replace("|", "\\|")


def format_table(
    results: list[Result], memory: list[tuple[Path, Run]], parquet_memory: list[tuple[Path, Run]] | None = None
) -> str:
    """The results as a Markdown table (medians of wall-clock seconds)."""
    lines = [
        "| pair: A vs B | runs | A median | B median | A/B | target | |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        p = r.pair
        a, b = _median(r.a), _median(r.b)
        ratio = a / b if a is not None and b else None
        verdict = ""
        if ratio is not None and p.target is not None:
            verdict = "met" if ratio <= p.target else "not met"
        if r.note.startswith("A not available"):
            verdict = "not available"
        elif r.note.startswith("skipped"):
            verdict = r.note
        cells = [
            f"`{_cell(p.a_label)}`{p.a_note} vs `{_cell(p.b_label)}`",
            str(max(len(r.a), len(r.b))),
            f"{a:.3f} s" if a is not None else "not available" if "not available" in r.note else "-",
            f"{b:.3f} s" if b is not None else "-",
            f"{ratio:.2f}" if ratio is not None else "-",
            p.target_text,
            verdict,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    trees: list[str] = []
    for fmt, measured, limit in (("jsonl", memory, 100 * MB), ("parquet", parquet_memory or [], None)):
        if not measured:
            continue
        peaks = [run.maxrss for _, run in measured]
        ok = all(run.code == 0 for _, run in measured)
        same = max(peaks) <= min(peaks) * 1.1 + 4 * MB
        met = ok and (limit is None or max(peaks) <= limit) and same
        cells = [
            f"peak RSS of `isocorpus export --format {fmt}` on " + " and ".join(f"{path.stem}" for path, _ in measured),
            "1",
            " / ".join(_mb(run.maxrss) for _, run in measured),
            "",
            f"{peaks[-1] / peaks[0]:.2f}" if peaks[0] else "-",
            f"≤ {limit // MB} MB, the same for both" if limit else "the same for both",
            ("met" if met else "not met") if ok else "failed",
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if any(run.tree for _, run in measured):
            trees.append(f"{fmt}: " + ", ".join(f"{path.stem} {_mb(run.tree)}" for path, run in measured))
    if trees:
        lines.append("")
        lines.append("Whole process tree (sum of PSS, sampled every 20 ms): " + "; ".join(trees) + ".")
    notes = [f"{r.pair.name}: {r.note}" for r in results if r.note]
    if notes:
        lines.append("")
        lines.extend(f"- {n}" for n in notes)
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Time isocorpus against grep, rg, wc and jq on scaled copies of the bundled corpus.",
    )
    parser.add_argument(
        "--rows",
        nargs="+",
        choices=ROWS,
        default=list(ROWS),
        metavar="ROW",
        help=f"which rows to run (default: all): {', '.join(ROWS)}",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5; start-up: 4×)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each command first (default 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="build the corpora here and keep them for the next call (default: a temp dir, removed)",
    )
    parser.add_argument("--scale", type=int, default=1000, help="copies in the smaller corpus (default 1000)")
    parser.add_argument("--big-scale", type=int, default=4000, help="copies in the larger corpus (default 4000)")
    parser.add_argument(
        "--random-mb",
        type=int,
        default=25,
        help="size of the smaller random corpus of the ngram-memory row, in MB (the larger is 4×; default 25)",
    )
    parser.add_argument(
        "--isocorpus",
        metavar="COMMAND",
        help="how to run isocorpus (default: the script beside this Python, on PATH, or python -m isocorpus)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.scale < 1 or args.big_scale < 1:
        parser.error("--runs, --scale and --big-scale must be at least 1, --warmup at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(f"# {message}", file=sys.stderr, flush=True)

    iso, python, env = find_isocorpus(args.isocorpus)
    os.environ.update(env)
    if _failed(run_once([*iso, "--version"])):
        print(f"cannot run isocorpus as {shlex.join(iso)}: install it first (pip install -e .)", file=sys.stderr)
        return 2
    rows = list(dict.fromkeys(args.rows))
    bytecode = compile_bytecode(python)
    tmp = None
    if args.workdir:
        workdir = args.workdir
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="isocorpus-bench-")
        workdir = Path(tmp.name)
    try:
        need_small = {"list", "export", "memory", "parquet", "dask", "engine", "parquet-memory", *STATS_ROWS}
        need_small &= set(rows)
        need_big = {"grep", "rg", "memory", "parquet-memory"} & set(rows)
        log(f"corpora in {workdir}")
        small = build_corpus(workdir, args.scale) if need_small else workdir / f"x{args.scale}.txt"
        big = build_corpus(workdir, args.big_scale) if need_big else workdir / f"x{args.big_scale}.txt"
        jsonl = None
        if "export" in rows and shutil.which("jq"):
            log(f"exporting {small.name} to {small.stem}.jsonl for jq")
            jsonl = build_jsonl(iso, small)
        results = [run_pair(p, args.warmup, log) for p in make_pairs(rows, iso, python, small, big, jsonl, args.runs)]
        ngram_memory = []
        if "ngram-memory" in rows:
            randoms = [build_random_corpus(workdir, mb) for mb in (args.random_mb, 4 * args.random_mb)]
            ngram_memory = list(zip(randoms, measure_ngram_memory(iso, randoms, log), strict=True))
        memory = []
        if "memory" in rows:
            corpora = [small, big]
            memory = list(zip(corpora, measure_memory(iso, corpora, 1, log), strict=True))
        parquet_memory = []
        if "parquet-memory" in rows:
            corpora = [small, big]
            parquet_memory = list(zip(corpora, measure_memory(iso, corpora, 1, log, "parquet"), strict=True))
        sizes = ", ".join(
            f"{p.name} {p.stat().st_size / MB:,.0f} MB" for p in (small, big, small.with_suffix(".jsonl")) if p.exists()
        )
        print(
            f"isocorpus benchmarks: {cpu_name()}, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}"
        )
        print(f"{_version([*iso, '--version'])} run as {shlex.join(iso)}; corpora: {sizes}")
        print(f"{bytecode}; medians of wall-clock seconds, A and B alternating after {args.warmup} warm-up run(s)")
        print()
        print(format_table(results, memory, parquet_memory))
        for corpus, run in ngram_memory:
            tree = f", process tree {_mb(run.tree)}" if run.tree else ""
            print(
                f"isocorpus ngrams -n 3 on {corpus.name} ({corpus.stat().st_size / MB:,.0f} MB of distinct random "
                f"articles): {run.wall:.1f} s, peak RSS {_mb(run.maxrss)}{tree}"
            )
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
