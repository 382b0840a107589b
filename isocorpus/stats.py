"""Totals over a stream of articles: counts, words, date range, authors, languages, feeds, pages.

``compute_stats`` consumes the articles one at a time and keeps only the tallies. Rendering the
result is ``isocorpus.render.stats``'s job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import Article

#: The ``languages`` key of articles whose language could not be told (no text).
UNKNOWN_LANGUAGE = "unknown"


@dataclass(frozen=True, slots=True)
class Stats:
    """What a set of articles adds up to."""

    articles: int
    """How many articles."""
    distinct: int
    """How many different articles (ids): a copy of an article (the same dump given twice) counts once."""
    words: int
    """Their words (``Article.word_count``) added up."""
    first: date | None
    """The earliest publication day, or None when no article is dated."""
    last: date | None
    """The latest publication day, or None when no article is dated."""
    authors: dict[str, int]
    """Articles per author named in a byline, most first (ties by name)."""
    languages: dict[str, int]
    """Articles per language code (``unknown`` for none), most first."""
    feeds: dict[str, int]
    """Articles per feed, as the user named it (``--feed-name``; empty when not named)."""
    next_feeds: dict[str, int]
    """Articles per *next* feed, the one their page footer names (``Next feed in category:``)."""
    pages: int
    """Distinct pages (source, page) the articles sit on."""
    warnings: int
    """Warnings the input gave."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON object ``stats --format json`` prints."""
        return {
            "articles": self.articles,
            "distinct": self.distinct,
            "words": self.words,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "authors": dict(self.authors),
            "languages": dict(self.languages),
            "feeds": dict(self.feeds),
            "next_feeds": dict(self.next_feeds),
            "pages": self.pages,
            "warnings": self.warnings,
        }


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))


@dataclass(slots=True)
class StatsCounter:
    """Accumulates ``Stats`` one article at a time (``add``), then ``result()``."""

    articles: int = 0
    ids: set[str] = field(default_factory=set)
    words: int = 0
    first: date | None = None
    last: date | None = None
    authors: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    feeds: Counter[str] = field(default_factory=Counter)
    next_feeds: Counter[str] = field(default_factory=Counter)
    pages: set[tuple[str, int]] = field(default_factory=set)
    article_warnings: int = 0

    def add(self, article: Article) -> None:
        """Count one article."""
        self.articles += 1
        self.ids.add(article.id)
        self.words += article.word_count
        day = article.date
        if day is not None:
            if self.first is None or day < self.first:
                self.first = day
            if self.last is None or day > self.last:
                self.last = day
        self.authors.update(dict.fromkeys(article.authors, 1))
        self.languages[article.language or UNKNOWN_LANGUAGE] += 1
        if article.feed:
            self.feeds[article.feed] += 1
        next_feed = article.next_feed
        if next_feed:
            self.next_feeds[next_feed] += 1
        self.pages.add((article.source, article.page))
        self.article_warnings += len(article.warnings)

    def result(self, warnings: int | None = None) -> Stats:
        """The totals; ``warnings`` overrides the count of the articles' own warnings."""
        return Stats(
            articles=self.articles,
            distinct=len(self.ids),
            words=self.words,
            first=self.first,
            last=self.last,
            authors=_ranked(self.authors),
            languages=_ranked(self.languages),
            feeds=_ranked(self.feeds),
            next_feeds=_ranked(self.next_feeds),
            pages=len(self.pages),
            warnings=self.article_warnings if warnings is None else warnings,
        )


def compute_stats(articles: Iterable[Article], warnings: int | None = None) -> Stats:
    """The totals of the articles, streaming.

    ``warnings`` is the number of warnings reading the input gave, when the caller counted them
    (the command line counts every warning it prints); by default it is the number of warnings
    the articles carry.
    """
    counter = StatsCounter()
    for article in articles:
        counter.add(article)
    return counter.result(warnings)
