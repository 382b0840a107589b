"""Properties of the parser over generated dumps (hypothesis).

- it never raises on arbitrary text, nor on arbitrary bytes (but for the NUL bytes that mark an
  input as binary, which is an ``IsocorpusError`` by design);
- every line that begins with the entry marker gives exactly one record;
- a record (and so its id) does not depend on line ends, a BOM, gzip, or what came before it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_helpers import MARKER, comparable, crlf, gz, marker_lines, read

from isocorpus.errors import BinaryInputError
from isocorpus.sources import NotADumpError, utf16_without_bom

settings.register_profile(
    "isocorpus-parse", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=120
)
PROFILE = settings.get_profile("isocorpus-parse")

# Lines that mean something to the parser, so that generated dumps exercise its rules.
MEANINGFUL = [
    MARKER,
    MARKER + " \u00a0",
    MARKER + "\t",
    "[l] at 4/18/19 11:00pm",
    "[l] at 3/14/19 12:05am",
    "[l] at 13/45/19 9:99pm",
    "[l] at",
    "From the ISO",
    "Maryam A, Nikki W, and Tess Carter",
    "",
    "",
    "",
    "IN LATE March, members voted to dissolve the organization.",
    "Reflections on our crisis",
    "A message from Socialist Worker A message from Socialist Worker",
    "And yet...",
    "Notes",
    "Footnotes",
    "1. A note.",
    "2) Another note",
    "Towards a world without violence,",
    "Signed by: Aaron A, Ashley S and Bekah W",
    "Signed by:",
    "First published on Facebook",
    "Publicado el 15 de marzo de 2019.",
    "As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.",
    "As of 99/99/99 9:99pm. Last new 0/0/00 0:00am.",
    "Next feed in category: Pro Publica",
    "Next feed in category:",
    "Las decisiones se tomaron a raíz de una grave crisis en la ISO.",
    "x" * 120,
]

free_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60)
line_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r\n\ufeff"), max_size=60)
text_dumps = st.lists(st.one_of(st.sampled_from(MEANINGFUL), free_text), max_size=40).map("\n".join)
clean_dumps = st.lists(st.one_of(st.sampled_from(MEANINGFUL), line_text), max_size=40).map(
    lambda lines: "\n".join(lines) + "\n"
)
byte_dumps = st.lists(
    st.one_of(st.sampled_from([m.encode() for m in MEANINGFUL]), st.binary(max_size=40)), max_size=30
).map(b"\n".join)


def _read_bytes(data: bytes, name: str = "dump.txt"):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(data)
        articles, diagnostics = read(path)
        return articles, diagnostics, str(path)


def _records(data: bytes) -> list[dict]:
    articles, _, source = _read_bytes(data)
    out = []
    for a in articles:
        record = comparable(a.as_dict())
        record["warnings"] = [w.replace(source, "{source}") for w in record["warnings"]]
        out.append(record)
    return out


@PROFILE
@given(text_dumps)
def test_arbitrary_text_never_raises_and_every_marker_line_is_one_record(text: str) -> None:
    articles, _, _ = _read_bytes(text.encode("utf-8"))
    assert len(articles) == marker_lines(text)
    for a in articles:
        a.as_dict()


@PROFILE
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00")))
def test_entirely_arbitrary_text_never_raises(text: str) -> None:
    articles, _, _ = _read_bytes(text.encode("utf-8"))
    assert len(articles) == marker_lines(text)


@PROFILE
@given(byte_dumps)
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    try:
        articles, _, _ = _read_bytes(data)
    except BinaryInputError as exc:
        assert b"\x00" in data or data[:2] == b"\x1f\x8b" or isinstance(exc, NotADumpError)
        return
    if data[:2] not in (b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff") and not utf16_without_bom(data):
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        assert len(articles) == sum(1 for line in body.split(b"\n") if line.startswith(MARKER.encode()))


@PROFILE
@given(clean_dumps)
def test_records_do_not_depend_on_line_ends_bom_or_gzip(text: str) -> None:
    lf = text.encode("utf-8")
    want = _records(lf)
    assert len(want) == marker_lines(text)
    for form in (
        crlf(lf),
        b"\xef\xbb\xbf" + lf,
        b"\xef\xbb\xbf" + crlf(lf),
        gz(lf),
        gz(b"\xef\xbb\xbf" + crlf(lf)),
    ):
        got = _records(form)
        assert [r["id"] for r in got] == [r["id"] for r in want]
        assert got == want


@PROFILE
@given(clean_dumps, clean_dumps)
def test_ids_do_not_depend_on_what_came_before(before: str, text: str) -> None:
    text = MARKER + "\n" + text
    alone = [r["id"] for r in _records(text.encode())]
    after = [r["id"] for r in _records((before + text).encode())]
    assert after[len(after) - len(alone) :] == alone
