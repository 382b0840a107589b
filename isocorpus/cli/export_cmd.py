"""``isocorpus export``: articles as machine-readable records, to stdout or a file."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, TextIO

import typer

from ..errors import Diagnostic, UsageError
from ..export.formats import BINARY, ExportFormat, choose_format
from ..filters import ArticleFilter
from . import app
from .options import (
    AUTHOR,
    FEED_FROM_FILE,
    FEED_NAME,
    FILES,
    LANG,
    QUIET,
    SINCE,
    UNIQUE,
    UNTIL,
    VERBOSE,
    Language,
    articles,
    make_filter,
    make_namer,
    rendered,
    report,
    write_encoded,
)

if TYPE_CHECKING:
    from ..feeds import FeedNamer
    from ..model import Article


@app.command("export")
def export_command(
    files: list[str] = FILES,
    fmt: ExportFormat = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format [default: from -o's extension (.json .jsonl .csv .db .sqlite .parquet, "
        "+ .gz), else jsonl].",
        show_default=False,
    ),
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (required for sqlite and parquet), atomically: it appears only when complete.",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists (never one of the inputs)."),
    excel: bool = typer.Option(
        False,
        "--excel",
        help="CSV for spreadsheets: formula-like cells get a leading ', a UTF-8 BOM, cells cut to 32,767 "
        "characters (with a warning). Plain CSV stays exact for pandas.",
    ),
    author: list[str] = AUTHOR,
    since: str = SINCE,
    until: str = UNTIL,
    lang: Language = LANG,
    unique: bool = UNIQUE,
    feed_name: str = FEED_NAME,
    feed_from_file: bool = FEED_FROM_FILE,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
) -> None:
    """Write the articles as records: json (one array), jsonl (one object a line), csv, sqlite, parquet.

    The format is --format's, else -o's extension's (out.csv is CSV, out.jsonl.gz gzipped JSON
    Lines), else jsonl. sqlite needs -o FILE and builds an articles table (with full-text search
    over text and apparatus, as Datasette and sqlite-utils use it) and a blocks table; parquet
    (-o FILE, pip install 'isocorpus[parquet]') has typed columns. -o never replaces an
    existing file unless --force is given, and never one of the inputs.

    \b
    Example: isocorpus export --format jsonl | jq -r .id
    Example: isocorpus export -o sw.db && datasette sw.db
    """
    selection = make_filter(author, since, until, lang, unique)
    namer = make_namer(feed_name, feed_from_file)
    to_file = output is not None and output != "-"
    fmt, gz = choose_format(fmt, output)
    if excel and fmt is not ExportFormat.csv:
        raise UsageError(f"--excel is for CSV, not {fmt.value}")
    if fmt in BINARY and not to_file:
        kind = "a database" if fmt is ExportFormat.sqlite else "a Parquet"
        raise UsageError(f"--format {fmt.value} writes {kind} file: give -o FILE")
    if to_file:
        refuse_an_input(output, files)
    from ..export.atomic import is_special

    to_regular_file = to_file and not is_special(output)  # a FIFO, /dev/stdout: no word about it
    n = _export(files, selection, namer, fmt, output if to_file else None, gz, force, quiet, excel)
    if to_regular_file:
        from ..render.safe import visible

        print(f"isocorpus: wrote {n} article{'' if n == 1 else 's'} to {visible(output)}", file=sys.stderr)


def refuse_an_input(output: str, files: list[str] | None) -> None:
    """A ``UsageError`` when ``output`` is one of the inputs (or a file a directory input holds)."""
    from ..sources import resolve_inputs

    try:
        target = os.stat(output)
    except OSError:
        return  # not there yet: it cannot be an input
    for source in resolve_inputs(files or None):
        if source.path is None:
            continue
        with contextlib.suppress(OSError):
            held = os.stat(source.path)
            if (held.st_dev, held.st_ino) == (target.st_dev, target.st_ino):
                raise UsageError(f"-o {output} is one of the inputs: write somewhere else (--force or not)")


def _export(
    files: list[str],
    selection: ArticleFilter,
    namer: FeedNamer | None,
    fmt: ExportFormat,
    output: str | None,
    gz: bool,
    force: bool,
    quiet: bool,
    excel: bool = False,
) -> int:
    """Write the export; returns how many articles were written."""
    if fmt is ExportFormat.jsonl:
        return _export_jsonl(files, selection, output, gz, force, quiet, namer)
    chosen = articles(files, selection, quiet=quiet, namer=namer)
    if fmt is ExportFormat.sqlite or fmt is ExportFormat.parquet:
        assert output is not None
        if fmt is ExportFormat.sqlite:
            from ..export.sqlite import write_sqlite as write_file
        else:
            from ..export.parquet import write_parquet as write_file
        with _signals_end_cleanly():
            return write_file(chosen, output, force)
    from ..export.json import write_json

    writer = write_json if fmt is ExportFormat.json else _csv_writer(excel)
    if output is not None:
        newline = "" if fmt is ExportFormat.csv else None
        with _signals_end_cleanly(), _open_output(output, force, gz, newline) as out:
            return writer(chosen, out)
    from ..render.safe import terminal_safe

    return writer(chosen, terminal_safe(sys.stdout) if fmt is ExportFormat.csv else sys.stdout)


def _csv_writer(excel: bool) -> Callable[[Iterable[Article], TextIO], int]:
    from ..export.csv import write_csv

    if not excel:
        return write_csv

    def cut(article: Article, column: str, length: int) -> None:
        report(Diagnostic(article.source, article.line, f"{column}: {length:,} characters cut to 32,767 for Excel"))

    return lambda chosen, out: write_csv(chosen, out, excel=True, on_cut=cut)


@contextlib.contextmanager
def _open_output(output: str, force: bool, gz: bool, newline: str | None = None) -> Iterator[TextIO]:
    """The output file, UTF-8 text, written atomically; gzipped when ``gz``."""
    from ..export.atomic import atomic_open, atomic_path

    if not gz:
        with atomic_open(output, force, newline=newline) as out:
            yield out
        return
    import gzip

    with atomic_path(output, force) as tmp, gzip.open(tmp, "wt", encoding="utf-8", newline=newline) as out:
        yield out


def _export_jsonl(
    files: list[str],
    selection: ArticleFilter,
    output: str | None,
    gz: bool,
    force: bool,
    quiet: bool,
    namer: FeedNamer | None,
) -> int:
    """JSON Lines, parsed and encoded on every core (the same bytes as ``write_jsonl``)."""
    from ..export.jsonl import json_line

    lines = rendered(files, selection, json_line, quiet=quiet, namer=namer)  # checks the inputs before a file is made
    n = 0

    def counted() -> Iterator[bytes]:
        nonlocal n
        for line in lines:
            n += 1
            yield line

    if output is None:
        write_encoded(counted(), sys.stdout)
        return n
    with _signals_end_cleanly(), _open_output(output, force, gz) as out:
        write_encoded(counted(), out)
    return n


@contextlib.contextmanager
def _signals_end_cleanly() -> Iterator[None]:
    """While a file is written, SIGTERM and SIGHUP unwind (removing the temporary file) and
    exit 128 + the signal number, instead of killing the process on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, leave) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
