"""Input warnings on stderr: one line each, the same warning shown ``SHOWN`` times and then
summed up at the end (``… and 494 more like this``), all of them with ``--verbose``.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import Diagnostic
from .status import say

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
        kind = kind_of(diagnostic)
        self.seen[kind] += 1
        self.first.setdefault(kind, diagnostic)
        if self.verbose or self.seen[kind] <= SHOWN:
            say("note" if diagnostic.note else "warning", str(diagnostic))

    def summarise(self) -> None:
        """Say how many of each kind were not shown; then start afresh."""
        for kind, n in self.seen.items():
            if n > SHOWN and not self.verbose:
                first = self.first[kind]
                more = n - SHOWN
                say(
                    "note" if first.note else "warning",
                    f"… and {more} more like this ({first.message}); --verbose shows all",
                )
        self.seen.clear()
        self.first.clear()
        self.verbose = False  # the next command (tests run many in one process) sets it again


#: The one log of the process.
LOG = WarningLog()
