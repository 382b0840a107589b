"""``isocorpus export``: articles as machine-readable records."""

from __future__ import annotations

from enum import Enum

import typer

from . import app
from .options import AUTHOR, FILES, LANG, SINCE, UNIQUE, UNTIL, Language, make_filter, write_rendered


class ExportFormat(str, Enum):
    jsonl = "jsonl"


@app.command("export")
def export_command(
    files: list[str] = FILES,
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="Output format."),
    author: list[str] = AUTHOR,
    since: str = SINCE,
    until: str = UNTIL,
    lang: Language = LANG,
    unique: bool = UNIQUE,
) -> None:
    """Write the articles as records: one JSON object per line (jsonl).

    Example: isocorpus export --format jsonl | jq -r .id
    """
    from ..export.jsonl import json_line

    write_rendered(files, make_filter(author, since, until, lang, unique), json_line)
