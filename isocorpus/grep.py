"""Searching dumps: the hits of a query in the articles of some inputs, and how many there are.

    >>> from isocorpus.grep import iter_hits
    >>> from isocorpus.search import compile_query
    >>> hits = list(iter_hits(None, compile_query("democratic centralism")))
    >>> len(hits), len({h.article.seq for h in hits})
    (9, 5)

``iter_hits`` gives exactly what parsing every article and running ``search.search_article``
on it would give, but it parses only the entries whose raw bytes hold one of the query's needles
(``scan.Finder``). ``count_hits`` (``grep -c``) parses none: it counts on the raw bytes, in
parallel for large files (``scan.count_file``). Queries with nothing to pre-filter on (fuzzy,
accent folding, patterns whose literal parts cannot be told) parse every entry, as the
definition says.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice

from .errors import Diagnostic, InputWarning
from .filters import ArticleFilter
from .model import Article, Block, BlockKind
from .parse import iter_raw, parse_entry
from .scan import CountSpec, FilePlan, Finder, Tally, count_file, count_region, make_finder
from .search import DEFAULT_KINDS, Hit, Query, count_matches, search_article
from .sources import (
    CHUNK_SIZE,
    MARKER,
    NO_ENTRIES,
    OnProgress,
    OnRead,
    ProgressMeter,
    Source,
    TextDecoder,
    Warn,
    open_chunks,
    resolve_inputs,
    utf16_without_bom,
)
from .split import NL_MARKER, iter_raw_entries

Inputs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None

_GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class GrepStats:
    """Totals of one search, filled in as it runs (for ``--stats``)."""

    entries: int = 0
    """Entries in the inputs."""
    parsed: int = 0
    """Entries parsed (the others could not match: their bytes hold no needle)."""
    articles: int = 0
    """Articles with at least one match (after the filters)."""
    matches: int = 0
    """Matches (after ``max_per_article``)."""
    engine: str = "regex"
    """What found the candidates: ``re2``, ``bytes``, or ``regex`` when every entry was parsed."""


def _default_warn(diagnostic: Diagnostic) -> None:
    warnings.warn(str(diagnostic), InputWarning, stacklevel=4)


def _is_final(decoder: TextDecoder) -> bool:
    """Whether the input's encoding is settled (after that, decoding an entry changes nothing)."""
    return decoder.confirmed_utf8 or decoder.encoding == "cp1252"


def _active(selection: ArticleFilter | None) -> bool:
    return selection is not None and bool(
        selection.authors or selection.since or selection.until or selection.languages or selection.unique
    )


def iter_hits(
    inputs: Inputs,
    query: Query,
    *,
    kinds: frozenset[str] = DEFAULT_KINDS,
    selection: ArticleFilter | None = None,
    max_per_article: int | None = None,
    on_warning: Warn | None = None,
    stats: GrepStats | None = None,
    engine: str | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Hit]:
    """Every match of ``query`` in the articles of ``inputs`` that pass ``selection``, in order.

    At most ``max_per_article`` hits per article. Entries whose bytes hold none of the
    query's needles are skipped unparsed, so problems in them are not reported.
    ``engine`` forces the pre-filter (``re2`` or ``bytes``; ``none`` parses everything).
    ``on_progress(done, total)`` is told the bytes read so far (see ``iter_raw``).
    """
    warn = on_warning or _default_warn
    finder = None if engine == "none" else make_finder(query, engine)
    if stats is not None:
        stats.engine = finder.engine if finder else "regex"
    seen: set[str] = set()
    filtering = _active(selection)
    for seq, raw in enumerate(iter_raw(inputs, on_warning=warn, on_progress=on_progress), 1):
        if stats is not None:
            stats.entries += 1
        if finder is not None and not finder.search(raw.data):
            if not _is_final(raw.decoder):
                raw.decoder.decode(raw.data, raw.line)  # as parsing would: the encoding may hang on it
            continue
        if stats is not None:
            stats.parsed += 1
        article = parse_entry(raw, seq)
        if filtering and selection is not None:
            if not selection.matches(article):
                continue
            if selection.unique:
                if article.id in seen:
                    continue
                seen.add(article.id)
        hits = search_article(article, query, kinds)
        first = True
        for hit in islice(hits, max_per_article):
            if stats is not None:
                stats.matches += 1
                if first:
                    stats.articles += 1
            first = False
            yield hit


def count_hits(
    inputs: Inputs,
    query: Query,
    *,
    kinds: frozenset[str] = DEFAULT_KINDS,
    selection: ArticleFilter | None = None,
    max_per_article: int | None = None,
    on_warning: Warn | None = None,
    stats: GrepStats | None = None,
    engine: str | None = None,
    jobs: int | None = None,
    on_progress: OnProgress | None = None,
) -> int:
    """How many hits ``iter_hits`` would give, counted without parsing when it can be.

    With no filter and a query with needles, entries are never parsed: candidate lines are
    found in the raw bytes and classified where they stand, and a large regular file is
    counted by ``jobs`` processes (default: one per CPU).
    """
    warn = on_warning or _default_warn
    finder = None if engine == "none" else make_finder(query, engine)
    if finder is None or _active(selection):
        tally = Tally()
        for _ in iter_hits(
            inputs,
            query,
            kinds=kinds,
            selection=selection,
            max_per_article=max_per_article,
            on_warning=warn,
            stats=stats,
            engine=engine,
            on_progress=on_progress,
        ):
            tally.matches += 1
        return tally.matches
    spec = CountSpec(query, finder, kinds, max_per_article, stats is not None)
    tally = Tally()
    sources = resolve_inputs(inputs, warn)
    meter = ProgressMeter(sources, on_progress)
    for source in sources:
        with meter.reading(source, warn):
            plan = plan_file(source, warn)
            if plan is None:
                tally.add(_count_stream(source, spec, warn, meter.on_read, meter.on_inflate))
            elif plan.size > plan.data_start:
                tally.add(count_file(plan, spec, jobs))  # in parallel ranges: counted when done
    if stats is not None:
        stats.engine = finder.engine
        stats.entries += tally.entries
        stats.articles += tally.articles
        stats.matches += tally.matches
    return tally.matches


