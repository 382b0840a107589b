"""Output streams: is it a terminal, rich consoles built on demand (never at import time, so
tests can pin width and colour), and writing text already encoded.

Whether output is styled is decided here, once: ``--color`` (``ColorChoice``, set by the CLI
with ``set_color``), then ``FORCE_COLOR`` and ``NO_COLOR`` (no-color.org: no colour, bold
and the like kept), then whether stdout is a terminal. stdout sent to a pager (``pager.py``)
still counts as the terminal it pages to, at that terminal's width.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    from rich.console import Console


class ColorChoice(str, Enum):
    """``--color``: when output is styled."""

    auto = "auto"
    always = "always"
    never = "never"

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True)
class OutputState:
    """How this run's stdout is styled (set by the CLI; the library's default is ``auto``)."""

    color: ColorChoice = ColorChoice.auto
    """What ``--color`` asked for."""
    paged_width: int | None = None
    """The width of the terminal a pager shows stdout on; None when stdout is not paged."""


STATE = OutputState()


def set_color(choice: ColorChoice) -> None:
    """Style stdout as ``--color`` says, for the rest of the run."""
    STATE.color = choice


def is_terminal(stream: IO[Any] | None = None) -> bool:
    """Whether ``stream`` (stdout by default) is an interactive terminal (or stdout, paged to one)."""
    stream = stream or sys.stdout
    if STATE.paged_width is not None and stream is sys.stdout:
        return True
    return stream_is_tty(stream)


def stream_is_tty(stream: IO[Any]) -> bool:
    """Whether the stream itself is a terminal (not counting a pager)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _env_set(name: str) -> bool:
    return bool(os.environ.get(name))


def use_color(stream: IO[Any] | None = None) -> bool:
    """Whether ``stream`` (stdout by default) gets colours: ``--color``, FORCE_COLOR, NO_COLOR, a terminal."""
    if STATE.color is not ColorChoice.auto:
        return STATE.color is ColorChoice.always
    if _env_set("FORCE_COLOR"):
        return True
    if _env_set("NO_COLOR"):
        return False
    return is_terminal(stream)


def use_style(stream: IO[Any] | None = None) -> bool:
    """Whether ``stream`` gets any styling (bold too): not with ``--color never``; on a terminal, or with colour."""
    if STATE.color is ColorChoice.never:
        return False
    return is_terminal(stream) or use_color(stream)


#: SGR parameters of a highlighted match (bold red, as ripgrep and the terminal views show it).
MATCH_SGR = "1;31"


def paint(text: str, sgr: str = MATCH_SGR) -> str:
    """``text`` between the escape codes that style it (for plain writers whose output is coloured)."""
    return f"\x1b[{sgr}m{text}\x1b[0m" if text else text


def make_console(stderr: bool = False, width: int | None = None) -> Console:
    """A rich Console on stdout (or stderr); honours ``COLUMNS``, ``--color``, FORCE_COLOR and NO_COLOR."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    columns = os.environ.get("COLUMNS")
    if width is None and columns and columns.isdigit():
        width = int(columns)
    if width is None and not stderr:
        width = STATE.paged_width
    system: Literal["auto"] | None = "auto"
    if stderr:  # talk (a progress bar): as rich sees the terminal, whatever --color says of the data
        force, colourless = None, _env_set("NO_COLOR")
    else:
        forced = STATE.paged_width is not None or (use_color(stream) and not stream_is_tty(stream))
        force = True if forced else None  # else rich asks the stream itself
        system = "auto" if use_style(stream) else None
        colourless = not use_color(stream)
    console = Console(
        stderr=stderr,
        width=width,
        force_terminal=force,
        color_system=system,
        no_color=colourless,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    # rich's own handler exits 1 (grep's "no match"); let the CLI end quietly with 0 instead.
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


def _broken_pipe() -> None:
    raise BrokenPipeError("the reader of the output went away")


def write_encoded(chunks: Iterable[bytes], out: TextIO, encoding: str = "utf-8", errors: str = "strict") -> None:
    """Write encoded text (``pipeline.rendered``'s) to a text stream: to its buffer when it has one
    (and no newline translation), else decoded."""
    buffer = getattr(out, "buffer", None)
    if buffer is None or os.linesep != "\n":
        for chunk in chunks:
            out.write(chunk.decode(encoding, errors))
        return
    out.flush()
    write = buffer.write
    for chunk in chunks:
        write(chunk)
