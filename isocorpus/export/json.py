"""Articles → one JSON array, written as it streams (never built in memory)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Article
from .jsonl import encode


def write_json_array(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``[`` + one object a line, comma-separated + ``]``; returns how many were written."""
    n = 0
    for record in records:
        out.write(",\n" if n else "[\n")
        out.write(encode(record))
        n += 1
    out.write("\n]\n" if n else "[]\n")
    return n


def write_json(articles: Iterable[Article], out: TextIO) -> int:
    """Write the articles (``Article.as_dict()``) as one JSON array; returns how many."""
    return write_json_array((a.as_dict() for a in articles), out)
