"""Articles → JSON Lines: one ``Article.as_dict()`` object per line.

The encoder writes UTF-8 as it is, but escapes (as ``\\uXXXX``) the characters a terminal or a
line splitter could trip on: DEL, the C1 controls (``\\x85`` is a line break to Python), the
Unicode line and paragraph separators and the bidi overrides. The data read back is the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring as _quote  # the C function json uses (ensure_ascii=False)
from typing import Any, TextIO

from ..model import Article, BlockKind

_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_compact = json.JSONEncoder(ensure_ascii=False).encode
_indented = json.JSONEncoder(ensure_ascii=False, indent=2).encode


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def encode(data: Any, indent: bool = False) -> str:
    """JSON text of ``data``: one line (or indented by two), safe for a terminal and for splitting."""
    text = (_indented if indent else _compact)(data)
    return _UNSAFE.sub(_escape, text)


def write_records(records: Iterable[dict[str, Any]], out: TextIO, dumps: Callable[[Any], str] = encode) -> int:
    """Write one JSON object per line (``dumps`` of it: ``encode`` by default); returns how many were written."""
    n = 0
    for record in records:
        out.write(dumps(record))
        out.write("\n")
        n += 1
    return n


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one JSON object per article (``Article.as_dict()``); returns how many were written."""
    n = 0
    for article in articles:
        out.write(json_line(article))
        n += 1
    return n


#: ``as_dict()`` keys holding the texts of one kind of block, in ``as_dict()`` order.
_LISTS_BEFORE_SIGNATORIES = (
    ("headings", BlockKind.HEADING),
    ("paragraphs", BlockKind.PARAGRAPH),
    ("list_items", BlockKind.LIST),
)
_LISTS_AFTER_SIGNATORIES = (
    ("insets", BlockKind.INSET),
    ("notes", BlockKind.NOTE),
    ("signoff", BlockKind.SIGNOFF),
    ("provenance", BlockKind.PROVENANCE),
)
_BLOCK_OPEN = {kind: f'{{"kind": {_quote(kind.value)}, "text": ' for kind in BlockKind}
#: Every byte from 0x20 up: what is left after deleting them are the control bytes JSON escapes.
_NOT_CONTROL = bytes(range(0x20, 0x100))
#: The ``_UNSAFE`` characters in UTF-8, but DEL: the C1 controls, and the separators and bidi
#: controls, searched apart (each regex starts with a literal byte, which ``re`` finds fast).
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_E2_UNSAFE_UTF8 = re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")
#: Every byte but the last bytes of those in ``_E2_UNSAFE_UTF8``: deleted, a quick first look.
_NOT_E2_UNSAFE_END = bytes(range(0xA6)) + bytes(range(0xAF, 0x100))


def json_line(article: Article) -> str:
    """One article as a line of JSON (newline included): ``encode(article.as_dict()) + "\\n"``.

    Built by hand for speed: each block's text is quoted once (``as_dict`` holds it twice),
    escaped only when the article's text holds a character JSON escapes, and searched for
    ``_UNSAFE`` characters only when its bytes may hold one. ``tests/test_export_jsonl.py``
    holds it to the same output as ``encode``.
    """
    blocks = article.blocks
    texts = [b.text for b in blocks]
    texts.append(article.byline)
    data = "\n".join(texts).encode("utf-8", "surrogatepass")
    del texts[-1]
    plain = b'"' not in data and b"\\" not in data and len(data.translate(None, _NOT_CONTROL)) == len(texts)
    quoted = [f'"{t}"' for t in texts] if plain else list(map(_quote, texts))
    by_kind: dict[BlockKind, list[str]] = {kind: [] for kind in BlockKind}
    parts = []
    for block, text in zip(blocks, quoted, strict=True):
        by_kind[block.kind].append(text)
        parts.append(f'{_BLOCK_OPEN[block.kind]}{text}, "line": {block.line}}}')
    lede = quoted[0] if blocks and blocks[0].kind is BlockKind.LEDE else '""'
    published = article.published
    head = (
        f'{{"id": {_quote(article.id)}, "seq": {article.seq}, "source": {_quote(article.source)}, '
        f'"line": {article.line}, "page": {article.page}, '
        f'"published": {_quote(published.isoformat()) if published else "null"}, '
        f'"date": {_quote(published.date().isoformat()) if published else "null"}, '
        f'"byline": {_quote(article.byline)}, "authors": {_strings(article.authors)}, '
        f'"language": {_quote(article.language) if article.language is not None else "null"}, '
    )
    signatories = _strings(article.signatories)
    feed = _quote(article.feed) if article.feed is not None else "null"
    footer = _compact(article.footer.as_dict()) if article.footer is not None else "null"
    warnings = _strings(article.warnings)
    out = [head, '"lede": ', lede]
    for key, kind in _LISTS_BEFORE_SIGNATORIES:
        out.append(f', "{key}": [{", ".join(by_kind[kind])}]')
    out.append(f', "signatories": {signatories}')
    for key, kind in _LISTS_AFTER_SIGNATORIES:
        out.append(f', "{key}": [{", ".join(by_kind[kind])}]')
    out.append(f', "blocks": [{", ".join(parts)}], "word_count": {article.word_count}, "feed": {feed}')
    out.append(f', "footer": {footer}')
    out.append(f', "warnings": {warnings}}}\n')
    line = "".join(out)
    # The texts (and byline) were searched as bytes; the other fields are short.
    if _holds_unsafe(data) or any(map(_UNSAFE.search, (head, signatories, feed, footer, warnings))):
        line = _UNSAFE.sub(_escape, line)
    return line


def _holds_unsafe(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds an ``_UNSAFE`` character (as ``_UNSAFE.search``, in a tenth of the time)."""
    return (
        b"\x7f" in data
        or (b"\xc2" in data and _C1_UTF8.search(data) is not None)
        or (bool(data.translate(None, _NOT_E2_UNSAFE_END)) and _E2_UNSAFE_UTF8.search(data) is not None)
    )


def _strings(items: Iterable[str]) -> str:
    return f"[{', '.join(map(_quote, items))}]"
