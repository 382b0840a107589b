"""Totals: compute_stats over the bundled corpus and a two-page fixture."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import isocorpus
from isocorpus.stats import UNKNOWN_LANGUAGE, StatsCounter, compute_stats

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CORPUS = list(isocorpus.iter_articles())


def test_bundled_corpus_totals() -> None:
    stats = compute_stats(CORPUS)
    assert stats.articles == 21
    assert stats.words == sum(a.word_count for a in CORPUS) > 40_000
    assert (stats.first, stats.last) == (date(2019, 3, 14), date(2019, 4, 18))
    assert stats.languages == {"en": 19, "es": 2}
    assert stats.feeds == {}
    assert stats.next_feeds == {"Pro Publica": 21}
    assert stats.pages == 1
    assert stats.warnings == 0


def test_authors_are_counted_once_per_article_most_first() -> None:
    stats = compute_stats(CORPUS)
    assert stats.authors["Maryam A"] == 2  # alone, and with Nikki W
    assert stats.authors["Nikki W"] == 1
    assert stats.authors["David McNally"] == 1
    counts = list(stats.authors.values())
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == sum(len(set(a.authors)) for a in CORPUS)


def test_two_pages_two_feeds_and_a_warning() -> None:
    articles = list(isocorpus.iter_articles(FIXTURES / "two-pages.txt", on_warning=lambda d: None))
    stats = compute_stats(articles)
    assert stats.articles == 3
    assert stats.pages == 2
    assert stats.next_feeds == {"Jacobin": 2, "The Nation": 1}  # keyed by "Next feed in category:"
    assert stats.languages == {"en": 2, "es": 1}
    assert stats.authors == {"Ana Ruiz": 2, "Bo Chen": 2}
    assert (stats.first, stats.last) == (date(2020, 1, 5), date(2020, 1, 7))  # the third is undated
    assert stats.warnings == 1


def test_pages_are_distinct_source_page_pairs() -> None:
    path = FIXTURES / "two-pages.txt"
    articles = list(isocorpus.iter_articles([path, path], on_warning=lambda d: None))
    assert compute_stats(articles).pages == 2  # same name, same pages: one source
    twice = list(isocorpus.iter_articles([path, isocorpus.bundled_path()], on_warning=lambda d: None))
    assert compute_stats(twice).pages == 3


def test_caller_counted_warnings_win() -> None:
    assert compute_stats(CORPUS, warnings=7).warnings == 7


def test_empty_input() -> None:
    stats = compute_stats([])
    assert stats.as_dict() == {
        "articles": 0,
        "distinct": 0,
        "words": 0,
        "first": None,
        "last": None,
        "authors": {},
        "languages": {},
        "feeds": {},
        "next_feeds": {},
        "pages": 0,
        "warnings": 0,
    }


def test_as_dict_is_the_documented_json_object() -> None:
    data = compute_stats(CORPUS).as_dict()
    assert list(data) == [
        "articles",
        "distinct",
        "words",
        "first",
        "last",
        "authors",
        "languages",
        "feeds",
        "next_feeds",
        "pages",
        "warnings",
    ]
    assert data["first"] == "2019-03-14" and data["last"] == "2019-04-18"
    json.dumps(data)


def test_counter_streams_one_article_at_a_time() -> None:
    counter = StatsCounter()
    for article in CORPUS[:2]:
        counter.add(article)
    assert counter.result().articles == 2
    counter.add(CORPUS[3])
    assert counter.result().languages == {"en": 2, "es": 1}


def test_unknown_language_has_a_key() -> None:
    from dataclasses import replace

    stats = compute_stats([replace(CORPUS[0], language=None)])
    assert stats.languages == {UNKNOWN_LANGUAGE: 1}
