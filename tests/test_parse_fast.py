"""The parser's fast paths give what the plain definitions give (the speed work must not change a record).

Each test holds one shortcut in ``isocorpus.parse`` to the slow, obvious version it replaced.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import isocorpus
from isocorpus import blocks, parse
from isocorpus.model import COUNTED_KINDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ALL_ARTICLES = list(isocorpus.iter_articles()) + list(isocorpus.iter_articles(str(FIXTURES), on_warning=lambda d: None))

spaces = [" ", "  ", "\t", "\xa0", "\u2000", "\u2009", "\u3000", "\x1c", "\r", "\x0b"]
words = st.sampled_from(
    ["the", "of", "el", "la", "de", "We", "(the", "the,", "“and”", "it's", "y", "—", "¿Por", "qué?"]
)
some_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)
lines = st.lists(st.one_of(words, some_text, st.sampled_from(spaces)), max_size=25).map("".join)


def test_other_spaces_are_every_space_but_the_space() -> None:
    every = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" "}
    assert set(parse._OTHER_SPACES) == every


@settings(max_examples=500, deadline=None)
@given(lines)
def test_is_irregular_is_the_regex(text: str) -> None:
    assert parse._is_irregular(text) == (re.search(r"[^\S ]| {2}", text) is not None)


def _is_inset_plainly(text: str) -> bool:
    text = blocks.collapse_doubled(text)
    return blocks.is_short(text) and not blocks.ends_sentence(text) and not blocks.ends_ellipsis(text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(lines, lines.map(lambda t: f"{t} {t}"), st.sampled_from(["”", "” ”", ". .", "a… a…", "x" * 201])))
def test_is_inset_rejects_early_with_the_same_answer(text: str) -> None:
    assert blocks.is_inset(text) == _is_inset_plainly(text)


def test_word_count_is_the_whitespace_tokens_of_the_counted_blocks() -> None:
    for article in ALL_ARTICLES:
        counted = [b.text for b in article.blocks if b.kind in COUNTED_KINDS]
        assert article.word_count == sum(len(t.split()) for t in counted)


@settings(max_examples=200, deadline=None)
@given(st.lists(lines, min_size=1, max_size=6))
def test_word_count_with_any_whitespace(paragraphs: list[str]) -> None:
    text = "[*] [+] [-] [x] [A+] [a-]\n[l] at 4/18/19 11:00pm\nFrom SW\n\n" + "\n\n".join(paragraphs) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dump.txt")
        path.write_bytes(text.encode("utf-8"))
        [article] = parse.iter_articles(str(path), on_warning=lambda d: None)
    counted = [b.text for b in article.blocks if b.kind in COUNTED_KINDS]
    assert article.word_count == sum(len(t.split()) for t in counted)


def test_ids_hashed_from_bytes_are_the_ids_of_the_stripped_lines() -> None:
    for raw in parse.iter_raw(None):
        lines = [ln.strip() for ln in raw.data.decode("utf-8").split("\n")]
        assert parse.parse_entry(raw, 1).id == parse.content_id(lines[1:])
    assert parse._content_id_of_bytes(b"\n\nA\n\nB\n\n") == hashlib.sha1(b"A\n\nB").hexdigest()[:16]
