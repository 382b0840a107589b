"""isocorpus.query: the boolean query language, over articles and over blocks."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isocorpus import iter_articles
from isocorpus.errors import PatternError, UsageError
from isocorpus.model import Article, Block, BlockKind
from isocorpus.query import (
    And,
    Kinds,
    Meta,
    Near,
    Not,
    Or,
    QueryError,
    Scope,
    Term,
    TermOptions,
    compile_any,
    compile_where,
    parse_query,
)
from isocorpus.search import CaseMode

CORPUS = list(iter_articles(None))


def seqs(query: str, scope: Scope = Scope.article, **options: object) -> list[int]:
    where = compile_where(query, scope=scope, options=TermOptions(**options))  # type: ignore[arg-type]
    return [a.seq for a in CORPUS if where.matches(a)]


def article(
    *blocks: tuple[BlockKind, str],
    byline: str = "Tess Carter",
    authors: tuple[str, ...] = ("Tess Carter",),
    language: str = "en",
    published: datetime | None = datetime(2019, 4, 2, 10, 0),
    ident: str = "abcdef0123456789",
) -> Article:
    return Article(
        id=ident,
        seq=1,
        source="test",
        line=1,
        page=1,
        published=published,
        byline=byline,
        authors=authors,
        language=language,
        blocks=tuple(Block(kind, text, 5 + 2 * i) for i, (kind, text) in enumerate(blocks)),
        word_count=0,
        signatories=(),
        footer=None,
        warnings=(),
    )


P = BlockKind.PARAGRAPH
SAMPLE = article(
    (BlockKind.LEDE, "The convention voted to dissolve the organization."),
    (BlockKind.HEADING, "A caucus forms"),
    (P, "Members of the caucus argued for democratic centralism."),
    (P, "Others argued for a federation of branches."),
    (BlockKind.INSET, "dissolve the caucus"),
    (BlockKind.NOTE, "1. See Hal Draper, The Two Souls of Socialism."),
)


def matches(query: str, a: Article = SAMPLE, scope: Scope = Scope.article) -> bool:
    return compile_where(query, scope=scope).matches(a)


# --- the facts of the issue, on the bundled corpus ----------------------------------------------


def test_caucus_is_in_ten_articles() -> None:
    assert seqs("caucus") == [1, 3, 4, 5, 6, 8, 13, 14, 18, 21]


def test_democratic_centralism_is_in_five_articles() -> None:
    assert seqs('"democratic centralism"') == [8, 9, 10, 11, 15]


def test_caucus_and_democratic_centralism_keeps_seq_8_alone() -> None:
    assert seqs('caucus AND "democratic centralism"') == [8]
    assert seqs('caucus "democratic centralism"') == [8]  # AND is implied


def test_leninism_not_democratic_centralism_keeps_17() -> None:
    assert seqs('leninism NOT "democratic centralism"') == [17]


def test_or_is_the_union() -> None:
    assert seqs('caucus OR "democratic centralism"') == [1, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 18, 21]


def test_metadata_qualifiers_name_subcorpora() -> None:
    assert seqs("author:McNally") == [15]
    assert seqs("author:mcnally AND caucus") == []
    assert seqs("lang:es") == [4, 13]
    assert seqs("lang:es caucus") == [4, 13]
    assert seqs("since:2019-04-08 until:2019-04-10") == [2, 3, 4]
    assert seqs('until:"March 14 2019"') == [21]
    assert seqs("since:2019-04") == [1, 2, 3, 4, 5, 6]  # a month stands for its first day
    assert seqs("until:2019-03") == list(range(7, 22))  # ... or its last
    assert seqs("id:1656") == [1]


def test_byline_is_searched_as_a_block() -> None:
    assert seqs("byline:ISO") == [1, 3, 21]
    assert seqs("ISO") != seqs("byline:ISO")


def test_smart_case_applies_per_term() -> None:
    assert seqs("Caucus") != seqs("caucus")
    assert seqs("Caucus", case=CaseMode.IGNORE) == seqs("caucus")


# --- the grammar ---------------------------------------------------------------------------------


def test_fts5_precedence_not_then_and_then_or() -> None:
    a, b, c = (Term(x, False, col) for x, col in (("a", 1), ("b", 6), ("c", 12)))
    assert parse_query("a OR b NOT c") == Or((a, And((b, Not(c)))))
    assert parse_query("a OR b c") == Or((a, And((b, Term("c", False, 8)))))
    assert parse_query("(a OR b) c") == And((Or((Term("a", False, 2), Term("b", False, 7))), Term("c", False, 10)))


def test_lower_case_operators_are_words() -> None:
    assert parse_query("a and b") == And((Term("a", False, 1), Term("and", False, 3), Term("b", False, 7)))


def test_leading_not_and_nested_not() -> None:
    assert parse_query("NOT a") == Not(Term("a", False, 5))
    assert not matches("NOT caucus")
    assert matches("NOT NOT caucus")


def test_phrases_take_doubled_quotes_and_any_whitespace() -> None:
    assert parse_query('"say ""no"""') == Term('say "no"', True, 1)
    assert matches('"democratic   centralism"')
    assert not matches('"democratic.centralism"')  # a phrase is literal


