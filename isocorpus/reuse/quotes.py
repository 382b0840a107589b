"""Passages one article takes from another: shared shingles, chained, aligned, directed.

1. Each article's quotable blocks become one run of normalised tokens (``normalize``).
2. Shingles of ``shingle`` tokens shared by two articles and held by at most ``max_df``
   articles are the seeds (``ShingleIndex``): no all-pairs comparison, and what is everywhere
   (a promo, a sign-off) never seeds a quote.
3. Seeds of a pair are chained along the diagonal (a gap of at most ``GAP`` tokens on one side
   and ``INTERPOLATION`` on the other, so an interpolation or a cut stays one quote), then the
   chain is extended over small edits at both ends.
4. A chain is a quote when its longer side spans at least ``min_words`` tokens, of which the
   target keeps (equal, or only joined or split) at least 90% of ``min_words`` and at least
   half of the longer side; rapidfuzz's Levenshtein opcodes on the tokens give the
   edits (joined or split words, cuts, interpolations, changed words).
5. The direction comes from the text, never from dates: the target is the side introduced by
   a preceding block ending in ``:`` or naming the other side's author, or sitting in
   quotation marks, or the shorter excerpt of a passage the other holds whole. Matches that
   overlap in some article form a cluster; a cluster of three or more articles of which
   exactly one is not introduced has that one as its source, and the others are reported as
   its targets (not as quoting each other).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Article, Block, BlockKind, Choice
from . import require
from .normalize import GAP, QUOTABLE_KINDS, TokenStream, token_stream, tokenize
from .refs import ArticleRef
from .shingles import ShingleIndex

#: Tokens a chain may skip on the side with the shorter gap.
GAP_TOKENS = 30
#: Tokens a chain may skip on the other side (an interpolation, or a cut).
INTERPOLATION = 120
#: An inserted run at least this long is an interpolation, not an edit.
INTERPOLATION_MIN = 8
#: A copy starting within this many tokens of its block's start is taken to start the block
#: (a first word changed or dropped) when its introducer is looked for.
LEAD_TOKENS = 8
#: Insets shorter than this (in words) are promos or captions, not quotes.
PROMO_WORDS = 8
#: How far before a copy (in tokens) its source's author may be named ("As McNally put it, …").
NAME_WINDOW = 40
#: Edits the extension of a chain may cross at each end.
HEALS = 3


class EditKind(Choice):
    """What one difference between a source passage and its copy is."""

    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"
    JOIN = "join"
    SPLIT = "split"
    CUT = "cut"
    INTERPOLATION = "interpolation"
    QUOTE_MARKS = "quote marks"
    HYPHEN = "hyphen"


class Basis(Choice):
    """What the direction of a quote rests on."""

    INTRODUCER = "introducer"
    QUOTATION_MARKS = "quotation marks"
    EXCERPT = "excerpt"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True, slots=True)
class Edit:
    """One difference between the source passage and the target's copy (normalised tokens)."""

    kind: EditKind
    """What the difference is."""
    source: str
    """The source's tokens ('' for an insertion)."""
    target: str
    """The target's tokens ('' for a deletion)."""
    offset: int
    """Where it is: tokens from the start of the source passage."""
    target_offset: int
    """Where it is: tokens from the start of the target's copy."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "source": self.source,
            "target": self.target,
            "offset": self.offset,
            "target_offset": self.target_offset,
        }


@dataclass(frozen=True, slots=True)
class Passage:
    """One side of a quote: where the passage sits in its article."""

    article: ArticleRef
    """The article."""
    lines: tuple[int, ...]
    """The lines of the blocks the passage lies in."""
    kinds: tuple[str, ...]
    """Those blocks' kinds."""
    start: int
    """Its first token (in the article's quotable tokens)."""
    end: int
    """One past its last token."""
    text: str
    """Its normalised tokens, space-separated."""

    words: tuple[str, ...] = ()
    """For each token, the word it comes from as printed ('' for a word's later tokens)."""

    @property
    def tokens(self) -> int:
        return self.end - self.start

    @property
    def quoted(self) -> str:
        """The passage as printed (``¶`` between blocks)."""
        return " ".join(w for w in self.words if w)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.article.as_dict().items()},
            "lines": list(self.lines),
            "kinds": list(self.kinds),
            "tokens": self.tokens,
            "text": self.text,
            "quoted": self.quoted,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage the target takes from the source."""

    source: Passage
    """Where it comes from."""
    target: Passage
    """Where it is quoted."""
    matched: int
    """Tokens equal on both sides."""
    edits: tuple[Edit, ...]
    """The differences, in order."""
    basis: Basis
    """What the direction rests on (``undetermined``: source is then the earlier in input order)."""
    introducer: str | None
    """The text that introduces the target's copy, when one does."""
    introducer_line: int | None
    """Its line."""
    cluster: int
    """The cluster of overlapping matches this quote belongs to (1, 2, …)."""
    cluster_seqs: tuple[int, ...]
    """The seqs of the articles in the cluster."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.as_dict(),
            "target": self.target.as_dict(),
            "matched": self.matched,
            "edits": [e.as_dict() for e in self.edits],
            "basis": self.basis.value,
            "introducer": self.introducer,
            "introducer_line": self.introducer_line,
            "cluster": self.cluster,
            "cluster_seqs": list(self.cluster_seqs),
        }


@dataclass(slots=True)
class _Match:
    a: int
    b: int
    span_a: tuple[int, int]
    span_b: tuple[int, int]
    matched: int


@dataclass(frozen=True, slots=True)
class _Evidence:
    score: int
    basis: Basis
    text: str | None = None
    line: int | None = None


_NONE = _Evidence(0, Basis.UNDETERMINED)
_OPEN_QUOTE = re.compile(r"^\s*[\"“‘«']")


def find_quotes(articles: Iterable[Article], min_words: int = 12, shingle: int = 5, max_df: int = 20) -> list[Quote]:
    """The quotes among ``articles``, ordered by source, then target.

    The articles are held in memory, with an 8-byte hash per token; token runs are made again
    only for the articles that share a rare shingle with another.
    """
    if shingle > min_words:
        shingle = min_words
    held: list[Article] = []
    index = ShingleIndex(shingle)
    for article in articles:
        held.append(article)
        index.add(token_stream(article).tokens)
    streams = _Streams(held)  # token runs again, only for the articles that share a shingle
    least = min_words - min_words // 10
    matches: list[_Match] = []
    for (a, b), seeds in sorted(index.shared(max_df).items()):
        if held[a].id == held[b].id:
            continue  # an exact copy is a duplicate, not a quote
        ta = _masked(streams[a].tokens, index.frequent(a), "\x00a")
        tb = _masked(streams[b].tokens, index.frequent(b), "\x00b")
        for span_a, span_b in _merged(_extend(ta, tb, chain) for chain in _chains(seeds, shingle)):
            (sa, ea), (sb, eb) = span_a, span_b
            longer = max(ea - sa, eb - sb)
            if longer < min_words:
                continue
            matched = matched_tokens(ta[sa:ea], tb[sb:eb])
            if matched >= least and 2 * matched >= longer:
                matches.append(_Match(a, b, span_a, span_b, matched))
    return _direct(matches, held, streams)


Span = tuple[int, int]


class _Streams:
    """``token_stream`` of the held articles, made when first asked for and kept."""

    def __init__(self, held: list[Article]) -> None:
        self._held = held
        self._made: dict[int, TokenStream] = {}

    def __getitem__(self, i: int) -> TokenStream:
        stream = self._made.get(i)
        if stream is None:
            stream = self._made[i] = token_stream(self._held[i])
        return stream


def _masked(tokens: Sequence[str], frequent: Any, mask: str) -> Sequence[str]:
    """The tokens, those covered by a corpus-frequent shingle replaced by ``mask`` (each side
    has its own, so masked tokens match nothing)."""
    if not frequent.any():
        return tokens
    return [mask if f else t for t, f in zip(tokens, frequent.tolist(), strict=False)]


def _merged(spans: Iterable[tuple[Span, Span]]) -> list[tuple[Span, Span]]:
    """Pairs of spans, those overlapping on both sides merged into one."""
    out: list[tuple[Span, Span]] = []
    for (sa, ea), (sb, eb) in sorted(spans):
        if out:
            (pa, qa), (pb, qb) = out[-1]
            if sa < qa and sb < qb and eb > pb:
                out[-1] = ((pa, max(qa, ea)), (min(pb, sb), max(qb, eb)))
                continue
        out.append(((sa, ea), (sb, eb)))
    return out


def _chains(seeds: Sequence[tuple[int, int]], n: int) -> list[tuple[int, int, int, int]]:
    """Seeds ``(pa, pb)`` (sorted) chained along diagonals: ``(first_a, first_b, last_a + n, last_b + n)``.

    A seed joins the chain whose last seed it follows on both sides, within ``GAP_TOKENS`` on
    both or within ``n + 2`` on one and ``INTERPOLATION`` on the other, nearest the diagonal.
    """
    reach = INTERPOLATION + n
    done: list[list[int]] = []
    active: list[list[int]] = []  # first_a, first_b, last_a, last_b
    for pa, pb in seeds:
        if active and active[0][2] < pa - reach:  # chains no later seed can join
            done.extend(c for c in active if c[2] < pa - reach)
            active = [c for c in active if c[2] >= pa - reach]
        best, best_cost = None, None
        for chain in active:
            da, db = pa - chain[2], pb - chain[3]
            if da <= 0 or db <= 0:
                continue
            if max(da, db) <= GAP_TOKENS + n or (min(da, db) <= n + 2 and max(da, db) <= reach):
                cost = abs(da - db)
                if best_cost is None or cost < best_cost:
                    best, best_cost = chain, cost
        if best is None:
            active.append([pa, pb, pa, pb])
        else:
            best[2], best[3] = pa, pb
        active.sort(key=lambda c: c[2])
    return [(c[0], c[1], c[2] + n, c[3] + n) for c in sorted(done + active)]


_STEPS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def _extend(
    a: Sequence[str], b: Sequence[str], chain: tuple[int, int, int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """A chain's spans, grown at both ends over equal tokens and up to ``HEALS`` small edits."""
    sa, sb, ea, eb = chain
    ea, eb = _grow(a, b, ea, eb, 1)
    sa, sb = _grow(a, b, sa - 1, sb - 1, -1)
    return (sa + 1, ea), (sb + 1, eb)


