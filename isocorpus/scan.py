"""grep's fast path: find candidates in the raw bytes, classify only the lines around them.

Parsing every entry of a gigabyte of dumps takes seconds; finding a literal in its bytes takes
a tenth of one. So ``count_file`` (``grep -c``) never parses an entry: a byte-level engine
(``Finder``) finds the lines that hold one of the query's needles (``Query.needles``), and each
such line is placed in its entry (marker, page footer, header) and given the block kind the
parser would give it (``EntryView.classify``), by looking only at the lines around it. The ``regex``
module then judges the block's text, so the pre-filter only ever over-approximates: a line it
misses cannot hold a match. ``grep.iter_hits`` uses the same finder to skip, unparsed, every
entry with no candidate.

Engines, the first that works here: Hyperscan (``hyperscan``, SIMD, x86-64 Linux), RE2
(``google-re2``, linear time, wheels for Linux, macOS and Windows on x86 and ARM), and
``bytes.lower()`` + ``find`` anywhere. They may report different candidate lines, never fewer
than those holding a needle, and the ``regex`` module judges each, so results never depend on
which is present. A large regular file is cut at entry markers into ranges that processes
count in parallel.

Whether a candidate line is searched at all must agree exactly with ``parse.parse_entry``:
``tests/test_scan.py`` compares the two on every fixture, the bundled corpus and generated dumps.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from .blocks import (
    LONG_KINDS,
    SHORT_MAX,
    collapse_doubled,
    group_kinds,
    is_numbered,
    notes_after,
    opens_provenance,
    passed_by_provenance,
    single_kind,
)
from .errors import InputError, IsocorpusError, SearchTimeoutError
from .model import BlockKind
from .search import BYLINE, Query
from .search import timeout_message as _timeout_message
from .sources import MARKER, Source
from .split import _AS_OF, _AS_OF_LINE, _NEXT_FEED, _NEXT_FEED_LINE, NL_MARKER, _glued_marker

#: Bytes read at a time by the file scanner.
BLOCK_SIZE = 1 << 20
#: A file is split between processes only when each gets at least this much.
MIN_RANGE = 1 << 25

#: Non-ASCII characters that the ``regex`` module matches to an ASCII letter when case is
#: ignored (simple case folding): İ ı for i, ſ for s, K (Kelvin) for k. A test checks the table.
CASE_EXTRAS: dict[str, tuple[str, ...]] = {"i": ("\u0130", "\u0131"), "s": ("\u017f",), "k": ("\u212a",)}
#: The shortest needle worth a pre-filter: below this nearly every line is a candidate.
MIN_NEEDLE = 3


# --- engines -----------------------------------------------------------------------------------


class Finder:
    """Finds, in bytes, the positions where a query's needles may occur (a superset: never fewer)."""

    engine = "none"

    def positions(self, data: bytes, lo: int, hi: int) -> Iterator[int]:  # pragma: no cover - abstract
        """Increasing offsets in ``data[lo:hi]``, each inside an occurrence (on its first or last byte)."""
        raise NotImplementedError

    def search(self, data: bytes) -> bool:
        """Whether ``data`` holds an occurrence at all."""
        return next(self.positions(data, 0, len(data)), -1) >= 0

    def footer_lines(self, data: bytes, lo: int, hi: int) -> Iterator[int]:
        """Increasing offsets of the newlines before the lines that may be page footers.

        Those are the lines that open like ``As of `` or ``Next feed in category:``
        (``split._split_footer`` then checks each whole line).
        """
        return _merge(_find_all(data, _AS_OF, lo, hi), _find_all(data, _NEXT_FEED, lo, hi))


class RE2Finder(Finder):
    """RE2 over the raw bytes (Latin-1 mode: any byte is a character, nothing is invalid)."""

    engine = "re2"

    def __init__(self, needles: tuple[str, ...], ignore_case: bool) -> None:
        import re2  # google-re2

        self.needles = needles
        self.ignore_case = ignore_case
        options = re2.Options()
        options.encoding = re2.Options.Encoding.LATIN1
        options.case_sensitive = not ignore_case
        pattern = b"|".join(_re2_needle(n, ignore_case) for n in needles)
        self._match = re2.compile(pattern, options)._regexp.Match
        self._anchor = re2._Anchor.UNANCHORED
        exact = re2.Options()
        exact.encoding = re2.Options.Encoding.LATIN1
        footers = b"|".join(_escape_bytes(n) for n in (_AS_OF, _NEXT_FEED))
        self._footer = re2.compile(footers, exact)._regexp.Match

    def __reduce__(self) -> tuple[Any, ...]:
        return (RE2Finder, (self.needles, self.ignore_case))

    def positions(self, data: bytes, lo: int, hi: int) -> Iterator[int]:
        return _re2_positions(self._match, self._anchor, data, lo, hi)

    def footer_lines(self, data: bytes, lo: int, hi: int) -> Iterator[int]:
        return _re2_positions(self._footer, self._anchor, data, lo, hi)


