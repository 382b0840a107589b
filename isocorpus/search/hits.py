"""Matches in parsed articles: ``Hit``, the blocks searched, and the blocks around a hit.

The unit of search is a block: a match never spans two blocks, and its offsets are within its
block's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Article, Block, BlockKind
from .query import BYLINE, DEFAULT_KINDS, Query

# --- matching over articles ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One match inside one block of one article."""

    article: Article
    """The article it is in."""
    block: int
    """Index of the block in ``article.blocks``; -1 for the byline."""
    kind: str
    """The block's kind (``lede``, ``paragraph``, …) or ``byline``."""
    text: str
    """The whole block's text."""
    line: int
    """The block's 1-based line in the input."""
    start: int
    """Offset of the match in ``text``."""
    end: int
    """Offset just past the match: ``text[start:end]`` is what matched."""

    @property
    def match(self) -> str:
        return self.text[self.start : self.end]


def searched_blocks(article: Article, kinds: frozenset[str]) -> Iterator[tuple[int, str, str, int]]:
    """(index, kind, text, line) of each block searched under ``kinds``; the byline first."""
    if BYLINE in kinds and article.byline:
        yield -1, BYLINE, article.byline, article.line + 2
    for i, block in enumerate(article.blocks):
        if block.kind.value in kinds:
            yield i, block.kind.value, block.text, block.line


def search_article(article: Article, query: Query, kinds: frozenset[str] = DEFAULT_KINDS) -> Iterator[Hit]:
    """Every match of ``query`` in the article's blocks of ``kinds``, in order."""
    for index, kind, text, line in searched_blocks(article, kinds):
        for start, end in query.finditer(text, article.source, line):
            yield Hit(article, index, kind, text, line, start, end)


def count_matches(article: Article, query: Query, kinds: frozenset[str] = DEFAULT_KINDS) -> int:
    """How many matches ``search_article`` would give."""
    return sum(
        1 for _, _, text, line in searched_blocks(article, kinds) for _ in query.finditer(text, article.source, line)
    )


# --- context ----------------------------------------------------------------------------------


def context_blocks(
    article: Article, index: int, before: int, after: int, kinds: frozenset[str]
) -> tuple[list[tuple[int, Block]], list[tuple[int, Block]]]:
    """The blocks around block ``index`` for ``-B``/``-A``, as (index, block) pairs.

    Context is counted in blocks; insets are skipped unless they are searched. The byline
    (``index`` -1) has no blocks before it and the first blocks of the article after it.
    """
    inset = BlockKind.INSET.value in kinds
    shown = [(i, b) for i, b in enumerate(article.blocks) if inset or b.kind is not BlockKind.INSET]
    pos = next((k for k, (i, _) in enumerate(shown) if i >= index), len(shown))
    nxt = pos + 1 if pos < len(shown) and shown[pos][0] == index else pos
    return shown[max(pos - before, 0) : pos], shown[nxt : nxt + after]
