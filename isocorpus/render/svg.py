"""A ``Timeline`` as a standalone SVG chart, written with the standard library.

Vertical bars, one group per period and one bar per series (each term, or the articles when
no term is given), on one shared y scale with gridlines; the x axis names the periods, the
y axis says what is measured, a legend names the series in the colours of the terminal chart.
Each series is one ``<g class="series" data-series="…">``, and each bar carries a ``<title>``
(a browser shows it as a tooltip). Every string is XML-escaped; nothing but the standard
library is used (``xml.sax.saxutils``), so the file opens in any browser with no script.

``render_svg`` returns the text; the CLI writes it (to a file: through ``export.atomic``, the one
atomic writer).
"""

from __future__ import annotations

import math
import os
from xml.sax.saxutils import escape, quoteattr

from ..errors import UsageError
from ..timeline import Timeline
from .timeline import PERIOD_NOUN, colour, format_value, measure, series_names, series_values

FONT = "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
PLOT_HEIGHT = 320
MIN_PLOT_WIDTH = 640
TARGET_PLOT_WIDTH = 880
MAX_PLOT_WIDTH = 1600
MARGIN_LEFT = 72
MARGIN_RIGHT = 24
CHAR_W = 6.6  # the mean width of an 11px character, for laying out labels


def _attr(value: str) -> str:
    return quoteattr(value)


def _text(value: str) -> str:
    return escape(value)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice_ticks(top: float, integer: bool, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least ``top``: steps of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if integer:
        step = max(1.0, math.ceil(step))
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def render_svg(timeline: Timeline) -> str:
    """The chart as the text of a standalone SVG document."""
    names = series_names(timeline)
    rows = [(b, series_values(timeline, b)) for b in timeline.buckets]
    per = timeline.per if timeline.terms else None
    n, k = max(len(rows), 1), len(names)

    # horizontal layout: one group of k bars per period; when bars would be thinner than 2px
    # (hundreds of periods), each series becomes a line through the middle of its periods
    plot_w = min(max(MIN_PLOT_WIDTH, n * (k * 14 + 8)), TARGET_PLOT_WIDTH)
    if n > 60:
        plot_w = min(max(TARGET_PLOT_WIDTH, n * 6), MAX_PLOT_WIDTH)
    group_w = plot_w / n
    bar_w = group_w * 0.8 / k
    lines = bar_w < 2
    pad = (group_w - bar_w * k) / 2

    # x labels: rotated when they do not fit side by side, thinned when they crowd
    label_len = max((len(b.label) for b, _ in rows), default=4)
    rotate = label_len * CHAR_W > group_w - 4
    every = 1 if not rotate else max(1, math.ceil(18 / group_w))
    label_h = label_len * CHAR_W * 0.72 + 12 if rotate else 18

    # vertical layout: title, legend rows, plot, x labels, x title
    width = MARGIN_LEFT + plot_w + MARGIN_RIGHT
    has_empty = any(b.articles == 0 for b, _ in rows)
    legend_rows = _legend_layout([*names, *(["no articles"] if has_empty else [])], width - MARGIN_LEFT - MARGIN_RIGHT)
    top_y = 56 + 20 * len(legend_rows) + 8
    height = int(top_y + PLOT_HEIGHT + label_h + 36)
    base_y = top_y + PLOT_HEIGHT

    peak = max((v for _, values in rows for v in values), default=0.0)
    ticks = nice_ticks(peak, integer=per is None)
    y_max = ticks[-1]

    def y(value: float) -> float:
        return base_y - value / y_max * PLOT_HEIGHT

    out: list[str] = []
    add = out.append
    add('<?xml version="1.0" encoding="UTF-8"?>')
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
        f'viewBox="0 0 {width:.0f} {height}" font-family={_attr(FONT)} font-size="11">'
    )
    title = _title(timeline, names)
    add(f"<title>{_text(title)}</title>")
    add('<rect width="100%" height="100%" fill="#ffffff"/>')
    add(f'<text x="{MARGIN_LEFT}" y="24" font-size="16" font-weight="600" fill="#222">{_text(title)}</text>')
    add(f'<text x="{MARGIN_LEFT}" y="42" font-size="12" fill="#666">{_text(_subtitle(timeline))}</text>')

    # legend
    add('<g class="legend">')
    for row_index, row in enumerate(legend_rows):
        ly = 56 + 20 * row_index + 6
        for i, x in row:
            fill, name = (colour(i), names[i]) if i < len(names) else ("#f0f0f0", "no articles")
            stroke = ' stroke="#ccc"' if i >= len(names) else ""
            add(f'<rect x="{MARGIN_LEFT + x:.1f}" y="{ly - 10}" width="12" height="12" rx="2" fill="{fill}"{stroke}/>')
            add(f'<text x="{MARGIN_LEFT + x + 17:.1f}" y="{ly}" font-size="12" fill="#222">{_text(name)}</text>')
    add("</g>")

    # periods with no article at all: a grey band, so a gap differs from a period with no hit
    empty = [j for j, (b, _) in enumerate(rows) if b.articles == 0]
    if empty:
        add('<g class="empty-periods" fill="#f0f0f0">')
        for j in empty:
            b = rows[j][0]
            add(
                f'<rect x="{MARGIN_LEFT + group_w * j:.2f}" y="{top_y}" width="{group_w:.2f}" height="{PLOT_HEIGHT}">'
                f"<title>{_text(b.label)}: no articles</title></rect>"
            )
        add("</g>")

    # y axis: gridlines, ticks, title
    add('<g class="y-axis">')
    for tick in ticks:
        ty = y(tick)
        add(
            f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w:.1f}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{"#999" if tick == 0 else "#e3e3e3"}" stroke-width="1"/>'
        )
        add(f'<text x="{MARGIN_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#444">{_text(_num(tick))}</text>')
    mid = top_y + PLOT_HEIGHT / 2
    add(
        f'<text x="18" y="{mid:.1f}" text-anchor="middle" transform="rotate(-90 18 {mid:.1f})" '
        f'font-size="12" fill="#444">{_text(measure(timeline))}</text>'
    )
    add("</g>")

    # x axis: period labels, title
    add('<g class="x-axis">')
    for j, (b, _) in enumerate(rows):
        if j % every:
            continue
        cx = MARGIN_LEFT + group_w * (j + 0.5)
        if rotate:
            add(
                f'<text x="{cx + 3:.1f}" y="{base_y + 10:.1f}" text-anchor="end" fill="#444" '
                f'transform="rotate(-45 {cx + 3:.1f} {base_y + 10:.1f})">{_text(b.label)}</text>'
            )
        else:
            add(f'<text x="{cx:.1f}" y="{base_y + 15:.1f}" text-anchor="middle" fill="#444">{_text(b.label)}</text>')
    noun = PERIOD_NOUN[timeline.period]
    add(
        f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle" font-size="12" '
        f'fill="#444">{_text(noun)}</text>'
    )
    add("</g>")

    # the series
    for i, name in enumerate(names):
        if lines:
            points = " ".join(
                f"{MARGIN_LEFT + group_w * (j + 0.5):.2f},{y(values[i]):.2f}" for j, (_, values) in enumerate(rows)
            )
            add(f'<g class="series" data-series={_attr(name)}>')
            add(f"<title>{_text(name)}</title>")
            add(
                f'<polyline points="{points}" fill="none" stroke="{colour(i)}" stroke-width="1.5" '
                'stroke-linejoin="round"/>'
            )
            add("</g>")
            continue
        add(f'<g class="series" data-series={_attr(name)} fill="{colour(i)}">')
        for j, (b, values) in enumerate(rows):
            value = values[i]
            if value <= 0:
                continue
            x = MARGIN_LEFT + group_w * j + pad + bar_w * i
            top = y(value)
            tip = f"{b.label} · {name}: {_number_text(value, per)}"
            if timeline.terms:
                tip += f" ({b.articles} articles, {b.words:,} words)"
            add(
                f'<rect x="{x:.2f}" y="{top:.2f}" width="{bar_w:.2f}" height="{base_y - top:.2f}">'
                f"<title>{_text(tip)}</title></rect>"
            )
        add("</g>")
    add("</svg>")
    return "\n".join(out) + "\n"


