"""Inputs: files, directories, stdin and the bundled corpus; gzip, BOM, CRLF and encodings."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from parse_helpers import CORPUS, FIXTURES, MARKER, comparable, crlf, gz, read

import isocorpus
import isocorpus.sources
from isocorpus.errors import BinaryInputError, Diagnostic, InputError
from isocorpus.sources import BUNDLED_NAME, NotADumpError, bundled_path, recognise, resolve_inputs, utf16_without_bom


@pytest.fixture(scope="module")
def corpus_records() -> list[dict]:
    articles, diagnostics = read(CORPUS)
    assert diagnostics == []
    return [comparable(a.as_dict()) for a in articles]


def _records(inputs) -> list[dict]:  # type: ignore[no-untyped-def]
    articles, diagnostics = read(inputs)
    assert diagnostics == []
    return [comparable(a.as_dict()) for a in articles]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


# --- the same records from every form of the corpus -----------------------------------------


@pytest.mark.parametrize(
    "name, transform",
    [
        ("crlf.txt", crlf),
        ("bom.txt", lambda b: b"\xef\xbb\xbf" + b),
        ("bom-crlf.txt", lambda b: b"\xef\xbb\xbf" + crlf(b)),
        ("corpus.txt.gz", gz),
        ("gzip-under-a-txt-name.txt", gz),
        ("gzip-with-no-suffix", gz),
        ("crlf-bom.gz", lambda b: gz(b"\xef\xbb\xbf" + crlf(b))),
        ("utf16.txt", lambda b: b.decode("utf-8").encode("utf-16")),
    ],
)
def test_every_form_of_the_corpus_gives_the_same_records(
    tmp_path: Path, corpus_records: list[dict], name: str, transform
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(transform(CORPUS.read_bytes()))
    got = _records(path)
    assert got == corpus_records


@pytest.mark.parametrize("transform", [lambda b: b, crlf, gz])
def test_stdin_gives_the_same_records(monkeypatch: pytest.MonkeyPatch, corpus_records: list[dict], transform) -> None:  # type: ignore[no-untyped-def]
    _stdin(monkeypatch, transform(CORPUS.read_bytes()))
    articles, diagnostics = read("-")
    assert diagnostics == []
    assert {a.source for a in articles} == {"-"}
    assert [comparable(a.as_dict()) for a in articles] == corpus_records


def test_no_input_is_the_bundled_corpus(corpus_records: list[dict]) -> None:
    for inputs in (None, []):
        articles, _ = read(inputs)
        assert {a.source for a in articles} == {BUNDLED_NAME}
        assert [comparable(a.as_dict()) for a in articles] == corpus_records
    assert bundled_path().read_bytes() == CORPUS.read_bytes()


def test_seq_runs_on_across_inputs_and_ids_do_not_depend_on_position(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt.gz"
    copy.write_bytes(gz(crlf(CORPUS.read_bytes())))
    articles, _ = read([CORPUS, copy])
    assert [a.seq for a in articles] == list(range(1, 43))
    assert [a.id for a in articles[:21]] == [a.id for a in articles[21:]]
    assert [a.source for a in articles] == [str(CORPUS)] * 21 + [str(copy)] * 21


# --- directories ----------------------------------------------------------------------------


def _dump(path: Path, byline: str, compress: bool = False) -> None:
    data = f"{MARKER}\n[l] at 4/1/19 1:00pm\n{byline}\n\nA lede by {byline}.\n".encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gz(data) if compress else data)


def test_directories_are_walked_in_sorted_order(tmp_path: Path) -> None:
    top = tmp_path / "dumps"
    _dump(top / "c" / "z.txt.gz", "Z", compress=True)
    _dump(top / "b.txt", "B")
    _dump(top / "a" / "y", "Y")  # no extension, holds a marker
    _dump(top / "a" / "w", "W", compress=True)  # no extension, gzip: holds a marker once unpacked
    _dump(top / "a" / "x.txt", "X")
    _dump(top / "a" / "B.txt", "capital B")
    _dump(top / ".hidden.txt", "hidden")
    _dump(top / ".git" / "objects.txt", "git")
    _dump(top / "c" / "notes.md", "markdown")
    (top / "d").write_text("no marker in this file\n")
    articles, diagnostics = read(top)
    assert diagnostics == []
    assert [a.byline for a in articles] == ["capital B", "W", "X", "Y", "B", "Z"]
    assert [Path(a.source).relative_to(top).as_posix() for a in articles] == [
        "a/B.txt",
        "a/w",
        "a/x.txt",
        "a/y",
        "b.txt",
        "c/z.txt.gz",
    ]


def test_a_directory_among_files_keeps_the_order_given(tmp_path: Path) -> None:
    _dump(tmp_path / "dir" / "b.txt", "B")
    _dump(tmp_path / "dir" / "a.txt", "A")
    _dump(tmp_path / "last.txt", "L")
    _dump(tmp_path / "first.txt", "F")
    articles, _ = read([tmp_path / "last.txt", tmp_path / "dir", tmp_path / "first.txt"])
    assert [a.byline for a in articles] == ["L", "A", "B", "F"]


def test_a_missing_input_is_an_error_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        resolve_inputs([CORPUS, tmp_path / "missing.txt"])
    assert info.value.source == str(tmp_path / "missing.txt")


# --- encodings ------------------------------------------------------------------------------


def test_cp1252_reads_correctly_with_one_warning_naming_the_file() -> None:
    path = FIXTURES / "cp1252.txt"
    articles, diagnostics = read(path)
    assert len(diagnostics) == 1
    (warning,) = diagnostics
    assert warning.source == str(path) and warning.line is None
    assert "cp1252" in warning.message
    assert str(warning).startswith(f"{path}: ")
    assert articles[0].byline == "María Núñez"
    assert "“quotes”" in articles[0].lede and "—" in articles[0].lede
    assert all("\ufffd" not in a.text for a in articles)


def test_the_same_article_in_cp1252_and_in_utf8_is_the_same_record(tmp_path: Path) -> None:
    utf8 = tmp_path / "utf8.txt"
    utf8.write_bytes((FIXTURES / "cp1252.txt").read_bytes().decode("cp1252").encode("utf-8"))
    articles, diagnostics = read(FIXTURES / "cp1252.txt")
    assert len(diagnostics) == 1
    assert [comparable(a.as_dict()) for a in articles] == _records(utf8)


def test_cp1252_decided_late_still_reads_every_entry(tmp_path: Path) -> None:
    """A long ASCII head and then cp1252 bytes: every entry is cp1252, one warning."""
    head = "".join(f"{MARKER}\n[l] at 4/1/19 1:00pm\nWriter {n}\n\nAn ASCII lede number {n}.\n\n" for n in range(50))
    tail = f"{MARKER}\n[l] at 4/2/19 1:00pm\nWriter\n\nIt\u2019s \u201cquoted\u201d \u2014 here.\n"
    path = tmp_path / "late.txt"
    path.write_bytes((head + tail).encode("cp1252"))
    articles, diagnostics = read(path)
    assert len(articles) == 51
    assert articles[-1].lede == "It\u2019s \u201cquoted\u201d \u2014 here."
    assert [d.line for d in diagnostics] == [None]


def test_bad_utf8_bytes_become_u_fffd_with_a_warning_naming_the_line() -> None:
    path = FIXTURES / "invalid_utf8.txt"
    articles, diagnostics = read(path)
    assert [(d.source, d.line) for d in diagnostics] == [(str(path), 15), (str(path), 25)]
    assert "\ufffd" in articles[1].paragraphs[0]
    assert "“Socialist Worker”" in articles[2].lede
    assert "’" in articles[2].paragraphs[-1]


def test_bad_utf8_bytes_before_any_other_non_ascii_text_do_not_make_the_file_cp1252(tmp_path: Path) -> None:
    text = (
        f"{MARKER}\n[l] at 4/1/19 1:00pm\nWriter\n\nThe caf\x00 closed.\n\n"
        f"{MARKER}\n[l] at 4/2/19 1:00pm\nWriter\n\nIt\u2019s \u201cquoted\u201d \u2014 here.\n"
    )
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode().replace(b"\x00", b"\xe9"))
    articles, diagnostics = read(path)
    assert articles[0].lede == "The caf\ufffd closed."
    assert articles[1].lede == "It\u2019s \u201cquoted\u201d \u2014 here."
    assert [(d.line, "cp1252" in d.message) for d in diagnostics] == [(5, False)]


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes((FIXTURES / "paragraphs.txt").read_text(encoding="utf-8").encode("utf-16-le"))
    path.write_bytes(b"\xff\xfe" + path.read_bytes())
    (article,), diagnostics = read(path)
    assert diagnostics == []
    assert article.byline == "Fay Gold"


# --- gzip -----------------------------------------------------------------------------------


def test_gzip_is_detected_by_its_magic_bytes_not_its_name(tmp_path: Path) -> None:
    plain = tmp_path / "plain.gz"  # a .gz name on a plain file
    plain.write_bytes((FIXTURES / "paragraphs.txt").read_bytes())
    packed = tmp_path / "packed.txt"
    packed.write_bytes(gz((FIXTURES / "paragraphs.txt").read_bytes()))
    assert _records(plain) == _records(packed) == _records(FIXTURES / "paragraphs.txt")


def test_concatenated_gzip_members_are_all_read(tmp_path: Path) -> None:
    path = tmp_path / "two.gz"
    path.write_bytes(gz((FIXTURES / "paragraphs.txt").read_bytes()) + gz((FIXTURES / "lists.txt").read_bytes()))
    articles, diagnostics = read(path)
    assert diagnostics == []
    assert [a.byline for a in articles] == ["Fay Gold", "Jun Kim"]


def test_truncated_gzip_keeps_what_decoded_and_warns(tmp_path: Path) -> None:
    data = gz(CORPUS.read_bytes())
    path = tmp_path / "cut.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    articles, diagnostics = read(path)
    assert 5 < len(articles) < 21
    assert len(diagnostics) == 1 and diagnostics[0].source == str(path)


# --- not dumps ------------------------------------------------------------------------------


def test_empty_and_marker_less_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read(empty) == ([], [Diagnostic(str(empty), None, "empty", note=True)])
    prose = tmp_path / "prose.txt"
    prose.write_text("Just some text.\nNo entries here.\n")
    articles, diagnostics = read(prose)
    assert articles == [] and len(diagnostics) == 1 and diagnostics[0].source == str(prose)


def test_a_binary_input_is_an_error_alone_and_skipped_among_others(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(BinaryInputError):
        read(binary)
    articles, diagnostics = read([binary, FIXTURES / "paragraphs.txt"])
    assert len(articles) == 1
    assert [d.source for d in diagnostics] == [str(binary)]


def test_the_library_warns_through_python_warnings_without_on_warning() -> None:
    with pytest.warns(isocorpus.InputWarning, match="cp1252"):
        list(isocorpus.iter_articles(FIXTURES / "cp1252.txt"))


class _SliceCountingBytes(bytes):
    """Bytes that count how often they are sliced (each slice is a copy and a decode)."""

    slices = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        if isinstance(key, slice):
            type(self).slices += 1
        return super().__getitem__(key)


def test_bad_bytes_are_located_in_work_bounded_by_the_lines_named() -> None:
    """Thousands of bad bytes on one line cost one look at that line, not one per byte."""
    data = _SliceCountingBytes(b"ok \xe2\x80\x9c\n" + b"\xff" * 5000 + b"\n" + b"fine\n" + b"\xfe\xfe\n" * 20)
    _SliceCountingBytes.slices = 0
    lines = isocorpus.sources._bad_lines(data, 10)
    assert lines == [11] + list(range(13, 22))
    assert _SliceCountingBytes.slices <= 12


def test_bad_lines_are_named_once_each() -> None:
    data = b"a\xff\xff b\xfe\n\nc \xe2\x80\x9d\n\xc3\n"
    assert isocorpus.sources._bad_lines(data, 1) == [1, 4]


# --- progress: the core reports bytes, the command line draws them ------------------------------


def test_progress_counts_the_bytes_of_every_input_up_to_their_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(isocorpus.sources, "CHUNK_SIZE", 1 << 14)
    packed = tmp_path / "corpus.gz"
    packed.write_bytes(gz(CORPUS.read_bytes()))
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00" * 10_000)
    inputs = [CORPUS, binary, packed]
    total = sum(p.stat().st_size for p in inputs)
    calls: list[tuple[int, int | None]] = []
    seen = 0
    for _ in isocorpus.iter_articles(inputs, on_warning=lambda d: None, on_progress=lambda *a: calls.append(a)):
        seen += 1
    assert seen == 42
    assert len(calls) > 10  # every chunk, not once an input
    assert {t for _, t in calls} == {total}
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == total  # the skipped binary input counts as read


def test_progress_reports_a_chunk_once_it_is_used_not_when_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bar then shows work done: a chunk counts when the next one is asked for."""
    monkeypatch.setattr(isocorpus.sources, "CHUNK_SIZE", 1 << 14)
    reads: list[int] = []
    (source,) = resolve_inputs(CORPUS)
    chunks = isocorpus.sources.open_chunks(source, lambda d: None, reads.append)
    next(chunks)
    assert reads == []
    next(chunks)
    assert reads == [1 << 14]
    for _ in chunks:
        pass
    assert sum(reads) == CORPUS.stat().st_size


