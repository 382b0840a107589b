"""Options and output shared by the text reuse commands (quotes, pairs, similar, citations, versions)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..render.reuse import ReuseFormat
from .params import format_option

REUSE_FORMAT = format_option("Output format [default: table on a terminal, tsv when piped].")


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
