"""The options the commands share, declared once: inputs, filters, quiet, and matching.

What the values mean is the core's (``isocorpus.pipeline.make_filter``, ``Matching``). A
command's own options stay in its module.

The filter and matching options come as groups: a command takes each group as ONE parameter
and gets the core's object, built once, and the group's options appear in ``--help`` where the
parameter stands::

    @app.command("list")
    @grouped
    def list_command(files: list[str] = FILES, selection: ArticleFilter = FILTERS, quiet: bool = QUIET):
        chosen = articles(files, selection, **reading(quiet))

``FILTERS`` gives ``--author --since --until --lang --unique`` as a ``pipeline.make_filter``
``ArticleFilter``; ``MATCHING`` gives ``-F -w -i -s --strict --fold-accents --fuzzy --timeout``
as a ``pipeline.Matching``. A new command uses these, never its own copy of the options.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import typer

from ..pipeline import Matching, make_filter

F = TypeVar("F", bound=Callable[..., Any])


#: ``--lang``'s value: language codes, comma-separated (``pipeline.make_filter`` reads them).
Language = str


FILES = typer.Argument(
    None,
    help="Dump files, directories (walked), or - for stdin; .gz is read as is. None: the bundled corpus.",
    show_default=False,
    metavar="FILE",
)
AUTHOR = typer.Option(
    None,
    "--author",
    "-a",
    help="Byline or author contains TEXT (case-insensitive; repeat for any).",
    metavar="TEXT",
)
SINCE = typer.Option(
    None,
    "--since",
    help="Published on or after DATE: 2019-04-01, 'April 1 2019', 4/1/19 (slashed: month/day, as the dumps "
    "write them), 1.4.2019 (dotted: day.month).",
    metavar="DATE",
)
UNTIL = typer.Option(None, "--until", help="Published on or before DATE (inclusive).", metavar="DATE")
LANG = typer.Option(
    None,
    "--lang",
    help="Only articles in these languages: ISO 639-1 codes, comma-separated (en, fr, en,es).",
    metavar="CODES",
)
FEED_NAME = typer.Option(
    None,
    "--feed-name",
    help="Name the feed the dump holds (a dump never says: its page footers name the next feed).",
    metavar="NAME",
)
FEED_FROM_FILE = typer.Option(
    False, "--feed-name-from-file", help="Name each input's feed after its file name (jacobin.txt.gz: jacobin)."
)
UNIQUE = typer.Option(False, "--unique", "-u", help="Drop an article already seen under the same id.")


def format_option(help: str, default: Any = None) -> Any:
    """``--format``/``-f``: a command's choice of output (its enum), ``help`` saying what each does.

    With no ``default`` the command picks one for the terminal or the pipe (say which in ``help``).
    """
    return typer.Option(default, "--format", "-f", help=help, show_default=default is not None)


QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar (shown on a terminal when reading takes a while).")


def _set_verbose(value: bool) -> bool:
    from .diagnostics import LOG

    LOG.verbose = bool(value)
    return value


VERBOSE = typer.Option(
    False,
    "--verbose",
    callback=_set_verbose,
    help="Show every warning (the same warning is otherwise shown five times, then counted).",
)


# --- matching options, shared by grep and timeline (``pipeline.Matching``) -------------------

FIXED = typer.Option(False, "--fixed-strings", "-F", help="Treat the pattern as a literal string.")
WORD = typer.Option(False, "--word", "-w", help="Match whole words only.")
IGNORE_CASE = typer.Option(False, "--ignore-case", "-i", help="Ignore case.")
CASE_SENSITIVE = typer.Option(False, "--case-sensitive", "-s", help="Match case exactly (default: smart case).")
STRICT = typer.Option(False, "--strict", help="No typographic folding (a straight ' no longer matches a curly one).")
FOLD_ACCENTS = typer.Option(False, "--fold-accents", help="Match regardless of accents (votacion = votación).")
# Numbers default to None (resolved in pipeline.Matching): a parameter left alone then costs typer no
# coercion at start-up.
FUZZY = typer.Option(
    None,
    "--fuzzy",
    min=0,
    max=5,
    help="Allow up to N edits (insertions, deletions, substitutions).",
    metavar="N",
    show_default=False,
)
TIMEOUT = typer.Option(
    None,
    "--timeout",
    min=0.01,
    help="Seconds the regex may spend on one block (default 3).",
    metavar="SECONDS",
    show_default=False,
)


SEARCH_IN = typer.Option(
    None,
    "--in",
    help="Search these block kinds (repeat): lede, heading, paragraph, list, note, signoff, provenance, inset, "
    "byline; text = lede, heading, paragraph, list; all adds insets and byline (the JSON fields' names, "
    "paragraphs, list_items…, work too). Default: every block but insets.",
    case_sensitive=False,
    metavar="KIND",
)


# --- option groups ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OptionGroup:
    """Options that go together: ``build(*values)``, in the order of ``params``, is what a command gets."""

    params: tuple[inspect.Parameter, ...]
    build: Callable[..., Any]


def _options(build: Callable[..., Any], **declared: tuple[Any, Any]) -> OptionGroup:
    """A group of ``name=(type, declaration)`` options, in the order given."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = tuple(inspect.Parameter(name, kind, default=d, annotation=t) for name, (t, d) in declared.items())
    return OptionGroup(params, build)


FILTERS: Any = _options(
    make_filter,
    author=(list[str], AUTHOR),
    since=(str, SINCE),
    until=(str, UNTIL),
    lang=(Language, LANG),
    unique=(bool, UNIQUE),
)
"""``selection: ArticleFilter = FILTERS``: the filter options, as one ``ArticleFilter``."""

MATCHING: Any = _options(
    Matching,
    fixed=(bool, FIXED),
    word=(bool, WORD),
    ignore_case=(bool, IGNORE_CASE),
    case_sensitive=(bool, CASE_SENSITIVE),
    strict=(bool, STRICT),
    fold_accents=(bool, FOLD_ACCENTS),
    fuzzy=(int, FUZZY),
    timeout=(float, TIMEOUT),
)
"""``matching: Matching = MATCHING``: the matching options, as one ``Matching``."""


def grouped(command: F) -> F:
    """``command`` with each parameter whose default is an ``OptionGroup`` spread into the group's options.

    typer sees (and ``--help`` lists) the group's options where the parameter stood; the command
    is called with the group's object built from their values.
    """
    hints = typing.get_type_hints(command)
    groups: dict[str, OptionGroup] = {}
    params: list[inspect.Parameter] = []
    for param in inspect.signature(command).parameters.values():
        if isinstance(param.default, OptionGroup):
            groups[param.name] = param.default
            params.extend(param.default.params)
        else:
            params.append(param.replace(annotation=hints[param.name]))

    @functools.wraps(command)
    def run(**values: Any) -> Any:
        for name, group in groups.items():
            values[name] = group.build(*(values.pop(p.name) for p in group.params))
        return command(**values)

    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return typing.cast(F, run)
