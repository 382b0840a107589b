"""Shared by the reuse tests: a one-paragraph Article made from text."""

from __future__ import annotations

from isocorpus.model import Article, Block, BlockKind


def make_article(seq: int, text: str, byline: str = "") -> Article:
    """An article of one paragraph (none for empty text), id derived from ``seq``."""
    return Article(
        id=f"{seq:016x}",
        seq=seq,
        source="t",
        line=seq,
        page=1,
        published=None,
        byline=byline,
        authors=(),
        language="en",
        blocks=(Block(BlockKind.PARAGRAPH, text, seq),) if text else (),
        word_count=len(text.split()),
        signatories=(),
        footer=None,
        warnings=(),
    )
