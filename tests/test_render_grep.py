"""``isocorpus.render.grep``: what a match looks like in a line of output."""

from __future__ import annotations

import tracemalloc

from isocorpus.render.grep import snippet


def test_a_snippet_is_the_match_and_its_surroundings_cut_between_words() -> None:
    text = "one two three four five six seven eight nine ten"
    cut = snippet(text, text.index("five"), text.index("five") + 4, 12)
    assert (cut.before, cut.match, cut.after) == ("…three four ", "five", " six seven…")
    assert str(snippet("short", 0, 5, 12)) == "short"


def test_a_snippet_of_a_huge_block_copies_only_its_surroundings() -> None:
    """A 30 MB paragraph with a million matches: each snippet copied the whole block (quadratic)."""
    text = "the long and winding road " * 400_000  # 10 MB
    start = len(text) // 2
    tracemalloc.start()
    try:
        cut = snippet(text, start, start + 7, 40)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(str(cut)) < 100
    assert peak < 10_000  # bytes: the surroundings, not the block
