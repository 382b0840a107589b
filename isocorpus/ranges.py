"""Dumps in pieces: parse bytes already in memory, and byte ranges of files cut at entry markers.

What a cluster, a Slurm array or a cron fleet needs to split the work with no shared state:

- ``parse_bytes(data, source=…)`` parses a chunk held in memory (a file an engine read for us:
  Spark's ``binaryFile``, Ray's ``read_binary_files``); lines are counted from the chunk's
  start, offsets from ``offset``.
- ``plan_ranges(inputs, parts=N)`` (or ``blocksize=``) cuts the inputs into byte ranges. A range
  owns the entries whose marker starts inside it; its true edges are the first line-initial
  markers at or after its nominal ones, found by whoever reads it, so ranges are planned from
  file sizes alone. A gzip (or UTF-16) input cannot be cut: it is one range.
- ``count_range`` counts the lines, entries and pages a range holds (the split stage only, no
  parsing: ~8 × faster than parsing), so that ``bases`` can number each range's articles as
  one run over all the inputs would (``line``, ``page``, ``seq``).
- ``parse_range(range, base)`` parses one range. Its last entries wait for their page's footer,
  which may lie in the next range: it reads on until the footer (a page, ~270 kB here) and
  drops what the next range will say itself.

The ranges of a plan, parsed with their bases, give exactly the articles ``iter_articles`` gives,
in order, with two exceptions met only in damaged input: a page of more than ``MAX_PENDING``
entries without a footer, and an input whose first 4 MB are ASCII and that turns out to be
cp1252 later on (each range then decides for itself).
"""

from __future__ import annotations

import codecs
import gzip
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import Diagnostic, UsageError
from .model import Article
from .parse import default_warn, parse_entry
from .sources import CHUNK_SIZE, Source, TextDecoder, Warn, bom_length, open_chunks, resolve_inputs
from .split import NL_MARKER, split_entries

_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _ignore(diagnostic: Diagnostic) -> None:
    pass


def parse_bytes(
    data: bytes,
    *,
    source: str,
    offset: int = 0,
    on_warning: Warn | None = None,
) -> Iterator[Article]:
    """The articles of a dump (or of a run of whole entries) held in memory, lazily.

    gzip data is decompressed (offsets then count decompressed bytes), a byte-order mark is
    skipped (UTF-16 is converted), CRLF line ends are read as LF. ``line`` is counted from the
    chunk's first line, ``seq`` from its first entry, and each article's ``offset`` is
    ``offset`` plus where its entry marker sits in ``data``. Warnings go to ``on_warning``
    (a callable taking a ``Diagnostic``), else they are Python warnings (``InputWarning``).
    Pure and picklable: what an engine's map step calls on each file or block it read.
    """
    warn = on_warning or default_warn
    if data[:2] == _GZIP_MAGIC:
        data = gzip.decompress(data)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        offset += len(_UTF8_BOM)
    elif data[:2] in _UTF16_BOMS:
        data = data.decode("utf-16", "replace").encode("utf-8")
    decoder = TextDecoder(source, warn)
    for seq, raw in enumerate(split_entries(source, (data,), decoder, offset=offset), 1):
        yield parse_entry(raw, seq)


@dataclass(frozen=True, slots=True)
class ByteRange:
    """A piece of one input: the entries whose marker starts in ``[start, end)``."""

    source: str
    """The input's name, as records give it."""
    path: str
    """The file to read (a local path, or a URL that fsspec opens)."""
    start: int
    """The nominal first byte; the range really starts at the first entry marker from here."""
    end: int | None
    """The nominal end (the range ends at the first marker from here); None: the end of the input."""
    index: int = 0
    """The range's position among the ranges of its input (0 for the first)."""


@dataclass(frozen=True, slots=True)
class RangeCounts:
    """What a range holds: lines, entries and the page footers among them."""

    lines: int
    """Newlines in the range's bytes (a preamble's included, for the first range)."""
    entries: int
    """Entries whose marker lies in the range."""
    pages: int
    """Page footers that end a page in the range."""


