"""Options that spread a command's work past one process: ``--shard I/N`` and ``--scheduler``."""

from __future__ import annotations

from collections.abc import Iterator

import typer

from ..filters import ArticleFilter
from ..model import Article
from .options import report

SHARD = typer.Option(
    None,
    "--shard",
    metavar="I/N",
    help="Only the I-th of N byte ranges of the inputs, cut at entry markers (a Slurm array, a cron "
    "fleet): the N outputs together are the whole. seq, line and page are the whole run's.",
    show_default=False,
)
SCHEDULER = typer.Option(
    None,
    "--scheduler",
    metavar="ADDRESS",
    help="Parse on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' for a "
    "LocalCluster of one process per core. Needs isocorpus[dask].",
    show_default=False,
)


def sharded_articles(files: list[str] | None, spec: str, selection: ArticleFilter | None = None) -> Iterator[Article]:
    """The (filtered) articles of one shard of the inputs, numbered as the whole run numbers them.

    The ranges before the shard are counted (bytes only) first; the inputs are checked before
    this returns.
    """
    from ..ranges import iter_ranges, parse_shard, shard

    index, count = parse_shard(spec)
    mine, before = shard(files or None, index, count)
    stream = iter_ranges(mine, before, on_warning=report)
    return selection.apply(stream) if selection is not None else stream
