"""Dispersion plots: one barcode row per article (where each hit falls), on a terminal and as SVG."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from ..analysis.dispersion import ArticleHits, PatternDispersion
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console

FONT = "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
LABEL_WIDTH = 28


def barcode(hits: Sequence[int], tokens: int, width: int) -> str:
    """A row of ``width`` cells, ``│`` where a hit falls (``┃`` for two or more in one cell)."""
    cells = [0] * width
    for at in hits:
        cells[min(width - 1, at * width // max(tokens, 1))] += 1
    return "".join("·" if c == 0 else ("│" if c == 1 else "┃") for c in cells)


def render_plot(
    patterns: Sequence[str],
    rows: Sequence[ArticleHits],
    totals: Sequence[PatternDispersion],
    console: Console | None = None,
) -> None:
    """Draw each pattern's barcode rows (one per article) and its totals on a terminal."""
    from rich.text import Text

    from .console import make_console

    console = console or make_console()
    width = max(10, console.width - LABEL_WIDTH - 14)
    for i, (pattern, total) in enumerate(zip(patterns, totals, strict=True)):
        head = Text(visible(pattern), style="bold")
        head.append(
            f"  {total.freq:,} hits, range {total.range}/{total.articles},"
            f" DP {_f(total.dp)}, DPnorm {_f(total.dp_norm)}",
            style="dim",
        )
        console.print(head)
        for row in rows:
            label = visible(f"{row.seq:>3} {row.label}")
            label = label[: LABEL_WIDTH - 1] + "…" if len(label) > LABEL_WIDTH else label.ljust(LABEL_WIDTH)
            line = Text(label + " ")
            line.append(barcode(row.hits[i], row.tokens, width), style="cyan" if row.hits[i] else "dim")
            line.append(f" {len(row.hits[i]):>4}")
            console.print(line, no_wrap=True, overflow="crop")
        console.print()


def _f(value: float) -> str:
    return "—" if value != value else f"{value:.3f}"


def render_plot_svg(patterns: Sequence[str], rows: Sequence[ArticleHits], totals: Sequence[PatternDispersion]) -> str:
    """The plot as a standalone SVG: a section per pattern, a barcode row per article."""
    row_h, gap, left, bar_w = 16, 8, 260, 600
    width = left + bar_w + 80
    y = 40
    body = []
    for i, (pattern, total) in enumerate(zip(patterns, totals, strict=True)):
        body.append(
            f'<text x="16" y="{y}" font-weight="bold">{escape(pattern)}'
            f'<tspan fill="#555" font-weight="normal">  {total.freq:,} hits, range {total.range}/{total.articles}, '
            f"DP {_f(total.dp)}, DPnorm {_f(total.dp_norm)}</tspan></text>"
        )
        y += gap + 6
        body.append(f'<g class="pattern" data-pattern={quoteattr(pattern)}>')
        for row in rows:
            label = row.label if len(row.label) <= 38 else row.label[:37] + "…"
            body.append(f'<text x="16" y="{y + 12}" fill="#333">{escape(f"{row.seq} {label}")}</text>')
            body.append(
                f'<rect x="{left}" y="{y}" width="{bar_w}" height="{row_h - 2}" fill="#f4f6f9" stroke="#c8d0da"/>'
            )
            for at in row.hits[i]:
                x = left + bar_w * (at + 0.5) / max(row.tokens, 1)
                body.append(
                    f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + row_h - 2}" '
                    'stroke="#2f5d95" stroke-width="1.5"/>'
                )
            body.append(f'<text x="{left + bar_w + 8}" y="{y + 12}" fill="#333">{len(row.hits[i])}</text>')
            y += row_h
        body.append("</g>")
        y += gap * 3
    height = y + 10
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family={quoteattr(FONT)} font-size="12">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<text x="16" y="20" font-size="14" font-weight="bold">Dispersion plot (one row per article: where each hit '
        "falls in it)</text>",
    ]
    return "\n".join(head + body + ["</svg>"]) + "\n"
