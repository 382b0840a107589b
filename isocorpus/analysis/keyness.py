"""``keyness``: the types typical of a target subcorpus against a reference, and the reverse.

For a type with a tokens in the target (c tokens) and b in the reference (d tokens), the
signature is f = a, f1 = c, f2 = a + b, N = c + d: G² over the four cells (signed: negative
when the type is relatively more frequent in the reference), p for G² with one degree of
freedom (erfc(√(G²/2))), log ratio = log2((a/c)/(b/d)) with a zero replaced by 0.5, and
%DIFF = 100·(a/c − b/d)/(b/d).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Article, Choice, field_dict
from . import measures
from .counting import Table

TARGET = "target"
REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class KeynessGroups:
    """An article's side: the target if ``target`` holds, else the reference if ``reference`` holds.

    With no ``reference`` every article not in the target is in it (the target is never in
    the reference).
    """

    target: Callable[[Article], bool] | None
    reference: Callable[[Article], bool] | None = None

    def __call__(self, article: Article) -> tuple[str, ...]:
        if self.target is None or self.target(article):
            return (TARGET,)
        if self.reference is None or self.reference(article):
            return (REFERENCE,)
        return ()


class KeySort(Choice):
    """What ``keyness --sort`` orders by (descending, but ``type``)."""

    g2 = "g2"
    lr = "lr"
    diff = "diff"
    a = "a"
    b = "b"
    type = "type"


@dataclass(frozen=True, slots=True)
class KeyRow:
    type: str
    a: int
    b: int
    per_10k_a: float
    per_10k_b: float
    g2: float
    p: float
    log_ratio: float
    pct_diff: float

    def as_dict(self) -> dict[str, Any]:
        return field_dict(self)


@dataclass(frozen=True, slots=True)
class Keywords:
    target_tokens: int
    reference_tokens: int
    target_articles: int
    reference_articles: int
    compared: int
    """Types compared (the Bonferroni factor)."""
    rows: tuple[KeyRow, ...]


def key_row(word: str, a: int, b: int, c: int, d: int) -> KeyRow:
    """The keyness of one type (a, b its frequencies, c, d the sizes of target and reference)."""
    g2 = measures.log_likelihood(a, c, a + b, c + d)
    return KeyRow(
        word,
        a,
        b,
        measures.per(a, c),
        measures.per(b, d),
        g2,
        measures.p_value(g2),
        measures.log_ratio(a, c, a + b, c + d),
        measures.percent_diff(a, c, b, d),
    )


_ORDER: dict[KeySort, Callable[[KeyRow], Any]] = {
    KeySort.g2: lambda r: (-r.g2, r.type),
    KeySort.lr: lambda r: (-r.log_ratio, r.type),
    KeySort.diff: lambda r: (-r.pct_diff, r.type),
    KeySort.a: lambda r: (-r.a, r.type),
    KeySort.b: lambda r: (-r.b, r.type),
    KeySort.type: lambda r: r.type,
}


def score_keyness(
    target: Table,
    reference: Table,
    *,
    min_freq: int = 1,
    p: float | None = None,
    bonferroni: bool = False,
    sort: KeySort = KeySort.g2,
    top: int | None = None,
    stop: frozenset[str] = frozenset(),
) -> Keywords:
    """Every type of either side (a + b ≥ ``min_freq``), keyness-scored, sorted.

    ``p`` keeps the rows whose p-value is below it (divided by the number of types compared
    when ``bonferroni``). ``top`` keeps the first ``top`` rows and the last ``top`` (the
    keywords of the target and those of the reference).
    """
    c, d = target.tokens, reference.tokens
    words = set(target.freq) | set(reference.freq)
    compared = len(words)
    threshold = None if p is None else (p / compared if bonferroni and compared else p)

    def rows() -> Iterable[KeyRow]:
        if not c or not d:
            return
        for word in words:
            a = target.freq[word]
            b = reference.freq[word]
            if a + b < min_freq or word in stop:
                continue
            row = key_row(word, a, b, c, d)
            if threshold is not None and row.p >= threshold:
                continue
            yield row

    order = _ORDER[sort]
    ranked = sorted(rows(), key=order)
    if top is not None and len(ranked) > 2 * top:
        ranked = ranked[:top] + ranked[len(ranked) - top :]
    return Keywords(c, d, target.articles, reference.articles, compared, tuple(ranked))
