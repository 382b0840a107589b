"""One entry → ``Article``: timestamp, byline and authors, blocks, language, id.

The rules are FORMAT.md's: blank lines separate blocks and how many there are carries meaning
(one: a paragraph or an inset; two or more: a section break, then a heading or a lead-in);
lines with no blank between them are a list, a sign-off or notes; a closing line may be
provenance. ``iter_articles`` is the whole pipeline: inputs → entries → articles, lazily.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from .blocks import (
    SIGNED_BY,
    collapse_doubled,
    group_kinds,
    notes_after,
    provenance_index,
    signatories_text,
    single_kind,
)
from .bylines import is_byline, split_names
from .errors import Diagnostic, InputWarning
from .language import detect_language
from .model import COUNTED_KINDS, Article, Block, BlockKind
from .sources import OnProgress, ProgressMeter, Warn, resolve_inputs
from .split import RawEntry, iter_raw_entries
from .timestamps import TimestampError, parse_timestamp

#: Every character but the space for which ``str.isspace()`` is true (tests/test_parse_fast checks it).
_OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Characters split into words at a time by ``count_tokens``.
_TOKEN_SLICE = 1 << 16


def count_tokens(text: str) -> int:
    """``len(text.split())``, without a list of every word of a paragraph of megabytes at once."""
    if len(text) <= _TOKEN_SLICE:
        return len(text.split())
    count = 0
    joined = False  # the previous slice ended inside a word
    for at in range(0, len(text), _TOKEN_SLICE):
        piece = text[at : at + _TOKEN_SLICE]
        count += len(piece.split())
        if joined and not piece[0].isspace():
            count -= 1  # one word across the cut, counted on both sides
        joined = not piece[-1].isspace()
    return count


def _is_irregular(text: str) -> bool:
    """Whether ``text`` holds whitespace other than single spaces (where counting spaces is wrong).

    Any whitespace but the space, or two spaces in a row: what ``[^\\S ]| {2}`` finds, in
    C-speed substring tests (that regular expression costs as much as the rest of a parse).
    """
    if text.isprintable():  # one pass: every other space is a Unicode separator or control, unprintable
        return "  " in text
    return "  " in text or any(map(text.__contains__, _OTHER_SPACES))


def content_id(lines: list[str]) -> str:
    """Hex id of an entry's text: the lines after its marker, stripped, blank edges dropped."""
    first, last = 0, len(lines)
    while first < last and not lines[first]:
        first += 1
    while last > first and not lines[last - 1]:
        last -= 1
    digest = hashlib.sha1("\n".join(lines[first:last]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _content_id_of_bytes(body: bytes) -> str:
    """``content_id`` of an entry whose lines after the marker are clean UTF-8 with nothing to strip."""
    return hashlib.sha1(body.strip(b"\n")).hexdigest()[:16]


#: What parses one entry: ``parse_entry``, or ``summarize_entry``.
Parse = Callable[[RawEntry, int], Article]


def parse_entry(raw: RawEntry, seq: int) -> Article:
    """Parse one entry's bytes into an Article (never raises on bad text: it warns)."""
    head = _read_head(raw)
    classified, signatories = _classify(head.groups)
    blocks: list[Block] = []
    add = blocks.append
    base = raw.line
    for first_kind, kind, texts, start in classified:
        at = base + start
        add(Block(first_kind, texts[0], at))
        if len(texts) > 1:
            blocks.extend(Block(kind, t, at + o) for o, t in enumerate(texts[1:], 1))
    return _article(raw, seq, head, classified, signatories, tuple(blocks))


def summarize_entry(raw: RawEntry, seq: int) -> Article:
    """``parse_entry`` but for ``blocks``, which holds only the lede: what ``list`` and ``stats`` show.

    Everything else (id, dates, byline and authors, language, ``word_count``, signatories,
    warnings) is what ``parse_entry`` gives: the same rules, without a ``Block`` a line.
    """
    head = _read_head(raw)
    classified, signatories = _classify(head.groups)
    lede: tuple[Block, ...] = ()
    if classified and classified[0][0] is _KIND_LEDE:
        lede = (Block(_KIND_LEDE, classified[0][2][0], raw.line + classified[0][3]),)
    return _article(raw, seq, head, classified, signatories, lede)


# One classified group: (its first line's kind, the other lines' kind, the texts, index of the first line).
_Classified = tuple[BlockKind, BlockKind, list[str], int]


class _Head:
    """What an entry says before its blocks, and its groups (see ``_read_head``)."""

    __slots__ = ("groups", "ident", "problems", "published", "byline")

    def __init__(
        self,
        groups: list[tuple[int, list[str], int]],
        ident: str,
        problems: list[str],
        published: datetime | None,
        byline: str,
    ) -> None:
        self.groups = groups
        self.ident = ident
        self.problems = problems
        self.published = published
        self.byline = byline


def _read_head(raw: RawEntry) -> _Head:
    """Decode an entry, warn, and read its id, timestamp, byline and groups of lines."""
    data = raw.data
    decoder = raw.decoder
    text, diagnostics = decoder.decode(data, raw.line)
    problems = [str(d) for d in diagnostics]
    for d in diagnostics:
        decoder.on_warning(d)

    def warn(line: int, message: str) -> None:
        d = Diagnostic(raw.source, line, message)
        problems.append(str(d))
        decoder.on_warning(d)

    raw_lines = text.split("\n")
    lines = list(map(str.strip, raw_lines))
    as_is = not diagnostics and decoder.encoding == "utf-8"
    if as_is and lines[1:] == raw_lines[1:]:
        # The text after the marker line is the bytes as they are: hash them, not a copy.
        nl = data.find(b"\n")
        ident = _content_id_of_bytes(data[nl + 1 :] if nl >= 0 else b"")
    else:
        ident = content_id(lines[1:])
    n = len(lines)
    base = raw.line  # line of lines[0]

    i = 1
    while i < n and not lines[i]:
        i += 1
    published = None
    if i < n and lines[i].startswith("[l]"):
        stamp = lines[i][3:].strip()
        if stamp.startswith("at "):
            stamp = stamp[3:]
        try:
            published = parse_timestamp(stamp)
        except TimestampError as exc:
            warn(base + i, f"{exc}; published is null")
        i += 1
    elif i < n:
        warn(base + i, "no timestamp line ([l] at …); published is null")
    else:
        warn(base, "empty entry")
    byline = ""
    if i < n and lines[i]:
        if is_byline(lines[i]):
            byline = lines[i]
            i += 1
        else:  # the lede follows the timestamp
            warn(base + i, "no byline (this line is a sentence: read as the lede); byline is empty")

    # Group the rest into blocks: (blank lines before, line texts, index of the first line).
    groups: list[tuple[int, list[str], int]] = []
    gap = 0
    start = -1
    for j, line in enumerate(lines[i:], i):
        if line:
            if start < 0:
                start = j
        elif start >= 0:
            groups.append((gap, lines[start:j], start))
            start = -1
            gap = 1
        else:
            gap += 1
    if start >= 0:
        groups.append((gap, lines[start:], start))
    return _Head(groups, ident, problems, published, byline)


def _classify(groups: list[tuple[int, list[str], int]]) -> tuple[list[_Classified], tuple[str, ...]]:
    """The kinds of each group's lines (the lede's line first, a group of its own), and the text of
    each ``Signed by:`` paragraph (its names are split once the article's language is known).

    The rules are ``blocks``'s, walked forward: the provenance line, then each group in order
    with whether the notes section is open.
    """
    out: list[_Classified] = []
    add = out.append
    signatories: tuple[str, ...] = ()
    if groups:
        gap0, first, start0 = groups[0]
        add((_KIND_LEDE, _KIND_LEDE, first[:1], start0))
        if len(first) > 1:
            groups[0] = (0, first[1:], start0 + 1)
        else:
            groups.pop(0)

    provenance_at = provenance_index(groups)
    in_notes = False
    for k, (g_gap, g_lines, start) in enumerate(groups):
        first_line = g_lines[0]
        if k == provenance_at:
            add((BlockKind.PROVENANCE, BlockKind.PROVENANCE, g_lines, start))
            continue
        if first_line.startswith(SIGNED_BY):
            signatories = (*signatories, signatories_text(g_lines))
        if len(g_lines) == 1:
            kind = single_kind(first_line, g_gap, in_notes)
            add((kind, kind, [collapse_doubled(first_line)] if kind is _KIND_INSET else g_lines, start))
        else:
            first_kind, kind = group_kinds(g_lines, g_gap, in_notes)
            add((first_kind, kind, g_lines, start))
        if g_gap >= 2:
            state = notes_after(g_lines, g_gap)
            if state is not None:
                in_notes = state
    return out, signatories


def _article(
    raw: RawEntry,
    seq: int,
    head: _Head,
    classified: list[_Classified],
    signatories: tuple[str, ...],
    blocks: tuple[Block, ...],
) -> Article:
    """The Article of a read and classified entry, with ``blocks`` (all of them, or a summary's)."""
    counted: list[str] = []
    spoken: list[str] = []  # the lede and the paragraphs: what the language is judged by
    for first_kind, kind, texts, _ in classified:
        if first_kind is kind:
            if kind in COUNTED_KINDS:
                counted += texts
                if kind is _KIND_PARAGRAPH or kind is _KIND_LEDE:
                    spoken += texts
            continue
        if first_kind in COUNTED_KINDS:
            counted.append(texts[0])
        if kind in COUNTED_KINDS:
            counted += texts[1:]
    joined = " ".join(counted)
    if not counted:
        word_count = 0
    elif _is_irregular(joined):
        word_count = count_tokens(joined)  # a paragraph of 30 MB: not six million words at once
    else:
        word_count = joined.count(" ") + 1
    byline = head.byline
    language = detect_language(spoken)
    return Article(
        id=head.ident,
        seq=seq,
        source=raw.source,
        line=raw.line,
        page=raw.page,
        published=head.published,
        byline=byline,
        authors=split_names(byline, language) if byline else (),
        language=language,
        blocks=blocks,
        word_count=word_count,
        signatories=tuple(name for names in signatories for name in split_names(names, language)),
        footer=raw.feed,
        warnings=tuple(head.problems),
    )


_KIND_LEDE, _KIND_PARAGRAPH, _KIND_INSET = BlockKind.LEDE, BlockKind.PARAGRAPH, BlockKind.INSET


def default_warn(diagnostic: Diagnostic) -> None:
    """What happens to a warning about the input when no ``on_warning`` is given: a Python warning."""
    warnings.warn(str(diagnostic), InputWarning, stacklevel=4)


def iter_raw(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    on_warning: Warn | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[RawEntry]:
    """Every entry of the inputs, unparsed, in input order (for stages that look at bytes first).

    ``on_progress(done, total)`` is called after each read (every few megabytes) with the bytes
    read so far from all the inputs and their size on disk (None when one is stdin or a pipe).
    """
    warn = on_warning or default_warn
    sources = resolve_inputs(inputs, warn)
    meter = ProgressMeter(sources, on_progress)
    for source in sources:
        with meter.reading(source, warn):
            yield from iter_raw_entries(source, warn, meter.on_read, meter.on_inflate)


def iter_articles(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    on_warning: Warn | None = None,
    on_progress: OnProgress | None = None,
    summary: bool = False,
) -> Iterator[Article]:
    """Parse dumps lazily: ``for a in iter_articles("dump.txt"): ...``.

    ``inputs`` is a path, ``-`` (stdin), a directory, a list of those, or None for the bundled
    corpus. Problems with the input are reported to ``on_warning`` (a callable taking a
    ``Diagnostic``); without one they are Python warnings of category ``InputWarning``.
    ``on_progress(done, total)`` is told the bytes read so far (see ``iter_raw``). With
    ``summary``, each is ``summarize_entry``'s (its blocks only the lede: quicker).
    """
    parse = summarize_entry if summary else parse_entry
    for seq, raw in enumerate(iter_raw(inputs, on_warning=on_warning, on_progress=on_progress), 1):
        yield parse(raw, seq)
