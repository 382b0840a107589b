"""The one tokenizer: what a token is, and what type it counts as.

A token is a match of ``#?\\w+(?:[-'’]\\w+)*`` (Unicode ``\\w``): hyphenated words and
contractions stay whole (``micro-party``, ``pre-1917``, ``ISO’s``, ``#MeToo``); em and en
dashes, quotes, slashes and other punctuation separate. Its type is ``casefold()`` with the
curly apostrophe ``’`` folded to ``'`` (``ISO’s`` and ``ISO's`` are one type, ``iso's``).

Tokens are not ``wc -w`` words: ``--`` or ``—`` alone is a word and no token, ``far-left/right``
is one word and two tokens (the bundled corpus has 42,876 words and 42,692 tokens).

No token spans whitespace, so the tokens of a text are the tokens of its whitespace-separated
words in order: ``TypeCache`` tokenizes each distinct word once and remembers the types it
gives, which is how the counts stay fast (a corpus has far fewer distinct words than words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from ..errors import PatternError, UsageError
from ..model import COUNTED_KINDS, Article

#: The token pattern (Unicode ``\w``).
TOKEN_PATTERN = r"#?\w+(?:[-'’]\w+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
#: ``--in`` names the byline as a kind too.
BYLINE = "byline"
#: The blocks counted by default: the article's text (those of ``word_count``).
DEFAULT_KINDS: frozenset[str] = frozenset(k.value for k in COUNTED_KINDS)
#: Distinct words a ``TypeCache`` remembers before it starts afresh (memory stays bounded).
CACHE_LIMIT = 1_000_000


def type_of(token: str) -> str:
    """The type of a token: casefolded, ``’`` folded to ``'``."""
    return token.casefold().replace("’", "'")


def tokenize(text: str) -> list[str]:
    """The tokens of a text as they are written (not folded), in order."""
    return TOKEN_RE.findall(text)


def types(text: str) -> list[str]:
    """The types of the tokens of a text, in order."""
    return [type_of(t) for t in TOKEN_RE.findall(text)]


class TypeCache(dict[str, tuple[str, ...]]):
    """Whitespace-separated word → the types of its tokens, computed once per distinct word.

    ``cache[word]`` tokenizes a word the first time it is asked for and remembers it; past
    ``CACHE_LIMIT`` words it forgets them all and starts again, so memory stays bounded.
    """

    def __missing__(self, word: str) -> tuple[str, ...]:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        found = tuple(type_of(t) for t in TOKEN_RE.findall(word))
        self[word] = found
        return found

    def sequence(self, text: str) -> list[str]:
        """The types of ``text`` in order (what ``types(text)`` gives, faster on repeated words)."""
        return list(chain.from_iterable(map(self.__getitem__, text.split())))

    def count(self, text: str, into: Counter[str]) -> int:
        """Add the types of ``text`` to ``into``; returns how many tokens it had.

        Counts the whitespace-separated words first (at C speed), then tokenizes each distinct
        word once and adds its types as many times as the word occurs.
        """
        n = 0
        for word, times in Counter(text.split()).items():
            found = self[word]
            for t in found:
                into[t] += times
            n += times * len(found)
        return n


def block_texts(article: Article, kinds: frozenset[str] = DEFAULT_KINDS) -> Iterator[str]:
    """The texts of the article's blocks of these kinds (``byline``: the byline), in order.

    Windows and n-grams never cross a block: each text is one span.
    """
    if BYLINE in kinds and article.byline:
        yield article.byline
    for block in article.blocks:
        if block.kind.value in kinds:
            yield block.text


