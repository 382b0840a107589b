"""Output files written atomically: a temporary file beside the target, renamed into place only
when it is complete, and removed whatever ends the write early (an error, Ctrl-C, a closed pipe).

An existing target is never replaced unless ``force`` is given: without it, the finished file is
put in place with ``os.link``, which fails rather than overwrite a file that appeared meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..errors import OutputError

#: Files SQLite may leave beside a database (its temporary file included).
_SIDE_SUFFIXES = ("", "-journal", "-wal", "-shm")


def check_target(path: str | os.PathLike[str], force: bool = False) -> Path:
    """The target as a Path, or ``OutputError`` when it cannot (or must not) be written."""
    target = Path(path)
    name = os.fspath(path)
    if target.is_dir():
        raise OutputError("is a directory", name)
    if target.exists() and not force:
        raise OutputError("file exists (use --force to replace it)", name)
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"no such directory: {os.fspath(parent)}", name)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {os.fspath(parent)}: permission denied", name)
    return target


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], force: bool = False) -> Iterator[Path]:
    """A temporary path to write; on a clean exit it becomes ``path``, otherwise it is removed.

    Raises ``OutputError`` before anything is written when ``path`` exists (and ``force`` is
    false), is a directory, or sits in a directory that is missing or not writable.
    """
    target = check_target(path, force)
    name = os.fspath(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc), name) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _sync(tmp)
        _set_default_mode(tmp)
        _put_in_place(tmp, target, force, name)
    finally:
        for suffix in _SIDE_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{tmp_name}{suffix}")


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], force: bool = False, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file that becomes ``path`` when the block ends cleanly (see ``atomic_path``)."""
    with atomic_path(path, force) as tmp, open(tmp, "w", encoding="utf-8", newline=newline) as out:
        yield out


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
            raise OutputError("file exists (use --force to replace it)", name) from None
        except OSError:  # a filesystem without hard links: check, then rename
            if target.exists():
                raise OutputError("file exists (use --force to replace it)", name) from None
            os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc), name) from None
