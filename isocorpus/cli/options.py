"""Options shared by the commands: inputs, filters, and how warnings reach stderr."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, TextIO, TypeVar

import typer

from ..errors import Diagnostic
from ..filters import ArticleFilter, parse_day
from ..model import Article

if TYPE_CHECKING:
    from ..render.progress import ProgressBar
    from ..search import Query


class Language(str, Enum):
    en = "en"
    es = "es"


FILES = typer.Argument(
    None,
    help="Dump files, directories (walked), or - for stdin; .gz is read as is. None: the bundled corpus.",
    show_default=False,
    metavar="FILE",
)
AUTHOR = typer.Option(
    None,
    "--author",
    "-a",
    help="Byline or author contains TEXT (case-insensitive; repeat for any).",
    metavar="TEXT",
)
SINCE = typer.Option(
    None, "--since", help="Published on or after DATE (2019-04-01, 'April 1 2019', 4/1/19).", metavar="DATE"
)
UNTIL = typer.Option(None, "--until", help="Published on or before DATE (inclusive).", metavar="DATE")
LANG = typer.Option(None, "--lang", help="Only articles in this language.")
UNIQUE = typer.Option(False, "--unique", "-u", help="Drop an article already seen under the same id.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar (shown on a terminal when reading takes a while).")


def report(diagnostic: Diagnostic) -> None:
    """Print an input warning to stderr, one line (control characters in it made visible)."""
    from ..render.safe import visible

    print(f"isocorpus: warning: {visible(str(diagnostic))}", file=sys.stderr, flush=True)


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
        until=parse_day(until, "--until", end=True) if until else None,
        language=lang.value if lang else None,
        unique=unique,
    )


def articles(
    files: list[str] | None,
    selection: ArticleFilter | None = None,
    on_warning: Callable[[Diagnostic], None] = report,
    quiet: bool = False,
) -> Iterator[Article]:
    """The (filtered) articles of the inputs, lazily; warnings go to ``on_warning`` (stderr).

    The inputs are checked, and the first article read, before this returns: a missing file
    is an error before a command has written anything (a header row, a temporary file).
    Unless ``quiet``, a run that takes a while shows a progress bar when stderr is a terminal;
    it goes away when the articles are all read (or the command ends).
    """
    from ..parse import iter_articles

    bar = None if quiet else progress_bar()
    stream = iter_articles(files or None, on_warning=on_warning, on_progress=bar)
    if bar is not None:
        stream = _closing(stream, bar.close)
    try:
        first = next(stream)
    except StopIteration:
        return iter(())
    stream = itertools.chain((first,), stream)
    return selection.apply(stream) if selection is not None else stream


_open_bars: list[Callable[[], None]] = []


def progress_bar() -> ProgressBar | None:
    """A progress bar for ``on_progress`` when stderr is a terminal, else None.

    ``close_progress_bars`` (called once the command has ended, however it ended) removes it.
    """
    from ..render.console import is_terminal

    if not is_terminal(sys.stderr):
        return None
    from ..render.progress import ProgressBar

    bar = ProgressBar()
    _open_bars.append(bar.close)
    return bar


def close_progress_bars() -> None:
    """Remove every progress bar still drawn (before an error or an interrupt is reported)."""
    while _open_bars:
        _open_bars.pop()()


T = TypeVar("T")


def _closing(stream: Iterator[T], close: Callable[[], None]) -> Iterator[T]:
    try:
        yield from stream
    finally:
        close()


def rendered(
    files: list[str] | None,
    selection: ArticleFilter,
    render: Callable[[Article], str],
    encoding: str = "utf-8",
    errors: str = "strict",
    quiet: bool = False,
) -> Iterator[bytes]:
    """``render(article)`` of each filtered article, encoded, parsed on every core (see ``mapped``)."""
    from ..workers import encoded

    return mapped(files, selection, encoded(render, encoding, errors), quiet=quiet)


def mapped(
    files: list[str] | None,
    selection: ArticleFilter,
    render: Callable[[Article], T],
    quiet: bool = False,
) -> Iterator[T]:
    """``render(article)`` of each filtered article, parsed on every core.

    What ``render`` gives for each of ``articles(files, selection)``, but the articles are
    parsed and rendered in worker processes (``isocorpus.workers``). As with ``articles``,
    the inputs are checked and the first entries read before this returns, and a run that
    takes a while shows a progress bar unless ``quiet``.
    """
    from ..workers import map_articles

    bar = None if quiet else progress_bar()
    stream = map_articles(files or None, render, keep=selection.matches, on_warning=report, on_progress=bar)
    chunks = (chunk for _, chunk in stream) if not selection.unique else _unique(stream)
    return _closing(chunks, bar.close) if bar is not None else chunks


def _unique(stream: Iterator[tuple[str, T]]) -> Iterator[T]:
    seen: set[str] = set()
    for ident, chunk in stream:
        if ident not in seen:
            seen.add(ident)
            yield chunk


def write_encoded(chunks: Iterator[bytes], out: TextIO, encoding: str = "utf-8", errors: str = "strict") -> None:
    """Write ``rendered`` output to a text stream: to its buffer when it has one (and no newline translation)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None or os.linesep != "\n":
        for chunk in chunks:
            out.write(chunk.decode(encoding, errors))
        return
    out.flush()
    write = buffer.write
    for chunk in chunks:
        write(chunk)


# --- matching options, shared by grep and timeline (one matcher: isocorpus.search) ----------

FIXED = typer.Option(False, "--fixed-strings", "-F", help="Treat the pattern as a literal string.")
WORD = typer.Option(False, "--word", "-w", help="Match whole words only.")
IGNORE_CASE = typer.Option(False, "--ignore-case", "-i", help="Ignore case.")
CASE_SENSITIVE = typer.Option(False, "--case-sensitive", "-s", help="Match case exactly (default: smart case).")
STRICT = typer.Option(False, "--strict", help="No typographic folding (a straight ' no longer matches a curly one).")
FOLD_ACCENTS = typer.Option(False, "--fold-accents", help="Match regardless of accents (votacion = votación).")
# Numbers default to None (resolved in make_query): a parameter left alone then costs typer no
# coercion at start-up.
FUZZY = typer.Option(
    None,
    "--fuzzy",
    min=0,
    max=5,
    help="Allow up to N edits (insertions, deletions, substitutions).",
    metavar="N",
    show_default=False,
)
TIMEOUT = typer.Option(
    None,
    "--timeout",
    min=0.01,
    help="Seconds the regex may spend on one block (default 3).",
    metavar="SECONDS",
    show_default=False,
)


def make_query(
    pattern: str,
    *,
    fixed: bool = False,
    word: bool = False,
    ignore_case: bool = False,
    case_sensitive: bool = False,
    strict: bool = False,
    fold_accents: bool = False,
    fuzzy: int | None = 0,
    timeout: float | None = None,
) -> Query:
    """Compile a pattern as grep and timeline do (``-i``/``-s`` override smart case; the last wins)."""
    from ..search import DEFAULT_TIMEOUT, CaseMode, compile_query

    case = CaseMode.SMART
    if ignore_case:
        case = CaseMode.IGNORE
    if case_sensitive:
        case = CaseMode.SENSITIVE
    return compile_query(
        pattern,
        fixed=fixed,
        word=word,
        case=case,
        strict=strict,
        fold_accents=fold_accents,
        fuzzy=fuzzy or 0,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
    )


SEARCH_IN = typer.Option(
    None,
    "--in",
    help="Search these block kinds (repeat; text = lede, heading, paragraph, list; all adds insets and byline). "
    "Default: every block but insets.",
    case_sensitive=False,
)
