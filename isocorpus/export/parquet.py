"""Articles → Parquet (needs pyarrow: ``pip install 'isocorpus[parquet]'``).

Two files. ``articles``: one row per article with flat columns (``SCHEMA``) and the blocks as
``list<struct<kind, text, line>>``; ``blocks``: one row per block (``BLOCKS_SCHEMA``), for
engines that dislike nested columns, joined to its article on ``(source, offset)`` (or ``seq``
within one export). Written as the articles stream in, a row group at a time: at most
``ROW_GROUP_ARTICLES`` articles and about ``ROW_GROUP_BYTES`` of text, so that memory stays
flat and no string column of a batch nears the 2 GiB that 32-bit offsets can address. zstd.

``article_row`` turns an Article into a plain tuple (cheap to send from a worker process);
``record_batches`` turns rows into the two tables' record batches; ``ParquetSink`` writes them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import OutputError
from ..model import APPARATUS_KINDS, COUNTED_KINDS, Article, BlockKind
from .atomic import atomic_path

#: Articles in a row group, at most.
ROW_GROUP_ARTICLES = 10_000
#: Characters of text (text, apparatus and blocks together) in a row group, about: 32 MiB keeps
#: the peak near 360 MB on the x1000 and x4000 corpora alike (128 MiB: 900 MB).
ROW_GROUP_BYTES = 32 << 20
#: The compression codec.
COMPRESSION = "zstd"

#: Block kinds, in the order of the dictionary the ``kind`` columns use.
KINDS = tuple(kind.value for kind in BlockKind)
_KIND_INDEX = {kind: i for i, kind in enumerate(BlockKind)}
_KIND_TYPE = pa.dictionary(pa.int8(), pa.string())
_LANGUAGE_TYPE = pa.dictionary(pa.int8(), pa.string())
_STRINGS = pa.list_(pa.string())
_TIMESTAMP = pa.timestamp("ms")  # naive: the reader's local time, as ``published`` is

#: A block in the articles table. Its kind is a plain string: a dictionary nested in a list
#: cannot be read back in batches that span row groups ("Nested data conversions not
#: implemented for chunked array outputs", apache/arrow#21526); Parquet dictionary-encodes it anyway.
BLOCK_TYPE = pa.struct([("kind", pa.string()), ("text", pa.string()), ("line", pa.int32())])

#: One row per article.
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("seq", pa.int64()),
        ("source", pa.string()),
        ("offset", pa.int64()),
        ("line", pa.int32()),
        ("page", pa.int32()),
        ("published", _TIMESTAMP),
        ("date", pa.date32()),
        ("byline", pa.string()),
        ("authors", _STRINGS),
        ("language", _LANGUAGE_TYPE),
        ("lede", pa.string()),
        ("text", pa.string()),
        ("apparatus", pa.string()),
        ("word_count", pa.int32()),
        ("signatories", _STRINGS),
        ("feed", pa.string()),
        ("footer_as_of", _TIMESTAMP),
        ("footer_last_new", _TIMESTAMP),
        ("next_feed", pa.string()),
        ("footer_line", pa.int32()),
        ("warnings", _STRINGS),
        ("blocks", pa.list_(BLOCK_TYPE)),
    ]
)

#: One row per block: its article's keys, its position in the article, and the block.
BLOCKS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("seq", pa.int64()),
        ("source", pa.string()),
        ("offset", pa.int64()),
        ("position", pa.int32()),
        ("kind", _KIND_TYPE),
        ("text", pa.string()),
        ("line", pa.int32()),
    ]
)


def _plain(field: pa.Field) -> pa.Field:
    if pa.types.is_dictionary(field.type):
        return pa.field(field.name, pa.string())
    if pa.types.is_timestamp(field.type):
        return pa.field(field.name, pa.timestamp("us"))
    return field


#: SCHEMA without the nested blocks, with plain strings for dictionaries and microseconds for
#: timestamps: what engines that take neither a dictionary nor milliseconds (Spark's
#: ``mapInArrow``: "Unsupported arrow type Timestamp(MILLISECOND, null)") get from ``flat_batch``.
FLAT_SCHEMA = pa.schema([_plain(f) for f in SCHEMA if f.name != "blocks"])

#: What ``article_row`` gives: SCHEMA's columns up to ``warnings``, then the blocks' kinds
#: (indices into ``KINDS``), texts and lines.
Row = tuple[Any, ...]
_FLAT = len(SCHEMA) - 1
_TEXT, _APPARATUS = SCHEMA.get_field_index("text"), SCHEMA.get_field_index("apparatus")
_COUNTED_INDICES = pa.array(sorted(_KIND_INDEX[k] for k in COUNTED_KINDS), pa.int8())
_APPARATUS_INDICES = pa.array(sorted(_KIND_INDEX[k] for k in APPARATUS_KINDS), pa.int8())


def article_row(article: Article) -> Row:
    """An Article as a plain tuple (what a worker process sends back: no Article to pickle)."""
    blocks = article.blocks
    texts = tuple(b.text for b in blocks)
    feed = article.footer
    lede = texts[0] if blocks and blocks[0].kind is BlockKind.LEDE else ""
    return (
        article.id,
        article.seq,
        article.source,
        article.offset,
        article.line,
        article.page,
        article.published,
        None,  # date: computed from published, by Arrow
        article.byline,
        article.authors,
        article.language,
        lede,
        None,  # text: joined from the blocks, by Arrow
        None,  # apparatus: likewise
        article.word_count,
        article.signatories,
        article.feed,
        feed.as_of if feed else None,
        feed.last_new if feed else None,
        feed.next_feed if feed else None,
        feed.line if feed else None,
        article.warnings,
        tuple(_KIND_INDEX[b.kind] for b in blocks),
        texts,
        tuple(b.line for b in blocks),
    )


_SPARK_TYPES = {
    "string": "string",
    "int64": "bigint",
    "int32": "int",
    "date32[day]": "date",
    "timestamp[us]": "timestamp_ntz",
    "list<item: string>": "array<string>",
}


def spark_ddl() -> str:
    """``FLAT_SCHEMA`` in Spark's DDL, for ``mapInArrow(…, spark_ddl())``."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[str(f.type)]}" for f in FLAT_SCHEMA)


