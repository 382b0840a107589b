"""FORMAT.md's block rules, once: what a group of lines is, given the groups around it.

A *group* is a run of non-blank lines of an entry's body (stripped), and its *gap* the number
of blank lines before it (0 for the rest of the lede's group). One blank line makes a
paragraph or an inset, two or more a section break (then a heading or a lead-in); lines with
no blank between them are a list, a sign-off or notes; a closing line may be provenance.

Two readers call these functions: ``parse.parse_entry`` walks an entry's groups forward, and
grep's lazy classifier (``search.lazy.EntryView``) reads only the groups around a candidate
line in the raw bytes. The rules live here so that both give every line the same kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import BlockKind

#: "Short", for headings and insets: at most this many words and characters.
SHORT_WORDS = 15
SHORT_CHARS = 100
#: No line longer than this is a heading or an inset (a doubled inset is two short halves and a space).
SHORT_MAX = 2 * SHORT_CHARS + 1

SENTENCE_END = frozenset(".!?:;,")
CLOSING_QUOTES = "\"'”’»›"
#: Headings (lower-cased, a trailing colon aside) that open a notes section.
NOTES_HEADINGS = frozenset({"notes", "footnotes", "notas", "endnotes", "notes and references"})
#: How a numbered note opens.
NUMBERED = re.compile(r"\d{1,3}[.)]\s")
#: How a provenance line opens.
PROVENANCE = re.compile(
    r"(?:First|Originally|Previously) published|Another version of this|A version of this"
    r"|An earlier version of this|This article (?:was )?(?:first|originally) (?:published|appeared)"
    r"|Reprinted|Republished|Translated by|Translation by|Traducido|Traducida|Traducción"
    r"|Publicado|Publicada"
)
#: How a paragraph of signatories opens (a paragraph, never an inset or a heading, however short).
SIGNED_BY = "Signed by:"

#: What a line longer than ``SHORT_MAX`` can be (a ``BlockKind`` value): never a heading or an inset.
LONG_KINDS = frozenset(
    k.value
    for k in (
        BlockKind.LEDE,
        BlockKind.PARAGRAPH,
        BlockKind.LIST,
        BlockKind.NOTE,
        BlockKind.SIGNOFF,
        BlockKind.PROVENANCE,
    )
)

_PARAGRAPH, _HEADING, _LIST = BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST
_INSET, _NOTE, _SIGNOFF = BlockKind.INSET, BlockKind.NOTE, BlockKind.SIGNOFF


# --- one line ----------------------------------------------------------------------------------


def is_short(text: str) -> bool:
    """At most ``SHORT_CHARS`` characters and ``SHORT_WORDS`` words."""
    return len(text) <= SHORT_CHARS and len(text.split()) <= SHORT_WORDS


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends in sentence punctuation (closing quotes aside)."""
    core = text.rstrip(CLOSING_QUOTES)
    return bool(core) and core[-1] in SENTENCE_END


def ends_ellipsis(text: str) -> bool:
    """Whether ``text`` ends in ``...`` or ``…`` (closing quotes aside)."""
    core = text.rstrip(CLOSING_QUOTES)
    return core.endswith("...") or core.endswith("…")


def is_heading(text: str) -> bool:
    """A short line not ending in sentence punctuation (a trailing ellipsis is fine)."""
    return is_short(text) and (ends_ellipsis(text) or not ends_sentence(text))


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
    if len(text) > SHORT_MAX or ends_sentence(text):
        return False  # too long even once collapsed, or punctuated (a copy ends as its double does)
    text = collapse_doubled(text)
    return is_short(text) and not ends_sentence(text) and not ends_ellipsis(text)


def is_notes_heading(text: str) -> bool:
    """Whether ``text`` names a notes section (``Notes``, ``Footnotes:``, ``Notas``…)."""
    return text.rstrip(":").strip().lower() in NOTES_HEADINGS


def is_numbered(text: str) -> bool:
    """Whether ``text`` opens like a numbered note (``1. ``, ``12) ``)."""
    return NUMBERED.match(text) is not None


def is_signed_by(text: str) -> bool:
    """Whether ``text`` opens a paragraph of signatories."""
    return text.startswith(SIGNED_BY)


