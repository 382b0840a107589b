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
from ..pipeline import articles, rendered
from ..render.console import ColorChoice
from . import app
from .feedback import reading
from .output import COLOR
from .params import FILES, FILTERS, QUIET, format_option, grouped
from .status import signals_end_cleanly


class ExportFormat(str, Enum):
    """What ``export`` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"


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
        help="Write to FILE (required for sqlite), atomically: it appears only when complete.",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    color: ColorChoice = COLOR,
) -> None:
    """Write the articles as records: json (one array), jsonl (one object a line), csv, sqlite.

    sqlite needs -o FILE and builds an articles table (with full-text search over text and
    apparatus, as Datasette and sqlite-utils use it) and a blocks table. -o never replaces
    an existing file unless --force is given.

    \b
    Example: isocorpus export --format jsonl | jq -r .id
    Example: isocorpus export --format sqlite -o sw.db && datasette sw.db
    """
    from ..sources import resolve_inputs

    resolve_inputs(files or None)  # every input there, or refuse before anything is written
    to_file = output is not None and output != "-"
    if fmt is ExportFormat.sqlite and not to_file:
        raise UsageError("--format sqlite writes a database file: give -o FILE")
    target = output if to_file else None
    if fmt is ExportFormat.jsonl:
        from ..export.jsonl import json_line
        from ..render.console import write_encoded

        lines = rendered(files, selection, json_line, **reading(quiet))  # checks the inputs before a file is made
        with _output(target, force) as out:
            write_encoded(lines, out)
        return
    chosen = articles(files, selection, **reading(quiet))
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