def test_a_slash_delimited_term_is_a_whole_regex() -> None:
    assert parse_query(r"/(a|b) c\/d/") == Term("(a|b) c/d", False, 1, regex=True)
    assert matches("/(caucus|federation) (forms|of)/")


def test_a_backslash_keeps_a_delimiter_in_a_term() -> None:
    assert parse_query(r"a\(b\)") == Term(r"a\(b\)", False, 1)


def test_kind_qualifiers() -> None:
    assert parse_query("heading:caucus") == Kinds(frozenset({"heading"}), Term("caucus", False, 9))
    assert matches("heading:caucus")
    assert not matches("heading:democratic")
    assert matches("lede:(vote OR dissolve)")
    assert not matches("lede:(caucus OR federation)")
    assert matches("notes:Draper") and matches("note:Draper")
    assert not matches("Draper NOT notes:Draper")
    assert matches("{heading lede}:caucus") and matches("{heading lede}:dissolve")
    assert matches("text:federation") and not matches("text:Draper")
    assert matches("apparatus:Draper") and not matches("apparatus:federation")


def test_insets_and_the_byline_are_searched_only_when_named() -> None:
    lone = article((BlockKind.LEDE, "Nothing here"), (BlockKind.INSET, "a pull quote"))
    assert not matches("pull", lone)
    assert matches("inset:pull", lone)
    assert matches("all:pull", lone)
    assert not matches("Carter", lone)
    assert matches("byline:Carter", lone)


def test_nested_kind_qualifiers_keep_the_kinds_both_name() -> None:
    assert matches("text:(lede:dissolve)")
    assert not matches("notes:(lede:dissolve)")


def test_default_kinds_are_what_grep_in_names() -> None:
    where = compile_where("caucus", kinds=frozenset({"heading"}))
    assert where.matches(SAMPLE)
    where = compile_where("democratic", kinds=frozenset({"heading"}))
    assert not where.matches(SAMPLE)
    assert compile_where("paragraph:democratic", kinds=frozenset({"heading"})).matches(SAMPLE)


def test_metadata_on_a_built_article() -> None:
    assert matches("author:carter") and not matches("author:McNally")
    assert matches("lang:EN") and not matches("lang:es")
    assert matches("since:2019-04-02") and not matches("since:2019-04-03")
    assert matches("until:2019-04-02") and not matches("until:2019-04-01")
    assert matches("id:ABCD") and not matches("id:bcde")
    undated = article((P, "text"), published=None)
    assert not matches("since:2019", undated) and not matches("until:2030", undated)
    assert parse_query('author:"Tess Carter"') == Meta("author", "Tess Carter", 8)


# --- NEAR ----------------------------------------------------------------------------------------


def test_near_counts_tokens_between_as_fts5_does() -> None:
    # SQLite's FTS5 documentation: 'A B C D x x x E F x'
    a = article((P, "A B C D x x x E F x"))
    cases = {
        "NEAR(e d, 3)": True,
        "NEAR(e d, 2)": False,
        'NEAR("c d" "e f", 3)': True,
        'NEAR("c" "e f", 3)': False,
        'NEAR("c" "e f", 4)': True,
        "NEAR(a e f, 7)": True,
        "NEAR(a e f, 6)": False,
    }
    for query, expected in cases.items():
        assert compile_where(query, options=TermOptions(word=True)).matches(a) is expected, query


def test_near_defaults_to_ten_tokens() -> None:
    assert parse_query("NEAR(a b)") == Near((Term("a", False, 6), Term("b", False, 8)), 10, 1)
    words = " ".join(["alpha", *["x"] * 10, "omega"])
    assert compile_where("NEAR(alpha omega)").matches(article((P, words)))
    assert not compile_where("NEAR(alpha omega)").matches(article((P, words.replace("alpha", "alpha x"))))


