"""Scratch files: where a command spills counts it cannot hold in memory (``ngrams``, ``words``' parts).

Not outputs (those go through ``export.atomic``, renamed into place): a scratch file has no
name a user sees and is gone when closed, however the command ends. Here so that a stage that
only takes Articles (``analysis``) never reaches into ``export``.
"""

from __future__ import annotations

import tempfile
from typing import IO


def spill_file(prefix: str) -> IO[bytes]:
    """A temporary file for a command's scratch data (counts spilled to disk), gone when closed."""
    return tempfile.TemporaryFile(prefix=prefix)
