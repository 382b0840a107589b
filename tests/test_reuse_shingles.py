"""reuse.shingles: stable hashes and shared rare shingles."""

from __future__ import annotations

from hashlib import blake2b

import numpy as np

from isocorpus.reuse.normalize import GAP
from isocorpus.reuse.shingles import ShingleIndex, shingle_hashes, token_hash


def test_token_hash_is_blake2b_and_stable() -> None:
    expected = int.from_bytes(blake2b(b"leninism", digest_size=8).digest(), "little") | 1
    assert token_hash("leninism") == expected
    assert token_hash(GAP) == 0


def test_a_shingle_with_a_gap_is_never_shared() -> None:
    hashes = np.array([token_hash(t) for t in ["a", "b", GAP, "c", "d", "e"]], dtype=np.uint64)
    out = shingle_hashes(hashes, 2)
    assert list(out == 0) == [False, True, True, False, False]


def test_shared_positions_and_the_df_limit() -> None:
    index = ShingleIndex(3)
    words = "the cat sat on the mat today".split()
    index.add(words)
    index.add(["x", "y", *words[1:5], "z"])  # cat sat on the
    index.add(["q", *words[2:5]])  # sat on the
    shared = index.shared(max_df=3)
    assert shared[(0, 1)] == [(1, 2), (2, 3)]
    assert shared[(0, 2)] == [(2, 1)]
    assert shared[(1, 2)] == [(3, 1)]
    # "sat on the" is in three articles: with max_df 2 it is gone.
    assert index.shared(max_df=2) == {(0, 1): [(1, 2)]}
