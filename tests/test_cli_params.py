"""Every command that reads articles takes the shared options: the filters (--where among them) and --color."""

from __future__ import annotations

import click
import pytest
import typer.main
from typer.testing import CliRunner

from isocorpus.cli import app

COMMANDS: dict[str, click.Command] = dict(sorted(typer.main.get_command(app).commands.items()))  # type: ignore[attr-defined]
#: The commands that read articles: those that take FILE arguments.
READERS = [name for name, command in COMMANDS.items() if any(p.name == "files" for p in command.params)]
#: What a command needs besides options to get as far as reading.
REQUIRED = {
    "collocates": ["party"],
    "grep": ["caucus"],
    "keyness": ["--target", "author:McNally"],
    "plot": ["party"],
    "show": ["1"],
    "similar": ["1"],
}
FILTER_OPTIONS = ("--author", "--since", "--until", "--lang", "--unique", "--where", "--scope")


def test_the_readers_are_found() -> None:
    expected = {"list", "show", "grep", "export", "stats", "timeline", "words", "ngrams", "collocates", "keyness"}
    assert expected | {"plot", "quotes", "pairs", "similar", "citations", "versions"} <= set(READERS)


@pytest.mark.parametrize("name", READERS)
def test_every_reader_declares_the_filters_and_color(name: str) -> None:
    options = {o for p in COMMANDS[name].params for o in p.opts}
    assert "--color" in options
    wanted = ("--where", "--scope") if name == "show" else FILTER_OPTIONS  # show takes one article by REF
    assert set(wanted) <= options, sorted(set(wanted) - options)


@pytest.mark.parametrize("name", READERS)
def test_every_reader_compiles_where_and_takes_color(name: str) -> None:
    """A malformed --where is the query's one error line, whatever the command: it reaches the filter."""
    args = [name, *REQUIRED.get(name, []), "--color", "never", "--where", "caucus AND ("]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "isocorpus: error: query: the query ends where a term was expected at column 13"
    ], result.stderr


@pytest.mark.parametrize("name", ["words", "ngrams", "keyness", "quotes", "list"])
def test_where_narrows_what_a_reader_reads(name: str) -> None:
    """--where 'author:Nobody' leaves nothing: the command sees an empty selection."""
    args = [name, *REQUIRED.get(name, []), "--color", "never", "--where", "author:Nobody", "-f", "tsv"]
    result = CliRunner().invoke(app, args)
    everything = CliRunner().invoke(app, [name, *REQUIRED.get(name, []), "-f", "tsv"])
    assert everything.exit_code == 0 and len(everything.stdout.splitlines()) > 1
    assert result.stdout.splitlines()[1:] == []  # a header at most
    assert result.exit_code in (0, 2) and "Traceback" not in result.output
