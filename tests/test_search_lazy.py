"""The fast path agrees exactly with the parser (search.lazy, .count, .grep): fixtures, corpus, generated dumps.

Three levels are compared. ``EntryView.classify`` gives every line of every entry the kind (and
block text) ``parse_entry`` gives it; ``footer_cut`` cuts where the reader cuts; and
``count_hits``/``iter_hits`` (both engines, ranges, processes) give what parsing everything and
running ``search_article`` gives.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isocorpus.errors import PatternError
from isocorpus.parse import iter_articles, iter_raw, parse_entry
from isocorpus.search import compile_query, resolve_kinds
from isocorpus.search.grep import GrepStats, count_hits, iter_hits
from isocorpus.search.lazy import EntryView, footer_cut
from isocorpus.search.prefilter import engines, make_finder
from isocorpus.sources import MARKER, NO_ENTRIES, Source, bundled_path, open_chunks
from isocorpus.split import NL_MARKER, _split_footer

ROOT = Path(__file__).resolve().parent.parent
ENGINES = engines()


def fixture_dumps() -> list[Path]:
    """Every dump under fixtures/ (any branch's): .txt, .gz, and files with no extension."""
    found = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file() and (path.suffix in (".txt", ".gz") or not path.suffix):
            found.append(path)
    return found


DUMPS = [bundled_path(), *fixture_dumps()]
DUMP_IDS = [str(p.relative_to(ROOT)) if ROOT in p.parents else p.name for p in DUMPS]


def _quiet(_: object) -> None:
    return None


def _readable(path: Path) -> bool:
    try:
        list(iter_raw(path, on_warning=_quiet))
    except Exception:  # binary fixtures and the like: nothing to compare
        return False
    return True


# --- classification, line by line ----------------------------------------------------------------


def _entry_bounds(data: bytes) -> list[tuple[int, int]]:
    starts = [0] if data.startswith(MARKER) else []
    k = data.find(NL_MARKER)
    while k >= 0:
        starts.append(k + 1)
        k = data.find(NL_MARKER, k + 1)
    return list(zip(starts, [*starts[1:], len(data)], strict=False))


def _final_encoding(path: Path) -> str:
    encoding = "utf-8"
    for seq, raw in enumerate(iter_raw(path, on_warning=_quiet), 1):
        parse_entry(raw, seq)
        encoding = raw.decoder.encoding
    return encoding


def compare_classification(path: Path) -> list[str]:
    """Lines where ``EntryView.classify`` and ``parse_entry`` disagree (empty when they agree)."""
    data = b"".join(open_chunks(Source(str(path), path), _quiet))
    encoding = _final_encoding(path)
    articles = list(iter_articles(path, on_warning=_quiet))
    views: list[EntryView] = []
    for start, end in _entry_bounds(data):
        view = EntryView(data, start, end, encoding)
        views.append(view)
        while (glued := view.glued()) >= 0:  # entries glued after a page footer
            view = EntryView(data, glued, end, encoding)
            views.append(view)
    assert len(articles) == len(views)
    problems: list[str] = []
    limits = [nxt.start if nxt.end == view.end else view.end for view, nxt in zip(views, views[1:], strict=False)]
    if views:
        limits.append(views[-1].end)
    for article, view, end in zip(articles, views, limits, strict=True):
        start = view.start
        expected = {b.line: (b.kind.value, b.text) for b in article.blocks}
        got: dict[int, tuple[str, str]] = {}
        bylines: list[str] = []
        s, line = start, article.line
        while s < end:
            block = view.classify(s)
            if block is not None and block[0] == "byline":
                bylines.append(block[1])
            elif block is not None:
                got[line] = block
            e = data.find(b"\n", s, end)
            if e < 0:
                break
            s, line = e + 1, line + 1
        for n in sorted(set(got) | set(expected)):
            if got.get(n) != expected.get(n):
                problems.append(f"{path.name}:{n}: fast {got.get(n)} parser {expected.get(n)}")
        if bylines != ([article.byline] if article.byline else []):
            problems.append(f"{path.name}:{article.line}: byline fast {bylines} parser {article.byline!r}")
    return problems


@pytest.mark.parametrize("path", DUMPS, ids=DUMP_IDS)
def test_classification_agrees_with_the_parser(path: Path) -> None:
    if not _readable(path):
        pytest.skip("not a readable dump")
    assert compare_classification(path) == []


@pytest.mark.parametrize("path", DUMPS, ids=DUMP_IDS)
def test_footer_cut_agrees_with_the_reader(path: Path) -> None:
    if not _readable(path):
        pytest.skip("not a readable dump")
    data = b"".join(open_chunks(Source(str(path), path), _quiet))
    finders = [None, *(make_finder(compile_query("crocodile"), e) for e in ENGINES)]
    for start, end in _entry_bounds(data):
        body, _ = _split_footer(data[start:end], 1, _NullDecoder())
        for finder in finders:
            assert footer_cut(data, start, end, finder) == start + len(body)


class _NullDecoder:
    """Stands in for a TextDecoder where only the footer's position matters."""

    source = ""
    encoding = "utf-8"

    def decode(self, data: bytes, line: int) -> tuple[str, list[object]]:
        return data.decode("utf-8", "replace"), []

    def on_warning(self, _: object) -> None:
        return None


# --- whole searches: fast paths against parsing everything ---------------------------------------

PATTERNS = [
    "crocodile",
    "Crocodile",
    "crocodile's",
    r"croc\w+",
    "(?:Crocodile|note)s?",
    "published",
    "democratic centralism",
    "Notes",
    "reflections on",
    "the",
    "lede",
    "ISO",
]
KIND_SETS = [
    None,
    ["all"],
    ["inset"],
    ["byline"],
    ["note", "provenance"],
    ["signoff", "list"],
    ["provenance"],
    ["lede"],
]


def _key(hits: Iterator[object]) -> list[tuple[object, ...]]:
    return [(h.article.seq, h.article.id, h.line, h.kind, h.start, h.end) for h in hits]  # type: ignore[attr-defined]


def assert_paths_agree(path: Path, pattern: str, kinds: list[str] | None, max_per_article: int | None = None) -> None:
    query = compile_query(pattern)
    chosen = resolve_kinds(kinds)
    options = {"kinds": chosen, "max_per_article": max_per_article, "on_warning": _quiet}
    slow = GrepStats()
    exact = _key(iter_hits(path, query, engine="none", stats=slow, **options))  # type: ignore[arg-type]
    for engine in ENGINES:
        assert _key(iter_hits(path, query, engine=engine, **options)) == exact, engine  # type: ignore[arg-type]
        fast = GrepStats()
        assert count_hits(path, query, engine=engine, jobs=1, stats=fast, **options) == len(exact), engine  # type: ignore[arg-type]
        assert (fast.entries, fast.articles, fast.matches) == (slow.entries, slow.articles, slow.matches), engine


@pytest.mark.parametrize("path", DUMPS, ids=DUMP_IDS)
def test_fast_and_slow_paths_agree_on_fixtures(path: Path) -> None:
    if not _readable(path):
        pytest.skip("not a readable dump")
    for pattern in PATTERNS:
        for kinds in KIND_SETS:
            assert_paths_agree(path, pattern, kinds)
    assert_paths_agree(path, "crocodile", ["all"], max_per_article=1)
    assert_paths_agree(path, "the", None, max_per_article=2)


def test_acceptance_on_the_bundled_corpus() -> None:
    query = compile_query("democratic centralism")
    hits = list(iter_hits(None, query))
    assert len(hits) == 9
    assert len({h.article.seq for h in hits}) == 5
    for engine in ENGINES:
        assert count_hits(None, query, engine=engine) == 9


# --- generated dumps ------------------------------------------------------------------------------

_LINES = [
    "A paragraph about the crocodile.",
    "Crocodile heading",
    "Short crocodile line",
    "Reflections on the crocodile Reflections on the crocodile",
    "A crocodile message from all of us at the paper today A crocodile message from all of us at the paper today",
    "1. A numbered crocodile note.",
    "2) Another numbered line",
    "Notes",
    "Footnotes:",
    "Notas",
    "Dear crocodile,",
    "In solidarity,",
    "Signed by: Crocodile One and Crocodile Two",
    "First published in Crocodile Weekly",
    "Translated by a crocodile",
    "Reprinted from crocodile.org.",
    "The crocodile’s “quoted” line — with dashes…",
    "And yet...",
    "x" * 120 + " crocodile",
    "As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.",
    "As of someday crocodile",
    "Next feed in category: Crocodiles",
    "[l] at 4/18/19 11:00pm",
    MARKER.decode() + " in the crocodile middle",
    "\u00a0",
    "  indented crocodile  ",
    "\u212aelvin ſocialist crocodile",
    "crocodile\tcrocodile",
    "A long crocodile paragraph" + " with many words" * 15 + ".",  # long lines: never headings or insets
    "1. A long crocodile note" + " with many words" * 15,
    "Dear crocodile comrades" + " and friends" * 18 + ",",
    "First published by Crocodile Weekly" + " and elsewhere" * 14,
    "Signed by: Crocodile One" + ", Crocodile Two" * 14,
    "Next feed in category: Crocodiles" + MARKER.decode(),  # dumps joined with cat: a marker glued to a footer
    "\ufeff" + MARKER.decode() + "\u00a0",  # ... or after a byte-order mark
]
_STAMPS = ["[l] at 4/18/19 11:00pm", "[l] at 13/45/19 9:99pm", " [l] at 4/1/19 1:00am"]
_MARKERS = [MARKER.decode() + "\u00a0 ", MARKER.decode(), MARKER.decode() + "\t", MARKER.decode() + "  crocodile"]


@st.composite
def dumps(draw: st.DrawFn) -> bytes:
    out: list[str] = []
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(_LINES)))
    for _ in range(draw(st.integers(0, 4))):
        out.append(draw(st.sampled_from(_MARKERS)))
        out.extend([""] * draw(st.integers(0, 1)))
        if draw(st.integers(0, 4)):
            out.append(draw(st.sampled_from(_STAMPS)))
        if draw(st.integers(0, 4)):
            out.append(draw(st.sampled_from(["Tess Carter", "From the ISO", "Crocodile Byline", "", "\u00a0"])))
        for _ in range(draw(st.integers(0, 9))):
            out.extend([""] * draw(st.sampled_from([0, 1, 1, 1, 2, 3])))
            out.append(draw(st.sampled_from(_LINES)))
    text = "\n".join(out) + draw(st.sampled_from(["", "\n", "\n\n"]))
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1252", "bad"]))
    if encoding == "cp1252":
        return text.replace("\u212a", "K").replace("ſ", "s").encode("cp1252", "replace")
    data = text.encode("utf-8")
    if encoding == "bad":
        data = data.replace(b"crocodile.", b"crocodile\xff.", 1)
    return data