def test_near_is_within_one_block() -> None:
    assert matches("NEAR(caucus democratic, 3)")
    assert not matches("NEAR(federation democratic, 50)")  # two paragraphs
    assert matches("federation democratic")


def test_near_under_a_kind_qualifier() -> None:
    assert matches("paragraph:NEAR(caucus argued, 0)")
    assert not matches("heading:NEAR(caucus argued, 5)")


def test_near_on_the_corpus() -> None:
    assert seqs("NEAR(democratic centralism, 0)") == [8, 9, 10, 11, 15]
    close, far = seqs("NEAR(caucus convention, 5)"), seqs("NEAR(caucus convention, 60)")
    assert set(close) < set(far) <= set(seqs("caucus convention"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from("abcdx"), min_size=1, max_size=14),
    st.lists(st.sampled_from("abcd"), min_size=1, max_size=3, unique=True),
    st.integers(0, 6),
)
def test_near_agrees_with_sqlite_fts5(tokens: list[str], terms: list[str], distance: int) -> None:
    text = " ".join(tokens)
    query = f"NEAR({' '.join(terms)}, {distance})"
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(x)")
    db.execute("INSERT INTO f(rowid, x) VALUES (1, ?)", (text,))
    expected = bool(db.execute("SELECT rowid FROM f WHERE f MATCH ?", (query,)).fetchall())
    got = compile_where(query, options=TermOptions(word=True)).matches(article((P, text)))
    assert got is expected


# --- scope ---------------------------------------------------------------------------------------


def test_block_scope_needs_one_block_to_hold_it_all() -> None:
    assert matches("caucus federation")
    assert not matches("caucus federation", scope=Scope.block)
    assert matches("caucus democratic", scope=Scope.block)
    assert seqs('caucus AND "democratic centralism"', Scope.block) == []


def test_block_scope_not_is_judged_per_block() -> None:
    assert seqs('leninism NOT "democratic centralism"', Scope.block) == [10, 11, 15, 17]
    assert matches("argued NOT caucus", scope=Scope.block)
    assert not matches("argued NOT caucus")


def test_block_scope_blocks_and_matches_block() -> None:
    where = compile_where("argued", scope=Scope.block)
    assert [i for i, *_ in where.blocks(SAMPLE)] == [2, 3]
    assert where.matches_block(SAMPLE, 2) and not where.matches_block(SAMPLE, 1)
    assert not where.matches_block(SAMPLE, 99)


def test_metadata_alone_in_block_scope() -> None:
    assert seqs("author:McNally", Scope.block) == [15]


# --- hits ----------------------------------------------------------------------------------------


def spans(query: str, a: Article = SAMPLE, scope: Scope = Scope.article) -> list[tuple[int, str]]:
    return [(h.block, h.match) for h in compile_where(query, scope=scope).hits(a)]


def test_hits_are_the_positive_terms_in_order() -> None:
    assert spans("argued caucus") == [(1, "caucus"), (2, "caucus"), (2, "argued"), (3, "argued")]
    assert spans("argued NOT federalism") == [(2, "argued"), (3, "argued")]
    assert spans("argued NOT federation") == []


def test_hits_only_from_the_parts_that_hold() -> None:
    assert spans("(caucus AND nowhere) OR federation") == [(3, "federation")]


def test_overlapping_hits_merge() -> None:
    assert spans("caucus OR cauc OR /us arg/") == [(1, "caucus"), (2, "caucus arg")]


def test_block_scope_hits_come_from_blocks_that_hold() -> None:
    assert spans("argued caucus", scope=Scope.block) == [(2, "caucus"), (2, "argued")]


def test_near_hits() -> None:
    assert spans("NEAR(caucus argued, 0)") == [(2, "caucus"), (2, "argued")]


def test_hits_on_the_corpus_match_grep() -> None:
    where = compile_where('"democratic centralism"')
    hits = [h for a in CORPUS for h in where.hits(a)]
    assert len(hits) == 9 and len({h.article.seq for h in hits}) == 5


def test_positive_patterns() -> None:
    where = compile_where("a NOT b OR NEAR(c d) NOT (e NOT f)")
    assert [q.pattern for q in where.patterns] == ["a", "c", "d"]


