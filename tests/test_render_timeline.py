"""The timeline as text: the terminal chart, the plain table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime

import pytest
from rich.console import Console

from isocorpus.model import Article, Block, BlockKind
from isocorpus.render.timeline import bar, render_chart, write_csv, write_json, write_tsv
from isocorpus.search import compile_query
from isocorpus.timeline import Period, Timeline, build_timeline


def _article(day: date, text: str, seq: int) -> Article:
    return Article(
        id=f"id{seq}",
        seq=seq,
        source="test",
        line=seq,
        page=1,
        published=datetime(day.year, day.month, day.day),
        byline="A Writer",
        authors=("A Writer",),
        language="en",
        blocks=(Block(BlockKind.LEDE, text, seq + 3),),
        word_count=len(text.split()),
        signatories=(),
        footer=None,
        warnings=(),
    )


@pytest.fixture
def timeline() -> Timeline:
    articles = [
        _article(date(2019, 3, 1), "war war war war peace", 1),
        _article(date(2019, 3, 4), "war peace peace", 2),
    ]
    return build_timeline(articles, Period.DAY, [compile_query("war"), compile_query("peace")])


def _chart(timeline: Timeline, width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, markup=False, highlight=False, emoji=False)
    render_chart(timeline, console)
    return out.getvalue().splitlines()


def test_bar_uses_eighths_and_never_hides_a_hit() -> None:
    assert bar(0, 10, 20) == ""
    assert bar(10, 10, 20) == "█" * 20
    assert bar(5, 10, 20) == "█" * 10
    assert bar(1, 16, 2) == "▏"  # one eighth of a cell
    assert bar(1, 10_000, 20) == "▏"  # too small to see, shown as a sliver anyway


@pytest.mark.parametrize("width", [40, 80, 200])
def test_chart_has_one_row_per_period_and_fits_the_width(timeline: Timeline, width: int) -> None:
    lines = _chart(timeline, width)
    assert lines[0].split()[:2] == ["period", "articles"]
    rows = [line for line in lines if line[:10] in ("2019-03-01", "2019-03-02", "2019-03-03", "2019-03-04")]
    assert [r[:10] for r in rows] == ["2019-03-01", "2019-03-02", "2019-03-03", "2019-03-04"]
    assert all(len(line) <= width for line in lines)
    assert any(line.startswith("total") for line in lines)
    # the legend names every term
    assert any("█ war" in line and "█ peace" in line for line in lines)


def _bars(line: str) -> list[float]:
    """The length of each bar on a line, in cells (eighths counted)."""
    return [run.count("█") + (" ▏▎▍▌▋▊▉".index(run[-1]) / 8 if run[-1] != "█" else 0) for run in _BAR.findall(line)]


_BAR = re.compile("█*[▏▎▍▌▋▊▉]|█+")


def test_chart_bars_are_scaled_to_the_width(timeline: Timeline) -> None:
    # 2019-03-01: war 4 (the longest bar), peace 1; 2019-03-04: war 1, peace 2
    narrow, wide = _chart(timeline, 80), _chart(timeline, 200)
    longest_narrow, longest_wide = _bars(narrow[1])[0], _bars(wide[1])[0]
    assert 10 < longest_narrow < longest_wide
    assert longest_wide > 60
    for lines, top in ((narrow, longest_narrow), (wide, longest_wide)):
        assert _bars(lines[1]) == pytest.approx([top, top / 4], abs=1 / 8)
        assert _bars(lines[4]) == pytest.approx([top / 4, top / 2], abs=1 / 8)


def test_chart_marks_empty_periods(timeline: Timeline) -> None:
    row = next(line for line in _chart(timeline, 80) if line.startswith("2019-03-02"))
    assert "█" not in row and "·" in row


def test_chart_without_terms_draws_articles() -> None:
    articles = [_article(date(2019, 3, 1), "a b", 1), _article(date(2019, 3, 1), "c", 2)]
    lines = _chart(build_timeline(articles, Period.MONTH), 80)
    assert lines[0].split() == ["period", "articles", "words"]  # the order the TSV has, with or without terms
    assert "█" in lines[1] and lines[1].startswith("2019-03")
    assert any("articles per month" in line for line in lines)


def test_chart_of_nothing_says_so() -> None:
    assert _chart(build_timeline([], Period.DAY), 80) == ["no dated articles: the timeline is empty"]


def test_chart_shows_control_characters_in_terms_as_escapes() -> None:
    timeline = build_timeline([_article(date(2019, 3, 1), "a", 1)], Period.DAY, [compile_query("a\x1b]0;x\x07")])
    text = "\n".join(_chart(timeline, 120))
    assert "\x1b" not in text and "\\x1b" in text


def test_tsv_has_a_header_and_one_line_per_period(timeline: Timeline) -> None:
    out = io.StringIO()
    write_tsv(timeline, out)
    assert out.getvalue().splitlines() == [
        "period\tarticles\twords\twar\tpeace",
        "2019-03-01\t1\t5\t4\t1",
        "2019-03-02\t0\t0\t0\t0",
        "2019-03-03\t0\t0\t0\t0",
        "2019-03-04\t1\t3\t1\t2",
    ]


def test_tsv_per_thousand_words_has_three_decimals(timeline: Timeline) -> None:
    rated = build_timeline(
        [_article(date(2019, 3, 1), "war and peace", 1)], Period.DAY, [compile_query("war")], per=1000
    )
    out = io.StringIO()
    write_tsv(rated, out)
    assert out.getvalue().splitlines()[1] == "2019-03-01\t1\t3\t333.333"


def test_json_is_a_list_of_periods(timeline: Timeline) -> None:
    out = io.StringIO()
    write_json(timeline, out)
    data = json.loads(out.getvalue())
    assert data[0] == {
        "period": "2019-03-01",
        "start": "2019-03-01",
        "end": "2019-03-01",
        "articles": 1,
        "words": 5,
        "hits": {"war": 4, "peace": 1},
    }
    assert [d["period"] for d in data] == ["2019-03-01", "2019-03-02", "2019-03-03", "2019-03-04"]


def test_csv_has_start_and_end(timeline: Timeline) -> None:
    out = io.StringIO()
    write_csv(timeline, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["period", "start", "end", "articles", "words", "war", "peace"]
    assert rows[4] == ["2019-03-04", "2019-03-04", "2019-03-04", "1", "3", "1", "2"]
    assert len(rows) == 5


def test_plain_outputs_keep_a_term_with_a_tab_or_comma_in_one_cell() -> None:
    timeline = build_timeline([_article(date(2019, 3, 1), "a", 1)], Period.DAY, [compile_query("a\t,b")])
    out = io.StringIO()
    write_tsv(timeline, out)
    assert out.getvalue().splitlines()[0].split("\t") == ["period", "articles", "words", "a ,b"]
    out = io.StringIO()
    write_csv(timeline, out)
    assert next(csv.reader(io.StringIO(out.getvalue())))[-1] == "a\t,b"
