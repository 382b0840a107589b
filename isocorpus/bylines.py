"""Bylines: whether the line after the timestamp is one, and the names it holds.

A byline is one short line (FORMAT.md): a person, several, an organisation, or ``From …``.
The line may be missing, the lede then following the timestamp: a line that cannot be a byline
(a long line, or a sentence, ending in sentence punctuation) is the lede. Names are split on
commas and on the word for "and" of the article's language (``und``, ``et``, ``e``, ``y``…),
with ``and`` and ``&`` understood in any language.
"""

from __future__ import annotations

import re
from functools import cache

#: A byline is at most this many words and characters ...
BYLINE_WORDS = 20
BYLINE_CHARS = 120
#: ... and, when it ends in sentence punctuation, at most this many words (``Tess Carter.``).
PUNCTUATED_WORDS = 5

_SENTENCE_END = frozenset(".!?:;")
_CLOSING_QUOTES = "\"'”’»›"
_FROM = "From "
#: "and" in the languages whose articles a dump may hold (ISO 639-1): split on besides and, &.
CONJUNCTIONS: dict[str, tuple[str, ...]] = {
    "en": (),
    "es": ("y", "e"),
    "ca": ("i",),
    "fr": ("et",),
    "de": ("und",),
    "nl": ("en",),
    "pt": ("e",),
    "it": ("e", "ed"),
    "ro": ("și", "şi"),
    "sv": ("och",),
    "da": ("og",),
    "no": ("og",),
    "pl": ("i",),
}
#: With no language (or one not listed), bylines are split as in English and Spanish.
DEFAULT_CONJUNCTIONS = ("y",)


def is_byline(line: str) -> bool:
    """Whether ``line`` can be a byline: short, and not a sentence (a long line ending in ``.``)."""
    words = len(line.split())
    if words > BYLINE_WORDS or len(line) > BYLINE_CHARS:
        return False
    core = line.rstrip(_CLOSING_QUOTES)
    return not (core and core[-1] in _SENTENCE_END and words > PUNCTUATED_WORDS)


@cache
def _splitter(language: str | None) -> re.Pattern[str]:
    extra = CONJUNCTIONS[language] if language in CONJUNCTIONS else DEFAULT_CONJUNCTIONS
    words = ("and", *extra)
    alternatives = "|".join(["&", *(re.escape(w) for w in dict.fromkeys(words))])
    return re.compile(rf",\s*(?:{alternatives})\s+|,\s*|\s+(?:{alternatives})\s+")


def split_names(text: str, language: str | None = None) -> tuple[str, ...]:
    """The people or bodies a byline names: ``From the ISO`` → the ISO; ``A, B, and C`` → three;
    ``Jonas Becker und Miriam Schulz`` → two when ``language`` is ``de``."""
    text = text.strip()
    if text.startswith(_FROM):
        text = text[len(_FROM) :]
    text = text.rstrip(".").strip()
    return tuple(n for n in (p.strip() for p in _splitter(language).split(text)) if n)
