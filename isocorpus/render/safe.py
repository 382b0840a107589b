"""Untrusted corpus text made safe for a terminal: control characters shown as visible escapes.

Every renderer passes corpus text through ``visible()`` before it reaches a terminal, and
hands rich ``Text`` objects (never markup strings) to rich, so ``[bold]`` prints literally.
Escape sequences (``ESC ] 0;… BEL``, ``ESC [2J``) become ``\\x1b]0;…\\x07``: seen, not obeyed.
"""

from __future__ import annotations

import re
from typing import TextIO, cast

# C0 and C1 controls except tab and newline, DEL, and the bidi overrides that reorder a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible ``\\xNN`` escape."""
    return _CONTROL.sub(_escape, text)


class VisibleWriter:
    """A text stream that passes everything written through ``visible()`` (for a terminal).

    ``\\r\\n`` row ends (as the csv module writes them) are written as ``\\n``.
    """

    __slots__ = ("stream",)

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text.replace("\r\n", "\n")))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def terminal_safe(stream: TextIO) -> TextIO:
    """``stream`` itself when it is a pipe or a file; a ``VisibleWriter`` over it on a terminal."""
    from .console import is_terminal

    return cast(TextIO, VisibleWriter(stream)) if is_terminal(stream) else stream
