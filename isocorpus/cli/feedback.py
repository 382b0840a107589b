"""What a command says on stderr while it runs: warnings, one line each, and a progress bar.

``reading(quiet)`` gives the hooks every command hands the pipeline (``pipeline.Hooks``): its
warnings printed by ``report``, its progress drawn by a bar (on a terminal, unless quiet) that
goes away when reading ends. How a run ends (errors, exit statuses) is ``status``'s.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Diagnostic
from ..pipeline import Hooks
from .status import say


def report(diagnostic: Diagnostic) -> None:
    """Print an input warning on stderr: the CLI's ``on_warning``. The same warning past the fifth
    time is only counted (``diagnostics.LOG``, summed up when the command ends) unless --verbose."""
    from .diagnostics import LOG

    LOG.report(diagnostic)


def copies(copied: int, total: int) -> None:
    """Say once that some articles were copies of others: the CLI's ``on_copies``."""
    say("note", f"{copied} of {total} articles are copies of others; --unique counts each once")


def reading(quiet: bool = False, on_warning: Callable[[Diagnostic], None] = report) -> Hooks:
    """The pipeline's hooks for a command: warnings to ``on_warning``, progress to a bar unless
    ``quiet``, a note when articles repeat."""
    from ..render.progress import progress_bar

    bar = progress_bar(quiet)
    if bar is None:
        return Hooks(on_warning=on_warning, on_copies=copies)
    return Hooks(on_warning=on_warning, on_progress=bar, on_done=bar.close, on_copies=copies)
