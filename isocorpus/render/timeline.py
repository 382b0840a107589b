"""A ``Timeline`` as text: a bar chart on a terminal; a plain table, JSON or CSV anywhere.

The chart has one row per period and one column of bars per series (each ``--term``, or the
articles when no term is given). Every series shares one scale, so bars compare across terms;
each series has its colour (the same as in the SVG), and a legend under the chart names them.
Bars use eighth-blocks, so a value is drawn to an eighth of a character; a value that is not
zero always shows at least a sliver. Colour is an aid, never the only cue: the columns say
which term a bar belongs to, so the chart reads the same with ``NO_COLOR``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ..timeline import Bucket, Period, Timeline
from .console import is_terminal, make_console
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: One colour per series, in order (Okabe and Ito's palette, told apart with colour blindness).
PALETTE = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#0072B2", "#F0E442")

#: What one period is called in a sentence ("hits per week").
PERIOD_NOUN = {Period.DAY: "day", Period.WEEK: "ISO week", Period.MONTH: "month", Period.YEAR: "year"}

_SURROGATE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def colour(index: int) -> str:
    """The colour of series ``index``."""
    return PALETTE[index % len(PALETTE)]


def term_name(term: str) -> str:
    """A term made safe to print: controls and unencodable characters as visible escapes."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", visible(term))


def series_names(timeline: Timeline) -> tuple[str, ...]:
    """The chart's series: each term, or ``articles`` when there is none."""
    return tuple(term_name(t) for t in timeline.terms) if timeline.terms else ("articles",)


def series_values(timeline: Timeline, bucket: Bucket) -> tuple[float, ...]:
    """The height of each series' bar in one period."""
    if timeline.terms:
        return tuple(float(v) for v in timeline.values(bucket))
    return (float(bucket.articles),)


def measure(timeline: Timeline) -> str:
    """What the bars measure, in words: ``hits per week``, ``hits per 1000 words``, ``articles per day``."""
    noun = PERIOD_NOUN[timeline.period]
    if not timeline.terms:
        return f"articles per {noun}"
    if timeline.per:
        return f"hits per {timeline.per:g} words, per {noun}"
    return f"hits per {noun}"


def format_value(value: float | int, per: int | None) -> str:
    """A value as the plain outputs print it: an integer, or a rate with three decimals."""
    if per:
        return f"{value:.3f}"
    return str(int(value))


# --- plain outputs -----------------------------------------------------------------------------


def undated_note(timeline: Timeline) -> str | None:
    """What to say about the articles with no date (counted apart, in no period); None if there are none."""
    undated = timeline.undated
    if not undated.articles:
        return None
    one = undated.articles == 1
    what = "1 article has" if one else f"{undated.articles:,} articles have"
    pairs = zip(timeline.terms, undated.hits, strict=True)
    hits = "".join(f"; {term_name(t)!r}: {n:,} {'hit' if n == 1 else 'hits'}" for t, n in pairs)
    return f"{what} no date: counted apart, in no period ({undated.words:,} words{hits})"


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def write_tsv(timeline: Timeline, out: TextIO) -> None:
    """``period<TAB>articles<TAB>words<TAB>term…``: a header, then exactly one line per period."""
    out.write("\t".join(["period", "articles", "words", *(_cell(term_name(t)) for t in timeline.terms)]) + "\n")
    for b in timeline.buckets:
        values = (format_value(v, timeline.per) for v in timeline.values(b))
        out.write("\t".join([b.label, str(b.articles), str(b.words), *values]) + "\n")


