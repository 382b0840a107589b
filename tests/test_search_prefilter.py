"""Pre-filter engines (isocorpus.search.prefilter): never fewer candidate lines than hold a needle."""

from __future__ import annotations

import pytest
import regex

from isocorpus.search import compile_query
from isocorpus.search.prefilter import CASE_EXTRAS, BytesFinder, engines, make_finder

ENGINES = engines()


# --- engines --------------------------------------------------------------------------------------


def test_case_extras_cover_what_the_regex_module_folds_to_ascii() -> None:
    """Every non-ASCII character that an ASCII letter matches when case is ignored is in the table."""
    everything = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    found: dict[str, set[str]] = {}
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for ch in regex.findall(regex.escape(letter), everything, flags=regex.IGNORECASE):
            found.setdefault(letter.lower(), set()).add(ch)
    assert found
    for letter, chars in found.items():
        assert chars <= set(CASE_EXTRAS.get(letter, ())), letter


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_find_every_line_with_a_needle(engine: str) -> None:
    text = "Kelvin \u212aelvin ſocialist İslam ıslam SOCIALIST socialist\nno\nsociali\u017ft\n".encode()
    for pattern in ("socialist", "kelvin", "islam"):
        finder = make_finder(compile_query(pattern), engine)
        assert finder is not None
        lines = {text.count(b"\n", 0, p) for p in finder.positions(text, 0, len(text))}
        expected = {
            n for n, line in enumerate(text.decode().split("\n")) if compile_query(pattern).compiled.search(line)
        }
        assert expected <= lines


def test_short_needles_get_no_prefilter() -> None:
    for engine in ENGINES:
        assert make_finder(compile_query("is"), engine) is None
        assert make_finder(compile_query("isis"), engine) is not None
        assert make_finder(compile_query("party", fuzzy=1), engine) is None
        assert make_finder(compile_query("a|bcd"), engine) is None  # every needle must be long enough
    assert isinstance(make_finder(compile_query("ISIS"), "bytes"), BytesFinder)
