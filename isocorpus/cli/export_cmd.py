"""``isocorpus export``: articles as machine-readable records, to stdout or a file."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import Enum
from typing import TextIO

import typer

from ..errors import UsageError
from ..filters import ArticleFilter
from ..pipeline import articles, mapped, rendered, sharded
from . import app
from .feedback import reading, report
from .params import FILES, FILTERS, QUIET, SCHEDULER, SHARD, format_option, grouped
from .status import signals_end_cleanly


class ExportFormat(str, Enum):
    """What ``export`` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"
    parquet = "parquet"


@app.command("export")
@grouped
def export_command(
    files: list[str] = FILES,
    fmt: ExportFormat = format_option("Output format.", ExportFormat.jsonl),
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
    selection: ArticleFilter = FILTERS,
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
    to_file = output is not None and output != "-"
    if fmt is ExportFormat.sqlite and not to_file:
        raise UsageError("--format sqlite writes a database file: give -o FILE")
    if fmt is ExportFormat.parquet and not to_file:
        raise UsageError("--format parquet writes files: give -o FILE.parquet or -o DIRECTORY")
    if scheduler is not None and fmt is not ExportFormat.parquet:
        raise UsageError("--scheduler works with --format parquet")
    if scheduler is not None and shard is not None:
        raise UsageError("--shard and --scheduler split the work two ways: choose one")
    target = output if to_file else None
    if fmt is ExportFormat.parquet:
        _export_parquet(files, selection, output, force, quiet, shard, scheduler)
        return
    if fmt is ExportFormat.jsonl and shard is None:
        from ..export.jsonl import json_line
        from ..render.console import write_encoded

        lines = rendered(files, selection, json_line, **reading(quiet))  # checks the inputs before a file is made
        with _output(target, force) as out:
            write_encoded(lines, out)
        return
    if shard is not None:
        chosen = sharded(files, selection, shard, on_warning=report)
    else:
        chosen = articles(files, selection, **reading(quiet))
    if fmt is ExportFormat.jsonl:
        from ..export.jsonl import write_jsonl

        with _output(target, force) as out:
            write_jsonl(chosen, out)
        return
    if fmt is ExportFormat.sqlite:
        from ..export.sqlite import write_sqlite

        with signals_end_cleanly():
            write_sqlite(chosen, output, force)
        return
    from ..export.csv import write_csv
    from ..export.json import write_json

    writer = write_csv if fmt is ExportFormat.csv else write_json
    newline = "" if fmt is ExportFormat.csv else None
    with _output(target, force, newline, safe=fmt is ExportFormat.csv) as out:
        writer(chosen, out)


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
        rows = map(article_row, sharded(files, selection, shard, on_warning=report))
    else:
        rows = mapped(files, selection, article_row, **reading(quiet))  # checks the inputs before a file is made
    with signals_end_cleanly(), ParquetSink(output, force) as sink:
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
    with signals_end_cleanly(), client_for(scheduler) as client:
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
def _output(path: str | None, force: bool, newline: str | None = None, safe: bool = False) -> Iterator[TextIO]:
    """stdout (through ``terminal_safe`` if ``safe``), or ``path`` written atomically."""
    if path is None:
        from ..render.safe import terminal_safe

        yield terminal_safe(sys.stdout) if safe else sys.stdout
        return
    from ..export.atomic import atomic_open

    with signals_end_cleanly(), atomic_open(path, force, newline=newline) as out:
        yield out
