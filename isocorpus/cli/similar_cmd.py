"""``isocorpus similar REF``: articles like this one."""

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


@app.command("similar")
@grouped
def similar_command(
    ref: str = typer.Argument(
        ...,
        metavar="REF",
        help="A seq number (as list shows it) or an id prefix of at least 4 hex digits.",
        show_default=False,
    ),
    files: list[str] = FILES,
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many articles to list.", metavar="N"),
    terms: int = typer.Option(8, "--terms", min=1, help="Shared terms shown per article.", metavar="N"),
    fmt: ReuseFormat = REUSE_FORMAT,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    color: ColorChoice = COLOR,
) -> None:
    """The articles most like REF, ranked by TF-IDF cosine, with the shared terms that drive it.

    Terms are normalised word types of the lede, headings, paragraphs and lists; weight
    (1 + ln tf) * ln(N / df), vectors of unit length, score the sum of the products of the
    shared terms (0 to 1); a term in every article weighs nothing. Each shared term shows
    its share of the score. The filters choose the candidates (df is counted over all
    articles); REF is found among all articles, and its copies are left out.

    Example: isocorpus similar 15 --top 5
    """
    from ..filters import find_article
    from ..render.reuse import SIMILAR_COLUMNS, render_similar, similar_row
    from ..reuse.similar import find_similar

    everything = list(articles(files, **reading(quiet)))
    reference = find_article(everything, ref)
    chosen = {id(a) for a in selection.apply(everything)}
    results = find_similar(reference, everything, top=top, terms=terms, keep=lambda a: id(a) in chosen)
    emit(results, fmt, similar_row, SIMILAR_COLUMNS, render_similar)
