"""Association, keyness and dispersion measures: pure functions, standard library only.

Contingency signatures as Evert (2008) and the UCS toolkit write them: ``f`` (O11: the
co-occurrence frequency, or the frequency in the target), ``f1`` (R1: the window positions,
or the target's tokens), ``f2`` (C1: the collocate's frequency, or ``a + b``) and ``N`` (the
sample size). The four observed cells are

    O11 = f        O12 = f1 - f
    O21 = f2 - f   O22 = N - f1 - f2 + f

and each expected cell is its row total times its column total over N (E11 = f1·f2/N).
Logarithms are natural for G² and base 2 for MI (the UCS toolkit prints MI in base 10:
divide ours by log2(10) to compare).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

LOG2_10 = math.log2(10)


def cells(f: float, f1: float, f2: float, n: float) -> tuple[float, float, float, float]:
    """The observed cells O11, O12, O21, O22 of a signature."""
    return f, f1 - f, f2 - f, n - f1 - f2 + f


def expected(f1: float, f2: float, n: float) -> tuple[float, float, float, float]:
    """The expected cells E11, E12, E21, E22 under independence."""
    c2 = n - f2
    r2 = n - f1
    return f1 * f2 / n, f1 * c2 / n, r2 * f2 / n, r2 * c2 / n


def _xlogx(o: float, e: float) -> float:
    return o * math.log(o / e) if o > 0 else 0.0


def log_likelihood(f: float, f1: float, f2: float, n: float) -> float:
    """G² over all four cells, signed: negative when O11 < E11 (UCS ``log.likelihood``, signed).

    2·Σ Oij·ln(Oij/Eij), a cell with O = 0 adding nothing.
    """
    observed = cells(f, f1, f2, n)
    g2 = 2.0 * sum(_xlogx(o, e) for o, e in zip(observed, expected(f1, f2, n), strict=True) if e > 0)
    g2 = max(g2, 0.0)  # rounding can leave -1e-13 where the table is exactly independent
    return -g2 if f < f1 * f2 / n else g2


def keyness_log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Rayson and Garside's keyness G² (2·[a·ln(a/E1) + b·ln(b/E2)]), signed: negative when a/c < b/d.

    ``a``, ``b``: the word's frequency in the target and the reference; ``c``, ``d``: their
    sizes in tokens. E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d). This is the UCREL log-likelihood
    wizard's formula, the two "frequency of word" cells only.
    """
    total = c + d
    e1 = c * (a + b) / total
    e2 = d * (a + b) / total
    g2 = 2.0 * (_xlogx(a, e1) + _xlogx(b, e2))
    g2 = max(g2, 0.0)
    return -g2 if a < e1 else g2


def simple_ll(f: float, f1: float, f2: float, n: float) -> float:
    """Simple log-likelihood, signed: 2·(O11·ln(O11/E11) − (O11 − E11)) (UCS ``simple-ll``)."""
    e11 = f1 * f2 / n
    value = 2.0 * (_xlogx(f, e11) - (f - e11))
    value = max(value, 0.0)
    return -value if f < e11 else value


def mi(f: float, f1: float, f2: float, n: float) -> float:
    """Pointwise mutual information, log2(O11/E11); −inf when f = 0."""
    if f <= 0:
        return -math.inf
    return math.log2(f * n / (f1 * f2))


def mi3(f: float, f1: float, f2: float, n: float) -> float:
    """MI³, log2(O11³/E11) (Daille); −inf when f = 0."""
    if f <= 0:
        return -math.inf
    return math.log2(f**3 * n / (f1 * f2))


def t_score(f: float, f1: float, f2: float, n: float) -> float:
    """t-score, (O11 − E11)/√O11; 0 when f = 0."""
    if f <= 0:
        return 0.0
    return (f - f1 * f2 / n) / math.sqrt(f)


def z_score(f: float, f1: float, f2: float, n: float) -> float:
    """z-score, (O11 − E11)/√E11."""
    e11 = f1 * f2 / n
    return (f - e11) / math.sqrt(e11)


def dice(f: float, f1: float, f2: float, n: float = 0.0) -> float:
    """Dice coefficient, 2·O11/(R1 + C1)."""
    return 2.0 * f / (f1 + f2)


def log_dice(f: float, f1: float, f2: float, n: float = 0.0) -> float:
    """logDice (Rychlý 2008, Sketch Engine): 14 + log2(2·f/(f1 + f2)); −inf when f = 0."""
    if f <= 0:
        return -math.inf
    return 14.0 + math.log2(2.0 * f / (f1 + f2))


def log_ratio(f: float, f1: float, f2: float, n: float) -> float:
    """Hardie's log ratio: log2 of the relative frequency in the target over that in the rest.

    (f/f1) / ((f2 − f)/(N − f1)); a zero frequency is replaced by 0.5.
    """
    a = f if f > 0 else 0.5
    b = f2 - f if f2 - f > 0 else 0.5
    return math.log2((a / f1) / (b / (n - f1)))


def p_value(g2: float) -> float:
    """The chance of a G² at least this large (either sign) under independence: χ², 1 df.

    For one degree of freedom P(χ² ≥ x) = erfc(√(x/2)).
    """
    return math.erfc(math.sqrt(abs(g2) / 2.0))


def percent_diff(a: float, c: float, b: float, d: float) -> float:
    """%DIFF (Gabrielatos and Marchi 2012): 100·(NFa − NFb)/NFb; +inf when b = 0."""
    nfa = a / c
    nfb = b / d
    if nfb == 0:
        return math.inf if nfa > 0 else 0.0
    return 100.0 * (nfa - nfb) / nfb


def per(count: float, total: float, base: float = 10_000) -> float:
    """A normalised frequency: ``count`` per ``base`` tokens of ``total``."""
    return count * base / total if total else 0.0


# --- dispersion --------------------------------------------------------------------------------


def gries_dp(counts: Sequence[float], sizes: Sequence[float]) -> float:
    """Gries' DP: ½·Σ|v_i/f − s_i| over the parts (v_i the item's count in part i, s_i its share).

    0 when the item is spread exactly as the parts' sizes, near 1 when it sits in one small part.
    """
    f = sum(counts)
    total = sum(sizes)
    if f <= 0 or total <= 0:
        return math.nan
    return 0.5 * sum(abs(v / f - s / total) for v, s in zip(counts, sizes, strict=True))


def gries_dp_norm(counts: Sequence[float], sizes: Sequence[float]) -> float:
    """DPnorm (Lijffijt and Gries 2012): DP / (1 − min s_i), which reaches 1."""
    return dp_normalised(gries_dp(counts, sizes), min(sizes) / sum(sizes))


def dp_normalised(dp: float, smallest_share: float) -> float:
    """DP divided by its largest possible value, 1 − the smallest part's share."""
    top = 1.0 - smallest_share
    return dp / top if top > 0 else 0.0


def juilland_d(counts: Sequence[float], sizes: Sequence[float] | None = None) -> float:
    """Juilland's D: 1 − V/√(n − 1), V the coefficient of variation of the parts' (relative) frequencies.

    With ``sizes`` the frequencies are normalised by part size first (parts of unequal size).
    """
    n = len(counts)
    if n < 2:
        return math.nan
    values: Iterable[float] = counts if sizes is None else (v / s for v, s in zip(counts, sizes, strict=True))
    xs = list(values)
    mean = sum(xs) / n
    if mean == 0:
        return math.nan
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / n)
    return 1.0 - (sd / mean) / math.sqrt(n - 1)
