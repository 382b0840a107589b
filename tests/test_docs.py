"""Every command has --help with an example, and a section in README.md's Usage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from isocorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def usage_section() -> str:
    match = re.search(r"^## Usage\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, "README.md has no '## Usage' section"
    return match.group(1)


def test_the_everyday_commands_are_registered() -> None:
    assert {"list", "show", "export", "stats"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    examples = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("Example:")]
    assert examples, f"isocorpus {name} --help has no 'Example:' line"
    for example in examples:
        assert example.startswith(f"Example: isocorpus {name}"), example


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_usage_has_a_section(name: str) -> None:
    section = usage_section()
    assert re.search(rf"^### isocorpus {re.escape(name)}\b", section, re.M), f"README Usage lacks isocorpus {name}"
    body = section.split(f"### isocorpus {name}", 1)[1].split("\n### ", 1)[0]
    assert f"isocorpus {name}" in body  # at least one example of it


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"isocorpus \d+\.\d+\.\d+\S*\n", result.stdout)
