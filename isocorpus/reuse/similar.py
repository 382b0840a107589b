"""Articles like this one: TF-IDF cosine over normalised word types, with the terms that drive it.

``TermIndex`` holds each article's term counts (``normalize.iter_words`` over the counted
blocks) and the corpus's document frequencies; it scores by

- TF-IDF cosine (``similar``): weight ``(1 + ln tf) * ln(N / df)``, vectors L2-normalised,
  score ``sum(w_a * w_b)``; a term in every article weighs 0. The shared terms are the
  largest products ``w_a * w_b``, the share of the score each one gives;
- BM25 (``citations``): ``sum idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen))``,
  ``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``, ``k1 = 1.2``, ``b = 0.75``.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import COUNTED_KINDS, Article
from .normalize import iter_words
from .refs import ArticleRef

K1 = 1.2
B = 0.75


def article_terms(article: Article) -> Counter[str]:
    """The article's term counts: normalised words of the lede, headings, paragraphs and lists."""
    counts: Counter[str] = Counter()
    for block in article.blocks:
        if block.kind in COUNTED_KINDS:
            counts.update(iter_words(block.text))
    return counts


class TermIndex:
    """Term counts of a set of articles, for TF-IDF cosine and BM25."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles: list[Article] = list(articles)
        self.counts = [article_terms(a) for a in self.articles]
        self.df: Counter[str] = Counter()
        for counts in self.counts:
            self.df.update(counts.keys())
        self.lengths = [sum(c.values()) for c in self.counts]
        self.avglen = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        self._vectors: list[dict[str, float]] | None = None

    def __len__(self) -> int:
        return len(self.articles)

    def idf(self, term: str) -> float:
        """``ln(N / df)`` (0 for a term in every article or in none)."""
        df = self.df.get(term, 0)
        return math.log(len(self.articles) / df) if df else 0.0

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """The L2-normalised TF-IDF vector of some term counts, against this index's df."""
        vec = {t: (1 + math.log(n)) * self.idf(t) for t, n in counts.items()}
        vec = {t: w for t, w in vec.items() if w > 0}
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}

    def vectors(self) -> list[dict[str, float]]:
        if self._vectors is None:
            self._vectors = [self.vector(c) for c in self.counts]
        return self._vectors

    def bm25(self, query: Sequence[str], exclude: int | None = None) -> list[tuple[float, int]]:
        """BM25 scores of every article (but ``exclude``) for ``query``, best first."""
        n = len(self.articles)
        terms = Counter(query)
        scores = []
        for i, counts in enumerate(self.counts):
            if i == exclude:
                continue
            score = 0.0
            norm = K1 * (1 - B + B * self.lengths[i] / self.avglen) if self.avglen else K1
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    df = self.df[term]
                    score += math.log(1 + (n - df + 0.5) / (df + 0.5)) * tf * (K1 + 1) / (tf + norm)
            scores.append((score, i))
        scores.sort(key=lambda s: (-s[0], s[1]))
        return scores


@dataclass(frozen=True, slots=True)
class Similar:
    """An article like the reference, and why."""

    ref: ArticleRef
    """The reference article."""
    article: ArticleRef
    """The similar article."""
    score: float
    """TF-IDF cosine, 0 to 1."""
    shared: tuple[tuple[str, float], ...]
    """The shared terms that give most of the score, with the share each gives (0 to 1)."""
    rank: int = 0
    """Its place in the ranking (1 = most similar)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "ref": self.ref.as_dict(),
            "article": self.article.as_dict(),
            "score": round(self.score, 4),
            "shared": [{"term": t, "share": round(s, 4)} for t, s in self.shared],
        }


def find_similar(
    ref: Article,
    articles: Iterable[Article],
    top: int = 10,
    terms: int = 8,
    keep: Callable[[Article], bool] | None = None,
) -> list[Similar]:
    """The ``top`` articles most like ``ref`` (itself and its copies left out), best first.

    Document frequencies come from all of ``articles``; only those ``keep`` accepts are ranked.
    """
    index = TermIndex(articles)
    query = index.vector(article_terms(ref))
    results = []
    for article, vec in zip(index.articles, index.vectors(), strict=True):
        if article.id == ref.id or (keep is not None and not keep(article)):
            continue
        products = {t: w * vec[t] for t, w in query.items() if t in vec}
        score = sum(products.values())
        if score <= 0:
            continue
        shared = sorted(products.items(), key=lambda kv: (-kv[1], kv[0]))[:terms]
        results.append(
            Similar(ArticleRef.of(ref), ArticleRef.of(article), score, tuple((t, p / score) for t, p in shared))
        )
    results.sort(key=lambda s: (-s.score, s.article.seq))
    return [dataclasses.replace(r, rank=i) for i, r in enumerate(results[:top], 1)]
