"""``isocorpus stats``: what the articles add up to."""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import Enum

from ..errors import Diagnostic
from ..feeds import make_namer
from ..filters import ArticleFilter
from ..pipeline import articles
from . import app
from .feedback import reading, report
from .params import FEED_FROM_FILE, FEED_NAME, FILES, FILTERS, QUIET, VERBOSE, format_option, grouped


class StatsFormat(str, Enum):
    """How ``stats`` writes the totals when not drawing a panel."""

    json = "json"
    text = "text"


@app.command("stats")
@grouped
def stats_command(
    files: list[str] = FILES,
    fmt: StatsFormat = format_option("json or text [default: a panel on a terminal, text when piped]."),
    selection: ArticleFilter = FILTERS,
    feed_name: str = FEED_NAME,
    feed_from_file: bool = FEED_FROM_FILE,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
) -> None:
    """Totals: articles, words, date range, authors, languages, feeds, next feeds, pages, warnings.

    A dump does not name its own feed: feeds are counted only when you name them (--feed-name,
    --feed-name-from-file). Next feeds are the ones page footers name (Next feed in category:
    …), never the articles' own feed. Pages are the distinct
    pages the articles sit on; warnings counts every warning the input gave, whatever the
    filters.

    Example: isocorpus stats --format json | jq .authors
    """
    from ..render.console import is_terminal
    from ..stats import compute_stats

    warned = 0

    def count(diagnostic: Diagnostic) -> None:
        nonlocal warned
        warned += 1
        report(diagnostic)

    namer = make_namer(feed_name, feed_from_file)
    chosen = articles(files, selection, summary=True, namer=namer, **reading(quiet, on_warning=count))
    stats = replace(compute_stats(chosen), warnings=warned)
    if fmt is StatsFormat.json:
        from ..export.jsonl import encode

        sys.stdout.write(encode(stats.as_dict(), indent=True) + "\n")
    elif fmt is StatsFormat.text or not is_terminal():
        from ..render.stats import format_stats_text

        sys.stdout.write(format_stats_text(stats))
    else:
        from ..render.stats import render_stats

        render_stats(stats)
