"""A collocation graph as a standalone SVG (GraphColl-style), written with the standard library.

The node sits in the middle; each collocate is a labelled circle at a distance that shrinks
as its score grows (the strongest closest), on the left half when it is found more often left
of the node and on the right half otherwise; each edge's width grows with the co-occurrence
frequency. Every label is XML-escaped; each collocate carries a ``<title>`` (a tooltip).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from ..analysis.collocates import Collocates

FONT = "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
WIDTH = 900
HEIGHT = 640
#: Collocates drawn when there are more.
MAX_NODES = 30


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_collocation_graph(result: Collocates, limit: int = MAX_NODES) -> str:
    """The SVG text of the graph of ``result``'s first ``limit`` collocates."""
    rows = [r for r in result.rows if math.isfinite(r.score)][:limit]
    cx, cy = WIDTH / 2, HEIGHT / 2 + 14
    inner, outer = 90.0, min(WIDTH, HEIGHT) / 2 - 50
    scores = [r.score for r in rows]
    low, high = (min(scores), max(scores)) if scores else (0.0, 1.0)
    spread = (high - low) or 1.0
    most = max((r.co for r in rows), default=1)
    left = [r for r in rows if r.left > r.right]
    right = [r for r in rows if r.left <= r.right]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family={quoteattr(FONT)} font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="16" y="24" font-size="15" font-weight="bold">{escape(_title(result))}</text>',
        f'<text x="16" y="42" fill="#555">{escape(_subtitle(result))}</text>',
    ]
    placed = []
    for group, start, end in ((left, 100.0, 260.0), (right, -80.0, 80.0)):
        count = len(group)
        for i, row in enumerate(group):
            angle = math.radians(start + (end - start) * (i + 0.5) / count) if count else 0.0
            distance = inner + (outer - inner) * (high - row.score) / spread
            x = cx + distance * math.cos(angle)
            y = cy - distance * math.sin(angle)
            placed.append((row, x, y))
    edges, nodes = [], []
    for row, x, y in placed:
        width = 1.0 + 7.0 * row.co / most
        edges.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="#7a9cc6" '
            f'stroke-opacity="0.7" stroke-width="{_n(width)}"/>'
        )
        radius = 4.0 + 8.0 * row.co / most
        tip = (
            f"{row.collocate}: {result.measure.value} {row.score:.3f}, co {row.co}"
            f" (L {row.left}, R {row.right}), freq {row.freq}"
        )
        anchor = "end" if x < cx else "start"
        dx = -(radius + 4) if x < cx else radius + 4
        nodes.append(
            f'<g class="collocate" data-collocate={quoteattr(row.collocate)}><title>{escape(tip)}</title>'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="#d9e6f5" stroke="#2f5d95"/>'
            f'<text x="{_n(x + dx)}" y="{_n(y + 4)}" text-anchor="{anchor}">{escape(row.collocate)}</text></g>'
        )
    parts.append('<g class="edges">' + "".join(edges) + "</g>")
    parts.append('<g class="collocates">' + "".join(nodes) + "</g>")
    parts.append(
        f'<g class="node"><circle cx="{_n(cx)}" cy="{_n(cy)}" r="28" fill="#2f5d95"/>'
        f'<text x="{_n(cx)}" y="{_n(cy + 4)}" text-anchor="middle" fill="#ffffff" font-weight="bold">'
        f"{escape(result.node)}</text></g>"
    )
    if not placed:
        parts.append(f'<text x="{_n(cx)}" y="{_n(cy + 60)}" text-anchor="middle" fill="#555">no collocate</text>')
    parts.append(
        f'<text x="16" y="{HEIGHT - 12}" fill="#555">closer: higher {escape(result.measure.value)}; '
        "thicker: more co-occurrences; left half: found more often left of the node</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _title(result: Collocates) -> str:
    return f"Collocates of {result.node} ({result.measure.value})"


def _subtitle(result: Collocates) -> str:
    return (
        f"{result.node_freq:,} occurrences, {result.window:,} window positions, {result.tokens:,} tokens;"
        f" {min(len(result.rows), MAX_NODES)} of {len(result.rows)} collocates drawn"
    )
