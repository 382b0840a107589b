"""Inputs: paths, directories, stdin and the bundled corpus, read as byte chunks.

This stage knows about files, gzip, byte-order marks and encodings; it knows nothing about
entries. ``open_chunks`` yields the decompressed bytes of one input in large chunks, so memory
stays flat whatever the file size; ``TextDecoder`` turns one entry's bytes into text, deciding
per input between UTF-8 (bad bytes become U+FFFD, with a warning naming the line) and cp1252.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import BinaryInputError, Diagnostic, InputError

#: Size of the chunks read from an input (and of the decompressed chunks of a gzip input).
CHUNK_SIZE = 1 << 22
#: Name under which the bundled corpus appears in records and messages.
BUNDLED_NAME = "socialistworker-2019.txt"
#: How far a file without an extension is peeked at for an entry marker when walking a directory.
PEEK_SIZE = 1 << 20

MARKER = b"[*] [+] [-] [x] [A+] [a-]"
#: What a warning says of an input that holds no entry.
NO_ENTRIES = f"no entries found (no line starts with the entry marker {MARKER.decode()})"
_GZIP_MAGIC = b"\x1f\x8b"
#: The UTF-8 byte-order mark (dropped from an input's start; ``split`` finds it glued before a marker).
UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WALKED_SUFFIXES = {".txt", ".gz"}

Warn = Callable[[Diagnostic], None]
#: Told the number of bytes each read took from an input (on disk: compressed, for gzip).
OnRead = Callable[[int], None]
#: ``on_progress(done, total)``: bytes read from all the inputs so far, and their total size on
#: disk (None when one of them is stdin or a pipe).
OnProgress = Callable[[int, "int | None"], None]


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file, stdin, or the bundled corpus."""

    name: str
    """How records and messages name it: the path as given, ``-``, or the bundled name."""
    path: Path | None
    """The file to read; None for stdin."""
    size: int | None = None
    """Bytes on disk (compressed size for gzip), for progress; None for stdin, pipes and devices."""


#: Bytes ``probe`` needs to see: a gzip magic number, any byte-order mark, and enough text to
#: tell UTF-16 without one.
PROBE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Probe:
    """What an input's first bytes say about how it is read."""

    gzip: bool
    """Compressed with gzip (told by its magic number, not its name)."""
    bom: bytes
    """The byte-order mark it opens with (UTF-8's or a UTF-16 one), or ``b""``."""
    utf16_without_bom: str | None = None
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text with no byte-order mark (``utf16_without_bom``)."""

    @property
    def utf16(self) -> bool:
        """UTF-16, with a byte-order mark or without: converted to UTF-8 as it is read."""
        return self.bom in _UTF16_BOMS or self.utf16_without_bom is not None

    @property
    def data_start(self) -> int:
        """Offset of the text's first byte on disk (after a UTF-8 byte-order mark)."""
        return len(self.bom) if self.bom == UTF8_BOM else 0

    @property
    def seekable_text(self) -> bool:
        """Whether the bytes on disk, from ``data_start``, are the bytes the reader splits
        (neither compressed nor converted): a reader may then read them by offsets."""
        return not self.gzip and not self.utf16


def probe(head: bytes) -> Probe:
    """How an input starting with ``head`` (at least ``PROBE_SIZE`` bytes when it has them) is read."""
    if head[:2] == _GZIP_MAGIC:
        return Probe(True, b"")
    if head.startswith(UTF8_BOM):
        return Probe(False, UTF8_BOM)
    if head[:2] in _UTF16_BOMS:
        return Probe(False, head[:2])
    return Probe(False, b"", utf16_without_bom(head))


def bundled_path() -> Path:
    """The path of the corpus shipped inside the package."""
    return Path(__file__).resolve().parent / "data" / BUNDLED_NAME


def bundled_source() -> Source:
    path = bundled_path()
    return Source(BUNDLED_NAME, path, path.stat().st_size)


