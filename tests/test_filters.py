"""Filters, sorting and REF lookup, on the bundled corpus and on made-up streams."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

import isocorpus
from isocorpus.errors import UsageError
from isocorpus.filters import ArticleFilter, SortKey, find_article, parse_day, parse_languages, sort_articles
from isocorpus.model import Article, Block, BlockKind

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CORPUS = list(isocorpus.iter_articles())


def seqs(articles: Iterator[Article] | list[Article]) -> list[int]:
    return [a.seq for a in articles]


def make(seq: int, published: datetime | None = None, byline: str = "", words: int = 0) -> Article:
    return Article(
        id=f"{seq:016x}",
        seq=seq,
        source="made-up",
        line=seq,
        page=1,
        published=published,
        byline=byline,
        authors=(byline,) if byline else (),
        language="en",
        blocks=(Block(BlockKind.LEDE, f"lede {seq}", seq),),
        word_count=words,
        signatories=(),
        footer=None,
        warnings=(),
    )


# --- parse_day ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2019-04-01", "April 1 2019", "4/1/19", "1 April 2019", "2019/04/01"])
def test_parse_day_reads_what_users_type(text: str) -> None:
    assert parse_day(text) == date(2019, 4, 1)


def test_parse_day_fills_a_period_from_its_start_or_its_end() -> None:
    assert parse_day("2019") == date(2019, 1, 1)
    assert parse_day("2019", end=True) == date(2019, 12, 31)
    assert parse_day("April 2019", end=True) == date(2019, 4, 30)
    assert parse_day("February 2020", end=True) == date(2020, 2, 29)


@pytest.mark.parametrize("text", ["yesterday", "13/45/19", "", "not a date", "1 avril 2019"])
def test_parse_day_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(UsageError, match=r"^since: cannot read") as caught:
        parse_day(text, "since")
    assert caught.value.option == "since"  # data: the CLI spells it --since


def test_parse_day_refuses_a_date_without_a_year() -> None:
    with pytest.raises(UsageError, match="has no year"):
        parse_day("April 1", "until")


# --- ArticleFilter on the bundled corpus -------------------------------------------------------


def test_empty_filter_keeps_everything_in_order() -> None:
    assert seqs(ArticleFilter().apply(CORPUS)) == list(range(1, 22))


def test_author_is_a_case_insensitive_substring_of_byline_or_author() -> None:
    assert seqs(ArticleFilter(authors=("MCNALLY",)).apply(CORPUS)) == [15]
    assert seqs(ArticleFilter(authors=("maryam",)).apply(CORPUS)) == [12, 14]
    # an author split from a shared byline
    assert seqs(ArticleFilter(authors=("sandra sarner",)).apply(CORPUS)) == [17]


def test_repeated_author_means_any() -> None:
    assert seqs(ArticleFilter(authors=("mcnally", "tess")).apply(CORPUS)) == [2, 15]


def test_since_and_until_are_inclusive_whole_days() -> None:
    assert seqs(ArticleFilter(since=date(2019, 4, 1)).apply(CORPUS)) == [1, 2, 3, 4, 5, 6]
    assert seqs(ArticleFilter(until=date(2019, 3, 19)).apply(CORPUS)) == [18, 19, 20, 21]
    both = ArticleFilter(since=date(2019, 3, 25), until=date(2019, 3, 27))
    assert seqs(both.apply(CORPUS)) == [9, 10, 11, 12, 13]


def test_undated_articles_fail_any_date_bound() -> None:
    undated = make(1)
    assert not ArticleFilter(since=date(1900, 1, 1)).matches(undated)
    assert ArticleFilter().matches(undated)


def test_language() -> None:
    assert seqs(ArticleFilter(languages=("es",)).apply(CORPUS)) == [4, 13]
    assert len(list(ArticleFilter(languages=("en",)).apply(CORPUS))) == 19


def test_unique_collapses_a_dump_given_twice() -> None:
    twice = list(isocorpus.iter_articles([isocorpus.bundled_path(), isocorpus.bundled_path()]))
    assert len(twice) == 42
    kept = list(ArticleFilter(unique=True).apply(twice))
    assert seqs(kept) == list(range(1, 22))  # the first copy of each


def test_apply_is_lazy() -> None:
    def stream() -> Iterator[Article]:
        yield make(1)
        raise AssertionError("read too far")

    first = next(ArticleFilter().apply(stream()))
    assert first.seq == 1


# --- sort_articles ------------------------------------------------------------------------------


def test_sort_by_words_ascending_and_reversed() -> None:
    up = list(sort_articles(CORPUS, SortKey.words))
    assert [a.word_count for a in up] == sorted(a.word_count for a in CORPUS)
    down = list(sort_articles(CORPUS, SortKey.words, reverse=True))
    assert [a.word_count for a in down] == sorted((a.word_count for a in CORPUS), reverse=True)


def test_sort_is_stable_in_both_directions() -> None:
    day = datetime(2019, 4, 8, 23, 0)
    items = [make(1, day), make(2, datetime(2019, 4, 9)), make(3, day), make(4, datetime(2019, 4, 1)), make(5, day)]
    assert seqs(sort_articles(items, SortKey.date)) == [4, 1, 3, 5, 2]
    assert seqs(sort_articles(items, SortKey.date, reverse=True)) == [2, 1, 3, 5, 4]


def test_sort_by_date_on_the_corpus_keeps_same_timestamp_articles_in_input_order() -> None:
    ordered = seqs(sort_articles(CORPUS, SortKey.date))
    assert ordered[0] == 21 and ordered[-1] == 1
    assert ordered.index(3) < ordered.index(4)  # both 4/8/19 11:00pm


def test_missing_values_go_last_either_way() -> None:
    items = [make(1), make(2, datetime(2019, 1, 2)), make(3), make(4, datetime(2019, 1, 1))]
    assert seqs(sort_articles(items, SortKey.date)) == [4, 2, 1, 3]
    assert seqs(sort_articles(items, SortKey.date, reverse=True)) == [2, 4, 1, 3]
    named = [make(1, byline=""), make(2, byline="bob"), make(3, byline="Alice")]
    assert seqs(sort_articles(named, SortKey.author)) == [3, 2, 1]


def test_sort_by_author_ignores_case() -> None:
    ordered = [a.byline for a in sort_articles(CORPUS, SortKey.author)]
    assert ordered == sorted(ordered, key=str.casefold)
    assert ordered.index("brian bean") < ordered.index("David McNally")


def test_limit_after_sort_equals_the_head_of_the_full_sort() -> None:
    for reverse in (False, True):
        full = seqs(sort_articles(CORPUS, SortKey.date, reverse=reverse))
        assert seqs(sort_articles(CORPUS, SortKey.date, reverse=reverse, limit=5)) == full[:5]


def test_limit_without_sort_stops_reading() -> None:
    def stream() -> Iterator[Article]:
        yield make(1)
        yield make(2)
        raise AssertionError("read too far")

    assert seqs(sort_articles(stream(), None, limit=2)) == [1, 2]
    assert seqs(sort_articles(CORPUS, None, limit=0)) == []


def test_reverse_without_a_key_reverses_input_order() -> None:
    assert seqs(sort_articles(CORPUS, None, reverse=True)) == list(range(21, 0, -1))
    assert seqs(sort_articles(CORPUS, None, reverse=True, limit=2)) == [21, 20]


# --- find_article -------------------------------------------------------------------------------


def test_find_by_seq_stops_reading_once_found() -> None:
    def stream() -> Iterator[Article]:
        yield make(1)
        yield make(2)
        raise AssertionError("read too far")

    assert find_article(stream(), "2").seq == 2


def test_find_by_id_prefix_any_case() -> None:
    target = CORPUS[4]
    assert find_article(CORPUS, target.id[:4]).seq == 5
    assert find_article(CORPUS, target.id[:8].upper()).seq == 5
    assert find_article(CORPUS, target.id).seq == 5


def test_same_article_twice_is_not_ambiguous() -> None:
    twice = CORPUS + CORPUS
    found = find_article(twice, CORPUS[0].id[:6])
    assert found is CORPUS[0]


def test_ambiguous_prefix_names_the_candidates() -> None:
    pair = list(isocorpus.iter_articles(FIXTURES / "ambiguous-prefix.txt"))
    common = pair[0].id[:4]
    assert pair[1].id.startswith(common)
    with pytest.raises(UsageError, match="ambiguous") as info:
        find_article(pair, common)
    message = str(info.value)
    assert pair[0].id in message and pair[1].id in message and "\n" not in message
    assert find_article(pair, pair[1].id[:5]).seq == 2


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("22", "no article 22: the input has 21 articles"),
        ("0", "start at 1"),
        ("abc", "neither a seq number nor an id prefix"),
        ("zzzz", "neither a seq number nor an id prefix"),
        ("ffffffff", "no article has an id starting with"),
        ("-3", "neither"),
    ],
)
def test_bad_refs(ref: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        find_article(CORPUS, ref)


def test_all_digit_ref_that_is_no_seq_is_tried_as_an_id_prefix() -> None:
    digits = replace(make(1), id="4231deadbeef0000")
    assert find_article([digits], "4231") is digits
    with pytest.raises(UsageError, match="no article 9999: the input has 1 article and no id"):
        find_article([digits], "9999")


def test_several_languages() -> None:
    assert len(list(ArticleFilter(languages=("en", "es")).apply(CORPUS))) == 21
    assert list(ArticleFilter(languages=("fr",)).apply(CORPUS)) == []


@pytest.mark.parametrize(("text", "codes"), [("fr", ("fr",)), ("en,es", ("en", "es")), (" EN , pt", ("en", "pt"))])
def test_parse_languages(text: str, codes: tuple[str, ...]) -> None:
    assert parse_languages(text) == codes


@pytest.mark.parametrize("text", ["english", "e", "en,", "en es", "1"])
def test_parse_languages_refuses_what_is_not_a_code(text: str) -> None:
    with pytest.raises(UsageError, match="^lang: .* is not a language code"):
        parse_languages(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01.04.2019", date(2019, 4, 1)),  # dotted: day first
        ("1.4.19", date(2019, 4, 1)),
        ("13.04.2019", date(2019, 4, 13)),
        ("4/1/19", date(2019, 4, 1)),  # slashed: month first, as the dumps
        ("04/01/2019", date(2019, 4, 1)),
        ("13-04-2019", date(2019, 4, 13)),  # dashed, but only one way round
        ("04-04-2019", date(2019, 4, 4)),
        ("2019-04-01", date(2019, 4, 1)),
    ],
)
def test_parse_day_conventions(text: str, day: date) -> None:
    assert parse_day(text, "--since") == day


def test_a_dashed_day_and_month_both_12_or_less_is_ambiguous() -> None:
    with pytest.raises(UsageError, match=r"--since: '01-04-2019' is ambiguous"):
        parse_day("01-04-2019", "--since")


def test_a_reversed_range_is_an_error() -> None:
    with pytest.raises(UsageError, match=r"^since 2019-04-10 is after until 2019-04-01: no article can match"):
        ArticleFilter(since=date(2019, 4, 10), until=date(2019, 4, 1))
    assert ArticleFilter(since=date(2019, 4, 1), until=date(2019, 4, 1)).since == date(2019, 4, 1)
