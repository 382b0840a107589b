"""An entry classified in place: the block kind of one line of raw bytes, from the lines around it.

``EntryView`` finds an entry's body (page footer cut off, ``split``'s rule) and header in a
buffer, and gives a candidate line the kind ``parse.parse_entry`` would give it by reading
only the groups around it and calling the same rules (``blocks``). Whether a candidate line
is searched at all must agree exactly with the parser: ``tests/test_search_lazy.py`` compares
the two on every fixture, the bundled corpus and generated dumps.
"""

from __future__ import annotations

from ..blocks import (
    collapse_doubled,
    group_kinds,
    is_numbered,
    notes_after,
    opens_provenance,
    passed_by_provenance,
    single_kind,
)
from ..bylines import is_byline
from ..model import BlockKind
from ..split import glued_marker, is_footer_line
from .prefilter import PLAIN, Finder
from .query import BYLINE


def stripped(data: bytes, start: int, end: int, encoding: str) -> str:
    """The text of ``data[start:end]`` (one line), decoded and stripped as the parser does."""
    return data[start:end].decode(encoding, "replace").strip()


def footer_cut(data: bytes, start: int, end: int, finder: Finder | None = None) -> int:
    """End of an entry's body: where its page footer starts (``split``'s rule), or ``end``.

    The footer is the first line of the entry that is a whole ``As of … Last new ….`` or
    ``Next feed in category: …`` line; ``finder`` (any engine) finds the lines to check.
    """
    for pos in (finder or PLAIN).footer_lines(data, start, end):
        if is_footer_line(data, pos, end):
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
        return stripped(self.data, s, self._line_end(s), self.encoding)

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
        if s <= limit and not self._is_blank(s) and is_byline(self._text(s)):  # else the lede follows
            self.byline_start = s
            s = self._next(s)
        self.header_end = s
        """Start of the first line after the header: where the parser starts grouping blocks."""

    def glued(self) -> int:
        """Offset of an entry marker glued after this entry's page footer (``cat``-joined dumps), or -1.

        The reader starts a new entry there (``split.glued_marker``); it looks only in an entry
        that has a footer, from the footer's first line.
        """
        if self.body_end >= self.end:
            return -1
        g = glued_marker(self.data[self.start : self.end], self.body_end - self.start)
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
