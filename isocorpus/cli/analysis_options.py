"""Options and plumbing shared by the statistics commands: words, ngrams, collocates, keyness, plot."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from ..render.analysis import RowFormat
from ..search import SearchIn
from .output import page
from .params import format_option

if TYPE_CHECKING:
    from ..analysis.counting import CountOptions
    from ..filters import ArticleFilter
    from ..model import Article

R = TypeVar("R")

FORMAT = format_option("table, tsv, csv, json or jsonl [default: a table on a terminal, tsv with a header when piped].")
TOP = typer.Option(None, "--top", "-n", min=1, help="Only the first N rows.", metavar="N", show_default=False)
MIN_FREQ = typer.Option(1, "--min-freq", min=1, help="Only rows with at least this frequency.", metavar="N")
MIN_RANGE = typer.Option(1, "--min-range", min=1, help="Only rows found in at least this many articles.", metavar="N")
IN = typer.Option(
    None,
    "--in",
    help="Count these block kinds (repeat; text = lede, heading, paragraph, list; all adds insets, notes, byline). "
    "Default: the counted text (text).",
    case_sensitive=False,
    metavar="KIND",
)
LEMMA = typer.Option(False, "--lemma", help="Count lemmas (simplemma, in each article's language) instead of types.")
STOP = typer.Option(
    None,
    "--stop",
    help="Leave out stop words: language codes (en,es: stopwordsiso's lists) or a FILE, one word a line.",
    metavar="LANG|FILE",
)
REGEX = typer.Option(
    False, "--regex", "-E", help="The pattern is a regular expression matched against whole types (case-insensitive)."
)


def count_options(search_in: list[Any] | None, lemma: bool, **more: Any) -> CountOptions:
    """What to count, from ``--in`` and ``--lemma``."""
    from ..analysis.counting import CountOptions
    from ..analysis.tokens import Vocabulary, resolve_kinds

    if lemma:
        try:
            import simplemma  # noqa: F401
        except ImportError:
            from ..errors import UsageError

            raise UsageError("--lemma needs simplemma: pip install 'isocorpus[analysis]'") from None
    return CountOptions(kinds=resolve_kinds(search_in), vocabulary=Vocabulary(lemma=lemma), **more)


def stop_words(spec: str | None) -> frozenset[str]:
    """The ``--stop`` words (empty when none)."""
    if not spec:
        return frozenset()
    from ..analysis.tokens import load_stop_words

    return load_stop_words(spec)


def counted(
    files: list[str] | None,
    selection: ArticleFilter | None,
    count: Callable[[list[Article]], R],
    *,
    keep: Callable[[Article], bool] | None = None,
    quiet: bool = False,
    shard: str | None = None,
    scheduler: str | None = None,
) -> Iterator[R]:
    """``count`` of each batch of the filtered articles, on every core; warnings to stderr.

    ``shard`` (``"I/N"``): only that shard's articles, counted in this process. ``scheduler``
    (an address, or ``local``): counted on a Dask cluster, range by range, the results back
    here in input order. Either way the caller adds the tables up and scores once.
    """
    from ..analysis.counting import count_files
    from .feedback import reading

    hooks = reading(quiet)
    match = selection.matches if selection is not None else None
    chosen: Callable[[Article], bool] | None = match or keep
    if match is not None and keep is not None:
        chosen = _Both(match, keep)
    unique = bool(selection and selection.unique)
    if shard is not None or scheduler is not None:
        results = _split(files, chosen, count, unique, hooks, shard, scheduler)
    else:
        results = count_files(
            files or None,
            count,
            keep=chosen,
            unique=unique,
            on_warning=hooks.get("on_warning"),
            on_progress=hooks.get("on_progress"),
        )
    done = hooks.get("on_done")
    return results if done is None else _closing(results, done)


def _split(
    files: list[str] | None,
    keep: Callable[[Article], bool] | None,
    count: Callable[[list[Article]], R],
    unique: bool,
    hooks: Any,
    shard: str | None,
    scheduler: str | None,
) -> Iterator[R]:
    """``counted`` for one shard, or on a cluster (checked before anything is read)."""
    from ..errors import UsageError

    if shard is not None and scheduler is not None:
        raise UsageError("{shard} and {scheduler} split the work two ways: choose one", mentions=("shard", "scheduler"))
    if unique:
        raise UsageError(
            "--unique needs every article in one process: not with {}".format("--shard" if shard else "--scheduler")
        )
    if shard is not None:
        from ..analysis.counting import counted_in_chunks
        from ..pipeline import sharded

        articles = sharded(files, None, shard, on_warning=hooks.get("on_warning"))
        return counted_in_chunks(articles if keep is None else filter(keep, articles), count)
    assert scheduler is not None
    try:
        from ..dask import client_for, count_on
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'isocorpus[dask]'") from None
    return _on_cluster(client_for, count_on, scheduler, files, keep, count, hooks)


def _on_cluster(
    client_for: Any,
    count_on: Any,
    scheduler: str,
    files: list[str] | None,
    keep: Callable[[Article], bool] | None,
    count: Callable[[list[Article]], R],
    hooks: Any,
) -> Iterator[R]:
    with client_for(scheduler) as client:
        yield from count_on(
            client,
            files or None,
            count,
            keep=keep,
            on_warning=hooks.get("on_warning"),
            on_progress=hooks.get("on_progress"),
        )


class _Both:
    """Two picklable predicates, both of which must hold."""

    __slots__ = ("first", "second")

    def __init__(self, first: Callable[[Article], bool], second: Callable[[Article], bool]) -> None:
        self.first = first
        self.second = second

    def __call__(self, article: Article) -> bool:
        return self.first(article) and self.second(article)


def _closing(stream: Iterator[R], close: Callable[[], None]) -> Iterator[R]:
    try:
        yield from stream
    finally:
        close()


def output_rows(rows: list[dict[str, Any]], columns: Any, fmt: RowFormat | None, title: str, caption: str = "") -> None:
    """The rows on stdout: a table on a terminal (paged, as list's), else ``fmt`` (TSV by default)."""
    import sys

    from ..render.analysis import write_or_render

    if fmt in (None, RowFormat.table):
        page()  # only on a terminal, and unless --no-pager
    write_or_render(rows, columns, fmt, sys.stdout, title=title, caption=caption)


def write_svg(text: str, target: str, force: bool) -> bool:
    """``--svg``: ``text`` to the file ``target`` (atomically; ``force`` replaces it) or to stdout for ``-``.

    Whether it went to stdout (then nothing else is written there).
    """
    if target == "-":
        import sys

        sys.stdout.write(text)
        return True
    from ..export.atomic import atomic_open

    with atomic_open(target, force=force, newline="\n") as out:
        out.write(text)
    return False


__all__ = ["FORMAT", "IN", "LEMMA", "MIN_FREQ", "MIN_RANGE", "REGEX", "STOP", "TOP", "RowFormat", "SearchIn"]
