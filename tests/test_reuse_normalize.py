"""reuse.normalize: the one matching normalisation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import isocorpus
from isocorpus.reuse.normalize import GAP, QUOTABLE_KINDS, strip_accents, token_stream, tokenize


def test_quotes_and_dashes_fold_away() -> None:
    assert (
        tokenize("ostensible ‘leaders’ can") == tokenize('ostensible "leaders" can') == ["ostensible", "leaders", "can"]
    )
    assert tokenize("on the far-left is") == tokenize("on the far left is")
    assert tokenize("a — b – c") == ["a", "b", "c"]


def test_apostrophes_and_case() -> None:
    assert tokenize("We’ll be READY") == ["we'll", "be", "ready"]
    assert tokenize("'quoted' O'Brien") == ["quoted", "o'brien"]


def test_an_ellipsis_is_one_gap_token() -> None:
    for text in ("one … two", "one... two", "one . . . two", "one.... two"):
        assert tokenize(text) == ["one", GAP, "two"], text


def test_nfkc_and_accents() -> None:
    assert tokenize("ﬁnal ＡＢＣ") == ["final", "abc"]
    assert tokenize("votación") == ["votación"]
    assert strip_accents("votación") == "votacion"


def test_a_stream_knows_each_tokens_block() -> None:
    article = next(a for a in isocorpus.iter_articles() if a.seq == 15)
    stream = token_stream(article)
    assert len(stream.tokens) == len(stream.block_of)
    assert all(article.blocks[i].kind in QUOTABLE_KINDS for i in stream.block_of)
    first = stream.block_of.index(next(i for i, b in enumerate(article.blocks) if b.line == 1244))
    assert stream.tokens[first : first + 4] == ("one", "of", "the", "great")


def test_words_as_printed_for_each_token() -> None:
    article = next(a for a in isocorpus.iter_articles() if a.seq == 10)
    stream = token_stream(article)
    start = stream.block_of.index(next(i for i, b in enumerate(article.blocks) if b.line == 692))
    words = stream.words(start, start + 16)
    assert words[:3] == ("One", "of", "the")
    assert words[10:13] == ("“Leninism”", "on", "the")
    assert words[13:15] == ("far", "left")


@given(st.text())
def test_tokenize_never_raises_and_tokens_are_normalised(text: str) -> None:
    for token in tokenize(text):
        assert token == GAP or (token and " " not in token and token == token.casefold())
