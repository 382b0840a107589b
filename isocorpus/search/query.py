"""Finding what a researcher means inside articles: one matcher for grep and timeline.

A pattern is compiled once into a ``Query`` (the ``regex`` module): smart case (no upper-case
letter → case-insensitive, ripgrep's rule), typographic folding of the *pattern* (a straight
quote also matches curly ones, ``-`` the en and em dashes, ``...`` the ellipsis) unless
``strict``, optional accent folding, whole words, fuzzy matching with up to N edits, and a
time limit per block. The unit of search is a block: a match never spans two blocks, and its
offsets are within its block's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import PatternError, SearchTimeoutError
from ..model import BlockKind

if TYPE_CHECKING:
    import regex

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

    @classmethod
    def _missing_(cls, value: object) -> SearchIn | None:
        """The JSON fields' plural names (``paragraphs``, ``list_items``…), in any case, name a kind too."""
        if isinstance(value, str):
            name = _PLURALS.get(value.lower(), value.lower())
            for member in cls:
                if member.value == name:
                    return member
        return None


#: ``Article.as_dict()``'s plural field names, as ``--in`` takes them.
_PLURALS = {
    "ledes": "lede",
    "headings": "heading",
    "paragraphs": "paragraph",
    "list_items": "list",
    "lists": "list",
    "notes": "note",
    "signoffs": "signoff",
    "insets": "inset",
    "bylines": "byline",
}


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
            raise PatternError(f"unknown kind {value!r}", option="in")
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
_ANY3_OR_ELLIPSIS = r"(?:…|...)"


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
    return "[" + "".join(re.escape(c) for c in chars) + "]"


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
        out.append(folded if folded is not None else re.escape(text[i]))
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
            if typographic and not in_class and pattern.startswith(r"\.\.\.", i) and not _quantified(pattern, i + 6):
                out.append(_ELLIPSIS)
                i += 6
                continue
            if typographic and esc == r"\-":
                out.append(re.escape(_DASHES) if in_class else _char_class(_DASHES))
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
                out.append(re.escape(_FOLD_CLASS[ch]))
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
        if typographic and pattern.startswith("...", i) and not _quantified(pattern, i + 3):
            out.append(_ANY3_OR_ELLIPSIS)  # three of any character, as written, or an ellipsis
            i += 3
            continue
        folded = _fold_literal_char(ch, typographic, accents)
        out.append(folded if folded is not None else ch)
        i += 1
    return "".join(out)


