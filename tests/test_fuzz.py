"""A byte-level fuzz harness for the reader and the parser: no exception but the tool's own.

Hypothesis builds inputs from raw bytes and from pieces that mean something to the reader (entry
markers, timestamps, page footers, byte-order marks, gzip, UTF-16, the first bytes of HTML, PDF
and Word files, NULs, lone surrogates' bytes, long lines), writes them to a file, and reads it
as ``isocorpus.iter_articles`` and ``grep``'s counting do. Anything raised must be an
``IsocorpusError``. In the test suite it runs a few hundred examples; for a long run (the
README's Development section)::

    ISOCORPUS_FUZZ_EXAMPLES=200000 python -m pytest tests/test_fuzz.py -n 0 -p no:cacheprovider -q
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import isocorpus
from isocorpus.errors import IsocorpusError
from isocorpus.search import compile_query
from isocorpus.search.grep import count_hits

EXAMPLES = int(os.environ.get("ISOCORPUS_FUZZ_EXAMPLES", "150"))

PIECES = [
    b"[*] [+] [-] [x] [A+] [a-]",
    b"[*] [+] [-] [x] [A+] [a-]  \n",
    b"\n[l] at 4/18/19 11:00pm\n",
    b"[l] at 13/45/19 9:99pm",
    b"[l] at ",
    b"From the ISO\n\n",
    b"Maryam A und Nikki W\n",
    b"\n\n\nHeading\n\n",
    b"Signed by: A, B, and C\n",
    b"Notes\n1. One.\n2. Two.\n",
    b"As of 10/20/19 11:10pm\nLast new 4/19/19 7:56am\nNext feed in category: Pro Publica\n",
    b"Next feed in category:",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x1f\x8b\x08\x00",
    b"<!DOCTYPE html>",
    b"<html>",
    b"%PDF-1.4",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x00",
    b"\r\n",
    b"\r",
    b"\n",
    b"\xed\xa0\x80",  # a surrogate's UTF-8 bytes
    b"\xe2\x80\xae",  # right-to-left override
    b"\x1b[2J",
    b"caf\xe9 ",  # cp1252
    "votación “quoted” — ".encode(),
    b"x" * 5000,
    b" " * 300,
]

pieces = st.sampled_from(PIECES)
raw = st.binary(max_size=64)
documents = st.lists(st.one_of(pieces, pieces, raw), max_size=40).map(b"".join)


def _wrap(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data)
    if how == "cut-gzip":
        packed = gzip.compress(data)
        return packed[: max(2, len(packed) // 2)]
    if how == "utf-16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if how == "utf-16-le":
        return data.decode("utf-8", "replace").encode("utf-16-le")
    return data


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@FUZZ
@given(documents, st.sampled_from(["plain", "plain", "gzip", "cut-gzip", "utf-16", "utf-16-le"]))
def test_reading_and_parsing_raise_only_the_tools_own_errors(data: bytes, how: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump"
        path.write_bytes(_wrap(data, how))
        try:
            for article in isocorpus.iter_articles(str(path), on_warning=lambda d: None):
                article.as_dict()
        except IsocorpusError:
            pass
        try:
            count_hits(path, compile_query("the"), on_warning=lambda d: None)
        except IsocorpusError:
            pass
