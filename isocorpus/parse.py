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
from collections.abc import Iterable, Iterator

from .errors import Diagnostic, InputWarning
from .model import Article, Block, BlockKind
from .sources import OnProgress, ProgressMeter, Warn, resolve_inputs
from .split import RawEntry, iter_raw_entries
from .timestamps import TimestampError, parse_timestamp

#: Told the bytes read so far from all the inputs, and their total (None when unknown: stdin).
#: The head of a text ``detect_language`` looks at: a paragraph of megabytes is judged by its first.
_LANGUAGE_HEAD = 1 << 20

#: "Short", for headings and insets: at most this many words and characters.
SHORT_WORDS = 15
SHORT_CHARS = 100

_SENTENCE_END = frozenset(".!?:;,")
_CLOSING_QUOTES = "\"'”’»›"
_NOTES_HEADINGS = frozenset({"notes", "footnotes", "notas", "endnotes", "notes and references"})
_NUMBERED = re.compile(r"\d{1,3}[.)]\s")
_PROVENANCE = re.compile(
    r"(?:First|Originally|Previously) published|Another version of this|A version of this"
    r"|An earlier version of this|This article (?:was )?(?:first|originally) (?:published|appeared)"
    r"|Reprinted|Republished|Translated by|Translation by|Traducido|Traducida|Traducción"
    r"|Publicado|Publicada"
)
_SIGNED_BY = "Signed by:"
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


def _is_short(text: str) -> bool:
    return len(text) <= SHORT_CHARS and len(text.split()) <= SHORT_WORDS


def _ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSING_QUOTES)
    return bool(core) and core[-1] in _SENTENCE_END


def _ends_ellipsis(text: str) -> bool:
    core = text.rstrip(_CLOSING_QUOTES)
    return core.endswith("...") or core.endswith("…")


def is_heading(text: str) -> bool:
    """A short line not ending in sentence punctuation (a trailing ellipsis is fine)."""
    return _is_short(text) and (_ends_ellipsis(text) or not _ends_sentence(text))


def collapse_doubled(text: str) -> str:
    """``X X`` → ``X``: the reader often prints an inset twice in a row."""
    n = len(text)
    if n % 2 and n > 2:
        half = n // 2
        if text[half] == " " and text[:half] == text[half + 1 :]:
            return text[:half]
    return text


def is_inset(text: str) -> bool:
    """A short line (a doubled one collapsed) with no sentence punctuation and no ellipsis at its end."""
    if len(text) > 2 * SHORT_CHARS + 1 or _ends_sentence(text):
        return False  # too long even once collapsed, or punctuated (a copy ends as its double does)
    text = collapse_doubled(text)
    return _is_short(text) and not _ends_sentence(text) and not _ends_ellipsis(text)


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


def count_words(lines: Iterable[str], irregular: bool) -> int:
    """Whitespace-separated tokens (as ``wc -w`` counts them) of stripped, non-empty lines."""
    if irregular:
        return sum(count_tokens(t) for t in lines)
    return sum(t.count(" ") + 1 for t in lines)


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


