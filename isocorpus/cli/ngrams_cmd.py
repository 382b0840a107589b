"""``isocorpus ngrams``: n-grams (clusters) inside blocks, with frequency and range."""

from __future__ import annotations

import typer

from ..filters import ArticleFilter
from ..render.console import ColorChoice
from . import app
from .analysis_options import (
    FORMAT,
    IN,
    LEMMA,
    MIN_RANGE,
    RowFormat,
    SearchIn,
    count_options,
    counted,
    output_rows,
    stop_words,
)
from .output import COLOR, NO_PAGER
from .params import FILES, FILTERS, QUIET, SCHEDULER, SHARD, VERBOSE, grouped


@app.command("ngrams")
@grouped
def ngrams_command(
    files: list[str] = FILES,
    n: int = typer.Option(2, "--size", "-n", min=2, max=6, help="Tokens per n-gram (2 to 6).", metavar="N"),
    containing: str = typer.Option(
        None, "--containing", "-c", help="Only n-grams holding this type (AntConc's clusters).", metavar="WORD"
    ),
    top: int = typer.Option(None, "--top", min=1, help="Only the first N rows.", metavar="N", show_default=False),
    min_freq: int = typer.Option(
        2, "--min-freq", min=1, help="Only n-grams seen at least this often (1 lists every one).", metavar="N"
    ),
    min_range: int = MIN_RANGE,
    fmt: RowFormat = FORMAT,
    search_in: list[SearchIn] = IN,
    lemma: bool = LEMMA,
    stop: str = typer.Option(
        None,
        "--stop",
        help="Leave out n-grams that begin or end with a stop word: language codes (en,es) or a FILE.",
        metavar="LANG|FILE",
    ),
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    color: ColorChoice = COLOR,
    no_pager: bool = NO_PAGER,
    shard: str = SHARD,
    scheduler: str = SCHEDULER,
) -> None:
    """Sequences of N tokens (types) inside one block: n-gram, freq, range (articles).

    An n-gram never crosses a block (a paragraph, a heading). Counts are exact at any size:
    past 300,000 distinct n-grams they are spilled to temporary files by hash and summed
    one file at a time, so memory stays bounded.

    Example: isocorpus ngrams -n 3 --containing below --top 20
    """
    from ..analysis.ngrams import NgramCount, NgramMerger

    options = count_options(search_in, lemma)
    stopped = stop_words(stop)
    merger = NgramMerger()
    try:
        step = NgramCount(n, containing, options.kinds, options.vocabulary, packed=True)
        for table in counted(files, selection, step, quiet=quiet, shard=shard, scheduler=scheduler):
            merger.add(table)
        rows = merger.rows(min_freq=min_freq, min_range=min_range, top=top, stop=stopped)
    finally:
        merger.close()
    from ..render.analysis import Column, text_column

    columns = [text_column("ngram"), Column("freq"), Column("range")]
    caption = f"{merger.tokens:,} tokens, {merger.articles:,} articles; {len(rows):,} {n}-grams"
    output_rows([r.as_dict() for r in rows], columns, fmt, f"{n}-grams", caption)