@dataclass(frozen=True, slots=True)
class RangeBase:
    """Where a range starts in a whole run: its first line, its first page, its first seq."""

    line: int = 1
    page: int = 1
    seq: int = 1


def _is_url(path: str) -> bool:
    return "://" in path


def _open(path: str) -> IO[bytes]:
    if _is_url(path):
        import fsspec  # installed with dask: s3://, gs://, https://

        return fsspec.open(path, "rb").open()
    return open(path, "rb")


def _size(path: str) -> int:
    if _is_url(path):
        import fsspec

        fs, _, (name,) = fsspec.get_fs_token_paths(path)
        return int(fs.size(name))
    return os.path.getsize(path)


def input_size(path: str) -> int:
    """The size of an input in bytes (a local path, or a URL fsspec opens)."""
    return _size(path)


def _whole(path: str) -> bool:
    """Whether an input must be read as one range: gzip, UTF-16."""
    with _open(path) as fh:
        head = fh.read(2)
    return head == _GZIP_MAGIC or head in _UTF16_BOMS


def _sources(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None) -> list[tuple[str, str]]:
    """(name, path) of each input: local paths and directories as ``iter_articles`` resolves them, URLs as given."""
    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs) if inputs is not None else []
    urls = [os.fspath(i) for i in items if _is_url(os.fspath(i))]
    if urls and len(urls) != len(items):
        return [(os.fspath(i), os.fspath(i)) for i in items]
    if urls:
        return [pair for url in urls for pair in _expand(url)]
    found: list[tuple[str, str]] = []
    for source in resolve_inputs(inputs):
        if source.path is None:
            raise UsageError("stdin cannot be cut into byte ranges: give files")
        found.append((source.name, os.fspath(source.path)))
    return found


def _expand(url: str) -> list[tuple[str, str]]:
    """(name, url) of each file a URL names: itself, or the matches of its glob, sorted."""
    if not any(c in url for c in "*?["):
        return [(url, url)]
    import fsspec

    fs, _, paths = fsspec.get_fs_token_paths(url)
    return [(full, full) for full in (fs.unstrip_protocol(p) for p in sorted(paths))]


def plan_ranges(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    parts: int | None = None,
    blocksize: int | None = None,
) -> list[ByteRange]:
    """Cut the inputs into byte ranges, in input order, from their sizes alone.

    ``parts=N``: N stretches of equal size over all the inputs one after the other (a range per
    input a stretch touches; ``shard`` picks one stretch's). ``blocksize=B``: each input in
    ranges of B bytes. A gzip or UTF-16 input is always one range (with ``parts``, it goes to
    the stretch its first byte falls in).
    """
    if (parts is None) == (blocksize is None):
        raise ValueError("give parts or blocksize")
    sources = _sources(inputs)
    sizes = [_size(path) for _, path in sources]
    ranges: list[ByteRange] = []
    if blocksize is not None:
        if blocksize < 1:
            raise ValueError("blocksize must be positive")
        for (name, path), size in zip(sources, sizes, strict=True):
            if _whole(path) or size <= blocksize:
                ranges.append(ByteRange(name, path, 0, None))
                continue
            for index, start in enumerate(range(0, size, blocksize)):
                end = start + blocksize
                ranges.append(ByteRange(name, path, start, end if end < size else None, index))
        return ranges
    assert parts is not None
    for stretch in _stretches(sources, sizes, parts):
        ranges.extend(stretch)
    return ranges


