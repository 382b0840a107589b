"""Rows of the statistics commands (words, ngrams, collocates, keyness, plot) in every format.

A rich table on a terminal, tab-separated lines with a header row when piped, or CSV, a JSON
array, JSON Lines. Numbers carry fixed decimals in tables, TSV and CSV, full precision in JSON
(where infinities and NaN, which JSON lacks, become null).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TextIO

from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console


class RowFormat(str, Enum):
    """How the statistics commands write their rows."""

    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the row key, its header, and its decimals (None: not a float)."""

    key: str
    header: str = ""
    decimals: int | None = None
    numeric: bool = True
    scientific: bool = False
    """Floats as 1.234e-05 (p-values)."""

    @property
    def title(self) -> str:
        return self.header or self.key


def text_column(key: str, header: str = "") -> Column:
    return Column(key, header, None, False)


def cell(value: Any, column: Column) -> str:
    """A value as tables, TSV and CSV show it: fixed decimals for floats, '' for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        places = column.decimals if column.decimals is not None else 4
        return f"{value:.{places}e}" if column.scientific else f"{value:.{places}f}"
    text = str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def json_ready(value: Any) -> Any:
    """``value`` with non-finite floats as None (JSON has no NaN or Infinity), recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


def write_rows(rows: Iterable[dict[str, Any]], columns: Sequence[Column], fmt: RowFormat, out: TextIO) -> int:
    """Write the rows in ``fmt`` (``table`` means TSV here: the caller draws tables); returns how many."""
    from ..export.jsonl import encode

    n = 0
    if fmt is RowFormat.json:
        for row in rows:
            out.write(",\n" if n else "[\n")
            out.write(encode(json_ready(row)))
            n += 1
        out.write("\n]\n" if n else "[]\n")
        return n
    if fmt is RowFormat.jsonl:
        for row in rows:
            out.write(encode(json_ready(row)) + "\n")
            n += 1
        return n
    if fmt is RowFormat.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.title for c in columns])
        for row in rows:
            writer.writerow([cell(row.get(c.key), c) for c in columns])
            n += 1
        return n
    out.write("\t".join(c.title for c in columns) + "\n")
    for row in rows:
        out.write("\t".join(visible(cell(row.get(c.key), c)) for c in columns) + "\n")
        n += 1
    return n


def render_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str = "",
    caption: str = "",
    console: Console | None = None,
) -> int:
    """Draw the rows as a rich table (a title above, a caption below); returns how many."""
    from rich.table import Table
    from rich.text import Text

    from .console import make_console

    console = console or make_console()
    table = Table(
        title=Text(title, style="bold") if title else None,
        title_justify="left",
        box=None,
        header_style="bold",
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_edge=False,
    )
    for column in columns:
        table.add_column(column.title, justify="right" if column.numeric else "left", no_wrap=True)
    n = 0
    for row in rows:
        table.add_row(*(Text(visible(cell(row.get(c.key), c))) for c in columns))
        n += 1
    console.print(table)
    if caption:
        console.print(Text(visible(caption), style="dim"))
    return n


def write_or_render(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: RowFormat | None,
    out: TextIO,
    *,
    title: str = "",
    caption: str = "",
) -> int:
    """A table on a terminal when no format is asked for, else ``write_rows`` (TSV when piped)."""
    from .console import is_terminal

    if fmt is RowFormat.table or (fmt is None and is_terminal(out)):
        return render_rows(rows, columns, title=title, caption=caption)
    return write_rows(rows, columns, fmt or RowFormat.tsv, out)
