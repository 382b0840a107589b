"""Errors and warnings raised by the core: each carries the source and line a user can act on.

Core code raises these and never prints or exits; ``isocorpus.cli.status`` turns them into
``isocorpus: error: …`` on stderr and an exit code, in one place.

An error about a parameter names it as data: ``option`` is the parameter at fault
(``"since"``), ``mentions`` any other the message names. The message writes them as
``{since}``; ``describe(spell)`` spells them: ``str()`` as the bare names (``since``), the CLI
as its flags (``--since``). Only the CLI knows flags.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _where(source: str | None, line: int | None) -> str:
    if source is None:
        return ""
    return f"{source}:{line}: " if line else f"{source}: "


def _bare(name: str) -> str:
    return name


class IsocorpusError(Exception):
    """Base class of every error isocorpus raises; ``str()`` is a one-line message."""

    def __init__(
        self,
        message: str,
        source: str | None = None,
        line: int | None = None,
        *,
        option: str | None = None,
        mentions: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        """What went wrong, one line; the parameters it names are written ``{name}``."""
        self.source = source
        """The input or output it is about, if any."""
        self.line = line
        """The 1-based line of ``source`` it is about, if any."""
        self.option = option
        """The parameter at fault (``"since"``), if any: the message is about it."""
        self.mentions = mentions
        """Other parameters the message names (``("force",)``)."""

    def describe(self, spell: Callable[[str], str] = _bare) -> str:
        """The one-line message, each parameter it names spelled by ``spell``.

        The parameter at fault leads the message (``since: cannot read …``) unless the
        message names it itself.
        """
        text = self.message
        if self.option is not None and "{" + self.option + "}" not in text:
            text = "{" + self.option + "}: " + text
        for name in (self.option, *self.mentions):
            if name is not None:
                text = text.replace("{" + name + "}", spell(name))
        return f"{_where(self.source, self.line)}{text}"

    def __str__(self) -> str:
        return self.describe()

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled as the fields it was made from (an error raised in a worker process reaches
        # the parent whole), not as ``Exception.args``.
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[IsocorpusError], fields: dict[str, object]) -> IsocorpusError:
    error = cls.__new__(cls)
    Exception.__init__(error, fields.get("message"))
    error.__dict__.update(fields)
    return error


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

    def __init__(self, pattern: str, seconds: float, source: str | None = None, line: int | None = None) -> None:
        super().__init__(
            f"pattern {pattern!r} took longer than {seconds:g}s on one block (simplify it, or raise {{timeout}})",
            source,
            line,
            mentions=("timeout",),
        )
        self.pattern = pattern
        """The pattern as the user typed it."""
        self.seconds = seconds
        """The time limit it ran out of (a user may raise it)."""


class MissingExtraError(IsocorpusError):
    """An optional dependency is not installed; the message names the extra that brings it."""


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
