"""Finding what a researcher means inside articles: one matcher for grep and timeline.

A pattern is compiled once into a ``Query`` (the ``regex`` module): smart case (no upper-case
letter → case-insensitive, ripgrep's rule), typographic folding of the *pattern* (a straight
quote also matches curly ones, ``-`` the en and em dashes, ``...`` the ellipsis) unless
``strict``, optional accent folding, whole words, fuzzy matching with up to N edits, and a
time limit per block. The unit of search is a block: a match never spans two blocks, and its
offsets are within its block's text.
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import PatternError, SearchTimeoutError
from .model import Article, BlockKind

if TYPE_CHECKING:
    import regex
else:  # loaded on first use: importing regex (~10 ms) would slow every command's start-up
    regex = sys.modules.get("regex")
    if regex is None:
        _spec = importlib.util.find_spec("regex")
        _spec.loader = importlib.util.LazyLoader(_spec.loader)
        regex = sys.modules["regex"] = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(regex)

#: Default time limit, in seconds, for the regex on one block.
DEFAULT_TIMEOUT = 3.0


class CaseMode(str, Enum):
    """How letter case is matched."""

    SMART = "smart"
    IGNORE = "ignore"
    SENSITIVE = "sensitive"


class SearchIn(str, Enum):
    """What ``--in`` may name: a block kind, the byline, or a group."""

    lede = "lede"
    heading = "heading"
    paragraph = "paragraph"
    list = "list"
    note = "note"
    signoff = "signoff"
    provenance = "provenance"
    inset = "inset"
    byline = "byline"
    text = "text"
    all = "all"


BYLINE = "byline"
#: What is searched by default: every block the author wrote; not insets, not the byline.
DEFAULT_KINDS: frozenset[str] = frozenset(k.value for k in BlockKind if k is not BlockKind.INSET)
_GROUPS: dict[str, frozenset[str]] = {
    "text": frozenset({"lede", "heading", "paragraph", "list"}),
    "all": frozenset({*(k.value for k in BlockKind), BYLINE}),
}


def resolve_kinds(names: Iterable[str | SearchIn] | None) -> frozenset[str]:
    """The block kinds (and ``byline``) that ``--in`` names; the default when none."""
    chosen: set[str] = set()
    for name in names or ():
        value = name.value if isinstance(name, SearchIn) else str(name)
        if value in _GROUPS:
            chosen |= _GROUPS[value]
        elif value in _GROUPS["all"]:
            chosen.add(value)
        else:
            raise PatternError(f"--in: unknown kind {value!r}")
    return frozenset(chosen) if chosen else DEFAULT_KINDS


# --- pattern folding -------------------------------------------------------------------------

_SINGLE_QUOTES = "'‘’‚‛′"
_DOUBLE_QUOTES = '"“”„‟″«»'
_DASHES = "-‐‑‒–—―−"
_FOLD_CLASS = {
    "'": _SINGLE_QUOTES,
    "\u2019": _SINGLE_QUOTES,
    "\u2018": _SINGLE_QUOTES,
    '"': _DOUBLE_QUOTES,
    "\u201c": _DOUBLE_QUOTES,
    "\u201d": _DOUBLE_QUOTES,
    "-": _DASHES,
    "\u2013": _DASHES,
    "\u2014": _DASHES,
}
_ELLIPSIS = r"(?:\.\.\.|…)"


@lru_cache(maxsize=1)
def _accent_table() -> dict[str, str]:
    """Base letter → the letter and its accented forms (Latin-1 and Latin Extended-A)."""
    table: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base.isalpha() and base != ch:
            table.setdefault(base, {base}).add(ch)
    return {k: "".join(sorted(v)) for k, v in table.items()}


def _char_class(chars: str) -> str:
    return "[" + "".join(regex.escape(c) for c in chars) + "]"


def _fold_literal_char(ch: str, typographic: bool, accents: bool) -> str | None:
    """The class a literal pattern character folds to, or None to keep it."""
    if typographic and ch in _FOLD_CLASS:
        return _char_class(_FOLD_CLASS[ch])
    if accents and ch.isalpha():
        base = unicodedata.normalize("NFD", ch)[0]
        variants = _accent_table().get(base.lower())
        upper = _accent_table().get(base.upper())
        if variants or upper:
            return _char_class(ch + (variants or "") + (upper or ""))
    return None


def fold_fixed(text: str, typographic: bool = True, accents: bool = False) -> str:
    """A literal string as a regex, folded (``-F``)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if typographic and (text.startswith("...", i)):
            out.append(_ELLIPSIS)
            i += 3
            continue
        if typographic and text[i] == "…":
            out.append(_ELLIPSIS)
            i += 1
            continue
        folded = _fold_literal_char(text[i], typographic, accents)
        out.append(folded if folded is not None else regex.escape(text[i]))
        i += 1
    return "".join(out)


