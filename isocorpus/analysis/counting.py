"""Mergeable frequency tables: count a partition of the articles, merge the tables, score.

Every statistic here is a sum over articles, so a corpus is counted in pieces and the pieces
added up: ``count_partition(articles, options)`` gives a ``Table`` for any batch of articles
(a worker's batch, a Dask partition), ``merge(tables)`` adds tables, and the modules of the
commands (``words``, ``keyness``) score the merged table. ``count_files`` does the three over
input files on every core (``isocorpus.parallel``: batches parsed and counted in worker
processes, only the tables sent back).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol, TypeVar

from ..errors import Diagnostic
from ..model import Article, Choice
from .tokens import DEFAULT_KINDS, TypeCache, Vocabulary, block_texts

#: The word → types cache of this process (each worker has its own).
CACHE = TypeCache()
#: Articles counted at a time when no pool is used (a ``--unique`` run, a library call).
CHUNK = 64


class GroupBy(Choice):
    """What ``words --by`` makes one column per."""

    author = "author"
    lang = "lang"
    month = "month"
    year = "year"

    def __call__(self, article: Article) -> tuple[str, ...]:
        """The groups an article belongs to (an article by two authors counts for both)."""
        if self is GroupBy.author:
            return article.authors or ("(no author)",)
        if self is GroupBy.lang:
            return (article.language or "unknown",)
        day = article.date
        if day is None:
            return ("undated",)
        return (f"{day.year:04d}-{day.month:02d}",) if self is GroupBy.month else (f"{day.year:04d}",)


@dataclass(frozen=True, slots=True)
class CountOptions:
    """What to count in each article (picklable: it goes to the worker processes)."""

    kinds: frozenset[str] = DEFAULT_KINDS
    """The blocks whose tokens count (``--in``; default the counted text)."""
    vocabulary: Vocabulary = Vocabulary()
    """Lemmas instead of types (``--lemma``)."""
    group: Callable[[Article], tuple[str, ...]] | None = None
    """The groups of an article (``--by``, or target and reference for keyness): counts per group."""
    parts: bool = False
    """Keep each article's counts (``Table.parts``) for dispersion (DP)."""


@dataclass(frozen=True, slots=True)
class Parts:
    """Per-article type counts of a batch, compact: what dispersion (DP) needs.

    ``vocabulary`` names the batch's types; for article ``i``, ``sizes[i]`` is its tokens
    and its ``lengths[i]`` entries of ``ids``/``counts`` (arrays of unsigned ints, as bytes)
    give its types (indexes into ``vocabulary``) and their counts.
    """

    vocabulary: tuple[str, ...]
    sizes: bytes
    lengths: bytes
    ids: bytes
    counts: bytes

    @classmethod
    def build(cls, freq: Counter[str], articles: list[tuple[int, Counter[str]]]) -> Parts:
        """From the batch's frequencies and each article's (tokens, type counts)."""
        index = {name: i for i, name in enumerate(freq)}
        ids, counts = array(ARRAY_CODE), array(ARRAY_CODE)
        for _, found in articles:
            ids.extend(map(index.__getitem__, found.keys()))
            counts.extend(found.values())
        sizes = array(ARRAY_CODE, (n for n, _ in articles))
        lengths = array(ARRAY_CODE, (len(found) for _, found in articles))
        return cls(tuple(index), sizes.tobytes(), lengths.tobytes(), ids.tobytes(), counts.tobytes())

    def arrays(self) -> tuple[array[int], array[int], array[int], array[int]]:
        """sizes, lengths, ids, counts as arrays."""
        out = []
        for data in (self.sizes, self.lengths, self.ids, self.counts):
            values = array(ARRAY_CODE)
            values.frombytes(data)
            out.append(values)
        return out[0], out[1], out[2], out[3]


#: The typecode of the unsigned 32-bit ints of ``Parts``.
ARRAY_CODE = "I"


@dataclass(slots=True)
class Table:
    """Frequencies of types over some articles; two tables add up (``add``, ``merge``)."""

    tokens: int = 0
    """Tokens counted."""
    articles: int = 0
    """Articles counted (those with no token included)."""
    freq: Counter[str] = field(default_factory=Counter)
    """Type → tokens."""
    range: Counter[str] = field(default_factory=Counter)
    """Type → articles holding it."""
    groups: dict[str, Counter[str]] = field(default_factory=dict)
    """Group → type → tokens (with ``CountOptions.group``)."""
    group_tokens: Counter[str] = field(default_factory=Counter)
    """Group → tokens."""
    group_articles: Counter[str] = field(default_factory=Counter)
    """Group → articles."""
    parts: list[Parts] = field(default_factory=list)
    """Each article's counts, batch by batch (with ``CountOptions.parts``); ``take_parts`` empties it."""

    def add(self, other: Table) -> Table:
        """Add ``other``'s counts to this table (in place); returns this table."""
        self.tokens += other.tokens
        self.articles += other.articles
        add_counts(self.freq, other.freq)
        add_counts(self.range, other.range)
        for name, counts in other.groups.items():
            mine = self.groups.get(name)
            if mine is None:
                self.groups[name] = Counter(counts)
            else:
                add_counts(mine, counts)
        self.group_tokens.update(other.group_tokens)
        self.group_articles.update(other.group_articles)
        self.parts.extend(other.parts)
        return self

    def take_parts(self) -> list[Parts]:
        """The per-article counts collected so far, removed from the table (to spill them)."""
        parts, self.parts = self.parts, []
        return parts