def _grow(a: Sequence[str], b: Sequence[str], i: int, j: int, step: int) -> tuple[int, int]:
    """From ``a[i]``/``b[j]`` (the first tokens outside the chain), move by ``step`` while tokens
    are equal, crossing an edit when the tokens after it are equal; returns the first unequal."""

    def equal(x: int, y: int) -> bool:
        return 0 <= x < len(a) and 0 <= y < len(b) and a[x] == b[y] and a[x] != GAP

    heals = 0
    while True:
        while equal(i, j):
            i, j = i + step, j + step
        if heals == HEALS:
            return i, j
        for di, dj in _STEPS:
            x, y = i + di * step, j + dj * step
            if equal(x, y) and equal(x + step, y + step):
                i, j, heals = x, y, heals + 1
                break
        else:
            for di, dj in _STEPS:  # one edit, then one equal token, then the end
                x, y = i + di * step, j + dj * step
                if equal(x, y) and not equal(x + step, y + step):
                    return x + step, y + step
            return i, j


def matched_tokens(source: Sequence[str], target: Sequence[str]) -> int:
    """Source tokens the target keeps: equal ones, and those only joined or split."""
    kept = {EditKind.JOIN, EditKind.SPLIT}
    return len(source) - sum(len(e.source.split()) for e in edits_between(source, target) if e.kind not in kept)


