"""FORMAT.md's block rules (isocorpus.blocks), one group at a time; the fixtures test them whole."""

from __future__ import annotations

import pytest

from isocorpus.blocks import (
    group_kinds,
    is_notes_heading,
    notes_after,
    passed_by_provenance,
    provenance_index,
    single_kind,
)
from isocorpus.model import BlockKind

FIRST = "First published by the strike committee, this statement was read at the gate on Monday."


def test_a_short_signed_by_line_is_never_passed_over_by_the_provenance_look_back() -> None:
    """FORMAT.md: a ``Signed by:`` paragraph is never an inset, however short."""
    assert not passed_by_provenance(["Signed by: Ngozi O and Haley P"], 1)
    assert provenance_index([(1, [FIRST], 7), (1, ["Signed by: Ngozi O and Haley P"], 9)]) == -1
    assert single_kind("Signed by: Ngozi O and Haley P", 1, False) is BlockKind.PARAGRAPH


def test_the_provenance_line_is_the_last_group_insets_after_it_aside() -> None:
    assert passed_by_provenance(["Read more"], 1)
    assert provenance_index([(1, ["A paragraph."], 5), (1, [FIRST], 7), (1, ["Read more"], 9)]) == 1
    assert provenance_index([(1, [FIRST], 7), (1, ["A closing paragraph."], 9)]) == -1
    assert provenance_index([(1, [FIRST, "and a second line"], 7)]) == -1  # a list, not a line
    assert not passed_by_provenance(["Read more"], 2)  # after a section break: a heading


@pytest.mark.parametrize(
    ("text", "gap", "in_notes", "kind"),
    [
        ("A paragraph.", 1, False, BlockKind.PARAGRAPH),
        ("An inset", 1, False, BlockKind.INSET),
        ("An inset An inset", 1, False, BlockKind.INSET),
        ("A heading", 2, False, BlockKind.HEADING),
        ("A heading...", 2, False, BlockKind.HEADING),
        ("An ellipsis…", 1, False, BlockKind.PARAGRAPH),
        ("1. A note.", 1, True, BlockKind.NOTE),
        ("1. A numbered paragraph.", 1, False, BlockKind.PARAGRAPH),
        ("1. A note", 2, True, BlockKind.NOTE),
        ("x" * 300, 1, False, BlockKind.PARAGRAPH),
    ],
)
def test_single_kind(text: str, gap: int, in_notes: bool, kind: BlockKind) -> None:
    assert single_kind(text, gap, in_notes) is kind


def test_group_kinds() -> None:
    assert group_kinds(["Notes", "1. One.", "2. Two."], 2, False) == (BlockKind.HEADING, BlockKind.NOTE)
    assert group_kinds(["Notes", "1. One."], 1, False) == (BlockKind.LIST, BlockKind.LIST)
    assert group_kinds(["1. One.", "2. Two."], 1, True) == (BlockKind.NOTE, BlockKind.NOTE)
    assert group_kinds(["In solidarity,", "Ann"], 1, False) == (BlockKind.SIGNOFF, BlockKind.SIGNOFF)
    assert group_kinds(["Signed by: A,", "B"], 1, False) == (BlockKind.PARAGRAPH, BlockKind.PARAGRAPH)


def test_notes_after() -> None:
    assert is_notes_heading("Footnotes:") and is_notes_heading("NOTAS")
    assert notes_after(["Notes"], 2) is True
    assert notes_after(["Another heading"], 2) is False
    assert notes_after(["Notes", "1. One."], 2) is True
    assert notes_after(["Notes"], 1) is None  # an inset: no heading, no change
    assert notes_after(["1) Numbered"], 2) is None  # numbered lines never change it
    assert notes_after(["Signed by: Ann"], 2) is None
    assert notes_after(["A paragraph after a break."], 2) is None
