"""``isocorpus keyness``: the words typical of a target subcorpus against a reference."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from ..analysis.keyness import KeySort
from ..filters import ArticleFilter
from ..render.console import ColorChoice
from . import app
from .analysis_options import (
    FORMAT,
    IN,
    LEMMA,
    STOP,
    RowFormat,
    SearchIn,
    count_options,
    counted,
    output_rows,
    stop_words,
)
from .output import COLOR, NO_PAGER
from .params import FILES, FILTERS, QUERY_LANGUAGE, QUIET, SCHEDULER, SHARD, VERBOSE, grouped

if TYPE_CHECKING:
    from ..analysis.keyness import Keywords


@app.command("keyness")
@grouped
def keyness_command(
    files: list[str] = FILES,
    target: str = typer.Option(
        ...,
        "--target",
        "-t",
        help=f"The target subcorpus, a query as --where takes it. {QUERY_LANGUAGE} "
        "Example: --target 'author:McNally AND caucus'.",
        metavar="EXPR",
    ),
    reference: list[str] = typer.Option(
        None,
        "--reference",
        "-r",
        help="The reference: a query as --target takes it, or dump FILEs (repeat) [default: every other article].",
        metavar="EXPR|FILE",
        show_default=False,
    ),
    min_freq: int = typer.Option(1, "--min-freq", min=1, help="Only types with a + b of at least N.", metavar="N"),
    p: float = typer.Option(
        None, "--p", min=0.0, max=1.0, help="Only rows whose p-value is below P (e.g. 0.05).", metavar="P"
    ),
    bonferroni: bool = typer.Option(False, "--bonferroni", help="Divide --p by the number of types compared."),
    sort: KeySort = typer.Option(
        KeySort.g2, "--sort", "-s", help="Order by signed G², log ratio, %DIFF, a, b or type."
    ),
    top: int = typer.Option(
        None,
        "--top",
        "-n",
        min=1,
        help="Only the first N and the last N rows (the target's and the reference's keywords).",
        metavar="N",
        show_default=False,
    ),
    fmt: RowFormat = FORMAT,
    search_in: list[SearchIn] = IN,
    lemma: bool = LEMMA,
    stop: str = STOP,
    selection: ArticleFilter = FILTERS,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    color: ColorChoice = COLOR,
    no_pager: bool = NO_PAGER,
    shard: str = SHARD,
    scheduler: str = SCHEDULER,
) -> None:
    """Keywords of the --target subcorpus against the --reference (the target left out of it).

    Columns: type, a and b (its tokens in target and reference), per 10,000 tokens in each,
    G², p, log ratio, %DIFF. With c and d the tokens of target and reference, N = c + d and
    the 2×2 table a, c − a / b, d − b: G² = 2 Σ O·ln(O/E) over the four cells, E = row total ×
    column total / N, signed negative for words typical of the reference; p = erfc(√(G²/2))
    (χ², 1 df); log ratio = log2((a/c)/(b/d)), a zero replaced by 0.5; %DIFF = 100·(a/c −
    b/d)/(b/d). Sorted by signed G²: the target's keywords first, the reference's last.

    Example: isocorpus keyness --target author:McNally --reference lang:en --top 20
    """
    from ..analysis.counting import Table, WordCount
    from ..analysis.keyness import REFERENCE, TARGET, KeynessGroups, score_keyness
    from ..pipeline import where_filter

    stopped = stop_words(stop)
    aim = where_filter(target)
    refs = list(reference or ())
    from_files = bool(refs) and all(os.path.exists(r) or r == "-" for r in refs)
    if refs and not from_files:
        if len(refs) > 1:
            from ..errors import UsageError

            missing = [r for r in refs if not os.path.exists(r)]
            raise UsageError(f"--reference: give one filter, or files ({missing[0]!r} is no file)")
        other = where_filter(refs[0])
    else:
        other = None
    groups = KeynessGroups(aim, None if from_files else other)
    options = count_options(search_in, lemma, group=groups)
    total = Table()
    for table in counted(files, selection, WordCount(options), quiet=quiet, shard=shard, scheduler=scheduler):
        total.add(table)
    if from_files:
        rest = Table()
        ref_options = count_options(search_in, lemma, group=KeynessGroups(None))
        for table in counted(refs, None, WordCount(ref_options), quiet=quiet, shard=shard, scheduler=scheduler):
            rest.add(table)
        total.groups[REFERENCE] = rest.freq
        total.group_tokens[REFERENCE] = rest.tokens
        total.group_articles[REFERENCE] = rest.articles

    def side(name: str) -> Table:
        return Table(
            tokens=total.group_tokens[name],
            articles=total.group_articles[name],
            freq=total.groups.get(name) or Table().freq,
        )

    result = score_keyness(
        side(TARGET), side(REFERENCE), min_freq=min_freq, p=p, bonferroni=bonferroni, sort=sort, top=top, stop=stopped
    )
    _check_sides(result, target, refs)
    from ..render.analysis import Column, text_column

    columns = [
        text_column("type"),
        Column("a"),
        Column("b"),
        Column("per_10k_a", "per10k_a", decimals=2),
        Column("per_10k_b", "per10k_b", decimals=2),
        Column("g2", "G2", decimals=2),
        Column("p", decimals=2, scientific=True),
        Column("log_ratio", decimals=2),
        Column("pct_diff", "%diff", decimals=1),
    ]
    caption = (
        f"target {target!r}: {_n(result.target_articles, 'article')}, {result.target_tokens:,} tokens; reference"
        f" {' '.join(refs) or 'the rest'!r}: {_n(result.reference_articles, 'article')},"
        f" {result.reference_tokens:,} tokens"
    )
    output_rows([r.as_dict() for r in result.rows], columns, fmt, "keyness", caption)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _check_sides(result: Keywords, target: str, refs: list[str]) -> None:
    from ..errors import UsageError

    if not result.target_tokens:
        raise UsageError(f"--target {target!r}: no article (or no token) matches")
    if not result.reference_tokens:
        raise UsageError(f"--reference {' '.join(refs) or '(the rest)'!r}: no article (or no token) in the reference")
