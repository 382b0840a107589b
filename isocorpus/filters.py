"""What to keep and in what order: author, dates, language and unique predicates, applied while
streaming, then an optional sort and limit.

Filtering never holds articles back. Sorting has to (it cannot know the first article before it
has seen the last), but with a limit it keeps only that many: ``sort_articles`` is a bounded heap.
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

from .errors import UsageError
from .model import Article, Choice

#: ``1.4.2019``: dotted dates are day-first where people write them so (Germany, most of Europe).
_DOTTED = re.compile(r"\s*\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})\.?\s*")
#: ``01-04-2019``: dashed day-and-month dates are written both ways round.
_DASHED = re.compile(r"\s*(\d{1,2})-(\d{1,2})-(?:\d{2}|\d{4})\s*")


def parse_day(text: str, option: str | None = None, end: bool = False) -> date:
    """A calendar day from what a user types: ``2019-04-01``, ``April 1 2019``, ``4/1/19``, ``1.4.2019``.

    Slashed dates are month-first, as the dumps write them (``4/1/19`` is 1 April); dotted
    dates are day-first, as those who write them mean them (``01.04.2019`` is 1 April). A
    dashed date with the day and month both 12 or less (``01-04-2019``) could be either: a
    ``UsageError``. A date with no day or month stands for the whole period: ``2019`` is 1
    January 2019, or 31 December 2019 when ``end`` is true (for ``until``); ``April 2019`` is
    1 or 30 April. A date with no year is a ``UsageError`` (a corpus can span years), as is one
    that does not parse; it names ``option``, the parameter the date was given for (``"since"``).
    """
    from dateutil import parser  # python-dateutil: imported only when a date is given

    dashed = _DASHED.fullmatch(text)
    if dashed and int(dashed[1]) <= 12 and int(dashed[2]) <= 12 and dashed[1].lstrip("0") != dashed[2].lstrip("0"):
        raise UsageError(
            f"{text!r} is ambiguous (day-month or month-day?): write it 2019-04-01, 4/1/2019 or 1.4.2019",
            option=option,
        )
    dayfirst = _DOTTED.fullmatch(text) is not None
    month, day = (12, 31) if end else (1, 1)
    try:
        first = parser.parse(text, default=datetime(2000, month, day), dayfirst=dayfirst)
        second = parser.parse(text, default=datetime(2004, month, day), dayfirst=dayfirst)
    except (ValueError, OverflowError):
        raise UsageError(f"cannot read {text!r} as a date (try 2019-04-01)", option=option) from None
    if first.year != second.year:
        raise UsageError(f"{text!r} has no year (try 2019-04-01)", option=option)
    return first.date()


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def parse_languages(text: str, option: str | None = "lang") -> tuple[str, ...]:
    """``en,es`` → ``("en", "es")``: language codes (ISO 639-1, any case), comma-separated.

    A ``UsageError`` for anything that is not a code of two or three letters.
    """
    codes = tuple(c.strip().lower() for c in text.split(","))
    for code in codes:
        if not _LANGUAGE_CODE.fullmatch(code):
            raise UsageError(
                f"{code!r} is not a language code (ISO 639-1, like en or fr; several: en,es)", option=option
            )
    return codes


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles to keep; an empty filter keeps all."""

    authors: tuple[str, ...] = ()
    """Keep an article whose byline or an author contains any of these (case-insensitive)."""
    since: date | None = None
    """Keep articles published on or after this day (undated ones are dropped)."""
    until: date | None = None
    """Keep articles published on or before this day (undated ones are dropped)."""
    languages: tuple[str, ...] = ()
    """Keep articles in any of these languages (ISO 639-1 codes, ``parse_languages``)."""
    unique: bool = False
    """Drop an article whose id was already seen."""
    _needles: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise UsageError(
                f"{{since}} {self.since} is after {{until}} {self.until}: no article can match (swap them?)",
                option="since",
                mentions=("until",),
            )
        object.__setattr__(self, "_needles", tuple(a.casefold() for a in self.authors))

    def matches(self, article: Article) -> bool:
        """Whether the article passes every predicate but ``unique`` (which needs history)."""
        if self._needles:
            hay = [article.byline.casefold(), *(a.casefold() for a in article.authors)]
            if not any(n in h for n in self._needles for h in hay):
                return False
        if self.since or self.until:
            day = article.date
            if day is None or (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return not (self.languages and article.language not in self.languages)

    def apply(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles that pass, lazily, in order."""
        seen: set[str] = set()
        for article in articles:
            if not self.matches(article):
                continue
            if self.unique:
                if article.id in seen:
                    continue
                seen.add(article.id)
            yield article


class SortKey(Choice):
    """What ``list --sort`` orders by."""

    date = "date"
    words = "words"
    author = "author"


def _sort_value(key: SortKey) -> Callable[[Article], Any]:
    """The value an article sorts by; None when it has none (it goes last either way)."""
    if key is SortKey.date:
        return lambda a: a.published
    if key is SortKey.words:
        return lambda a: a.word_count
    return lambda a: a.byline.casefold() or None


def sort_articles(
    articles: Iterable[Article],
    key: SortKey | None,
    reverse: bool = False,
    limit: int | None = None,
) -> Iterator[Article]:
    """The articles sorted by ``key`` (ascending; descending with ``reverse``), then cut to ``limit``.

    The sort is stable whichever the direction: articles that tie keep their input order, and
    articles without a value (undated, no byline) come last, also in input order. With no key,
    ``reverse`` reverses the input order. Only this holds articles in memory, and with a limit
    it holds at most ``limit`` of them.
    """
    if limit is not None and limit <= 0:
        return iter(())
    if key is None:
        if not reverse:
            return iter(articles) if limit is None else islice(articles, limit)
        kept = deque(articles, maxlen=limit)
        kept.reverse()
        return iter(kept)
    value = _sort_value(key)

    # Rank: (missing?, value, input position); heapq.nsmallest is stable and bounded by limit.
    def rank(item: tuple[int, Article]) -> tuple[Any, ...]:
        position, article = item
        v = value(article)
        if v is None:
            return (1, 0, position)
        return (0, _Desc(v) if reverse else v, position)

    numbered = enumerate(articles)
    if limit is None:
        ordered = sorted(numbered, key=rank)
    else:
        ordered = heapq.nsmallest(limit, numbered, key=rank)
    return (article for _, article in ordered)


class _Desc:
    """Wraps a value so that it sorts in the opposite direction."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and bool(self.value == other.value)

    __hash__ = None  # type: ignore[assignment]


#: The shortest id prefix ``find_article`` accepts.
MIN_PREFIX = 4
_HEX = frozenset("0123456789abcdef")


def find_article(articles: Iterable[Article], ref: str) -> Article:
    """The article a user means by ``ref``: a seq number (all digits) or a unique id prefix.

    A seq number stops reading as soon as it is found. An id prefix (at least ``MIN_PREFIX``
    hex digits, any case) reads the whole input, since it must be unique, as git's are: the
    same article given twice is one match (the first copy is returned). An all-digit ``ref``
    of ``MIN_PREFIX`` digits or more that is no seq number is tried as an id prefix. Raises
    ``UsageError`` for a bad, missing or ambiguous ``ref``, with a one-line message.
    """
    ref = ref.strip()
    prefix = ref.lower()
    digits = ref.isdigit()
    as_prefix = len(prefix) >= MIN_PREFIX and set(prefix) <= _HEX
    if not digits and not as_prefix:
        raise UsageError(f"{ref!r} is neither a seq number nor an id prefix (at least {MIN_PREFIX} hex digits)")
    seq = int(ref) if digits else None
    if seq == 0:
        raise UsageError("seq numbers start at 1")
    matches: dict[str, Article] = {}
    total = 0
    for article in articles:
        total += 1
        if seq is not None and article.seq == seq:
            return article
        if as_prefix and article.id.startswith(prefix) and article.id not in matches:
            matches[article.id] = article
            if len(matches) > 5 and seq is None:
                break  # enough to say it is ambiguous
    if len(matches) == 1:
        return next(iter(matches.values()))
    if len(matches) > 1:
        shown = ", ".join(f"{a.id} (seq {a.seq})" for a in list(matches.values())[:5])
        more = " and more" if len(matches) > 5 else ""
        raise UsageError(f"id prefix {ref!r} is ambiguous: {shown}{more}")
    if seq is not None:
        plural = "article" if total == 1 else "articles"
        also = " and no id starts with it" if as_prefix else ""
        raise UsageError(f"no article {seq}: the input has {total} {plural}{also}")
    raise UsageError(f"no article has an id starting with {ref!r}")