def add_counts(mine: Counter[str], other: Counter[str]) -> None:
    """``mine += other`` key by key (into an empty ``mine`` at C speed)."""
    if not mine:
        mine.update(other)  # an empty Counter copies at C speed
        return
    for key, value in other.items():
        mine[key] += value


def article_types(article: Article, options: CountOptions) -> list[str]:
    """The types (or lemmas) of one article's counted blocks, in order."""
    texts = list(block_texts(article, options.kinds))
    if not texts:
        return []
    seq = CACHE.sequence("\n".join(texts))
    if not options.vocabulary.plain:
        seq = list(map(options.vocabulary.lemmatizer(article.language), seq))
    return seq


def count_partition(articles: Iterable[Article], options: CountOptions = CountOptions()) -> Table:
    """The frequency table of some articles (a batch, a partition, a corpus).

    Each article's types come from the word cache (``TypeCache.sequence``) and are counted
    with ``Counter`` at C speed; a Python loop only runs over the batch's distinct types.
    """
    table = Table()
    freq, rng = table.freq, table.range
    each: list[tuple[int, Counter[str]]] = []
    for article in articles:
        seq = article_types(article, options)
        n = len(seq)
        table.tokens += n
        table.articles += 1
        if not options.parts and options.group is None:
            freq.update(seq)
            rng.update(set(seq))
            continue
        counts = Counter(seq)
        add_counts(freq, counts)  # over the article's distinct types: cheaper than its tokens again
        rng.update(counts.keys())
        if options.group is not None:
            for name in options.group(article):
                table.group_tokens[name] += n
                table.group_articles[name] += 1
                add_counts(table.groups.setdefault(name, Counter()), counts)
        if options.parts:
            each.append((n, counts))
    if each:
        table.parts.append(Parts.build(freq, each))
    return table


class Mergeable(Protocol):
    def add(self, other: Any) -> Any: ...


M = TypeVar("M", bound=Mergeable)


def merge(tables: Iterable[M], start: M) -> M:
    """Add every table to ``start`` (in place) and return it."""
    for table in tables:
        start.add(table)
    return start


@dataclass(frozen=True, slots=True)
class WordCount:
    """``count_partition`` with fixed options: the picklable per-batch step of ``count_files``."""

    options: CountOptions = CountOptions()

    def __call__(self, articles: Iterable[Article]) -> Table:
        return count_partition(articles, self.options)


R = TypeVar("R")


def counted_in_chunks(articles: Iterable[Article], count: Callable[[list[Article]], R]) -> Iterator[R]:
    """``count`` of each ``CHUNK`` articles in turn, in this process."""
    stream = iter(articles)
    return (count(chunk) for chunk in iter(lambda: list(islice(stream, CHUNK)), []))


def count_files(
    files: Iterable[str] | None,
    count: Callable[[list[Article]], R],
    *,
    keep: Callable[[Article], bool] | None = None,
    unique: bool = False,
    on_warning: Callable[[Diagnostic], None] | None = None,
    on_progress: Any = None,
) -> Iterator[R]:
    """``count`` of each batch of the inputs' articles that ``keep`` accepts, counted on every core.

    ``files`` as ``iter_articles`` takes them (None: the bundled corpus). The caller merges
    what comes back. With ``unique`` the articles are read in this process (an id seen before
    is dropped, which needs the whole history), and counted ``CHUNK`` at a time.
    """
    if unique:
        from ..parse import iter_articles

        seen: set[str] = set()

        def fresh() -> Iterator[Article]:
            for article in iter_articles(files, on_warning=on_warning, on_progress=on_progress):
                if (keep is None or keep(article)) and article.id not in seen:
                    seen.add(article.id)
                    yield article

        return counted_in_chunks(fresh(), count)
    from ..parallel import PerBatch, map_articles

    results = map_articles(files, PerBatch(count), keep=keep, on_warning=on_warning, on_progress=on_progress)
    return (result for _, result in results)