def _count_stream(
    source: Source, spec: CountSpec, warn: Warn, on_read: OnRead | None = None, on_inflate: OnRead | None = None
) -> Tally:
    """Count an input read as a stream (stdin, gzip, UTF-16): entry by entry, parsing none once settled."""
    tally = Tally()
    for raw in iter_raw_entries(source, warn, on_read, on_inflate):
        tally.entries += 1
        decoder = raw.decoder
        if not spec.finder.search(raw.data):
            if not _is_final(decoder):
                decoder.decode(raw.data, raw.line)
            continue
        if not _is_final(decoder):
            article = parse_entry(raw, 0)  # decoding it may settle the encoding: do exactly what parsing does
            n = sum(1 for _ in islice(search_article(article, spec.query, spec.kinds), spec.max_per_article))
            tally.matches += n
            tally.articles += 1 if n else 0
            continue

        where = partial(_where_in_entry, source.name, raw.line, raw.data)
        counted = count_region(raw.data, 0, len(raw.data), spec, decoder.encoding, where)
        tally.matches += counted.matches
        tally.articles += counted.articles
    return tally


def _where_in_entry(name: str, line: int, data: bytes, offset: int) -> tuple[str | None, int | None]:
    return name, line + data.count(b"\n", 0, offset)


def plan_file(source: Source, warn: Warn) -> FilePlan | None:
    """How to count a regular file by offsets, or None to read it as a stream (stdin, gzip, UTF-16).

    Raises ``BinaryInputError`` as reading it would. Settles the input's encoding the way the
    parser's decoder would (see ``_settle_encoding``).
    """
    if source.path is None:
        return None
    try:
        with open(source.path, "rb") as fh:
            head = fh.read(4096)
            size = os.fstat(fh.fileno()).st_size
    except OSError:
        return None  # let the stream reader raise the error it raises
    if head[:2] == _GZIP_MAGIC or head[:2] in _UTF16_BOMS or not os.path.isfile(source.path):
        return None
    if utf16_without_bom(head) is not None:
        return None  # the stream reader converts it
    chunks = open_chunks(source, warn)
    try:
        next(chunks, b"")  # raises BinaryInputError as the reader does
    finally:
        _close(chunks)
    data_start = len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0
    encoding = _settle_encoding(source, warn, data_start, size)
    if encoding is None:
        return FilePlan(source, data_start, data_start, "utf-8")  # nothing to count
    return FilePlan(source, data_start, size, encoding)


def _settle_encoding(source: Source, warn: Warn, data_start: int, size: int) -> str | None:
    """The encoding the parser's decoder would decode this file's entries with; None: no entries.

    An all-ASCII file reads the same either way. Otherwise the decoder's choice (from the first
    chunk, then entry by entry, in the order the reader decodes entries and page footers) is
    made by running the reader, decoding as parsing does, until the choice is made: usually at
    once, from the first chunk.
    """
    with open(source.path or "", "rb") as fh:
        fh.seek(data_start)
        ascii_only = True
        marker = False
        tail = b""
        while ascii_only:
            data = fh.read(CHUNK_SIZE)
            if not data:
                break
            ascii_only = data.isascii()
            if not marker:
                head = tail + data
                marker = (not tail and head.startswith(MARKER)) or NL_MARKER in head
                tail = head[-len(NL_MARKER) :]
    if ascii_only:
        if not marker:
            if size > data_start:
                warn(Diagnostic(source.name, None, NO_ENTRIES))
            else:
                warn(Diagnostic(source.name, None, "empty", note=True))
            return None
        return "utf-8"
    reader = iter_raw_entries(source, warn)
    decoder: TextDecoder | None = None
    try:
        for raw in reader:
            decoder = raw.decoder
            if _is_final(decoder):
                break
            decoder.decode(raw.data, raw.line)
            if _is_final(decoder):
                break
    finally:
        _close(reader)
    return decoder.encoding if decoder is not None else None


def _close(iterator: Iterator[object]) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()


# --- context ----------------------------------------------------------------------------------


def context_blocks(
    article: Article, index: int, before: int, after: int, kinds: frozenset[str]
) -> tuple[list[tuple[int, Block]], list[tuple[int, Block]]]:
    """The blocks around block ``index`` for ``-B``/``-A``, as (index, block) pairs.

    Context is counted in blocks; insets are skipped unless they are searched. The byline
    (``index`` -1) has no blocks before it and the first blocks of the article after it.
    """
    inset = BlockKind.INSET.value in kinds
    shown = [(i, b) for i, b in enumerate(article.blocks) if inset or b.kind is not BlockKind.INSET]
    pos = next((k for k, (i, _) in enumerate(shown) if i >= index), len(shown))
    nxt = pos + 1 if pos < len(shown) and shown[pos][0] == index else pos
    return shown[max(pos - before, 0) : pos], shown[nxt : nxt + after]


__all__ = ["Finder", "GrepStats", "context_blocks", "count_hits", "count_matches", "iter_hits", "plan_file"]
