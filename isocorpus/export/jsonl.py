"""Articles → JSON Lines: one ``Article.as_dict()`` object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..model import Article


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one JSON object per article; returns how many were written."""
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for article in articles:
        out.write(dumps(article.as_dict()))
        out.write("\n")
        n += 1
    return n