def test_needles_for_a_prefilter() -> None:
    assert compile_where('caucus "democratic centralism"').needles in (("caucus",), ("centralism",), ("democratic",))
    assert set(compile_where("caucus OR federation").needles) == {"caucus", "federation"}
    assert compile_where("caucus OR NOT federation").needles == ()
    assert compile_where("author:McNally").needles == ()
    assert compile_where("author:McNally caucus").needles == ("caucus",)
    assert compile_where("Caucus OR federation").ignore_case


def test_any_of_patterns_as_grep_e() -> None:
    where = compile_any(["caucus", "democratic centralism"])
    assert [a.seq for a in CORPUS if where.matches(a)] == seqs('caucus OR "democratic centralism"')
    with pytest.raises(PatternError):
        compile_any(["(unclosed"])
    assert compile_any(["a.c"], options=TermOptions(fixed=True)).matches(article((P, "a.c"))) is True
    assert compile_any(["a.c"], options=TermOptions(fixed=True)).matches(article((P, "abc"))) is False


# --- malformed queries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "column", "reason"),
    [
        ("", 1, "empty query"),
        ("   ", 4, "empty query"),
        ("caucus AND", 11, "ends where a term"),
        ("caucus AND OR x", 12, "'OR' where a term"),
        ("(caucus OR vote", 16, "to close the '(' at column 1"),
        ("caucus)", 7, "')' without '('"),
        ("()", 2, "empty parentheses"),
        ('caucus "democratic', 8, "'\"' is not closed"),
        ("caucus /a(b", 8, "'/' is not closed"),
        ("autor:McNally caucus", 1, "unknown field 'autor'"),
        ("caucus AND since:yesterday", 18, "cannot read 'yesterday'"),
        ("since:April", 7, "has no year"),
        ("id:xyz", 4, "hex digits"),
        ("lang:english", 6, "language code"),
        ("author:(a OR b)", 8, "takes one value"),
        ("NEAR(a b, x)", 11, "number of tokens"),
        ("NEAR(, 3)", 6, "needs terms"),
        ("NEAR(a b, 3", 12, "to close NEAR"),
        ("NEAR(a (b), 3)", 8, "to close NEAR"),
        ("a, b", 2, "',' outside NEAR"),
        ("heading:", 9, "ends where a term"),
        ("{heading lede caucus", 1, "'{' is not closed"),
        ("{heading nonsense}:x", 1, "unknown block kind 'nonsense'"),
        ("{heading} x", 10, "followed by ':'"),
        ("a }", 3, "'}' without '{'"),
        ("caucus AND [unclosed", 12, "bad term '[unclosed'"),
        ('""', 1, "empty phrase"),
        ("//", 1, "empty regular expression"),
        ("(" * 100 + "a" + ")" * 100, 65, "nested more than"),
        ("NOT " * 100 + "a", 257, "nested more than"),
    ],
)
def test_malformed_queries_name_the_column(query: str, column: int, reason: str) -> None:
    with pytest.raises(QueryError) as caught:
        compile_where(query)
    error = caught.value
    assert error.column == column, str(error)
    assert reason in error.reason
    assert str(error) == f"query: {error.reason} at column {column}"
    assert isinstance(error, UsageError)


def test_the_column_of_the_caucus_example_in_the_issue() -> None:
    with pytest.raises(QueryError, match=r"^query: .* at column 17$"):
        compile_where("caucus AND vote ) dissolve")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab :()"/\\{},*[?NEARORANDNOTheadinglede:since2019-x')), max_size=40))
def test_the_parser_raises_nothing_but_query_error_on_query_like_text(text: str) -> None:
    try:
        compile_where(text)
    except QueryError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_the_parser_raises_nothing_but_query_error_on_any_text(text: str) -> None:
    try:
        where = compile_where(text)
    except QueryError:
        return
    where.matches(SAMPLE)
    list(where.hits(SAMPLE))


def test_a_compiled_query_pickles_for_worker_processes() -> None:
    import pickle

    where = compile_where("caucus AND NEAR(democratic centralism, 0) AND author:bean", scope=Scope.block)
    again = pickle.loads(pickle.dumps(where))
    assert [a.seq for a in CORPUS if again.matches(a)] == [a.seq for a in CORPUS if where.matches(a)] == []
    assert pickle.loads(pickle.dumps(compile_where("notes:Draper"))).matches(CORPUS[7])