def parse_entry(raw: RawEntry, seq: int) -> Article:
    """Parse one entry's bytes into an Article (never raises on bad text: it warns)."""
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
    if not diagnostics and decoder.encoding == "utf-8" and lines[1:] == raw_lines[1:]:
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

    # Group the rest into blocks: (blank lines before, index of first line, line texts).
    groups: list[tuple[int, int, list[str]]] = []
    gap = 0
    start = -1
    for j, line in enumerate(lines[i:], i):
        if line:
            if start < 0:
                start = j
        elif start >= 0:
            groups.append((gap, start, lines[start:j]))
            start = -1
            gap = 1
        else:
            gap += 1
    if start >= 0:
        groups.append((gap, start, lines[start:]))

    blocks: list[Block] = []
    add = blocks.append
    signatories: tuple[str, ...] = ()
    if groups:
        gap0, start0, first = groups[0]
        add(Block(_KIND_LEDE, first[0], base + start0))
        if len(first) > 1:
            groups[0] = (0, start0 + 1, first[1:])
        else:
            groups.pop(0)

    # The provenance line: the last block, insets aside, if it opens like one.
    provenance_at = -1
    for k in range(len(groups) - 1, -1, -1):
        g_gap, _, g_lines = groups[k]
        if len(g_lines) == 1 and _PROVENANCE.match(g_lines[0]):
            provenance_at = k
            break
        if not (len(g_lines) == 1 and g_gap == 1 and is_inset(g_lines[0])):
            break

    in_notes = False
    for k, (g_gap, start, g_lines) in enumerate(groups):
        at = base + start
        first_line = g_lines[0]
        if k == provenance_at:
            add(Block(_KIND_PROVENANCE, first_line, at))
        elif first_line.startswith(_SIGNED_BY):
            names = " ".join(g_lines)[len(_SIGNED_BY) :]
            signatories = signatories + split_names(names)
            blocks.extend(Block(_KIND_PARAGRAPH, t, at + o) for o, t in enumerate(g_lines))
        elif len(g_lines) == 1:
            if in_notes and _NUMBERED.match(first_line):
                add(Block(_KIND_NOTE, first_line, at))
            elif g_gap >= 2 and is_heading(first_line):
                add(Block(_KIND_HEADING, first_line, at))
                in_notes = first_line.rstrip(":").strip().lower() in _NOTES_HEADINGS
            elif g_gap == 1 and first_line[-1] not in _SENTENCE_END and is_inset(first_line):
                add(Block(_KIND_INSET, collapse_doubled(first_line), at))
            else:
                add(Block(_KIND_PARAGRAPH, first_line, at))
        else:
            if g_gap >= 2 and first_line.rstrip(":").strip().lower() in _NOTES_HEADINGS and _NUMBERED.match(g_lines[1]):
                add(Block(_KIND_HEADING, first_line, at))
                in_notes = True
                g_lines, at = g_lines[1:], at + 1
                kind = _KIND_NOTE
            elif in_notes and _NUMBERED.match(first_line):
                kind = _KIND_NOTE
            elif first_line.endswith(","):
                kind = _KIND_SIGNOFF
            else:
                kind = _KIND_LIST
            blocks.extend(Block(kind, t, at + o) for o, t in enumerate(g_lines))

    counted = [b.text for b in blocks if b.kind in _COUNTED]
    joined = " ".join(counted)
    if _is_irregular(joined):
        word_count = count_tokens(joined)  # a paragraph of 30 MB: not six million words at once
    else:
        word_count = joined.count(" ") + 1 if counted else 0
    language = detect_language(b.text for b in blocks if b.kind is _KIND_PARAGRAPH or b.kind is _KIND_LEDE)
    return Article(
        id=ident,
        seq=seq,
        source=raw.source,
        line=raw.line,
        page=raw.page,
        published=published,
        byline=byline,
        authors=split_names(byline) if byline else (),
        language=language,
        blocks=tuple(blocks),
        word_count=word_count,
        signatories=signatories,
        feed=raw.feed,
        warnings=tuple(problems),
        offset=raw.offset,
    )


_KIND_LEDE, _KIND_PARAGRAPH, _KIND_HEADING = BlockKind.LEDE, BlockKind.PARAGRAPH, BlockKind.HEADING
_KIND_LIST, _KIND_INSET, _KIND_NOTE = BlockKind.LIST, BlockKind.INSET, BlockKind.NOTE
_KIND_SIGNOFF, _KIND_PROVENANCE = BlockKind.SIGNOFF, BlockKind.PROVENANCE
_COUNTED = frozenset({BlockKind.LEDE, BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST})


def _default_warn(diagnostic: Diagnostic) -> None:
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
    warn = on_warning or _default_warn
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
) -> Iterator[Article]:
    """Parse dumps lazily: ``for a in iter_articles("dump.txt"): ...``.

    ``inputs`` is a path, ``-`` (stdin), a directory, a list of those, or None for the bundled
    corpus. Problems with the input are reported to ``on_warning`` (a callable taking a
    ``Diagnostic``); without one they are Python warnings of category ``InputWarning``.
    ``on_progress(done, total)`` is told the bytes read so far (see ``iter_raw``).
    """
    for seq, raw in enumerate(iter_raw(inputs, on_warning=on_warning, on_progress=on_progress), 1):
        yield parse_entry(raw, seq)
