"""Word shingles with a stable hash, and the shingles articles share.

A token's hash is the first 8 bytes of its BLAKE2b digest (the same in every process and on
every machine, unlike ``hash()``); a shingle of ``n`` tokens hashes to the polynomial
``sum(h(t_i) * M**(n-1-i)) mod 2**64`` of its tokens' hashes, computed for a whole article at
once with numpy. A shingle holding an ellipsis (``GAP``) is never shared. ``ShingleIndex``
keeps one 8-byte hash per token of each article added, and gives, for each pair of articles,
the positions of the shingles they share that are rare across the corpus (in at most
``max_df`` articles): what is everywhere (a promo, a sign-off) is no quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from hashlib import blake2b

from . import missing_extra
from .normalize import GAP

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover - the reuse extra is missing
    raise missing_extra("numpy") from exc

#: The shingle multiplier (odd, so the map is a bijection mod 2**64).
MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
#: The hash a ``GAP`` token gets: shingles holding one are dropped.
GAP_HASH = 0


def token_hash(token: str) -> int:
    """A token's stable 64-bit hash (BLAKE2b, 8 bytes); ``GAP`` hashes to 0."""
    if token == GAP:
        return GAP_HASH
    return int.from_bytes(blake2b(token.encode("utf-8"), digest_size=8).digest(), "little") | 1


class TokenHasher:
    """``token_hash`` with a cache (one entry per distinct token seen)."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, tokens: Sequence[str]) -> np.ndarray:
        cache = self._cache
        get = cache.get
        hashes = [get(t) for t in tokens]
        if None in hashes:
            for i, h in enumerate(hashes):
                if h is None:
                    token = tokens[i]
                    h = cache.get(token)
                    if h is None:
                        h = cache[token] = token_hash(token)
                    hashes[i] = h
        return np.array(hashes, dtype=np.uint64)


def shingle_hashes(token_hashes: np.ndarray, n: int) -> np.ndarray:
    """The hash of each ``n``-token shingle (``len - n + 1`` of them); 0 where a shingle holds a gap."""
    count = len(token_hashes) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.zeros(count, dtype=np.uint64)
    gaps = np.zeros(count, dtype=bool)
    with np.errstate(over="ignore"):
        for i in range(n):
            window = token_hashes[i : i + count]
            out = out * MULTIPLIER + window
            gaps |= window == GAP_HASH
    out[out == 0] = 1
    out[gaps] = 0
    return out


class ShingleIndex:
    """Shingle hashes of many articles, and the rare shingles pairs of them share."""

    def __init__(self, n: int = 5) -> None:
        if n < 2:
            raise ValueError("a shingle needs at least 2 tokens")
        self.n = n
        self._hasher = TokenHasher()
        self._hashes: list[np.ndarray] = []
        self._frequent: np.ndarray = np.empty(0, dtype=np.uint64)

    def add(self, tokens: Sequence[str]) -> int:
        """Add one article's tokens; returns its index (0, 1, 2, … in the order added)."""
        self._hashes.append(shingle_hashes(self._hasher(tokens), self.n))
        return len(self._hashes) - 1

    def __len__(self) -> int:
        return len(self._hashes)

    def shared(self, max_df: int = 20) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """For each pair of articles ``(a, b)``, ``a < b``: the positions ``(in a, in b)`` of the
        shingles both hold that at most ``max_df`` articles hold, sorted."""
        if not self._hashes:
            return {}
        hashes = np.concatenate(self._hashes)
        docs = np.concatenate([np.full(len(h), d, dtype=np.int32) for d, h in enumerate(self._hashes)])
        positions = np.concatenate([np.arange(len(h), dtype=np.int32) for h in self._hashes])
        keep = hashes != 0
        hashes, docs, positions = hashes[keep], docs[keep], positions[keep]
        order = np.lexsort((positions, docs, hashes))
        hashes, docs, positions = hashes[order], docs[order], positions[order]
        # Document frequency: the number of (hash, doc) runs per hash.
        new_hash = np.empty(len(hashes), dtype=bool)
        new_doc = np.empty(len(hashes), dtype=bool)
        if len(hashes):
            new_hash[0] = new_doc[0] = True
            new_hash[1:] = hashes[1:] != hashes[:-1]
            new_doc[1:] = new_hash[1:] | (docs[1:] != docs[:-1])
        group = np.cumsum(new_hash) - 1
        df = np.bincount(group, weights=new_doc).astype(np.int64)
        wanted = (df >= 2) & (df <= max_df)
        starts = np.flatnonzero(new_hash)
        self._frequent = np.sort(hashes[starts[df > max_df]])
        keep = wanted[group]
        group, docs, positions = group[keep], docs[keep], positions[keep]
        pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        if len(group) == 0:
            return {}
        # Most shared shingles are held by two postings: those pair up at once.
        sizes = np.bincount(group)
        size = sizes[group]
        two = size == 2
        first = np.flatnonzero(two)[::2]
        for da, db, pa, pb in zip(
            docs[first].tolist(),
            docs[first + 1].tolist(),
            positions[first].tolist(),
            positions[first + 1].tolist(),
            strict=True,
        ):
            if da != db:
                pairs[(da, db)].append((pa, pb))
        many = ~two
        g_many, d_many, p_many = group[many], docs[many], positions[many]
        bounds = np.flatnonzero(np.diff(g_many)) + 1
        for g_docs, g_pos in zip(np.split(d_many, bounds), np.split(p_many, bounds), strict=True):
            postings = list(zip(g_docs.tolist(), g_pos.tolist(), strict=True))
            for i, (da, pa) in enumerate(postings):
                for db, pb in postings[i + 1 :]:
                    if db != da:
                        pairs[(da, db)].append((pa, pb))
        for seeds in pairs.values():
            seeds.sort()
        return dict(pairs)

    def frequent(self, doc: int) -> np.ndarray:
        """For each token of article ``doc``: whether a shingle held by more than ``max_df``
        articles (as of the last ``shared`` call) covers it. A match never grows over these."""
        hashes = self._hashes[doc]
        covered = np.zeros(len(hashes) + self.n - 1, dtype=bool)
        if len(hashes) == 0 or len(self._frequent) == 0:
            return covered
        at = np.searchsorted(self._frequent, hashes)
        hit = (at < len(self._frequent)) & (self._frequent[np.minimum(at, len(self._frequent) - 1)] == hashes)
        for i in range(self.n):
            covered[i : i + len(hashes)] |= hit
        return covered