def opens_provenance(text: str) -> bool:
    """Whether ``text`` opens like a provenance line (it is one only in closing position)."""
    return PROVENANCE.match(text) is not None


# --- a group in its context ----------------------------------------------------------------------


def passed_by_provenance(lines: Sequence[str], gap: int) -> bool:
    """Whether the look-back for the provenance line passes over this group.

    Only an inset is passed over: one line after one blank line, short and unpunctuated, and
    neither a provenance opening (that would be the provenance line) nor a ``Signed by:``
    paragraph (never an inset, however short).
    """
    if len(lines) != 1 or gap != 1:
        return False
    text = lines[0]
    return not is_signed_by(text) and not opens_provenance(text) and is_inset(text)


def provenance_index(groups: Sequence[tuple[int, Sequence[str], int]]) -> int:
    """Index of the provenance line among ``(gap, lines, start)`` groups (the lede's line aside), or -1.

    The provenance line is the last group, insets after it aside, when it is one line that
    opens like provenance.
    """
    for k in range(len(groups) - 1, -1, -1):
        gap, lines, _ = groups[k]
        if len(lines) == 1 and opens_provenance(lines[0]):
            return k
        if not passed_by_provenance(lines, gap):
            return -1
    return -1


def notes_after(lines: Sequence[str], gap: int) -> bool | None:
    """Whether the notes section is open after this group (not the provenance line); None: unchanged.

    A heading opens it (a notes heading) or closes it (any other); a notes heading with
    numbered lines under it opens it. Numbered lines never change it: inside notes they are
    notes, outside a heading that is not a notes heading leaves it closed.
    """
    if gap < 2:
        return None
    first = lines[0]
    if len(lines) > 1:
        return True if is_notes_heading(first) and is_numbered(lines[1]) else None
    if is_signed_by(first) or is_numbered(first) or not is_heading(first):
        return None
    return is_notes_heading(first)


def single_kind(text: str, gap: int, in_notes: bool) -> BlockKind:
    """The kind of a one-line group that is not the lede nor the provenance line.

    ``in_notes`` matters only for a numbered line (``is_numbered``): a caller may pass False
    for any other without working it out.
    """
    if gap == 1 and not in_notes and text[-1] in SENTENCE_END:
        return _PARAGRAPH  # the usual paragraph: no heading after one blank line, no punctuated inset
    if is_signed_by(text):
        return _PARAGRAPH
    if in_notes and is_numbered(text):
        return _NOTE
    if len(text) <= SHORT_MAX:  # longer lines are neither headings nor insets
        if gap >= 2 and is_heading(text):
            return _HEADING
        if gap == 1 and text[-1] not in SENTENCE_END and is_inset(text):
            return _INSET
    return _PARAGRAPH


def group_kinds(lines: Sequence[str], gap: int, in_notes: bool) -> tuple[BlockKind, BlockKind]:
    """The kinds of a group of two or more lines: (its first line's, the others').

    ``in_notes`` matters only when the first line is numbered (see ``single_kind``).
    """
    first = lines[0]
    if is_signed_by(first):
        return _PARAGRAPH, _PARAGRAPH
    if gap >= 2 and is_notes_heading(first) and is_numbered(lines[1]):
        return _HEADING, _NOTE
    if in_notes and is_numbered(first):
        return _NOTE, _NOTE
    kind = _SIGNOFF if first.endswith(",") else _LIST
    return kind, kind


def signatories_text(lines: Sequence[str]) -> str:
    """The names of a ``Signed by:`` group, as one text (``split_names`` splits it)."""
    return " ".join(lines)[len(SIGNED_BY) :]


__all__ = [
    "LONG_KINDS",
    "NOTES_HEADINGS",
    "NUMBERED",
    "PROVENANCE",
    "SHORT_CHARS",
    "SHORT_MAX",
    "SHORT_WORDS",
    "SIGNED_BY",
    "collapse_doubled",
    "group_kinds",
    "is_heading",
    "is_inset",
    "is_notes_heading",
    "is_numbered",
    "is_signed_by",
    "notes_after",
    "opens_provenance",
    "passed_by_provenance",
    "provenance_index",
    "single_kind",
]
