"""``isocorpus versions``: the same article saved twice, edited."""

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


@app.command("versions")
@grouped
def versions_command(
    files: list[str] = FILES,
    threshold: float = typer.Option(
        0.5, "--threshold", "-t", min=0.0, max=1.0, help="Least estimated Jaccard similarity of the shingles."
    ),
    shingle: int = typer.Option(5, "--shingle", min=1, help="Tokens per shingle."),
    fmt: ReuseFormat = REUSE_FORMAT,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    color: ColorChoice = COLOR,
) -> None:
    """Near-duplicates with the same byline (an article saved twice, edited), and what changed.

    MinHash (datasketch, 128 permutations) of each article's shingles, LSH for the
    candidates; a pair with the same byline, different ids (exact copies are --unique's)
    and an estimated Jaccard of at least --threshold is listed with a diff of its blocks.

    Example: isocorpus versions old.txt new.txt --threshold 0.8
    """
    from ..render.reuse import VERSION_COLUMNS, render_versions, version_row
    from ..reuse.versions import find_versions

    versions = find_versions(articles(files, selection, **reading(quiet)), threshold=threshold, shingle=shingle)
    emit(versions, fmt, version_row, VERSION_COLUMNS, render_versions)
