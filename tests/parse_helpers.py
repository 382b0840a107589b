"""Shared by the parser tests: where the fixtures are, how to read them, how to compare records.

A fixture is ``fixtures/<name>.expected.json`` (a list of objects, one per record, holding the keys
that matter for it) beside its input ``fixtures/<name>`` or ``fixtures/<name>.<ext>``. Expected
values are compared with ``Article.as_dict()`` key by key, ``source`` aside. ``warnings`` hold
patterns: ``{source}`` is the input's name and ``*`` matches anything, so a fixture can say
"a warning naming this file and line" without pinning the wording of the message.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import isocorpus
from isocorpus import Article, Diagnostic

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT / "isocorpus" / "data" / "socialistworker-2019.txt"
MARKER = "[*] [+] [-] [x] [A+] [a-]"


def expected_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.expected.json"))


def fixture_name(expected: Path) -> str:
    return expected.name[: -len(".expected.json")]


def fixture_input(name: str) -> Path:
    """The one input file of fixture ``name``: ``fixtures/<name>`` or ``fixtures/<name>.<ext>``."""
    found = [
        p
        for p in FIXTURES.iterdir()
        if (p.name == name or p.name.startswith(name + ".")) and not p.name.endswith(".json")
    ]
    assert len(found) == 1, f"fixture {name!r}: expected one input file, found {found}"
    return found[0]


def load_expected(expected: Path) -> list[dict[str, Any]]:
    data = json.loads(expected.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{expected.name}: must hold a list of records"
    return data


def read(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None,
) -> tuple[list[Article], list[Diagnostic]]:
    """Every article of the inputs, and every diagnostic reported on the way."""
    diagnostics: list[Diagnostic] = []
    articles = list(isocorpus.iter_articles(inputs, on_warning=diagnostics.append))
    return articles, diagnostics


def matches(text: str, pattern: str) -> bool:
    """``*`` in ``pattern`` matches any run of characters; everything else is literal."""
    parts = pattern.split("*")
    if len(parts) == 1:
        return text == pattern
    if not text.startswith(parts[0]) or not text.endswith(parts[-1]):
        return False
    pos = len(parts[0])
    end = len(text) - len(parts[-1])
    for part in parts[1:-1]:
        found = text.find(part, pos, end)
        if found < 0:
            return False
        pos = found + len(part)
    return pos <= end


def all_match(texts: list[str], patterns: list[str], source: str) -> bool:
    return len(texts) == len(patterns) and all(
        matches(t, p.replace("{source}", source)) for t, p in zip(texts, patterns, strict=True)
    )


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the keys that depend on how the input was named or ordered."""
    return {k: v for k, v in record.items() if k not in ("source", "seq")}


def marker_lines(text: str) -> int:
    """How many lines of ``text`` (a whole input, decoded) begin with the entry marker."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return sum(1 for line in text.split("\n") if line.startswith(MARKER))


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