def edits_between(source: Sequence[str], target: Sequence[str]) -> tuple[Edit, ...]:
    """The differences between a source passage and its copy, adjacent changes merged into one."""
    Levenshtein = require("rapidfuzz.distance").Levenshtein  # noqa: N806

    edits: list[Edit] = []
    region: list[int] | None = None  # i1, i2, j1, j2
    for op in [*Levenshtein.opcodes(source, target), None]:
        if op is not None and op.tag != "equal":
            if region is None:
                region = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            else:
                region[1], region[3] = op.src_end, op.dest_end
            continue
        if region is not None:
            edits.append(_edit(source, target, *region))
            region = None
    return tuple(edits)


_MARKS = re.compile(r"[\"“”„‟«»‹›‘’‚‛']")
_DASH_OR_SPACE = re.compile(r"[\s\-\u2010-\u2015]+")


def typographic_edits(
    source: Sequence[str], target: Sequence[str], source_words: Sequence[str], target_words: Sequence[str]
) -> tuple[Edit, ...]:
    """Differences normalisation hides, where the tokens are equal: changed quote marks
    (“leaders” → ‘leaders’) and hyphens (far-left → far left), from the words as printed."""
    if not source_words or not target_words:
        return ()
    Levenshtein = require("rapidfuzz.distance").Levenshtein  # noqa: N806

    found: list[Edit] = []
    for op in Levenshtein.opcodes(source, target):
        if op.tag != "equal":
            continue
        for k in range(op.src_end - op.src_start):
            i, j = op.src_start + k, op.dest_start + k
            word = source_words[i].removeprefix("¶ ")
            if not word:
                continue
            width = max(1, len(tokenize(word)))
            copy = " ".join(w.removeprefix("¶ ") for w in target_words[j : j + width] if w)
            if not copy or copy == word:
                continue
            bare, bare_copy = _MARKS.sub("", word), _MARKS.sub("", copy)
            if bare == bare_copy and (0 < i < len(source) - width or _MARKS.search(word)):
                # (marks only added around the whole copy are what quoting is, not an edit)
                found.append(Edit(EditKind.QUOTE_MARKS, word, copy, i, j))
            elif bare != bare_copy and _DASH_OR_SPACE.sub(" ", bare) == _DASH_OR_SPACE.sub(" ", bare_copy):
                found.append(Edit(EditKind.HYPHEN, word, copy, i, j))
    return tuple(found)


