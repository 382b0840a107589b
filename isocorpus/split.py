"""Entry boundaries, page footers and pages, found on bytes.

An entry starts at a line that begins with the reader's buttons (``MARKER``); the text before
the first marker is a preamble. A page ends with its footer (``As of … Last new ….`` and/or
``Next feed in category: …``), which belongs to the page, not to its last entry; text between a
footer and the next marker is the next page's preamble. Entries wait for their page's footer
(so each record can carry it), but never more than ``MAX_PENDING`` of them: past that they go
out with no feed and one warning, and never more than ``MAX_PENDING_BYTES`` of them, so memory is
bounded by a page (and by the largest entry), never by the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from .errors import Diagnostic
from .model import Feed
from .sources import MARKER, NO_ENTRIES, UTF8_BOM, OnRead, Source, TextDecoder, Warn, open_chunks
from .timestamps import TimestampError, find_timestamp, to_datetime

NL_MARKER = b"\n" + MARKER
#: Entries held back waiting for their page's footer before they go out with ``feed: null``.
MAX_PENDING = 1000
#: Bytes of entries held back waiting for their page's footer (a page of the corpus is 270 KB).
MAX_PENDING_BYTES = 16 << 20
#: The most bytes of one entry kept: past it the entry is cut (one warning) and the rest of it
#: skipped up to the next marker, so a gzip bomb (a few MB inflating to one entry of gigabytes)
#: costs no more memory than an entry of this size. The corpus's longest entry is 40 KB.
MAX_ENTRY_BYTES = 64 << 20

#: How the lines of a page footer open (with the newline before them): ``is_footer_line`` judges the rest.
AS_OF = b"\nAs of "
NEXT_FEED = b"\nNext feed in category:"
#: Text each footer line must hold, searched first (``re`` finds this literal faster than ``in``).
_LAST_NEW = re.compile(b"Last new")
_NEXT_FEED_TEXT = NEXT_FEED[1:]

#: A reader timestamp's shape (``4/19/19 7:56am``), possible or not: ``_moment`` judges it.
_STAMP = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\s+\d{1,2}:\d{2}\s*[aApP]\.?[mM]\.?"
_AS_OF_LINE = re.compile(rf"As of ({_STAMP})\.?\s+Last new ({_STAMP})\.?\s*", re.ASCII)
_NEXT_FEED_LINE = re.compile(r"Next feed in category:\s*(.*?)\s*")


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry's bytes, before parsing, with where it came from and its page's footer."""

    source: str
    """The input's name."""
    line: int
    """The 1-based line of the entry marker."""
    data: bytes
    """The entry's bytes, from its marker line to the next marker (or the page footer)."""
    page: int
    """The 1-based page of the input."""
    feed: Feed | None
    """The page's footer, or None when the page has none (or had too many entries to wait)."""
    decoder: TextDecoder
    """Decodes this input's entries (UTF-8 or cp1252)."""