def _size(path: Path) -> int | None:
    """A regular file's size; None for what has none to tell (a pipe, ``<(zcat …)``, a device)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def resolve_inputs(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None,
    on_warning: Warn | None = None,
) -> list[Source]:
    """Expand the user's inputs into sources, in order; nothing given means the bundled corpus.

    Directories are walked in sorted order (``.txt``, ``.gz``, and files without an extension
    that hold an entry marker). A missing or unreadable path named by the user is an
    ``InputError``, raised before anything is read.
    """
    if inputs is None:
        return [bundled_source()]
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    items = [os.fspath(i) for i in inputs]
    if not items:
        return [bundled_source()]
    sources: list[Source] = []
    for item in items:
        if item == "-":
            sources.append(Source("-", None))
            continue
        name = _name(item)
        path = Path(item)
        if path.is_dir():
            found = list(_walk(path, on_warning))
            if not found and on_warning:
                on_warning(Diagnostic(name, None, "no dumps in this directory (.txt, .gz, or holding an entry marker)"))
            sources.extend(found)
            continue
        if not path.exists():
            raise InputError("no such file or directory", name)
        if not os.access(path, os.R_OK):
            raise InputError("permission denied", name)
        sources.append(Source(name, path, _size(path)))
    return sources


def _name(path: str) -> str:
    """How a path is named in records and messages: as given, but a name whose bytes are not
    UTF-8 (``caf\xe9.txt`` from a Latin-1 system) shows them as ``\xe9``, so that every output
    can encode it."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _walk(top: Path, on_warning: Warn | None) -> Iterator[Source]:
    """The dumps under ``top`` in sorted path order: a subdirectory's files come where its name
    sorts among its siblings: ``a/x.txt``, ``b.txt``, ``c/y.txt``."""
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), on_warning)
            continue
        if entry.is_dir():  # a link to a directory: not followed, as os.walk does not
            continue
        path = Path(entry.path)
        suffix = path.suffix.lower()
        if suffix and suffix not in _WALKED_SUFFIXES:
            continue
        if not os.access(path, os.R_OK):
            if on_warning:
                on_warning(Diagnostic(_name(str(path)), None, "permission denied; skipped"))
            continue
        if not suffix and not _holds_marker(path):
            continue
        yield Source(_name(str(path)), path, _size(path))