def _edit(source: Sequence[str], target: Sequence[str], i1: int, i2: int, j1: int, j2: int) -> Edit:
    src, dst = source[i1:i2], target[j1:j2]
    if src and dst and "".join(src) == "".join(dst):
        kind = EditKind.JOIN if len(src) > len(dst) else EditKind.SPLIT
    elif GAP in dst:
        kind = EditKind.CUT
    elif len(dst) - len(src) >= INTERPOLATION_MIN:
        kind = EditKind.INTERPOLATION
    elif not dst:
        kind = EditKind.DELETE
    elif not src:
        kind = EditKind.INSERT
    else:
        kind = EditKind.REPLACE
    return Edit(kind, " ".join(src), " ".join(dst), i1, j1)


def _surnames(article: Article) -> set[str]:
    names = set()
    for author in article.authors or (article.byline,):
        words = tokenize(author)
        if words and len(words[-1]) >= 3:
            names.add(words[-1])
    return names


def _evidence(article: Article, stream: TokenStream, span: tuple[int, int], other: Article) -> _Evidence:
    """How strongly the text says this side's copy is the quoting one (0: not at all)."""
    start = span[0]
    index = stream.block_of[start]
    block = stream.blocks[index]
    names = _surnames(other)
    last = stream.block_of[span[1] - 1]
    for inner in stream.blocks[index:last]:
        if inner.kind in QUOTABLE_KINDS and inner.text.rstrip().endswith(":"):
            # The copy holds its own introducer: it quotes what follows (as the other may too).
            return _Evidence(3, Basis.INTRODUCER, inner.text, inner.line)
    first = start
    while first > 0 and stream.block_of[first - 1] == index:
        first -= 1
    for at in range(start - 1, max(-1, start - NAME_WINDOW - 1), -1):
        if stream.tokens[at] in names:  # "As McNally put it, …", in this block or just before
            named = stream.blocks[stream.block_of[at]]
            return _Evidence(3, Basis.INTRODUCER, named.text, named.line)
    if start - first > LEAD_TOKENS:
        return _NONE
    previous = next(
        (b for b in reversed(stream.blocks[:index]) if b.kind in QUOTABLE_KINDS and not _promo(b)),
        None,
    )
    if previous is not None:
        text = previous.text.rstrip()
        if text.endswith(":") or names & set(tokenize(text)[-NAME_WINDOW:]):
            return _Evidence(3, Basis.INTRODUCER, previous.text, previous.line)
    if _OPEN_QUOTE.match(block.text):
        return _Evidence(2, Basis.QUOTATION_MARKS)
    return _NONE


def _promo(block: Block) -> bool:
    """A short inset (a series promo, a caption): it may sit between an introducer and its quote."""
    return block.kind is BlockKind.INSET and len(block.text.split()) < PROMO_WORDS


def _whole_blocks(stream: TokenStream, span: tuple[int, int]) -> bool:
    start, end = span
    return (start == 0 or stream.block_of[start - 1] != stream.block_of[start]) and (
        end == len(stream) or stream.block_of[end] != stream.block_of[end - 1]
    )