@st.composite
def patterns(draw: st.DrawFn) -> str:
    """A pattern: a fixed one, or a piece of a line of the dumps (escaped), in some case."""
    if draw(st.booleans()):
        return draw(st.sampled_from(["crocodile", "Crocodile", "crocodile's", "kelvin", "socialist", "notes"]))
    line = draw(st.sampled_from(_LINES))
    start = draw(st.integers(0, max(len(line) - 3, 0)))
    piece = line[start : start + draw(st.integers(3, 12))]
    piece = draw(st.sampled_from([piece, piece.lower(), piece.upper()]))
    return regex.escape(piece) if draw(st.booleans()) else piece.replace("\\", "")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=dumps(), pattern=patterns())
def test_generated_dumps_agree(data: bytes, pattern: str) -> None:
    try:
        compile_query(pattern)
    except PatternError:
        return  # a piece that is no valid regex (an unbalanced bracket): nothing to compare
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dump.txt")
        path.write_bytes(data)
        assert compare_classification(path) == []
        for kinds in (None, ["all"], ["inset", "byline"], ["note", "provenance", "signoff"], ["provenance"], ["text"]):
            assert_paths_agree(path, pattern, kinds)


def test_generated_dump_with_a_bom_and_preamble_only(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + MARKER + b"\n[l] at 4/18/19 11:00pm\nCrocodile\n\nA crocodile.\n")
    assert_paths_agree(path, "crocodile", ["all"])
    only = tmp_path / "preamble.txt"
    only.write_text("crocodile but no marker\n")
    warnings: list[object] = []
    assert count_hits(only, compile_query("crocodile"), on_warning=warnings.append) == 0
    assert [str(w) for w in warnings] == [f"{only}: {NO_ENTRIES}"]
