"""Translations across languages, paired from what survives translation.

For an article ``T`` and each candidate original ``O`` in another language (dated no more than
a day after ``T``; undated articles are not held to that), four features, each in [0, 1]:

- ``digits``: Jaccard of the tokens holding a digit (numbers and dates survive translation);
- ``names``: Jaccard of capitalised words not opening a sentence, and acronyms, accents stripped;
- ``prefixes``: cosine of the counts of the 5-letter accent-stripped prefixes of longer words
  (cognates: *organización*/*organization*);
- ``lengths``: Pearson r of the block lengths (in characters) over the block alignment, 0 if negative;
- ``provenance``, only when ``T`` names its original's date ("Publicado el 15 de marzo de
  2019. Traducido por …"): 1 when ``O`` is dated within a day of it, else 0.

The score is their mean; the margin is the score minus the runner-up's. A pair is kept when
each is the other's best candidate and the margin is at least ``min_margin``. The blocks
(lede, headings, paragraphs, list items) align 1:1 when the counts match, else by
Gale–Church's length-based dynamic programme.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model import COUNTED_KINDS, Article, Block, BlockKind
from .normalize import strip_accents, tokenize
from .refs import ArticleRef

FEATURES = ("digits", "names", "prefixes", "lengths", "provenance")
_CAPITAL = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-ZÁÉÍÓÚÑ][\w’'-]+)|\b([A-Z]{2,})\b")


@dataclass(frozen=True, slots=True)
class TranslationPair:
    """An article and the original it translates."""

    translation: ArticleRef
    """The translating article (the one paired from)."""
    original: ArticleRef
    """The article it translates."""
    score: float
    """Mean of the features."""
    margin: float
    """Score minus the runner-up's (the score itself when there was no other candidate)."""
    runner_up: int | None
    """The runner-up's seq, if any."""
    features: dict[str, float]
    """Each feature's value (``FEATURES``)."""
    alignment: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    """Aligned blocks: (lines in the translation, lines in the original), in order."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "translation": self.translation.as_dict(),
            "original": self.original.as_dict(),
            "score": round(self.score, 4),
            "margin": round(self.margin, 4),
            "runner_up": self.runner_up,
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "alignment": [[list(t), list(o)] for t, o in self.alignment],
        }


@dataclass(frozen=True, slots=True)
class _Profile:
    article: Article
    blocks: tuple[Block, ...]
    digits: frozenset[str]
    names: frozenset[str]
    prefixes: Counter[str]
    norm: float
    published: date | None


_MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            (
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            1,
        )
    },
}
_PUBLISHED = re.compile(
    r"\b(?:publicado|published|first published)\b[^.]*?\b(?:"
    r"(?P<d1>\d{1,2}) de (?P<m1>[a-z]+) de (?P<y1>\d{4})|(?P<m2>[a-z]+) (?P<d2>\d{1,2}),? (?P<y2>\d{4}))",
    re.IGNORECASE,
)


def provenance_date(article: Article) -> date | None:
    """The date a translation says its original was published ("Publicado el 15 de marzo de
    2019. Traducido por …", "First published March 15, 2019"), from its provenance and notes."""
    for block in article.blocks:
        if block.kind not in (BlockKind.PROVENANCE, BlockKind.NOTE, BlockKind.PARAGRAPH):
            continue
        match = _PUBLISHED.search(block.text)
        if match is None:
            continue
        day, month, year = (
            (match["d1"], match["m1"], match["y1"]) if match["d1"] else (match["d2"], match["m2"], match["y2"])
        )
        number = _MONTHS.get(month.casefold())
        if number is None:
            continue
        try:
            return date(int(year), number, int(day))
        except ValueError:
            continue
    return None


def _profile(article: Article) -> _Profile:
    blocks = tuple(b for b in article.blocks if b.kind in COUNTED_KINDS)
    text = "\n".join(b.text for b in blocks)
    tokens = tokenize(text)
    digits = frozenset(t for t in tokens if any(c.isdigit() for c in t))
    names = frozenset(
        strip_accents((m.group(1) or m.group(2)).casefold()) for b in blocks for m in _CAPITAL.finditer(b.text)
    )
    prefixes = Counter(strip_accents(t)[:5] for t in tokens if len(t) >= 5 and t.isalpha())
    norm = math.sqrt(sum(v * v for v in prefixes.values()))
    return _Profile(article, blocks, digits, names, prefixes, norm, provenance_date(article))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _cosine(a: _Profile, b: _Profile) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.prefixes, b.prefixes) if len(a.prefixes) < len(b.prefixes) else (b.prefixes, a.prefixes)
    return sum(v * large[k] for k, v in small.items()) / (a.norm * b.norm)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's r of two equally long sequences (0.0 when either is constant or shorter than 2)."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