def flat_record(article: Article) -> dict[str, Any]:
    """An Article as a dict of ``FLAT_SCHEMA``'s columns (a row for Ray's ``flat_map``)."""
    values = article_row(article)[:_FLAT]
    record = {k: list(v) if isinstance(v, tuple) else v for k, v in zip(FLAT_SCHEMA.names, values, strict=True)}
    record["date"] = article.date
    record["text"] = article.text
    record["apparatus"] = article.apparatus
    return record


def flat_batch(articles: Iterable[Article]) -> pa.RecordBatch:
    """Articles as one record batch of ``FLAT_SCHEMA`` (what Spark's ``mapInArrow`` yields)."""
    return pa.RecordBatch.from_pylist([flat_record(a) for a in articles], schema=FLAT_SCHEMA)


def row_size(row: Row) -> int:
    """About how many characters of text a row holds (what ``ROW_GROUP_BYTES`` counts): its
    blocks twice (in ``blocks`` and in ``text`` or ``apparatus``)."""
    return 2 * sum(map(len, row[_FLAT + 1])) + 64


def record_batches(rows: list[Row]) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    """The articles and the blocks of some rows, as record batches of ``SCHEMA`` and ``BLOCKS_SCHEMA``."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in range(_FLAT + 3)]
    kinds, texts, lines = columns[_FLAT], columns[_FLAT + 1], columns[_FLAT + 2]
    counts = [len(k) for k in kinds]
    offsets = pa.array(_running_total(counts), pa.int32())
    indices = pa.array([k for ks in kinds for k in ks], pa.int8())
    kind = pa.DictionaryArray.from_arrays(indices, pa.array(KINDS, pa.string()))
    text = pa.array([t for ts in texts for t in ts], pa.string())
    line = pa.array([n for ns in lines for n in ns], pa.int32())
    arrays: list[pa.Array] = []
    for index, field in enumerate(SCHEMA):
        if index == _FLAT:
            break
        if index == _TEXT:
            arrays.append(_joined(text, indices, offsets, _COUNTED_INDICES))
        elif index == _APPARATUS:
            arrays.append(_joined(text, indices, offsets, _APPARATUS_INDICES))
        elif field.name == "date":
            arrays.append(pc.cast(arrays[-1], pa.date32()))
        elif pa.types.is_dictionary(field.type):
            arrays.append(pa.array(columns[index], pa.string()).dictionary_encode().cast(field.type))
        else:
            arrays.append(pa.array(columns[index], field.type))
    struct = pa.StructArray.from_arrays([kind.cast(pa.string()), text, line], fields=list(BLOCK_TYPE))
    arrays.append(pa.ListArray.from_arrays(offsets, struct, type=SCHEMA.field("blocks").type))
    articles = pa.RecordBatch.from_arrays(arrays, schema=SCHEMA)
    parents = pa.array([i for i, n in enumerate(counts) for _ in range(n)], pa.int32())
    position = pa.array([p for n in counts for p in range(n)], pa.int32())
    keys = [pc.take(articles.column(name), parents) for name in ("id", "seq", "source", "offset")]
    blocks = pa.RecordBatch.from_arrays([*keys, position, kind, text, line], schema=BLOCKS_SCHEMA)
    return articles, blocks


def _joined(text: pa.Array, kinds: pa.Array, offsets: pa.Array, wanted: pa.Array) -> pa.Array:
    """Each article's blocks of the ``wanted`` kinds, joined by blank lines (as ``Article.text``
    joins them): done by Arrow, so the joined text never exists as a Python string."""
    mask = pc.is_in(kinds, value_set=wanted)
    before = pc.cumulative_sum(mask.cast(pa.int32()))
    starts = pa.concat_arrays([pa.array([0], pa.int32()), before.cast(pa.int32())])
    chosen = pa.ListArray.from_arrays(pc.take(starts, offsets), text.filter(mask))
    return pc.binary_join(chosen, "\n\n")


def _running_total(counts: list[int]) -> list[int]:
    out = [0]
    total = 0
    for n in counts:
        total += n
        out.append(total)
    return out


def output_paths(output: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where ``-o`` puts the two tables: ``X.parquet`` and ``X.blocks.parquet`` beside it, or,
    for a directory (any other name), ``DIR/articles.parquet`` and ``DIR/blocks.parquet``."""
    path = Path(output)
    if path.suffix == ".parquet":
        return path, path.with_name(f"{path.stem}.blocks.parquet")
    return path / "articles.parquet", path / "blocks.parquet"


