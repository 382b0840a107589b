"""``isocorpus plot``: a dispersion plot, one barcode row per article."""

from __future__ import annotations

import sys

import typer

from ..filters import ArticleFilter
from ..render.console import ColorChoice
from . import app
from .analysis_options import (
    FORMAT,
    IN,
    LEMMA,
    REGEX,
    RowFormat,
    SearchIn,
    count_options,
    counted,
    output_rows,
    write_svg,
)
from .output import COLOR, NO_PAGER, page
from .params import FILES, FILTERS, QUIET, VERBOSE, grouped


@app.command("plot")
@grouped
def plot_command(
    pattern: str = typer.Argument(
        ..., help="A type to plot (micro-party, iso's), or a regex with --regex.", metavar="PATTERN"
    ),
    files: list[str] = FILES,
    more: list[str] = typer.Option(
        None, "--pattern", "-e", help="Another pattern to plot (repeat).", metavar="PATTERN"
    ),
    regex: bool = REGEX,
    summary: bool = typer.Option(
        False, "--summary", help="Write one row per pattern (freq, range, DP, DPnorm) instead of one per article."
    ),
    svg: str = typer.Option(
        None, "--svg", help="Also draw the plot as a standalone SVG file (- for stdout).", metavar="FILE"
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the --svg file if it exists."),
    fmt: RowFormat = FORMAT,
    search_in: list[SearchIn] = IN,
    lemma: bool = LEMMA,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    color: ColorChoice = COLOR,
    no_pager: bool = NO_PAGER,
) -> None:
    """Where each PATTERN falls in each article: one barcode row per article, with range and DP.

    A row is an article from its first token to its last; a bar marks a hit. Patterns match
    whole types as collocates' NODE does. Piped, one line per pattern and article: pattern,
    seq, article, tokens, hits, offsets (token positions, comma-separated); --summary gives one
    line per pattern: freq, range, articles, DP = ½ Σ |v_i/f − s_i| (Gries), DPnorm = DP/(1 − min s_i).

    Example: isocorpus plot micro-party -e '#metoo' --svg plot.svg
    """
    from ..analysis.dispersion import PlotCount, pattern_dispersion
    from ..analysis.tokens import TypeTest

    patterns = [pattern, *(more or ())]
    tests = tuple(TypeTest(p, regex) for p in patterns)
    options = count_options(search_in, lemma)
    step = PlotCount(tests, options.kinds, options.vocabulary)
    rows = [row for batch in counted(files, selection, step, quiet=quiet) for row in batch]
    totals = pattern_dispersion(patterns, rows)
    if svg is not None:
        from ..render.plot import render_plot_svg

        if write_svg(render_plot_svg(patterns, rows, totals), svg, force):
            return
    from ..render.analysis import Column, text_column
    from ..render.console import is_terminal

    if fmt is None and not summary and is_terminal(sys.stdout):
        from ..render.plot import render_plot

        page()
        render_plot(patterns, rows, totals)
        return
    if summary:
        columns = [
            text_column("pattern"),
            Column("freq"),
            Column("range"),
            Column("articles"),
            Column("dp", decimals=3),
            Column("dp_norm", decimals=3),
        ]
        records = [t.as_dict() for t in totals]
    else:
        columns = [
            text_column("pattern"),
            Column("seq"),
            text_column("article"),
            Column("tokens"),
            Column("hits"),
            text_column("offsets"),
        ]
        records = [
            {
                "pattern": p,
                "seq": row.seq,
                "article": row.label,
                "tokens": row.tokens,
                "hits": len(row.hits[i]),
                "offsets": ",".join(map(str, row.hits[i]))
                if fmt not in (RowFormat.json, RowFormat.jsonl)
                else list(row.hits[i]),
            }
            for i, p in enumerate(patterns)
            for row in rows
        ]
    output_rows(records, columns, fmt, "dispersion")
