"""isocorpus.search: compiling what a researcher types, and matching it inside blocks."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from isocorpus.errors import PatternError, SearchTimeoutError
from isocorpus.model import Article, Block, BlockKind
from isocorpus.search import (
    DEFAULT_KINDS,
    CaseMode,
    compile_query,
    count_matches,
    required_literals,
    resolve_kinds,
    search_article,
)


def matches(pattern: str, text: str, **options: object) -> list[str]:
    query = compile_query(pattern, **options)  # type: ignore[arg-type]
    return [text[s:e] for s, e in query.finditer(text)]


def article(*blocks: tuple[BlockKind, str], byline: str = "Tess Carter") -> Article:
    return Article(
        id="0" * 16,
        seq=1,
        source="test",
        line=1,
        page=1,
        published=None,
        byline=byline,
        authors=(byline,),
        language="en",
        blocks=tuple(Block(kind, text, 5 + 2 * i) for i, (kind, text) in enumerate(blocks)),
        word_count=0,
        signatories=(),
        footer=None,
        warnings=(),
    )


# --- typographic folding -------------------------------------------------------------------------


def test_straight_apostrophe_matches_curly_one() -> None:
    assert matches("Lenin's", "Lenin’s party and Lenin's party") == ["Lenin’s", "Lenin's"]


def test_strict_turns_folding_off() -> None:
    assert matches("Lenin's", "Lenin’s party", strict=True) == []


def test_curly_pattern_matches_straight_text() -> None:
    assert matches("Lenin’s", "Lenin's party") == ["Lenin's"]


def test_straight_double_quote_matches_curly_ones() -> None:
    assert matches('"micro-party"', "the “micro-party” problem") == ["“micro-party”"]


def test_hyphen_matches_en_and_em_dashes() -> None:
    assert matches("1968-1969", "1968–1969 and 1968—1969") == ["1968–1969", "1968—1969"]


def test_escaped_dots_match_an_ellipsis() -> None:
    assert matches(r"yet\.\.\.", "And yet… and yet...") == ["yet…", "yet..."]


def test_dots_in_a_regex_still_match_anything_and_also_an_ellipsis() -> None:
    assert matches("yet...", "And yet… and yet abc") == ["yet…", "yet ab"]


def test_fixed_string_ellipsis_matches_both_forms() -> None:
    assert matches("yet...", "yet… yet... yetabc", fixed=True) == ["yet…", "yet..."]


def test_quantified_dots_are_left_alone() -> None:
    assert matches("a...+b", "a1234b") == ["a1234b"]


def test_folding_inside_a_class() -> None:
    assert matches("[']s", "it’s") == ["’s"]


# --- case ----------------------------------------------------------------------------------------


def test_smart_case_lower_pattern_ignores_case() -> None:
    assert matches("iso", "ISO iso Iso") == ["ISO", "iso", "Iso"]


def test_smart_case_upper_letter_matches_exactly() -> None:
    assert matches("ISO", "ISO iso Iso") == ["ISO"]


def test_escapes_do_not_count_as_upper_case() -> None:
    assert matches(r"\Siso", "xISO") == ["xISO"]


def test_ignore_case_and_case_sensitive_override_smart_case() -> None:
    assert matches("ISO", "iso", case=CaseMode.IGNORE) == ["iso"]
    assert matches("iso", "ISO", case=CaseMode.SENSITIVE) == []


# --- accents, fuzzy, words, literals -------------------------------------------------------------


def test_fold_accents() -> None:
    assert matches("votacion", "la votación", fold_accents=True) == ["votación"]
    assert matches("votacion", "la votación") == []


def test_fold_accents_works_both_ways() -> None:
    assert matches("votación", "la votacion", fold_accents=True) == ["votacion"]


def test_fuzzy_finds_a_misspelling() -> None:
    assert matches("centralizm", "democratic centralism", fuzzy=1) == ["centralism"]
    assert matches("centralizm", "democratic centralism") == []


def test_word_matches_whole_words_only() -> None:
    assert matches("party", "party parties partying a party.", word=True) == ["party", "party"]


def test_fixed_string_is_literal() -> None:
    assert matches("a.b(", "a.b( axb(", fixed=True) == ["a.b("]


# --- bad patterns and timeouts -------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "a)", "*a"])
def test_bad_pattern_is_one_line_pattern_error(pattern: str) -> None:
    with pytest.raises(PatternError) as info:
        compile_query(pattern)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"bad pattern {pattern!r}: ")


def test_pathological_pattern_ends_by_its_timeout() -> None:
    query = compile_query(r"(?:(\w+\s?)+\1){e<=3}", timeout=0.05)
    text = "There is much more theoretical work that can be done, and the David McNally piece " * 3
    with pytest.raises(SearchTimeoutError) as info:
        list(query.finditer(text, "dump.txt", 12))
    assert "took longer than 0.05s" in str(info.value)
    assert str(info.value).startswith("dump.txt:12: ")


# --- block kinds ---------------------------------------------------------------------------------


def test_default_kinds_leave_out_insets_and_byline() -> None:
    assert resolve_kinds(None) == DEFAULT_KINDS
    assert "inset" not in DEFAULT_KINDS and "byline" not in DEFAULT_KINDS
    assert {"lede", "heading", "paragraph", "list", "note", "signoff", "provenance"} == DEFAULT_KINDS


def test_kind_groups() -> None:
    assert resolve_kinds(["text"]) == {"lede", "heading", "paragraph", "list"}
    assert resolve_kinds(["all"]) == {*DEFAULT_KINDS, "inset", "byline"}
    assert resolve_kinds(["inset", "byline"]) == {"inset", "byline"}


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(PatternError):
        resolve_kinds(["sidebar"])


def test_search_article_by_kind() -> None:
    a = article(
        (BlockKind.LEDE, "A crocodile lede."),
        (BlockKind.INSET, "Crocodile furniture"),
        (BlockKind.PARAGRAPH, "A crocodile, and a crocodile."),
        byline="Crocodile Writer",
    )
    query = compile_query("crocodile")
    assert [(h.kind, h.match) for h in search_article(a, query)] == [
        ("lede", "crocodile"),
        ("paragraph", "crocodile"),
        ("paragraph", "crocodile"),
    ]
    assert [h.kind for h in search_article(a, query, resolve_kinds(["inset"]))] == ["inset"]
    assert [h.kind for h in search_article(a, query, resolve_kinds(["all"]))][:2] == ["byline", "lede"]
    assert count_matches(a, query) == 3
    assert count_matches(a, query, resolve_kinds(["all"])) == 5


def test_hits_carry_block_offsets() -> None:
    a = article((BlockKind.LEDE, "x"), (BlockKind.PARAGRAPH, "one Lenin’s two"))
    (hit,) = search_article(a, compile_query("lenin's"))
    assert (hit.block, hit.line, hit.start, hit.end, hit.match) == (1, 7, 4, 11, "Lenin’s")


# --- properties ----------------------------------------------------------------------------------

_TEXT = st.text(alphabet="abcABC '’\"“”-–—.…éè\u00a0\t", max_size=60)
_PATTERNS = st.sampled_from(["a", "ab", "'", '"', "-", "...", r"\.\.\.", "b.c", "[a']", r"\w+", "a|c", "é", "(?:ab)+"])


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, pattern=_PATTERNS, strict=st.booleans(), accents=st.booleans(), fixed=st.booleans())
def test_match_offsets_always_slice_to_the_match(
    text: str, pattern: str, strict: bool, accents: bool, fixed: bool
) -> None:
    a = article((BlockKind.PARAGRAPH, text))
    query = compile_query(pattern, strict=strict, fold_accents=accents, fixed=fixed)
    for hit in search_article(a, query):
        assert hit.text[hit.start : hit.end] == hit.match
        assert hit.match == a.blocks[0].text[hit.start : hit.end]
        assert hit.end > hit.start


# Patterns built from pieces whose meaning the literal extraction must follow (or refuse).
_PIECES = st.sampled_from(
    ["ab", "c", "x", " ", "'", "-", ".", "...", r"\.", r"\s", r"\w", r"\d", "[ab]", "[^c]", "(?:ab|c)",
     "(x|yz)", "?", "*", "+", "{2}", "{0,1}", "|", "^", "$", r"\b", "(?=a)", "(?<!b)", "(?i)", "é"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=1, max_size=7), text=st.text(alphabet="abcxyz '.-éABC’", max_size=40))
def test_every_match_contains_a_required_literal(pieces: list[str], text: str) -> None:
    pattern = "".join(pieces)
    try:
        regex.compile(pattern)
    except regex.error:
        return
    for strict in (False, True):
        needles = required_literals(pattern, typographic=not strict)
        if not needles:
            continue
        query = compile_query(pattern, strict=strict, case=CaseMode.SENSITIVE)
        for start, end in query.finditer(text):
            assert any(n in text[start:end] for n in needles), (pattern, needles, text[start:end])


def test_required_literals_examples() -> None:
    assert required_literals("democratic centralism") == ("democratic centralism",)
    assert required_literals(r"democratic\s+centralism") in (("democratic",), ("centralism",))
    assert required_literals("(Leninism|Trotskyism)") == ("Leninism", "Trotskyism")
    assert required_literals("Lenin's") == ("Lenin",)
    assert required_literals("Lenin's", typographic=False) == ("Lenin's",)
    assert required_literals("abc?d") == ("ab",)
    assert required_literals("(?i)abc") == ()
    assert required_literals("(?x)a b c") == ()
    assert required_literals(r"\x41BC") == ()
    assert required_literals("[[:alpha:]]abc") == ()
    assert required_literals("a|") == ()
    assert required_literals("don't stop", fixed=True) == ("t stop",)