def write_csv(timeline: Timeline, out: TextIO) -> None:
    """``period,start,end,articles,words,term…`` (RFC 4180 quoting), one row per period."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "start", "end", "articles", "words", *(term_name(t) for t in timeline.terms)])
    for b in timeline.buckets:
        values = [format_value(v, timeline.per) for v in timeline.values(b)]
        writer.writerow([b.label, b.start.isoformat(), b.end.isoformat(), b.articles, b.words, *values])


def write_json(timeline: Timeline, out: TextIO) -> None:
    """A JSON list of ``{"period", "start", "end", "articles", "words", "hits": {term: n}}``."""
    records = timeline.as_dicts()
    names = [term_name(t) for t in timeline.terms]
    for record in records:
        hits = record["hits"].values()
        record["hits"] = {name: round(v, 3) if timeline.per else v for name, v in zip(names, hits, strict=True)}
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")


# --- the terminal chart ------------------------------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"
_GAP = 2


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of ``value`` on a scale where ``top`` fills ``width`` cells."""
    if value <= 0 or top <= 0 or width <= 0:
        return ""
    eighths = round(value / top * width * 8)
    eighths = max(1, min(eighths, width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def _number(value: float, per: int | None) -> str:
    return f"{value:,.2f}" if per else f"{int(value):,}"


def render_chart(timeline: Timeline, console: Console | None = None) -> None:
    """Draw the timeline as horizontal bars, one row per period, scaled to the console's width.

    Columns, in the order the TSV, CSV and JSON give them: the period, its articles and words
    (words only when there is room), then for each term its value and its bar; with no term, the
    articles' bar. An empty period shows ``·`` and no bar, so gaps stand out.
    """
    from rich.text import Text

    console = console or make_console()
    names = series_names(timeline)
    per = timeline.per if timeline.terms else None
    rows = [(b, series_values(timeline, b)) for b in timeline.buckets]
    if not rows:
        console.print(Text("no dated articles: the timeline is empty", style="dim"))
        return

    word_total = sum(b.words for b, _ in rows)
    if per:  # the rate over the whole span, not a sum of rates
        totals = [sum(b.hits[i] for b, _ in rows) * per / word_total if word_total else 0.0 for i in range(len(names))]
    else:
        totals = [sum(values[i] for _, values in rows) for i in range(len(names))]
    top = max((v for _, values in rows for v in values), default=0.0)

    label_w = max(len("period"), len("total"), *(len(b.label) for b, _ in rows))
    bare = not timeline.terms  # the bars are the articles column's: no value of their own
    art_w = max(len("articles"), len(f"{timeline.articles:,}"))
    words_w = max(len("words"), len(f"{word_total:,}"))
    value_w = 0 if bare else max(len(_number(v, per)) for v in [*totals, top])
    sep = 0 if bare else 1  # between a value and its bar

    width = console.width
    fixed = label_w + _GAP + art_w
    # words are shown when each series still gets a bar of 12 cells or more
    show_words = width - fixed - _GAP - words_w >= len(names) * (_GAP + value_w + sep + 12)
    if show_words:
        fixed += _GAP + words_w
    column_w = max(value_w + sep + 4, (width - fixed) // len(names) - _GAP)
    bar_w = column_w - value_w - sep

    def cell(text: str, w: int, right: bool = False) -> str:
        text = text if len(text) <= w else text[: max(w - 1, 0)] + "…"
        return text.rjust(w) if right else text.ljust(w)

    def row(label: str, articles: str, words: str, style: str = "") -> Text:
        line = Text(style=style)
        line.append(cell(label, label_w))
        line.append(" " * _GAP + cell(articles, art_w, right=True))
        if show_words:
            line.append(" " * _GAP + cell(words, words_w, right=True))
        return line

    line = row("period", "articles", "words", style="bold")
    for i, name in enumerate(names):
        line.append(" " * _GAP)
        line.append(cell("" if bare else name, column_w), style=colour(i))
    console.print(line, no_wrap=True, overflow="crop")

    for b, values in rows:
        if b.articles == 0:
            line = row(b.label, "·", "·", style="dim")
            for _ in values:
                line.append(" " * _GAP + ("·".rjust(value_w) + " " * (bar_w + 1) if not bare else " " * bar_w))
        else:
            line = row(b.label, f"{b.articles:,}", f"{b.words:,}")
            for i, value in enumerate(values):
                line.append(" " * _GAP)
                if not bare:
                    line.append(_number(value, per).rjust(value_w), style="dim" if value == 0 else "")
                    line.append(" ")
                line.append(bar(value, top, bar_w).ljust(bar_w), style=colour(i))
        console.print(line, no_wrap=True, overflow="crop")

    console.print(Text("─" * min(width, fixed + len(names) * (_GAP + column_w)), style="dim"), overflow="crop")
    line = row("total", f"{timeline.articles:,}", f"{word_total:,}", style="bold")
    for total in totals:
        line.append(" " * _GAP + ("" if bare else _number(total, per).rjust(value_w) + " ") + " " * bar_w)
    console.print(line, no_wrap=True, overflow="crop")
    console.print()
    console.print(legend(timeline, names, len(rows), top))


def legend(timeline: Timeline, names: Sequence[str], periods: int, top: float) -> Text:
    """``█ term   █ term``, then what the bars measure and their scale, on its own line."""
    from rich.text import Text

    text = Text()
    for i, name in enumerate(names):
        if i:
            text.append("   ")
        text.append("█ ", style=colour(i))
        text.append(name)
    noun = PERIOD_NOUN[timeline.period]
    plural = noun if periods == 1 else f"{noun}s"
    longest = _number(top, timeline.per if timeline.terms else None)
    text.append(f"\n{measure(timeline)} · {periods:,} {plural} · one scale, longest bar {longest}", style="dim")
    return text


def render_timeline(timeline: Timeline, out: TextIO | None = None) -> None:
    """The default output: the chart on a terminal, the plain table when piped."""
    out = out or sys.stdout
    if is_terminal(out):
        render_chart(timeline)
    else:
        write_tsv(timeline, out)
