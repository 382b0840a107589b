"""A progress bar on stderr for long runs: bytes read of the inputs' total (or just bytes, for stdin).

The core reports bytes (``iter_articles(..., on_progress=bar)`` calls ``bar(done, total)``); this
draws them. Nothing is drawn until a run has lasted ``DELAY`` seconds, so quick commands never
flash a bar; the bar is transient (gone when the run ends), and ``progress_bar`` makes one only when
stderr is a terminal and the user did not ask for quiet.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from .console import is_terminal, make_console

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

#: Seconds a run lasts before the bar appears.
DELAY = 1.0


class ProgressBar:
    """Call it with ``(done, total)`` bytes; ``close()`` removes the bar (safe to call twice)."""

    def __init__(self, delay: float = DELAY) -> None:
        self.delay = delay
        self.started = time.monotonic()
        self.closed = False
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._inflated = 0

    def __call__(self, done: int, total: int | None) -> None:
        if self.closed:
            return
        if self._progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self._start(total)
        assert self._progress is not None and self._task is not None
        self._progress.update(self._task, completed=done, total=total, inflated=self._inflated_text())

    def inflated(self, n: int) -> None:
        """Told the bytes gzip inputs inflated to so far: shown beside the bytes read (a gzip bomb
        shows what it costs)."""
        self._inflated = n

    def _inflated_text(self) -> str:
        if not self._inflated:
            return ""
        from rich.filesize import decimal

        return f"→ {decimal(self._inflated)} inflated"

    def _start(self, total: int | None) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        columns = [BarColumn(), DownloadColumn(), TextColumn("{task.fields[inflated]}"), TransferSpeedColumn()]
        if total is not None:
            columns.append(TimeRemainingColumn())
        self._progress = Progress(
            *columns,
            console=make_console(stderr=True),
            transient=True,
            # Lines written meanwhile go above the bar. stdout is taken along only when it is the
            # terminal too: piped, it is data and must not pass through the stderr console.
            redirect_stdout=is_terminal(sys.stdout),
            redirect_stderr=True,
        )
        self._task = self._progress.add_task("reading", total=total, inflated=self._inflated_text())
        self._progress.start()

    def close(self) -> None:
        """Remove the bar; later calls draw nothing."""
        self.closed = True
        progress, self._progress = self._progress, None
        if progress is not None:
            progress.stop()


_open_bars: list[ProgressBar] = []


def progress_bar(quiet: bool = False) -> ProgressBar | None:
    """A progress bar for ``on_progress`` when stderr is a terminal (and not ``quiet``), else None.

    ``close_progress_bars`` (called once the command has ended, however it ended) removes it.
    """
    if quiet or not is_terminal(sys.stderr):
        return None
    bar = ProgressBar()
    _open_bars.append(bar)
    return bar


def close_progress_bars() -> None:
    """Remove every progress bar still drawn (before an error or an interrupt is reported)."""
    while _open_bars:
        _open_bars.pop().close()
