"""Periods and bucketing: how many articles, words and hits per day, ISO week, month or year.

``build_timeline`` reads articles once (any iterable, lazily) and keeps one tally per period
seen, so memory grows with the number of periods, never with the number of articles. The
result lists every period from the first to the last, empty ones included, so gaps show.
Articles with no ``published`` date are tallied apart (``Timeline.undated``), never dropped
silently. Hits are counted by ``isocorpus.search.count_matches``: exactly what ``grep`` finds.

Weeks are ISO 8601 weeks: they start on Monday, and a week belongs to the year that holds its
Thursday, so 31 December 2019 is in ``2020-W01`` and 1 January 2021 in ``2020-W53``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .model import Article, Choice

if TYPE_CHECKING:
    from .search import Query


class Period(Choice):
    """How long one bucket of the timeline is."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def period_start(day: date, period: Period) -> date:
    """The first day of the period that holds ``day`` (a Monday for weeks)."""
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_start(start: date, period: Period) -> date:
    """The first day of the period after the one starting on ``start``."""
    if period is Period.DAY:
        return start + timedelta(days=1)
    if period is Period.WEEK:
        return start + timedelta(days=7)
    if period is Period.MONTH:
        return date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    return date(start.year + 1, 1, 1)


def period_end(start: date, period: Period) -> date:
    """The last day (inclusive) of the period starting on ``start``."""
    return next_start(start, period) - timedelta(days=1)


def period_label(start: date, period: Period) -> str:
    """``2019-03-14``, ``2019-W11`` (ISO year and week), ``2019-03`` or ``2019``."""
    if period is Period.DAY:
        return start.isoformat()
    if period is Period.WEEK:
        iso = start.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if period is Period.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}"


#: The most periods a timeline lists: a century of days (two-digit years span 1969-2068); a dump
#: dated 0001 and 9999 would otherwise ask for 3.6 million rows (minutes and gigabytes).
MAX_PERIODS = 50_000


def count_periods(first: date, last: date, period: Period) -> int:
    """How many periods ``iter_periods(first, last, period)`` gives."""
    a, b = period_start(first, period), period_start(last, period)
    if period is Period.DAY:
        return (b - a).days + 1
    if period is Period.WEEK:
        return (b - a).days // 7 + 1
    if period is Period.MONTH:
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return b.year - a.year + 1


def iter_periods(first: date, last: date, period: Period) -> Iterable[date]:
    """The start of every period from the one holding ``first`` to the one holding ``last``."""
    start, stop = period_start(first, period), period_start(last, period)
    while start <= stop:
        yield start
        if start == stop:  # the next period may lie past date.max
            return
        start = next_start(start, period)


@dataclass(frozen=True, slots=True)
class Tally:
    """What a set of articles holds: how many, how many words, how many hits per term."""

    articles: int = 0
    """How many articles."""
    words: int = 0
    """The sum of their word counts (``Article.word_count``)."""
    hits: tuple[int, ...] = ()
    """Hits of each term, in the order of ``Timeline.terms``."""

    def rates(self, per: int) -> tuple[float, ...]:
        """Hits of each term per ``per`` words (0.0 when there are no words)."""
        if not self.words:
            return tuple(0.0 for _ in self.hits)
        return tuple(h * per / self.words for h in self.hits)


