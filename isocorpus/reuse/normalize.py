"""The one normalisation text reuse matches on: NFKC, casefold, quotes and dashes dropped, ’ → '.

Quoting changes the marks around words ("leaders" → 'leaders'), joins or splits hyphenated
words ("far-left" → "far left") and cuts with an ellipsis. Matching folds those away: after
NFKC and casefolding, curly and straight quote marks and guillemets go, an apostrophe inside a
word is kept as ``'``, hyphens and dashes become spaces, and an ellipsis (``…``, ``...``,
``. . .``) becomes the one token ``GAP``, which matches nothing but itself. Every other rule of
the package (shingles, quotes, pairs, similar, citations, versions) tokenizes through here.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Article, Block, BlockKind

#: The token an ellipsis becomes: a gap in a quotation.
GAP = "…"

#: Blocks that can quote or be quoted: the text and the pull quotes (not notes, sign-offs or
#: provenance lines, which are boilerplate).
QUOTABLE_KINDS = frozenset({BlockKind.LEDE, BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST, BlockKind.INSET})

_ELLIPSIS = re.compile(r"\.(?:\s?\.){2,}|…")
#: Curly quote marks, guillemets and straight double quotes, hyphens and dashes: a space each.
_TO_SPACE = re.compile('["“”„‟«»‹›‘‚‛\\-\u2010-\u2015\u2212\u2e3a\u2e3b]')
_APOSTROPHES = re.compile("[’ʼ`´]")
#: A straight ' at a word's edge quotes rather than elides.
_EDGE_APOSTROPHE = re.compile(r"(?<!\w)'|'(?!\w)")
_TOKEN = re.compile(r"…|\w+(?:'\w+)*")


def normalize(text: str) -> str:
    """``text`` as reuse matches it: NFKC, casefolded, quotes dropped, dashes as spaces, … for ellipses."""
    if "…" in text or ".." in text or ". ." in text:
        text = _ELLIPSIS.sub(f" {GAP} ", text)
    if not unicodedata.is_normalized("NFKC", text):
        # NFKC turns … into three dots: the ellipsis was replaced first, and is put back here.
        text = unicodedata.normalize("NFKC", text).replace("...", GAP)
    text = _TO_SPACE.sub(" ", _APOSTROPHES.sub("'", text.casefold()))
    if "'" in text:
        text = _EDGE_APOSTROPHE.sub(" ", text)
    return text


def tokenize(text: str) -> list[str]:
    """The normalised tokens of ``text`` (words, and ``GAP`` for each ellipsis)."""
    return _TOKEN.findall(normalize(text))


def strip_accents(word: str) -> str:
    """``word`` without combining marks (votación → votacion)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class TokenStream:
    """An article's quotable text as one run of normalised tokens, each knowing its block."""

    tokens: tuple[str, ...]
    """The tokens, in order, across blocks."""
    block_of: tuple[int, ...]
    """For each token, the index (in ``blocks``) of the block it comes from."""
    blocks: tuple[Block, ...]
    """The article's blocks (all of them, so an index is an index into ``Article.blocks``)."""

    def __len__(self) -> int:
        return len(self.tokens)

    def words(self, start: int, end: int) -> tuple[str, ...]:
        """For each token of ``start:end``, the word of the text it comes from, as printed
        (``''`` for a second token of one word, such as ``left`` of ``far-left``); a new block's
        first word is prefixed with ``¶ ``. Where a block's words do not tokenize one by one as
        the block does, its tokens stand in for its words."""
        out: list[str] = []
        i = start
        while i < end:
            index = self.block_of[i]
            first = bisect_left(self.block_of, index)
            last = bisect_right(self.block_of, index)
            labels: list[str] = []
            owner = -1  # the last label holding a word: a dash or a lone quote mark joins it
            for word in self.blocks[index].text.split():
                count = len(tokenize(word))
                if count:
                    owner = len(labels)
                    labels.extend([word] + [""] * (count - 1))
                elif owner >= 0:
                    labels[owner] += f" {word}"
            if len(labels) != last - first:
                labels = list(self.tokens[first:last])
            stop = min(end, last)
            piece = labels[i - first : stop - first]
            if piece and not piece[0]:
                piece[0] = self.tokens[i]
            if piece and out:
                piece[0] = f"¶ {piece[0]}"
            out.extend(piece)
            i = stop
        return tuple(out)

    def block_span(self, start: int, end: int) -> tuple[Block, ...]:
        """The blocks the tokens ``start:end`` lie in, in order (each once)."""
        if end <= start:
            return ()
        first, last = self.block_of[start], self.block_of[end - 1]
        return tuple(b for i, b in enumerate(self.blocks) if first <= i <= last and b.kind in QUOTABLE_KINDS)


def token_stream(article: Article) -> TokenStream:
    """The tokens of an article's quotable blocks (``QUOTABLE_KINDS``), in order."""
    tokens: list[str] = []
    block_of: list[int] = []
    for index, block in enumerate(article.blocks):
        if block.kind not in QUOTABLE_KINDS:
            continue
        words = tokenize(block.text)
        tokens.extend(words)
        block_of.extend([index] * len(words))
    return TokenStream(tuple(tokens), tuple(block_of), article.blocks)


def iter_words(text: str) -> Iterator[str]:
    """The word tokens of ``text`` (``tokenize`` without gaps)."""
    return (t for t in tokenize(text) if t != GAP)
