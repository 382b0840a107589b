"""``isocorpus grep`` from the command line: every option, every output, the exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isocorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent
KINDS = ROOT / "fixtures" / "grep" / "kinds.txt"
PATHOLOGICAL = r"(?:(\w+\s?)+\1){e<=3}"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)


def grep(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["grep", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


# --- the acceptance cases -------------------------------------------------------------------------


def test_democratic_centralism_nine_times_in_five_articles() -> None:
    code, out, err = grep("democratic centralism")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert len(lines) == 9
    assert len({line.split(":")[0] for line in lines}) == 5
    assert all("democratic centralism" in line.lower() for line in lines)


def test_piped_lines_are_seq_id_kind_text() -> None:
    _, out, _ = grep("democratic centralism")
    seq, ident, kind, text = out.splitlines()[0].split(":", 3)
    assert (seq, ident, kind) == ("8", "b5a6a29a0d5af91f", "paragraph")
    assert text.startswith("…") and "democratic centralism in the British IS" in text
    assert "\x1b" not in out


def test_straight_apostrophe_finds_curly_and_strict_does_not() -> None:
    code, out, _ = grep("-c", "Draper's")
    assert code == 0 and int(out) > 0
    code, out, _ = grep("-c", "--strict", "Draper's")
    assert (code, out) == (1, "0\n")


def test_smart_case() -> None:
    _, lower, _ = grep("-c", "iso")
    _, upper, _ = grep("-c", "ISO")
    _, ignored, _ = grep("-c", "-i", "ISO")
    _, exact, _ = grep("-c", "-s", "iso")
    assert int(lower) == int(ignored) > int(upper) > 0
    assert int(exact) < int(lower)


def test_doubled_inset_is_one_block_and_matches_once() -> None:
    code, out, _ = grep("--in", "inset", "--json", "A message from Socialist Worker")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {r["text"] for r in records} == {"A message from Socialist Worker"}
    assert [r["line"] for r in records] == [401, 1659, 1663]  # 1663 holds it twice: one block, one match
    assert grep("A message from Socialist Worker")[0] == 1  # insets are not searched by default


def test_fuzzy_finds_a_misspelling() -> None:
    assert grep("-c", "centralizm")[1] == "0\n"
    code, out, _ = grep("-c", "--fuzzy", "1", "centralizm")
    assert code == 0 and int(out) >= 10


# --- matching options ------------------------------------------------------------------------------


def test_word() -> None:
    assert int(grep("-c", "social")[1]) > int(grep("-c", "-w", "social")[1]) > 0


def test_fixed_strings() -> None:
    code, out, err = grep("-F", "-c", "(")
    assert (code, err) == (0, "") and int(out) > 0


def test_fold_accents() -> None:
    assert grep("-c", "organizacion")[1] == "0\n"
    assert int(grep("-c", "--fold-accents", "organizacion")[1]) > 0


def test_in_kinds_on_the_kinds_fixture() -> None:
    def kinds(*args: str) -> list[str]:
        return [line.split(":")[2] for line in grep(*args, "crocodile", str(KINDS))[1].splitlines()]

    default = kinds()
    assert "inset" not in default and "byline" not in default
    assert {"lede", "paragraph", "heading", "signoff", "list", "note", "provenance"} <= set(default)
    assert set(kinds("--in", "inset")) == {"inset"}
    assert set(kinds("--in", "byline")) == {"byline"}
    assert set(kinds("--in", "text")) == {"lede", "paragraph", "heading", "list"}
    assert set(kinds("--in", "note", "--in", "provenance")) == {"note", "provenance"}
    assert set(kinds("--in", "all")) == set(default) | {"inset", "byline"}


def test_page_footer_preamble_and_marker_line_are_never_searched() -> None:
    _, out, _ = grep("--in", "all", "crocodile", str(KINDS))
    assert "Crocodile Feed" not in out and "page two" not in out
    assert "before any entry" not in out and "on the marker line" not in out


def test_unknown_kind_is_a_usage_error() -> None:
    code, out, err = grep("--in", "sidebar", "x")
    assert code == 2 and out == ""
    assert "sidebar" in err


# --- outputs ------------------------------------------------------------------------------------


def test_count_is_one_integer() -> None:
    assert grep("-c", "democratic centralism") == (0, "9\n", "")


def test_files_with_matches() -> None:
    code, out, _ = grep("-l", "democratic centralism")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0
    assert [r[0] for r in rows] == ["8", "9", "10", "11", "15"]
    assert rows[0] == ["8", "b5a6a29a0d5af91f", "2019-03-28", "brian bean"]


def test_json_records() -> None:
    code, out, _ = grep("--json", "democratic centralism")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 9
    for r in records:
        assert set(r) == {"id", "seq", "date", "byline", "source", "line", "kind", "text", "match"}
        assert r["text"][r["match"]["start"] : r["match"]["end"]] == r["match"]["text"]
        assert r["match"]["text"].lower() == "democratic centralism"
    assert records[0]["source"] == "socialistworker-2019.txt"
    assert records[0]["line"] == 572


def test_json_with_context() -> None:
    _, out, _ = grep("--json", "-C", "1", "democratic centralism")
    first = json.loads(out.splitlines()[0])
    assert len(first["context"]["before"]) == 1 and len(first["context"]["after"]) == 1
    assert first["context"]["before"][0]["line"] < first["line"] < first["context"]["after"][0]["line"]


def test_max_count_per_article() -> None:
    code, out, _ = grep("-m", "1", "democratic centralism")
    assert code == 0 and len(out.splitlines()) == 5
    assert grep("-c", "-m", "1", "democratic centralism")[1] == "5\n"


def test_context_blocks_piped() -> None:
    _, out, _ = grep("-C", "1", "democratic centralism")
    lines = out.splitlines()
    matches = [line for line in lines if line.split(":", 3)[0].isdigit() and line.count(":") >= 3]
    assert len(matches) == 9
    assert "--" in lines
    assert any(line.startswith("8-b5a6a29a0d5af91f-paragraph-") for line in lines)
    before = grep("-B", "1", "democratic centralism")[1].splitlines()
    after = grep("-A", "1", "democratic centralism")[1].splitlines()
    assert before[0].startswith("8-") and before[1].startswith("8:")
    assert after[0].startswith("8:") and after[1].startswith("8-")


def test_kwic_puts_the_match_in_one_column() -> None:
    code, out, _ = grep("--kwic", "democratic centralism")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 9
    columns = {line.lower().index("democratic centralism") for line in lines}
    assert columns == {5 + 2 + 40 + 2}  # seq, gap, 40 characters of left context, gap


def test_kwic_width() -> None:
    _, out, _ = grep("--kwic", "--width", "10", "democratic centralism")
    for line in out.splitlines():
        assert line.lower().index("democratic centralism") == 5 + 2 + 10 + 2
        assert len(line) <= 5 + 2 + 10 + 2 + len("democratic centralism") + 2 + 10


def test_kwic_sorts() -> None:
    import re

    def words(text: str) -> list[str]:
        return [w.casefold() for w in re.findall(r"\w+", text)]

    width, match = 40, len("democratic centralism")
    _, out, _ = grep("--kwic", "--sort", "left", "democratic centralism")
    lefts = [words(line[7 : 7 + width])[::-1] for line in out.splitlines()]
    assert len(lefts) == 9 and lefts == sorted(lefts)
    _, out, _ = grep("--kwic", "--sort", "right", "democratic centralism")
    rights = [words(line[7 + width + 2 + match :]) for line in out.splitlines()]
    assert len(rights) == 9 and rights == sorted(rights)
    _, out, _ = grep("--kwic", "--sort", "match", r"centrali[sz]\w*")
    found = [line[7 + width + 2 :].split()[0].casefold() for line in out.splitlines()]
    assert len(found) > 9 and found == sorted(found)


def test_stats_go_to_stderr() -> None:
    code, out, err = grep("--stats", "democratic centralism")
    assert code == 0 and len(out.splitlines()) == 9
    assert "9 matches" in err and "5 articles with matches" in err and "21 articles searched" in err
    code, out, err = grep("--stats", "-c", "democratic centralism")
    assert out == "9\n" and "9 matches" in err and "21 articles searched" in err


def test_terminal_output_groups_by_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import isocorpus.render.grep as render

    monkeypatch.setattr(render, "is_terminal", lambda out=None: True)
    code, out, _ = grep("democratic centralism")
    assert code == 0
    assert "8  2019-03-28  brian bean  b5a6a29a" in out
    assert "15  2019-03-21  David McNally  328181e6" in out
    assert out.count("paragraph") == 7 and out.count("note") == 2


def test_terminal_highlights_the_match(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from isocorpus.render.grep import render_terminal
    from isocorpus.search import compile_query
    from isocorpus.search.grep import iter_hits

    monkeypatch.delenv("NO_COLOR")
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, force_terminal=True, color_system="standard", markup=False)
    assert render_terminal(iter_hits(None, compile_query("Lenin's")), console) > 0
    assert "\x1b[1;31mLenin’s\x1b[0m" in buffer.getvalue()


def test_control_characters_in_corpus_text_are_shown_not_obeyed(tmp_path: Path) -> None:
    dump = tmp_path / "control.txt"
    dump.write_text("[*] [+] [-] [x] [A+] [a-]\n[l] at 4/18/19 11:00pm\nTess\n\nA crocodile \x1b[2J lede.\n")
    _, out, _ = grep("crocodile", str(dump))
    assert "\x1b" not in out and "\\x1b[2J" in out


# --- inputs, filters ------------------------------------------------------------------------------


def test_filters() -> None:
    _, out, _ = grep("--author", "mcnally", "democratic centralism")
    assert {line.split(":")[0] for line in out.splitlines()} == {"15"}
    assert grep("-c", "--author", "mcnally", "democratic centralism")[1] == "2\n"
    assert grep("-c", "--since", "2019-03-27", "democratic centralism")[1] == "4\n"
    assert grep("-c", "--until", "2019-03-26", "democratic centralism")[1] == "5\n"
    assert grep("-c", "--lang", "es", "democratic centralism") == (1, "0\n", "")
    assert grep("-c", "--lang", "es", "socialista") == grep("-c", "socialista") == (0, "16\n", "")
    assert grep("-c", "--lang", "en", "socialista") == (1, "0\n", "")


def test_unique_drops_a_repeated_article(tmp_path: Path) -> None:
    corpus = (ROOT / "isocorpus" / "data" / "socialistworker-2019.txt").read_bytes()
    twice = tmp_path / "twice.txt"
    twice.write_bytes(corpus + b"\n" + corpus)
    assert grep("-c", "democratic centralism", str(twice))[1] == "18\n"
    assert grep("-c", "--unique", "democratic centralism", str(twice))[1] == "9\n"
    assert len(grep("-l", "--unique", "democratic centralism", str(twice))[1].splitlines()) == 5


def test_stdin_and_gzip() -> None:
    text = KINDS.read_text(encoding="utf-8")
    expected = grep("-c", "crocodile", str(KINDS))[1]
    assert grep("-c", "crocodile", "-", input=text)[1] == expected
    assert grep("-c", "crocodile", str(KINDS) + ".gz")[1] == expected
    assert grep("crocodile", "-", input=text)[1] == grep("crocodile", str(KINDS))[1]


def test_cp1252_input_is_searched_as_text() -> None:
    cp1252 = str(ROOT / "fixtures" / "grep" / "cp1252.txt")
    code, out, err = grep("crocodile's", cp1252)
    assert code == 0 and "The crocodile’s curly apostrophe" in out
    assert err.endswith("cp1252.txt: not valid UTF-8; read as cp1252\n")
    assert grep("-c", "crocodile's", cp1252)[1] == "1\n"
    assert grep("--in", "all", "café", cp1252)[0] == 1  # after the page footer: not an article's text


# --- exit codes -----------------------------------------------------------------------------------


def test_no_match_is_exit_1() -> None:
    assert grep("zzzqqqxxx") == (1, "", "")


def test_bad_regex_is_exit_2_with_one_line() -> None:
    code, out, err = grep("(")
    assert (code, out) == (2, "")
    assert err == "isocorpus: error: bad pattern '(': missing ) at position 1\n"


def test_missing_file_is_exit_2() -> None:
    code, out, err = grep("x", "no-such-file.txt")
    assert (code, out) == (2, "")
    assert err == "isocorpus: error: no-such-file.txt: no such file or directory\n"


def test_pathological_pattern_ends_by_its_timeout() -> None:
    code, out, err = grep("--timeout", "0.05", PATHOLOGICAL)
    assert code == 2
    assert err.startswith("isocorpus: error: socialistworker-2019.txt:")
    assert "took longer than 0.05s on one block" in err and err.count("\n") == 1


def test_outputs_cannot_be_combined() -> None:
    code, _, err = grep("-c", "-l", "x")
    assert code == 2 and "cannot be combined" in err
    code, _, err = grep("--sort", "left", "x")
    assert code == 2 and "--kwic" in err


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["grep", "--help"])
    assert result.exit_code == 0
    assert "Example: isocorpus grep" in result.stdout


def test_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "isocorpus", "grep", "the"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert err == b""
