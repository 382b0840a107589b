"""Articles → JSON Lines: one ``Article.as_dict()`` object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring as _quote  # the C function json uses (ensure_ascii=False)
from typing import TextIO

from ..model import Article, BlockKind

_dumps = json.JSONEncoder(ensure_ascii=False).encode

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
#: Every byte below 0x20 but the newline: characters JSON escapes, as are ``"`` and ``\``.
_NOT_CONTROL = bytes(range(0x20, 0x100))


def json_line(article: Article) -> str:
    """One article as a line of JSON (newline included).

    Exactly ``json.dumps(article.as_dict(), ensure_ascii=False) + "\\n"``, built by hand for
    speed: each block's text is quoted once (``as_dict`` holds it twice), and only escaped
    when the article's text holds a character JSON escapes. ``tests/test_export_jsonl.py``
    holds the two to the same output.
    """
    blocks = article.blocks
    texts = [b.text for b in blocks]
    quoted = [f'"{t}"' for t in texts] if _plain(texts) else list(map(_quote, texts))
    by_kind: dict[BlockKind, list[str]] = {kind: [] for kind in BlockKind}
    parts = []
    for block, text in zip(blocks, quoted):  # noqa: B905 (same length)
        by_kind[block.kind].append(text)
        parts.append(f'{_BLOCK_OPEN[block.kind]}{text}, "line": {block.line}}}')
    lede = quoted[0] if blocks and blocks[0].kind is BlockKind.LEDE else '""'
    published = article.published
    feed = article.feed
    out = [
        f'{{"id": {_quote(article.id)}, "seq": {article.seq}, "source": {_quote(article.source)}, '
        f'"line": {article.line}, "page": {article.page}, '
        f'"published": {_quote(published.isoformat()) if published else "null"}, '
        f'"date": {_quote(published.date().isoformat()) if published else "null"}, '
        f'"byline": {_quote(article.byline)}, "authors": {_strings(article.authors)}, '
        f'"language": {_quote(article.language) if article.language is not None else "null"}, '
        f'"lede": {lede}'
    ]
    for key, kind in _LISTS_BEFORE_SIGNATORIES:
        out.append(f', "{key}": [{", ".join(by_kind[kind])}]')
    out.append(f', "signatories": {_strings(article.signatories)}')
    for key, kind in _LISTS_AFTER_SIGNATORIES:
        out.append(f', "{key}": [{", ".join(by_kind[kind])}]')
    out.append(f', "blocks": [{", ".join(parts)}], "word_count": {article.word_count}, "feed": ')
    out.append(_dumps(feed.as_dict()) if feed is not None else "null")
    out.append(f', "warnings": {_strings(article.warnings)}}}\n')
    return "".join(out)


def _plain(texts: list[str]) -> bool:
    """Whether no text holds a character JSON escapes (``"``, ``\\``, a control character)."""
    if not texts:
        return True
    data = "\n".join(texts).encode("utf-8", "surrogatepass")
    # the join's newlines are the only control bytes allowed
    return (
        b'"' not in data and b"\\" not in data and len(data.translate(None, _NOT_CONTROL)) == len(texts) - 1
    )


def _strings(items: Iterable[str]) -> str:
    return f"[{', '.join(map(_quote, items))}]"


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one JSON object per article; returns how many were written."""
    n = 0
    for article in articles:
        out.write(json_line(article))
        n += 1
    return n