def _re2_positions(match: Any, anchor: Any, data: bytes, lo: int, hi: int) -> Iterator[int]:
    pos = lo
    while pos < hi:
        span = match(anchor, data, pos, hi)[0]
        if span[0] < 0:
            return
        yield span[0]
        pos = span[1] if span[1] > span[0] else span[0] + 1


def _re2_needle(needle: str, ignore_case: bool) -> bytes:
    out: list[bytes] = []
    for ch in needle:
        lit = ch.encode("ascii")
        piece = lit if ch.isalnum() else b"\\x%02x" % ord(ch)
        extras = CASE_EXTRAS.get(ch.lower(), ()) if ignore_case else ()
        if extras:
            alts = [piece, *(b"".join(b"\\x%02x" % b for b in e.encode("utf-8")) for e in extras)]
            piece = b"(?:" + b"|".join(alts) + b")"
        out.append(piece)
    return b"".join(out)


class HyperscanFinder(Finder):
    """Hyperscan (Intel's SIMD engine; Linux on x86-64 only) over the raw bytes: the fastest, when present.

    Its positions are the last byte of each occurrence; it may report overlapping ones.
    """

    engine = "hyperscan"

    def __init__(self, needles: tuple[str, ...], ignore_case: bool) -> None:
        import hyperscan

        self.needles = needles
        self.ignore_case = ignore_case
        flags = hyperscan.HS_FLAG_CASELESS if ignore_case else 0
        self._db = _hs_database([_re2_needle(n, ignore_case) for n in needles], flags)
        self._stop = hyperscan.ScanTerminated
        # Page footers are looked for entry by entry, in a few kilobytes: RE2 starts faster there.
        self._footers = RE2Finder(needles, ignore_case) if have_re2() else Finder()

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyperscanFinder, (self.needles, self.ignore_case))

    def positions(self, data: bytes, lo: int, hi: int) -> Iterator[int]:
        ends: list[int] = []
        self._db.scan(_view(data, lo, hi), match_event_handler=_collect_end, context=ends)
        return (lo + e - 1 for e in ends)

    def search(self, data: bytes) -> bool:
        try:
            self._db.scan(data, match_event_handler=_stop_at_first)
        except self._stop:
            return True
        return False

    def footer_lines(self, data: bytes, lo: int, hi: int) -> Iterator[int]:
        return self._footers.footer_lines(data, lo, hi)


def _hs_database(expressions: list[bytes], flags: int) -> Any:
    import hyperscan

    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=expressions,
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[flags] * len(expressions),
    )
    return db


def _view(data: bytes, lo: int, hi: int) -> bytes | memoryview:
    return data if lo == 0 and hi == len(data) else memoryview(data)[lo:hi]


def _collect_end(ident: int, start: int, end: int, flags: int, ends: list[int]) -> None:
    ends.append(end)


def _stop_at_first(*_: object) -> bool:
    return True


def _escape_bytes(text: bytes) -> bytes:
    return b"".join(b"\\x%02x" % c for c in text)