def _stretches(sources: list[tuple[str, str]], sizes: list[int], parts: int) -> list[list[ByteRange]]:
    """The ranges of each of ``parts`` equal stretches of the inputs laid end to end."""
    if parts < 1:
        raise ValueError("parts must be positive")
    total = sum(sizes)
    cuts = [total * k // parts for k in range(parts + 1)]
    stretches: list[list[ByteRange]] = [[] for _ in range(parts)]
    at = 0
    for (name, path), size in zip(sources, sizes, strict=True):
        lo, hi = at, at + size
        at = hi
        if _whole(path) or size == 0:
            owner = max(k for k in range(parts) if cuts[k] <= lo) if lo < total else parts - 1
            stretches[owner].append(ByteRange(name, path, 0, None))
            continue
        index = 0
        for k in range(parts):
            a, b = max(cuts[k], lo), min(cuts[k + 1], hi)
            if a >= b:
                continue
            stretches[k].append(ByteRange(name, path, a - lo, b - lo if b < hi else None, index))
            index += 1
    return stretches


def shard(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None, index: int, count: int
) -> tuple[list[ByteRange], list[ByteRange]]:
    """The ranges of shard ``index`` (0-based) of ``count``, and the ranges before it (to count)."""
    if not 0 <= index < count:
        raise UsageError(f"{index + 1}/{count} does not exist", option="shard")
    sources = _sources(inputs)
    stretches = _stretches(sources, [_size(p) for _, p in sources], count)
    before = [r for s in stretches[:index] for r in s]
    return stretches[index], before


def parse_shard(spec: str) -> tuple[int, int]:
    """``"I/N"`` (1-based, as a Slurm array counts from 1) → ``(I - 1, N)``; ``UsageError`` otherwise."""
    head, _, tail = spec.partition("/")
    try:
        index, count = int(head), int(tail)
    except ValueError:
        index = count = 0
    if count < 1 or not 1 <= index <= count:
        raise UsageError(f"{spec!r}: expected I/N with 1 <= I <= N (2/8: the second of eight)", option="shard")
    return index - 1, count


def marker_at_or_after(path: str, position: int) -> int | None:
    """The offset of the first entry marker at the start of a line at or after ``position``;
    None when there is none before the end of the file."""
    if position <= 0:
        return 0
    with _open(path) as fh:
        fh.seek(position - 1)
        window = b""
        at = position - 1  # file offset of window[0]
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return None
            window += chunk
            hit = window.find(NL_MARKER)
            if hit >= 0:
                return at + hit + 1
            keep = len(NL_MARKER) - 1
            at += len(window) - keep
            window = window[-keep:]


def _edges(r: ByteRange) -> tuple[int | None, int | None]:
    """The range's true start and end: markers (None for a start: no entry in it; for an end: EOF)."""
    start = marker_at_or_after(r.path, r.start)
    end = marker_at_or_after(r.path, r.end) if r.end is not None else None
    return start, end


def _chunks(r: ByteRange, start: int, on_warning: Warn) -> tuple[Iterator[bytes], int]:
    """The range's bytes from ``start`` to the end of the input, and the offset of the first one."""
    if start > 0:
        return _file_chunks(r.path, start), start
    if _is_url(r.path):
        return _url_chunks(r.path)
    path = Path(r.path)
    return open_chunks(Source(r.source, path), on_warning), bom_length(path)


def _url_chunks(path: str) -> tuple[Iterator[bytes], int]:
    """A remote input's bytes from its start (gunzipped, its byte-order mark dropped)."""
    with _open(path) as fh:
        head = fh.read(len(_UTF8_BOM))
    if head[:2] == _GZIP_MAGIC:
        return _gunzipped(path), 0
    if head == _UTF8_BOM:
        return _file_chunks(path, len(_UTF8_BOM)), len(_UTF8_BOM)
    return _file_chunks(path, 0), 0


def _gunzipped(path: str) -> Iterator[bytes]:
    with _open(path) as raw, gzip.open(raw) as fh:
        while chunk := fh.read(CHUNK_SIZE):
            yield chunk


def _file_chunks(path: str, start: int) -> Iterator[bytes]:
    with _open(path) as fh:
        fh.seek(start)
        while chunk := fh.read(CHUNK_SIZE):
            yield chunk


def _upto(chunks: Iterator[bytes], size: int | None) -> Iterator[bytes]:
    """The first ``size`` bytes of the chunks (all when None)."""
    if size is None:
        yield from chunks
        return
    left = size
    for chunk in chunks:
        if left <= 0:
            return
        yield chunk[:left] if len(chunk) > left else chunk
        left -= len(chunk)


def count_range(r: ByteRange) -> RangeCounts:
    """The lines, entries and page footers of a range (bytes only: no entry is parsed)."""
    start, end = _edges(r)
    if start is None or (end is not None and end <= start):
        return RangeCounts(0, 0, 0)
    chunks, offset = _chunks(r, start, _ignore)
    lines = 0

    def counted(chunks: Iterator[bytes]) -> Iterator[bytes]:
        nonlocal lines
        for chunk in chunks:
            lines += chunk.count(b"\n")
            yield chunk

    decoder = TextDecoder(r.source, _ignore)
    entries = pages = 0
    last_page, last_fed = 1, False
    size = None if end is None else end - offset
    for raw in split_entries(r.source, counted(_upto(chunks, size)), decoder, offset=offset):
        entries += 1
        last_page, last_fed = raw.page, raw.feed is not None
    if entries:
        pages = last_page - 1 + last_fed
    return RangeCounts(lines, entries, pages)


def bases(ranges: list[ByteRange], counts: list[RangeCounts], first_seq: int = 1) -> list[RangeBase]:
    """Each range's first line, page and seq, from the counts of the ranges before it.

    Lines and pages start again with each input; seq runs on across inputs.
    """
    out: list[RangeBase] = []
    line = page = 1
    seq = first_seq
    previous: str | None = None
    for r, c in zip(ranges, counts, strict=True):
        if r.path != previous or r.index == 0:
            line = page = 1
            previous = r.path
        out.append(RangeBase(line, page, seq))
        line += c.lines
        page += c.pages
        seq += c.entries
    return out


def parse_range(r: ByteRange, base: RangeBase | None = None, on_warning: Warn | None = None) -> Iterator[Article]:
    """The articles of one range, numbered from ``base`` (default: as if the range began its input).

    Reads on past the range's end until its last page's footer; warnings about what lies past
    the end are left to the range that owns it.
    """
    base = base or RangeBase()
    warn = on_warning or default_warn
    start, end = _edges(r)
    if start is None or (end is not None and end <= start):
        return
    stop_line: list[int] = []  # the line the next range starts on, once the reading has passed it

    def owned(diagnostic: Diagnostic) -> None:
        if stop_line and diagnostic.line is not None and diagnostic.line >= stop_line[0]:
            return
        warn(diagnostic)

    chunks, offset = _chunks(r, start, owned)
    if start > 0:
        decoder = _surveyed(r, owned)
    else:
        decoder = TextDecoder(r.source, owned)

    def watched(chunks: Iterator[bytes]) -> Iterator[bytes]:
        at, line = offset, base.line
        for chunk in chunks:
            if end is not None and not stop_line and at + len(chunk) >= end:
                stop_line.append(line + chunk.count(b"\n", 0, end - at))
            line += chunk.count(b"\n")
            at += len(chunk)
            yield chunk

    seq = base.seq
    for raw in split_entries(r.source, watched(chunks), decoder, line=base.line, page=base.page, offset=offset):
        if end is not None and raw.offset >= end:
            break
        yield parse_entry(raw, seq)
        seq += 1


def _surveyed(r: ByteRange, on_warning: Warn) -> TextDecoder:
    """A decoder for a range inside an input, in the state its input's first chunk puts one in."""
    decoder = TextDecoder(r.source, _ignore)
    with _open(r.path) as fh:
        head = fh.read(CHUNK_SIZE)
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM) :]
    decoder.survey(head)
    return TextDecoder.restored(r.source, on_warning, decoder.state)


def iter_ranges(
    ranges: list[ByteRange],
    before: list[ByteRange] | None = None,
    on_warning: Warn | None = None,
    count: Callable[[ByteRange], RangeCounts] = count_range,
) -> Iterator[Article]:
    """The articles of consecutive ranges, numbered as a whole run would number them.

    ``before`` are the ranges that precede them (another shard's): they are counted, not parsed.
    """
    if not ranges:
        return
    before = before or []
    counts = [count(r) for r in [*before, *ranges[:-1]]]
    counts.append(RangeCounts(0, 0, 0))  # the last range's counts number nothing after it
    starts = bases(before + ranges, counts)[len(before) :]
    for r, b in zip(ranges, starts, strict=True):
        yield from parse_range(r, b, on_warning)
