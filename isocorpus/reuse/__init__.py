"""Text reuse across articles: quotes, citations, translations, similar articles, versions.

Everything here matches on ``normalize`` (the package's one normalisation rule) and takes
``Article`` records; the results are frozen dataclasses with ``as_dict()``. The heavy parts
(numpy, rapidfuzz, datasketch: the ``reuse`` extra) are imported by the modules that need them.
"""
