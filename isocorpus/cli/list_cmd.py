"""``isocorpus list``: one row per article."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from ..filters import ArticleFilter, SortKey
from ..pipeline import articles, rendered
from . import app
from .feedback import reading
from .params import FILES, FILTERS, QUIET, VERBOSE, format_option, grouped


class ListFormat(str, Enum):
    """How ``list`` writes its rows."""

    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


@app.command("list")
@grouped
def list_command(
    files: list[str] = FILES,
    fmt: ListFormat = format_option("Output format [default: table on a terminal, tsv when piped]."),
    sort: SortKey = typer.Option(
        None, "--sort", "-s", help="Sort by this (ascending; ties keep input order).", show_default=False
    ),
    reverse: bool = typer.Option(False, "--reverse", "-r", help="Descending (with no --sort: input order reversed)."),
    limit: int = typer.Option(
        None, "--limit", "-n", min=0, metavar="N", help="At most N rows (after sorting).", show_default=False
    ),
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
) -> None:
    """One row per article: seq, date, byline, words, language, lede.

    On a terminal a table fitted to the width (the lede cut to fit); piped, tab-separated
    lines with a header row, whole and without escape codes, for cut and awk.

    Example: isocorpus list --sort words --reverse --limit 5
    """
    from ..render.console import is_terminal, write_encoded
    from ..render.table import LIST_COLUMNS, TSV_HEADER, iter_rows, render_table, tsv_row

    if fmt is None:
        fmt = ListFormat.table if is_terminal() else ListFormat.tsv
    out = sys.stdout
    if fmt is ListFormat.tsv:
        encoding, errors = out.encoding or "utf-8", out.errors or "strict"
        rows = rendered(
            files,
            selection,
            tsv_row,
            encoding=encoding,
            errors=errors,
            sort=sort,
            reverse=reverse,
            limit=limit,
            summary=True,  # a row needs no block but the lede
            **reading(quiet),
        )
        out.write(TSV_HEADER)
        write_encoded(rows, out, encoding, errors)
        return
    chosen = articles(files, selection, sort=sort, reverse=reverse, limit=limit, summary=True, **reading(quiet))
    # Each writer imported where it is used (start-up: json, csv and their escapes cost ~10 ms).
    if fmt is ListFormat.table:
        render_table(chosen)
    elif fmt is ListFormat.csv:
        from ..export.csv import write_rows
        from ..render.safe import terminal_safe

        write_rows(iter_rows(chosen), LIST_COLUMNS, terminal_safe(out))
    elif fmt is ListFormat.json:
        from ..export.json import write_json_array

        write_json_array(iter_rows(chosen), out)
    else:
        from ..export.jsonl import write_records

        write_records(iter_rows(chosen), out)
