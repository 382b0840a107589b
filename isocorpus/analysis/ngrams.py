"""``ngrams``: sequences of n types inside one block (AntConc's clusters), with frequency and range.

Memory: a corpus of distinct texts has about as many distinct n-grams as tokens, so the
counts cannot all stay in memory. ``NgramMerger`` counts exactly, in memory up to ``limit``
distinct n-grams; past that it spills its counts to ``SPILL_PARTS`` temporary files by hash
of the n-gram and starts afresh. At the end each file (a fraction of the distinct n-grams,
every count of an n-gram in the same file) is read back and summed alone, and only n-grams
reaching ``--min-freq`` are kept. Peak memory is the in-memory limit plus one partition (1/256 of
the distinct n-grams) plus the n-grams kept; the disk holds the rest for the run.
(A count-min sketch would bound memory too, but it overcounts, and an n-gram list is read
for its exact counts; ``--min-freq`` pruning before the end would lose n-grams whose counts
come in pieces.)
"""

from __future__ import annotations

import heapq
import marshal
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ..model import Article, field_dict
from ..tempfiles import spill_file
from .counting import CACHE, add_counts
from .tokens import DEFAULT_KINDS, Vocabulary, block_texts, type_of

#: Distinct n-grams held in memory before a spill.
DEFAULT_LIMIT = 300_000
#: Files a spill is split into (each read back alone).
SPILL_PARTS = 256


@dataclass(slots=True)
class NgramTable:
    """n-gram (types joined by a space) → frequency and range; tables add up."""

    freq: Counter[str] = field(default_factory=Counter)
    range: Counter[str] = field(default_factory=Counter)
    tokens: int = 0
    articles: int = 0

    def pack(self) -> bytes:
        """The table as compact bytes (``marshal``): what a worker sends back."""
        return marshal.dumps((dict(self.freq), dict(self.range), self.tokens, self.articles))

    @classmethod
    def unpack(cls, data: bytes) -> NgramTable:
        """The table ``pack`` gave."""
        freq, rng, tokens, articles = marshal.loads(data)
        return cls(Counter(freq), Counter(rng), tokens, articles)

    def add(self, other: NgramTable) -> NgramTable:
        add_counts(self.freq, other.freq)
        add_counts(self.range, other.range)
        self.tokens += other.tokens
        self.articles += other.articles
        return self


@dataclass(frozen=True, slots=True)
class NgramCount:
    """The per-batch step of ``ngrams`` (picklable): the n-grams of each block of each article."""

    n: int
    containing: str | None = None
    kinds: frozenset[str] = DEFAULT_KINDS
    vocabulary: Vocabulary = Vocabulary()
    packed: bool = False
    """Return the table as ``NgramTable.pack()`` bytes: results waiting in the parent stay small."""

    def __call__(self, articles: Iterable[Article]) -> NgramTable | bytes:
        table = self.count(articles)
        return table.pack() if self.packed else table

    def count(self, articles: Iterable[Article]) -> NgramTable:
        """The n-grams of the articles."""
        table = NgramTable()
        n = self.n
        need = type_of(self.containing) if self.containing else None
        for article in articles:
            grams: list[str] = []
            lemma = None if self.vocabulary.plain else self.vocabulary.lemmatizer(article.language)
            for text in block_texts(article, self.kinds):
                seq = CACHE.sequence(text)
                if lemma is not None:
                    seq = [lemma(t) for t in seq]
                table.tokens += len(seq)
                if len(seq) < n:
                    continue
                if need is not None:
                    if need not in seq:
                        continue
                    grams.extend(" ".join(seq[i : i + n]) for i in range(len(seq) - n + 1) if need in seq[i : i + n])
                else:
                    grams.extend(map(" ".join, zip(*(seq[i:] for i in range(n)), strict=False)))
            table.articles += 1
            table.freq.update(grams)
            table.range.update(set(grams))
        return table


@dataclass(frozen=True, slots=True)
class NgramRow:
    ngram: str
    freq: int
    range: int

    def as_dict(self) -> dict[str, Any]:
        return field_dict(self)


class NgramMerger:
    """Adds ``NgramTable``s exactly with bounded memory (see the module's docstring)."""

    def __init__(self, limit: int = DEFAULT_LIMIT, parts: int = SPILL_PARTS) -> None:
        self.limit = limit
        self.n_parts = parts
        self.counts: dict[str, list[int]] = {}
        self.tokens = 0
        self.articles = 0
        self.spills = 0
        self._files: list[IO[bytes]] = []

    def add(self, table: NgramTable | bytes) -> NgramMerger:
        """Add a table (or its ``pack()`` bytes, read without a copy); spill past ``limit`` n-grams."""
        if isinstance(table, bytes):
            freq, rng, tokens, articles = marshal.loads(table)
        else:
            freq, rng, tokens, articles = table.freq, table.range, table.tokens, table.articles
        self.tokens += tokens
        self.articles += articles
        counts = self.counts
        for key, f in freq.items():
            got = counts.get(key)
            if got is None:
                counts[key] = [f, rng[key]]
            else:
                got[0] += f
                got[1] += rng[key]
        if len(counts) > self.limit:
            self._spill()
        return self

    def _spill(self) -> None:
        if not self._files:
            self._files = [spill_file("isocorpus-ngrams-") for _ in range(self.n_parts)]
        buckets: list[dict[str, list[int]]] = [{} for _ in range(self.n_parts)]
        k = self.n_parts
        for key, value in self.counts.items():
            buckets[hash(key) % k][key] = value
        for bucket, handle in zip(buckets, self._files, strict=True):
            if bucket:
                marshal.dump(bucket, handle)
        self.counts = {}
        self.spills += 1

    def _partitions(self) -> Iterator[dict[str, list[int]]]:
        if not self._files:
            yield self.counts
            return
        self._spill()
        for handle in self._files:
            handle.seek(0)
            merged: dict[str, list[int]] = {}
            while True:
                try:
                    bucket = marshal.load(handle)
                except EOFError:
                    break
                for key, (f, r) in bucket.items():
                    got = merged.get(key)
                    if got is None:
                        merged[key] = [f, r]
                    else:
                        got[0] += f
                        got[1] += r
            yield merged

    def close(self) -> None:
        """Remove the spill files."""
        for handle in self._files:
            handle.close()
        self._files = []

    def rows(
        self, *, min_freq: int = 1, min_range: int = 1, top: int | None = None, stop: frozenset[str] = frozenset()
    ) -> list[NgramRow]:
        """The n-grams reaching ``min_freq`` and ``min_range``, most frequent first (ties alphabetical)."""

        def survivors() -> Iterator[NgramRow]:
            for partition in self._partitions():
                for key, (f, r) in partition.items():
                    if f >= min_freq and r >= min_range:
                        if stop and _edge_stop(key, stop):
                            continue
                        yield NgramRow(key, f, r)

        def order(row: NgramRow) -> tuple[int, str]:
            return -row.freq, row.ngram

        if top is not None:
            return heapq.nsmallest(top, survivors(), key=order)
        return sorted(survivors(), key=order)


def _edge_stop(ngram: str, stop: frozenset[str]) -> bool:
    words = ngram.split(" ")
    return words[0] in stop or words[-1] in stop
