"""``isocorpus pairs``: translations across languages."""

from __future__ import annotations

import typer

from ..filters import ArticleFilter
from ..pipeline import articles
from ..render.console import ColorChoice
from ..render.reuse import ReuseFormat
from . import app
from .feedback import reading
from .output import COLOR
from .params import FILES, FILTERS, QUIET, grouped
from .reuse_params import REUSE_FORMAT, emit


@app.command("pairs")
@grouped
def pairs_command(
    files: list[str] = FILES,
    min_margin: float = typer.Option(
        0.1, "--min-margin", min=0.0, max=1.0, help="Least lead over the runner-up for a pair to count."
    ),
    fmt: ReuseFormat = REUSE_FORMAT,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    color: ColorChoice = COLOR,
) -> None:
    """Pair each article with its translation in another language.

    Score = mean of four features in [0, 1]: Jaccard of number tokens, Jaccard of names and
    acronyms, cosine of 5-letter accent-stripped word prefixes, and Pearson r of block lengths
    over the block alignment. The original may be dated at most a day after its translation;
    each article is in one pair at most, best score first, and only when its margin over the
    runner-up is at least --min-margin. Blocks align 1:1 when the counts match, else by
    Gale-Church on lengths.

    Example: isocorpus pairs --format json
    """
    from ..render.reuse import PAIR_COLUMNS, pair_row, render_pairs
    from ..reuse.pairs import find_pairs

    pairs = find_pairs(articles(files, selection, **reading(quiet)), min_margin=min_margin)
    emit(pairs, fmt, pair_row, PAIR_COLUMNS, render_pairs)
