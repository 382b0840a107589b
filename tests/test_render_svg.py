"""The timeline as an SVG file: well-formed, one series per term, escaped (written by ``export.atomic.write_text``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest

from isocorpus.model import Article, Block, BlockKind
from isocorpus.render.svg import nice_ticks, render_svg
from isocorpus.search import compile_query
from isocorpus.timeline import Period, Timeline, build_timeline

NS = {"svg": "http://www.w3.org/2000/svg"}


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


def _timeline(*patterns: str, days: int = 3) -> Timeline:
    first = date(2019, 3, 1).toordinal()
    articles = [_article(date.fromordinal(first + 2 * i), "war war peace <b>&amp;</b>", i) for i in range(days)]
    return build_timeline(articles, Period.DAY, [compile_query(p) for p in patterns])


def _series(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return root.findall(".//svg:g[@class='series']", NS)


def test_svg_parses_and_has_one_series_per_term() -> None:
    svg = render_svg(_timeline("war", "peace"))
    series = _series(svg)
    assert [g.get("data-series") for g in series] == ["war", "peace"]
    assert len(series[0].findall("svg:rect", NS)) == 3  # one bar per period with hits
    heights = [float(r.get("height", 0)) for r in series[0].findall("svg:rect", NS)]
    peace = [float(r.get("height", 0)) for r in series[1].findall("svg:rect", NS)]
    assert heights[0] == pytest.approx(2 * peace[0])  # 2 hits of war, 1 of peace, one scale


def test_svg_without_terms_draws_articles() -> None:
    series = _series(render_svg(_timeline()))
    assert [g.get("data-series") for g in series] == ["articles"]


def test_svg_has_axis_labels_and_a_legend() -> None:
    root = ET.fromstring(render_svg(_timeline("war", "peace")))
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "hits per day" in texts and "day" in texts  # the axis titles
    assert "2019-03-01" in texts and "2019-03-05" in texts  # period labels
    legend = root.find(".//svg:g[@class='legend']", NS)
    assert legend is not None
    assert ["".join(t.itertext()) for t in legend.findall("svg:text", NS)] == ["war", "peace", "no articles"]


def test_svg_escapes_terms() -> None:
    term = '<b>&amp;</b>" onload="x'
    svg = render_svg(_timeline(term, "a\x01b"))
    series = _series(svg)  # parses: the markup in the term is text
    assert series[0].get("data-series") == term
    assert series[1].get("data-series") == "a\\x01b"  # XML cannot hold a control character
    assert "<b>" not in svg


def test_svg_with_hundreds_of_periods_draws_lines() -> None:
    timeline = _timeline("war", "peace", days=200)
    series = _series(render_svg(timeline))
    assert len(series) == 2
    assert all(len(g.findall("svg:polyline", NS)) == 1 for g in series)


def test_svg_of_an_empty_timeline_is_valid() -> None:
    root = ET.fromstring(render_svg(build_timeline([], Period.WEEK, [compile_query("x")])))
    assert len(root.findall(".//svg:g[@class='series']", NS)) == 1


def test_nice_ticks() -> None:
    assert nice_ticks(7, integer=True) == [0, 2, 4, 6, 8]
    assert nice_ticks(1, integer=True) == [0, 1]
    assert nice_ticks(0.67, integer=False) == [0, 0.2, 0.4, 0.6, 0.8]
    assert nice_ticks(0, integer=True) == [0, 1]
