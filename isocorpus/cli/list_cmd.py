"""``isocorpus list``: one row per article."""

from __future__ import annotations

import sys

from . import app
from .options import (
    AUTHOR,
    FILES,
    LANG,
    SINCE,
    UNIQUE,
    UNTIL,
    Language,
    articles,
    make_filter,
    write_rendered,
)


@app.command("list")
def list_command(
    files: list[str] = FILES,
    author: list[str] = AUTHOR,
    since: str = SINCE,
    until: str = UNTIL,
    lang: Language = LANG,
    unique: bool = UNIQUE,
) -> None:
    """One row per article: seq, date, byline, words, language, lede.

    On a terminal a table; piped, tab-separated lines with a header row.

    Example: isocorpus list --author mcnally dump.txt
    """
    from ..render.console import is_terminal

    selection = make_filter(author, since, until, lang, unique)
    if is_terminal():
        from ..render.table import render_list

        render_list(articles(files, selection))
        return
    from ..render.table import TSV_HEADER, tsv_row

    sys.stdout.write(TSV_HEADER)
    write_rendered(files, selection, tsv_row)