#: Gale & Church (1993): bead priors and the variance of the length ratio.
_BEADS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
_S2 = 6.8


def _bead_cost(la: int, lb: int, ratio: float, prior: float) -> float:
    mean = (la + lb / ratio) / 2
    if mean == 0:
        return -math.log(prior)
    delta = (lb - la * ratio) / math.sqrt(_S2 * mean)
    tail = math.erfc(abs(delta) / math.sqrt(2))  # 2 * (1 - Phi(|delta|))
    return -math.log(max(tail, 1e-300)) - math.log(prior)


def align_blocks(a: Sequence[int], b: Sequence[int]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Align two sequences of block lengths: 1:1 when as many, else Gale–Church; index groups."""
    if len(a) == len(b):
        return [((i,), (i,)) for i in range(len(a))]
    ratio = (sum(b) / sum(a)) if sum(a) and sum(b) else 1.0
    inf = float("inf")
    cost = [[inf] * (len(b) + 1) for _ in range(len(a) + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (len(b) + 1) for _ in range(len(a) + 1)]
    cost[0][0] = 0.0
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            for (di, dj), prior in _BEADS.items():
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == inf:
                    continue
                c = cost[pi][pj] + _bead_cost(sum(a[pi:i]), sum(b[pj:j]), ratio, prior)
                if c < cost[i][j]:
                    cost[i][j], back[i][j] = c, (di, dj)
    out = []
    i, j = len(a), len(b)
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        out.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return out[::-1]


def _features(t: _Profile, o: _Profile) -> tuple[dict[str, float], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    la = [len(b.text) for b in t.blocks]
    lb = [len(b.text) for b in o.blocks]
    beads = align_blocks(la, lb)
    xs = [sum(la[i] for i in bi) for bi, _ in beads]
    ys = [sum(lb[j] for j in bj) for _, bj in beads]
    features = {
        "digits": _jaccard(t.digits, o.digits),
        "names": _jaccard(t.names, o.names),
        "prefixes": _cosine(t, o),
        "lengths": max(0.0, pearson(xs, ys)),
    }
    if t.published is not None:
        # The translation names its original's date: a candidate of that day (±1) fits.
        day = o.article.date
        features["provenance"] = 1.0 if day is not None and abs((day - t.published).days) <= 1 else 0.0
    return features, beads


def _admissible(t: Article, o: Article) -> bool:
    if not t.language or not o.language or t.language == o.language or t.id == o.id:
        return False
    return t.published is None or o.published is None or o.published <= t.published + timedelta(days=1)


def find_pairs(articles: Iterable[Article], min_margin: float = 0.1) -> list[TranslationPair]:
    """Translation pairs among ``articles`` (all compared across languages; fine for thousands)."""
    profiles = [_profile(a) for a in articles]
    best: dict[int, tuple[float, int, float, int | None, dict[str, float], list[Any]]] = {}
    for ti, t in enumerate(profiles):
        scored = []
        for oi, o in enumerate(profiles):
            if _admissible(t.article, o.article):
                features, beads = _features(t, o)
                scored.append((sum(features.values()) / len(features), oi, features, beads))
        if not scored:
            continue
        scored.sort(key=lambda s: -s[0])
        score, oi, features, beads = scored[0]
        margin = score - scored[1][0] if len(scored) > 1 else score
        runner = profiles[scored[1][1]].article.seq if len(scored) > 1 else None
        best[ti] = (score, oi, margin, runner, features, beads)
    # Greedily, best score first: an article is in one pair at most.
    used: set[int] = set()
    pairs = []
    for ti, (score, oi, margin, runner, features, beads) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        if margin < min_margin or ti in used or oi in used:
            continue
        used.update((ti, oi))
        t, o = profiles[ti], profiles[oi]
        alignment = tuple(
            (tuple(t.blocks[i].line for i in bi), tuple(o.blocks[j].line for j in bj)) for bi, bj in beads
        )
        pairs.append(
            TranslationPair(
                ArticleRef.of(t.article), ArticleRef.of(o.article), score, margin, runner, features, alignment
            )
        )
    pairs.sort(key=lambda p: (p.translation.seq, p.original.seq))
    return pairs
