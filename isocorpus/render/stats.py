"""``stats`` output: a rich panel on a terminal, or plain ``key: value`` text for a pipe."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..stats import Stats
from .safe import visible

if TYPE_CHECKING:
    from rich.console import Console

_TOTALS = ("articles", "distinct", "words", "first", "last", "pages", "warnings")
_TALLIES = ("languages", "feeds", "next_feeds", "authors")


def _value(value: Any) -> str:
    return "—" if value is None else str(value)


def format_stats_text(stats: Stats) -> str:
    """Plain text: ``articles: 21`` lines, then each tally as an indented ``name: n`` list."""
    data = stats.as_dict()
    out = [f"{key}: {_value(data[key])}" for key in _TOTALS]
    for key in _TALLIES:
        out.append(f"{key}:")
        out.extend(f"  {visible(name)}: {n}" for name, n in data[key].items())
    return "\n".join(out) + "\n"


def render_stats(stats: Stats, title: str = "isocorpus stats", console: Console | None = None) -> None:
    """Draw the totals and tallies in a panel fitted to the console."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from .console import make_console

    console = console or make_console()
    totals = Table.grid(padding=(0, 2))
    totals.add_column(style="bold")
    totals.add_column(justify="right")
    totals.add_row("articles", f"{stats.articles:,}")
    if stats.distinct != stats.articles:
        totals.add_row("distinct", f"{stats.distinct:,}")
    totals.add_row("words", f"{stats.words:,}")
    span = "—"
    if stats.first and stats.last:
        span = stats.first.isoformat() if stats.first == stats.last else f"{stats.first} → {stats.last}"
    totals.add_row("dates", span)
    totals.add_row("pages", f"{stats.pages:,}")
    totals.add_row("warnings", Text(f"{stats.warnings:,}", style="yellow" if stats.warnings else ""))

    def tally(name: str, counts: dict[str, int]) -> Table:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        table.add_column(name, overflow="fold")
        table.add_column("articles", justify="right")
        for key, n in counts.items():
            table.add_row(Text(visible(key)), f"{n:,}")
        return table

    side = Table.grid(padding=(0, 4))
    feeds = [tally("feed", stats.feeds)] if stats.feeds else []  # only a user names a dump's feed
    side.add_row(tally("language", stats.languages), *feeds, tally("next feed (page footer)", stats.next_feeds))
    parts: list[Any] = [totals, Text(), side, Text(), tally("author", stats.authors)]
    console.print(Panel(Group(*parts), title=title, title_align="left", expand=False))
