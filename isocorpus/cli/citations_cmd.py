"""``isocorpus citations``: titles named in quotation marks, resolved to articles."""

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


@app.command("citations")
@grouped
def citations_command(
    files: list[str] = FILES,
    max_ratio: float = typer.Option(
        0.9,
        "--max-ratio",
        min=0.0,
        max=1.0,
        help="Unresolved when the runner-up's BM25 score is above this share of the best's.",
    ),
    fmt: ReuseFormat = REUSE_FORMAT,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    color: ColorChoice = COLOR,
) -> None:
    """Titles named in quotation marks, and the articles they most plausibly name.

    A title is a quoted span of 3-16 words with an initial capital after a cue (in, see,
    including, essay, article, titled, called, or a list of titles). Resolved, the citing
    article left out: 'exact' when its words occur as a phrase in another article, else
    'ranked' by BM25 (k1 1.2, b 0.75) over normalised words, with the score and the
    runner-up's share of it; above --max-ratio it is 'unresolved'. The dump keeps no
    titles: a resolution is plausible, not confirmed.

    Example: isocorpus citations --format json
    """
    from ..render.reuse import CITATION_COLUMNS, citation_row, render_citations
    from ..reuse.citations import find_citations

    citations = find_citations(articles(files, selection, **reading(quiet)), max_ratio=max_ratio)
    emit(citations, fmt, citation_row, CITATION_COLUMNS, render_citations)
