"""reuse.pairs on the bundled corpus: exactly 4 ↔ 6 and 13 ↔ 21 (issue 13)."""

from __future__ import annotations

import dataclasses
import statistics
from datetime import date

import isocorpus
from isocorpus.model import BlockKind
from isocorpus.reuse.pairs import align_blocks, find_pairs, pearson, provenance_date

CORPUS = list(isocorpus.iter_articles())
PAIRS = find_pairs(CORPUS)


def test_exactly_the_two_translations() -> None:
    assert [(p.translation.seq, p.original.seq) for p in PAIRS] == [(4, 6), (13, 21)]
    assert all(p.translation.language == "es" and p.original.language == "en" for p in PAIRS)
    assert all(p.margin >= 0.1 for p in PAIRS)


def test_first_paragraphs_align() -> None:
    one, two = PAIRS
    assert ((181,), (406,)) in one.alignment
    assert ((1124,), (1739,)) in two.alignment


def test_research_feature_values() -> None:
    # wave2 research (§3), computed independently: digit Jaccard 0.875 / 0.667, length r 0.991 / 0.988.
    one, two = PAIRS
    assert round(one.features["digits"], 3) == 0.875
    assert round(two.features["digits"], 3) == 0.667
    assert round(one.features["lengths"], 3) == 0.991
    assert round(two.features["lengths"], 3) == 0.988


def test_pearson_matches_statistics() -> None:
    xs, ys = [3.0, 1.0, 4.0, 1.0, 5.0], [2.0, 7.0, 1.0, 8.0, 2.0]
    assert abs(pearson(xs, ys) - statistics.correlation(xs, ys)) < 1e-12
    assert pearson([1.0, 1.0], [2.0, 3.0]) == 0.0


def test_gale_church_merges_a_split_paragraph() -> None:
    assert align_blocks([100, 200, 300], [110, 520]) == [((0,), (0,)), ((1, 2), (1,))]
    assert align_blocks([100, 250], [100, 250]) == [((0,), (0,)), ((1,), (1,))]


def test_a_paragraph_missing_from_the_original_still_aligns() -> None:
    english = CORPUS[5]
    assert english.seq == 6
    dropped = next(b for b in english.blocks if b.line == 423)
    shorter = dataclasses.replace(english, blocks=tuple(b for b in english.blocks if b is not dropped))
    pairs = find_pairs([CORPUS[3], shorter])
    assert len(pairs) == 1
    alignment = pairs[0].alignment
    assert ((181,), (406,)) in alignment
    assert sum(len(t) for t, _ in alignment) == len([b for b in CORPUS[3].blocks if b.kind is not BlockKind.INSET])


def test_the_provenance_line_names_the_originals_date() -> None:
    assert provenance_date(CORPUS[12]) == date(2019, 3, 15)  # "Publicado el 15 de marzo de 2019. Traducido por …"
    assert provenance_date(CORPUS[3]) is None
    one, two = PAIRS
    assert "provenance" not in one.features
    assert two.features["provenance"] == 1.0  # seq 21 is stamped 3/14/19 11:00pm: within a day