def cut_chunks(chunks: Iterable[bytes]) -> Iterator[tuple[int, bytes, list[int], int, int]]:
    """Regroup an input's byte chunks so that each holds whole entries: (line, buffer, starts, end, cut).

    The preamble before the first marker is dropped (its lines are counted). A chunk's last
    entry is carried into the next chunk until the next marker shows where it ends, so an
    entry is never split, and memory is bounded by a chunk plus the largest entry (at most
    ``MAX_ENTRY_BYTES``).

    The entries are ``buffer[starts[0]:end]``; ``line`` is the line of the first marker for
    the first run and 0 afterwards (the caller counts the lines of what it was given). The
    carried entry is kept in pieces and only the new bytes are searched (with the few before
    them a marker could straddle), so an entry of any size costs time in proportion to its
    size: joining it to every new chunk and searching it again cost minutes for a few hundred
    megabytes. An entry that grows past ``MAX_ENTRY_BYTES`` is kept up to there and goes out
    alone, with ``cut`` the number of line ends skipped after it (-1 for a run not cut).
    """
    overlap = len(NL_MARKER) - 1
    carry = b""  # before the first marker: what could begin one
    parts: list[bytes] = []  # after it: the carried entry's pieces, the first starting at a marker
    size = 0  # bytes in parts
    line = 1  # line of carry[0] while in the preamble
    started = False
    line_start = True  # carry[0] begins a line (the input's start does)
    cut = -1  # once the carried entry is cut: the line ends skipped since
    recent = b""  # once it is cut: the last bytes skipped (a marker could begin in them)
    for chunk in chunks:
        if not chunk:
            continue
        if not started:
            buf = carry + chunk if carry else chunk
            if line_start and buf.startswith(MARKER):
                first = 0
            else:
                hit = buf.find(NL_MARKER)
                if hit < 0:  # still preamble: keep only what could begin a marker
                    keep = max(len(buf) - len(NL_MARKER), 0)
                    if keep:
                        line_start = buf[keep - 1] == 0x0A
                    line += buf.count(b"\n", 0, keep)
                    carry = buf[keep:]
                    continue
                first = hit + 1
            line += buf.count(b"\n", 0, first)
            chunk = buf[first:]
            carry = b""
            started = True
        if cut >= 0:  # skipping the rest of a cut entry, looking for the next marker
            window = recent + chunk
            pos = window.find(NL_MARKER)
            if pos < 0:
                cut += chunk.count(b"\n")
                recent = window[-overlap:]
                continue
            cut += window.count(b"\n", len(recent), pos + 1)
            buf = b"".join(parts)
            yield line, buf, [0], len(buf), cut
            line = 0
            parts, size, cut, recent = [], 0, -1, b""
            chunk = window[pos + 1 :]  # from the next marker on
        # Search the new bytes, and the last few carried ones a marker could begin in.
        tail = _tail(parts, overlap)
        offset = size - len(tail)  # where the window starts in the carried entry + chunk
        window = tail + chunk if tail else chunk
        pos = window.find(NL_MARKER, max(1 - offset, 0))
        if pos < 0:
            if size + len(chunk) > MAX_ENTRY_BYTES:
                room = max(MAX_ENTRY_BYTES - size, 0)
                parts.append(chunk[:room])
                size += room
                cut = chunk.count(b"\n", room)
                recent = window[-overlap:]
                continue
            parts.append(chunk)
            size += len(chunk)
            continue
        starts = [0]
        while pos >= 0:
            starts.append(offset + pos + 1)
            pos = window.find(NL_MARKER, pos + 1)
        last = starts.pop()
        buf = b"".join([*parts, chunk]) if parts else chunk
        yield line, buf, starts, last, -1
        line = 0
        rest = buf[last:]
        parts = [rest]
        size = len(rest)
    if started and size:
        buf = b"".join(parts)
        yield line, buf, [0], len(buf), cut


def _bytes(n: int) -> str:
    return f"{n >> 20} MB" if n >= 1 << 20 else f"{n:,} bytes"


def _tail(parts: list[bytes], n: int) -> bytes:
    """The last ``n`` bytes of the pieces (fewer if they hold fewer), joining only the last few."""
    taken: list[bytes] = []
    have = 0
    for piece in reversed(parts):
        taken.append(piece[-(n - have) :])
        have += len(taken[-1])
        if have >= n:
            break
    return b"".join(reversed(taken))


def _split_footer(data: bytes, line: int, decoder: TextDecoder) -> tuple[bytes, Feed | None]:
    """Cut the page footer, if any, off an entry's bytes; what follows it is a preamble."""
    if _NEXT_FEED_TEXT not in data and _LAST_NEW.search(data) is None:
        return data, None  # neither footer line can match (the usual entry: one fast scan each)
    cut = -1
    for needle in (AS_OF, NEXT_FEED):
        pos = data.find(needle)
        while pos >= 0:
            if is_footer_line(data, pos, len(data)):
                if cut < 0 or pos < cut:
                    cut = pos
                break
            pos = data.find(needle, pos + 1)
    if cut < 0:
        return data, None
    footer_line = line + data.count(b"\n", 0, cut) + 1
    return data[: cut + 1], _parse_footer(data[cut + 1 :], footer_line, decoder)


def is_footer_line(data: bytes, pos: int, end: int) -> bool:
    """Whether the line after the newline at ``pos`` (which opens with ``AS_OF`` or ``NEXT_FEED``)
    is a whole page-footer line: ``As of … Last new …`` or ``Next feed in category: …``.

    ``end`` bounds the line (the end of the entry's bytes).
    """
    stop = data.find(b"\n", pos + 1, end)
    text = data[pos + 1 : stop if stop >= 0 else end].decode("utf-8", "replace").strip()
    line = _AS_OF_LINE if data.startswith(AS_OF, pos) else _NEXT_FEED_LINE
    return line.fullmatch(text) is not None


def _parse_footer(data: bytes, line: int, decoder: TextDecoder) -> Feed:
    text, _ = decoder.decode(data, line)
    as_of = last_new = None
    next_feed = None
    for raw in text.split("\n"):
        stripped = raw.strip()
        if as_of is None and last_new is None and (m := _AS_OF_LINE.fullmatch(stripped)):
            as_of = _moment(m.group(1), decoder, line)
            last_new = _moment(m.group(2), decoder, line)
        elif next_feed is None and (m := _NEXT_FEED_LINE.fullmatch(stripped)):
            next_feed = m.group(1).replace("\ufeff", "").strip() or None
            break
        elif stripped and (as_of or last_new):
            break  # the next page's preamble
    return Feed(as_of, last_new, next_feed, line)


