"""Errors and warnings raised by the core: each carries the source and line a user can act on.

Core code raises these and never prints or exits; ``isocorpus.cli`` turns them into
``isocorpus: error: …`` on stderr and an exit code, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


def _where(source: str | None, line: int | None) -> str:
    if source is None:
        return ""
    return f"{source}:{line}: " if line else f"{source}: "


class IsocorpusError(Exception):
    """Base class of every error isocorpus raises; ``str()`` is a one-line message."""

    exit_code = 2

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        return f"{_where(self.source, self.line)}{self.message}"


class InputError(IsocorpusError):
    """An input cannot be read at all: missing, unreadable, binary, or not a dump."""


class BinaryInputError(InputError):
    """An input holds NUL bytes: it is not a text dump (skipped like ripgrep skips binaries)."""


class UsageError(IsocorpusError):
    """The arguments do not make sense (bad date, bad reference, bad pattern)."""


class PatternError(UsageError):
    """A search pattern does not compile."""


class SearchTimeoutError(IsocorpusError):
    """A regular expression took longer than its time limit on one block."""


class OutputError(IsocorpusError):
    """An output file cannot be written (exists without --force, unwritable directory)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning about the input: something was wrong, and the rest was kept."""

    source: str
    """The input's name, as in ``Article.source``."""
    line: int | None
    """The 1-based line the warning is about, or None for the whole input."""
    message: str
    """What was wrong and what isocorpus did about it, one line."""
    note: bool = False
    """A remark rather than a problem (``FILE: empty``): ``isocorpus: note:`` on the command line."""

    def __str__(self) -> str:
        return f"{_where(self.source, self.line)}{self.message}"


class InputWarning(UserWarning):
    """Category of the Python warnings the library emits when no ``on_warning`` is given."""
