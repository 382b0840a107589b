"""``isocorpus show REF``: lookup, and the text, markdown and json pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import isocorpus
from isocorpus.cli import app
from isocorpus.render.page import apparatus_start, escape_markdown, format_markdown

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CORPUS = list(isocorpus.iter_articles())
FIVE = CORPUS[4]  # Pranav Jani: headings, a list, insets
FIFTEEN = CORPUS[14]  # David McNally: a sign-off, footnotes, provenance
INSET = "Reflections on our crisis"


def run(*args: str, input: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(app, ["show", *args], input=input)


def test_show_by_seq_as_plain_text() -> None:
    result = run("5")
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "2019-04-02 23:00 · Pranav Jani"
    assert lines[1].startswith(f"seq 5 · id {FIVE.id} · {FIVE.word_count} words · en · ")
    assert lines[2] == ""
    assert lines[3] == FIVE.lede
    for paragraph in FIVE.paragraphs:
        assert paragraph in lines  # one paragraph a line, unwrapped
    for item in FIVE.list_items:
        assert f"• {item}" in lines
    assert "\x1b" not in result.stdout


def test_insets_hidden_unless_asked() -> None:
    assert INSET not in run("5").stdout
    shown = run("5", "--insets").stdout
    assert f"[{INSET}]" in shown.splitlines()


def test_show_by_id_prefix_gives_the_same_page() -> None:
    by_seq = run("5").stdout
    assert run(FIVE.id[:4]).stdout == by_seq
    assert run(FIVE.id[:10].upper()).stdout == by_seq


def test_apparatus_is_set_apart_in_text() -> None:
    lines = run("15").stdout.splitlines()
    rule = lines.index("─" * 40)
    assert lines[rule + 2 : rule + 5] == ["    Yours for a new left for a new era,", "    David", "    26.1.09"]
    assert lines[-1] == FIFTEEN.provenance[0]
    assert "Footnotes" in lines[rule:]


def test_markdown() -> None:
    result = run("15", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    lines = text.splitlines()
    assert lines[0] == "*2019-03-21 · David McNally*"
    assert not any(line.startswith("# ") for line in lines)  # no invented title
    for heading in FIFTEEN.headings:
        assert f"## {escape_markdown(heading)}" in lines
    rule = lines.index("---")
    assert lines[rule + 2] == "Yours for a new left for a new era,\\"
    assert "## Footnotes" in lines[rule:]
    assert lines.index("## Footnotes") > rule
    assert any(line.startswith("1. Duncan Hallas") for line in lines)


def test_markdown_lists_and_insets() -> None:
    text = run("5", "-f", "markdown").stdout
    lines = text.splitlines()
    assert lines[0] == "*2019-04-02 · Pranav Jani*"
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == len(FIVE.list_items) == 2
    assert "---" not in lines  # no apparatus, no rule
    assert INSET not in text
    assert f"> {INSET}" in run("5", "-f", "markdown", "--insets").stdout.splitlines()


def test_markdown_notes_heading_goes_after_the_rule() -> None:
    lines = run("8", "-f", "markdown").stdout.splitlines()
    rule = lines.index("---")
    assert lines[rule + 2] == "## Notes"
    assert lines[rule + 4].startswith("1. Most notably")


def test_json_is_the_full_record() -> None:
    result = run(FIFTEEN.id[:6], "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == FIFTEEN.as_dict()


def test_terminal_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("isocorpus.render.console.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "70")
    result = run("5")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "2019-04-02 23:00 · Pranav Jani"
    assert all(len(line) <= 70 for line in lines)  # wrapped
    assert sum(1 for line in lines if line.lstrip().startswith("• ")) == 2
    assert INSET not in result.stdout


def test_show_reads_stdin() -> None:
    result = run("2", "-", input=(FIXTURES / "two-pages.txt").read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert result.stdout.startswith("2020-01-07 00:05 · Ana Ruiz and Bo Chen\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["22"], "isocorpus: error: no article 22: the input has 21 articles"),
        (["0"], "isocorpus: error: seq numbers start at 1"),
        (["ffffff"], "isocorpus: error: no article has an id starting with 'ffffff'"),
        (["abc"], "isocorpus: error: 'abc' is neither a seq number nor an id prefix"),
        (["763d", str(FIXTURES / "ambiguous-prefix.txt")], "isocorpus: error: id prefix '763d' is ambiguous: "),
    ],
)
def test_bad_refs_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_a_longer_prefix_settles_an_ambiguity() -> None:
    result = run("763d3", str(FIXTURES / "ambiguous-prefix.txt"))
    assert result.exit_code == 0
    assert "Lede number 441" in result.stdout


# --- the page renderer --------------------------------------------------------------------------


def test_escape_markdown_keeps_corpus_text_literal() -> None:
    assert escape_markdown("a *b* _c_ [d](e) <script>") == "a \\*b\\* \\_c\\_ \\[d\\](e) \\<script\\>"
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("- not an item") == "\\- not an item"
    assert escape_markdown("2019. A year") == "2019\\. A year"
    assert escape_markdown("&amp; stays") == "\\&amp; stays"
    assert escape_markdown("Q&A and 3.5") == "Q&A and 3.5"


def test_apparatus_start() -> None:
    for article in CORPUS:
        k = apparatus_start(article.blocks)
        after = {b.kind.value for b in article.blocks[k:]}
        assert after <= {"note", "signoff", "provenance", "inset", "heading"}
    assert apparatus_start(FIVE.blocks) == len(FIVE.blocks)
    assert FIFTEEN.blocks[apparatus_start(FIFTEEN.blocks)].kind.value == "signoff"


def test_markdown_of_every_article_keeps_every_counted_word() -> None:
    for article in CORPUS:
        text = format_markdown(article).replace("\\", "")
        for block in article.blocks:
            if block.kind.value != "inset":
                assert block.text.split()[-1] in text


def test_markdown_renders_as_intended_with_a_commonmark_parser() -> None:
    from markdown_it import MarkdownIt  # rich's own dependency

    md = MarkdownIt("commonmark")
    for article in CORPUS:
        html = md.render(format_markdown(article))
        assert html.count("<h2>") == len(article.headings), article.seq
        assert html.count("<li>") == len(article.list_items) + len(article.notes), article.seq
        has_apparatus = apparatus_start(article.blocks) < len(article.blocks)
        assert html.count("<hr />") == (1 if has_apparatus else 0), article.seq
        assert html.count("<em>") == 1  # the dateline, and nothing in the corpus text
        assert "<h1>" not in html


def test_markdown_escapes_hostile_text() -> None:
    from dataclasses import replace

    from markdown_it import MarkdownIt

    from isocorpus.model import Block, BlockKind

    hostile = replace(
        FIVE,
        blocks=(
            Block(BlockKind.LEDE, "# Not a title <script>alert(1)</script>", 1),
            Block(BlockKind.PARAGRAPH, "1. not a list, *not emphasis*, [not](a link)", 2),
            Block(BlockKind.PARAGRAPH, "---", 3),
        ),
    )
    html = MarkdownIt("commonmark").render(format_markdown(hostile))
    for tag in ("<h1>", "<script>", "<ol>", "<a ", "<hr"):
        assert tag not in html
    assert html.count("<em>") == 1
