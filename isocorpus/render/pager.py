"""Paging long output on a terminal, the way git does.

``start_pager()`` runs ``$ISOCORPUS_PAGER``, else ``$PAGER``, else ``less -FRX`` (quit if one
screen, keep colours, leave the screen as it is), with ``LESS=FRX`` when ``LESS`` is unset, and
points file descriptor 1 at it; ``stop_pager()`` closes that pipe and waits for the pager to
end. An empty command or ``cat`` means no pager, as in git. While paging, stdout still counts
as a terminal of the width it pages to (``console.STATE``), so the styled page survives the pager.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .console import STATE, is_terminal

if TYPE_CHECKING:
    import subprocess  # imported when a pager starts (start-up)

#: The pager when neither ``$ISOCORPUS_PAGER`` nor ``$PAGER`` names one.
DEFAULT_PAGER = "less -FRX"


def pager_command() -> str | None:
    """The pager to run, or None for none (an empty command, ``cat``, or a program not installed)."""
    for name in ("ISOCORPUS_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            break
    else:
        command = DEFAULT_PAGER
    if not command or command == "cat":
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


@dataclass(slots=True)
class _Paging:
    process: subprocess.Popen[bytes]
    saved_stdout: int


_active: list[_Paging] = []


def start_pager() -> bool:
    """Send stdout to a pager when stdout is a terminal and a pager is set; whether it did."""
    if _active or not _real_terminal():
        return False
    command = pager_command()
    if command is None:
        return False
    width = shutil.get_terminal_size().columns
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        import subprocess

        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    saved = os.dup(1)
    os.dup2(process.stdin.fileno(), 1)
    process.stdin.close()  # fd 1 is now the only writer: the pager sees the end when it closes
    _active.append(_Paging(process, saved))
    STATE.paged_width = width
    return True


def stop_pager() -> None:
    """Let the pager show the end of the output, and wait for the user to quit it."""
    if not _active:
        return
    paging = _active.pop()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):  # the user quit the pager early: what is left is not wanted
        _discard_stdout()
    finally:
        STATE.paged_width = None
        os.dup2(paging.saved_stdout, 1)  # closes the pipe's last writer
        os.close(paging.saved_stdout)
    try:
        paging.process.wait()
    except KeyboardInterrupt:  # the pager takes Ctrl-C itself; keep waiting for it
        paging.process.wait()


def _discard_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        pass
    finally:
        os.close(devnull)


def _real_terminal() -> bool:
    try:
        return is_terminal(sys.stdout) and sys.stdout.fileno() == 1 and os.isatty(1)
    except (AttributeError, ValueError, OSError):
        return False