def _quantified(pattern: str, i: int) -> bool:
    """Whether a quantifier follows at ``i`` (folding what precedes it would change its scope)."""
    return i < len(pattern) and pattern[i] in "*+?{"


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
    timeout: float
    """Seconds the regex may take on one block before the search fails."""
    needles: tuple[str, ...] = ()
    """ASCII strings one of which every match contains (case as ``ignore_case`` says); () when unknown.

    A pre-filter may skip text holding none of them: see ``required_literals``."""
    linear: bool = False
    """Whether the pattern is a literal (folded or not, as a word or not): it cannot backtrack
    catastrophically, so it runs without the time limit, whose bookkeeping costs more than
    the search itself on a paragraph."""

    @property
    def limit(self) -> float | None:
        """The ``timeout`` to give the ``regex`` module: None for a linear pattern."""
        return None if self.linear else self.timeout

    def finditer(self, text: str, source: str | None = None, line: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of each match in ``text``; ``SearchTimeoutError`` past the time limit."""
        try:
            for m in self.compiled.finditer(text, timeout=self.limit):
                if m.end() > m.start():
                    yield m.start(), m.end()
        except TimeoutError:
            raise self.timed_out(source, line) from None

    def timed_out(self, source: str | None, line: int | None) -> SearchTimeoutError:
        """The error of a search that ran out of time on the block at ``source``:``line``."""
        return SearchTimeoutError(self.pattern, self.timeout, source, line)


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
    import regex  # imported here: the commands that never search do not pay for it

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
    needles = () if fuzzy or fold_accents else required_literals(pattern, fixed=fixed, typographic=not strict)
    linear = not fuzzy and (fixed or _unescape_literal(pattern) is not None)
    return Query(pattern, compiled, ignore_case, timeout, needles, linear)


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


# --- what every match must contain (for pre-filters on raw bytes) ----------------------------

#: Flag letters of an inline group ``(?i)``, ``(?x:…)``: they change what the rest of a pattern means.
_FLAG_LETTERS = set("abefiLmprsuVwx-^")
#: Escapes with no argument that stand for something other than a literal (``\d``, ``\b``, ``\n``…).
_PLAIN_ESCAPES = set("dDwWsSbBAZGmMntrfva")


def required_literals(pattern: str, *, fixed: bool = False, typographic: bool = True) -> tuple[str, ...]:
    """ASCII strings one of which every match of ``pattern`` contains; () when none can be told.

    Conservative by design: it only ever *under*-states what a match needs. Each top-level
    branch (``a|b``) gives its longest run of plain ASCII characters that must appear
    consecutively (no quantifier, class, escape with a meaning, or character that typographic
    folding widens: quotes, dashes, dots), or, failing that, the strings of a group it must
    contain (``(Lenin|Trotsky)ism``). A branch with neither, a pattern with inline flags
    (``(?i)``, ``(?x)``) or with syntax this reader does not follow gives (). Case is not
    folded here: a caller that ignores case must ignore it in its search too.
    """
    folded = set("'\"-.") if typographic else set()
    if fixed:
        best = max(_runs_of(list(pattern), folded), key=len, default="")
        return (best,) if best else ()
    return _required(pattern, 0, len(pattern), folded) or ()


_Item = str | tuple[str, ...] | None


def _required(pattern: str, i: int, n: int, folded: set[str]) -> tuple[str, ...] | None:
    """``required_literals`` of ``pattern[i:n]``; None when nothing can be told."""
    branches: list[list[_Item]] = [[]]
    while i < n:
        ch = pattern[i]
        items = branches[-1]
        if ch == "\\":
            if i + 1 >= n:
                return None
            nxt = pattern[i + 1]
            if nxt.isalnum() or nxt == "_":
                if nxt not in _PLAIN_ESCAPES:
                    return None  # \x41, \p{L}, \1, \N{…}: arguments this reader does not follow
                items.append(None)
            else:
                items.append(nxt)
            i += 2
        elif ch in "*?+{":
            if ch != "+" and items:
                items[-1] = None  # the item before is optional
            items.append(None)  # what follows need not touch what precedes
            if ch == "{":
                close = pattern.find("}", i, n)
                i = close + 1 if close > 0 else i + 1
            else:
                i += 1
            while i < n and pattern[i] in "?+":  # lazy and possessive suffixes
                i += 1
        elif ch == "|":
            branches.append([])
            i += 1
        elif ch == "(":
            end = _skip_group(pattern, i, n)
            if end < 0:
                return None
            items.append(_group_required(pattern, i, end, folded))
            i = end
        elif ch == "[":
            end = _skip_class(pattern, i, n)
            if end < 0:
                return None
            items.append(None)
            i = end
        elif ch in ".^$":
            items.append(None)
            i += 1
        elif ch == ")":
            return None
        else:
            items.append(ch)
            i += 1
    chosen: list[str] = []
    for items in branches:
        best: tuple[str, ...] | None = None
        run = max(_runs_of(items, folded), key=len, default="")
        if run:
            best = (run,)
        else:  # the group whose shortest string is longest
            groups = [g for g in items if isinstance(g, tuple) and g]
            if groups:
                best = max(groups, key=lambda g: min(len(x) for x in g))
        if best is None:
            return None
        chosen.extend(x for x in best if x not in chosen)
    return tuple(chosen)


def _group_required(pattern: str, i: int, end: int, folded: set[str]) -> tuple[str, ...] | None:
    """What a group that a match must pass through requires (capturing, ``(?:``, named, atomic)."""
    body = i + 1
    if pattern.startswith("(?", i):
        rest = pattern[i + 2 : end]
        if rest.startswith((":", ">")):
            body = i + 3
        elif rest.startswith(("P<", "<")) and not rest.startswith(("<=", "<!")):
            close = pattern.find(">", i, end)
            if close < 0:
                return None
            body = close + 1
        else:
            return None  # lookaround, conditionals, comments: no requirement taken from them
    return _required(pattern, body, end - 1, folded)


def _runs_of(items: list[_Item], folded: set[str]) -> list[str]:
    """Maximal runs of plain ASCII characters (not newline, not folded) among ``items``."""
    runs: list[str] = []
    current: list[str] = []
    for item in [*items, None]:
        if isinstance(item, str) and item.isascii() and item != "\n" and item not in folded:
            current.append(item)
        elif current:
            runs.append("".join(current))
            current = []
    return runs


def _skip_class(pattern: str, i: int, n: int) -> int:
    """Index just past the character class opening at ``i``; -1 for one this reader does not follow."""
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":
        j += 1
    return _skip_to_close(pattern, j, n, in_class=True)


def _skip_group(pattern: str, i: int, n: int) -> int:
    """Index just past the group opening at ``i`` (nested groups and classes followed); -1 to give up."""
    return _skip_to_close(pattern, i, n, in_class=False)


def _skip_to_close(pattern: str, j: int, n: int, in_class: bool) -> int:
    """Index just past what closes the class (``]``) or the group (``)`` at depth 0) ``j`` is in; -1 to give up."""
    depth = 0
    while j < n:
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            if in_class:
                return -1  # POSIX classes, nested sets
            j = _skip_class(pattern, j, n)
            if j < 0:
                return -1
            continue
        if in_class:
            if ch == "]":
                return j + 1
        elif ch == "(":
            if pattern.startswith("(?", j) and j + 2 < n and pattern[j + 2] in _FLAG_LETTERS:
                return -1  # inline flags change the whole pattern
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1
