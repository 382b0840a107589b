"""Dispersion over articles: Gries' DP and DPnorm for every type, and where a pattern falls.

DP needs each article's count of a type and each article's size, and only the totals known
at the end turn them into a value (½·Σ|v_i/f − s_i|). ``PartSpill`` keeps the per-article
counts in a temporary file as they arrive (memory stays flat) and reads them back once, in one
pass over the file, to give every type its DP.
"""

from __future__ import annotations

import marshal
import math
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Article
from .counting import CACHE, Part
from .measures import dp_normalised, gries_dp, gries_dp_norm
from .tokens import DEFAULT_KINDS, TypeTest, Vocabulary, block_texts


class PartSpill:
    """Per-article counts (``Table.parts``), spilled to a temporary file until ``dispersion``."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="isocorpus-parts-")
        self.parts = 0
        self.smallest = math.inf

    def add(self, parts: list[Part]) -> None:
        """Write a batch of per-article counts."""
        if not parts:
            return
        marshal.dump(parts, self._file)
        self.parts += len(parts)
        self.smallest = min(self.smallest, min(p[0] for p in parts))

    def _batches(self) -> Iterator[list[Part]]:
        self._file.seek(0)
        while True:
            try:
                yield marshal.load(self._file)
            except EOFError:
                return

    def dispersion(self, freq: Counter[str], tokens: int) -> dict[str, tuple[float, float]]:
        """Type → (DP, DPnorm) over the articles, for every type of ``freq``.

        DP = ½·(Σ over the articles holding it |v_i/f − s_i| + the share of the others), s_i
        being an article's share of the ``tokens``.
        """
        if tokens <= 0:
            return {}
        acc: dict[str, float] = dict.fromkeys(freq, 0.0)
        for batch in self._batches():
            for size, names, counts in batch:
                share = size / tokens
                for name, v in zip(names, counts):
                    acc[name] += abs(v / freq[name] - share) - share
        smallest = (self.smallest if self.parts else 0) / tokens
        out = {}
        for name, value in acc.items():
            dp = 0.5 * (value + 1.0)
            out[name] = (dp, dp_normalised(dp, smallest))
        return out

    def close(self) -> None:
        self._file.close()


# --- dispersion plots -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleHits:
    """Where each pattern falls in one article: token offsets of its hits."""

    seq: int
    """The article's position in the input."""
    label: str
    """Date and byline, to name the row."""
    tokens: int
    """The article's tokens (the length of its row)."""
    hits: tuple[tuple[int, ...], ...]
    """Per pattern, the token offsets of its hits."""


@dataclass(frozen=True, slots=True)
class PlotCount:
    """The per-article step of ``plot`` (picklable)."""

    tests: tuple[TypeTest, ...]
    kinds: frozenset[str] = DEFAULT_KINDS
    vocabulary: Vocabulary = Vocabulary()

    def __call__(self, articles: Iterable[Article]) -> list[ArticleHits]:
        out = []
        for article in articles:
            seq: list[str] = []
            for text in block_texts(article, self.kinds):
                seq.extend(CACHE.sequence(text))
            if not self.vocabulary.plain:
                lemma = self.vocabulary.lemmatizer(article.language)
                seq = [lemma(t) for t in seq]
            hits = tuple(tuple(i for i, t in enumerate(seq) if test(t)) for test in self.tests)
            day = article.date
            label = f"{day.isoformat() if day else '—'} {article.byline}".strip()
            out.append(ArticleHits(article.seq, label, len(seq), hits))
        return out


@dataclass(frozen=True, slots=True)
class PatternDispersion:
    """A pattern's totals over the plotted articles."""

    pattern: str
    freq: int
    range: int
    articles: int
    dp: float
    dp_norm: float

    def as_dict(self) -> dict[str, object]:
        return {
            "pattern": self.pattern,
            "freq": self.freq,
            "range": self.range,
            "articles": self.articles,
            "dp": self.dp,
            "dp_norm": self.dp_norm,
        }


def pattern_dispersion(patterns: Iterable[str], rows: list[ArticleHits]) -> list[PatternDispersion]:
    """Frequency, range, DP and DPnorm of each pattern over the articles of ``rows``."""
    sizes = [r.tokens for r in rows]
    out = []
    for i, pattern in enumerate(patterns):
        counts = [len(r.hits[i]) for r in rows]
        total = sum(counts)
        ok = total > 0 and sum(sizes) > 0
        out.append(
            PatternDispersion(
                pattern,
                total,
                sum(1 for c in counts if c),
                len(rows),
                gries_dp(counts, sizes) if ok else math.nan,
                gries_dp_norm(counts, sizes) if ok else math.nan,
            )
        )
    return out
