"""Titles named in quotation marks, resolved to the articles they name.

A citation is a “…” (or "…") span of 3 to 16 words starting with a capital letter, right
after a cue: ``in``, ``see``, ``including``, ``essay``, ``article``, ``titled``, ``called``,
``labeled``, or ``and``/``or``/``,`` after another quoted span (a list of titles). It is
resolved, the citing article always left out:

1. ``exact``: the title's normalised tokens occur as a phrase in another article (the first
   such article, and the line of the block);
2. ``ranked``: else BM25 over normalised tokens (``similar.TermIndex``) names the best
   article, with its score and the ratio of the runner-up's score to it; a ratio above
   ``max_ratio`` (the runner-up within 10% by default) is reported as ``unresolved``.

The dump keeps no titles, so a resolution is a plausible match, not a confirmed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import COUNTED_KINDS, Article, Choice
from .normalize import iter_words
from .refs import ArticleRef
from .similar import TermIndex

_SPAN = re.compile(r"[“\"]([^“”\"\n]{5,200}?)[”\"]")
_CUE = re.compile(
    r"(?:\b(?:in|see|including|essay|article|titled|called|labeled|labelled)|[”\"][.,]?\s*(?:,|and|or))\s*$",
    re.IGNORECASE,
)


class Status(Choice):
    """How a citation was resolved."""

    EXACT = "exact"
    RANKED = "ranked"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Citation:
    """A title one article names, and the article it most plausibly names."""

    citing: ArticleRef
    """The article that names the title."""
    line: int
    """The line of the block the title is in."""
    title: str
    """The title as quoted (trailing punctuation dropped)."""
    status: Status
    """exact, ranked or unresolved."""
    article: ArticleRef | None
    """The best match (also given when unresolved, as a hint), or None when nothing matched."""
    match_line: int | None
    """For an exact match, the line of the block holding the phrase."""
    score: float | None
    """For a ranked match, the BM25 score."""
    runner_up: ArticleRef | None
    """For a ranked match, the runner-up."""
    ratio: float | None
    """For a ranked match, the runner-up's score over the best's (lower is surer)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "citing": self.citing.as_dict(),
            "line": self.line,
            "title": self.title,
            "status": self.status.value,
            "article": self.article.as_dict() if self.article else None,
            "match_line": self.match_line,
            "score": round(self.score, 4) if self.score is not None else None,
            "runner_up": self.runner_up.as_dict() if self.runner_up else None,
            "ratio": round(self.ratio, 4) if self.ratio is not None else None,
        }


def iter_titles(text: str) -> Iterable[str]:
    """The quoted titles of a text (see the module's rule), in order."""
    for match in _SPAN.finditer(text):
        title = match.group(1).strip().rstrip(".,;:")
        words = title.split()
        if not 3 <= len(words) <= 16 or not title[:1].isupper():
            continue
        if _CUE.search(text[max(0, match.start() - 40) : match.start()]):
            yield title


def find_citations(articles: Iterable[Article], max_ratio: float = 0.9) -> list[Citation]:
    """Every citation in ``articles``, resolved against the others, in input order."""
    index = TermIndex(articles)
    phrases = [
        [(f" {' '.join(iter_words(b.text))} ", b.line) for b in a.blocks if b.kind in COUNTED_KINDS]
        for a in index.articles
    ]
    out = []
    for i, article in enumerate(index.articles):
        for block in article.blocks:
            if block.kind not in COUNTED_KINDS:
                continue
            for title in iter_titles(block.text):
                out.append(_resolve(index, phrases, i, block.line, title, max_ratio))
    return out


def _resolve(
    index: TermIndex, phrases: list[list[tuple[str, int]]], citing: int, line: int, title: str, max_ratio: float
) -> Citation:
    words = list(iter_words(title))
    needle = f" {' '.join(words)} "
    ref = ArticleRef.of(index.articles[citing])
    for j, blocks in enumerate(phrases):
        if j == citing or index.articles[j].id == index.articles[citing].id:
            continue
        for text, at in blocks:
            if needle in text:
                return Citation(ref, line, title, Status.EXACT, ArticleRef.of(index.articles[j]), at, None, None, None)
    ranked = [(s, j) for s, j in index.bm25(words, exclude=citing) if index.articles[j].id != index.articles[citing].id]
    if not ranked or ranked[0][0] <= 0:
        return Citation(ref, line, title, Status.UNRESOLVED, None, None, None, None, None)
    (best, j), runner = ranked[0], ranked[1] if len(ranked) > 1 else (0.0, None)
    ratio = runner[0] / best
    return Citation(
        ref,
        line,
        title,
        Status.RANKED if ratio <= max_ratio else Status.UNRESOLVED,
        ArticleRef.of(index.articles[j]),
        None,
        best,
        ArticleRef.of(index.articles[runner[1]]) if runner[1] is not None else None,
        ratio,
    )