def _holds_marker(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(PEEK_SIZE)
    except OSError:
        return False
    if probe(head).gzip:
        try:
            head = zlib.decompressobj(31).decompress(head, PEEK_SIZE)
        except zlib.error:
            return False
    return MARKER in head


def open_chunks(
    source: Source, on_warning: Warn, on_read: OnRead | None = None, on_inflate: OnRead | None = None
) -> Iterator[bytes]:
    """The decompressed bytes of one input, in chunks, with a leading BOM removed.

    gzip is detected by its magic bytes (not the name), a truncated gzip stream keeps what
    decoded (with a warning), and UTF-16 with a BOM is converted to UTF-8. Raises
    ``InputError`` for an input that cannot be opened or read. ``on_read`` is told how many
    bytes each read took from the input (for a progress bar: compare with ``source.size``);
    ``on_inflate`` how many bytes each piece of a gzip input inflated to.
    """
    try:
        if source.path is None:
            reader = _Reader(sys.stdin.buffer, on_read)
            yield from _decoded_stream(reader, source, on_warning, on_inflate)
        else:
            with open(source.path, "rb") as fh:
                reader = _Reader(fh, on_read)
                yield from _decoded_stream(reader, source, on_warning, on_inflate)
        reader.done()
    except OSError as exc:
        raise InputError(_reason(exc), source.name) from None


def _reason(exc: OSError) -> str:
    """``Permission denied`` → ``permission denied``, as the messages written here say it."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


class _Reader:
    """Reads an input in chunks, telling ``on_read`` how many bytes each read took.

    A chunk is counted when the next one is asked for, that is once the stages downstream
    (which pull chunks lazily) are done with it: a progress bar then shows work done, not
    bytes merely read ahead.
    """

    __slots__ = ("stream", "on_read", "unreported")

    def __init__(self, stream: BinaryIO, on_read: OnRead | None) -> None:
        self.stream = stream
        self.on_read = on_read
        self.unreported = 0

    def read(self) -> bytes:
        if self.unreported and self.on_read is not None:
            self.on_read(self.unreported)
        data = self.stream.read(CHUNK_SIZE)
        self.unreported = len(data)
        return data

    def done(self) -> None:
        """Count the last chunk (a gzip stream ends without a read that finds nothing)."""
        if self.unreported and self.on_read is not None:
            self.on_read(self.unreported)
        self.unreported = 0


#: The first bytes of an OLE2 file (Word .doc, Excel .xls).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: What a file that is not a text dump is, by its first bytes, and what to do with it.
NOT_A_DUMP: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF: save the reader's page as text (File → Save as → Text), or convert it: pdftotext FILE out.txt"),
    (
        b"PK\x03\x04",
        "a zip archive (a Word .docx, an OpenDocument or EPUB file?): open it and save it as plain text "
        "(File → Save as → Plain Text)",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a Word document (.doc): save it as plain text (File → Save as → Plain Text)",
    ),
    (b"{\\rtf", "an RTF document: save it as plain text (File → Save as → Plain Text)"),
)
_HTML = "an HTML page: save the page as text (File → Save as → Text)"
_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<meta")


class NotADumpError(BinaryInputError):
    """An input is another kind of file (an HTML page, a PDF, a Word document): ``message`` says
    what it is and what to do; ``str()`` reads ``FILE is an HTML page: …``."""

    def describe(self, spell: Callable[[str], str] | None = None) -> str:
        return f"{self.source} is {self.message}" if self.source else self.message


def recognise(head: bytes) -> str | None:
    """What a file is, from its first bytes, when it is not a text dump (None when it may be one)."""
    for magic, what in NOT_A_DUMP:
        if head.startswith(magic):
            return what
    opening = head[:1024].lstrip().lower()
    if opening.startswith(_HTML_OPENINGS) or (opening.startswith(b"<?xml") and b"<html" in opening):
        return _HTML
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the head is UTF-16 text with no byte-order mark (every
    other byte NUL, as ASCII text in UTF-16 has), else None."""
    sample = head[:4096]
    if len(sample) < 8 or b"\0" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decoded_stream(
    stream: _Reader, source: Source, on_warning: Warn, on_inflate: OnRead | None = None
) -> Iterator[bytes]:
    first = stream.read()
    if not first:
        return
    if probe(first).gzip:
        chunks = _gunzip(first, stream, source, on_warning)
        if on_inflate is not None:
            chunks = _told(chunks, on_inflate)
    else:
        chunks = _raw(first, stream)
    chunks = _strip_bom(chunks, source, on_warning)
    head = next(chunks, b"")
    what = recognise(head)
    if what is not None:
        raise NotADumpError(what, source.name)
    if b"\0" in head:
        raise BinaryInputError("binary file (NUL bytes)", source.name)
    if head:
        yield head
    yield from chunks


def _told(chunks: Iterator[bytes], tell: OnRead) -> Iterator[bytes]:
    for chunk in chunks:
        tell(len(chunk))
        yield chunk


def _raw(first: bytes, stream: _Reader) -> Iterator[bytes]:
    chunk = first
    while chunk:
        yield chunk
        chunk = stream.read()


def _gunzip(first: bytes, stream: _Reader, source: Source, on_warning: Warn) -> Iterator[bytes]:
    decomp = zlib.decompressobj(31)
    data = first
    while True:
        try:
            out = decomp.decompress(data, CHUNK_SIZE)
            while out:
                yield out
                out = decomp.decompress(decomp.unconsumed_tail, CHUNK_SIZE)
        except zlib.error as exc:
            on_warning(Diagnostic(source.name, None, f"corrupt gzip data ({exc}); kept what decoded"))
            return
        if decomp.eof:
            rest = decomp.unused_data
            if rest[:2] == _GZIP_MAGIC:  # another gzip member follows
                decomp = zlib.decompressobj(31)
                data = rest
                continue
            if rest.strip(b"\0"):
                on_warning(Diagnostic(source.name, None, "trailing bytes after the gzip data ignored"))
            return
        data = stream.read()
        if not data:
            tail = decomp.flush()
            if tail:
                yield tail
            on_warning(Diagnostic(source.name, None, "truncated gzip data; kept what decoded"))
            return


def _strip_bom(chunks: Iterator[bytes], source: Source, on_warning: Warn) -> Iterator[bytes]:
    first = next(chunks, b"")
    bom = probe(first)
    if bom.utf16 and bom.bom:
        yield from _utf16_to_utf8(first, chunks)
        return
    if bom.utf16_without_bom is not None:
        codec = bom.utf16_without_bom
        on_warning(Diagnostic(source.name, None, f"UTF-16 text with no byte-order mark; read as {codec.upper()}"))
        yield from _utf16_to_utf8(first, chunks, codec)
        return
    first = first[bom.data_start :]
    if first:
        yield first
    yield from chunks


def _utf16_to_utf8(first: bytes, chunks: Iterator[bytes], codec: str = "utf-16") -> Iterator[bytes]:
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    text = decoder.decode(first)
    yield text.encode("utf-8")
    for chunk in chunks:
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


class TextDecoder:
    """Decodes the entries of one input, one at a time.

    UTF-8 unless the input proves to be cp1252. ``survey`` weighs the input's first chunk
    (valid non-ASCII UTF-8 against bad bytes); when that chunk is all ASCII, the first entry
    that is not valid UTF-8, in an input where no valid non-ASCII UTF-8 has been seen and
    which holds none itself, switches the input to cp1252. Either way one warning names the
    file. Otherwise invalid bytes become U+FFFD, with a warning naming each line (the first
    ten) that held them.
    """

    __slots__ = ("source", "on_warning", "encoding", "confirmed_utf8")

    def __init__(self, source: str, on_warning: Warn) -> None:
        self.source = source
        self.on_warning = on_warning
        self.encoding = "utf-8"
        self.confirmed_utf8 = False

    @property
    def settled(self) -> bool:
        """Whether the input's encoding is settled (after that, decoding an entry changes nothing)."""
        return self.confirmed_utf8 or self.encoding == "cp1252"

    @property
    def state(self) -> tuple[str, bool]:
        """What later decodes depend on: the encoding, and whether valid UTF-8 was seen."""
        return self.encoding, self.confirmed_utf8

    @classmethod
    def restored(cls, source: str, on_warning: Warn, state: tuple[str, bool]) -> TextDecoder:
        """A decoder in the ``state`` another one was in (a worker process decodes with it)."""
        decoder = cls(source, on_warning)
        decoder.encoding, decoder.confirmed_utf8 = state
        return decoder

    def skip(self, data: bytes) -> None:
        """Change the state as ``decode(data, …)`` would, with neither its text nor its warnings.

        Cheap once the encoding is settled (cp1252, or UTF-8 confirmed by a non-ASCII entry)
        and for ASCII data, which cannot change it; the rest is decoded and thrown away.
        """
        if self.encoding != "utf-8" or self.confirmed_utf8 or data.isascii():
            return
        on_warning = self.on_warning
        self.on_warning = _ignore
        try:
            self.decode(data, 0)
        finally:
            self.on_warning = on_warning

    def survey(self, head: bytes) -> None:
        """Decide the encoding from the input's first chunk, before any entry is decoded.

        Deciding entry by entry would let a few bad bytes in an early entry with no other
        non-ASCII text switch a UTF-8 file to cp1252 (its curly quotes then turn to mojibake).
        Over the head, valid non-ASCII UTF-8 characters at least as many as the bad bytes mean
        UTF-8; fewer mean cp1252. An ASCII head decides nothing: ``decode`` decides later.
        """
        if head.isascii() or self.confirmed_utf8 or self.encoding != "utf-8":
            return
        try:
            codecs.utf_8_decode(head, "strict", False)  # a character cut at the chunk's end is fine
        except UnicodeDecodeError:
            pass
        else:
            self.confirmed_utf8 = True
            return
        text = head.decode("utf-8", "replace")
        bad = text.count("\ufffd")
        valid = len(text) - len(text.encode("ascii", "ignore")) - bad
        if valid >= bad:
            self.confirmed_utf8 = True
        else:
            self.encoding = "cp1252"
            self.on_warning(Diagnostic(self.source, None, "not valid UTF-8; read as cp1252"))

    def decode(self, data: bytes, line: int) -> tuple[str, list[Diagnostic]]:
        """Text of an entry's bytes, and the warnings it gave (bad bytes, with their line)."""
        if self.encoding == "cp1252":
            return data.decode("cp1252", "replace"), []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not self.confirmed_utf8 and not data.isascii():
                self.confirmed_utf8 = True
            return text, []
        text = data.decode("utf-8", "replace")
        if not self.confirmed_utf8 and not any(c > "\x7f" and c != "\ufffd" for c in text):
            self.encoding = "cp1252"
            self.on_warning(Diagnostic(self.source, None, "not valid UTF-8; read as cp1252"))
            return data.decode("cp1252", "replace"), []
        self.confirmed_utf8 = True
        return text, [Diagnostic(self.source, n, "invalid UTF-8 bytes shown as U+FFFD") for n in _bad_lines(data, line)]


def _ignore(diagnostic: Diagnostic) -> None:
    pass


def _bad_lines(data: bytes, line: int, most: int = 10) -> list[int]:
    lines: list[int] = []
    pos = 0
    counted = 0
    while len(lines) < most:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            line += data.count(b"\n", counted, bad)
            counted = bad
            lines.append(line)
            # The line is named: go on from the next one (one look per line, not per bad byte).
            pos = data.find(b"\n", bad) + 1
            if not pos:
                break
    return lines


class ProgressMeter:
    """Bytes read across several inputs, reported to ``on_progress(done, total)``."""

    __slots__ = ("done", "total", "on_progress", "count", "inflated", "on_inflated")

    def __init__(self, sources: list[Source], on_progress: OnProgress | None) -> None:
        sizes = [s.size for s in sources]
        self.total = None if None in sizes else sum(s or 0 for s in sizes)
        self.done = 0
        self.on_progress = on_progress
        self.count = len(sources)
        self.inflated = 0
        #: Told the bytes gzip inputs inflated to so far, when ``on_progress`` has an ``inflated`` method.
        self.on_inflated: Callable[[int], None] | None = getattr(on_progress, "inflated", None)

    def inflate(self, n: int) -> None:
        self.inflated += n
        if self.on_inflated is not None:
            self.on_inflated(self.inflated)

    @property
    def on_inflate(self) -> OnRead | None:
        """The ``on_inflate`` hook to hand the reader, or None when nobody shows inflated bytes."""
        return self.inflate if self.on_inflated is not None else None

    def advance(self, n: int) -> None:
        self.done += n
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)

    @property
    def on_read(self) -> OnRead | None:
        """The ``on_read`` hook to hand the reader, or None when nobody is watching."""
        return self.advance if self.on_progress is not None else None

    @contextmanager
    def reading(self, source: Source, warn: Warn) -> Iterator[None]:
        """Read one input: a binary input is skipped with a warning unless it is the only one,
        and an input skipped (or one that shrank) counts as read in full."""
        start = self.done
        try:
            yield
        except BinaryInputError as exc:
            if self.count == 1:
                raise
            warn(Diagnostic(source.name, None, f"{exc.message}; skipped"))
        if self.on_progress is not None and source.size is not None and self.done < start + source.size:
            self.advance(start + source.size - self.done)