class BytesFinder(Finder):
    """The portable engine: ``bytes.find``, on ``bytes.lower()`` when case is ignored.

    ``bytes.lower()`` folds ASCII only, so when case is ignored the non-ASCII characters that
    fold to a needle's letters (``CASE_EXTRAS``: ſ, K, İ, ı) are looked for on their own: any
    line holding one is a candidate. Lines may be reported that RE2 would not report; the
    ``regex`` module drops them, and the results are the same.
    """

    engine = "bytes"

    def __init__(self, needles: tuple[str, ...], ignore_case: bool) -> None:
        self.needles = needles
        self.ignore_case = ignore_case
        self.pieces = tuple((n.lower() if ignore_case else n).encode("ascii") for n in needles)
        extras = {e for n in needles for ch in n.lower() for e in CASE_EXTRAS.get(ch, ())} if ignore_case else set()
        self.extras = tuple(sorted(e.encode("utf-8") for e in extras))

    def positions(self, data: bytes, lo: int, hi: int) -> Iterator[int]:
        if not self.ignore_case:
            return _merge(*(_find_all(data, piece, lo, hi) for piece in self.pieces))
        hay = data[lo:hi].lower()
        found: list[Iterator[int]] = [(p + lo for p in _find_all(hay, piece, 0, hi - lo)) for piece in self.pieces]
        for extra in self.extras:
            # Rare characters: a one-byte look (memchr) for their least common byte comes first.
            if data.find(extra[1:2] if extra[:1] == b"\xe2" else extra[:1], lo, hi) >= 0:
                found.append(_find_all(data, extra, lo, hi))
        return found[0] if len(found) == 1 else _merge(*found)


def _merge(*iterators: Iterator[int]) -> Iterator[int]:
    """Increasing offsets from several increasing iterators, each once."""
    import heapq

    last = -1
    for p in heapq.merge(*iterators):
        if p != last:
            yield p
            last = p


def _find_all(hay: bytes, needle: bytes, start: int, end: int) -> Iterator[int]:
    find = hay.find
    step = len(needle)
    pos = find(needle, start, end)
    while pos >= 0:
        yield pos
        pos = find(needle, pos + step, end)


_PLAIN = Finder()


def have_re2() -> bool:
    """Whether the RE2 engine (``google-re2``) can be used."""
    try:
        import re2  # noqa: F401
    except ImportError:
        return False
    return True


def have_hyperscan() -> bool:
    """Whether the Hyperscan engine (``hyperscan``, x86-64 Linux) can be used on this machine."""
    try:
        HyperscanFinder(("probe",), True)
    except Exception:  # not installed, or a CPU it does not support
        return False
    return True


def engines() -> list[str]:
    """The engines usable here, the preferred first (``bytes`` always works)."""
    return [name for name, ok in (("hyperscan", have_hyperscan), ("re2", have_re2)) if ok()] + ["bytes"]


def make_finder(query: Query, engine: str | None = None) -> Finder | None:
    """A byte-level pre-filter for ``query``, or None when the query gives nothing to look for.

    ``engine`` forces ``"hyperscan"``, ``"re2"`` or ``"bytes"`` (tests compare them); by default
    the first of those that works here. None when the query has no needles (fuzzy, accent
    folding, patterns whose literal parts cannot be told) or only ones too short to be worth it.
    """
    needles = query.needles
    if not needles or min(len(n) for n in needles) < MIN_NEEDLE:
        return None
    if engine is None:
        engine = _preferred()
    if engine == "hyperscan":
        return HyperscanFinder(needles, query.ignore_case)
    if engine == "re2":
        return RE2Finder(needles, query.ignore_case)
    return BytesFinder(needles, query.ignore_case)


_PREFERRED: list[str] = []


def _preferred() -> str:
    if not _PREFERRED:
        _PREFERRED.append(engines()[0])
    return _PREFERRED[0]


# --- entries and lines in a buffer -------------------------------------------------------------


def _stripped(data: bytes, start: int, end: int, encoding: str) -> str:
    """The text of ``data[start:end]`` (one line), decoded and stripped as the parser does."""
    return data[start:end].decode(encoding, "replace").strip()


def footer_cut(data: bytes, start: int, end: int, finder: Finder | None = None) -> int:
    """End of an entry's body: where its page footer starts (``split._split_footer``'s rule), or ``end``.

    The footer is the first line of the entry that is a whole ``As of … Last new ….`` or
    ``Next feed in category: …`` line; ``finder`` (any engine) finds the lines to check.
    """
    for pos in (finder or _PLAIN).footer_lines(data, start, end):
        stop = data.find(b"\n", pos + 1, end)
        text = data[pos + 1 : stop if stop >= 0 else end].decode("utf-8", "replace").strip()
        line = _AS_OF_LINE if data.startswith(_AS_OF, pos) else _NEXT_FEED_LINE
        if line.fullmatch(text):
            return pos + 1
    return end


