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

from .errors import BinaryInputError, Diagnostic, InputWarning
from .model import Article, Block, BlockKind
from .sources import Warn, resolve_inputs
from .split import RawEntry, iter_raw_entries
from .timestamps import TimestampError, parse_timestamp

#: Told the bytes read so far from all the inputs, and their total (None when unknown: stdin).
OnProgress = Callable[[int, "int | None"], None]

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
#: Whitespace other than the single ASCII space between words: where counting spaces is wrong.
_IRREGULAR_SPACE = re.compile(r"[^\S \n]| {2}")

#: Characters looked at per word of ``detect_language``'s sample (a generous upper bound).
_WORD_CHARS = 40

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
    """``en`` or ``es`` from function words in the first ``sample`` words; None with no evidence."""
    en = es = seen = 0
    for text in texts:
        # A paragraph of megabytes is judged by its head: the sample is words, not the text.
        for word in text[: sample * _WORD_CHARS].lower().split():
            word = word.strip(".,;:!?\"'“”‘’()—–-¿¡«»")
            if word in _EN_WORDS:
                en += 1
            elif word in _ES_WORDS:
                es += 1
            seen += 1
        if seen >= sample:
            break
    if not en and not es:
        return None
    return "es" if es > en else "en"


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


#: Every character but the space and the newline for which ``str.isspace()`` is true (a test checks).
_OTHER_SPACES = tuple(
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _is_irregular(text: str, start: int = 0) -> bool:
    """``_IRREGULAR_SPACE.search(text, start)``, found with C-speed substring tests: the regular
    expression cost as much as the rest of the parse (over a second for a 30 MB paragraph)."""
    if start:
        text = text[start:]
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


def parse_entry(raw: RawEntry, seq: int) -> Article:
    """Parse one entry's bytes into an Article (never raises on bad text: it warns)."""
    text, diagnostics = raw.decoder.decode(raw.data, raw.line)
    problems = [str(d) for d in diagnostics]
    for d in diagnostics:
        raw.decoder.on_warning(d)

    def warn(line: int, message: str) -> None:
        d = Diagnostic(raw.source, line, message)
        problems.append(str(d))
        raw.decoder.on_warning(d)

    lines = [ln.strip() for ln in text.split("\n")]
    body = lines[1:]
    ident = content_id(body)
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
    j = i
    while j < n:
        if not lines[j]:
            gap += 1
            j += 1
            continue
        start = j
        while j < n and lines[j]:
            j += 1
        groups.append((gap, start, lines[start:j]))
        gap = 0

    blocks: list[Block] = []
    signatories: tuple[str, ...] = ()
    if groups:
        gap0, start0, first = groups[0]
        blocks.append(Block(BlockKind.LEDE, first[0], base + start0))
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
            blocks.append(Block(BlockKind.PROVENANCE, first_line, at))
        elif first_line.startswith(_SIGNED_BY):
            names = " ".join(g_lines)[len(_SIGNED_BY) :]
            signatories = signatories + split_names(names)
            blocks.extend(Block(BlockKind.PARAGRAPH, t, at + o) for o, t in enumerate(g_lines))
        elif len(g_lines) == 1:
            if in_notes and _NUMBERED.match(first_line):
                blocks.append(Block(BlockKind.NOTE, first_line, at))
            elif g_gap >= 2 and is_heading(first_line):
                blocks.append(Block(BlockKind.HEADING, first_line, at))
                in_notes = first_line.rstrip(":").strip().lower() in _NOTES_HEADINGS
            elif g_gap == 1 and is_inset(first_line):
                blocks.append(Block(BlockKind.INSET, collapse_doubled(first_line), at))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, first_line, at))
        else:
            if g_gap >= 2 and first_line.rstrip(":").strip().lower() in _NOTES_HEADINGS and _NUMBERED.match(g_lines[1]):
                blocks.append(Block(BlockKind.HEADING, first_line, at))
                in_notes = True
                g_lines, at = g_lines[1:], at + 1
                kind = BlockKind.NOTE
            elif in_notes and _NUMBERED.match(first_line):
                kind = BlockKind.NOTE
            elif first_line.endswith(","):
                kind = BlockKind.SIGNOFF
            else:
                kind = BlockKind.LIST
            blocks.extend(Block(kind, t, at + o) for o, t in enumerate(g_lines))

    counted = [b.text for b in blocks if b.kind in _COUNTED]
    irregular = _is_irregular(text, text.find("\n") + 1 or len(text))
    language = detect_language(b.text for b in blocks if b.kind is BlockKind.PARAGRAPH or b.kind is BlockKind.LEDE)
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
        word_count=count_words(counted, irregular),
        signatories=signatories,
        feed=raw.feed,
        warnings=tuple(problems),
    )


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
    sizes = [s.size for s in sources]
    total = None if None in sizes else sum(s or 0 for s in sizes)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if on_progress is not None:
            on_progress(done, total)

    for source in sources:
        start = done
        try:
            yield from iter_raw_entries(source, warn, advance if on_progress else None)
        except BinaryInputError as exc:
            if len(sources) == 1:
                raise
            warn(Diagnostic(source.name, None, f"{exc.message}; skipped"))
        if on_progress is not None and source.size is not None and done < start + source.size:
            advance(start + source.size - done)  # a skipped input, or one that shrank: count it read


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