def _clusters(matches: list[_Match]) -> list[int]:
    """The cluster (an index) of each match: matches overlapping in some article share one."""
    parent = list(range(len(matches)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for i, m in enumerate(matches):
        spans[m.a].append((*m.span_a, i))
        spans[m.b].append((*m.span_b, i))
    for intervals in spans.values():
        intervals.sort()
        reach, owner = -1, -1
        for start, end, i in intervals:
            if start < reach:
                parent[find(i)] = find(owner)
            if end > reach:
                reach, owner = end, i
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots) + 1) for i in range(len(matches))]


def _direct(matches: list[_Match], held: list[Article], streams: _Streams) -> list[Quote]:
    cluster_of = _clusters(matches)
    members: dict[int, set[int]] = defaultdict(set)
    for m, c in zip(matches, cluster_of, strict=True):
        members[c].update((m.a, m.b))
    evidence = [
        (
            _evidence(held[m.a], streams[m.a], m.span_a, held[m.b]),
            _evidence(held[m.b], streams[m.b], m.span_b, held[m.a]),
        )
        for m in matches
    ]
    introduced: dict[tuple[int, int], bool] = defaultdict(bool)
    for m, c, (ev_a, ev_b) in zip(matches, cluster_of, evidence, strict=True):
        introduced[(c, m.a)] |= ev_a.score >= 3
        introduced[(c, m.b)] |= ev_b.score >= 3
    quotes: list[Quote] = []
    for m, c, (ev_a, ev_b) in zip(matches, cluster_of, evidence, strict=True):
        docs = members[c]
        sources = [d for d in docs if not introduced[(c, d)]]
        if len(docs) >= 3 and len(sources) == 1 and sources[0] not in (m.a, m.b):
            continue  # two articles quoting the cluster's source: not one quoting the other
        if ev_a.score == ev_b.score and ev_a.score < 2:
            ev_a, ev_b = _excerpt(m, streams, ev_a, ev_b)
        if ev_a.score > ev_b.score:
            target, t_span, source, s_span, ev = m.a, m.span_a, m.b, m.span_b, ev_a
        else:
            source, s_span, target, t_span = m.a, m.span_a, m.b, m.span_b
            ev = ev_b if ev_b.score > ev_a.score else _NONE
        quotes.append(_quote(held, streams, source, s_span, target, t_span, m.matched, ev, c, docs))
    quotes.sort(key=lambda q: (q.source.article.seq, q.target.article.seq, q.source.start))
    return quotes


def _excerpt(m: _Match, streams: _Streams, ev_a: _Evidence, ev_b: _Evidence) -> tuple[_Evidence, _Evidence]:
    """The shorter excerpt of a passage the other side holds as whole blocks is the copy."""
    len_a, len_b = m.span_a[1] - m.span_a[0], m.span_b[1] - m.span_b[0]
    if len_a < len_b and _whole_blocks(streams[m.b], m.span_b):
        return _Evidence(1, Basis.EXCERPT), ev_b
    if len_b < len_a and _whole_blocks(streams[m.a], m.span_a):
        return ev_a, _Evidence(1, Basis.EXCERPT)
    return ev_a, ev_b


def _passage(article: Article, stream: TokenStream, span: tuple[int, int]) -> Passage:
    blocks = stream.block_span(*span)
    return Passage(
        ArticleRef.of(article),
        tuple(b.line for b in blocks),
        tuple(b.kind.value for b in blocks),
        span[0],
        span[1],
        " ".join(stream.tokens[span[0] : span[1]]),
        stream.words(*span),
    )


def _quote(
    held: list[Article],
    streams: _Streams,
    source: int,
    s_span: tuple[int, int],
    target: int,
    t_span: tuple[int, int],
    matched: int,
    ev: _Evidence,
    cluster: int,
    docs: set[int],
) -> Quote:
    s_tokens = streams[source].tokens[s_span[0] : s_span[1]]
    t_tokens = streams[target].tokens[t_span[0] : t_span[1]]
    s_passage = _passage(held[source], streams[source], s_span)
    t_passage = _passage(held[target], streams[target], t_span)
    edits = edits_between(s_tokens, t_tokens)
    edits = tuple(
        sorted(
            (*edits, *typographic_edits(s_tokens, t_tokens, s_passage.words, t_passage.words)),
            key=lambda e: e.offset,
        )
    )
    return Quote(
        source=s_passage,
        target=t_passage,
        matched=matched,
        edits=edits,
        basis=ev.basis,
        introducer=ev.text,
        introducer_line=ev.line,
        cluster=cluster,
        cluster_seqs=tuple(sorted(held[d].seq for d in docs)),
    )
