"""Dispersion over articles: Gries' DP and DPnorm for every type, and where a pattern falls.

DP needs each article's count of a type and each article's size, and only the totals known
at the end turn them into a value (½·Σ|v_i/f − s_i|). ``PartSpill`` keeps the per-article
counts in a temporary file as they arrive (memory stays flat) and reads them back once, in one
pass over the file, to give every type its DP.
"""

from __future__ import annotations

import marshal
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Article, field_dict
from ..tempfiles import spill_file
from .counting import ARRAY_CODE, CACHE, Parts
from .measures import dp_normalised, gries_dp, gries_dp_norm
from .tokens import DEFAULT_KINDS, TypeTest, Vocabulary, block_texts


class PartSpill:
    """Per-article counts (``Table.parts``), spilled to a temporary file until ``dispersion``."""

    def __init__(self) -> None:
        self._file = spill_file("isocorpus-parts-")
        self.parts = 0
        self.smallest = math.inf

    def __enter__(self) -> PartSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, parts: list[Parts]) -> None:
        """Write some batches of per-article counts."""
        for batch in parts:
            marshal.dump((batch.vocabulary, batch.sizes, batch.lengths, batch.ids, batch.counts), self._file)
            sizes = batch.arrays()[0]
            self.parts += len(sizes)
            self.smallest = min(self.smallest, min(sizes, default=math.inf))

    def _batches(self) -> Iterator[Parts]:
        self._file.seek(0)
        while True:
            try:
                yield Parts(*marshal.load(self._file))
            except EOFError:
                return

    def dispersion(self, freq: Counter[str], tokens: int) -> dict[str, tuple[float, float]]:
        """Type → (DP, DPnorm) over the articles, for every type of ``freq``.

        DP = ½·(Σ over the articles holding it (|v_i/f − s_i| − s_i) + 1), s_i being an
        article's share of the ``tokens`` (the articles without it add their shares: all
        shares add up to 1). numpy, when installed, does the sums (the same result, faster).
        """
        if tokens <= 0 or not freq:
            return {}
        names = list(freq)
        try:
            import numpy
        except ImportError:
            sums = self._sums_python(names, freq, tokens)
        else:
            sums = self._sums_numpy(numpy, names, freq, tokens)
        smallest = (self.smallest if self.parts else 0) / tokens
        out = {}
        for name, value in zip(names, sums, strict=True):
            dp = 0.5 * (float(value) + 1.0)
            out[name] = (dp, dp_normalised(dp, smallest))
        return out

    # Both sums add each article's term to its type's total in input order, article by article,
    # whatever the batches: the same floats from any batching (a local pool's, a cluster's ranges).

    def _sums_python(self, names: list[str], freq: Counter[str], tokens: int) -> list[float]:
        index = {name: i for i, name in enumerate(names)}
        inverse = [1.0 / freq[name] for name in names]
        acc = [0.0] * len(names)
        for batch in self._batches():
            sizes, lengths, ids, counts = batch.arrays()
            to_global = [index[name] for name in batch.vocabulary]
            at = 0
            for size, length in zip(sizes, lengths, strict=True):
                share = size / tokens
                for i in range(at, at + length):
                    k = to_global[ids[i]]
                    acc[k] += abs(counts[i] * inverse[k] - share) - share
                at += length
        return acc

    def _sums_numpy(self, np: Any, names: list[str], freq: Counter[str], tokens: int) -> Any:
        index = {name: i for i, name in enumerate(names)}
        inverse = 1.0 / np.array([freq[name] for name in names], dtype=np.float64)
        acc = np.zeros(len(names), dtype=np.float64)
        dtype = np.dtype(f"u{array(ARRAY_CODE).itemsize}")
        for batch in self._batches():
            to_global = np.array([index[name] for name in batch.vocabulary], dtype=np.int64)
            sizes, lengths, ids, counts = (
                np.frombuffer(data, dtype=dtype) for data in (batch.sizes, batch.lengths, batch.ids, batch.counts)
            )
            share = np.repeat(sizes / tokens, lengths)
            where = to_global[ids]
            values = np.abs(counts * inverse[where] - share) - share
            np.add.at(acc, where, values)  # in order, into the running totals (bincount would regroup)
        return acc

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

    def as_dict(self) -> dict[str, Any]:
        return field_dict(self)


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
