"""Dumps on a Dask cluster (needs ``pip install 'isocorpus[dask]'``: dask[dataframe], distributed).

- ``read_dumps(paths, blocksize="256MiB")``: a Dask DataFrame with the Parquet export's columns
  (``isocorpus.export.parquet.SCHEMA``, as pandas' Arrow dtypes), a partition per byte range cut
  at entry markers (``isocorpus.ranges``), a gzip input one partition. Built with
  ``dd.from_map``, Dask's way to read a custom source; paths may be URLs fsspec opens (``s3://``).
- ``map_ranges(client, function, ranges)``: ``function(range, base)`` on the cluster for each
  range, the results back in order, a bounded number in flight (memory stays flat).
- ``map_reduce(client, function, inputs)``: the same over a plan of the inputs, the results
  merged by addition (frequency tables: ``Counter``) as they arrive.
- ``count_on(client, inputs, count, keep=…)``: ``count`` (a statistics command's per-batch
  step) of the articles of each range, on the cluster, the results back in input order: what
  ``words``, ``ngrams`` and ``keyness --scheduler`` merge and score in this process.
- ``client_for("local" | ADDRESS)``: a ``Client`` on a new ``LocalCluster`` of one worker
  process per core, or on a running scheduler.

Two steps, as the numbering needs: each range's lines, entries and page footers are counted
on the cluster (bytes only), then each range is parsed numbered as one run over all the inputs
would number it; a range reads on past its end to its last page's footer. Results are the
same as ``iter_articles`` (see ``isocorpus.ranges`` for the two exceptions in damaged input).
"""

from __future__ import annotations

import contextlib
import operator
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import Diagnostic
from .model import Article
from .ranges import ByteRange, RangeBase, bases, count_range, parse_range, plan_ranges

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

R = TypeVar("R")
Inputs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None

#: Ranges in flight per worker thread in ``map_ranges``.
IN_FLIGHT_PER_THREAD = 2
#: The default size of a partition.
BLOCKSIZE = "256MiB"
#: ``count_on``'s ranges: about four per worker thread, none smaller than this (a range reads
#: on to its last page's footer, ~270 kB) and none larger than ``BLOCKSIZE``.
MIN_COUNT_BLOCKSIZE = 16 << 20
#: Articles counted at a time on a worker (as a local batch of about a megabyte holds).
COUNT_CHUNK = 128


def _blocksize(blocksize: int | str) -> int:
    if isinstance(blocksize, str):
        from dask.utils import parse_bytes

        return int(parse_bytes(blocksize))
    return int(blocksize)


def plan(inputs: Inputs, blocksize: int | str = BLOCKSIZE) -> list[ByteRange]:
    """The byte ranges of the inputs, ``blocksize`` each (a gzip input whole)."""
    return plan_ranges(inputs, blocksize=_blocksize(blocksize))


def numbered(ranges: list[ByteRange], client: Client | None = None) -> list[RangeBase]:
    """Each range's first line, page and seq: its lines, entries and footers counted on the cluster
    (on ``client``, or on the current Dask scheduler)."""
    if client is not None:
        counts = client.gather(client.map(count_range, ranges, pure=False))
    else:
        import dask

        counts = list(dask.compute(*[dask.delayed(count_range)(r) for r in ranges]))
    return bases(ranges, counts)


def _frame(articles: Iterable[Article]) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    from .export.parquet import SCHEMA, article_row, record_batches

    batch, _ = record_batches([article_row(a) for a in articles])
    return pa.Table.from_batches([batch], schema=SCHEMA).to_pandas(types_mapper=pd.ArrowDtype)


def read_range(r: ByteRange, base: RangeBase | None = None) -> pd.DataFrame:
    """One partition of ``read_dumps``: the articles of a range as a pandas DataFrame."""
    return _frame(parse_range(r, base))


def meta() -> pd.DataFrame:
    """The empty DataFrame ``read_dumps`` partitions look like."""
    return _frame(())


def read_dumps(paths: Inputs, blocksize: int | str = BLOCKSIZE, client: Client | None = None) -> Any:
    """The articles of the dumps as a Dask DataFrame, a partition per range of ``blocksize``.

    The ranges are counted first (on ``client``, or the current scheduler) so that ``seq``,
    ``line`` and ``page`` are those of one run over all the inputs; parsing happens when the
    frame is computed. Warnings are Python warnings on the workers.
    """
    import dask.dataframe as dd

    ranges = plan(paths, blocksize)
    starts = numbered(ranges, client)
    return dd.from_map(read_range, ranges, starts, meta=meta(), enforce_metadata=False)