def test_progress_of_stdin_has_no_total(monkeypatch: pytest.MonkeyPatch) -> None:
    data = CORPUS.read_bytes()
    _stdin(monkeypatch, data)
    calls: list[tuple[int, int | None]] = []
    assert len(list(isocorpus.iter_articles("-", on_progress=lambda *a: calls.append(a)))) == 21
    assert calls[-1] == (len(data), None)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_pipe_given_as_a_path_has_no_size(tmp_path: Path) -> None:
    """``isocorpus list <(zcat dump.gz)``: the path is a pipe, whose size says nothing."""
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (source,) = resolve_inputs([fifo])
    assert source.size is None


def test_probe_tells_gzip_boms_and_plain_text() -> None:
    from isocorpus.sources import probe

    assert probe(b"\x1f\x8b\x08\x00").gzip
    utf8 = probe(b"\xef\xbb\xbf[*]")
    assert (utf8.gzip, utf8.utf16, utf8.data_start, utf8.seekable_text) == (False, False, 3, True)
    le = probe(b"\xff\xfe[\x00")
    assert (le.utf16, le.data_start, le.seekable_text) == (True, 0, False)
    plain = probe(b"[*] ")
    assert (plain.gzip, plain.bom, plain.data_start, plain.seekable_text) == (False, b"", 0, True)
    assert not probe(b"\x1f\x8b\x08\x00").seekable_text


