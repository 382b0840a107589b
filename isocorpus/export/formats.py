"""Which format an export is in: ``--format``, or the output file's extension (``.gz`` on top)."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import PurePath

from ..errors import UsageError


class ExportFormat(str, Enum):
    """What ``export`` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"
    parquet = "parquet"


#: Output file extensions (lowercased) and the format each means.
EXTENSIONS: dict[str, ExportFormat] = {
    ".json": ExportFormat.json,
    ".jsonl": ExportFormat.jsonl,
    ".ndjson": ExportFormat.jsonl,
    ".csv": ExportFormat.csv,
    ".db": ExportFormat.sqlite,
    ".sqlite": ExportFormat.sqlite,
    ".sqlite3": ExportFormat.sqlite,
    ".parquet": ExportFormat.parquet,
}
#: Formats that are files of their own kind: they are not gzipped (parquet compresses itself).
BINARY = frozenset({ExportFormat.sqlite, ExportFormat.parquet})


def split_gzip(path: str | os.PathLike[str]) -> tuple[PurePath, bool]:
    """``out.csv.gz`` → (``out.csv``, True); ``out.csv`` → (``out.csv``, False)."""
    p = PurePath(path)
    if p.suffix.lower() == ".gz":
        return p.with_suffix(""), True
    return p, False


def choose_format(fmt: ExportFormat | None, output: str | None) -> tuple[ExportFormat, bool]:
    """The format to write, and whether to gzip it: ``--format`` wins, then ``-o``'s extension,
    then JSON Lines. ``.gz`` on a file of a binary format is a ``UsageError``.
    """
    gz = False
    if output is not None and output != "-":
        inner, gz = split_gzip(output)
        if fmt is None:
            fmt = EXTENSIONS.get(inner.suffix.lower())
    fmt = fmt or ExportFormat.jsonl
    if gz and fmt in BINARY:
        raise UsageError(f"-o {output}: a {fmt.value} file is not gzipped (drop .gz)")
    return fmt, gz
