"""``grep -c``: count matches on the raw bytes, parsing no entry.

A pre-filter (``prefilter.Finder``) finds the lines that hold one of the query's needles; each
such line is placed in its entry (marker, page footer, header) and given the block kind the
parser would give it (``lazy.EntryView``), by looking only at the lines around it. The
``regex`` module then judges the block's text, so the pre-filter only ever over-approximates.
A large regular file is cut at entry markers into ranges that processes count in parallel
(``parallel.ordered``); a stream (stdin, gzip, UTF-16) is counted entry by entry.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import BinaryIO

from ..blocks import LONG_KINDS, SHORT_MAX
from ..errors import Diagnostic, InputError
from ..parallel import ordered
from ..parse import parse_entry
from ..sources import CHUNK_SIZE, MARKER, NO_ENTRIES, PROBE_SIZE, OnRead, Source, TextDecoder, Warn, open_chunks, probe
from ..split import NL_MARKER, iter_raw_entries
from .hits import search_article
from .lazy import EntryView, stripped
from .prefilter import Finder
from .query import Query

#: Bytes read at a time by the file scanner.
BLOCK_SIZE = 1 << 20
#: A file is split between processes only when each gets at least this much.
MIN_RANGE = 1 << 25


@dataclass(slots=True)
class Counted:
    """What a count found: matches, the entries that held one, and the entries looked at."""

    matches: int = 0
    """Matches counted (each article's capped by ``max_per_article``)."""
    articles: int = 0
    """Entries with at least one match."""
    entries: int = 0
    """Entries looked at (only counted when asked for)."""

    def add(self, other: Counted) -> None:
        self.matches += other.matches
        self.articles += other.articles
        self.entries += other.entries


@dataclass(frozen=True, slots=True)
class CountSpec:
    """Everything a counting process needs (picklable)."""

    query: Query
    """The compiled query (the judge)."""
    finder: Finder
    """The pre-filter."""
    kinds: frozenset[str]
    """Block kinds searched (and ``byline``)."""
    max_per_article: int | None
    """Cap on the matches counted per article (``-m``)."""
    count_entries: bool
    """Whether to count the entries looked at (``--stats``)."""


def count_region(
    data: bytes,
    lo: int,
    hi: int,
    spec: CountSpec,
    encoding: str,
    where: Callable[[int], tuple[str | None, int | None]],
) -> Counted:
    """Count the matches in ``data[lo:hi]``, which holds whole entries and starts at a marker.

    ``where(offset)`` names the source and line of an offset, for a timeout's message.
    """
    tally = Counted()
    if spec.count_entries:
        tally.entries = count_entries(data, lo, hi, encoding, spec.finder)
    query, kinds, cap = spec.query, spec.kinds, spec.max_per_article
    findall, timeout = query.compiled.findall, query.limit
    # A long line is never a heading or an inset: whether it is searched follows from ``kinds``
    # alone when they hold all, or none, of the kinds it can be.
    long_searched = LONG_KINDS <= kinds if LONG_KINDS <= kinds or not LONG_KINDS & kinds else None
    entry: EntryView | None = None
    in_entry = 0
    line_end = -1
    for pos in spec.finder.positions(data, lo, hi):
        if pos <= line_end:
            continue  # another candidate on a line already judged
        ls = data.rfind(b"\n", lo, pos) + 1 or lo
        line_end = data.find(b"\n", pos, hi)
        if line_end < 0:
            line_end = hi
        if data.startswith(MARKER, ls):
            continue  # the marker line is no block
        if entry is None or ls >= entry.end:
            if in_entry:
                tally.matches += min(in_entry, cap) if cap else in_entry
                tally.articles += 1
                in_entry = 0
            k = data.rfind(NL_MARKER, lo, ls)
            if k >= 0:
                start = k + 1
            elif data.startswith(MARKER, lo):
                start = lo
            else:
                entry = None
                continue  # before the first marker: a preamble
            stop = data.find(NL_MARKER, ls, hi)
            entry = EntryView(data, start, stop + 1 if stop >= 0 else hi, encoding, spec.finder)
        while ls >= entry.body_end:  # past the body: the page footer, or an entry glued after it
            glued = entry.glued()
            if glued < 0 or ls <= glued:
                break
            if in_entry:
                tally.matches += min(in_entry, cap) if cap else in_entry
                tally.articles += 1
                in_entry = 0
            entry = EntryView(data, glued, entry.end, encoding, spec.finder)
        if ls >= entry.body_end:
            continue
        if cap and in_entry >= cap:
            continue
        text = None
        if long_searched is not None and ls >= entry.header_end:
            text = stripped(data, ls, min(line_end, entry.body_end), encoding)
            if len(text) <= SHORT_MAX:
                text = None
            elif not long_searched:
                continue
        if text is None:
            block = entry.classify(ls, line_end)
            if block is None or block[0] not in kinds:
                continue
            text = block[1]
        try:
            # Every match holds a needle, so none is empty: ``findall`` counts what ``finditer`` gives.
            in_entry += len(findall(text, timeout=timeout))
        except TimeoutError:
            source, line = where(ls)
            raise query.timed_out(source, line) from None
    if in_entry:
        tally.matches += min(in_entry, cap) if cap else in_entry
        tally.articles += 1
    return tally


def count_entries(data: bytes, lo: int, hi: int, encoding: str = "utf-8", finder: Finder | None = None) -> int:
    """The entries the reader finds in ``data[lo:hi]`` (whole entries, from a marker): markers
    at line starts, and markers glued after a page footer."""
    at_lines = data.count(NL_MARKER, lo, hi) + (1 if data.startswith(MARKER, lo) else 0)
    if data.count(MARKER, lo, hi) == at_lines:
        return at_lines
    glued = 0
    done = -1
    pos = data.find(MARKER, lo + 1, hi)
    while pos >= 0:
        if data[pos - 1] != 10 and pos > done:  # a marker inside a line: maybe glued after a footer
            k = data.rfind(NL_MARKER, lo, pos)
            start = k + 1 if k >= 0 else lo
            stop = data.find(NL_MARKER, pos, hi)
            end = stop + 1 if stop >= 0 else hi
            view = EntryView(data, start, end, encoding, finder)
            while (g := view.glued()) >= 0:
                glued += 1
                view = EntryView(data, g, end, encoding, finder)
            done = end
        pos = data.find(MARKER, pos + 1, hi)
    return at_lines + glued


# --- files, in ranges, in processes --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilePlan:
    """A regular file read by offsets: where its data starts (after a BOM) and its size."""

    source: Source
    """The input."""
    data_start: int
    """Offset of the first byte after a UTF-8 byte-order mark."""
    size: int
    """The file's size."""
    encoding: str
    """How its entries are decoded (``utf-8`` or ``cp1252``), as the parser's decoder decided."""


def _read_at(fh: BinaryIO, offset: int, size: int) -> bytes:
    """``size`` bytes of a file from ``offset`` (``os.pread`` is not on every system)."""
    fh.seek(offset)
    return fh.read(size)


def _first_marker(fh: BinaryIO, offset: int, end: int, at_line_start: bool) -> int:
    """Offset of the first entry marker that starts a line at or after ``offset`` (``end`` if none)."""
    if at_line_start and _read_at(fh, offset, len(MARKER)) == MARKER:
        return offset
    pos = offset - 1 if not at_line_start else offset
    while pos < end:
        data = _read_at(fh, pos, min(BLOCK_SIZE, end - pos))
        if not data:
            break
        k = data.find(NL_MARKER)
        if k >= 0:
            return min(pos + k + 1, end)
        pos += max(len(data) - len(NL_MARKER) + 1, 1)
    return end


def plan_ranges(plan: FilePlan, jobs: int) -> list[tuple[int, int]]:
    """Cut the file into ``jobs`` ranges of whole entries (each but the first starts at a marker)."""
    with open(plan.source.path or "", "rb", buffering=0) as fh:
        bounds = [plan.data_start]
        span = plan.size - plan.data_start
        for k in range(1, jobs):
            nominal = plan.data_start + span * k // jobs
            cut = _first_marker(fh, max(nominal, bounds[-1] + 1), plan.size, at_line_start=False)
            bounds.append(max(cut, bounds[-1]))
        bounds.append(plan.size)
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def count_file_range(plan: FilePlan, lo: int, hi: int, spec: CountSpec) -> Counted:
    """Count the matches of the file's entries in ``[lo, hi)`` (a process's share).

    ``InputError`` when the file went away or cannot be read any more.
    """
    try:
        return _count_file_range(plan, lo, hi, spec)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), plan.source.name) from None