@dataclass(frozen=True, slots=True)
class Bucket:
    """One period of the timeline and its tally."""

    label: str
    """The period as printed: ``2019-03-14``, ``2019-W11``, ``2019-03`` or ``2019``."""
    start: date
    """The period's first day."""
    end: date
    """The period's last day (inclusive)."""
    tally: Tally
    """Articles, words and hits per term published in the period."""

    @property
    def articles(self) -> int:
        return self.tally.articles

    @property
    def words(self) -> int:
        return self.tally.words

    @property
    def hits(self) -> tuple[int, ...]:
        return self.tally.hits


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every period from the first to the last, with the tally of undated articles apart."""

    period: Period
    """The length of a bucket."""
    terms: tuple[str, ...]
    """The patterns counted, as typed, in order."""
    buckets: tuple[Bucket, ...]
    """One per period, in order, empty periods included."""
    undated: Tally
    """Articles with no date: counted, but in no period."""
    per: int | None = None
    """When set, ``values`` gives hits per this many words instead of hits."""

    @property
    def articles(self) -> int:
        """Dated articles (those in the buckets)."""
        return sum(b.articles for b in self.buckets)

    def values(self, bucket: Bucket) -> tuple[float, ...] | tuple[int, ...]:
        """The measure shown for each term: hits, or hits per ``per`` words."""
        if self.per:
            return bucket.tally.rates(self.per)
        return bucket.hits

    def as_dicts(self) -> list[dict[str, Any]]:
        """``[{"period", "start", "end", "articles", "words", "hits": {term: n}}]``, JSON-ready."""
        return [
            {
                "period": b.label,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "articles": b.articles,
                "words": b.words,
                "hits": dict(zip(self.terms, self.values(b), strict=True)),
            }
            for b in self.buckets
        ]


@dataclass(slots=True)
class _Counter:
    articles: int = 0
    words: int = 0
    hits: list[int] = field(default_factory=list)

    def add(self, article: Article, hits: Sequence[int]) -> None:
        self.articles += 1
        self.words += article.word_count
        if not self.hits:
            self.hits = [0] * len(hits)
        for i, n in enumerate(hits):
            self.hits[i] += n

    def freeze(self, n_terms: int) -> Tally:
        return Tally(self.articles, self.words, tuple(self.hits) if self.hits else (0,) * n_terms)


def build_timeline(
    articles: Iterable[Article],
    period: Period = Period.DAY,
    terms: Sequence[Query] = (),
    *,
    kinds: frozenset[str] | None = None,
    per: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Timeline:
    """Tally ``articles`` per period; every period from the first to the last is in the result.

    ``terms`` are compiled queries (``isocorpus.search.compile_query``), counted in the block
    kinds ``kinds`` as grep counts them (by default every kind but insets). ``since`` and
    ``until`` stretch the span to the periods holding those days even when no article falls
    there (they do not filter: filter first with ``ArticleFilter``). ``per`` asks for hits per
    that many words.
    """
    from .search import DEFAULT_KINDS, count_matches  # the regex module loads only when needed

    kinds = DEFAULT_KINDS if kinds is None else kinds
    names = tuple(q.pattern for q in terms)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UsageError(f"{{term}} {name!r} is given twice", option="term")
        seen.add(name)
    if per is not None and per <= 0:
        raise UsageError(f"{{per}} must be a positive number of words, not {per}", option="per")
    if per is not None and not terms:
        raise UsageError(
            "{per} needs at least one {term} (it gives hits per that many words)", option="per", mentions=("term",)
        )

    counters: dict[date, _Counter] = {}
    undated = _Counter()
    for article in articles:
        hits = [count_matches(article, q, kinds) for q in terms]
        day = article.date
        if day is None:
            undated.add(article, hits)
            continue
        key = period_start(day, period)
        counter = counters.get(key)
        if counter is None:
            counter = counters[key] = _Counter()
        counter.add(article, hits)

    n = len(terms)
    ends = [d for d in (since, until) if d is not None]
    buckets: list[Bucket] = []
    if counters or (since is not None and until is not None):
        first = min([*counters, *ends])
        last = max([*counters, *ends])
        count = count_periods(first, last, period)
        if count > MAX_PERIODS:
            raise UsageError(
                f"{first} to {last} is {count:,} periods of a {period}, more than a timeline lists "
                f"({MAX_PERIODS:,}): narrow it with {{since}} and {{until}}, or count by a longer period ({{by}})",
                mentions=("since", "until", "by"),
            )
        empty = _Counter()
        for start in iter_periods(first, last, period):
            tally = counters.get(start, empty).freeze(n)
            buckets.append(Bucket(period_label(start, period), start, _safe_end(start, period), tally))
    return Timeline(period, names, tuple(buckets), undated.freeze(n), per)


def _safe_end(start: date, period: Period) -> date:
    try:
        return period_end(start, period)
    except (OverflowError, ValueError):  # the period runs past 9999-12-31
        return date.max
