"""reuse.versions: an article saved twice with a correction."""

from __future__ import annotations

import dataclasses

import isocorpus
from isocorpus.model import Block, BlockKind
from isocorpus.reuse.versions import diff_blocks, find_versions

CORPUS = list(isocorpus.iter_articles())


def edited(seq: int):  # noqa: ANN201
    original = CORPUS[seq - 1]
    blocks = list(original.blocks)
    third = blocks[3]
    blocks[3] = Block(third.kind, third.text.replace("the", "THE the", 1), third.line)
    blocks.append(Block(BlockKind.NOTE, "Correction: an earlier version misdated the letter.", 9999))
    return dataclasses.replace(original, id="f" * 16, seq=99, blocks=tuple(blocks))


def test_an_edited_copy_is_a_version_and_the_diff_shows_what_changed() -> None:
    copy = edited(16)
    versions = find_versions([*CORPUS, copy])
    assert [(v.a.seq, v.b.seq) for v in versions] == [(16, 99)]
    v = versions[0]
    assert 0.8 < v.jaccard <= 1.0
    assert [(c.op, c.lines_a, c.lines_b) for c in v.changes] == [
        ("replace", (CORPUS[15].blocks[3].line,), (CORPUS[15].blocks[3].line,)),
        ("insert", (), (9999,)),
    ]


def test_same_text_other_byline_or_exact_copy_is_no_version() -> None:
    other = dataclasses.replace(edited(16), byline="Someone Else")
    assert find_versions([*CORPUS, other]) == []
    assert find_versions([*CORPUS, CORPUS[15]]) == []  # same id: a duplicate, --unique's business
    assert find_versions(CORPUS) == []


def test_diff_of_identical_articles_is_empty() -> None:
    assert diff_blocks(CORPUS[0], CORPUS[0]) == ()