def _count_range(task: tuple[FilePlan, int, int, CountSpec]) -> Counted:
    return count_file_range(*task)


def _count_file_range(plan: FilePlan, lo: int, hi: int, spec: CountSpec) -> Counted:
    path = str(plan.source.path or "")
    tally = Counted()
    with open(path, "rb", buffering=0) as fh:
        off = _first_marker(fh, lo, hi, at_line_start=True) if lo == plan.data_start else lo
        size = BLOCK_SIZE
        while off < hi:
            data = _read_at(fh, off, min(size, hi - off))
            if not data:
                break
            if off + len(data) >= hi:
                stop = len(data)
            else:
                last = data.rfind(NL_MARKER)
                if last < 0:
                    size *= 2  # an entry longer than a block: read more of it
                    continue
                stop = last + 1
            where = partial(_where_in_file, plan.source.name, path, off)
            tally.add(count_region(data, 0, stop, spec, plan.encoding, where))
            off += stop
            size = BLOCK_SIZE
    return tally


def _where_in_file(name: str, path: str, base: int, offset: int) -> tuple[str | None, int | None]:
    return name, _line_of(path, base + offset)


def _line_of(path: str, offset: int) -> int:
    """The 1-based line of a byte offset of a file (for error messages: reads the file up to it)."""
    line = 1
    with open(path, "rb") as fh:
        while offset > 0:
            data = fh.read(min(BLOCK_SIZE, offset))
            if not data:
                break
            line += data.count(b"\n")
            offset -= len(data)
    return line


