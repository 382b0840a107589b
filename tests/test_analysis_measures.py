"""The measures against values someone else computed.

References, each named where it is used:

- Manning and Schütze (1999), *Foundations of Statistical NLP*, ch. 5 (collocations), on a
  14,307,668-token New York Times corpus: the t-test for *new companies* (c(new) = 15,828,
  c(companies) = 4,675, c(new companies) = 8) gives t = 0.999932, and the pointwise mutual
  information of *Ayatollah Ruhollah* (42, 20, 20) is 18.38 bits.
- Issue 12 (filed from CQPweb/AntConc-style figures for this corpus): McNally against the other
  English articles, *party* a = 39, b = 42, c = 4,937, d = 34,387: G² ≈ 61.14, log ratio ≈ 2.69;
  logDice of *micro-party*–*model* (11, 23, 37) ≈ 12.55.
- The wave-2 research notes (another session, by hand from the formulas of the UCREL
  log-likelihood wizard and JasperD-UGent/keyness-calculator): a = 16, b = 8, c = 5,779,
  d = 34,765 gives the two-cell (Rayson and Garside) G² = 34.25, log ratio 3.59, %DIFF 1103.1.
- An independent implementation: scipy's ``power_divergence(lambda_="log-likelihood")`` and
  ``chi2_contingency`` for G² over the 2×2 table, ``chi2.sf`` for p (to 1e-9 relative).
- Rychlý (2008), "A lexicographer-friendly association score": logDice has 14 as its maximum
  (f = f1 = f2) and grows by 1 when the co-occurrences double.
- Gries (2008) and Lijffijt and Gries (2012): DP is 0 for a word spread exactly as the parts'
  sizes, 1 − s for a word all in one part of share s; DPnorm is then 1 for the smallest part.
  Juilland's D is 1 for an even spread and 0 for a word in one part of n equal ones.
"""

from __future__ import annotations

import math

import pytest

from isocorpus.analysis import measures as m

scipy_stats = pytest.importorskip("scipy.stats")
NYT = 14_307_668


def test_manning_schuetze_t_score() -> None:
    # They estimate the variance as p(1 − p) where we take O11 (UCS t-score); the two differ by
    # about 2e-5 here, far below the six digits they print.
    assert m.t_score(8, 15_828, 4_675, NYT) == pytest.approx(0.999932, rel=1e-4)


def test_manning_schuetze_mi() -> None:
    assert m.mi(20, 42, 20, NYT) == pytest.approx(18.38, abs=0.005)
    # the UCS toolkit prints MI in base 10
    assert m.mi(20, 42, 20, NYT) / m.LOG2_10 == pytest.approx(math.log10(20 * NYT / (42 * 20)), rel=1e-12)


def test_issue_keyness_and_logdice_figures() -> None:
    a, b, c, d = 39, 42, 4_937, 34_387
    assert m.log_likelihood(a, c, a + b, c + d) == pytest.approx(61.14, abs=0.005)
    assert m.log_ratio(a, c, a + b, c + d) == pytest.approx(2.69, abs=0.005)
    assert m.log_dice(11, 23, 37) == pytest.approx(12.55, abs=0.005)


def test_research_worked_example() -> None:
    a, b, c, d = 16, 8, 5_779, 34_765
    assert m.keyness_log_likelihood(a, b, c, d) == pytest.approx(34.25, abs=0.005)
    assert m.log_ratio(a, c, a + b, c + d) == pytest.approx(3.59, abs=0.005)
    assert m.percent_diff(a, c, b, d) == pytest.approx(1103.1, abs=0.05)


SIGNATURES = [
    (39, 4_937, 81, 39_324),
    (16, 5_779, 24, 40_544),
    (8, 15_828, 4_675, NYT),
    (11, 212, 37, 42_692),
    (1, 50, 900, 10_000),
    (0, 30, 12, 5_000),
]


@pytest.mark.parametrize(("f", "f1", "f2", "n"), SIGNATURES)
def test_g2_against_scipy(f: int, f1: int, f2: int, n: int) -> None:
    table = [[f, f1 - f], [f2 - f, n - f1 - f2 + f]]
    g2, p, _, expected = scipy_stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    ours = m.log_likelihood(f, f1, f2, n)
    assert abs(ours) == pytest.approx(g2, rel=1e-9)
    assert math.copysign(1, ours) == (1 if f >= expected[0][0] else -1)
    assert m.p_value(ours) == pytest.approx(p, rel=1e-9)
    assert m.p_value(ours) == pytest.approx(scipy_stats.chi2.sf(abs(ours), 1), rel=1e-9)
    stat, _ = scipy_stats.power_divergence(
        [f, f1 - f, f2 - f, n - f1 - f2 + f], [e for row in expected for e in row], lambda_="log-likelihood"
    )
    assert abs(ours) == pytest.approx(stat, rel=1e-9)


@pytest.mark.parametrize(("f", "f1", "f2", "n"), SIGNATURES[:-1])
def test_the_other_measures_follow_evert(f: int, f1: int, f2: int, n: int) -> None:
    e11 = f1 * f2 / n
    assert m.mi3(f, f1, f2, n) == pytest.approx(math.log2(f**3 / e11), rel=1e-12)
    assert m.z_score(f, f1, f2, n) == pytest.approx((f - e11) / math.sqrt(e11), rel=1e-12)
    assert m.simple_ll(f, f1, f2, n) == pytest.approx(
        math.copysign(2 * (f * math.log(f / e11) - (f - e11)), f - e11), rel=1e-12
    )
    assert m.dice(f, f1, f2) == pytest.approx(2 * f / (f1 + f2))


def test_log_dice_bounds() -> None:
    assert m.log_dice(100, 100, 100) == 14.0
    assert m.log_dice(20, 100, 100) - m.log_dice(10, 100, 100) == pytest.approx(1.0)
    assert m.log_dice(0, 1, 1) == -math.inf


def test_log_ratio_replaces_a_zero_by_half() -> None:
    assert m.log_ratio(0, 100, 10, 200) == pytest.approx(math.log2((0.5 / 100) / (10 / 100)))
    assert m.log_ratio(10, 100, 10, 200) == pytest.approx(math.log2((10 / 100) / (0.5 / 100)))


def test_signs() -> None:
    assert m.log_likelihood(1, 100, 500, 1_000) < 0 < m.log_likelihood(100, 100, 500, 1_000)
    assert m.p_value(0.0) == 1.0
    assert m.p_value(3.841458820694124) == pytest.approx(0.05, rel=1e-9)  # the 5 % critical value of χ²(1)


def test_dispersion_properties() -> None:
    sizes = [10, 20, 30, 40]
    assert m.gries_dp([1, 2, 3, 4], sizes) == pytest.approx(0.0)
    assert m.gries_dp([0, 0, 7, 0], sizes) == pytest.approx(1 - 0.3)
    assert m.gries_dp_norm([5, 0, 0, 0], sizes) == pytest.approx(1.0)
    assert m.juilland_d([3, 3, 3, 3]) == pytest.approx(1.0)
    assert m.juilland_d([12, 0, 0, 0]) == pytest.approx(0.0, abs=1e-12)
    assert m.juilland_d([1, 2, 3, 4], sizes) == pytest.approx(1.0)
