"""The reuse views under a real pseudo-terminal: corpus text in them is shown, never obeyed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_cli_terminal import run_in_process_on_pty

from isocorpus.cli import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
assert app.registered_commands  # every command module loaded: main() runs several in this process

SHARED = (
    "One of the great problems with the dominant model \x1b]0;pwned\x07 of [bold]Leninism[/] on the far left "
    "is the idea that the legacy of Bolshevism involves steadfastly building a small group."
)


def dump(tmp_path: Path) -> str:
    entry = "[*] [+] [-] [x] [A+] [a-]\n[l] at 3/2{day}/19 10:00am\n{byline}\n\n{lede}\n\n{body}\n\n"
    text = entry.format(day=1, byline="Ann Source", lede="A lede of the source article.", body=SHARED)
    text += entry.format(
        day=2, byline="Bo Target", lede="A lede of the quoting article.", body="As Ann Source wrote:\n\n" + SHARED
    )
    path = tmp_path / "hostile-quote.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_quotes_view_shows_escapes_and_markup_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, screen, stderr = run_in_process_on_pty(["quotes", dump(tmp_path)], monkeypatch, columns=100)
    assert code == 0, stderr
    assert b"\x1b]0;" not in screen  # no title set
    text = screen.decode("utf-8")
    assert "\\x1b" in text
    assert "[bold]Leninism[/]" in text
    assert "SOURCE seq 1" in text and "TARGET seq 2" in text
    assert "introduced at line" in text


def test_pairs_and_citations_views_on_a_pty(monkeypatch: pytest.MonkeyPatch) -> None:
    code, screen, stderr = run_in_process_on_pty(["pairs"], monkeypatch, columns=80)
    assert code == 0, stderr
    assert b"181:406" in screen
    code, screen, _ = run_in_process_on_pty(["citations"], monkeypatch, columns=80)
    assert code == 0
    assert b"unresolved" in screen