def map_ranges(
    client: Client,
    function: Callable[[ByteRange, RangeBase], R],
    ranges: list[ByteRange],
    starts: list[RangeBase] | None = None,
    in_flight: int | None = None,
) -> Iterator[R]:
    """``function(range, base)`` for each range, computed on the cluster, in range order.

    At most ``in_flight`` ranges (default: two per worker thread) are submitted and not yet
    taken, so neither the cluster nor this process holds more than that many results.
    """
    starts = starts or [RangeBase() for _ in ranges]
    if in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        in_flight = IN_FLIGHT_PER_THREAD * threads
    waiting: deque[Any] = deque()
    for r, b in zip(ranges, starts, strict=True):
        waiting.append(client.submit(function, r, b, pure=False))
        if len(waiting) >= in_flight:
            future = waiting.popleft()
            yield future.result()
            future.release()
    while waiting:
        future = waiting.popleft()
        yield future.result()
        future.release()


def map_reduce(
    client: Client,
    function: Callable[[ByteRange], R],
    inputs: Inputs,
    *,
    blocksize: int | str = BLOCKSIZE,
    merge: Callable[[R, R], R] = operator.iadd,
    fan_in: int | None = 8,
) -> R | None:
    """``function(range)`` for each range of the inputs on the cluster, merged by ``merge``
    (addition: ``Counter``, int, numpy arrays), in any order: the merge must not care. None
    when the inputs have no range.

    With ``fan_in`` the partial results are merged on the workers, ``fan_in`` at a time, in a
    tree: this process receives one result, and the network carries each partial once. With
    ``fan_in=None`` they come here and are merged as they arrive (simple, but every partial
    table crosses to this process). ``function`` gets a range with no numbering: it reads
    ``parse_range(range)`` (its articles' ``seq`` and ``line`` then count from the range) to
    count what does not depend on them.
    """
    ranges = plan(inputs, blocksize)
    if not ranges:
        return None
    futures = client.map(function, ranges, pure=False)
    if fan_in is not None:
        if fan_in < 2:
            raise ValueError("fan_in must be at least 2")
        while len(futures) > 1:
            groups = [futures[i : i + fan_in] for i in range(0, len(futures), fan_in)]
            futures = [client.submit(merge_all, merge, *group, pure=False) for group in groups]
        result: R = futures[0].result()
        return result
    from distributed import as_completed

    total: R | None = None
    for future in as_completed(futures):
        part = future.result()
        future.release()
        total = part if total is None else merge(total, part)
    return total


def merge_all(merge: Callable[[R, R], R], first: R, *rest: R) -> R:
    """``first`` merged with each of ``rest`` in turn (a step of ``map_reduce``'s tree)."""
    total = first
    for part in rest:
        total = merge(total, part)
    return total