def count_file(plan: FilePlan, spec: CountSpec, jobs: int | None = None) -> Counted:
    """Count the matches of a regular file, in parallel ranges when it is large enough.

    The first range is counted in this process, the others by ``parallel.ordered``'s workers.
    """
    if jobs is None:
        jobs = os.cpu_count() or 1
    jobs = max(1, min(jobs, (plan.size - plan.data_start) // MIN_RANGE))
    try:
        ranges = plan_ranges(plan, jobs)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), plan.source.name) from None
    tally = Counted()
    if len(ranges) <= 1:
        for lo, hi in ranges:
            tally.add(count_file_range(plan, lo, hi, spec))
        return tally
    tasks = (((lo, hi), (plan, lo, hi, spec)) for lo, hi in ranges)
    for _, counted in ordered(_count_range, tasks, len(ranges) - 1, local_first=True):
        tally.add(counted)
    return tally


def count_stream(
    source: Source, spec: CountSpec, warn: Warn, on_read: OnRead | None = None, on_inflate: OnRead | None = None
) -> Counted:
    """Count an input read as a stream (stdin, gzip, UTF-16): entry by entry, parsing none once settled."""
    tally = Counted()
    for raw in iter_raw_entries(source, warn, on_read, on_inflate):
        tally.entries += 1
        decoder = raw.decoder
        if not spec.finder.search(raw.data):
            if not decoder.settled:
                decoder.decode(raw.data, raw.line)
            continue
        if not decoder.settled:
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
            head = fh.read(PROBE_SIZE)
            size = os.fstat(fh.fileno()).st_size
    except OSError:
        return None  # let the stream reader raise the error it raises
    how = probe(head)
    if not how.seekable_text or not os.path.isfile(source.path):
        return None
    chunks = open_chunks(source, warn)
    try:
        next(chunks, b"")  # raises BinaryInputError as the reader does
    finally:
        _close(chunks)
    data_start = how.data_start
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
            if decoder.settled:
                break
            decoder.decode(raw.data, raw.line)
            if decoder.settled:
                break
    finally:
        _close(reader)
    return decoder.encoding if decoder is not None else None


def _close(iterator: Iterator[object]) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()