def fold_pattern(pattern: str, typographic: bool = True, accents: bool = False) -> str:
    """Fold the literal characters of a regular expression, leaving its syntax alone.

    Outside character classes a quote or dash becomes a class of its typographic variants and
    ``\\.\\.\\.`` also matches ``…``; inside a class the variants are added to the class.
    """
    if not typographic and not accents:
        return pattern
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            esc = pattern[i : i + 2]
            if typographic and not in_class and pattern.startswith(r"\.\.\.", i):
                out.append(_ELLIPSIS)
                i += 6
                continue
            if typographic and esc == r"\-":
                out.append(regex.escape(_DASHES) if in_class else _char_class(_DASHES))
                i += 2
                continue
            out.append(esc)
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
                out.append(ch)
            elif typographic and ch in "'\"‘’“”":
                out.append(regex.escape(_FOLD_CLASS[ch]))
            else:
                out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            # a leading ^ and a leading ] belong to the class
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append("]")
                i += 1
            continue
        if ch == "(" and pattern.startswith("(?", i):
            # keep group syntax like (?P<name>…), (?i), (?<=…) untouched up to its body
            j = _group_prefix_end(pattern, i)
            out.append(pattern[i:j])
            i = j
            continue
        if ch == "{":
            j = pattern.find("}", i)
            if j > 0:
                out.append(pattern[i : j + 1])
                i = j + 1
                continue
        if typographic and ch == "…":
            out.append(_ELLIPSIS)
            i += 1
            continue
        folded = _fold_literal_char(ch, typographic, accents)
        out.append(folded if folded is not None else ch)
        i += 1
    return "".join(out)


def _group_prefix_end(pattern: str, i: int) -> int:
    """End of the ``(?…`` prefix of a group (name, flags, lookaround marker): copied as is."""
    n = len(pattern)
    j = i + 2
    if j >= n:
        return n
    head = pattern[j]
    if head in ":=!>":
        return j + 1
    if head == "<" and j + 1 < n and pattern[j + 1] in "=!":
        return j + 2
    if head in "#" or pattern.startswith("P=", j):
        close = pattern.find(")", j)
        return close + 1 if close > 0 else n
    if head in "<" or pattern.startswith("P<", j):
        close = pattern.find(">", j)
        return close + 1 if close > 0 else n
    while j < n and pattern[j] not in ":)":
        j += 1
    return min(j + 1, n)


def _has_upper(pattern: str) -> bool:
    """ripgrep's smart-case test: an upper-case letter outside escape sequences."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i].isupper():
            return True
        i += 1
    return False


# --- the compiled query ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """A compiled search pattern and how to run it."""

    pattern: str
    """The pattern as the user typed it."""
    compiled: regex.Pattern[str]
    """The folded, flagged pattern (``regex`` module)."""
    ignore_case: bool
    """Whether case is ignored (after the smart-case rule)."""
    literal: str | None
    """The text every match contains, when the pattern is a plain literal (for fast pre-filters)."""
    timeout: float
    """Seconds the regex may take on one block before the search fails."""

    def finditer(self, text: str, source: str | None = None, line: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of each match in ``text``; ``SearchTimeoutError`` past the time limit."""
        try:
            for m in self.compiled.finditer(text, timeout=self.timeout):
                if m.end() > m.start():
                    yield m.start(), m.end()
        except TimeoutError:
            raise SearchTimeoutError(
                f"pattern {self.pattern!r} took longer than {self.timeout:g}s on one block "
                "(simplify it, or raise --timeout)",
                source,
                line,
            ) from None


