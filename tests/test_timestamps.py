"""The reader's timestamps: ``M/D/YY h:mmam`` (US month first, two-digit year, 12-hour clock)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parse_helpers import FIXTURES, fixture_input, read

from isocorpus.timestamps import TimestampError, find_timestamp, parse_timestamp, to_datetime


@pytest.mark.parametrize(
    "text, moment",
    [
        ("4/18/19 11:00pm", datetime(2019, 4, 18, 23, 0)),
        ("3/14/19 12:05am", datetime(2019, 3, 14, 0, 5)),
        ("3/14/19 12:40pm", datetime(2019, 3, 14, 12, 40)),
        ("12/31/19 12:00am", datetime(2019, 12, 31, 0, 0)),
        ("12/31/19 12:00pm", datetime(2019, 12, 31, 12, 0)),
        ("12/31/19 11:59pm", datetime(2019, 12, 31, 23, 59)),
        ("1/2/20 1:07am", datetime(2020, 1, 2, 1, 7)),
        ("10/20/19 11:10pm", datetime(2019, 10, 20, 23, 10)),
        ("4/19/19 7:56am", datetime(2019, 4, 19, 7, 56)),
        ("2/29/20 6:00pm", datetime(2020, 2, 29, 18, 0)),
        ("4/18/19 11:00PM", datetime(2019, 4, 18, 23, 0)),
        ("  4/18/19 11:00pm  ", datetime(2019, 4, 18, 23, 0)),
    ],
)
def test_parse_timestamp(text: str, moment: datetime) -> None:
    assert parse_timestamp(text) == moment


def test_month_comes_first() -> None:
    assert parse_timestamp("3/4/19 9:00am") == datetime(2019, 3, 4, 9, 0)


@pytest.mark.parametrize("yy, year", [("19", 2019), ("00", 2000), ("68", 2068), ("69", 1969), ("99", 1999)])
def test_two_digit_years(yy: str, year: int) -> None:
    assert parse_timestamp(f"1/1/{yy} 1:00am").year == year


@pytest.mark.parametrize(
    "text",
    [
        "13/45/19 9:99pm",
        "2/30/19 10:00am",
        "2/29/19 10:00am",
        "0/1/19 1:00am",
        "1/0/19 1:00am",
        "1/1/19 0:30am",
        "1/1/19 13:00pm",
        "1/1/19 9:60am",
    ],
)
def test_impossible_moments_raise_timestamp_error(text: str) -> None:
    with pytest.raises(TimestampError) as info:
        parse_timestamp(text)
    assert text in str(info.value)


@pytest.mark.parametrize("text", ["", "yesterday", "4/18/19", "11:00pm", "4-18-19 11:00pm", "4/18/19 11:00"])
def test_unreadable_timestamps_raise_timestamp_error(text: str) -> None:
    with pytest.raises(TimestampError):
        parse_timestamp(text)


def test_find_timestamp_in_a_footer() -> None:
    match = find_timestamp("As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.")
    assert match is not None
    assert to_datetime(match) == datetime(2019, 10, 20, 23, 10)


@given(st.datetimes(min_value=datetime(1969, 1, 1), max_value=datetime(2068, 12, 31, 23, 59)))
def test_any_minute_round_trips(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    hour = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    text = f"{moment.month}/{moment.day}/{moment.year % 100:02d} {hour}:{moment.minute:02d}{half}"
    assert parse_timestamp(text) == moment


def test_timestamps_fixture_published_values() -> None:
    """The fixture's hand-written values, read back through the whole parser."""
    expected = json.loads((FIXTURES / "timestamps.expected.json").read_text(encoding="utf-8"))
    articles, _ = read(fixture_input("timestamps"))
    assert [a.as_dict()["published"] for a in articles] == [e["published"] for e in expected]
