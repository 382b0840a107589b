"""Entry boundaries, page footers and pages, found on bytes (isocorpus.split)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from parse_helpers import CORPUS, FIXTURES, MARKER, marker_lines, read

import isocorpus.sources
import isocorpus.split
from isocorpus.errors import Diagnostic
from isocorpus.sources import Source
from isocorpus.split import cut_chunks, iter_raw_entries

FOOTER = "As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.\n\nNext feed in category: Pro Publica\n"


def entry(n: int, paragraphs: int = 1) -> str:
    body = "".join(f"\nParagraph {p} of entry {n} says something.\n" for p in range(paragraphs))
    return f"{MARKER}\n[l] at 4/{n % 28 + 1}/19 11:00pm\nWriter {n}\n\nLede of entry {n}.\n{body}\n"


def raw_entries(path: Path) -> tuple[list[isocorpus.split.RawEntry], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    source = Source(str(path), path, path.stat().st_size)
    return list(iter_raw_entries(source, diagnostics.append)), diagnostics


@dataclass(frozen=True)
class EntryChunk:
    """A run of whole entries, as ``cut_chunks`` gives them, with its buffer trimmed and its line known."""

    data: bytes
    line: int
    starts: tuple[int, ...]


def iter_entry_chunks(chunks: Iterable[bytes]) -> Iterator[EntryChunk]:
    """``cut_chunks`` with each buffer cut at its end and the line of each run counted."""
    line = 0
    for first_line, buf, starts, end, cut in cut_chunks(chunks):
        line = first_line or line
        data = buf[:end] if end < len(buf) else buf
        yield EntryChunk(data, line, tuple(starts))
        line += data.count(b"\n") + max(cut, 0)


def split_bytes(data: bytes, size: int) -> list[tuple[int, bytes]]:
    """(line, bytes) of every entry, with the input fed to the splitter ``size`` bytes at a time."""
    chunks = (data[i : i + size] for i in range(0, len(data), size))
    out = []
    for chunk in iter_entry_chunks(chunks):
        bounds = list(chunk.starts[1:]) + [len(chunk.data)]
        line = chunk.line
        for start, end in zip(chunk.starts, bounds, strict=True):
            piece = chunk.data[start:end]
            out.append((line, piece))
            line += piece.count(b"\n")
    return out


# --- entry boundaries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["pages.txt", "marker_midline.txt", "empty_entries.txt", "notes.txt", "fatal.txt", "truncated.txt"],
)
def test_entries_do_not_depend_on_chunk_size(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    whole = split_bytes(data, len(data) + 1)
    for size in range(1, 80):
        assert split_bytes(data, size) == whole, f"chunks of {size} bytes"


def test_entry_lines_and_bytes_of_the_corpus() -> None:
    data = CORPUS.read_bytes()
    entries = split_bytes(data, 1 << 22)
    assert [line for line, _ in entries] == [
        1, 23, 89, 166, 215, 389, 441, 480, 588, 678, 771, 1025, 1062, 1128, 1173, 1291, 1330, 1388,
        1615, 1647, 1675,
    ]  # fmt: skip
    assert b"".join(piece for _, piece in entries) == data
    assert split_bytes(data, 4096) == entries


def test_a_marker_mid_line_starts_no_entry() -> None:
    data = (FIXTURES / "marker_midline.txt").read_bytes()
    assert [line for line, _ in split_bytes(data, len(data))] == [2]


def test_a_marker_mid_line_in_the_preamble_across_a_chunk_boundary(tmp_path: Path, monkeypatch) -> None:
    """The preamble's last bytes, carried into the next chunk, are still mid-line."""
    preamble = "Saved page: x" + MARKER + " is what the buttons look like.\n"
    text = preamble + entry(1)
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    for size in range(8, len(text)):
        monkeypatch.setattr(isocorpus.sources, "CHUNK_SIZE", size)
        entries, _ = raw_entries(path)
        assert [e.line for e in entries] == [2], f"chunks of {size} bytes"


def test_the_preamble_is_no_article() -> None:
    articles, _ = read(FIXTURES / "pages.txt")
    assert articles[0].line == 4
    assert all("Saved from the reader" not in a.text for a in articles)
    assert all("Investigative journalism" not in a.text for a in articles)
    assert all("The Intercept" != p for a in articles for p in a.paragraphs)


def test_every_marker_line_is_one_record() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        if text.startswith("\x1f"):
            continue
        articles, _ = read(path)
        assert len(articles) == marker_lines(text), path.name


# --- footers and pages ----------------------------------------------------------------------


def test_pages_and_their_footers() -> None:
    entries, diagnostics = raw_entries(FIXTURES / "pages.txt")
    assert diagnostics == []
    assert [(e.line, e.page) for e in entries] == [(4, 1), (12, 1), (28, 2), (36, 2), (48, 3), (58, 4)]
    feeds = [e.feed for e in entries]
    assert feeds[0] is feeds[1] and feeds[2] is feeds[3]
    assert [f.next_feed if f else None for f in feeds] == [
        "Pro Publica", "Pro Publica", "The Intercept", "The Intercept", None, None
    ]  # fmt: skip
    assert [f.line if f else None for f in feeds] == [22, 22, 44, 44, 56, None]


