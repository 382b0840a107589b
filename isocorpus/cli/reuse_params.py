"""Options and output shared by the text reuse commands (quotes, pairs, similar, citations, versions)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer

from ..render.reuse import ReuseFormat

REUSE_FORMAT = typer.Option(
    None,
    "--format",
    "-f",
    help="Output format [default: table on a terminal, tsv when piped].",
    show_default=False,
)


def emit(
    results: Sequence[Any],
    fmt: ReuseFormat | None,
    row: Callable[[Any], dict[str, Any]],
    columns: Sequence[str],
    render: Callable[[Sequence[Any]], None],
) -> None:
    """Write results to stdout in ``fmt`` (table on a terminal, tsv when piped, by default)."""
    from ..render.console import is_terminal
    from ..render.reuse import write_results

    if fmt is None:
        fmt = ReuseFormat.table if is_terminal() else ReuseFormat.tsv
    write_results(results, fmt, sys.stdout, row, columns, render)