class ParquetSink:
    """Writes rows to the two tables, a row group at a time (use as a context manager).

    Both files are written to temporary files and put in place together when the block ends
    cleanly (``export/atomic.py``); an error, or Ctrl-C, leaves neither.
    """

    def __init__(self, output: str | os.PathLike[str], force: bool = False) -> None:
        self.articles_path, self.blocks_path = output_paths(output)
        self.force = force
        self.rows: list[Row] = []
        self.size = 0
        self.count = 0
        self._stack = ExitStack()
        self._writers: list[pq.ParquetWriter] = []

    def __enter__(self) -> ParquetSink:
        folder = self.articles_path.parent
        if self.articles_path.name == "articles.parquet" and not folder.exists():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise OutputError(exc.strerror or str(exc), os.fspath(folder)) from None
        stack = self._stack
        try:
            for path, schema in ((self.articles_path, SCHEMA), (self.blocks_path, BLOCKS_SCHEMA)):
                tmp = stack.enter_context(atomic_path(path, self.force, special=False))
                writer = pq.ParquetWriter(tmp, schema, compression=COMPRESSION)
                stack.callback(writer.close)
                self._writers.append(writer)
        except BaseException:
            stack.__exit__(None, None, None)
            raise
        return self

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.size += row_size(row)
        if len(self.rows) >= ROW_GROUP_ARTICLES or self.size >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        articles, blocks = record_batches(self.rows)
        self.count += len(self.rows)
        self.rows = []
        self.size = 0
        self._writers[0].write_batch(articles, row_group_size=ROW_GROUP_ARTICLES)
        self._writers[1].write_batch(blocks, row_group_size=max(blocks.num_rows, 1))

    def write_batches(self, articles: pa.RecordBatch, blocks: pa.RecordBatch) -> None:
        """Write batches built elsewhere (by ``record_batches`` on a cluster's worker) as they are."""
        self.flush()
        self.count += articles.num_rows
        self._writers[0].write_batch(articles, row_group_size=ROW_GROUP_ARTICLES)
        self._writers[1].write_batch(blocks, row_group_size=max(blocks.num_rows, 1))

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.flush()
        self._stack.__exit__(*exc)  # type: ignore[arg-type]


def write_parquet(articles: Iterable[Article], output: str | os.PathLike[str], force: bool = False) -> int:
    """Write the articles to Parquet (see ``output_paths``); returns how many were written."""
    with ParquetSink(output, force) as sink:
        for article in articles:
            sink.add(article_row(article))
    return sink.count


def write_rows(rows: Iterable[Row], output: str | os.PathLike[str], force: bool = False) -> int:
    """Write rows made by ``article_row`` (in worker processes) to Parquet; returns how many."""
    with ParquetSink(output, force) as sink:
        for row in rows:
            sink.add(row)
    return sink.count


def batches_of(articles: Iterable[Article]) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch]]:
    """The articles as (articles, blocks) record batches of a row group each."""
    rows: list[Row] = []
    size = 0
    for article in articles:
        row = article_row(article)
        rows.append(row)
        size += row_size(row)
        if len(rows) >= ROW_GROUP_ARTICLES or size >= ROW_GROUP_BYTES:
            yield record_batches(rows)
            rows, size = [], 0
    if rows:
        yield record_batches(rows)
