"""Text reuse across articles: quotes, citations, translations, similar articles, versions.

Everything here matches on ``normalize`` (the package's one normalisation rule) and takes
``Article`` records; the results are frozen dataclasses with ``as_dict()``. The heavy parts
(numpy, rapidfuzz, datasketch: the ``reuse`` extra) are imported by the modules that need them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingExtraError


def missing_extra(module: str) -> MissingExtraError:
    """The error for a ``reuse`` dependency that is not installed."""
    return MissingExtraError(f"text reuse needs {module}: pip install 'isocorpus[reuse]'")


def require(module: str) -> ModuleType:
    """Import ``module`` (numpy, rapidfuzz, datasketch), or raise ``MissingExtraError``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing_extra(module.split(".")[0]) from exc