class EntryView:
    """One entry inside a buffer, read lazily: body bounds, header, lines around a position."""

    __slots__ = ("data", "start", "end", "body_end", "encoding", "header_end", "byline_start", "_last", "_notes_at")

    def __init__(self, data: bytes, start: int, end: int, encoding: str, finder: Finder | None = None) -> None:
        self.data = data
        self.start = start
        """Offset of the entry's marker line."""
        self.end = end
        """Offset just past the entry (the next marker, or the end of the data)."""
        self.body_end = footer_cut(data, start, end, finder)
        """Offset just past the body: lines starting at or after it are the page footer's."""
        self.encoding = encoding
        self._last: tuple[int, list[str], list[int], int, int, bool] | None = None
        self._notes_at: tuple[int, bool] | None = None
        self._read_header()

    # Lines: the body's text split on "\n"; a line starting at ``s`` exists when s <= body_end.

    def _line_end(self, s: int) -> int:
        e = self.data.find(b"\n", s, self.body_end)
        return e if e >= 0 else self.body_end

    def _text(self, s: int) -> str:
        return _stripped(self.data, s, self._line_end(s), self.encoding)

    def _is_blank(self, s: int) -> bool:
        """Whether the line at ``s`` is blank (strips to nothing); decodes only when it must."""
        if s >= self.body_end:
            return True
        c = self.data[s]
        if c == 10:
            return True
        if 0x21 <= c <= 0x7E:
            return False
        return not self._text(s)

    def _next(self, s: int) -> int:
        """Start of the line after the one starting at ``s`` (past ``body_end`` when none)."""
        e = self.data.find(b"\n", s, self.body_end)
        return e + 1 if e >= 0 else self.body_end + 1

    def _prev(self, s: int) -> int:
        """Start of the line before the one starting at ``s`` (``s`` > ``start``)."""
        if s - 2 >= self.start and self.data[s - 2] == 10:
            return s - 1
        return self.data.rfind(b"\n", self.start, s - 1) + 1 or self.start

    def _read_header(self) -> None:
        """Marker, blank lines, ``[l]`` timestamp and byline, as ``parse_entry`` reads them."""
        data, limit = self.data, self.body_end
        s = self._next(self.start)
        while s <= limit and self._is_blank(s):
            s = self._next(s)
        if s <= limit and (data.startswith(b"[l]", s) or self._text(s).startswith("[l]")):
            s = self._next(s)
        self.byline_start = -1
        if s <= limit and not self._is_blank(s):
            self.byline_start = s
            s = self._next(s)
        self.header_end = s
        """Start of the first line after the header: where the parser starts grouping blocks."""

    def glued(self) -> int:
        """Offset of an entry marker glued after this entry's page footer (``cat``-joined dumps), or -1.

        The reader starts a new entry there (``split._glued_marker``); it looks only in an entry
        that has a footer, from the footer's first line.
        """
        if self.body_end >= self.end:
            return -1
        g = _glued_marker(self.data[self.start : self.end], self.body_end - self.start)
        return self.start + g if g >= 0 else -1

    @property
    def byline(self) -> str:
        """The byline's text ('' when there is none)."""
        return self._text(self.byline_start) if self.byline_start >= 0 else ""

    def _group(self, s: int) -> tuple[int, list[str], int, int]:
        """The group (run of non-blank lines) holding the non-blank line at ``s``.

        Returns its first line's start, its texts, the index of ``s`` in it, and the start of
        the line after it. A group never reaches into the header.
        """
        before: list[str] = []
        g = s
        while g > self.header_end:
            p = self._prev(g)
            if self._is_blank(p):
                break
            before.append(self._text(p))
            g = p
        before.reverse()
        j = len(before)
        before.append(self._text(s))
        n = self._next(s)
        while n <= self.body_end and not self._is_blank(n):
            before.append(self._text(n))
            n = self._next(n)
        return g, before, j, n

    def _starts(self, g: int, n: int) -> list[int]:
        """Starts of the ``n`` lines from ``g``."""
        starts = [g]
        for _ in range(n - 1):
            starts.append(self._next(starts[-1]))
        return starts

    def _gap_before(self, g: int) -> tuple[int, int]:
        """Blank lines before the group starting at ``g``, and the start of the line before them.

        That start is -1 when only blank lines separate the group from the header: it is the
        first group (the lede's).
        """
        gap = 0
        b = g
        while b > self.header_end:
            p = self._prev(b)
            if not self._is_blank(p):
                return gap, p
            gap += 1
            b = p
        return gap, -1

    def _is_closing(self, after: int) -> bool:
        """Whether only groups the provenance look-back passes over (insets) follow."""
        n = after
        while True:
            gap = 0
            while n <= self.body_end and self._is_blank(n):
                gap += 1
                n = self._next(n)
            if n > self.body_end:
                return True
            _, lines, _, n = self._group(n)
            if not passed_by_provenance(lines, gap):
                return False

    def _in_notes(self, g: int) -> bool:
        """Whether the parser is inside a notes section when it reaches the group starting at ``g``.

        Walks back to the nearest group that sets the state: a heading (notes or not), or a
        notes heading with its numbered notes under it. Numbered lines never change it.
        """
        if self._notes_at is not None and self._notes_at[0] == g:
            return self._notes_at[1]
        found = self._find_in_notes(g)
        self._notes_at = (g, found)
        return found

    def _find_in_notes(self, g: int) -> bool:
        cur = g
        while True:
            _, last = self._gap_before(cur)
            if last < 0:
                return False
            h, lines, _, after = self._group(last)
            gap, before = self._gap_before(h)
            if before < 0:
                return False  # the lede's group: nothing in it sets the state
            state = notes_after(lines, gap)
            if state is not None and not (len(lines) == 1 and opens_provenance(lines[0]) and self._is_closing(after)):
                return state
            cur = h

    def classify(self, s: int, e: int = -1) -> tuple[str, str] | None:
        """(kind, block text) of the line starting at ``s``, or None when it is no block.

        ``kind`` is a ``BlockKind`` value or ``byline``; None for the marker, the timestamp,
        blank lines and the page footer. The rules are ``parse_entry``'s, applied to the
        lines around ``s`` only. ``e``, when known, is the offset of the line's newline.
        """
        header_end, body_end = self.header_end, self.body_end
        if s < header_end:
            return (BYLINE, self.byline) if s == self.byline_start else None
        if s > body_end:
            return None
        data = self.data
        if e < 0 or e > body_end:
            e = data.find(b"\n", s, body_end)
            if e < 0:
                e = body_end
        text = data[s:e].decode(self.encoding, "replace").strip()
        if not text:
            return None
        # The common case, a line alone between empty lines after a line of text (gap 1, not the
        # first group), told from single bytes; then a line alone between blank lines.
        if (
            s - 1 > header_end
            and data[s - 2] == 10
            and (e >= body_end - 1 or data[e + 1] == 10)
            and 0x21 <= data[s - 3] <= 0x7E
        ):
            return self._single(text, 1, s, e + 1, False)
        if s > header_end and self._is_blank(self._prev(s)) and (e >= body_end or self._is_blank(e + 1)):
            gap, before = self._gap_before(s)
            if before >= 0:
                return self._single(text, gap, s, e + 1, False)
        cached = self._last
        if cached is not None and cached[0] <= s < cached[3]:
            g, lines, offsets, after, gap, first_group = cached
            j = offsets.index(s)
        else:
            g, lines, j, after = self._group(s)
            gap, before = self._gap_before(g)
            first_group = before < 0
            if len(lines) > 1:  # the next candidate is likely in the same list or notes
                self._last = (g, lines, self._starts(g, len(lines)), after, gap, first_group)
        if first_group:
            if j == 0:
                return (BlockKind.LEDE.value, text)
            lines, j, gap = lines[1:], j - 1, 0  # the rest of the lede's group: a group with no gap
        if len(lines) == 1:
            return self._single(text, gap, g, after, first_group)
        in_notes = not first_group and is_numbered(lines[0]) and self._in_notes(g)
        first_kind, kind = group_kinds(lines, gap, in_notes)
        return ((first_kind if j == 0 else kind).value, text)

    def _single(self, text: str, gap: int, g: int, after: int, first_group: bool) -> tuple[str, str]:
        """The kind of a one-line group (not the lede) after ``gap`` blank lines."""
        if opens_provenance(text) and self._is_closing(after):
            return (BlockKind.PROVENANCE.value, text)
        in_notes = not first_group and is_numbered(text) and self._in_notes(g)
        kind = single_kind(text, gap, in_notes)
        return (kind.value, collapse_doubled(text) if kind is BlockKind.INSET else text)


