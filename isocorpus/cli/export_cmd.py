"""``isocorpus export``: articles as machine-readable records, to stdout or a file."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from enum import Enum
from types import FrameType

import typer

from ..errors import UsageError
from ..filters import ArticleFilter
from . import app
from .engines import SCHEDULER, SHARD, sharded_articles
from .options import (
    AUTHOR,
    FILES,
    LANG,
    QUIET,
    SINCE,
    UNIQUE,
    UNTIL,
    Language,
    articles,
    make_filter,
    mapped,
    rendered,
    report,
    write_encoded,
)


class ExportFormat(str, Enum):
    """What ``export`` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"
    parquet = "parquet"


@app.command("export")
def export_command(
    files: list[str] = FILES,
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="Output format."),
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (required for sqlite and parquet), atomically: it appears only when complete. "
        "parquet: X.parquet (and X.blocks.parquet beside it), or a directory for articles.parquet and blocks.parquet.",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    author: list[str] = AUTHOR,
    since: str = SINCE,
    until: str = UNTIL,
    lang: Language = LANG,
    unique: bool = UNIQUE,
    quiet: bool = QUIET,
    shard: str = SHARD,
    scheduler: str = SCHEDULER,
) -> None:
    """Write the articles as records: json (one array), jsonl (one object a line), csv, sqlite, parquet.

    sqlite needs -o FILE and builds an articles table (with full-text search over text and
    apparatus, as Datasette and sqlite-utils use it) and a blocks table. parquet needs -o and
    writes an articles table (blocks nested) and a flat blocks table, zstd, in row groups of
    10,000 articles (needs isocorpus[parquet]). -o never replaces an existing file unless
    --force is given.

    \b
    Example: isocorpus export --format jsonl | jq -r .id
    Example: isocorpus export --format sqlite -o sw.db && datasette sw.db
    Example: isocorpus export --format parquet -o sw.parquet --shard 2/8 dumps/
    """
    selection = make_filter(author, since, until, lang, unique)
    to_file = output is not None and output != "-"
    if fmt is ExportFormat.sqlite and not to_file:
        raise UsageError("--format sqlite writes a database file: give -o FILE")
    if fmt is ExportFormat.parquet and not to_file:
        raise UsageError("--format parquet writes files: give -o FILE.parquet or -o DIRECTORY")
    if scheduler is not None and fmt is not ExportFormat.parquet:
        raise UsageError("--scheduler works with --format parquet")
    if scheduler is not None and shard is not None:
        raise UsageError("--shard and --scheduler split the work two ways: choose one")
    if fmt is ExportFormat.parquet:
        _export_parquet(files, selection, output, force, quiet, shard, scheduler)
        return
    if fmt is ExportFormat.jsonl and shard is None:
        _export_jsonl(files, selection, output if to_file else None, force, quiet)
        return
    if shard is not None:
        chosen = sharded_articles(files, shard, selection)
    else:
        chosen = articles(files, selection, quiet=quiet)
    if fmt is ExportFormat.sqlite:
        from ..export.sqlite import write_sqlite

        with _signals_end_cleanly():
            write_sqlite(chosen, output, force)
        return
    from ..export.csv import write_csv
    from ..export.json import write_json
    from ..export.jsonl import write_jsonl

    writer = {ExportFormat.json: write_json, ExportFormat.jsonl: write_jsonl, ExportFormat.csv: write_csv}[fmt]
    if to_file:
        from ..export.atomic import atomic_open

        newline = "" if fmt is ExportFormat.csv else None
        with _signals_end_cleanly(), atomic_open(output, force, newline=newline) as out:
            writer(chosen, out)
        return
    from ..render.safe import terminal_safe

    writer(chosen, terminal_safe(sys.stdout) if fmt is ExportFormat.csv else sys.stdout)


def _export_jsonl(files: list[str], selection: ArticleFilter, output: str | None, force: bool, quiet: bool) -> None:
    """JSON Lines, parsed and encoded on every core (the same bytes as ``write_jsonl``)."""
    from ..export.jsonl import json_line

    lines = rendered(files, selection, json_line, quiet=quiet)  # checks the inputs before a file is made
    if output is None:
        write_encoded(lines, sys.stdout)
        return
    from ..export.atomic import atomic_open

    with _signals_end_cleanly(), atomic_open(output, force) as out:
        write_encoded(lines, out)


def _export_parquet(
    files: list[str],
    selection: ArticleFilter,
    output: str,
    force: bool,
    quiet: bool,
    shard: str | None,
    scheduler: str | None,
) -> None:
    """Parquet: parsed on every core (or by one shard, or on a Dask cluster), written as it streams."""
    try:
        from ..export.parquet import ParquetSink, Row, article_row
    except ImportError:
        raise UsageError("--format parquet needs pyarrow: pip install 'isocorpus[parquet]'") from None
    if scheduler is not None:
        _export_parquet_on(files, selection, output, force, scheduler)
        return
    rows: Iterator[Row]
    if shard is not None:
        rows = map(article_row, sharded_articles(files, shard, selection))
    else:
        rows = mapped(files, selection, article_row, quiet=quiet)  # checks the inputs before a file is made
    with _signals_end_cleanly(), ParquetSink(output, force) as sink:
        for row in rows:
            sink.add(row)


def _export_parquet_on(files: list[str], selection: ArticleFilter, output: str, force: bool, scheduler: str) -> None:
    try:
        from ..dask import client_for, write_parquet_on
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'isocorpus[dask]'") from None
    from ..export.atomic import check_target
    from ..export.parquet import output_paths

    for path in output_paths(output):  # refused before a cluster starts
        if path.parent.exists():
            check_target(path, force)
    with _signals_end_cleanly(), client_for(scheduler) as client:
        write_parquet_on(
            client,
            files or None,
            output,
            force=force,
            keep=selection.matches,
            unique=selection.unique,
            on_warning=report,
        )


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
