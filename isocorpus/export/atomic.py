"""Output files written atomically: a temporary file beside the target, renamed into place only
when it is complete, and removed whatever ends the write early (an error, Ctrl-C, a closed pipe).

An existing target is never replaced unless ``force`` is given: without it, the finished file is
put in place with ``os.link``, which fails rather than overwrite a file that appeared meanwhile.

A target that is not a file (``/dev/null``, ``/dev/stdout``, a FIFO, ``>(gzip > out.gz)``) is
written in place, as the shell's ``>`` would: renaming over it would put a file where the device
was. A symbolic link is followed: the file it points to is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..errors import OutputError

#: Why an existing target is left alone (``{force}``: the parameter that would replace it).
_EXISTS = "file exists (use {force} to replace it)"
#: Files SQLite may leave beside a database (its temporary file included).
_SIDE_SUFFIXES = ("", "-journal", "-wal", "-shm")


def is_special(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a directory (a device, a FIFO)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_target(path: str | os.PathLike[str], force: bool = False) -> Path:
    """The target as a Path, or ``OutputError`` when it cannot (or must not) be written.

    A symbolic link gives the path it points to; a device or a FIFO is returned as it is.
    """
    target = Path(path)
    name = os.fspath(path)
    if is_special(target):
        return target
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise OutputError("is a directory", name)
    if target.exists() and not force:
        raise OutputError(_EXISTS, name, mentions=("force",))
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"no such directory: {os.fspath(parent)}", name)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {os.fspath(parent)}: permission denied", name)
    return target


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], force: bool = False, special: bool = True) -> Iterator[Path]:
    """A temporary path to write; on a clean exit it becomes ``path``, otherwise it is removed.

    Raises ``OutputError`` before anything is written when ``path`` exists (and ``force`` is
    false), is a directory, or sits in a directory that is missing or not writable. A device or
    a FIFO is yielded itself, to be written in place (or refused, unless ``special``).
    """
    target = check_target(path, force)
    name = os.fspath(path)
    if is_special(target):
        if not special:
            raise OutputError("not a regular file", name)
        yield target
        return
    tmp_name = ""
    try:
        with _signals_held():  # an interrupt comes once the temporary file is known, so it is removed
            try:
                fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            except OSError as exc:
                raise OutputError(exc.strerror or str(exc), name) from None
            os.close(fd)
        tmp = Path(tmp_name)
        try:
            yield tmp
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a quota: the temporary file goes, the error is one line
            reason = exc.strerror or str(exc)
            raise OutputError(reason[:1].lower() + reason[1:], name) from None
        _sync(tmp)
        _set_default_mode(tmp)
        _put_in_place(tmp, target, force, name)
    finally:
        if tmp_name:
            with _signals_held():  # a second Ctrl-C must not stop the clean-up half way
                for suffix in _SIDE_SUFFIXES:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{tmp_name}{suffix}")


#: Signals held back while a temporary file is made or removed.
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM, SIGHUP) for the few system calls inside: one that arrives
    meanwhile is handled, as it would have been, right after.

    The handlers are swapped, not the signal mask: the operating system may deliver a signal to
    any thread (a progress bar's, a process pool's), but Python runs handlers in the main one.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous: dict[int, Any] = {}
    for signum in _HELD:
        handler = signal.getsignal(signum)
        if handler is None:  # installed by C code: leave it alone
            continue
        previous[signum] = handler
        signal.signal(signum, lambda n, frame: caught.append(n))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in caught:
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)  # Ctrl-C: KeyboardInterrupt, now
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), signum)  # end as the signal would have ended it


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], force: bool = False, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file that becomes ``path`` when the block ends cleanly (see ``atomic_path``)."""
    with atomic_path(path, force) as tmp, open(tmp, "w", encoding="utf-8", newline=newline) as out:
        yield out


def write_text(path: str | os.PathLike[str], text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically, UTF-8 with ``\\n`` line ends (see ``atomic_path``)."""
    with atomic_open(path, force, newline="\n") as out:
        out.write(text)


def _sync(tmp: Path) -> None:
    """Flush the finished file to disk, so a crash after the rename cannot leave it empty."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some filesystems (pipes, some network mounts) cannot sync: not fatal
        pass
    finally:
        os.close(fd)


def _set_default_mode(tmp: Path) -> None:
    """mkstemp makes 0600 files; give the output the mode a plain ``open`` would have."""
    umask = os.umask(0o022)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~umask)


def _put_in_place(tmp: Path, target: Path, force: bool, name: str) -> None:
    try:
        if force:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)  # fails if the target appeared while we were writing
        except FileExistsError:
            raise OutputError(_EXISTS, name, mentions=("force",)) from None
        except OSError:  # a filesystem without hard links: check, then rename
            if target.exists():
                raise OutputError(_EXISTS, name, mentions=("force",)) from None
            os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc), name) from None
