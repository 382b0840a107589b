"""The options the commands share, declared once: inputs, filters, quiet, and matching.

Declarations only: what the values mean is the core's (``isocorpus.pipeline.make_filter``,
``Matching``). A command's own options stay in its module.
"""

from __future__ import annotations

import typer

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
