"""``isocorpus timeline``: articles, words and hits per day, ISO week, month or year."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING

import typer

from ..filters import ArticleFilter
from ..pipeline import Matching, articles
from ..search import SearchIn  # typer needs the enums when the command is defined
from ..timeline import Period
from . import app
from .feedback import reading
from .params import FILES, FILTERS, MATCHING, QUIET, SEARCH_IN, VERBOSE, format_option, grouped
from .status import say

if TYPE_CHECKING:
    from ..timeline import Timeline


class TimelineFormat(str, Enum):
    table = "table"
    tsv = "tsv"
    json = "json"
    csv = "csv"


@app.command("timeline")
@grouped
def timeline_command(
    files: list[str] = FILES,
    by: Period = typer.Option(Period.DAY, "--by", "-b", help="Length of a period (weeks are ISO weeks: 2019-W11)."),
    term: list[str] = typer.Option(
        None,
        "--term",
        "-t",
        help="Count the hits of PATTERN, matched as grep matches (repeat for more series).",
        metavar="PATTERN",
    ),
    per: int = typer.Option(
        None, "--per", min=1, help="Give hits per N words (--per 1000: per thousand words).", metavar="N"
    ),
    fmt: TimelineFormat = format_option(
        "table: a bar chart on a terminal, tab-separated lines when piped; tsv, json or csv anywhere.",
        TimelineFormat.table,
    ),
    svg: str = typer.Option(
        None, "--svg", help="Also draw the chart as a standalone SVG file (- for stdout).", metavar="FILE"
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the --svg file if it exists."),
    search_in: list[SearchIn] = SEARCH_IN,
    matching: Matching = MATCHING,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
) -> None:
    """Articles, words and the hits of each --term per day, ISO week, month or year.

    Every period from the first to the last is listed, empty ones included, so gaps show.
    On a terminal a bar chart; piped, one line per period: period, articles, words, then
    one column per term. Articles with no date are counted apart and reported on stderr.

    Example: isocorpus timeline --by week --term 'democratic centralism' --term leninism
    """
    from ..search import resolve_kinds
    from ..timeline import build_timeline

    if svg is not None:
        from ..render.svg import check_svg_name

        check_svg_name(svg)  # before anything is read
    queries = [matching.compile(pattern) for pattern in term or ()]
    timeline = build_timeline(
        articles(files, selection, summary=not queries, **reading(quiet)),  # hits need the blocks
        by,
        queries,
        kinds=resolve_kinds(search_in),
        per=per,
        since=selection.since,
        until=selection.until,
    )
    from ..render.timeline import undated_note

    note = undated_note(timeline)
    if note is not None:
        say("warning", note)
    if svg is not None:
        from ..render.svg import render_svg

        chart = render_svg(timeline)
        if svg == "-":
            sys.stdout.write(chart)
            return
        from ..export.atomic import write_text

        write_text(svg, chart, force=force)
    _write(timeline, fmt)


def _write(timeline: Timeline, fmt: TimelineFormat) -> None:
    from ..render import timeline as render

    if fmt is TimelineFormat.json:
        render.write_json(timeline, sys.stdout)
    elif fmt is TimelineFormat.csv:
        render.write_csv(timeline, sys.stdout)
    elif fmt is TimelineFormat.tsv:
        render.write_tsv(timeline, sys.stdout)
    else:
        render.render_timeline(timeline, sys.stdout)
