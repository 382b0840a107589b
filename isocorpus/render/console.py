"""Output streams: is it a terminal, rich consoles built on demand (never at import time, so
tests can pin width and colour), and writing text already encoded."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def is_terminal(stream: IO[Any] | None = None) -> bool:
    """Whether ``stream`` (stdout by default) is an interactive terminal."""
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_console(stderr: bool = False, width: int | None = None) -> Console:
    """A rich Console on stdout (or stderr); honours ``COLUMNS`` and ``NO_COLOR``."""
    from rich.console import Console

    columns = os.environ.get("COLUMNS")
    if width is None and columns and columns.isdigit():
        width = int(columns)
    console = Console(
        stderr=stderr,
        width=width,
        no_color="NO_COLOR" in os.environ,
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
