"""The parser against hand-marked fixtures and against the bundled corpus (FORMAT.md, line by line)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from parse_helpers import (
    CORPUS,
    FIXTURES,
    all_match,
    expected_files,
    fixture_input,
    fixture_name,
    load_expected,
    marker_lines,
    read,
)

import isocorpus.parse
from isocorpus import Article, BlockKind
from isocorpus.blocks import collapse_doubled, is_heading, is_inset
from isocorpus.bylines import split_names
from isocorpus.parse import count_tokens

# Warnings about a whole input (no record carries them), by fixture: patterns as in the records.
FILE_WARNINGS: dict[str, list[str]] = {
    "cp1252": ["{source}: *cp1252*"],
}


# --- the fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("expected", expected_files(), ids=fixture_name)
def test_fixture(expected: Path) -> None:
    name = fixture_name(expected)
    path = fixture_input(name)
    source = str(path)
    want = load_expected(expected)
    articles, diagnostics = read(source)
    got = [a.as_dict() for a in articles]
    assert len(got) == len(want), f"{name}: {len(got)} records, expected {len(want)}"
    for n, (g, w) in enumerate(zip(got, want, strict=True), 1):
        assert g["source"] == source
        assert g["seq"] == n
        plain = {k: v for k, v in w.items() if k not in ("source", "warnings")}
        assert {k: g[k] for k in plain} == plain, f"{name}: record {n} (line {g['line']})"
        if "warnings" in w:
            assert all_match(g["warnings"], w["warnings"], source), (
                f"{name}: record {n} warnings {g['warnings']!r}, expected {w['warnings']!r}"
            )
    in_records = {w for a in articles for w in a.warnings}
    file_level = [str(d) for d in diagnostics if str(d) not in in_records]
    assert all_match(file_level, FILE_WARNINGS.get(name, []), source), (
        f"{name}: warnings outside the records: {file_level!r}"
    )


def test_every_expectation_has_its_input() -> None:
    names = {fixture_name(e) for e in expected_files()}
    assert len(names) >= 20
    for name in names:
        fixture_input(name)


def test_fatal_does_not_throw() -> None:
    path = FIXTURES / "fatal.txt"
    articles, diagnostics = read(path)
    text = path.read_bytes().decode("utf-8", "replace")
    assert len(articles) == marker_lines(text)
    assert diagnostics
    for a in articles:
        a.as_dict()
        assert a.word_count >= 0


def test_every_record_round_trips_through_as_dict() -> None:
    for expected in expected_files():
        for a in read(fixture_input(fixture_name(expected)))[0]:
            assert Article.from_dict(a.as_dict()) == a


# --- the rules, one function at a time ------------------------------------------------------


@pytest.mark.parametrize(
    "text, heading",
    [
        ("Talking identity", True),
        ("The problem of the “micro-party”", True),
        ("And yet...", True),
        ("And yet…", True),
        ("And yet…”", True),
        ("Notes", True),
        ("Why?", False),
        ("He said “no.”", False),
        ("Dear comrade,", False),
        ("McNally continues:", False),
        ("A list;", False),
        (" ".join(f"w{n}" for n in range(15)), True),
        (" ".join(f"w{n}" for n in range(16)), False),
        ("x" * 100, True),
        ("x" * 101, False),
    ],
)
def test_is_heading(text: str, heading: bool) -> None:
    assert is_heading(text) is heading


@pytest.mark.parametrize(
    "text, inset",
    [
        ("Reflections on our crisis", True),
        ("A message from Socialist Worker A message from Socialist Worker", True),
        (" ".join(f"w{n}" for n in range(15)), True),
        (" ".join(f"w{n}" for n in range(15)) + " " + " ".join(f"w{n}" for n in range(15)), True),
        (" ".join(f"w{n}" for n in range(16)), False),
        ("x" * 100, True),
        ("x" * 101, False),
        ("And then...", False),
        ("And then…", False),
        ("That man was a serial rapist.", False),
        ("Dear comrade,", False),
    ],
)
def test_is_inset(text: str, inset: bool) -> None:
    assert is_inset(text) is inset


@pytest.mark.parametrize(
    "text, collapsed",
    [
        ("X X", "X"),
        ("A message A message", "A message"),
        ("A message A messages", "A message A messages"),
        ("X X X", "X X X"),
        ("XX", "XX"),
        ("", ""),
    ],
)
def test_collapse_doubled(text: str, collapsed: str) -> None:
    assert collapse_doubled(text) == collapsed


@pytest.mark.parametrize(
    "byline, names",
    [
        ("Tess Carter", ("Tess Carter",)),
        ("Maryam A and Nikki W", ("Maryam A", "Nikki W")),
        (
            "David Camfield, Todd Gordon, Brian McDougall and Sandra Sarner",
            ("David Camfield", "Todd Gordon", "Brian McDougall", "Sandra Sarner"),
        ),
        ("A, B, and C", ("A", "B", "C")),
        ("From the ISO", ("the ISO",)),
        ("From SW", ("SW",)),
        ("From New Zealand socialists", ("New Zealand socialists",)),
        ("ISO Steering Committee", ("ISO Steering Committee",)),
        ("Damián Reyes y Héctor A. Rivera", ("Damián Reyes", "Héctor A. Rivera")),
    ],
)
def test_split_names(byline: str, names: tuple[str, ...]) -> None:
    assert split_names(byline) == names


@pytest.mark.parametrize(
    "lines",
    [
        ["one two", "three — four"],
        ["a\u00a0b c", "tab\tseparated"],
        ["double  space"],
    ],
)
def test_count_tokens_is_wc_w(lines: list[str]) -> None:
    expected = sum(len(line.split()) for line in lines)
    assert count_tokens(" ".join(lines)) == expected


# --- the bundled corpus, as FORMAT.md marks it up -------------------------------------------

CORPUS_LINES = CORPUS.read_text(encoding="utf-8").split("\n")

# marker line: (published, byline, authors, language)
CORPUS_RECORDS: dict[int, tuple[str, str, list[str], str]] = {
    1: ("2019-04-18T23:00:00", "From the ISO", ["the ISO"], "en"),
    23: ("2019-04-10T23:00:00", "Tess Carter", ["Tess Carter"], "en"),
    89: ("2019-04-08T23:00:00", "ISO Steering Committee", ["ISO Steering Committee"], "en"),
    166: ("2019-04-08T23:00:00", "Obrero Socialista", ["Obrero Socialista"], "es"),
    215: ("2019-04-02T23:00:00", "Pranav Jani", ["Pranav Jani"], "en"),
    389: ("2019-04-01T23:00:00", "From SW", ["SW"], "en"),
    441: ("2019-03-28T23:00:00", "Haley Pessin", ["Haley Pessin"], "en"),
    480: ("2019-03-28T23:00:00", "brian bean", ["brian bean"], "en"),
    588: ("2019-03-27T23:00:00", "Don Lash", ["Don Lash"], "en"),
    678: ("2019-03-27T23:00:00", "Steve Leigh", ["Steve Leigh"], "en"),
    771: ("2019-03-26T23:00:00", "Paul Le Blanc", ["Paul Le Blanc"], "en"),
    1025: ("2019-03-25T23:00:00", "Maryam A", ["Maryam A"], "en"),
    1062: ("2019-03-25T23:00:00", "Obrero Socialista", ["Obrero Socialista"], "es"),
    1128: ("2019-03-21T23:00:00", "Maryam A and Nikki W", ["Maryam A", "Nikki W"], "en"),
    1173: ("2019-03-21T23:00:00", "David McNally", ["David McNally"], "en"),
    1291: ("2019-03-20T23:00:00", "Helen Scott", ["Helen Scott"], "en"),
    1330: (
        "2019-03-20T23:00:00",
        "David Camfield, Todd Gordon, Brian McDougall and Sandra Sarner",
        ["David Camfield", "Todd Gordon", "Brian McDougall", "Sandra Sarner"],
        "en",
    ),
    1388: ("2019-03-19T23:01:00", "Elizabeth Wrigley-Field", ["Elizabeth Wrigley-Field"], "en"),
    1615: ("2019-03-19T23:00:00", "From New Zealand socialists", ["New Zealand socialists"], "en"),
    1647: ("2019-03-18T23:00:00", "From SW", ["SW"], "en"),
    1675: ("2019-03-14T23:00:00", "ISO Steering Committee", ["ISO Steering Committee"], "en"),
}

# Every block that is neither the lede nor a paragraph, by the article's marker line: found by
# reading the corpus with FORMAT.md's rules (every short line, every line after a section break,
# every run of lines with no blank between them).
HEAD, INSET, LIST, NOTE, SIGN, PROV = (
    BlockKind.HEADING,
    BlockKind.INSET,
    BlockKind.LIST,
    BlockKind.NOTE,
    BlockKind.SIGNOFF,
    BlockKind.PROVENANCE,
)
CORPUS_FURNITURE: dict[int, dict[BlockKind, list[int]]] = {
    1: {},
    23: {INSET: [39]},
    89: {INSET: [105]},
    166: {},
    215: {HEAD: [230, 263, 292, 305, 335, 348, 369], INSET: [234], LIST: [309, 310]},
    389: {INSET: [401]},
    441: {INSET: [455]},
    480: {INSET: [494], HEAD: [499, 530, 581], NOTE: [583, 584, 585, 586]},
    588: {INSET: [602], HEAD: [615, 648]},
    678: {INSET: [696]},
    771: {INSET: [783], HEAD: [808, 843, 870, 895, 930, 957, 998], PROV: [1023]},
    1025: {INSET: [1039]},
    1062: {PROV: [1126]},
    1128: {INSET: [1144], SIGN: [1169, 1170, 1171]},
    1173: {
        INSET: [1185],
        HEAD: [1190, 1205, 1242, 1277],
        SIGN: [1272, 1273, 1274],
        NOTE: list(range(1279, 1288)),
        PROV: [1289],
    },
    1291: {INSET: [1305]},
    1330: {INSET: [1342], SIGN: [1380, 1381, 1382, 1383, 1384], PROV: [1386]},
    1388: {INSET: [1402], HEAD: [1413, 1434, 1455, 1480, 1519, 1548, 1579]},
    1615: {INSET: [1625], PROV: [1645]},
    1647: {INSET: [1659, 1663]},
    1675: {INSET: [1685]},
}
DOUBLED = {1402, 1625, 1663}


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    articles, diagnostics = read(None)
    assert diagnostics == []
    return articles


def _line(n: int) -> str:
    return CORPUS_LINES[n - 1].strip()


def _block_at(corpus: list[Article], line: int) -> tuple[BlockKind, str]:
    for a in corpus:
        for b in a.blocks:
            if b.line == line:
                return b.kind, b.text
    raise AssertionError(f"no block starts at line {line}")


def test_corpus_has_21_articles_with_distinct_ids(corpus: list[Article]) -> None:
    assert len(corpus) == 21
    assert len({a.id for a in corpus}) == 21
    assert all(len(a.id) >= 12 and int(a.id, 16) >= 0 for a in corpus)
    assert [a.seq for a in corpus] == list(range(1, 22))
    assert all(a.source == "socialistworker-2019.txt" for a in corpus)


def test_corpus_records(corpus: list[Article]) -> None:
    got = {a.line: (a.as_dict()["published"], a.byline, list(a.authors), a.language) for a in corpus}
    assert got == CORPUS_RECORDS
    assert [a.language for a in corpus].count("es") == 2
    assert all(a.date == datetime.fromisoformat(CORPUS_RECORDS[a.line][0]).date() for a in corpus)
    assert all(a.warnings == () for a in corpus)


def test_corpus_footer_names_the_next_feed_not_the_articles(corpus: list[Article]) -> None:
    for a in corpus:
        assert a.page == 1
        assert a.feed is None and a.as_dict()["feed"] is None
        assert a.next_feed == "Pro Publica"
        assert a.as_dict()["footer"] == {
            "as_of": "2019-10-20T23:10:00",
            "last_new": "2019-04-19T07:56:00",
            "next_feed": "Pro Publica",
            "line": 1741,
        }


def test_corpus_ledes(corpus: list[Article]) -> None:
    for a in corpus:
        assert a.blocks[0].kind is BlockKind.LEDE
        assert a.blocks[0].line == a.line + 4
        assert a.lede == _line(a.line + 4)


@pytest.mark.parametrize("marker", sorted(CORPUS_FURNITURE))
def test_corpus_blocks(corpus: list[Article], marker: int) -> None:
    """Every block of every article: its kind, its text (a doubled inset once) and its line."""
    (article,) = [a for a in corpus if a.line == marker]
    furniture = {line: kind for kind, lines in CORPUS_FURNITURE[marker].items() for line in lines}
    end = next((m for m in sorted(CORPUS_RECORDS) if m > marker), 1741)
    want = []
    for n in range(marker + 4, end):
        text = _line(n)
        if not text:
            continue
        kind = BlockKind.LEDE if n == marker + 4 else furniture.get(n, BlockKind.PARAGRAPH)
        if n in DOUBLED:
            text = text[: len(text) // 2]
        want.append((kind, text, n))
    assert [(b.kind, b.text, b.line) for b in article.blocks] == want


@pytest.mark.parametrize("marker", sorted(CORPUS_FURNITURE))
def test_corpus_word_counts(corpus: list[Article], marker: int) -> None:
    """wc -w of the lede, headings, paragraphs and list items: every line but insets and apparatus."""
    (article,) = [a for a in corpus if a.line == marker]
    skip = {line for kind, lines in CORPUS_FURNITURE[marker].items() if kind not in (HEAD, LIST) for line in lines}
    end = next((m for m in sorted(CORPUS_RECORDS) if m > marker), 1741)
    words = sum(len(_line(n).split()) for n in range(marker + 4, end) if n not in skip)
    assert article.word_count == words


# What FORMAT.md names by line number, as it names it.


@pytest.mark.parametrize(
    "line, text",
    [
        (305, "Talking identity"),
        (1205, "The problem of the “micro-party”"),
        (998, "And yet..."),
        (581, "Notes"),
    ],
)
def test_format_md_headings(corpus: list[Article], line: int, text: str) -> None:
    assert _block_at(corpus, line) == (BlockKind.HEADING, text)


@pytest.mark.parametrize("line", [48, 732])
def test_format_md_lead_ins_are_paragraphs(corpus: list[Article], line: int) -> None:
    assert _block_at(corpus, line) == (BlockKind.PARAGRAPH, _line(line))
    assert CORPUS_LINES[line - 2] == CORPUS_LINES[line - 3] == ""


def test_format_md_section_break_46_47(corpus: list[Article]) -> None:
    assert CORPUS_LINES[45] == CORPUS_LINES[46] == ""
    assert _block_at(corpus, 48)[0] is BlockKind.PARAGRAPH


@pytest.mark.parametrize(
    "line, text",
    [
        (39, "Reflections on our crisis"),
        (1663, "A message from Socialist Worker"),
        (1625, "A vigil after the mosque massacre in New Zealand"),
        (1185, "Protesters in New York City rally against the murder of Trayvon Martin"),
        (1659, "A message from Socialist Worker"),
    ],
)
def test_format_md_insets(corpus: list[Article], line: int, text: str) -> None:
    assert _block_at(corpus, line) == (BlockKind.INSET, text)


def test_format_md_reflections_inset_in_most_articles(corpus: list[Article]) -> None:
    assert sum("Reflections on our crisis" in a.insets for a in corpus) >= 11


def test_format_md_same_inset_twice_is_two_insets(corpus: list[Article]) -> None:
    (article,) = [a for a in corpus if a.line == 1647]
    assert article.insets == ("A message from Socialist Worker", "A message from Socialist Worker")


def test_format_md_list_309_310(corpus: list[Article]) -> None:
    (article,) = [a for a in corpus if a.line == 215]
    assert article.list_items == (_line(309), _line(310))


@pytest.mark.parametrize("first, last, marker", [(583, 586, 480), (1279, 1287, 1173)])
def test_format_md_notes(corpus: list[Article], first: int, last: int, marker: int) -> None:
    (article,) = [a for a in corpus if a.line == marker]
    assert article.notes == tuple(_line(n) for n in range(first, last + 1))


@pytest.mark.parametrize("first, last, marker", [(1169, 1171, 1128), (1272, 1274, 1173), (1380, 1384, 1330)])
def test_format_md_signoffs(corpus: list[Article], first: int, last: int, marker: int) -> None:
    (article,) = [a for a in corpus if a.line == marker]
    assert article.signoff == tuple(_line(n) for n in range(first, last + 1))


@pytest.mark.parametrize("line, marker", [(1023, 771), (1126, 1062), (1289, 1173), (1386, 1330), (1645, 1615)])
def test_format_md_provenance(corpus: list[Article], line: int, marker: int) -> None:
    (article,) = [a for a in corpus if a.line == marker]
    assert article.provenance == (_line(line),)


def test_format_md_signatories_21(corpus: list[Article]) -> None:
    article = corpus[0]
    assert _block_at(corpus, 21) == (BlockKind.PARAGRAPH, _line(21))
    assert _line(21) in article.paragraphs
    assert article.signatories == (
        "Aaron A", "Ashley S", "Bekah W", "brian b", "Danny K", "Doniella M", "Doug S", "Flynn M",
        "Haley P", "Hector A", "Julian G", "Natalia T", "Nolan R", "Phil G", "Pranav J", "Sean L",
        "Sherry W", "Todd C",
    )  # fmt: skip
    assert all(a.signatories == () for a in corpus[1:])


@pytest.mark.parametrize(
    "line, text",
    [(33, "That man was a serial rapist."), (1181, "Dear comrade,"), (1363, "McNally continues:")],
)
def test_format_md_short_punctuated_lines_are_paragraphs(corpus: list[Article], line: int, text: str) -> None:
    assert _block_at(corpus, line) == (BlockKind.PARAGRAPH, text)


def test_format_md_first_we_mourn_is_not_provenance(corpus: list[Article]) -> None:
    assert _block_at(corpus, 1643) == (BlockKind.PARAGRAPH, "First we mourn, now we organize.")


def test_format_md_shared_timestamp(corpus: list[Article]) -> None:
    stamps = [a.published for a in corpus]
    assert stamps.count(datetime(2019, 4, 8, 23, 0)) == 2


@pytest.mark.parametrize(
    "text", ["", " ", "a", " a b  c ", "x" * 70_000, ("word  " * 40_000), (" ab\tc\u00a0" * 30_000) + "z"]
)
def test_count_tokens_is_str_split_whatever_the_length(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isocorpus.parse.count_tokens(text) == len(text.split())
    monkeypatch.setattr(isocorpus.parse, "_TOKEN_SLICE", 7)  # cuts inside words and inside runs of spaces
    assert isocorpus.parse.count_tokens(text) == len(text.split())


@pytest.mark.parametrize("name", [CORPUS.name, *(fixture_name(e) for e in expected_files())])
def test_summarize_entry_is_parse_entry_without_the_blocks_after_the_lede(name: str) -> None:
    source = CORPUS if name == CORPUS.name else fixture_input(name)
    full = list(isocorpus.parse.iter_articles(source, on_warning=lambda d: None))
    summary = list(isocorpus.parse.iter_articles(source, on_warning=lambda d: None, summary=True))
    assert len(summary) == len(full) > 0
    for whole, short in zip(full, summary, strict=True):
        assert short.blocks == whole.blocks[:1] if whole.lede else short.blocks == ()
        assert short.lede == whole.lede
        assert replace(short, blocks=()) == replace(whole, blocks=())
