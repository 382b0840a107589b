"""Articles → JSON Lines: one ``Article.as_dict()`` object per line.

The encoder writes UTF-8 as it is, but escapes (as ``\\uXXXX``) the characters a terminal or a
line splitter could trip on: DEL, the C1 controls (``\\x85`` is a line break to Python), the
Unicode line and paragraph separators and the bidi overrides. The data read back is the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Article

_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_compact = json.JSONEncoder(ensure_ascii=False).encode
_indented = json.JSONEncoder(ensure_ascii=False, indent=2).encode


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def encode(data: Any, indent: bool = False) -> str:
    """JSON text of ``data``: one line (or indented by two), safe for a terminal and for splitting."""
    text = (_indented if indent else _compact)(data)
    return _UNSAFE.sub(_escape, text)


def write_records(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one JSON object per line; returns how many were written."""
    n = 0
    for record in records:
        out.write(encode(record))
        out.write("\n")
        n += 1
    return n


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one JSON object per article (``Article.as_dict()``); returns how many were written."""
    return write_records((a.as_dict() for a in articles), out)
