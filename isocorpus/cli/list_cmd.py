"""``isocorpus list``: one row per article."""

from __future__ import annotations

from . import app
from .options import AUTHOR, FILES, LANG, SINCE, UNIQUE, UNTIL, Language, articles, make_filter


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
    from ..render.table import render_list

    render_list(articles(files, make_filter(author, since, until, lang, unique)))
