"""reuse.quotes on the bundled corpus: the facts of issue 13 (lines are corpus lines)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reuse_helpers import make_article as article

import isocorpus
from isocorpus.reuse.normalize import tokenize
from isocorpus.reuse.quotes import Basis, EditKind, edits_between, find_quotes

QUOTES = find_quotes(isocorpus.iter_articles())


def by_lines(source_line: int, target_seq: int):  # noqa: ANN201
    found = [q for q in QUOTES if q.source.lines[0] == source_line and q.target.article.seq == target_seq]
    assert len(found) == 1, found
    return found[0]


def test_mcnally_paragraph_reappears_in_the_statement_as_three_paragraphs() -> None:
    quote = by_lines(1244, 17)
    assert quote.source.article.seq == 15
    assert quote.source.lines == (1244,)
    assert quote.target.lines == (1357, 1359, 1361)
    assert quote.source.tokens == 217
    assert quote.introducer_line == 1355
    assert quote.introducer is not None and quote.introducer.startswith("As our comrade David McNally wrote in 2009")
    assert quote.basis is Basis.INTRODUCER
    assert [(e.kind, e.source, e.target) for e in quote.edits] == [
        (EditKind.QUOTE_MARKS, "“leaders”", "‘leaders’"),
        (EditKind.JOIN, "hot house", "hothouse"),
    ]


def test_direction_is_from_the_text_although_the_statement_is_dated_a_day_earlier() -> None:
    quote = by_lines(1244, 17)
    assert quote.target.article.date < quote.source.article.date  # type: ignore[operator]
    assert quote.source.article.byline == "David McNally"


def test_leigh_quotes_its_first_96_tokens() -> None:
    quote = by_lines(1244, 10)
    assert quote.target.lines == (692, 694)
    assert quote.source.tokens == 96 == quote.matched
    assert quote.introducer_line == 690
    assert [(e.kind, e.source, e.target) for e in quote.edits] == [(EditKind.HYPHEN, "far-left", "far left")]


def test_the_two_quoting_articles_form_one_cluster_with_mcnally_as_source() -> None:
    one = by_lines(1244, 10)
    two = by_lines(1244, 17)
    assert one.cluster == two.cluster
    assert one.cluster_seqs == (10, 15, 17)
    # Leigh and the statement share 96 tokens, but neither quotes the other.
    assert not [q for q in QUOTES if {q.source.article.seq, q.target.article.seq} == {10, 17}]


def test_an_interpolation_inside_the_quote_stays_one_quote() -> None:
    quote = by_lines(1215, 17)
    assert quote.introducer_line == 1363  # "McNally continues:"
    assert [e.kind for e in quote.edits] == [EditKind.INTERPOLATION, EditKind.QUOTE_MARKS, EditKind.QUOTE_MARKS]
    assert quote.edits[0].target.startswith("in other words")
    assert (quote.edits[1].source, quote.edits[1].target) == ("might", "“might")  # the quote reopens


def test_only_the_three_quotes() -> None:
    assert [(q.source.article.seq, q.target.article.seq) for q in QUOTES] == [(15, 10), (15, 17), (15, 17)]


def test_a_short_shared_phrase_is_not_a_quote() -> None:
    # The two Spanish articles share "Comité Directivo (SC por sus siglas en inglés)": 8 tokens.
    assert all(q.source.article.language == "en" for q in QUOTES)


@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [
        ("a b c hot house d e", "a b c hothouse d e", EditKind.JOIN),
        ("a b c hothouse d e", "a b c hot house d e", EditKind.SPLIT),
        ("a b c x y z d e", "a b c … d e", EditKind.CUT),
        ("a b c d e", "a b c one two three four five six seven eight d e", EditKind.INTERPOLATION),
        ("a b c d e", "a b c sic d e", EditKind.INSERT),
        ("a b c x d e", "a b c d e", EditKind.DELETE),
        ("a b c x d e", "a b c y d e", EditKind.REPLACE),
    ],
)
def test_edit_kinds(source: str, target: str, kind: EditKind) -> None:
    edits = edits_between(tokenize(source), tokenize(target))
    assert [e.kind for e in edits] == [kind]
    assert edits[0].offset == 3 and edits[0].target_offset == 3


words = st.lists(st.sampled_from("a b c d e f the of “x” far-left ... —".split()), min_size=0, max_size=60)


@settings(max_examples=50, deadline=None)
@given(st.lists(words, min_size=2, max_size=5))
def test_find_quotes_never_raises_and_spans_are_sane(texts: list[list[str]]) -> None:
    corpus = [article(i + 1, " ".join(t)) for i, t in enumerate(texts)]
    for quote in find_quotes(corpus, min_words=6, shingle=3):
        assert quote.source.article.seq != quote.target.article.seq
        assert 0 <= quote.source.start < quote.source.end
        assert quote.matched <= quote.source.tokens


SOURCE_TEXT = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
    "quebec romeo sierra tango uniform victor whiskey xray yankee zulu one two three four five six seven"
)


def test_a_cut_marked_by_an_ellipsis_and_a_bracketed_insertion_stay_one_quote() -> None:
    words = SOURCE_TEXT.split()
    copy = " ".join(words[:8]) + " [sic] " + " ".join(words[8:14]) + " … " + " ".join(words[20:32])
    source = article(1, SOURCE_TEXT, byline="Ann Source")
    target = article(2, f"As Source put it, “{copy}” and more.", byline="Bo Target")
    (quote,) = find_quotes([source, target])
    assert (quote.source.article.seq, quote.target.article.seq) == (1, 2)
    assert quote.basis is Basis.INTRODUCER  # the source's author named just before the copy
    assert [(e.kind, e.source, e.target) for e in quote.edits] == [
        (EditKind.INSERT, "", "sic"),
        (EditKind.CUT, "oscar papa quebec romeo sierra tango", "…"),
    ]
