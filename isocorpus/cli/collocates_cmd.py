"""``isocorpus collocates``: what goes with a word, by an association measure."""

from __future__ import annotations

import typer

from ..analysis.collocates import Measure
from ..filters import ArticleFilter
from ..render.console import ColorChoice
from . import app
from .analysis_options import (
    FORMAT,
    IN,
    LEMMA,
    REGEX,
    STOP,
    TOP,
    RowFormat,
    SearchIn,
    count_options,
    counted,
    output_rows,
    stop_words,
    write_svg,
)
from .output import COLOR, NO_PAGER
from .params import FILES, FILTERS, QUIET, VERBOSE, grouped


@app.command("collocates")
@grouped
def collocates_command(
    node: str = typer.Argument(
        ..., help="The node: a type as the tokenizer gives it (micro-party, iso's).", metavar="NODE"
    ),
    files: list[str] = FILES,
    left: int = typer.Option(5, "--left", "-L", min=0, max=50, help="Window tokens left of the node.", metavar="N"),
    right: int = typer.Option(5, "--right", "-R", min=0, max=50, help="Window tokens right of the node.", metavar="N"),
    measure: Measure = typer.Option(Measure.logdice, "--measure", "-m", help="The score to sort by."),
    min_co: int = typer.Option(
        3, "--min-co", min=1, help="Only collocates seen at least N times in the windows.", metavar="N"
    ),
    min_freq: int = typer.Option(
        1, "--min-freq", min=1, help="Only collocates with a corpus frequency of N or more.", metavar="N"
    ),
    top: int = TOP,
    regex: bool = REGEX,
    svg: str = typer.Option(
        None,
        "--svg",
        help="Also draw a collocation graph (GraphColl-style) to this SVG file (- for stdout).",
        metavar="FILE",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the --svg file if it exists."),
    fmt: RowFormat = FORMAT,
    search_in: list[SearchIn] = IN,
    lemma: bool = LEMMA,
    stop: str = STOP,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    color: ColorChoice = COLOR,
    no_pager: bool = NO_PAGER,
) -> None:
    """Collocates of NODE in a window of L tokens left and R right, inside each block.

    Columns: collocate, co (co-occurrences in the windows; left, right), freq (in the corpus),
    the chosen score; json and jsonl carry every score. A position in two overlapping windows
    counts once; the node itself is never in a window. With f = co, R1 = window positions,
    f2 = freq, N = tokens and E = R1·f2/N: logdice = 14 + log2(2·f/(f_node + f2)) (Sketch
    Engine), dice = 2·f/(f_node + f2), mi = log2(f/E), mi3 = log2(f³/E), t = (f − E)/√f,
    z = (f − E)/√E, ll = signed G² over the four cells of the 2×2 table, lr = log2((f/R1) /
    ((f2 − f)/(N − R1))), a zero replaced by 0.5.

    Example: isocorpus collocates micro-party -L 5 -R 5 --measure logdice --min-co 3
    """
    from ..analysis.collocates import CollocateCount, CollocateTable, score_collocates
    from ..analysis.tokens import TypeTest

    test = TypeTest(node, regex)
    options = count_options(search_in, lemma)
    stopped = stop_words(stop)
    step = CollocateCount(test, left, right, options.kinds, options.vocabulary)
    total = CollocateTable()
    for table in counted(files, selection, step, quiet=quiet):
        total.add(table)
    result = score_collocates(total, node, measure, min_co=min_co, min_freq=min_freq, top=top, stop=stopped)
    if svg is not None:
        from ..render.graph import render_collocation_graph

        if write_svg(render_collocation_graph(result), svg, force):
            return
    from ..render.analysis import Column, text_column

    columns = [
        text_column("collocate"),
        Column("co"),
        Column("left"),
        Column("right"),
        Column("freq"),
        Column("score", measure.value, decimals=3),
    ]
    caption = (
        f"node {node!r}: {result.node_freq:,} occurrences, {result.window:,} window positions (L{left} R{right}),"
        f" {result.tokens:,} tokens"
    )
    output_rows([r.as_dict() for r in result.rows], columns, fmt, f"collocates of {node}", caption)
