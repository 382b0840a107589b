"""The same article saved twice, edited: near-duplicates with the same byline, and what changed.

Each article's shingles (``shingle`` normalised tokens, as for quotes) go into a datasketch
``MinHash`` (``num_perm`` permutations); ``MinHashLSH`` gives the candidate pairs whose
estimated Jaccard similarity may reach ``threshold``, and a pair is kept when both have the
same byline (casefolded), different ids (an exact copy is ``--unique``'s business) and an
estimated Jaccard of at least ``threshold``. What changed is a diff of the blocks
(``difflib.SequenceMatcher`` over block texts): blocks replaced, inserted or deleted.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Article
from . import require
from .normalize import token_stream
from .refs import ArticleRef


@dataclass(frozen=True, slots=True)
class BlockChange:
    """One difference between two versions' blocks."""

    op: str
    """replace, insert or delete."""
    lines_a: tuple[int, ...]
    """The lines of the blocks in the first version ('insert': none)."""
    lines_b: tuple[int, ...]
    """The lines of the blocks in the second version ('delete': none)."""
    text_a: tuple[str, ...]
    """Those blocks' texts in the first version."""
    text_b: tuple[str, ...]
    """Those blocks' texts in the second version."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "lines_a": list(self.lines_a),
            "lines_b": list(self.lines_b),
            "text_a": list(self.text_a),
            "text_b": list(self.text_b),
        }


@dataclass(frozen=True, slots=True)
class Version:
    """Two versions of one article (``a`` first in the input)."""

    a: ArticleRef
    """The first version, in input order."""
    b: ArticleRef
    """The second version."""
    jaccard: float
    """Estimated Jaccard similarity of their shingle sets (MinHash)."""
    changes: tuple[BlockChange, ...]
    """What differs, block by block, in order."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.as_dict(),
            "b": self.b.as_dict(),
            "jaccard": round(self.jaccard, 4),
            "changes": [c.as_dict() for c in self.changes],
        }


def shingle_set(article: Article, n: int = 5) -> set[bytes]:
    """The article's ``n``-token shingles (normalised tokens, space-joined, UTF-8)."""
    tokens = token_stream(article).tokens
    return {" ".join(tokens[i : i + n]).encode("utf-8") for i in range(max(0, len(tokens) - n + 1))}


def diff_blocks(a: Article, b: Article) -> tuple[BlockChange, ...]:
    """The blocks that differ between two versions (by text), in order."""
    texts_a = [blk.text for blk in a.blocks]
    texts_b = [blk.text for blk in b.blocks]
    changes = []
    matcher = difflib.SequenceMatcher(a=texts_a, b=texts_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changes.append(
            BlockChange(
                op,
                tuple(blk.line for blk in a.blocks[i1:i2]),
                tuple(blk.line for blk in b.blocks[j1:j2]),
                tuple(texts_a[i1:i2]),
                tuple(texts_b[j1:j2]),
            )
        )
    return tuple(changes)


def find_versions(
    articles: Iterable[Article], threshold: float = 0.5, shingle: int = 5, num_perm: int = 128
) -> list[Version]:
    """Pairs of versions among ``articles``, in input order of the first, then the second."""
    datasketch = require("datasketch")
    MinHash, MinHashLSH = datasketch.MinHash, datasketch.MinHashLSH  # noqa: N806

    held: list[Article] = []
    sketches: list[Any] = []
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    found: list[Version] = []
    for article in articles:
        sketch = MinHash(num_perm=num_perm, seed=1)
        sketch.update_batch(list(shingle_set(article, shingle)))
        index = len(held)
        for key in lsh.query(sketch):
            other = held[int(key)]
            if other.id == article.id or other.byline.casefold() != article.byline.casefold():
                continue
            jaccard = sketch.jaccard(sketches[int(key)])
            if jaccard >= threshold:
                found.append(
                    Version(ArticleRef.of(other), ArticleRef.of(article), jaccard, diff_blocks(other, article))
                )
        held.append(article)
        sketches.append(sketch)
        lsh.insert(str(index), sketch)
    found.sort(key=lambda v: (v.a.seq, v.b.seq))
    return found
