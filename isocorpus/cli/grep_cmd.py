"""``isocorpus grep``: find what a researcher means, inside articles."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import typer

from ..errors import Diagnostic, UsageError
from ..filters import ArticleFilter
from ..pipeline import Matching
from ..render.kwic import KwicSort
from ..search import SearchIn
from . import app
from .feedback import report
from .params import FILES, FILTERS, MATCHING, VERBOSE, grouped
from .status import ExitStatus

if TYPE_CHECKING:
    from ..search.grep import GrepStats


def _report_input(diagnostic: Diagnostic) -> None:
    """grep reports what is wrong with an input as a whole; problems of single entries are ``list``'s."""
    if diagnostic.line is None:
        report(diagnostic)


@app.command("grep")
@grouped
def grep_command(
    pattern: str = typer.Argument(
        ...,
        help="A regular expression (Python's regex module), or a literal with -F.",
        show_default=False,
        metavar="PATTERN",
    ),
    files: list[str] = FILES,
    matching: Matching = MATCHING,
    search_in: list[SearchIn] = typer.Option(
        None,
        "--in",
        help="Search these blocks (repeatable): lede, heading, paragraph, list, note, signoff, provenance, "
        "inset, byline; text = lede, headings, paragraphs, lists; all = every block and the byline. "
        "Default: every block but insets, not the byline.",
        metavar="KIND",
        show_default=False,
    ),
    selection: ArticleFilter = FILTERS,
    context: int = typer.Option(
        None, "--context", "-C", min=0, help="Show N blocks around each match.", metavar="N", show_default=False
    ),
    after_context: int = typer.Option(
        None, "--after-context", "-A", min=0, help="Show N blocks after each match.", metavar="N", show_default=False
    ),
    before_context: int = typer.Option(
        None, "--before-context", "-B", min=0, help="Show N blocks before each match.", metavar="N", show_default=False
    ),
    max_count: int = typer.Option(
        None, "--max-count", "-m", min=1, help="At most N matches per article.", metavar="N", show_default=False
    ),
    count: bool = typer.Option(False, "--count", "-c", help="Print the number of matches, one integer."),
    files_with_matches: bool = typer.Option(
        False, "--files-with-matches", "-l", help="One line per matching article: seq, id, date, byline."
    ),
    json_lines: bool = typer.Option(False, "--json", help="One JSON object per match (the whole block, offsets)."),
    kwic: bool = typer.Option(False, "--kwic", help="A keyword-in-context concordance, one line per match."),
    width: int = typer.Option(
        None,
        "--width",
        min=1,
        help="--kwic: characters of context a side (default: what the terminal allows; 40 when piped).",
        metavar="N",
        show_default=False,
    ),
    sort: KwicSort = typer.Option(None, "--sort", help="--kwic: sort by the words to the left, right, or the match."),
    stats: bool = typer.Option(False, "--stats", help="Print totals on stderr."),
    quiet: bool = typer.Option(
        False, "--quiet", help="No progress bar (shown on a terminal when reading takes a while)."
    ),
    verbose: bool = VERBOSE,
) -> None:
    """Search the articles' blocks for PATTERN, smart about case, quotes, dashes and block kinds.

    A pattern with no upper-case letter ignores case. A straight ' or " also matches curly
    quotes, - matches en and em dashes, ... matches … (--strict turns this off). Matches never
    span blocks; insets and the byline are searched only when --in names them. On a terminal,
    hits are grouped by article; piped, one line per match: seq:id:kind:text around the match.
    Exit status: 0 if something matched, 1 if nothing did, 2 on an error.

    Example: isocorpus grep "democratic centralism" --kwic --sort left
    """
    from ..render.progress import progress_bar
    from ..search import resolve_kinds
    from ..search.grep import GrepStats, HitOptions, count_hits, iter_hits

    modes = [
        name for name, on in (("-c", count), ("-l", files_with_matches), ("--json", json_lines), ("--kwic", kwic)) if on
    ]
    if len(modes) > 1:
        raise UsageError(f"{' and '.join(modes)} cannot be combined: choose one output")
    if (width is not None or sort is not None) and not kwic:
        raise UsageError("--width and --sort go with --kwic")
    query = matching.compile(pattern)
    kinds = resolve_kinds(search_in)
    before = (context or 0) if before_context is None else before_context
    after = (context or 0) if after_context is None else after_context
    totals = GrepStats() if stats else None
    started = time.perf_counter()
    inputs = files or None
    bar = progress_bar(quiet)
    options = HitOptions(
        kinds=kinds,
        selection=selection,
        max_per_article=1 if files_with_matches else max_count,  # -l needs one (and -c never goes with -l)
        on_warning=_report_input,
        stats=totals,
        on_progress=bar,
    )
    if count:
        found = count_hits(inputs, query, **options)
        if bar is not None:
            bar.close()
        print(found)
    else:
        hits = iter_hits(inputs, query, **options)
        if files_with_matches:
            from ..render.grep import write_articles

            found = write_articles(hits, sys.stdout)
        elif json_lines:
            from ..render.grep import write_json

            found = write_json(hits, sys.stdout, before, after, kinds)
        elif kwic:
            from ..render.kwic import render_kwic

            found = render_kwic(hits, pattern, width, sort)
        else:
            from ..render.grep import render_hits

            found = render_hits(hits, sys.stdout, before, after, kinds)
    sys.stdout.flush()
    if totals is not None:
        _print_stats(totals, time.perf_counter() - started)
    raise typer.Exit(ExitStatus.OK if found else ExitStatus.NO_MATCH)


def _print_stats(totals: GrepStats, seconds: float) -> None:
    lines = [
        f"{totals.matches} matches",
        f"{totals.articles} articles with matches",
        f"{totals.entries} articles searched",
        f"{totals.parsed} articles parsed",
        f"{seconds:.3f} seconds",
        f"engine: {totals.engine}",
    ]
    print("\n".join(lines), file=sys.stderr)
