"""The command modules: each registers its command on ``app`` when it is imported.

A new command is a module ``<name>_cmd.py`` added to ``MODULES``. They are imported on
demand (start-up): ``main`` imports only the module of the command on its command line;
anything that looks at the app's commands otherwise (``--help``, a typo, tests) gets all.
"""

from __future__ import annotations

import importlib

#: Every command module, by the command it defines: ``<name>_cmd``.
MODULES = (
    "export_cmd",
    "grep_cmd",
    "list_cmd",
    "show_cmd",
    "stats_cmd",
    "timeline_cmd",
    "quotes_cmd",
    "pairs_cmd",
    "similar_cmd",
    "citations_cmd",
    "versions_cmd",
    # corpus statistics (issue 12)
    "words_cmd",
    "ngrams_cmd",
    "collocates_cmd",
    "keyness_cmd",
    "plot_cmd",
)


def load(command: str | None = None) -> None:
    """Import the module of ``command`` if one defines it, else every command module."""
    wanted = f"{command}_cmd"
    for module in (wanted,) if wanted in MODULES else MODULES:
        importlib.import_module(f"{__package__}.{module}")
