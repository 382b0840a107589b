"""``isocorpus export``: articles as machine-readable records, to stdout or a file."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from enum import Enum
from types import FrameType
from typing import TYPE_CHECKING

import typer

from ..errors import UsageError
from ..filters import ArticleFilter

if TYPE_CHECKING:
    from ..feeds import FeedNamer
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
    Language,
    articles,
    make_filter,
    make_namer,
    rendered,
    write_encoded,
)


class ExportFormat(str, Enum):
    """What ``export`` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"


@app.command("export")
def export_command(
    files: list[str] = FILES,
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="Output format."),
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (required for sqlite), atomically: it appears only when complete.",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    author: list[str] = AUTHOR,
    since: str = SINCE,
    until: str = UNTIL,
    lang: Language = LANG,
    unique: bool = UNIQUE,
    feed_name: str = FEED_NAME,
    feed_from_file: bool = FEED_FROM_FILE,
    quiet: bool = QUIET,
) -> None:
    """Write the articles as records: json (one array), jsonl (one object a line), csv, sqlite.

    sqlite needs -o FILE and builds an articles table (with full-text search over text and
    apparatus, as Datasette and sqlite-utils use it) and a blocks table. -o never replaces
    an existing file unless --force is given.

    \b
    Example: isocorpus export --format jsonl | jq -r .id
    Example: isocorpus export --format sqlite -o sw.db && datasette sw.db
    """
    selection = make_filter(author, since, until, lang, unique)
    namer = make_namer(feed_name, feed_from_file)
    to_file = output is not None and output != "-"
    if fmt is ExportFormat.sqlite and not to_file:
        raise UsageError("--format sqlite writes a database file: give -o FILE")
    if fmt is ExportFormat.jsonl:
        _export_jsonl(files, selection, output if to_file else None, force, quiet, namer)
        return
    chosen = articles(files, selection, quiet=quiet, namer=namer)
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


def _export_jsonl(
    files: list[str], selection: ArticleFilter, output: str | None, force: bool, quiet: bool, namer: FeedNamer | None
) -> None:
    """JSON Lines, parsed and encoded on every core (the same bytes as ``write_jsonl``)."""
    from ..export.jsonl import json_line

    lines = rendered(files, selection, json_line, quiet=quiet, namer=namer)  # checks the inputs before a file is made
    if output is None:
        write_encoded(lines, sys.stdout)
        return
    from ..export.atomic import atomic_open

    with _signals_end_cleanly(), atomic_open(output, force) as out:
        write_encoded(lines, out)


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
