"""Pre-filters: find, in raw bytes, the places where a query's needles may occur.

Engines, the first that works here: Hyperscan (``hyperscan``, SIMD, x86-64 Linux), RE2
(``google-re2``, linear time, wheels for Linux, macOS and Windows on x86 and ARM), and
``bytes.lower()`` + ``find`` anywhere. They may report different candidate lines, never fewer
than those holding a needle (``Query.needles``), and the ``regex`` module judges each, so
results never depend on which is present. A ``Finder`` also finds the lines that may be page
footers (``split.is_footer_line`` judges them).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

from ..split import AS_OF, NEXT_FEED
from .query import Query

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
        (``split.is_footer_line`` then judges each whole line).
        """
        return _merge(_find_all(data, AS_OF, lo, hi), _find_all(data, NEXT_FEED, lo, hi))


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
        footers = b"|".join(_escape_bytes(n) for n in (AS_OF, NEXT_FEED))
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


#: Finds footer lines only (no needles): what the lazy reader uses without a query.
PLAIN = Finder()


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
