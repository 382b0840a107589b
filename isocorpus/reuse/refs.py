"""How reuse results name an article: seq, id, byline, date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Article, field_dict


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as a reuse result names it."""

    seq: int
    """Its 1-based position in the input."""
    id: str
    """Its content id."""
    byline: str
    """Its byline ('' when missing)."""
    date: str | None
    """Its day (ISO), or None."""
    language: str | None
    """Its language, or None."""

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        day = article.date
        return cls(article.seq, article.id, article.byline, day.isoformat() if day else None, article.language)

    def as_dict(self) -> dict[str, Any]:
        return field_dict(self)
