"""export.jsonl.json_line, built by hand for speed, writes what ``encode(article.as_dict())`` writes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import isocorpus
from isocorpus.export.jsonl import encode, json_line
from isocorpus.model import Article, Block, BlockKind, Feed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Text with what JSON escapes ("\\, controls) and what encode escapes besides (DEL, C1, separators, bidi).
_TRICKY = '"\\\t\r\n\x00\x1f\x7f\x85\x9f\xa0é…\u2026\u2028\u2029\u202a\u202e\u2066\u2069“”—\ud800'
texts = st.text(alphabet=st.sampled_from(list(_TRICKY) + list("abc ")), max_size=30) | st.text(max_size=30)
moments = st.none() | st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1))


@st.composite
def articles(draw: st.DrawFn) -> Article:
    blocks = tuple(
        Block(draw(st.sampled_from(list(BlockKind))), draw(texts), draw(st.integers(1, 10**6)))
        for _ in range(draw(st.integers(0, 6)))
    )
    feed = draw(st.none() | st.builds(Feed, moments, moments, st.none() | texts, st.integers(1, 10**6)))
    return Article(
        id=draw(texts),
        seq=draw(st.integers(1, 10**9)),
        source=draw(texts),
        line=draw(st.integers(1, 10**9)),
        page=draw(st.integers(1, 1000)),
        published=draw(moments),
        byline=draw(texts),
        authors=tuple(draw(st.lists(texts, max_size=3))),
        language=draw(st.sampled_from([None, "en", "es"])),
        blocks=blocks,
        word_count=draw(st.integers(0, 10**6)),
        signatories=tuple(draw(st.lists(texts, max_size=3))),
        footer=feed,
        warnings=tuple(draw(st.lists(texts, max_size=2))),
    )


@settings(max_examples=400, deadline=None)
@given(articles())
def test_json_line_is_encode_of_as_dict(article: Article) -> None:
    assert json_line(article) == encode(article.as_dict()) + "\n"


def test_json_line_on_the_corpus_and_the_fixtures() -> None:
    found = list(isocorpus.iter_articles()) + list(isocorpus.iter_articles(str(FIXTURES), on_warning=lambda d: None))
    assert len(found) > 50
    for article in found:
        assert json_line(article) == encode(article.as_dict()) + "\n"


def test_as_dict_keys_are_the_ones_json_line_writes() -> None:
    # json_line writes the keys in this order; a new field in as_dict() must be added there too.
    article = next(isocorpus.iter_articles())
    assert list(article.as_dict()) == [
        "id", "seq", "source", "line", "page", "published", "date", "byline", "authors", "language", "lede",
        "headings", "paragraphs", "list_items", "signatories", "insets", "notes", "signoff", "provenance",
        "blocks", "word_count", "feed", "footer", "warnings",
    ]  # fmt: skip
