"""An article's language: an ISO 639-1 code, or None when the evidence is too thin to say.

Two stages. A vote of function words (words that belong to one of English, Spanish, French,
German, Portuguese and Italian and to none of the others) answers when it is decisive: enough
votes, and the winner far ahead of the runner-up. That is nearly every article of a dump, and
it costs a dict lookup a word. Anything else (another language, a mixed or a short text) goes to
py3langid, whose model (97 languages, 4.6 MB) ships in its wheel; its answer is kept when its
normalised probability is at least ``MIN_PROBABILITY``, else the language is None.

py3langid is the ``languages`` extra (``pip install 'isocorpus[languages]'``): without it, what the
vote cannot decide is None. It is loaded on first need (its model takes about a second to load), so a dump in the six
languages never loads it. Why these libraries and thresholds: benchmarks/language.py measures
them (simplemma needs the candidate languages named and takes seconds to load them; lingua's
wheel is 96 MB).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

#: The head of a text the vote looks at: a paragraph of megabytes is judged by its first.
HEAD_CHARS = 1 << 20
#: Words the vote looks at, at most.
SAMPLE_WORDS = 400
#: Characters of the texts the model is shown.
MODEL_CHARS = 1000
#: The vote decides with at least this many votes for the winner ...
MIN_VOTES = 8
#: ... and at least this many times the runner-up's votes.
MIN_LEAD = 4
#: Fewer letters than this is no evidence: the language is None.
MIN_LETTERS = 12
#: The model's answer is kept from this normalised probability on.
MIN_PROBABILITY = 0.8

#: Function words of the six languages; a word in two lists votes for neither.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to that is for was with are it be by this we not have were their our which from but"
        " has had they he she you will would been do",
        "es": "el los las del y pero fue es está están hemos estos nuestra nuestro también cuando muy hay sus más"
        " ellos ella porque",
        "fr": "le les des et est une pour dans pas sur au aux avec il ils elle ce cette ces sont ont été nous vous"
        " leur leurs mais où plus",
        "de": "der die das und ist nicht ein eine einen dem den des mit sich auf für von zu im sie wir ihr haben sind"
        " wurde auch nach wie bei oder aus",
        "pt": "os do dos das não uma em ao seu sua seus suas pelo pela mais foi são está estão também muito ele ela"
        " eles isso é com na",
        "it": "il le gli della delle dei degli di che non per sono è nel nella alla alle anche più hanno questo"
        " questa dello sul perché essere",
    }.items()
}
#: Punctuation stripped from the ends of a word before it is looked up.
_WORD_PUNCT = ".,;:!?\"'“”‘’()—–-¿¡«»"

_LANGS = tuple(FUNCTION_WORDS)
#: Votes are summed in one int, ``_BITS`` bits a language (a sample of SAMPLE_WORDS cannot carry over).
_BITS = 10
_MASK = (1 << _BITS) - 1
_VOTES_MAX = 100_000


def _vote_of(bare: str) -> int:
    """The vote of a lowercased, stripped word: one language's bit, or 0 (words two languages share)."""
    vote = 0
    for k, lang in enumerate(_LANGS):
        if bare in FUNCTION_WORDS[lang]:
            if vote:
                return 0
            vote = 1 << (k * _BITS)
    return vote


class _Votes(dict[str, int]):
    """A cache of ``_vote_of(word.lower().strip(_WORD_PUNCT))``: the same few thousand words recur
    in every text, so one dict lookup a word replaces a lowercasing, a strip and six set lookups.
    Emptied when it grows past ``_VOTES_MAX`` words.
    """

    def __missing__(self, word: str) -> int:
        if len(self) >= _VOTES_MAX:
            self.clear()
        vote = self[word] = _vote_of(word.lower().strip(_WORD_PUNCT))
        return vote


_VOTES = _Votes()


def vote(words: list[str]) -> dict[str, int]:
    """Function-word votes per language (languages with none left out)."""
    total = sum(map(_VOTES.__getitem__, words[:SAMPLE_WORDS]))
    counts = {lang: (total >> (k * _BITS)) & _MASK for k, lang in enumerate(_LANGS)}
    return {lang: n for lang, n in counts.items() if n}


@cache
def _identifier() -> Any:
    """py3langid's identifier with normalised probabilities, or None when py3langid is not installed."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> str | None:
    """py3langid's language for ``text`` (ISO 639-1), or None when it is not sure or the text is thin."""
    text = text[:MODEL_CHARS]
    identifier = _identifier()
    if identifier is None or sum(map(str.isalpha, text)) < MIN_LETTERS:
        return None
    lang, probability = identifier.classify(text)
    return str(lang) if probability >= MIN_PROBABILITY else None


def detect_language(texts: Iterable[str]) -> str | None:
    """The language of the texts (an article's lede and paragraphs): ISO 639-1, or None.

    The words of whole texts are taken until ``SAMPLE_WORDS`` is reached; each is lowercased and
    stripped of punctuation at its ends before it is looked up.
    """
    words: list[str] = []
    heads: list[str] = []
    size = 0
    for text in texts:
        if size < MODEL_CHARS:
            heads.append(text[: MODEL_CHARS - size])
            size += len(heads[-1]) + 1
        # lowercasing never makes or unmakes whitespace: _VOTES lowercases. Only the head of a
        # hostile paragraph of 30 MB is split (its six million words are not needed for 400).
        words += text[:HEAD_CHARS].split()
        if len(words) >= SAMPLE_WORDS:
            break
    ranked = sorted(vote(words).items(), key=lambda kv: -kv[1])
    if ranked:
        first, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n >= MIN_VOTES and n >= MIN_LEAD * second:
            return first
    return identify(" ".join(heads))