def compile_query(
    pattern: str,
    *,
    fixed: bool = False,
    word: bool = False,
    case: CaseMode = CaseMode.SMART,
    strict: bool = False,
    fold_accents: bool = False,
    fuzzy: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
) -> Query:
    """Compile a user's pattern; ``PatternError`` (one line) when it is not a valid regex."""
    if case is CaseMode.SMART:
        ignore_case = not _has_upper(pattern)
    else:
        ignore_case = case is CaseMode.IGNORE
    if fixed:
        body = fold_fixed(pattern, typographic=not strict, accents=fold_accents)
    else:
        body = fold_pattern(pattern, typographic=not strict, accents=fold_accents)
    if fuzzy:
        body = f"(?:{body}){{e<={int(fuzzy)}}}"
    if word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    if fuzzy:
        flags |= regex.BESTMATCH
    try:
        compiled = regex.compile(body, flags)
    except regex.error as exc:
        raise PatternError(f"bad pattern {pattern!r}: {exc}") from None
    except (OverflowError, RecursionError):
        raise PatternError(f"bad pattern {pattern!r}: too large") from None
    literal = None
    if not fuzzy and not fold_accents:
        plain = pattern if fixed else _unescape_literal(pattern)
        if plain is not None and plain and not (set(plain) & _FOLDED_CHARS and not strict):
            literal = plain
    return Query(pattern, compiled, ignore_case, literal, timeout)


_FOLDED_CHARS = set(_FOLD_CLASS) | {".", "…"}
_META = set(".^$*+?{}[]\\|()")


def _unescape_literal(pattern: str) -> str | None:
    """The literal a regex stands for when it has no metacharacters (``\\.`` allowed)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 < len(pattern) and pattern[i + 1] in _META:
                out.append(pattern[i + 1])
                i += 2
                continue
            return None
        if ch in _META:
            return None
        out.append(ch)
        i += 1
    return "".join(out)


# --- matching over articles ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One match inside one block of one article."""

    article: Article
    """The article it is in."""
    block: int
    """Index of the block in ``article.blocks``; -1 for the byline."""
    kind: str
    """The block's kind (``lede``, ``paragraph``, …) or ``byline``."""
    text: str
    """The whole block's text."""
    line: int
    """The block's 1-based line in the input."""
    start: int
    """Offset of the match in ``text``."""
    end: int
    """Offset just past the match: ``text[start:end]`` is what matched."""

    @property
    def match(self) -> str:
        return self.text[self.start : self.end]


def searched_blocks(article: Article, kinds: frozenset[str]) -> Iterator[tuple[int, str, str, int]]:
    """(index, kind, text, line) of each block searched under ``kinds``; the byline first."""
    if BYLINE in kinds and article.byline:
        yield -1, BYLINE, article.byline, article.line + 2
    for i, block in enumerate(article.blocks):
        if block.kind.value in kinds:
            yield i, block.kind.value, block.text, block.line


def search_article(article: Article, query: Query, kinds: frozenset[str] = DEFAULT_KINDS) -> Iterator[Hit]:
    """Every match of ``query`` in the article's blocks of ``kinds``, in order."""
    for index, kind, text, line in searched_blocks(article, kinds):
        for start, end in query.finditer(text, article.source, line):
            yield Hit(article, index, kind, text, line, start, end)


def count_matches(article: Article, query: Query, kinds: frozenset[str] = DEFAULT_KINDS) -> int:
    """How many matches ``search_article`` would give."""
    return sum(
        1 for _, _, text, line in searched_blocks(article, kinds) for _ in query.finditer(text, article.source, line)
    )
