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
from ..pipeline import articles, mapped, rendered, sharded
from ..render.console import ColorChoice
from . import app
from .feedback import reading, report
from .output import COLOR
from .params import (
    FEED_FROM_FILE,
    FEED_NAME,
    FILES,
    FILTERS,
    QUIET,
    SCHEDULER,
    SHARD,
    VERBOSE,
    format_option,
    grouped,
)
from .status import signals_end_cleanly

if TYPE_CHECKING:
    from ..feeds import FeedNamer
    from ..model import Article
    from ..sources import Source


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
        help="Write to FILE (required for sqlite and parquet), atomically: it appears only when complete. "
        "parquet: X.parquet (and X.blocks.parquet beside it), or a directory for articles.parquet and blocks.parquet.",
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
    color: ColorChoice = COLOR,
    verbose: bool = VERBOSE,
    shard: str = SHARD,
    scheduler: str = SCHEDULER,
) -> None:
    """Write the articles as records: json (one array), jsonl (one object a line), csv, sqlite, parquet.

    The format is --format's, else -o's extension's (out.csv is CSV, out.jsonl.gz gzipped JSON
    Lines), else jsonl. sqlite needs -o FILE and builds an articles table (with full-text search
    over text and apparatus, as Datasette and sqlite-utils use it) and a blocks table. parquet
    needs -o and writes an articles table (blocks nested) and a flat blocks table, zstd, in row
    groups of 10,000 articles (pip install 'isocorpus[parquet]'). --shard I/N writes the I-th of
    N byte ranges of the inputs (cut at entry markers; N shards together are the whole);
    --scheduler runs a Parquet export on a Dask cluster. -o never replaces an existing file
    unless --force is given, and never one of the inputs.

    \b
    Example: isocorpus export --format jsonl | jq -r .id
    Example: isocorpus export -o sw.db && datasette sw.db
    Example: isocorpus export -o sw.parquet --shard 2/8 dumps/
    """
    from ..sources import resolve_inputs

    sources = resolve_inputs(files or None)  # every input there, or refuse before anything is written
    namer = make_namer(feed_name, feed_from_file)
    to_file = output is not None and output != "-"
    fmt, gz = choose_format(fmt, output)
    if excel and fmt is not ExportFormat.csv:
        raise UsageError(f"{{excel}} is for CSV, not {fmt.value}", option="excel")
    if fmt in BINARY and not to_file:
        kind = "a database file" if fmt is ExportFormat.sqlite else "files"
        raise UsageError(f"--format {fmt.value} writes {kind}: give -o FILE")
    if scheduler is not None and fmt is not ExportFormat.parquet:
        raise UsageError("{scheduler} works with --format parquet", option="scheduler")
    if scheduler is not None and shard is not None:
        raise UsageError("{shard} and {scheduler} split the work two ways: choose one", mentions=("shard", "scheduler"))
    if to_file:
        refuse_an_input(output, sources)
    from ..export.atomic import is_special

    to_regular_file = to_file and not is_special(output)  # a FIFO, /dev/stdout: no word about it
    target = output if to_file else None
    if fmt is ExportFormat.parquet:
        assert output is not None
        n = _export_parquet(files, selection, namer, output, force, quiet, shard, scheduler)
    else:
        n = _export(files, selection, namer, fmt, target, gz, force, quiet, excel, shard)
    if to_regular_file:
        from ..render.safe import visible

        print(f"isocorpus: wrote {n} article{'' if n == 1 else 's'} to {visible(output)}", file=sys.stderr, flush=True)


def refuse_an_input(output: str, sources: Iterable[Source]) -> None:
    """A ``UsageError`` when ``output`` is one of the inputs (or a file a directory input holds)."""
    try:
        target = os.stat(output)
    except OSError:
        return  # not there yet: it cannot be an input
    for source in sources:
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
    shard: str | None = None,
) -> int:
    """Write the export; returns how many articles were written."""
    if fmt is ExportFormat.jsonl and shard is None:
        from ..export.jsonl import json_line
        from ..render.console import write_encoded

        # rendered checks the inputs before a file is made
        lines = _counted(rendered(files, selection, json_line, namer=namer, **reading(quiet)))
        with _output(output, force, gz) as out:
            write_encoded(lines, out)
        return lines.count
    chosen = _chosen(files, selection, namer, quiet, shard)
    if fmt is ExportFormat.sqlite:
        assert output is not None
        from ..export.sqlite import write_sqlite

        with signals_end_cleanly():
            return write_sqlite(chosen, output, force)
    from ..export.json import write_json
    from ..export.jsonl import write_jsonl

    writer = {ExportFormat.json: write_json, ExportFormat.jsonl: write_jsonl}.get(fmt) or _csv_writer(excel)
    newline = "" if fmt is ExportFormat.csv else None
    with _output(output, force, gz, newline, safe=fmt is ExportFormat.csv) as out:
        return writer(chosen, out)


def _chosen(
    files: list[str], selection: ArticleFilter, namer: FeedNamer | None, quiet: bool, shard: str | None
) -> Iterator[Article]:
    """The articles to write: all of them, or those of one shard (read in this process)."""
    if shard is not None:
        return sharded(files, selection, shard, on_warning=report, namer=namer)
    return articles(files, selection, namer=namer, **reading(quiet))


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


def _export_parquet(
    files: list[str],
    selection: ArticleFilter,
    namer: FeedNamer | None,
    output: str,
    force: bool,
    quiet: bool,
    shard: str | None,
    scheduler: str | None,
) -> int:
    """Parquet: parsed on every core (or by one shard, or on a Dask cluster), written as it
    streams; returns how many articles were written."""
    try:
        from ..export.parquet import ParquetSink, Row, article_row
    except ImportError:
        raise UsageError("--format parquet needs pyarrow: pip install 'isocorpus[parquet]'") from None
    if scheduler is not None:
        return _export_parquet_on(files, selection, output, force, scheduler)
    rows: Iterator[Row]
    if shard is not None:
        rows = map(article_row, sharded(files, selection, shard, on_warning=report, namer=namer))
    else:
        # checks the inputs before a file is made
        rows = mapped(files, selection, article_row, namer=namer, **reading(quiet))
    with signals_end_cleanly(), ParquetSink(output, force) as sink:
        for row in rows:
            sink.add(row)
    return sink.count


def _export_parquet_on(files: list[str], selection: ArticleFilter, output: str, force: bool, scheduler: str) -> int:
    try:
        from ..dask import client_for, write_parquet_on
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'isocorpus[dask]'") from None
    from ..export.atomic import check_target
    from ..export.parquet import output_paths

    for path in output_paths(output):  # refused before a cluster starts
        if path.parent.exists():
            check_target(path, force)
    with signals_end_cleanly(), client_for(scheduler) as client:
        return write_parquet_on(
            client,
            files or None,
            output,
            force=force,
            keep=selection.matches,
            unique=selection.unique,
            on_warning=report,
        )


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
