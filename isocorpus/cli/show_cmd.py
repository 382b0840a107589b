"""``isocorpus show REF``: one article, as a page, Markdown or JSON."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from ..pipeline import articles
from . import app
from .feedback import reading
from .params import FILES, QUIET, VERBOSE, format_option


class ShowFormat(str, Enum):
    """How ``show`` writes the article."""

    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("show")
def show_command(
    ref: str = typer.Argument(
        ...,
        metavar="REF",
        help="A seq number (as list shows it) or an id prefix of at least 4 hex digits.",
        show_default=False,
    ),
    files: list[str] = FILES,
    fmt: ShowFormat = format_option("text (a styled page on a terminal), markdown or json.", ShowFormat.text),
    insets: bool = typer.Option(False, "--insets", help="Show the insets (series promos, captions)."),
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
) -> None:
    """Show one article: date, byline, lede, headings, paragraphs, lists, notes, sign-off.

    REF is a seq number (all digits) or a unique id prefix, like git's. On a terminal the
    text format is a styled page; piped it is plain text, one paragraph a line. markdown
    puts the date and byline in italics on top (the dump has no titles); json is the full
    record.

    Example: isocorpus show 5 --format markdown > article-5.md
    """
    from ..filters import find_article
    from ..render.console import is_terminal
    from ..render.safe import terminal_safe

    article = find_article(articles(files, **reading(quiet)), ref)
    if fmt is ShowFormat.json:
        from ..export.jsonl import encode

        sys.stdout.write(encode(article.as_dict(), indent=True) + "\n")
        return
    from ..render.page import format_markdown, format_text, render_page

    if fmt is ShowFormat.markdown:
        terminal_safe(sys.stdout).write(format_markdown(article, insets))
    elif is_terminal():
        render_page(article, insets)
    else:
        sys.stdout.write(format_text(article, insets))
