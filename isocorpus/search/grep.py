"""grep, orchestrated: the hits of a query in the articles of some inputs, and how many there are.

    >>> from isocorpus.search import compile_query
    >>> from isocorpus.search.grep import iter_hits
    >>> hits = list(iter_hits(None, compile_query("democratic centralism")))
    >>> len(hits), len({h.article.seq for h in hits})
    (9, 5)

The stages: ``query`` compiles the pattern, ``prefilter`` finds candidates in raw bytes,
``hits`` matches parsed articles, ``lazy`` classifies a line in place and ``count`` counts
without parsing. ``iter_hits`` gives exactly what parsing every article and running
``hits.search_article`` on it would give, but it parses only the entries whose raw bytes hold
one of the query's needles. ``count_hits`` (``grep -c``) parses none: it counts on the raw
bytes, in parallel for large files. Queries with nothing to pre-filter on (fuzzy, accent
folding, patterns whose literal parts cannot be told) parse every entry, as the definition says.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, TypedDict

from ..filters import ArticleFilter
from ..parse import default_warn, iter_raw, parse_entry
from ..sources import OnProgress, ProgressMeter, Warn, resolve_inputs
from .count import Counted, CountSpec, count_file, count_stream, plan_file
from .hits import Hit, search_article
from .prefilter import make_finder
from .query import DEFAULT_KINDS, Query

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..model import Article
    from .prefilter import Finder

Inputs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None


@dataclass(slots=True)
class GrepStats:
    """Totals of one search, filled in as it runs (for ``--stats``)."""

    entries: int = 0
    """Entries in the inputs."""
    parsed: int = 0
    """Entries parsed (the others could not match: their bytes hold no needle)."""
    articles: int = 0
    """Articles with at least one match (after the filters)."""
    matches: int = 0
    """Matches (after ``max_per_article``)."""
    engine: str = "regex"
    """What found the candidates: ``re2``, ``bytes``, or ``regex`` when every entry was parsed."""


def _active(selection: ArticleFilter | None) -> bool:
    return selection is not None and bool(
        selection.authors or selection.since or selection.until or selection.languages or selection.unique
    )


class HitOptions(TypedDict, total=False):
    """What ``iter_hits`` and ``count_hits`` take besides the inputs and the query (see ``iter_hits``)."""

    kinds: frozenset[str]
    selection: ArticleFilter | None
    max_per_article: int | None
    on_warning: Warn | None
    stats: GrepStats | None
    engine: str | None
    on_progress: OnProgress | None


def iter_hits(
    inputs: Inputs,
    query: Query,
    *,
    kinds: frozenset[str] = DEFAULT_KINDS,
    selection: ArticleFilter | None = None,
    max_per_article: int | None = None,
    on_warning: Warn | None = None,
    stats: GrepStats | None = None,
    engine: str | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Hit]:
    """Every match of ``query`` in the articles of ``inputs`` that pass ``selection``, in order.

    At most ``max_per_article`` hits per article. Entries whose bytes hold none of the
    query's needles are skipped unparsed, so problems in them are not reported.
    ``engine`` forces the pre-filter (``re2`` or ``bytes``; ``none`` parses everything).
    ``on_progress(done, total)`` is told the bytes read so far (see ``iter_raw``).
    """
    warn = on_warning or default_warn
    finder = None if engine == "none" else make_finder(query, engine)
    if stats is not None:
        stats.engine = finder.engine if finder else "regex"
    chosen = _parsed(inputs, finder, warn, stats, on_progress)
    if _active(selection) and selection is not None:
        chosen = selection.apply(chosen)
    for article in chosen:
        hits = search_article(article, query, kinds)
        first = True
        for hit in islice(hits, max_per_article):
            if stats is not None:
                stats.matches += 1
                if first:
                    stats.articles += 1
            first = False
            yield hit


def _parsed(
    inputs: Inputs, finder: Finder | None, warn: Warn, stats: GrepStats | None, on_progress: OnProgress | None
) -> Iterator[Article]:
    """The articles of the entries whose bytes ``finder`` finds a needle in (every entry when None)."""
    for seq, raw in enumerate(iter_raw(inputs, on_warning=warn, on_progress=on_progress), 1):
        if stats is not None:
            stats.entries += 1
        if finder is not None and not finder.search(raw.data):
            if not raw.decoder.settled:
                raw.decoder.decode(raw.data, raw.line)  # as parsing would: the encoding may hang on it
            continue
        if stats is not None:
            stats.parsed += 1
        yield parse_entry(raw, seq)


def count_hits(inputs: Inputs, query: Query, *, jobs: int | None = None, **options: Unpack[HitOptions]) -> int:
    """How many hits ``iter_hits(inputs, query, **options)`` would give, counted without parsing when it can be.

    With no filter and a query with needles, entries are never parsed: candidate lines are
    found in the raw bytes and classified where they stand, and a large regular file is
    counted by ``jobs`` processes (default: one per CPU).
    """
    engine = options.get("engine")
    finder = None if engine == "none" else make_finder(query, engine)
    if finder is None or _active(options.get("selection")):
        return sum(1 for _ in iter_hits(inputs, query, **options))
    stats = options.get("stats")
    warn = options.get("on_warning") or default_warn
    kinds = options.get("kinds", DEFAULT_KINDS)
    spec = CountSpec(query, finder, kinds, options.get("max_per_article"), stats is not None)
    tally = Counted()
    sources = resolve_inputs(inputs, warn)
    meter = ProgressMeter(sources, options.get("on_progress"))
    for source in sources:
        with meter.reading(source, warn):
            plan = plan_file(source, warn)
            if plan is None:
                tally.add(count_stream(source, spec, warn, meter.on_read, meter.on_inflate))
            elif plan.size > plan.data_start:
                tally.add(count_file(plan, spec, jobs))  # in parallel ranges: counted when done
    if stats is not None:
        stats.engine = finder.engine
        stats.entries += tally.entries
        stats.articles += tally.articles
        stats.matches += tally.matches
    return tally.matches


__all__ = ["GrepStats", "HitOptions", "count_hits", "iter_hits"]
