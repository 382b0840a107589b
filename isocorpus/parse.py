"""One entry → ``Article``: timestamp, byline and authors, blocks, language, id.

The rules are FORMAT.md's: blank lines separate blocks and how many there are carries meaning
(one: a paragraph or an inset; two or more: a section break, then a heading or a lead-in);
lines with no blank between them are a list, a sign-off or notes; a closing line may be
provenance. ``iter_articles`` is the whole pipeline: inputs → entries → articles, lazily.
"""

from __future__ import annotations

import hashlib
import os
import re
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
from .errors import Diagnostic, InputWarning
from .model import COUNTED_KINDS, Article, Block, BlockKind
from .sources import OnProgress, ProgressMeter, Warn, resolve_inputs
from .split import RawEntry, iter_raw_entries
from .timestamps import TimestampError, parse_timestamp

#: Told the bytes read so far from all the inputs, and their total (None when unknown: stdin).
#: The head of a text ``detect_language`` looks at: a paragraph of megabytes is judged by its first.
_LANGUAGE_HEAD = 1 << 20

_FROM = "From "
_NAME_SPLIT = re.compile(r",\s*(?:and|&|y)\s+|,\s*|\s+(?:and|&|y)\s+")
#: Every character but the space for which ``str.isspace()`` is true (tests/test_parse_fast checks it).
_OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Punctuation stripped from the ends of a word before it is looked up by ``detect_language``.
_WORD_PUNCT = ".,;:!?\"'“”‘’()—–-¿¡«»"

_ES_WORDS = frozenset(
    "el la los las de del que y en un una por para con se su sus al lo como más pero es "
    "fue son está están hemos este esta estos nuestra nuestro sobre también".split()
)
_EN_WORDS = frozenset(
    "the of and to in that is for was with on as are it be by this we not have were their "
    "our which from but has had an".split()
)


def split_names(text: str) -> tuple[str, ...]:
    """The people or bodies a byline names: ``From the ISO`` → the ISO; ``A, B, and C`` → three."""
    text = text.strip()
    if text.startswith(_FROM):
        text = text[len(_FROM) :]
    text = text.rstrip(".").strip()
    return tuple(n for n in (p.strip() for p in _NAME_SPLIT.split(text)) if n)


def detect_language(texts: Iterable[str], sample: int = 400) -> str | None:
    """``en`` or ``es`` from function words in the first ``sample`` words; None with no evidence.

    The words of whole texts are taken until ``sample`` is reached; each is lowercased and
    stripped of punctuation at its ends before it is looked up.
    """
    words: list[str] = []
    for text in texts:
        # lowercasing never makes or unmakes whitespace: _VOTES lowercases. Only the head of a
        # hostile paragraph of 30 MB is split (its six million words are not needed for 400).
        words += text[:_LANGUAGE_HEAD].split()
        if len(words) >= sample:
            break
    votes = sum(map(_VOTES.__getitem__, words))
    en, es = votes & _EN_MASK, votes >> _ES_SHIFT
    if not en and not es:
        return None
    return "es" if es > en else "en"


class _Votes(dict[str, int]):
    """What a word says about the language: 1 (English), ``1 << _ES_SHIFT`` (Spanish), 0.

    A cache of ``word.lower().strip(_WORD_PUNCT)`` looked up in the function words: the same
    few thousand words recur in every text, so one dict lookup a word replaces a lowercasing,
    a strip and two set lookups. Emptied when it grows past ``_VOTES_MAX`` words.
    """

    def __missing__(self, word: str) -> int:
        if len(self) >= _VOTES_MAX:
            self.clear()
        bare = word.lower().strip(_WORD_PUNCT)
        vote = 1 if bare in _EN_WORDS else 1 << _ES_SHIFT if bare in _ES_WORDS else 0
        self[word] = vote
        return vote


#: Votes are summed in one int: English in the low bits, Spanish above (a sample of fewer
#: than 2**32 words cannot carry over).
_ES_SHIFT = 32
_EN_MASK = (1 << _ES_SHIFT) - 1
_VOTES_MAX = 100_000
_VOTES = _Votes()


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
        byline = lines[i]
        i += 1

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
    """The kinds of each group's lines (the lede's line first, a group of its own), and the signatories.

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
            signatories = signatories + split_names(signatories_text(g_lines))
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
    return Article(
        id=head.ident,
        seq=seq,
        source=raw.source,
        line=raw.line,
        page=raw.page,
        published=head.published,
        byline=byline,
        authors=split_names(byline) if byline else (),
        language=detect_language(spoken),
        blocks=blocks,
        word_count=word_count,
        signatories=signatories,
        feed=raw.feed,
        warnings=tuple(head.problems),
        offset=raw.offset,
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
            yield from iter_raw_entries(source, warn, meter.on_read)


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
