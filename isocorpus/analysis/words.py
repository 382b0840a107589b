"""``words``: each type's frequency, rate per 10,000 tokens, range and dispersion (DP).

per_10k = freq · 10,000 / tokens; range = the articles holding the type; DP (Gries 2008) =
½·Σ_i |v_i/f − s_i| over the articles (v_i the type's count in article i, s_i the article's
share of the tokens); DPnorm = DP / (1 − min s_i).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Choice, field_dict
from .counting import Table
from .measures import per


class WordSort(Choice):
    """What ``words --sort`` orders by (most first; ``type`` alphabetically; ``dp`` most even first)."""

    freq = "freq"
    range = "range"
    dp = "dp"
    type = "type"


@dataclass(frozen=True, slots=True)
class WordRow:
    """One type's row."""

    type: str
    freq: int
    per_10k: float
    range: int
    dp: float | None
    dp_norm: float | None
    groups: tuple[int, ...] = ()
    """Its frequency in each group of ``WordList.groups`` (``--by``)."""

    def as_dict(self, groups: tuple[str, ...] = ()) -> dict[str, Any]:
        row = field_dict(self, skip=("groups",))
        row.update(zip(groups, self.groups, strict=True))
        return row


@dataclass(frozen=True, slots=True)
class WordList:
    """The scored list and what it was counted over."""

    tokens: int
    types: int
    articles: int
    rows: tuple[WordRow, ...]
    groups: tuple[str, ...] = ()


def _key(sort: WordSort) -> Any:
    if sort is WordSort.range:
        return lambda r: (-r.range, -r.freq, r.type)
    if sort is WordSort.dp:
        return lambda r: (math.inf if r.dp is None else r.dp, -r.freq, r.type)
    if sort is WordSort.type:
        return lambda r: r.type
    return lambda r: (-r.freq, r.type)


def score_words(
    table: Table,
    dispersion: dict[str, tuple[float, float]] | None = None,
    *,
    top: int | None = None,
    min_freq: int = 1,
    min_range: int = 1,
    sort: WordSort = WordSort.freq,
    stop: frozenset[str] = frozenset(),
) -> WordList:
    """The rows of a merged table: filtered, sorted, the first ``top`` (all when None)."""
    groups = tuple(sorted(table.groups))
    dispersion = dispersion or {}

    def rows() -> Iterable[WordRow]:
        rng = table.range
        for name, f in table.freq.items():
            if f < min_freq or rng[name] < min_range or name in stop:
                continue
            dp = dispersion.get(name)
            yield WordRow(
                name,
                f,
                per(f, table.tokens),
                rng[name],
                dp[0] if dp else None,
                dp[1] if dp else None,
                tuple(table.groups[g][name] for g in groups),
            )

    key = _key(sort)
    chosen = heapq.nsmallest(top, rows(), key=key) if top is not None else sorted(rows(), key=key)
    return WordList(table.tokens, len(table.freq), table.articles, tuple(chosen), groups)