# --- counting -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """What a count found: matches, the entries that held one, and the entries looked at."""

    matches: int = 0
    """Matches counted (each article's capped by ``max_per_article``)."""
    articles: int = 0
    """Entries with at least one match."""
    entries: int = 0
    """Entries looked at (only counted when asked for)."""

    def add(self, other: Tally) -> None:
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
) -> Tally:
    """Count the matches in ``data[lo:hi]``, which holds whole entries and starts at a marker.

    ``where(offset)`` names the source and line of an offset, for a timeout's message.
    """
    tally = Tally()
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
            text = _stripped(data, ls, min(line_end, entry.body_end), encoding)
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
            raise SearchTimeoutError(_timeout_message(query), source, line) from None
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


_Failure = tuple[str, str, str | None, int | None]


def count_file_range(plan: FilePlan, lo: int, hi: int, spec: CountSpec) -> Tally | _Failure:
    """Count the matches of the file's entries in ``[lo, hi)`` (a process's share).

    Returns a ``Tally``, or an error as (class name, message, source, line), since exceptions
    lose their fields when they cross processes.
    """
    try:
        return _count_file_range(plan, lo, hi, spec)
    except IsocorpusError as exc:
        return (type(exc).__name__, exc.message, exc.source, exc.line)
    except OSError as exc:  # the file went away or cannot be read any more
        return ("InputError", exc.strerror or str(exc), plan.source.name, None)


