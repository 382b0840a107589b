"""The timeline core: periods and their labels, bucketing, empty periods, rates, undated articles."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest

import isocorpus
from isocorpus.errors import UsageError
from isocorpus.model import Article, Block, BlockKind
from isocorpus.search import compile_query
from isocorpus.timeline import (
    Period,
    Tally,
    build_timeline,
    iter_periods,
    period_end,
    period_label,
    period_start,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
ISO_WEEKS = FIXTURES / "timeline-iso-weeks.txt"


def _article(day: date | None, text: str = "one two three", seq: int = 1) -> Article:
    return Article(
        id=f"id{seq}",
        seq=seq,
        source="test",
        line=seq,
        page=1,
        published=datetime(day.year, day.month, day.day, 23, 0) if day else None,
        byline="A Writer",
        authors=("A Writer",),
        language="en",
        blocks=(Block(BlockKind.LEDE, text, seq + 3),),
        word_count=len(text.split()),
        signatories=(),
        footer=None,
        warnings=(),
    )


# --- ISO weeks and the other periods ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2019, 11, 4), "2019-W45"),  # a Monday
        (date(2019, 11, 10), "2019-W45"),  # the Sunday of the same week
        (date(2019, 12, 29), "2019-W52"),
        (date(2019, 12, 30), "2020-W01"),  # Monday of the week holding Thursday 2 January 2020
        (date(2019, 12, 31), "2020-W01"),  # 31 December in the next year's week 1
        (date(2020, 1, 1), "2020-W01"),
        (date(2020, 12, 31), "2020-W53"),  # 2020 has 53 ISO weeks (it starts on a Wednesday, leap year)
        (date(2021, 1, 3), "2020-W53"),  # 3 January still in the previous ISO year
        (date(2021, 1, 4), "2021-W01"),
        (date(2018, 12, 31), "2019-W01"),
        (date(2016, 1, 1), "2015-W53"),
    ],
)
def test_iso_week_labels_follow_iso_8601(day: date, label: str) -> None:
    start = period_start(day, Period.WEEK)
    assert start.weekday() == 0
    assert period_label(start, Period.WEEK) == label
    assert period_label(start, Period.WEEK) == "{}-W{:02d}".format(*day.isocalendar()[:2])


def test_period_starts_ends_and_labels() -> None:
    day = date(2019, 3, 14)
    assert [period_label(period_start(day, p), p) for p in Period] == ["2019-03-14", "2019-W11", "2019-03", "2019"]
    assert period_end(date(2019, 3, 11), Period.WEEK) == date(2019, 3, 17)
    assert period_end(date(2019, 2, 1), Period.MONTH) == date(2019, 2, 28)
    assert period_end(date(2020, 2, 1), Period.MONTH) == date(2020, 2, 29)
    assert period_end(date(2019, 12, 1), Period.MONTH) == date(2019, 12, 31)
    assert period_end(date(2019, 1, 1), Period.YEAR) == date(2019, 12, 31)
    assert period_end(day, Period.DAY) == day


def test_iter_periods_covers_the_span_without_gaps() -> None:
    months = list(iter_periods(date(2019, 11, 20), date(2020, 2, 3), Period.MONTH))
    assert months == [date(2019, 11, 1), date(2019, 12, 1), date(2020, 1, 1), date(2020, 2, 1)]
    weeks = list(iter_periods(date(2019, 12, 31), date(2021, 1, 4), Period.WEEK))
    assert len(weeks) == 54  # 2020-W01 … 2020-W53, 2021-W01
    assert list(iter_periods(date.max, date.max, Period.YEAR)) == [date(9999, 1, 1)]


# --- the bundled corpus, against a hand count from its timestamps ---------------------------

# The 21 `[l] at` lines of the corpus, counted by hand per day.
CORPUS_DAYS = {
    "2019-03-14": 1,
    "2019-03-18": 1,
    "2019-03-19": 2,
    "2019-03-20": 2,
    "2019-03-21": 2,
    "2019-03-25": 2,
    "2019-03-26": 1,
    "2019-03-27": 2,
    "2019-03-28": 2,
    "2019-04-01": 1,
    "2019-04-02": 1,
    "2019-04-08": 2,
    "2019-04-10": 1,
    "2019-04-18": 1,
}
# ISO weeks start on Monday: 11-17 March is W11, 18-24 W12, 25-31 W13, 1-7 April W14,
# 8-14 W15, 15-21 W16.
CORPUS_WEEKS = {"2019-W11": 1, "2019-W12": 7, "2019-W13": 7, "2019-W14": 2, "2019-W15": 3, "2019-W16": 1}
CORPUS_MONTHS = {"2019-03": 15, "2019-04": 6}


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return list(isocorpus.iter_articles())


def test_corpus_by_day_lists_36_days_holding_21_articles(corpus: list[Article]) -> None:
    timeline = build_timeline(corpus, Period.DAY)
    labels = [b.label for b in timeline.buckets]
    assert len(labels) == 36
    assert labels[0] == "2019-03-14" and labels[-1] == "2019-04-18"
    assert timeline.articles == 21 and timeline.undated.articles == 0
    assert {b.label: b.articles for b in timeline.buckets if b.articles} == CORPUS_DAYS
    assert sum(1 for b in timeline.buckets if b.articles == 0) == 36 - len(CORPUS_DAYS)
    assert sum(b.words for b in timeline.buckets) == sum(a.word_count for a in corpus)


def test_corpus_by_week_and_month_agree_with_the_hand_count(corpus: list[Article]) -> None:
    weeks = build_timeline(corpus, Period.WEEK)
    assert {b.label: b.articles for b in weeks.buckets} == CORPUS_WEEKS
    assert [b.label for b in weeks.buckets] == list(CORPUS_WEEKS)
    assert weeks.buckets[0].start == date(2019, 3, 11) and weeks.buckets[0].end == date(2019, 3, 17)
    months = build_timeline(corpus, Period.MONTH)
    assert {b.label: b.articles for b in months.buckets} == CORPUS_MONTHS
    years = build_timeline(corpus, Period.YEAR)
    assert [(b.label, b.articles) for b in years.buckets] == [("2019", 21)]


def test_term_hits_are_what_the_matcher_counts(corpus: list[Article]) -> None:
    from isocorpus.search import count_matches

    terms = [compile_query("democratic centralism"), compile_query("leninism")]
    timeline = build_timeline(corpus, Period.MONTH, terms)
    assert timeline.terms == ("democratic centralism", "leninism")
    for i, query in enumerate(terms):
        expected = sum(count_matches(a, query) for a in corpus)
        assert sum(b.hits[i] for b in timeline.buckets) == expected > 0


# --- every period present, rates, undated ---------------------------------------------------


def test_empty_periods_are_present_and_zero() -> None:
    articles = [_article(date(2019, 1, 30), seq=1), _article(date(2019, 4, 2), seq=2)]
    timeline = build_timeline(articles, Period.MONTH, [compile_query("two")])
    assert [b.label for b in timeline.buckets] == ["2019-01", "2019-02", "2019-03", "2019-04"]
    assert [b.articles for b in timeline.buckets] == [1, 0, 0, 1]
    assert timeline.buckets[1].tally == Tally(0, 0, (0,))


def test_input_order_does_not_matter() -> None:
    days = [date(2019, 3, 3), date(2019, 3, 1), date(2019, 3, 3)]
    timeline = build_timeline([_article(d, seq=i) for i, d in enumerate(days)], Period.DAY)
    assert [(b.label, b.articles) for b in timeline.buckets] == [
        ("2019-03-01", 1),
        ("2019-03-02", 0),
        ("2019-03-03", 2),
    ]


def test_since_and_until_stretch_the_span() -> None:
    articles = [_article(date(2019, 3, 14))]
    timeline = build_timeline(articles, Period.WEEK, since=date(2019, 3, 1), until=date(2019, 3, 31))
    assert [b.label for b in timeline.buckets] == ["2019-W09", "2019-W10", "2019-W11", "2019-W12", "2019-W13"]
    assert build_timeline([], Period.MONTH, since=date(2019, 1, 5), until=date(2019, 2, 5)).buckets[-1].label == (
        "2019-02"
    )
    assert build_timeline([], Period.MONTH).buckets == ()


def test_per_thousand_words() -> None:
    # 4 words with 1 hit, 6 words with 3 hits: 250 and 500 per thousand words
    articles = [
        _article(date(2019, 3, 1), "war and peace now", seq=1),
        _article(date(2019, 3, 3), "war war war and more things", seq=2),
    ]
    timeline = build_timeline(articles, Period.DAY, [compile_query("war")], per=1000)
    assert [timeline.values(b) for b in timeline.buckets] == [(250.0,), (0.0,), (500.0,)]
    assert [b.hits for b in timeline.buckets] == [(1,), (0,), (3,)]  # raw hits are kept
    assert timeline.as_dicts()[2]["hits"] == {"war": 500.0}
    assert Tally(0, 0, (0,)).rates(1000) == (0.0,)  # an empty period has no rate: 0, not a crash


def test_undated_articles_are_counted_apart() -> None:
    articles = [_article(date(2019, 3, 1), seq=1), _article(None, "two two", seq=2), _article(None, seq=3)]
    timeline = build_timeline(articles, Period.DAY, [compile_query("two")])
    assert timeline.articles == 1
    assert timeline.undated == Tally(articles=2, words=5, hits=(3,))
    assert [b.label for b in timeline.buckets] == ["2019-03-01"]


def test_only_undated_articles_give_no_periods() -> None:
    timeline = build_timeline([_article(None)], Period.WEEK)
    assert timeline.buckets == () and timeline.undated.articles == 1


def test_fixture_iso_weeks_and_undated_entry() -> None:
    warnings: list[object] = []
    articles = list(isocorpus.iter_articles(str(ISO_WEEKS), on_warning=warnings.append))
    timeline = build_timeline(articles, Period.WEEK, [compile_query("caucus")])
    filled = {b.label: (b.articles, b.hits[0]) for b in timeline.buckets if b.articles}
    assert filled == {
        "2019-W52": (1, 1),
        "2020-W01": (2, 2),  # 31 December 2019 and 1 January 2020
        "2020-W53": (2, 1),  # 31 December 2020 and Sunday 3 January 2021
        "2021-W01": (1, 3),
    }
    assert len(timeline.buckets) == 55  # 2019-W52, 53 weeks of 2020, 2021-W01
    assert timeline.undated == Tally(1, articles[-1].word_count, (1,))
    years = build_timeline(articles, Period.YEAR)
    assert [(b.label, b.articles) for b in years.buckets] == [("2019", 2), ("2020", 2), ("2021", 2)]


def test_bad_arguments_raise_usage_errors() -> None:
    with pytest.raises(UsageError, match="twice"):
        build_timeline([], Period.DAY, [compile_query("a"), compile_query("a")])
    with pytest.raises(UsageError, match="per needs at least one term") as caught:
        build_timeline([], Period.DAY, per=1000)
    assert (caught.value.option, caught.value.mentions) == ("per", ("term",))
    with pytest.raises(UsageError, match="positive"):
        build_timeline([], Period.DAY, [compile_query("a")], per=0)


def test_records_are_frozen() -> None:
    timeline = build_timeline([_article(date(2019, 3, 1))], Period.DAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        timeline.buckets[0].label = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        timeline.period = Period.WEEK  # type: ignore[misc]


def test_articles_are_read_lazily_once() -> None:
    consumed: list[int] = []

    def stream():  # type: ignore[no-untyped-def]
        for i in range(3):
            consumed.append(i)
            yield _article(date(2019, 3, 1 + i), seq=i)

    timeline = build_timeline(stream(), Period.DAY)
    assert consumed == [0, 1, 2] and timeline.articles == 3


@pytest.mark.parametrize("period", list(Period))
def test_count_periods_counts_what_iter_periods_gives(period: Period) -> None:
    from isocorpus.timeline import count_periods, iter_periods

    for first, last in [(date(2019, 3, 14), date(2019, 3, 14)), (date(2018, 12, 30), date(2021, 1, 3))]:
        assert count_periods(first, last, period) == len(list(iter_periods(first, last, period)))
