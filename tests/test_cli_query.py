"""Queries on the command line: ``--where`` on every command that filters, ``grep --query`` and ``-e``,
one unreadable input among several, colour when piped (in process, with CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app

BUNDLED = str(isocorpus.bundled_path())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def listed(*args: str) -> list[int]:
    code, out, err = run("list", *args)
    assert (code, err) == (0, ""), err
    return [int(line.split("\t")[0]) for line in out.splitlines()[1:]]


def grep_l(*args: str) -> list[int]:
    code, out, err = run("grep", "-l", *args)
    assert code in (0, 1) and err == "", err
    return [int(line.split("\t")[0]) for line in out.splitlines()]


# --- the facts of the issue -----------------------------------------------------------------------


def test_where_keeps_the_articles_the_query_names() -> None:
    assert listed("--where", "caucus") == [1, 3, 4, 5, 6, 8, 13, 14, 18, 21]
    assert listed("--where", '"democratic centralism"') == [8, 9, 10, 11, 15]
    assert listed("--where", 'caucus AND "democratic centralism"') == [8]
    assert listed("--where", 'leninism NOT "democratic centralism"') == [17]


def test_where_with_the_other_filters_and_the_scope() -> None:
    assert listed("--where", "caucus", "--lang", "es") == [4, 13]
    assert listed("--where", "author:McNally AND NEAR(democratic centralism, 0)") == [15]
    assert listed("--where", 'caucus AND "democratic centralism"', "--scope", "block") == []
    assert listed("--where", "caucus", "--sort", "words", "--limit", "1") == [1]


def test_where_on_every_command_that_filters(tmp_path: Path) -> None:
    code, out, _ = run("stats", "--where", "author:McNally")
    assert code == 0 and "articles: 1" in out
    code, out, _ = run("timeline", "--where", "lang:es", "--term", "caucus", "--format", "tsv")
    assert code == 0 and sum(int(line.split("\t")[1]) for line in out.splitlines()[1:]) == 2
    target = tmp_path / "subcorpus.jsonl"
    code, _, err = run("export", "--where", 'caucus "democratic centralism"', "-f", "jsonl", "-o", str(target))
    assert code == 0 and "wrote 1 article" in err
    assert [json.loads(line)["seq"] for line in target.read_text().splitlines()] == [8]
    code, out, _ = run("show", "8", "--where", "caucus")
    assert code == 0 and "brian bean" in out
    code, _, err = run("show", "9", "--where", "caucus")
    assert code == 2 and "no article 9" in err


def test_grep_query_gives_the_hits_of_its_terms_where_it_holds() -> None:
    assert grep_l("--query", 'caucus AND "democratic centralism"') == [8]
    code, out, _ = run("grep", "--query", 'caucus AND "democratic centralism"')
    lines = out.splitlines()
    assert code == 0 and {line.split(":")[0] for line in lines} == {"8"}
    assert len(lines) == 2  # caucuses, democratic centralism
    assert run("grep", "-c", "--query", 'leninism NOT "democratic centralism"')[1] == "2\n"
    assert grep_l("--query", "heading:caucus") == []
    assert grep_l("--query", "notes:Draper") == [8]
    assert grep_l("--query", "caucus democratic", "--scope", "block") == grep_l(
        "--query", "NEAR(caucus democratic, 1000)"
    )


def test_grep_query_reads_pattern_as_a_file(tmp_path: Path) -> None:
    code, out, _ = run("grep", "-c", "--query", "caucus", BUNDLED)
    assert (code, out) == (0, run("grep", "-c", "caucus")[1])


def test_grep_e_is_any_of_the_patterns() -> None:
    union = grep_l("-e", "caucus", "-e", "democratic centralism")
    assert union == sorted(set(grep_l("caucus")) | set(grep_l("democratic centralism")))
    assert run("grep", "-c", "-e", "caucus", BUNDLED)[1] == run("grep", "-c", "caucus")[1]


def test_grep_needs_something_to_search_for() -> None:
    code, out, err = run("grep")
    assert (code, out) == (2, "") and "nothing to search for" in err
    code, _, err = run("grep", "--query", "a", "-e", "b")
    assert code == 2 and "cannot be combined" in err


def test_grep_with_where_filters_the_articles_searched() -> None:
    assert grep_l("caucus", "--where", "lang:es") == [4, 13]


@pytest.mark.parametrize("command", [["list", "--where"], ["grep", "--query"], ["stats", "--where"]])
def test_a_malformed_query_is_one_line_with_its_column(command: list[str]) -> None:
    code, out, err = run(*command, "caucus AND vote ) dissolve")
    assert (code, out) == (2, "")
    assert err == "isocorpus: error: query: ')' without '(' at column 17\n"


def test_a_bad_term_names_its_column() -> None:
    code, _, err = run("list", "--where", "caucus OR [unclosed")
    assert code == 2 and err.startswith("isocorpus: error: query: bad term '[unclosed'") and "at column 11" in err


# --- list's sort has no -s ---------------------------------------------------------------------------


def test_list_sort_has_no_short_flag() -> None:
    code, _, err = run("list", "-s", "words")
    assert code == 2 and "-s" in err
    assert listed("--sort", "words", "--limit", "1") == [1]


# --- one unreadable input among several ------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "rows"),
    [(["grep", "-c", "caucus"], None), (["list"], 22), (["stats"], None), (["timeline", "--format", "tsv"], None)],
)
def test_an_unreadable_input_is_an_error_line_and_the_rest_is_read(
    command: list[str], rows: int | None, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.txt")
    code, out, err = run(*command, missing, BUNDLED)
    assert code == 2
    assert err == f"isocorpus: error: {missing}: no such file or directory\n"
    alone = run(*command, BUNDLED)[1]
    assert out == alone  # everything the readable input gives
    if rows is not None:
        assert len(out.splitlines()) == rows


def test_grep_counts_the_rest_when_an_input_cannot_be_read(tmp_path: Path) -> None:
    code, out, _ = run("grep", "-c", "caucus", str(tmp_path / "missing.txt"), BUNDLED)
    assert code == 2 and int(out) == int(run("grep", "-c", "caucus")[1])


def test_one_input_alone_that_cannot_be_read_is_an_error_at_once(tmp_path: Path) -> None:
    code, out, err = run("list", str(tmp_path / "missing.txt"))
    assert (code, out) == (2, "") and "no such file" in err


def test_export_still_refuses_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, _, err = run("export", "-f", "csv", "-o", str(target), str(tmp_path / "missing.txt"), BUNDLED)
    assert code == 2 and "no such file" in err
    assert not target.exists()


# --- piped output ---------------------------------------------------------------------------------


def test_piped_context_blocks_are_whole() -> None:
    code, out, _ = run("grep", "-C", "1", "democratic centralism")
    context = [line for line in out.splitlines() if line[:1].isdigit() and "-paragraph-" in line.split(":")[0]]
    assert code == 0 and context
    texts = {b.text for a in isocorpus.iter_articles() for b in a.blocks}
    for line in context:
        text = line.split("-", 3)[3]
        assert text in texts  # the whole block, not cut to 160 characters
    assert max(len(line) for line in context) > 300


def test_color_always_colours_the_match_when_piped() -> None:
    code, out, _ = run("grep", "--color", "always", "democratic centralism")
    assert code == 0
    assert all("\x1b[1;31m" in line for line in out.splitlines())
    assert out.count("\x1b[1;31m") == 9


def test_force_color_colours_and_color_never_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1;31m" in run("grep", "democratic centralism")[1]
    assert "\x1b[" not in run("grep", "--color", "never", "democratic centralism")[1]


def test_no_color_and_the_default_write_plain_text() -> None:
    assert "\x1b[" not in run("grep", "democratic centralism")[1]  # NO_COLOR is set by conftest
    assert "\x1b[1;31m" in run("grep", "--color", "always", "democratic centralism")[1]  # asked for it


def test_every_filtering_command_documents_the_query_language() -> None:
    for command in ("list", "show", "export", "stats", "timeline", "grep"):
        code, out, _ = run(command, "--help")
        assert code == 0
        flat = " ".join(out.split())
        assert "--where" in flat and "NEAR(a b, N)" in flat and "heading:caucus" in flat, command
        assert "--color" in flat, command
    assert "--query" in " ".join(run("grep", "--help")[1].split())


@pytest.mark.parametrize("command", [["quotes"], ["pairs"], ["versions"], ["citations"], ["similar", "8"]])
def test_the_text_reuse_commands_take_where_too(command: list[str]) -> None:
    code, _, err = run(*command, "--where", "caucus AND vote )")
    assert code == 2 and err == "isocorpus: error: query: ')' without '(' at column 17\n"