def test_the_footer_belongs_to_the_page_not_to_the_last_article() -> None:
    entries, _ = raw_entries(FIXTURES / "pages.txt")
    for e in entries:
        assert b"As of 10/" not in e.data
        assert b"Next feed in category" not in e.data
        assert b"Pro Publica" not in e.data
        assert b"Investigative journalism" not in e.data


def test_an_as_of_sentence_in_the_text_is_no_footer(tmp_path: Path) -> None:
    text = (
        entry(1)
        + "As of 2019, the union had four plants. Last new members joined in the spring.\n\n"
        + "The entry goes on.\n\n"
        + FOOTER
    )
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    (article,), diagnostics = read(path)
    assert diagnostics == []
    assert article.paragraphs[-2:] == (
        "As of 2019, the union had four plants. Last new members joined in the spring.",
        "The entry goes on.",
    )
    assert article.footer is not None and article.footer.line == text.count("\n", 0, text.index("As of 10")) + 1


def test_a_footer_with_an_impossible_timestamp_warns_and_keeps_the_feed_name(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    text = entry(1) + "As of 13/45/19 9:99pm. Last new 4/19/19 7:56am.\n\nNext feed in category: X\n"
    path.write_text(text, encoding="utf-8")
    footer_line = text.count("\n", 0, text.index("As of")) + 1
    (article,), diagnostics = read(path)
    assert article.footer is not None
    assert (article.footer.as_of, article.footer.next_feed) == (None, "X")
    assert article.footer.last_new is not None
    assert len(diagnostics) == 1 and diagnostics[0].line == footer_line and diagnostics[0].source == str(path)


# --- records wait for their page's footer, but not forever ----------------------------------


def test_past_max_pending_entries_go_out_with_no_feed_and_one_warning(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(isocorpus.split, "MAX_PENDING", 3)
    path = tmp_path / "dump.txt"
    page1 = entry(1) + entry(2) + FOOTER  # fits: keeps its footer
    page2 = "".join(entry(n) for n in range(3, 10)) + FOOTER  # 7 entries: too many to wait for
    page3 = entry(10) + entry(11) + entry(12) + FOOTER.replace("Pro Publica", "Jacobin")  # fits again
    path.write_text(page1 + page2 + page3, encoding="utf-8")
    articles, diagnostics = read(path)
    assert len(articles) == 12
    assert [a.page for a in articles] == [1, 1] + [2] * 7 + [3] * 3
    assert [a.footer.next_feed if a.footer else None for a in articles] == (
        ["Pro Publica"] * 2 + [None] * 7 + ["Jacobin"] * 3
    )
    assert len(diagnostics) == 1
    (warning,) = diagnostics
    assert warning.source == str(path)
    assert warning.line == articles[2].line
    assert all(a.warnings == () for a in articles)


def test_a_file_with_no_footer_at_all_warns_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(isocorpus.split, "MAX_PENDING", 4)
    path = tmp_path / "dump.txt"
    path.write_text("".join(entry(n) for n in range(1, 20)), encoding="utf-8")
    articles, diagnostics = read(path)
    assert len(articles) == 19
    assert all(a.footer is None for a in articles)
    assert [a.line for a in articles] == sorted(a.line for a in articles)
    assert len(diagnostics) == 1 and diagnostics[0].line == 1


def test_records_are_yielded_before_the_file_ends(tmp_path: Path, monkeypatch) -> None:
    """Memory is bounded by a page: the first page's records come out before the rest is read."""
    monkeypatch.setattr(isocorpus.sources, "CHUNK_SIZE", 256)
    path = tmp_path / "dump.txt"
    path.write_text((entry(1) + entry(2) + FOOTER) + "".join(entry(n) for n in range(3, 200)), encoding="utf-8")
    source = Source(str(path), path, None)
    reads = []
    original = isocorpus.split.open_chunks

    def counting(src, warn, on_read=None, on_inflate=None):  # type: ignore[no-untyped-def]
        for chunk in original(src, warn, on_read, on_inflate):
            reads.append(len(chunk))
            yield chunk

    monkeypatch.setattr(isocorpus.split, "open_chunks", counting)
    entries = iter_raw_entries(source, lambda d: None)
    first = next(entries)
    assert first.feed is not None
    assert sum(reads) < path.stat().st_size // 4


# --- dumps joined with cat ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("joint", "why"),
    [(b"", "first file has no final newline"), (b"\xef\xbb\xbf", "second file starts with a BOM")],
)
def test_dumps_joined_with_cat_keep_every_entry(tmp_path: Path, joint: bytes, why: str) -> None:
    one = CORPUS.read_bytes()
    assert not one.endswith(b"\n")  # the bundled corpus is such a file
    path = tmp_path / "joined.txt"
    path.write_bytes(one + joint + one)
    entries, diagnostics = raw_entries(path)
    assert len(entries) == 42, why
    second = entries[21]
    assert second.line == one.count(b"\n") + 1  # on the footer's last line
    assert second.data.startswith(MARKER.encode())
    assert entries[20].feed is not None and entries[20].feed.next_feed == "Pro Publica"
    assert [d.line for d in diagnostics] == [second.line]
    assert "glued" in diagnostics[0].message
    assert [e.data for e in entries[21:]] == [e.data for e in entries[:21]]


def test_buttons_mid_line_after_a_footer_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "preamble.txt"
    path.write_text(entry(1) + FOOTER + "Saved from [*] [+] [-] [x] [A+] [a-] in a browser\n" + entry(2))
    entries, diagnostics = raw_entries(path)
    assert len(entries) == 2
    assert diagnostics == []


# --- work and memory bounded by the largest entry -------------------------------------------


class _Chunk(bytes):
    """A chunk that counts the bytes put in front of it (``carry + chunk`` copies the carry)."""

    copied = 0

    def __radd__(self, other: bytes) -> bytes:
        type(self).copied += len(other)
        return bytes(other) + bytes(self)


def test_a_huge_entry_is_searched_and_copied_once_not_once_per_chunk() -> None:
    """An entry spanning 500 chunks: only the new bytes of each chunk are searched for a marker.

    Joining the carried entry to every new chunk made an entry of n chunks cost n²/2 chunks of
    copying and searching (minutes for an entry of a few hundred megabytes).
    """
    size, n = 1000, 500
    chunks = [_Chunk(MARKER.encode() + b"\n[l] at 4/1/19 1:00pm\n")]
    chunks += [_Chunk(b"y" * (size - 1) + b" ") for _ in range(n)]
    chunks += [_Chunk(b"\n" + MARKER.encode() + b"\nend\n")]
    _Chunk.copied = 0
    out = list(iter_entry_chunks(chunks))
    assert [len(c.data) for c in out] == [len(chunks[0]) + n * size + 1, len(MARKER) + 5]
    assert [c.starts for c in out] == [(0,), (0,)]
    assert _Chunk.copied <= 2 * n * 32  # a marker's length a chunk, not the entry so far


def test_past_max_pending_bytes_entries_go_out_with_no_feed_and_one_warning(tmp_path: Path, monkeypatch) -> None:
    """Entries of a page wait for its footer, but not beyond MAX_PENDING_BYTES: memory stays
    bounded by the largest entry even in a file of huge entries and no footer."""
    monkeypatch.setattr(isocorpus.split, "MAX_PENDING_BYTES", 300)
    path = tmp_path / "dump.txt"
    small = entry(1) + entry(2) + FOOTER  # well under the limit: keeps its footer
    big = "".join(entry(n, paragraphs=3) for n in range(3, 7)) + FOOTER  # 4 × 190 bytes: too much to hold
    path.write_text(small + big, encoding="utf-8")
    articles, diagnostics = read(path)
    assert [a.footer.next_feed if a.footer else None for a in articles] == ["Pro Publica"] * 2 + [None] * 4
    assert [str(d) for d in diagnostics] == [
        f"{path}:{articles[2].line}: no page footer after 0.000286102 MB of entries; they go out with no feed"
    ]


@pytest.mark.parametrize("size", [7, 100, 333, 4096])
def test_an_entry_past_max_entry_bytes_is_cut_and_the_lines_after_it_stay_right(size: int, monkeypatch) -> None:
    """A gzip bomb (a few MB inflating to one entry of gigabytes) must not cost gigabytes: the
    entry is kept up to MAX_ENTRY_BYTES, the rest skipped, and the entries after it keep their lines."""
    huge = "".join(f"\nLine {n} of a paragraph that goes on and on.\n" for n in range(300))
    data = (entry(1) + f"{MARKER}\n[l] at 4/2/19 11:00pm\nBomb\n{huge}" + entry(3) + entry(4)).encode()
    whole = split_bytes(data, size)
    monkeypatch.setattr(isocorpus.split, "MAX_ENTRY_BYTES", 2000)
    cut = split_bytes(data, size)
    assert [line for line, _ in cut] == [line for line, _ in whole]
    assert [piece for _, piece in cut][2:] == [piece for _, piece in whole][2:]
    assert cut[1][1] == whole[1][1][: len(cut[1][1])]
    assert len(cut[1][1]) <= max(2000, size + len(MARKER))
    assert len(whole[1][1]) > 10_000


def test_a_cut_entry_warns_once_and_parses(tmp_path: Path, monkeypatch) -> None:
    huge = "word " * 50_000
    path = tmp_path / "bomb.txt"
    path.write_text(f"{MARKER}\n[l] at 4/2/19 11:00pm\nBomb\n\n{huge}\n\n{huge}\n" + entry(2), encoding="utf-8")
    monkeypatch.setattr(isocorpus.sources, "CHUNK_SIZE", 4096)
    monkeypatch.setattr(isocorpus.split, "MAX_ENTRY_BYTES", 10_000)
    articles, diagnostics = read(path)
    assert [a.line for a in articles] == [1, 8]
    assert [str(d) for d in diagnostics] == [
        f"{path}:1: entry longer than 10,000 bytes: cut there, the rest of it skipped"
    ]
    assert articles[0].word_count < 2100
