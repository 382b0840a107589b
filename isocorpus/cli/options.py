"""Options shared by the commands: inputs, filters, and how warnings reach stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TextIO

import typer

from ..errors import Diagnostic
from ..filters import ArticleFilter, parse_day
from ..model import Article


class Language(str, Enum):
    en = "en"
    es = "es"


FILES = typer.Argument(
    None,
    help="Dump files, directories (walked), or - for stdin; .gz is read as is. "
    "None: the bundled corpus.",
    show_default=False,
)
AUTHOR = typer.Option(
    None, "--author", "-a", help="Byline or author contains TEXT (case-insensitive; repeat for any).",
    metavar="TEXT",
)
SINCE = typer.Option(None, "--since", help="Published on or after DATE (2019-04-01, 'April 1 2019', 4/1/19).", metavar="DATE")
UNTIL = typer.Option(None, "--until", help="Published on or before DATE (inclusive).", metavar="DATE")
LANG = typer.Option(None, "--lang", help="Only articles in this language.")
UNIQUE = typer.Option(False, "--unique", "-u", help="Drop an article already seen under the same id.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar.")


def report(diagnostic: Diagnostic) -> None:
    """Print an input warning to stderr, one line."""
    print(f"isocorpus: warning: {diagnostic}", file=sys.stderr, flush=True)


def make_filter(
    author: list[str] | None,
    since: str | None,
    until: str | None,
    lang: Language | None,
    unique: bool,
) -> ArticleFilter:
    return ArticleFilter(
        authors=tuple(author or ()),
        since=parse_day(since, "--since") if since else None,
        until=parse_day(until, "--until") if until else None,
        language=lang.value if lang else None,
        unique=unique,
    )


def articles(files: list[str] | None, selection: ArticleFilter) -> Iterator[Article]:
    """The filtered articles of the inputs, lazily; warnings go to stderr."""
    from ..parse import iter_articles

    return selection.apply(iter_articles(files or None, on_warning=report))


def write_rendered(
    files: list[str] | None,
    selection: ArticleFilter,
    render: Callable[[Article], str],
    out: TextIO | None = None,
) -> None:
    """Write ``render(article)`` for each filtered article, parsed on every core.

    The same output as writing ``render`` of each of ``articles(files, selection)``; the
    workers (``isocorpus.workers``) also encode the text, and the bytes go to the buffer.
    """
    from ..workers import encoded, map_articles

    out = out or sys.stdout
    buffer = getattr(out, "buffer", None)
    write: Callable[[bytes], object] | Callable[[str], object]
    render_here: Callable[[Article], object]
    if buffer is not None and os.linesep == "\n":
        out.flush()
        render_here = encoded(render, out.encoding or "utf-8", out.errors or "strict")
        write = buffer.write
    else:
        render_here = render
        write = out.write
    seen: set[str] | None = set() if selection.unique else None
    for ident, chunk in map_articles(files or None, render_here, keep=selection.matches, on_warning=report):
        if seen is not None:
            if ident in seen:
                continue
            seen.add(ident)
        write(chunk)  # type: ignore[arg-type]
