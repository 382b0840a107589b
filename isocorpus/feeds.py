"""The name of the feed a dump holds: a dump never says it (its page footers name the *next*
feed), so it is what the user gives (``--feed-name``) or, when asked, the input's file name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Generic, TypeVar

from .errors import UsageError
from .model import Article

R = TypeVar("R")

#: Endings taken off a file name to make a feed name of it, in this order.
_ENDINGS = (".gz", ".txt")


def feed_name_of(source: str) -> str | None:
    """``dumps/jacobin-2019.txt.gz`` → ``jacobin-2019``; None for stdin (``-``)."""
    if source == "-":
        return None
    name = PurePath(source).name
    for ending in _ENDINGS:
        if name.lower().endswith(ending) and len(name) > len(ending):
            name = name[: -len(ending)]
    return name or None


@dataclass(frozen=True, slots=True)
class FeedNamer:
    """Sets ``Article.feed``: to ``name``, or (with ``from_file``) to the name of the article's input."""

    name: str | None = None
    """The name for every article."""
    from_file: bool = False
    """Take each article's name from its input's file name (``feed_name_of``) instead."""

    def __call__(self, article: Article) -> Article:
        name = feed_name_of(article.source) if self.from_file else self.name
        return replace(article, feed=name)


@dataclass(frozen=True, slots=True)
class Named(Generic[R]):
    """``render(namer(article))``: a render function for worker processes (it pickles)."""

    namer: FeedNamer
    render: Callable[[Article], R]

    def __call__(self, article: Article) -> R:
        return self.render(self.namer(article))


def make_namer(name: str | None, from_file: bool) -> FeedNamer | None:
    """What ``feed_name`` and ``feed_name_from_file`` ask for (None: neither); both is a ``UsageError``."""
    if name is not None and from_file:
        raise UsageError(
            "{feed_name} and {feed_name_from_file}: give one", option="feed_name", mentions=("feed_name_from_file",)
        )
    return FeedNamer(name, from_file) if name is not None or from_file else None
