"""The one process pool: work goes out in order, results and warnings come back in order.

``ordered(func, items, processes)`` runs ``func`` on each item in worker processes, a bounded
number in flight (memory stays flat), and yields the results in input order; Ctrl-C in the
parent ends the workers (they ignore it themselves) and nothing is left behind. Workers are
forked on Linux (cheap: nothing to re-import) and spawned elsewhere (macOS, Windows, where
forking is unsafe or impossible). Parsing (``map_articles``) and grep's counting
(``search.count``) both run on it.

Parsing on every core: entries go to worker processes in batches, results come back in order.

``map_articles(inputs, render)`` gives what ``render(article)`` gives for each article of
``iter_articles(inputs)``, computed in worker processes when the input is larger than one
batch and the machine has more than one processor. The parent process reads and splits the
input (bytes only: cheap), hands the entries to a pool in batches of about a megabyte with a
bounded number in flight (memory stays flat), and yields the results in input order. Every
warning reaches ``on_warning`` in the order one process would have given it, and an input
error is raised after the articles before it, as ``iter_articles`` does.

Only what ``render`` returns crosses back from a worker (a TSV row, a JSON line: cheaper to
send than an ``Article``), so ``render`` and ``keep`` must be picklable: module-level
functions, ``functools.partial`` of them, or bound methods of picklable objects.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, TypeVar

from .errors import Diagnostic, IsocorpusError, UsageError
from .model import Article, Feed
from .parse import Parse, default_warn, iter_raw, parse_entry
from .sources import OnProgress, TextDecoder, Warn
from .split import RawEntry

R = TypeVar("R")
K = TypeVar("K")
A = TypeVar("A")

#: Bytes of entries handed to a worker at a time.
BATCH_BYTES = 1 << 20
#: Batches in flight per worker: enough to keep each busy while the parent reads ahead.
IN_FLIGHT_PER_JOB = 3
#: Environment variable that sets the number of processes (1: parse in this process).
JOBS_VARIABLE = "ISOCORPUS_JOBS"

# One entry for a worker: seq, source, line, bytes, page, feed, the decoder's state, offset.
_Job = tuple[int, str, int, bytes, int, "Feed | None", tuple[str, bool], int]
# One result: the entry's warnings, its id, and render(article) (None when ``keep`` refused it).
_Result = tuple[list[Diagnostic], str, Any]
# What a worker does with each entry: parse, keep, render.
_Work = tuple[Callable[[Article], Any], "Callable[[Article], bool] | None", Parse]


class _Batch:
    """Entries for a worker, with the warnings of the split stage around them.

    (A plain class, not a dataclass: it is internal, and a dataclass costs a millisecond of
    start-up to create.)
    """

    __slots__ = ("jobs", "size", "before", "after", "error")

    def __init__(self) -> None:
        self.jobs: list[_Job] = []
        self.size = 0
        #: Warnings of the split stage, by the index of the entry they came before.
        self.before: dict[int, list[Diagnostic]] = {}
        #: Warnings after the last entry (the end of the input).
        self.after: list[Diagnostic] = []
        #: An input error met after the last entry: raised once the batch is out.
        self.error: IsocorpusError | None = None


def available_jobs() -> int:
    """How many processes to parse with: ``ISOCORPUS_JOBS``, else the processors this process may use."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if value:
        try:
            jobs = int(value)
        except ValueError:
            raise UsageError(f"{JOBS_VARIABLE}={value!r}: expected a whole number of processes") from None
        return max(jobs, 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def map_articles(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None,
    render: Callable[[Article], R],
    *,
    keep: Callable[[Article], bool] | None = None,
    parse: Parse = parse_entry,
    on_warning: Warn | None = None,
    jobs: int | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[tuple[str, R]]:
    """``(article.id, render(article))`` for each article of the inputs that ``keep`` accepts, in order.

    The same as ``((a.id, render(a)) for a in iter_articles(inputs) if keep(a))``, warnings and
    errors included, but parsed by ``jobs`` processes (default: ``available_jobs()``) with
    ``parse`` (``parse.summarize_entry``: a summary, quicker). The inputs are checked and the
    first entries read before this returns, so an input error met before the first entry (a
    missing file, a binary one) is raised here, before the caller has written anything.
    ``on_progress`` is told the bytes this process has read (see ``iter_raw``): the workers'
    batches in flight are a few megabytes behind.
    """
    warn = on_warning or default_warn
    processes = available_jobs() if jobs is None else max(jobs, 1)
    batches = _batches(inputs, on_progress, keep_going=on_warning is not None)
    first = next(batches, None)
    if first is not None and first.error is not None and not first.jobs:
        for _ in _emit(first, [], warn):  # its warnings, then its error
            pass
    return _map(first, batches, (render, keep, parse), warn, processes)


def ordered(
    func: Callable[[A], R],
    items: Iterable[tuple[K, A]],
    processes: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    local_first: bool = False,
) -> Iterator[tuple[K, R]]:
    """``(key, func(arg))`` for each ``(key, arg)`` of ``items``, computed by ``processes`` workers, in order.

    The keys stay in this process (what goes with a result but need not travel); the args
    and results cross to and from the workers, so they, ``func`` and ``initializer`` (run once
    in each worker with ``initargs``) must pickle where workers are spawned. At most
    ``processes * IN_FLIGHT_PER_JOB`` items are out at once. An exception raised by ``func``
    is raised here, in its turn. With ``local_first`` the first item is computed in this
    process while the workers take the others (the parent would only wait otherwise).
    """
    items = iter(items)
    first = next(items, None) if local_first else None
    _flush_std_streams()  # a forked worker must not inherit unwritten output
    with _context().Pool(processes, initializer=_start_worker, initargs=(initializer, initargs)) as pool:
        in_flight: deque[tuple[K, Any]] = deque()
        limit = processes * IN_FLIGHT_PER_JOB
        if first is not None:
            for key, arg in itertools.islice(items, limit):
                in_flight.append((key, pool.apply_async(func, (arg,))))
            yield first[0], func(first[1])
        for key, arg in items:
            in_flight.append((key, pool.apply_async(func, (arg,))))
            while len(in_flight) >= limit:
                done, result = in_flight.popleft()
                yield done, result.get()
        while in_flight:
            done, result = in_flight.popleft()
            yield done, result.get()


def _map(
    first: _Batch | None,
    batches: Iterator[_Batch],
    work: _Work,
    warn: Warn,
    processes: int,
) -> Iterator[tuple[str, R]]:
    if first is None:
        return
    second = next(batches, None) if processes > 1 and first.error is None else None
    if second is None:  # one batch (or one process): no pool to start
        for batch in itertools.chain((first,), batches):  # lazily: a tuple would read the whole input
            yield from _emit(batch, _run(batch.jobs, *work), warn)
        return
    jobs = ((batch, batch.jobs) for batch in _chain(first, second, batches))
    for batch, results in ordered(_run_in_worker, jobs, processes, initializer=_set_worker, initargs=work):
        yield from _emit(batch, results, warn)


def _chain(first: _Batch, second: _Batch, rest: Iterator[_Batch]) -> Iterator[_Batch]:
    yield first
    yield second
    yield from rest


def _batches(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None,
    on_progress: OnProgress | None = None,
    keep_going: bool = False,
) -> Iterator[_Batch]:
    """The entries in batches, each with the warnings the split stage gave before it.

    Each entry carries the state its input's decoder would be in when a single process
    parsed it (the state moves on entry by entry, and with the page footers the split
    stage decodes), so that workers decode exactly as ``iter_articles`` does.
    """
    said: list[Diagnostic] = []
    raws = iter_raw(inputs, on_warning=said.append, on_progress=on_progress, keep_going=keep_going)
    batch = _Batch()
    seq = 0
    while True:
        try:
            raw = next(raws)
        except StopIteration:
            break
        except IsocorpusError as exc:
            batch.error = exc
            break
        seq += 1
        if said:
            batch.before[len(batch.jobs)] = said[:]
            said.clear()
        decoder = raw.decoder
        batch.jobs.append((seq, raw.source, raw.line, raw.data, raw.page, raw.feed, decoder.state, raw.offset))
        decoder.skip(raw.data)
        batch.size += len(raw.data)
        if batch.size >= BATCH_BYTES:
            yield batch
            batch = _Batch()
    batch.after = said
    if batch.jobs or batch.after or batch.error:
        yield batch


class PerBatch:
    """A ``render`` for ``map_articles`` that is given a batch's kept articles at once.

    ``map_articles(inputs, PerBatch(count))`` yields one ``(id, count(articles))`` per batch
    (the id of the batch's last entry) instead of one result per article: a worker reduces
    its batch (a frequency table) and only that crosses back. ``count`` must be picklable.
    """

    __slots__ = ("count",)

    def __init__(self, count: Callable[[list[Article]], Any]) -> None:
        self.count = count

    def __call__(self, article: Article) -> Any:
        return self.count([article])


def _run(
    jobs: list[_Job], render: Callable[[Article], Any], keep: Callable[[Article], bool] | None, parse: Parse
) -> list[_Result]:
    if isinstance(render, PerBatch):
        return _run_batch(jobs, render.count, keep, parse)
    results: list[_Result] = []
    for seq, source, line, data, page, feed, state, offset in jobs:
        said: list[Diagnostic] = []
        decoder = TextDecoder.restored(source, said.append, state)
        article = parse(RawEntry(source, line, data, page, feed, decoder, offset), seq)
        kept = keep is None or keep(article)
        results.append((said, article.id, render(article) if kept else None))
    return results


def _run_batch(
    jobs: list[_Job], count: Callable[[list[Article]], Any], keep: Callable[[Article], bool] | None, parse: Parse
) -> list[_Result]:
    results: list[_Result] = []
    kept: list[Article] = []
    for seq, source, line, data, page, feed, state, offset in jobs:
        said: list[Diagnostic] = []
        decoder = TextDecoder.restored(source, said.append, state)
        article = parse(RawEntry(source, line, data, page, feed, decoder, offset), seq)
        if keep is None or keep(article):
            kept.append(article)
        results.append((said, article.id, None))
    if results:
        said, ident, _ = results[-1]
        results[-1] = (said, ident, count(kept))
    return results


def _emit(batch: _Batch, results: list[_Result], warn: Warn) -> Iterator[tuple[str, Any]]:
    before = batch.before
    for index, (said, ident, rendered) in enumerate(results):
        for diagnostic in before.get(index, ()):
            warn(diagnostic)
        for diagnostic in said:
            warn(diagnostic)
        if rendered is not None:
            yield ident, rendered
    for diagnostic in batch.after:
        warn(diagnostic)
    if batch.error is not None:
        raise batch.error


# --- the worker side --------------------------------------------------------------------------

_worker: _Work | None = None


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool
    if initializer is not None:
        initializer(*initargs)


def _set_worker(render: Callable[[Article], Any], keep: Callable[[Article], bool] | None, parse: Parse) -> None:
    global _worker
    _worker = (render, keep, parse)


def _run_in_worker(jobs: list[_Job]) -> list[_Result]:
    assert _worker is not None
    return _run(jobs, *_worker)


def _context() -> Any:
    """fork on Linux (the cheapest start: nothing to re-import) while this process has one
    thread; spawn elsewhere, and once threads run.

    A fork copies only the forking thread: a lock another thread held (pyarrow starts two on
    import, for the Parquet export) stays locked in the child forever, and the pool hangs on a
    worker stuck in ``futex_wait``. Python 3.12 warns of it (DeprecationWarning).
    """
    import multiprocessing  # here, not at the top: start-up pays for it only with a pool

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") and thread_count() == 1 else "spawn")


def thread_count() -> int:
    """The threads of this process, native ones included (``/proc``; ``threading`` sees only Python's)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass


def encoded(
    render: Callable[[Article], str], encoding: str = "utf-8", errors: str = "strict"
) -> Callable[[Article], bytes]:
    """``render`` whose text is encoded (in the worker, where it is cheap) to bytes."""
    return partial(_encode, render, encoding, errors)


def _encode(render: Callable[[Article], str], encoding: str, errors: str, article: Article) -> bytes:
    return render(article).encode(encoding, errors)
