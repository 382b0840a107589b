"""Input warnings on stderr: one line each, the same warning shown ``SHOWN`` times and then
summed up at the end (``… and 494 more like this``), all of them with ``--verbose``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from ..errors import Diagnostic

#: How many warnings alike are shown before the rest are only counted.
SHOWN = 5
#: Numbers (line numbers, sizes) do not make warnings different.
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")


def kind_of(diagnostic: Diagnostic) -> str:
    """What makes warnings alike: their message, numbers aside (the input and the line do not count)."""
    return _NUMBERS.sub("#", diagnostic.message)


class WarningLog:
    """Prints warnings to stderr, at most ``SHOWN`` of each kind unless ``verbose``."""

    def __init__(self) -> None:
        self.verbose = False
        self.seen: Counter[str] = Counter()
        self.first: dict[str, Diagnostic] = {}

    def report(self, diagnostic: Diagnostic) -> None:
        """Print one warning (or note), or count it when enough like it were shown."""
        from ..render.safe import visible

        kind = kind_of(diagnostic)
        self.seen[kind] += 1
        self.first.setdefault(kind, diagnostic)
        if self.verbose or self.seen[kind] <= SHOWN:
            level = "note" if diagnostic.note else "warning"
            print(f"isocorpus: {level}: {visible(str(diagnostic))}", file=sys.stderr, flush=True)

    def summarise(self) -> None:
        """Say how many of each kind were not shown; then start afresh."""
        from ..render.safe import visible

        for kind, n in self.seen.items():
            if n > SHOWN and not self.verbose:
                first = self.first[kind]
                level = "note" if first.note else "warning"
                more = n - SHOWN
                print(
                    f"isocorpus: {level}: … and {more} more like this ({visible(first.message)}); --verbose shows all",
                    file=sys.stderr,
                    flush=True,
                )
        self.seen.clear()
        self.first.clear()


def note(message: str) -> None:
    """A remark about the whole run on stderr: ``isocorpus: note: …``."""
    from ..render.safe import visible

    print(f"isocorpus: note: {visible(message)}", file=sys.stderr, flush=True)


#: The one log of the process.
LOG = WarningLog()
