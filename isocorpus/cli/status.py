"""How a run ends: the exit statuses, and the one place where an error becomes one line and a status.

``handle(exc)`` is that place: ``IsocorpusGroup.invoke`` (a command failing) and ``main`` (the
rest: usage errors, the last flush of stdout) both hand it what they caught. Core errors carry
data (``option="since"``); here, and only here, a parameter is spelled as the flag a user types
(``--since``). What a command says while it runs (warnings, progress) is ``feedback``'s.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from enum import IntEnum
from types import FrameType

from ..errors import IsocorpusError


class ExitStatus(IntEnum):
    """What the exit status of ``isocorpus`` says."""

    OK = 0
    """Done (grep: something matched)."""
    NO_MATCH = 1
    """grep: nothing matched."""
    ERROR = 2
    """An error: bad arguments, an input that cannot be read, an output that cannot be written."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT)."""


#: A signal that ends a run gives 128 + its number, as a shell reports it.
SIGNALLED = 128


def flag(name: str) -> str:
    """The command-line flag of a parameter the core names: ``since`` → ``--since``."""
    return "--" + name.replace("_", "-")


def say(kind: str, text: str) -> None:
    """Print ``isocorpus: KIND: TEXT`` on stderr, one line (control characters made visible)."""
    from ..render.safe import visible

    print(f"isocorpus: {kind}: {visible(text)}", file=sys.stderr, flush=True)


def handle(exc: BaseException) -> int | None:
    """Report ``exc`` (one line on stderr, or nothing) and return its exit status; None if it is no
    error of ours to report (a bug: let it show)."""
    import typer

    if isinstance(exc, IsocorpusError):
        say("error", exc.describe(flag))
        return ExitStatus.ERROR
    if isinstance(exc, (KeyboardInterrupt, typer.Abort)):
        print("isocorpus: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        # The reader went away (``isocorpus list | head -1``): stop quietly, with 0 (click's own
        # handler would give 1, grep's "no match").
        quiet_pipe()
        return ExitStatus.OK
    if isinstance(exc, OSError):
        # Inputs and -o files name themselves (InputError, OutputError): what is left is stdout
        # failing (a full disk, a device that takes nothing).
        output_failed(exc)
        return ExitStatus.ERROR
    if isinstance(exc, typer.Exit):
        return int(exc.exit_code)
    format_message = getattr(exc, "format_message", None)
    if callable(format_message):  # click's usage errors (a typo, a bad value): one line, as ours
        say("error", usage_message(str(format_message()), getattr(exc, "ctx", None)))
        return int(getattr(exc, "exit_code", ExitStatus.ERROR))
    return None


#: click's "Invalid value for '--in' / '-i': " and pydantic's "Value error, ": said as "--in: ".
_INVALID = re.compile(r"^Invalid value for '([^']+)'(?: / '[^']+')*: (?:Value error, )?")


def usage_message(message: str, ctx: object = None) -> str:
    """A usage error of click's as one line in our style: ``--in: 'xx' is not one of …`` and where help is."""
    text = message.strip()
    flag_at = _INVALID.match(text)
    head = f"{flag_at[1]}: " if flag_at else ""
    text = text[flag_at.end() :] if flag_at else text
    if text[:2] != text[:2].upper():  # "Input should …", not "PATTERN …"
        text = text[:1].lower() + text[1:]
    text = head + text
    path = getattr(ctx, "command_path", None) or "isocorpus"
    return f"{text} (see {path} --help)"


def output_failed(exc: OSError) -> None:
    """Report stdout (or the file an OSError names) failing, and drop what stdout still holds."""
    reason = exc.strerror or str(exc)
    where = exc.filename if isinstance(exc.filename, str) else "stdout"
    say("error", f"{where}: {reason[:1].lower()}{reason[1:]}")
    quiet_pipe()  # what stdout still holds is dropped, or Python's last flush fails again


def quiet_pipe() -> None:
    """Point stdout at /dev/null, so Python's flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@contextlib.contextmanager
def signals_end_cleanly() -> Iterator[None]:
    """While a file is written, SIGTERM and SIGHUP unwind (removing the temporary file) and
    exit ``SIGNALLED`` + the signal number, instead of killing the process on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(SIGNALLED + signum)

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, leave) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