def _number_text(value: float, per: int | None) -> str:
    return format_value(value, per) if per else f"{int(value):,}"


def _legend_layout(names: list[str], width: float) -> list[list[tuple[int, float]]]:
    """Legend entries (series index, x offset), flowed into rows that fit ``width``."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for i, name in enumerate(names):
        entry = 17 + len(name) * 7.2 + 20
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 0.0
        rows[-1].append((i, x))
        x += entry
    return rows


def _title(timeline: Timeline, names: tuple[str, ...]) -> str:
    what = measure(timeline)
    if not timeline.terms:
        return what[0].upper() + what[1:]
    return f"{what[0].upper() + what[1:]}: " + ", ".join(names)


def _subtitle(timeline: Timeline) -> str:
    if not timeline.buckets:
        return "no dated articles"
    first, last = timeline.buckets[0], timeline.buckets[-1]
    span = first.label if first is last else f"{first.label} to {last.label}"
    words = sum(b.words for b in timeline.buckets)
    text = f"{timeline.articles:,} articles, {words:,} words, {span}"
    if timeline.undated.articles:
        text += f" ({timeline.undated.articles:,} undated, not shown)"
    return text


#: Endings of image files that are not SVG: an SVG written under one would not open.
NOT_SVG = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".pdf", ".eps"})


def check_svg_name(path: str) -> None:
    """``UsageError`` when ``path`` names another kind of image (``chart.png``): SVG is all this writes."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in NOT_SVG:
        raise UsageError(
            f"{{svg}} {path}: writes SVG, not {suffix[1:].upper()}: name it .svg (and convert it, e.g. "
            f"rsvg-convert -o chart{suffix} chart.svg)",
            option="svg",
        )
