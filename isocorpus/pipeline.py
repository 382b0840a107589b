"""What the commands call: the articles of some inputs, filtered, ordered, rendered.

read and split (``sources``, ``split``) → parse (``parse``, or ``parallel`` on every core) →
filter and order (``filters``) → render (a function the caller gives). Whether the articles are
parsed in this process or in a pool of worker processes is decided here, from what the caller
asks for (an order that needs every article first is read in one process), not by the CLI.

Nothing here prints or exits: warnings go to ``on_warning``, bytes read to ``on_progress``, the
end of reading to ``on_done``, and errors are raised (``isocorpus.errors``). ``make_filter``
and ``Matching`` turn what a user typed into the core's filter and compiled patterns; their
errors name the parameter (``option="since"``), never a flag.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, TypedDict, TypeVar

from .errors import Diagnostic
from .filters import ArticleFilter, SortKey, parse_day, parse_languages, sort_articles
from .model import Article
from .sources import OnProgress

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .feeds import FeedNamer
    from .search import Query

T = TypeVar("T")
Inputs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None


class Hooks(TypedDict, total=False):
    """How the pipeline talks to its caller while it reads (every key optional)."""

    on_warning: Callable[[Diagnostic], None] | None
    """Told each input warning (default: a Python warning, ``InputWarning``)."""
    on_progress: OnProgress | None
    """Told ``(bytes read, total bytes or None)`` as the inputs are read."""
    on_done: Callable[[], None] | None
    """Called once when reading ends: the last article is out, or the stream is closed."""
    on_copies: Callable[[int, int], None] | None
    """Told ``(copies, total)`` once every article is out, when some were copies of others (the
    same id again) and ``unique`` was not asked for."""


class Reading(Hooks, total=False):
    """The hooks, and the order ``articles`` and ``rendered`` give the articles in (see ``articles``)."""

    sort: SortKey | None
    reverse: bool
    limit: int | None
    summary: bool
    namer: FeedNamer | None


def make_filter(
    authors: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    unique: bool = False,
) -> ArticleFilter:
    """The filter for what a user typed: dates as ``parse_day`` reads them (``until`` inclusive).

    A date that does not read is a ``UsageError`` naming its parameter (``since``, ``until``).
    """
    if isinstance(language, Enum):
        language = str(language.value)
    return ArticleFilter(
        authors=tuple(authors or ()),
        since=parse_day(since, "since") if since else None,
        until=parse_day(until, "until", end=True) if until else None,
        languages=parse_languages(language, "lang") if language else (),
        unique=unique,
    )


@dataclass(frozen=True, slots=True)
class Matching:
    """How grep and timeline match a pattern: what their matching options say."""

    fixed: bool = False
    """The pattern is a literal string."""
    word: bool = False
    """Whole words only."""
    ignore_case: bool = False
    """Ignore case (instead of smart case)."""
    case_sensitive: bool = False
    """Match case exactly (instead of smart case; wins over ``ignore_case``)."""
    strict: bool = False
    """No typographic folding."""
    fold_accents: bool = False
    """Match regardless of accents."""
    fuzzy: int | None = 0
    """Edits allowed (None: 0)."""
    timeout: float | None = None
    """Seconds the regex may spend on one block (None: the default limit)."""

    def compile(self, pattern: str) -> Query:
        """The compiled query for ``pattern``."""
        from .search import DEFAULT_TIMEOUT, CaseMode, compile_query

        case = CaseMode.SMART
        if self.ignore_case:
            case = CaseMode.IGNORE
        if self.case_sensitive:
            case = CaseMode.SENSITIVE
        return compile_query(
            pattern,
            fixed=self.fixed,
            word=self.word,
            case=case,
            strict=self.strict,
            fold_accents=self.fold_accents,
            fuzzy=self.fuzzy or 0,
            timeout=DEFAULT_TIMEOUT if self.timeout is None else self.timeout,
        )


def articles(
    files: Inputs,
    selection: ArticleFilter | None = None,
    *,
    sort: SortKey | None = None,
    reverse: bool = False,
    limit: int | None = None,
    summary: bool = False,
    namer: FeedNamer | None = None,
    jobs: int | None = None,
    on_warning: Callable[[Diagnostic], None] | None = None,
    on_progress: OnProgress | None = None,
    on_done: Callable[[], None] | None = None,
    on_copies: Callable[[int, int], None] | None = None,
) -> Iterator[Article]:
    """The articles of ``files`` (None or empty: the bundled corpus) that ``selection`` keeps, lazily,
    in input order or ordered by ``sort``/``reverse`` and cut to ``limit`` (``sort_articles``).

    The inputs are checked, and the first article read, before this returns: a missing file is
    an error before a caller has written anything (a header row, a temporary file). Parsed in
    this process unless ``jobs`` asks for more (an ``Article`` costs about as much to send back
    from a worker as to parse). With ``summary`` an article's blocks are its lede alone
    (``parse.summarize_entry``): all that ``list`` and ``stats`` show, parsed quicker. ``namer``
    names the feed of each (``feeds.FeedNamer``); ``on_copies`` hears of copies (see ``Hooks``).
    """
    if jobs is not None and jobs > 1:
        render = _named(namer, _same)
        stream = _parallel(files, selection, render, jobs, summary, on_warning, on_progress, on_copies)
    else:
        from .parse import iter_articles

        stream = iter_articles(files or None, on_warning=on_warning, on_progress=on_progress, summary=summary)
        if namer is not None:
            stream = map(namer, stream)
        if selection is not None:
            stream = selection.apply(stream)
        if on_copies is not None and not (selection is not None and selection.unique):
            stream = noting_copies(stream, _article_id, on_copies)
    if on_done is not None:
        stream = _closing(stream, on_done)
    try:
        first = next(stream)
    except StopIteration:
        return iter(())
    stream = itertools.chain((first,), stream)
    if sort is not None or reverse or limit is not None:
        return sort_articles(stream, sort, reverse, limit)
    return stream


def rendered(
    files: Inputs,
    selection: ArticleFilter | None,
    render: Callable[[Article], str],
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
    jobs: int | None = None,
    **options: Unpack[Reading],
) -> Iterator[bytes]:
    """``render(article)``, encoded, for each of ``articles(files, selection, **options)``.

    In input order the articles are parsed, rendered and encoded on every core (``jobs``
    processes; default: ``parallel.available_jobs()``), so ``render`` must be picklable (a
    module-level function). An order that needs every article first (``sort``, ``reverse``)
    reads them in this process. As with ``articles``, the inputs are checked and the first
    entries read before this returns.
    """
    from .parallel import encoded

    if options.get("sort") is not None or options.get("reverse"):
        return map(encoded(render, encoding, errors), articles(files, selection, **options))
    encode = encoded(_named(options.get("namer"), render), encoding, errors)
    summary = options.get("summary", False)
    chunks = _parallel(
        files,
        selection,
        encode,
        jobs,
        summary,
        options.get("on_warning"),
        options.get("on_progress"),
        options.get("on_copies"),
    )
    limit = options.get("limit")
    if limit is not None:
        chunks = itertools.islice(chunks, max(limit, 0))
    on_done = options.get("on_done")
    return _closing(chunks, on_done) if on_done is not None else chunks


def _parallel(
    files: Inputs,
    selection: ArticleFilter | None,
    render: Callable[[Article], T],
    jobs: int | None,
    summary: bool,
    on_warning: Callable[[Diagnostic], None] | None,
    on_progress: OnProgress | None,
    on_copies: Callable[[int, int], None] | None = None,
) -> Iterator[T]:
    """``render`` of each article ``selection`` keeps, computed by a pool of ``jobs`` processes."""
    from .parallel import map_articles
    from .parse import parse_entry, summarize_entry

    keep = selection.matches if selection is not None else None
    parse = summarize_entry if summary else parse_entry
    stream = map_articles(
        files or None, render, keep=keep, parse=parse, on_warning=on_warning, jobs=jobs, on_progress=on_progress
    )
    if selection is not None and selection.unique:
        return _unique(stream)
    if on_copies is not None:
        stream = noting_copies(stream, _first, on_copies)
    return (value for _, value in stream)


def _named(namer: FeedNamer | None, render: Callable[[Article], T]) -> Callable[[Article], T]:
    """``render``, after the feed is named (a picklable ``feeds.Named``) when ``namer`` says to."""
    if namer is None:
        return render
    from .feeds import Named

    return Named(namer, render)


def _article_id(article: Article) -> str:
    return article.id


def _first(pair: tuple[str, T]) -> str:
    return pair[0]


def noting_copies(stream: Iterator[T], key: Callable[[T], str], on_copies: Callable[[int, int], None]) -> Iterator[T]:
    """The stream as it is; once it is all read, ``on_copies(copies, total)`` if some items (``key``:
    the article's id) were copies of others: the same dump given twice counts everything twice."""
    seen: set[str] = set()
    total = 0
    for item in stream:
        total += 1
        seen.add(key(item))
        yield item
    if total > len(seen):
        on_copies(total - len(seen), total)


def _same(article: Article) -> Article:
    """The article itself (what a worker sends back when the caller wants Articles)."""
    return article


def _unique(stream: Iterator[tuple[str, T]]) -> Iterator[T]:
    seen: set[str] = set()
    for ident, value in stream:
        if ident not in seen:
            seen.add(ident)
            yield value


def _closing(stream: Iterator[T], close: Callable[[], None]) -> Iterator[T]:
    try:
        yield from stream
    finally:
        close()