def _moment(text: str, decoder: TextDecoder, line: int) -> datetime | None:
    match = find_timestamp(text)
    if match is None:
        decoder.on_warning(Diagnostic(decoder.source, line, f"unreadable footer timestamp {text!r}"))
        return None
    try:
        return to_datetime(match)
    except TimestampError as exc:
        decoder.on_warning(Diagnostic(decoder.source, line, f"footer: {exc}"))
        return None


def glued_marker(entry: bytes, footer_at: int) -> int:
    """Offset of an entry marker that dumps joined with ``cat`` glued after this page's footer.

    A file that ends without a newline glues the next file's first marker onto its footer's
    ``Next feed in category:`` line; a file that starts with a byte-order mark puts the mark
    before its first marker. Either way the marker is not at a line start, and without this
    the next file's first entry would vanish into a preamble. -1 when there is none.
    """
    pos = entry.find(MARKER, footer_at)
    while pos >= 0:
        line_start = entry.rfind(b"\n", 0, pos) + 1
        prefix = entry[line_start:pos]
        if prefix == UTF8_BOM or _NEXT_FEED_LINE.fullmatch(prefix.decode("utf-8", "replace").strip()):
            return pos
        pos = entry.find(MARKER, pos + 1)
    return -1


def _without_feed(name: str, pending: list[tuple[int, bytes]], page: int, decoder: TextDecoder) -> Iterator[RawEntry]:
    """The held-back entries, with no feed; the list is emptied as they go (so it holds no bytes)."""
    pending.reverse()
    while pending:
        line, data = pending.pop()
        yield RawEntry(name, line, data, page, None, decoder)


def iter_raw_entries(
    source: Source, on_warning: Warn, on_read: OnRead | None = None, on_inflate: OnRead | None = None
) -> Iterator[RawEntry]:
    """The entries of one input, each with its page and page footer, in input order.

    ``on_read`` is told how many bytes each read took from the input (see ``open_chunks``).
    """
    decoder = TextDecoder(source.name, on_warning)
    page = 1
    pending: list[tuple[int, bytes]] = []
    pending_bytes = 0
    overflowing = False
    seen = 0
    read = [0]

    def _counted(chunks: Iterable[bytes]) -> Iterator[bytes]:
        for c in chunks:
            if not read[0]:
                decoder.survey(c)
            read[0] += len(c)
            yield c

    line = 0
    for first_line, buf, starts, end, cut in cut_chunks(_counted(open_chunks(source, on_warning, on_read, on_inflate))):
        line = first_line or line
        bounds = starts[1:]
        bounds.append(end)
        if cut >= 0:
            on_warning(
                Diagnostic(
                    source.name,
                    line,
                    f"entry longer than {_bytes(MAX_ENTRY_BYTES)}: cut there, the rest of it skipped",
                )
            )
        for start, stop in zip(starts, bounds, strict=True):
            entry = buf[start:stop]
            while entry:
                seen += 1
                body, feed = _split_footer(entry, line, decoder)
                glued = glued_marker(entry, len(body)) if feed is not None else -1
                if glued >= 0:
                    body, feed = _split_footer(entry[:glued], line, decoder)
                entry_line = line
                line += entry.count(b"\n", 0, glued if glued >= 0 else len(entry))
                if overflowing:
                    yield RawEntry(source.name, entry_line, body, page, None, decoder)
                else:
                    pending.append((entry_line, body))
                    pending_bytes += len(body)
                if feed is not None:
                    for pl, pb in pending:
                        yield RawEntry(source.name, pl, pb, page, feed, decoder)
                    pending.clear()
                    pending_bytes = 0
                    overflowing = False
                    page += 1
                elif len(pending) >= MAX_PENDING or pending_bytes >= MAX_PENDING_BYTES:
                    what = (
                        f"{MAX_PENDING} entries"
                        if len(pending) >= MAX_PENDING
                        else f"{MAX_PENDING_BYTES / (1 << 20):g} MB of entries"
                    )
                    on_warning(
                        Diagnostic(source.name, pending[0][0], f"no page footer after {what}; they go out with no feed")
                    )
                    yield from _without_feed(source.name, pending, page, decoder)
                    pending_bytes = 0
                    overflowing = True
                if glued < 0:
                    break
                on_warning(
                    Diagnostic(
                        source.name,
                        line,
                        "entry marker glued to the end of a page (dumps joined without a final newline, "
                        "or with a byte-order mark?): read as a new entry",
                    )
                )
                entry = entry[glued:]
        if cut > 0:
            line += cut  # the line ends of the part of a cut entry that was skipped
    yield from _without_feed(source.name, pending, page, decoder)
    if not seen and read[0]:
        on_warning(Diagnostic(source.name, None, NO_ENTRIES))
    elif not read[0]:
        on_warning(Diagnostic(source.name, None, "empty", note=True))
