"""``isocorpus export``: articles as machine-readable records, to stdout or a file."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

import typer

from ..errors import Diagnostic, UsageError
from ..export.formats import BINARY, ExportFormat, choose_format
from ..feeds import make_namer
from ..filters import ArticleFilter
from ..pipeline import articles, rendered
from . import app
from .feedback import reading, report
from .params import FEED_FROM_FILE, FEED_NAME, FILES, FILTERS, QUIET, VERBOSE, format_option, grouped
from .status import signals_end_cleanly

if TYPE_CHECKING:
    from ..feeds import FeedNamer
    from ..model import Article


@app.command("export")
@grouped
def export_command(
    files: list[str] = FILES,
    fmt: ExportFormat = format_option(
        "Output format [default: from -o's extension (.json .jsonl .csv .db .sqlite .parquet, + .gz), else jsonl]."
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
    selection: ArticleFilter = FILTERS,
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
    namer = make_namer(feed_name, feed_from_file)
    to_file = output is not None and output != "-"
    fmt, gz = choose_format(fmt, output)
    if excel and fmt is not ExportFormat.csv:
        raise UsageError(f"{{excel}} is for CSV, not {fmt.value}", option="excel")
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

        print(f"isocorpus: wrote {n} article{'' if n == 1 else 's'} to {visible(output)}", file=sys.stderr, flush=True)


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
        from ..export.jsonl import json_line
        from ..render.console import write_encoded

        # rendered checks the inputs before a file is made
        lines = _counted(rendered(files, selection, json_line, namer=namer, **reading(quiet)))
        with _output(output, force, gz) as out:
            write_encoded(lines, out)
        return lines.count
    chosen = articles(files, selection, namer=namer, **reading(quiet))
    if fmt in BINARY:
        assert output is not None
        if fmt is ExportFormat.sqlite:
            from ..export.sqlite import write_sqlite as write_file
        else:
            from ..export.parquet import write_parquet as write_file
        with signals_end_cleanly():
            return write_file(chosen, output, force)
    from ..export.json import write_json

    writer = write_json if fmt is ExportFormat.json else _csv_writer(excel)
    newline = "" if fmt is ExportFormat.csv else None
    with _output(output, force, gz, newline, safe=fmt is ExportFormat.csv) as out:
        return writer(chosen, out)


class _counted:
    """The chunks as they are, counted as they go (``count``)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.count = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.count += 1
            yield chunk


def _csv_writer(excel: bool) -> Callable[[Iterable[Article], TextIO], int]:
    from ..export.csv import write_csv

    if not excel:
        return write_csv

    def cut(article: Article, column: str, length: int) -> None:
        report(Diagnostic(article.source, article.line, f"{column}: {length:,} characters cut to 32,767 for Excel"))

    return lambda chosen, out: write_csv(chosen, out, excel=True, on_cut=cut)


@contextlib.contextmanager
def _output(
    path: str | None, force: bool, gz: bool = False, newline: str | None = None, safe: bool = False
) -> Iterator[TextIO]:
    """stdout (through ``terminal_safe`` if ``safe``), or ``path`` written atomically (gzipped when ``gz``)."""
    if path is None:
        from ..render.safe import terminal_safe

        yield terminal_safe(sys.stdout) if safe else sys.stdout
        return
    from ..export.atomic import atomic_open, atomic_path

    if not gz:
        with signals_end_cleanly(), atomic_open(path, force, newline=newline) as out:
            yield out
        return
    import gzip

    with signals_end_cleanly(), atomic_path(path, force) as tmp:
        with gzip.open(tmp, "wt", encoding="utf-8", newline=newline) as out:
            yield out