def resolve_kinds(names: Iterable[str] | None) -> frozenset[str]:
    """What ``--in`` names (as grep reads it: ``text``, ``all``, kinds), or the counted text when nothing."""
    chosen = [str(getattr(n, "value", n)) for n in names or ()]
    if not chosen:
        return DEFAULT_KINDS
    from ..search import resolve_kinds as search_kinds

    return search_kinds(chosen)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a type becomes before it is counted: itself, or its lemma (``--lemma``)."""

    lemma: bool = False
    """Count lemmas (simplemma, in the article's language) instead of types."""

    @property
    def plain(self) -> bool:
        """Whether types are counted as they are (nothing to look up)."""
        return not self.lemma

    def lemmatizer(self, language: str | None) -> Callable[[str], str]:
        """type → lemma in ``language`` (the type itself when there is no language or no lemma)."""
        if not self.lemma or not language:
            return _same
        return _lemmatizer(language)


def _same(word: str) -> str:
    return word


_LEMMAS: dict[str, Callable[[str], str]] = {}


def _lemmatizer(language: str) -> Callable[[str], str]:
    found = _LEMMAS.get(language)
    if found is None:
        try:
            import simplemma
        except ImportError:
            raise UsageError("--lemma needs simplemma: pip install 'isocorpus[analysis]'") from None
        cache: dict[str, str] = {}

        def lemma(word: str) -> str:
            got = cache.get(word)
            if got is None:
                if word.startswith("#"):
                    return word
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                try:
                    got = type_of(simplemma.lemmatize(word, lang=language))
                except ValueError:  # a language simplemma does not know
                    got = word
                cache[word] = got
            return got

        found = _LEMMAS[language] = lemma
    return found


def load_stop_words(spec: str) -> frozenset[str]:
    """Stop words from ``--stop``: a file (one a line, ``#`` comments) or language codes (``en,es``).

    Language lists are stopwordsiso's (an optional extra). Entries are folded as types are.
    """
    import os

    if os.path.exists(spec):
        try:
            with open(spec, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--stop: cannot read {spec}: {getattr(exc, 'strerror', None) or exc}") from None
        words = (line.split("#", 1)[0].strip() for line in lines)
        return frozenset(type_of(w) for w in words if w)
    codes = [c.strip() for c in spec.split(",") if c.strip()]
    if not codes or not all(re.fullmatch(r"[A-Za-z]{2,3}", c) for c in codes):
        raise UsageError(f"--stop: {spec!r} is neither a file nor language codes (en,es)")
    try:
        import stopwordsiso
    except ImportError:
        raise UsageError("--stop LANG needs stopwordsiso: pip install 'isocorpus[analysis]' (or give a file)") from None
    found: set[str] = set()
    for code in codes:
        if not stopwordsiso.has_lang(code.lower()):
            raise UsageError(f"--stop: no stop word list for {code!r}")
        found |= {type_of(w) for w in stopwordsiso.stopwords(code.lower())}
    return frozenset(found)


class TypeTest:
    """Whether a type is the one named: ``pattern`` as a type (folded as the tokenizer folds), or a regex.

    A regular expression (case-insensitive) must match a whole type: ``centrali[sz]m`` never
    matches inside ``centralisms``. Picklable; an invalid pattern is a ``PatternError``.
    """

    def __init__(self, pattern: str, regex: bool = False) -> None:
        self.pattern = pattern
        self.regex = regex
        self.exact = "" if regex else type_of(pattern)
        #: A piece of the type that a casefolded text holding it must hold (no apostrophe).
        self.probe = max(self.exact.split("'"), key=len)
        try:
            self._re = re.compile(pattern, re.IGNORECASE) if regex else None
        except re.error as exc:
            raise PatternError(f"{pattern!r}: {exc}") from None
        self._seen: dict[str, bool] = {}

    def __getstate__(self) -> tuple[str, bool]:
        return self.pattern, self.regex

    def __setstate__(self, state: tuple[str, bool]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def __call__(self, word: str) -> bool:
        if self._re is None:
            return word == self.exact
        got = self._seen.get(word)
        if got is None:
            got = self._re.fullmatch(word) is not None
            if len(self._seen) < 1_000_000:
                self._seen[word] = got
        return got

    def __str__(self) -> str:
        return self.pattern
