"""Predicates over Articles, applied while streaming: author, dates, language, unique."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from .errors import UsageError
from .model import Article


def parse_day(text: str, option: str = "date") -> date:
    """A calendar day from what a user types: ``2019-04-01``, ``April 1 2019``, ``4/1/19``."""
    from dateutil import parser  # python-dateutil: imported only when a date is given

    try:
        return parser.parse(text, default=datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        raise UsageError(f"{option}: cannot read {text!r} as a date (try 2019-04-01)") from None


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles to keep; an empty filter keeps all."""

    authors: tuple[str, ...] = ()
    """Keep an article whose byline or an author contains any of these (case-insensitive)."""
    since: date | None = None
    """Keep articles published on or after this day (undated ones are dropped)."""
    until: date | None = None
    """Keep articles published on or before this day (undated ones are dropped)."""
    language: str | None = None
    """Keep articles in this language (``en`` or ``es``)."""
    unique: bool = False
    """Drop an article whose id was already seen."""
    _needles: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
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
        return not (self.language and article.language != self.language)

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
