"""reuse.similar: TF-IDF cosine and BM25, against hand-computed values."""

from __future__ import annotations

import math

import pytest
from reuse_helpers import make_article as article

import isocorpus
from isocorpus.reuse.similar import TermIndex, find_similar

DOCS = [article(1, "red red blue"), article(2, "red green"), article(3, "blue blue yellow")]


def test_tfidf_cosine_by_hand() -> None:
    # idf: red ln(3/2), blue ln(3/2), green ln 3, yellow ln 3.
    # doc1: red (1+ln2)ln1.5, blue ln1.5; doc2: red ln1.5, green ln3.
    r1, b1 = (1 + math.log(2)) * math.log(1.5), math.log(1.5)
    r2, g2 = math.log(1.5), math.log(3)
    expected = r1 * r2 / (math.hypot(r1, b1) * math.hypot(r2, g2))
    results = find_similar(DOCS[0], DOCS, top=5)
    assert results[0].article.seq == 2
    assert results[0].score == pytest.approx(expected)
    assert results[0].shared == (("red", pytest.approx(1.0)),)
    assert [r.rank for r in results] == [1, 2]


def test_bm25_by_hand() -> None:
    index = TermIndex(DOCS)
    avglen = 8 / 3
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    norm = 1.2 * (1 - 0.75 + 0.75 * 3 / avglen)
    expected = idf * 2 * 2.2 / (2 + norm)  # "blue" in doc 3, tf 2, length 3
    scores = dict((i, s) for s, i in index.bm25(["blue"], exclude=0))
    assert scores[2] == pytest.approx(expected)
    assert scores[1] == 0


def test_mcnally_is_most_like_the_articles_that_quote_him() -> None:
    corpus = list(isocorpus.iter_articles())
    top = [r.article.seq for r in find_similar(corpus[14], corpus, top=4)]
    assert {10, 17} <= set(top)
    assert 15 not in top
    spanish = find_similar(corpus[3], corpus, top=1)
    assert spanish[0].article.seq == 13  # the other Spanish article
