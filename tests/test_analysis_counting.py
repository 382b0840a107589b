"""Mergeable counts: pieces add up to the whole; n-grams spill and stay exact; the scores' facts."""

from __future__ import annotations

import pickle
import random

import pytest

import isocorpus
from isocorpus.analysis.collocates import CollocateCount, CollocateTable, Measure, score_collocates
from isocorpus.analysis.counting import CountOptions, GroupBy, Table, count_partition, merge
from isocorpus.analysis.dispersion import PartSpill
from isocorpus.analysis.keyness import REFERENCE, TARGET, KeynessGroups, score_keyness
from isocorpus.analysis.measures import gries_dp
from isocorpus.analysis.ngrams import NgramCount, NgramMerger
from isocorpus.analysis.tokens import TypeTest
from isocorpus.analysis.words import WordSort, score_words
from isocorpus.model import Article, Block, BlockKind
from isocorpus.pipeline import where_filter

CORPUS = list(isocorpus.iter_articles())


def test_pieces_merge_to_the_whole() -> None:
    options = CountOptions(group=GroupBy.lang, parts=True)
    whole = count_partition(CORPUS, options)
    pieces = merge((count_partition(CORPUS[i : i + 4], options) for i in range(0, len(CORPUS), 4)), Table())
    assert (pieces.tokens, pieces.articles, pieces.freq, pieces.range) == (
        whole.tokens,
        whole.articles,
        whole.freq,
        whole.range,
    )
    assert pieces.groups == whole.groups and pieces.group_tokens == whole.group_tokens
    assert sum(len(p.sizes) for p in pieces.parts) == sum(len(p.sizes) for p in whole.parts)
    assert set(whole.groups) == {"en", "es"}


def test_dp_from_the_spill_is_gries_dp() -> None:
    table = count_partition(CORPUS, CountOptions(parts=True))
    sizes = [len(_types(a)) for a in CORPUS]
    with PartSpill() as spill:
        spill.add(count_partition(CORPUS[:10], CountOptions(parts=True)).take_parts())
        spill.add([])
        spill.add(count_partition(CORPUS[10:], CountOptions(parts=True)).take_parts())
        got = spill.dispersion(table.freq, table.tokens)
        slow = spill._sums_python(list(table.freq), table.freq, table.tokens)
    for word in ("the", "micro-party", "#metoo", "socialism"):
        counts = [sum(1 for t in _types(a) if t == word) for a in CORPUS]
        assert got[word][0] == pytest.approx(gries_dp(counts, sizes), rel=1e-12)
    assert 0.79 < got["micro-party"][0] < 0.81 and 0.12 < got["the"][0] < 0.13
    # the pure-Python sums (no numpy) give the same
    for word, value in zip(table.freq, slow, strict=True):
        assert 0.5 * (value + 1) == pytest.approx(got[word][0], rel=1e-9, abs=1e-12)


def _types(article: Article) -> list[str]:
    from isocorpus.analysis.tokens import types

    return types(article.text)


def test_words_sort_and_filters() -> None:
    table = count_partition(CORPUS)
    rows = score_words(table, top=3, sort=WordSort.freq, stop=frozenset({"of"})).rows
    assert [r.type for r in rows] == ["the", "and", "to"]
    assert all(r.range >= 5 for r in score_words(table, min_range=5).rows)
    assert (
        score_words(table, top=2, sort=WordSort.type).rows[0].type
        < score_words(table, top=2, sort=WordSort.type).rows[1].type
    )


def test_socialism_from_below_trigram() -> None:
    merger = NgramMerger()
    merger.add(NgramCount(3)(CORPUS))
    [row] = [r for r in merger.rows() if r.ngram == "socialism from below"]
    assert (row.freq, row.range) == (17, 9)


def test_ngrams_spill_exactly() -> None:
    """A limit far below the distinct n-grams: the spilled counts equal the in-memory ones."""
    batches = [NgramCount(2)(CORPUS[i : i + 3]) for i in range(0, len(CORPUS), 3)]
    memory, spilled = NgramMerger(), NgramMerger(limit=500, parts=7)
    for table in batches:
        memory.add(table)
        spilled.add(table)
    assert spilled.spills > 5
    assert spilled.rows(min_freq=1) == memory.rows(min_freq=1)
    spilled.close()


def test_ngrams_never_cross_a_block() -> None:
    blocks = (Block(BlockKind.PARAGRAPH, "one two", 2), Block(BlockKind.PARAGRAPH, "three four", 3))
    article = Article("x", 1, "-", 1, 1, None, "", (), "en", blocks, 4, (), None, ())
    merger = NgramMerger()
    merger.add(NgramCount(2)([article]))
    assert [r.ngram for r in merger.rows()] == ["one two", "three four"]


def test_ngrams_containing() -> None:
    merger = NgramMerger()
    merger.add(NgramCount(3, "below")(CORPUS))
    rows = merger.rows(min_freq=2)
    assert rows and all("below" in r.ngram.split() for r in rows)


