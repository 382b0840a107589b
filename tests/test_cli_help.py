"""Help and usage errors read like the rest of the tool: no Python types, one error style."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from isocorpus.cli import app
from isocorpus.cli.commands import MODULES

COMMANDS = [m.removesuffix("_cmd") for m in MODULES]


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_python_types(command: str) -> None:
    text = run(command, "--help").stdout
    assert "<list[" not in text and "<str>" not in text and "<int>" not in text
    usage = text.splitlines()[0]
    assert "{" not in usage and usage.startswith(f"Usage: isocorpus {command} [OPTIONS]")


def test_usage_names_arguments_plainly() -> None:
    assert run("grep", "--help").stdout.splitlines()[0] == "Usage: isocorpus grep [OPTIONS] PATTERN [FILE]..."
    assert run("show", "--help").stdout.splitlines()[0] == "Usage: isocorpus show [OPTIONS] REF [FILE]..."
    assert re.search(r"^  FILE +Dump files", run("list", "--help").stdout, re.M)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["grep", "--in", "xx", "caucus"], "isocorpus: error: --in: 'xx' is not one of 'lede', "),
        (["list", "--sort", "xx"], "isocorpus: error: --sort: 'xx' is not one of 'date', 'words', 'author'."),
        (["grep"], "isocorpus: error: missing argument 'PATTERN'."),
        (["lst"], "isocorpus: error: no such command 'lst'. Did you mean 'list'?"),
        (["list", "--nope"], "isocorpus: error: no such option: --nope"),
        (["list", "--since", "soon"], "isocorpus: error: --since: cannot read 'soon' as a date"),
    ],
)
def test_typers_errors_and_ours_are_one_line_in_one_style(args: list[str], said: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(said), result.stderr
    assert result.stderr.count("\n") == 1
    assert "Value error" not in result.stderr and "Usage:" not in result.stderr


def test_in_takes_the_json_fields_names_too() -> None:
    plain = run("grep", "-c", "--in", "paragraph", "caucus")
    assert plain.exit_code == 0
    for name in ("paragraphs", "PARAGRAPH", "Paragraphs"):
        assert run("grep", "-c", "--in", name, "caucus").stdout == plain.stdout
    assert run("grep", "-c", "--in", "list_items", "--in", "headings", "caucus").exit_code in (0, 1)


def test_timeline_columns_keep_one_order_with_or_without_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    bare = run("timeline", "--by", "month").stdout.splitlines()[0].split()
    with_terms = run("timeline", "--by", "month", "-t", "caucus").stdout.splitlines()[0].split()
    assert bare == ["period", "articles", "words"]
    assert with_terms == ["period", "articles", "words", "caucus"]
    for fmt in ("tsv", "csv"):
        header = run("timeline", "-f", fmt).stdout.splitlines()[0]
        assert re.split("[\t,]", header)[:1] + [c for c in re.split("[\t,]", header) if c in ("articles", "words")] == [
            "period",
            "articles",
            "words",
        ]