@contextlib.contextmanager
def client_for(scheduler: str, workers: int | None = None) -> Iterator[Client]:
    """A ``Client``: on a new ``LocalCluster`` (``"local"``: ``workers`` processes of one thread,
    default one per core) or on the scheduler at ``scheduler`` (``tcp://host:8786``)."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        from .parallel import available_jobs

        n = workers or available_jobs()
        with (
            # ":0": any free port for its HTTP server (a second cluster on 8787 warns, and waits)
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def range_batches(
    r: ByteRange, base: RangeBase, keep: Callable[[Article], bool] | None = None
) -> tuple[list[Diagnostic], list[Any]]:
    """The Parquet record batches of a range's articles that ``keep`` accepts, and its warnings
    (what ``export --format parquet --scheduler`` runs on each range)."""
    from .export.parquet import batches_of

    said: list[Diagnostic] = []
    articles = parse_range(r, base, said.append)
    kept = articles if keep is None else (a for a in articles if keep(a))
    return said, list(batches_of(kept))


def write_parquet_on(
    client: Client,
    inputs: Inputs,
    output: str | os.PathLike[str],
    *,
    force: bool = False,
    keep: Callable[[Article], bool] | None = None,
    unique: bool = False,
    blocksize: int | str = BLOCKSIZE,
    on_warning: Callable[[Diagnostic], None] | None = None,
) -> int:
    """``export --format parquet`` with the parsing on the cluster: the same files as a local run.

    The ranges are parsed into Arrow record batches on the workers; this process writes them in
    order (``unique`` drops an id seen before). Returns how many articles were written.
    """
    import functools

    import pyarrow.compute as pc

    from .export.parquet import ParquetSink

    ranges = plan(inputs, blocksize)
    starts = numbered(ranges, client)
    work = functools.partial(range_batches, keep=keep)
    seen: set[str] = set()
    with ParquetSink(output, force) as sink:
        for said, batches in map_ranges(client, work, ranges, starts):
            for diagnostic in said:
                if on_warning is not None:
                    on_warning(diagnostic)
            for articles, blocks in batches:
                if unique:
                    mask = []
                    for ident in articles.column("id").to_pylist():
                        mask.append(ident not in seen)
                        seen.add(ident)
                    articles = articles.filter(mask)
                    blocks = blocks.filter(pc.is_in(blocks.column("seq"), articles.column("seq")))
                sink.write_batches(articles, blocks)
    return sink.count


@dataclass(frozen=True, slots=True)
class RangeCount(Generic[R]):
    """``count`` of a range's articles that ``keep`` accepts, ``chunk`` at a time (picklable):
    the map step of ``count_on``. Returns the range's warnings and its results; results that
    add up (a ``Table``: they have ``add``) are added up here, so one table per range crosses
    the network, in input order (per-article parts concatenate in order)."""

    count: Callable[[list[Article]], R]
    keep: Callable[[Article], bool] | None = None
    chunk: int = COUNT_CHUNK

    def __call__(self, r: ByteRange, base: RangeBase) -> tuple[list[Diagnostic], list[R]]:
        said: list[Diagnostic] = []
        articles: Iterator[Article] = parse_range(r, base, said.append)
        if self.keep is not None:
            articles = filter(self.keep, articles)
        out: list[R] = []
        while chunk := list(islice(articles, self.chunk)):
            part = self.count(chunk)
            if out and hasattr(out[-1], "add"):
                out[-1].add(part)
            else:
                out.append(part)
        return said, out


def count_plan(client: Client, inputs: Inputs) -> list[ByteRange]:
    """The ranges ``count_on`` cuts the inputs into: about four per worker thread (the last
    ones then balance the load), between ``MIN_COUNT_BLOCKSIZE`` and ``BLOCKSIZE`` each."""
    threads = sum(client.nthreads().values()) or 1
    most = len(plan(inputs, MIN_COUNT_BLOCKSIZE))
    least = len(plan(inputs, BLOCKSIZE))
    if not most:
        return []
    return plan_ranges(inputs, parts=max(least, min(4 * threads, most)))


def count_on(
    client: Client,
    inputs: Inputs,
    count: Callable[[list[Article]], R],
    *,
    keep: Callable[[Article], bool] | None = None,
    ranges: list[ByteRange] | None = None,
    on_warning: Callable[[Diagnostic], None] | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> Iterator[R]:
    """``count`` of the articles of the inputs (those ``keep`` accepts) computed on the cluster,
    batch by batch, in input order: the same tables, in the same order, that
    ``analysis.counting.count_files`` gives in one machine's processes, but batched by range.

    The ranges (``count_plan``'s, unless given) are numbered first, so that filters and warnings
    see the articles' true ``seq`` and ``line``. The caller merges (adds) what comes back and
    scores once; ``on_warning`` hears the workers' warnings, ``on_progress(done, total)`` the
    bytes of the ranges done.
    """
    ranges = count_plan(client, inputs) if ranges is None else ranges
    if not ranges:
        return
    starts = numbered(ranges, client)
    sizes = [_range_size(r) for r in ranges]
    total, done = sum(sizes), 0
    work: RangeCount[R] = RangeCount(count, keep)
    for size, (said, results) in zip(sizes, map_ranges(client, work, ranges, starts), strict=True):
        for diagnostic in said:
            if on_warning is not None:
                on_warning(diagnostic)
        yield from results
        done += size
        if on_progress is not None:
            on_progress(done, total)


def _range_size(r: ByteRange) -> int:
    from .ranges import input_size

    end = input_size(r.path) if r.end is None else r.end
    return max(end - r.start, 0)
