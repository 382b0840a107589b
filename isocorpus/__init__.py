"""isocorpus: feed-reader dumps → typed Article records, and the tools researchers run on them.

    >>> import isocorpus
    >>> for article in isocorpus.iter_articles():   # the bundled corpus
    ...     print(article.seq, article.date, article.byline)

Importing this package loads neither typer nor rich: the command line lives in
``isocorpus.cli`` and imports them itself.
"""

from .errors import Diagnostic, InputWarning, IsocorpusError
from .model import Article, Block, BlockKind, Feed, Footer
from .parse import iter_articles, parse_entry
from .sources import bundled_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .ranges import parse_bytes

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "BlockKind",
    "Diagnostic",
    "Feed",
    "Footer",
    "InputWarning",
    "IsocorpusError",
    "__version__",
    "bundled_path",
    "iter_articles",
    "parse_bytes",
    "parse_entry",
]


def __getattr__(name: str) -> object:
    # parse_bytes loads the byte-range reader (and gzip) only when asked for: the commands
    # do not need it, and start-up is measured.
    if name == "parse_bytes":
        from .ranges import parse_bytes

        return parse_bytes
    raise AttributeError(f"module 'isocorpus' has no attribute {name!r}")
