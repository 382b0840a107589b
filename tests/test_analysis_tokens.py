"""The one tokenizer: what a token and a type are, and the corpus facts of issue 12."""

from __future__ import annotations

from collections import Counter

import pytest

import isocorpus
from isocorpus.analysis.counting import CountOptions, count_partition
from isocorpus.analysis.tokens import TypeCache, TypeTest, Vocabulary, load_stop_words, tokenize, type_of, types
from isocorpus.errors import PatternError, UsageError

CORPUS = list(isocorpus.iter_articles())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the micro-party model", ["the", "micro-party", "model"]),
        ("pre-1917 and 1917-23", ["pre-1917", "and", "1917-23"]),
        ("ISO’s view, ISO's view", ["ISO’s", "view", "ISO's", "view"]),
        ("#MeToo—and “quotes”/slashes", ["#MeToo", "and", "quotes", "slashes"]),
        ("far-left – then -- dash", ["far-left", "then", "dash"]),
        ("can’t won't", ["can’t", "won't"]),
        ("votación 2019", ["votación", "2019"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_type_folds_case_and_the_curly_apostrophe() -> None:
    assert type_of("ISO’s") == type_of("ISO's") == "iso's"
    assert type_of("#MeToo") == "#metoo"
    assert type_of("STRASSE") == type_of("Straße")  # casefold, not lower


def test_the_cache_gives_what_the_regex_gives() -> None:
    cache = TypeCache()
    for article in CORPUS:
        text = article.text
        assert cache.sequence(text) == types(text)
        counts: Counter[str] = Counter()
        assert cache.count(text, counts) == len(types(text))
        assert counts == Counter(types(text))


def test_corpus_facts() -> None:
    """Issue 12: 42,692 tokens, 6,186 types; the 2,555 in 19; micro-party 23 in 3; #metoo 33 in 9."""
    table = count_partition(CORPUS)
    assert table.tokens == 42_692
    assert len(table.freq) == 6_186
    assert (table.freq["the"], table.range["the"]) == (2_555, 19)
    assert (table.freq["micro-party"], table.range["micro-party"]) == (23, 3)
    assert (table.freq["#metoo"], table.range["#metoo"]) == (33, 9)
    # tokens are not wc -w words
    assert sum(a.word_count for a in CORPUS) == 42_876


def test_in_kinds_count_other_blocks() -> None:
    with_notes = count_partition(
        CORPUS, CountOptions(kinds=frozenset({"lede", "heading", "paragraph", "list", "note"}))
    )
    assert with_notes.freq["micro-party"] == 24  # one more in McNally's note


def test_type_test_matches_whole_types() -> None:
    exact = TypeTest("ISO’s")
    assert exact("iso's") and not exact("iso")
    pattern = TypeTest("centrali[sz]m", regex=True)
    assert pattern("centralism") and pattern("centralizm")
    assert not pattern("centralisms") and not pattern("democratic-centralism")
    with pytest.raises(PatternError):
        TypeTest("(", regex=True)


def test_lemmas_and_stop_words(tmp_path) -> None:  # noqa: ANN001
    lemma = Vocabulary(lemma=True).lemmatizer("en")
    assert lemma("parties") == "party"
    assert Vocabulary(lemma=True).lemmatizer(None)("parties") == "parties"
    assert "the" in load_stop_words("en") and "el" in load_stop_words("en,es")
    path = tmp_path / "stop.txt"
    path.write_text("# mine\nThe\nISO’s  # folded\n", encoding="utf-8")
    assert load_stop_words(str(path)) == {"the", "iso's"}
    with pytest.raises(UsageError):
        load_stop_words("no such thing")
