"""Subcorpora named by an expression: ``author:McNally``, ``lang:en``, ``since:2019-04-01``.

``subcorpus_predicate(expr)`` is the one door: it gives a picklable predicate over Articles.
Until the query language (``isocorpus.query``) lands, it reads a small language of its own:
space-separated ``field:value`` terms, all of which must hold (quote a value with spaces:
``author:"Paul Le Blanc"``; two ``author:`` terms keep an article by either, as two
``--author`` options do). Fields: ``author`` and ``byline`` (contains, case-insensitive,
as ``--author``), ``lang`` (``en``, ``es``; ``en,es`` for either), ``since`` and ``until`` (a date as ``--since``
reads it, inclusive). ``all`` (or an empty expression) is every article.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from ..errors import UsageError
from ..filters import ArticleFilter, parse_day
from ..model import Article

FIELDS = ("author", "byline", "lang", "since", "until")


@dataclass(frozen=True, slots=True)
class Subcorpus:
    """A picklable predicate over articles (``ArticleFilter`` terms plus byline terms)."""

    expr: str
    selection: ArticleFilter
    bylines: tuple[str, ...] = ()

    def __call__(self, article: Article) -> bool:
        if not self.selection.matches(article):
            return False
        byline = article.byline.casefold()
        return all(b in byline for b in self.bylines)

    def __str__(self) -> str:
        return self.expr


def subcorpus_predicate(expr: str) -> Subcorpus:
    """The articles an expression names, as a predicate; ``UsageError`` naming the bad term."""
    try:
        terms = shlex.split(expr)
    except ValueError as exc:
        raise UsageError(f"{expr!r}: {exc}") from None
    authors: list[str] = []
    bylines: list[str] = []
    since = until = None
    languages: list[str] = []
    for term in terms:
        if term.casefold() == "all":
            continue
        name, colon, value = term.partition(":")
        name = name.casefold()
        if not colon or name not in FIELDS or not value:
            raise UsageError(
                f"{expr!r}: cannot read {term!r} (expected field:value, a field among {', '.join(FIELDS)})"
            )
        if name == "author":
            authors.append(value)
        elif name == "byline":
            bylines.append(value.casefold())
        elif name == "lang":
            languages.extend(v.strip().casefold() for v in value.split(",") if v.strip())
        elif name == "since":
            since = parse_day(value, "since:")
        else:
            until = parse_day(value, "until:", end=True)
    return Subcorpus(
        expr,
        ArticleFilter(authors=tuple(authors), since=since, until=until, languages=tuple(languages)),
        tuple(bylines),
    )
