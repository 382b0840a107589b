"""``isocorpus.cli.status``: every error becomes one line and an exit status, in one place."""

from __future__ import annotations

import errno

import pytest
import typer

from isocorpus.cli.status import ExitStatus, flag, handle
from isocorpus.errors import InputError, OutputError, UsageError


def test_exit_statuses() -> None:
    assert [int(s) for s in ExitStatus] == [0, 1, 2, 130]
    assert ExitStatus.INTERRUPTED == 128 + 2  # 128 + SIGINT, as a shell reports it


def test_flags_are_spelled_here() -> None:
    assert flag("since") == "--since"
    assert flag("fold_accents") == "--fold-accents"


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (UsageError("cannot read 'x' as a date (try 2019-04-01)", option="since"), "--since: cannot read 'x'"),
        (
            UsageError("{per} needs at least one {term} (it gives …)", option="per", mentions=("term",)),
            "--per needs at least one --term (it gives …)",
        ),
        (
            OutputError("file exists (use {force} to replace it)", "a.db", mentions=("force",)),
            "a.db: file exists (use --force",
        ),
        (InputError("binary \x1b[2J file", "in.txt", 3), "in.txt:3: binary \\x1b[2J file"),
    ],
)
def test_an_error_is_one_line_with_its_flags_and_exit_2(
    capsys: pytest.CaptureFixture[str], error: Exception, line: str
) -> None:
    assert handle(error) == ExitStatus.ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"isocorpus: error: {line}") and err.count("\n") == 1


def test_an_interrupt_is_130(capsys: pytest.CaptureFixture[str]) -> None:
    assert handle(KeyboardInterrupt()) == ExitStatus.INTERRUPTED
    assert handle(typer.Abort()) == ExitStatus.INTERRUPTED
    assert capsys.readouterr().err == "isocorpus: interrupted\nisocorpus: interrupted\n"


def test_stdout_failing_is_an_error_and_exit_status_passes_through(capsys: pytest.CaptureFixture[str]) -> None:
    assert handle(OSError(errno.ENOSPC, "No space left on device")) == ExitStatus.ERROR
    assert capsys.readouterr().err == "isocorpus: error: stdout: no space left on device\n"
    assert handle(typer.Exit(1)) == ExitStatus.NO_MATCH


def test_a_bug_is_not_ours_to_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert handle(ValueError("a bug")) is None
    assert capsys.readouterr() == ("", "")
