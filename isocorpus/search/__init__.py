"""Finding what a researcher means inside articles, in named stages.

- ``query``: compile a pattern (smart case, typographic and accent folding, fuzzy, time limit)
  and tell the literals every match must contain.
- ``prefilter``: byte engines (Hyperscan, RE2, ``bytes.find``) that find candidate lines.
- ``lazy``: an entry of raw bytes classified in place, line by line, with ``blocks``' rules.
- ``hits``: ``Hit``, matching a parsed article, the blocks around a hit.
- ``count``: ``grep -c`` on raw bytes, in parallel ranges for a large file.
- ``grep``: the orchestration (``iter_hits``, ``count_hits``).

The query and matching names are re-exported here (``from isocorpus.search import
compile_query``); the pipeline's are imported from ``isocorpus.search.grep`` (they load the
parser, which a command that only compiles a pattern does not need).
"""

from .hits import Hit, context_blocks, count_matches, search_article, searched_blocks
from .query import (
    BYLINE,
    DEFAULT_KINDS,
    DEFAULT_TIMEOUT,
    CaseMode,
    Query,
    SearchIn,
    compile_query,
    fold_fixed,
    fold_pattern,
    required_literals,
    resolve_kinds,
)

__all__ = [
    "BYLINE",
    "DEFAULT_KINDS",
    "DEFAULT_TIMEOUT",
    "CaseMode",
    "Hit",
    "Query",
    "SearchIn",
    "compile_query",
    "context_blocks",
    "count_matches",
    "fold_fixed",
    "fold_pattern",
    "required_literals",
    "resolve_kinds",
    "search_article",
    "searched_blocks",
]