def _count_file_range(plan: FilePlan, lo: int, hi: int, spec: CountSpec) -> Tally:
    path = str(plan.source.path or "")
    tally = Tally()
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


def _init_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool


def count_file(plan: FilePlan, spec: CountSpec, jobs: int | None = None) -> Tally:
    """Count the matches of a regular file, in parallel ranges when it is large enough."""
    if jobs is None:
        jobs = os.cpu_count() or 1
    jobs = max(1, min(jobs, (plan.size - plan.data_start) // MIN_RANGE))
    try:
        ranges = plan_ranges(plan, jobs)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), plan.source.name) from None
    if len(ranges) <= 1:
        results = [count_file_range(plan, lo, hi, spec) for lo, hi in ranges]
    else:
        results = _run_parallel(plan, ranges, spec)
    tally = Tally()
    for result in results:
        if isinstance(result, tuple):
            name, message, source, line = result
            cls = {"SearchTimeoutError": SearchTimeoutError, "InputError": InputError}.get(name, IsocorpusError)
            raise cls(message, source, line)
        tally.add(result)
    return tally


def _run_parallel(plan: FilePlan, ranges: list[tuple[int, int]], spec: CountSpec) -> list[Tally | _Failure]:
    """The first range here, the others in worker processes: forked on Linux (cheap: no pool, no
    pickled arguments), else a ``multiprocessing`` pool of spawned workers (macOS and Windows,
    where forking a process is unsafe or impossible)."""
    if sys.platform.startswith("linux") and hasattr(os, "fork"):
        return _run_forked(plan, ranges, spec)
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(len(ranges) - 1, initializer=_init_worker)
    try:
        others = pool.starmap_async(count_file_range, [(plan, lo, hi, spec) for lo, hi in ranges[1:]])
        first = count_file_range(plan, *ranges[0], spec)
        results = [first, *others.get()]
        pool.close()
        return results
    finally:
        pool.terminate()
        pool.join()


def _run_forked(plan: FilePlan, ranges: list[tuple[int, int]], spec: CountSpec) -> list[Tally | _Failure]:
    import pickle
    import signal

    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for lo, hi in ranges[1:]:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: count, send the result, leave without running the parent's exit code
                code = 0
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
                    os.close(read)
                    result: Tally | _Failure
                    try:
                        result = count_file_range(plan, lo, hi, spec)
                    except BaseException as exc:  # reported to the parent, never lost
                        result = ("IsocorpusError", f"a worker failed: {exc!r}", plan.source.name, None)
                    with os.fdopen(write, "wb") as out:
                        pickle.dump(result, out)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            os.close(write)
            children.append((pid, read))
        results: list[Tally | _Failure] = [count_file_range(plan, *ranges[0], spec)]
        for _, read in children:
            chunks = []
            while chunk := os.read(read, 1 << 16):
                chunks.append(chunk)
            data = b"".join(chunks)
            results.append(pickle.loads(data) if data else ("IsocorpusError", "a worker died", plan.source.name, None))
        return results
    finally:
        for pid, read in children:
            os.close(read)
            try:
                os.kill(pid, signal.SIGTERM)  # gone already, unless the parent is leaving early
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
