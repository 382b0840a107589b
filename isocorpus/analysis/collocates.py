"""``collocates``: the types found near a node, and how strongly they are attracted to it.

A window of L tokens left and R tokens right of each occurrence of the node, inside its
block; a position inside two overlapping windows counts once, and an occurrence of the node
is never a position of a window. The contingency signature of a collocate is f = its
co-occurrences (tokens of it in the windows), f1 = R1 = the window positions, f2 = its corpus
frequency, N = the corpus tokens (Evert 2008). logDice and Dice, as Sketch Engine gives them,
use the node's frequency instead of R1: 14 + log2(2·f/(f_node + f_coll)).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Choice, field_dict
from . import measures
from .counting import CACHE, add_counts
from .tokens import DEFAULT_KINDS, TypeTest, Vocabulary, block_texts


class Measure(Choice):
    """The association measures ``collocates --measure`` can sort by."""

    logdice = "logdice"
    mi = "mi"
    mi3 = "mi3"
    t = "t"
    z = "z"
    ll = "ll"
    dice = "dice"
    lr = "lr"


#: Each measure as a function of (f, f1, f2, N, f_node).
SCORES: dict[Measure, Callable[[float, float, float, float, float], float]] = {
    Measure.logdice: lambda f, r1, f2, n, node: measures.log_dice(f, node, f2),
    Measure.mi: lambda f, r1, f2, n, node: measures.mi(f, r1, f2, n),
    Measure.mi3: lambda f, r1, f2, n, node: measures.mi3(f, r1, f2, n),
    Measure.t: lambda f, r1, f2, n, node: measures.t_score(f, r1, f2, n),
    Measure.z: lambda f, r1, f2, n, node: measures.z_score(f, r1, f2, n),
    Measure.ll: lambda f, r1, f2, n, node: measures.log_likelihood(f, r1, f2, n),
    Measure.dice: lambda f, r1, f2, n, node: measures.dice(f, node, f2),
    Measure.lr: lambda f, r1, f2, n, node: measures.log_ratio(f, r1, f2, n),
}


@dataclass(slots=True)
class CollocateTable:
    """The counts collocation needs; tables add up."""

    tokens: int = 0
    node: int = 0
    """Occurrences of the node."""
    window: int = 0
    """Window positions (R1)."""
    freq: Counter[str] = field(default_factory=Counter)
    co: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)

    def add(self, other: CollocateTable) -> CollocateTable:
        self.tokens += other.tokens
        self.node += other.node
        self.window += other.window
        add_counts(self.freq, other.freq)
        add_counts(self.co, other.co)
        add_counts(self.left, other.left)
        add_counts(self.right, other.right)
        return self


@dataclass(frozen=True, slots=True)
class CollocateCount:
    """The per-batch step of ``collocates`` (picklable)."""

    node: TypeTest
    left: int = 5
    right: int = 5
    kinds: frozenset[str] = DEFAULT_KINDS
    vocabulary: Vocabulary = Vocabulary()

    def __call__(self, articles: Iterable[Article]) -> CollocateTable:
        table = CollocateTable()
        test = self.node
        plain = self.vocabulary.plain
        for article in articles:
            lemma = None if plain else self.vocabulary.lemmatizer(article.language)
            for text in block_texts(article, self.kinds):
                if plain:
                    table.tokens += CACHE.count(text, table.freq)
                    if test.regex or test.probe in text.casefold():
                        self._windows(CACHE.sequence(text), table)
                else:
                    seq = [lemma(t) for t in CACHE.sequence(text)] if lemma else CACHE.sequence(text)
                    table.tokens += len(seq)
                    table.freq.update(seq)
                    self._windows(seq, table)
        return table

    def _windows(self, seq: list[str], table: CollocateTable) -> None:
        test = self.node
        nodes = {t for t in set(seq) if test(t)}
        if not nodes:
            return
        at = [i for i, t in enumerate(seq) if t in nodes]
        table.node += len(at)
        taken = set(at)
        side: dict[int, bool] = {}  # position → right of a node occurrence
        end = len(seq)
        for p in at:
            for q in range(max(0, p - self.left), p):
                if q not in taken:
                    side.setdefault(q, False)
            for q in range(p + 1, min(end, p + self.right + 1)):
                if q not in taken:
                    side[q] = True
        table.window += len(side)
        for q, is_right in side.items():
            word = seq[q]
            table.co[word] += 1
            if is_right:
                table.right[word] += 1
            else:
                table.left[word] += 1


@dataclass(frozen=True, slots=True)
class CollocateRow:
    collocate: str
    co: int
    left: int
    right: int
    freq: int
    score: float
    scores: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return field_dict(self)


@dataclass(frozen=True, slots=True)
class Collocates:
    node: str
    node_freq: int
    window: int
    tokens: int
    measure: Measure
    rows: tuple[CollocateRow, ...]


def score_collocates(
    table: CollocateTable,
    node: str,
    measure: Measure = Measure.logdice,
    *,
    min_co: int = 3,
    min_freq: int = 1,
    top: int | None = None,
    stop: frozenset[str] = frozenset(),
) -> Collocates:
    """Every collocate with at least ``min_co`` co-occurrences, scored, the strongest first."""
    n, r1, fnode = table.tokens, table.window, table.node
    chosen = SCORES[measure]

    def rows() -> Iterable[CollocateRow]:
        for word, f in table.co.items():
            f2 = table.freq[word]
            if f < min_co or f2 < min_freq or word in stop:
                continue
            scores = {m.value: fn(f, r1, f2, n, fnode) for m, fn in SCORES.items()}
            yield CollocateRow(word, f, table.left[word], table.right[word], f2, chosen(f, r1, f2, n, fnode), scores)

    def order(row: CollocateRow) -> tuple[float, int, str]:
        score = row.score if not math.isnan(row.score) else -math.inf
        return -score, -row.co, row.collocate

    picked = heapq.nsmallest(top, rows(), key=order) if top is not None else sorted(rows(), key=order)
    return Collocates(node, fnode, r1, n, measure, tuple(picked))
