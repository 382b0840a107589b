"""``isocorpus quotes``: passages one article takes from another."""

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


@app.command("quotes")
@grouped
def quotes_command(
    files: list[str] = FILES,
    min_words: int = typer.Option(12, "--min-words", "-m", min=2, help="Shortest passage, in tokens."),
    shingle: int = typer.Option(5, "--shingle", min=2, help="Tokens per shingle (the seeds of a match)."),
    max_df: int = typer.Option(
        20, "--max-df", min=2, help="Ignore shingles held by more than N articles (boilerplate).", metavar="N"
    ),
    fmt: ReuseFormat = REUSE_FORMAT,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    color: ColorChoice = COLOR,
) -> None:
    """Passages of at least --min-words tokens that one article takes from another.

    Text is normalised (NFKC, casefold, quote marks and dashes dropped, ellipsis as a gap);
    shared shingles rare in the corpus are chained along the diagonal and aligned
    (Levenshtein on tokens) to give the edits. The direction comes from the text, never from
    dates: the target is introduced (a block ending in ':' or naming the source's author),
    in quotation marks, or the shorter excerpt. Articles quoting a common source form a
    cluster with that source. On a terminal both passages side by side with the edits
    marked; piped, one tab-separated row per quote.

    Example: isocorpus quotes --min-words 20
    """
    from ..render.reuse import QUOTE_COLUMNS, quote_row, render_quotes
    from ..reuse.quotes import find_quotes

    quotes = find_quotes(
        articles(files, selection, **reading(quiet)), min_words=min_words, shingle=shingle, max_df=max_df
    )
    emit(quotes, fmt, quote_row, QUOTE_COLUMNS, render_quotes)