def test_collocates_of_micro_party() -> None:
    """Issue 12: model first (11 co-occurrences, freq 37, logDice ≈ 12.55)."""
    table = CollocateCount(TypeTest("micro-party"), 5, 5)(CORPUS)
    result = score_collocates(table, "micro-party", Measure.logdice, min_co=3)
    first = result.rows[0]
    assert (first.collocate, first.co, first.freq) == ("model", 11, 37)
    assert round(first.score, 2) == 12.55
    assert first.left + first.right == first.co
    assert result.node_freq == 23 and table.tokens == 42_692
    assert all(r.co >= 3 for r in result.rows)


def test_collocate_windows_stay_in_blocks_and_count_once() -> None:
    blocks = (Block(BlockKind.PARAGRAPH, "a x b x c", 2), Block(BlockKind.PARAGRAPH, "d e", 3))
    article = Article("x", 1, "-", 1, 1, None, "", (), "en", blocks, 7, (), None, ())
    table = CollocateCount(TypeTest("x"), 5, 5)([article])
    assert table.node == 2
    assert table.window == 3  # a, b (in both windows: once), c; never d or e
    assert dict(table.co) == {"a": 1, "b": 1, "c": 1}
    assert (table.left["a"], table.right["b"], table.right["c"]) == (1, 1, 1)


def test_collocates_merge() -> None:
    step = CollocateCount(TypeTest("party"), 4, 4)
    whole = step(CORPUS)
    pieces = CollocateTable()
    for i in range(0, len(CORPUS), 5):
        pieces.add(step(CORPUS[i : i + 5]))
    assert pieces == whole


def test_keyness_mcnally_against_the_english_rest() -> None:
    """Issue 12: 4,937 vs 34,387 tokens; party first, a = 39, b = 42, G² ≈ 61.14, LR ≈ 2.69."""
    groups = KeynessGroups(where_filter("author:McNally"), where_filter("lang:en"))
    table = count_partition(CORPUS, CountOptions(group=groups))
    target = Table(tokens=table.group_tokens[TARGET], freq=table.groups[TARGET])
    reference = Table(tokens=table.group_tokens[REFERENCE], freq=table.groups[REFERENCE])
    result = score_keyness(target, reference)
    assert (result.target_tokens, result.reference_tokens) == (4_937, 34_387)
    top = result.rows[0]
    assert (top.type, top.a, top.b) == ("party", 39, 42)
    assert round(top.g2, 2) == 61.14 and round(top.log_ratio, 2) == 2.69
    assert result.rows[-1].g2 < 0  # the reference's keywords come last
    g2s = [r.g2 for r in result.rows]
    assert g2s == sorted(g2s, reverse=True)
    strict = score_keyness(target, reference, p=0.05, bonferroni=True)
    assert 0 < len(strict.rows) < len(result.rows)
    assert all(r.p < 0.05 / result.compared for r in strict.rows)


def test_subcorpora_are_named_by_the_query_language() -> None:
    """keyness --target/--reference: one syntax (``query``) names every subcorpus."""
    mcnally = where_filter('author:"David McNally" AND lang:en AND until:2019-03-31')
    assert mcnally is not None
    assert [a.seq for a in CORPUS if mcnally(a)] == [15]
    since = where_filter("since:2019-04-01")
    assert since is not None
    assert sum(map(since, CORPUS)) == sum(1 for a in CORPUS if a.date and a.date.isoformat() >= "2019-04-01")
    either = where_filter("author:McNally OR caucus")
    assert either is not None
    assert [a.seq for a in CORPUS if either(a)] == [1, 3, 4, 5, 6, 8, 13, 14, 15, 18, 21]
    copy = pickle.loads(pickle.dumps(either))  # counted on every core
    assert [a.seq for a in CORPUS if copy(a)] == [1, 3, 4, 5, 6, 8, 13, 14, 15, 18, 21]
    from isocorpus.query import QueryError

    for bad in ("writer:x", "author:", 'author:"open', "since:someday", "(caucus"):
        with pytest.raises(QueryError):
            where_filter(bad)


def test_random_distinct_articles_merge() -> None:
    """Distinct random texts (nearly every n-gram new): counts add up whatever the batching."""
    rng = random.Random(12)
    words = [f"w{i}" for i in range(3_000)]
    arts = []
    for i in range(30):
        text = " ".join(rng.choice(words) for _ in range(300))
        arts.append(
            Article(
                str(i), i + 1, "-", 1, 1, None, "", (), "en", (Block(BlockKind.PARAGRAPH, text, 2),), 300, (), None, ()
            )
        )
    one, two = NgramMerger(), NgramMerger(limit=1_000, parts=5)
    one.add(NgramCount(3)(arts))
    for i in range(0, 30, 4):
        two.add(NgramCount(3)(arts[i : i + 4]))
    assert one.rows(min_freq=1) == two.rows(min_freq=1)
    assert two.spills >= 8
    two.close()