# --- files that are something else, recognised by their first bytes -------------------------------


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"<!DOCTYPE html>\n<html>", "an HTML page: save the page as text (File → Save as → Text)"),
        (b"\n  <html lang=en>", "an HTML page: save the page as text (File → Save as → Text)"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "an HTML page"),
        (b"%PDF-1.7\n", "a PDF"),
        (b"PK\x03\x04\x14\x00", "a zip archive (a Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "a Word document (.doc)"),
        (b"{\\rtf1\\ansi", "an RTF document"),
    ],
)
def test_recognise_says_what_a_file_is(head: bytes, what: str) -> None:
    found = recognise(head)
    assert found is not None and found.startswith(what)


@pytest.mark.parametrize("head", [b"[*] [+] [-] [x] [A+] [a-]\n", b"Dear diary, <html> is a tag\n", b""])
def test_recognise_leaves_text_alone(head: bytes) -> None:
    assert recognise(head) is None


def test_an_html_page_is_an_error_naming_it_once(tmp_path: Path) -> None:
    page = tmp_path / "reader.html"
    page.write_bytes(b"\xef\xbb\xbf<!doctype html><html><body>[*] [+] [-] [x] [A+] [a-]</body></html>")
    with pytest.raises(NotADumpError) as caught:
        read(page)
    assert str(caught.value) == f"{page} is an HTML page: save the page as text (File → Save as → Text)"


def test_utf16_without_a_bom_is_read_with_a_warning(tmp_path: Path) -> None:
    text = bundled_path().read_text(encoding="utf-8")
    for codec in ("utf-16-le", "utf-16-be"):
        assert utf16_without_bom(text.encode(codec)[:4096]) == codec
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        articles, diagnostics = read(path)
        assert [a.id for a in articles] == [a.id for a in isocorpus.iter_articles()]
        assert [d.message for d in diagnostics] == [f"UTF-16 text with no byte-order mark; read as {codec.upper()}"]
    assert utf16_without_bom(text.encode("utf-8")[:4096]) is None
