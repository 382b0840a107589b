"""Text reuse results: tab-separated rows and JSON for a pipe, rich views for a terminal.

Every reuse command writes through ``write_results``: ``tsv`` (a header row, one flat row per
result), ``json`` (an array of ``as_dict()``), ``jsonl`` (one object a line) or ``table`` (a
view drawn by the command's own ``render_*`` function here, rich imported inside it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

from .safe import visible
from .table import tsv_cell

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..reuse.citations import Citation
    from ..reuse.pairs import TranslationPair
    from ..reuse.quotes import Passage, Quote
    from ..reuse.refs import ArticleRef
    from ..reuse.similar import Similar
    from ..reuse.versions import Version


class ReuseFormat(str, Enum):
    """How a reuse command writes its results."""

    table = "table"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


class _Record(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Record)


def write_tsv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    """A header row, then one tab-separated line per row (tabs and newlines in a cell made spaces)."""
    out.write("\t".join(columns) + "\n")
    n = 0
    for row in rows:
        out.write("\t".join(tsv_cell("" if row[c] is None else row[c]) for c in columns) + "\n")
        n += 1
    return n


def write_results(
    results: Sequence[R],
    fmt: ReuseFormat,
    out: TextIO,
    row: Callable[[R], dict[str, Any]],
    columns: Sequence[str],
    render: Callable[[Sequence[R]], None],
) -> None:
    """Write ``results`` in ``fmt``: ``row`` flattens one for tsv, ``render`` draws them all."""
    if fmt is ReuseFormat.table:
        render(results)
    elif fmt is ReuseFormat.tsv:
        write_tsv((row(r) for r in results), columns, out)
    elif fmt is ReuseFormat.json:
        from ..export.json import write_json_array

        write_json_array((r.as_dict() for r in results), out)
    else:
        from ..export.jsonl import write_records

        write_records((r.as_dict() for r in results), out)


def lines_label(lines: Sequence[int]) -> str:
    """``1244`` or ``1357-1361``: the first and last line of a passage's blocks."""
    if not lines:
        return ""
    return str(lines[0]) if lines[0] == lines[-1] else f"{lines[0]}-{lines[-1]}"


# --- quotes ---------------------------------------------------------------------------------

QUOTE_COLUMNS = (
    "cluster",
    "source_seq",
    "source_byline",
    "source_date",
    "source_lines",
    "source_kinds",
    "target_seq",
    "target_byline",
    "target_date",
    "target_lines",
    "target_kinds",
    "tokens",
    "matched",
    "edits",
    "basis",
    "introducer_line",
    "source_id",
    "target_id",
)


def quote_row(quote: Quote) -> dict[str, Any]:
    """One quote as a flat row (``QUOTE_COLUMNS``); edits as ``kind:source>target`` joined by ``; ``."""
    row: dict[str, Any] = {"cluster": quote.cluster}
    for side, passage in (("source", quote.source), ("target", quote.target)):
        row[f"{side}_seq"] = passage.article.seq
        row[f"{side}_id"] = passage.article.id
        row[f"{side}_byline"] = passage.article.byline
        row[f"{side}_date"] = passage.article.date
        row[f"{side}_lines"] = lines_label(passage.lines)
        row[f"{side}_kinds"] = ",".join(dict.fromkeys(passage.kinds))
    row["tokens"] = quote.source.tokens
    row["matched"] = quote.matched
    row["edits"] = "; ".join(f"{e.kind.value}:{e.source}>{e.target}" for e in quote.edits)
    row["basis"] = quote.basis.value
    row["introducer_line"] = quote.introducer_line
    return row


def _who(passage: Passage) -> str:
    ref = passage.article
    return visible(f"seq {ref.seq} · {ref.byline or '(no byline)'} · {ref.date or 'no date'}")


def _marked(passage: Passage, spans: Iterable[tuple[int, int]], style: str) -> Text:
    """The passage as printed, the words holding an edited token in ``style``."""
    from rich.text import Text

    words = list(passage.words) or (passage.text.split(" ") if passage.text else [])
    marked = [False] * len(words)
    for start, length in spans:
        for i in range(start, min(start + length, len(words))):
            marked[i] = True
    # A word's later tokens ('' in words) mark the word itself.
    owner = 0
    for i, word in enumerate(words):
        if word:
            owner = i
        elif marked[i]:
            marked[owner] = True
    text = Text()
    for i, word in enumerate(words):
        if not word:
            continue
        if len(text):
            text.append(" ")
        text.append(visible(word), style=style if marked[i] else "")
    return text


def render_quotes(quotes: Sequence[Quote], console: Console | None = None) -> None:
    """Each quote: who quotes whom, where, and both passages side by side with the edits marked."""
    from rich.table import Table
    from rich.text import Text

    from .console import make_console

    console = console or make_console()
    if not quotes:
        console.print("No quotes found.")
        return
    for quote in quotes:
        head = Text()
        head.append(f"cluster {quote.cluster}", style="bold")
        head.append(f" (seqs {', '.join(map(str, quote.cluster_seqs))})  ")
        head.append(f"{quote.matched}/{quote.source.tokens} tokens matched, {len(quote.edits)} edits, ")
        head.append(f"direction: {quote.basis.value}")
        console.print(head)
        if quote.introducer is not None:
            intro = quote.introducer if len(quote.introducer) <= 160 else "…" + quote.introducer[-159:]
            console.print(Text(f"introduced at line {quote.introducer_line}: {visible(intro)}", style="italic"))
        table = Table(show_lines=False, expand=True, header_style="bold")
        table.add_column(f"SOURCE {_who(quote.source)} · lines {lines_label(quote.source.lines)}", ratio=1)
        table.add_column(f"TARGET {_who(quote.target)} · lines {lines_label(quote.target.lines)}", ratio=1)
        removed = [(e.offset, len(e.source.split())) for e in quote.edits if e.source]
        added = [(e.target_offset, len(e.target.split())) for e in quote.edits if e.target]
        table.add_row(_marked(quote.source, removed, "red strike"), _marked(quote.target, added, "green underline"))
        console.print(table)
        for edit in quote.edits:
            console.print(Text(f"  {edit.kind.value}: {visible(edit.source) or '∅'} → {visible(edit.target) or '∅'}"))
        console.print()


def _ref(ref: ArticleRef) -> str:
    return visible(f"{ref.seq} {ref.byline or '(no byline)'} ({ref.language or '?'}, {ref.date or 'no date'})")


# --- pairs ----------------------------------------------------------------------------------

PAIR_COLUMNS = (
    "translation_seq",
    "translation_language",
    "original_seq",
    "original_language",
    "score",
    "margin",
    "runner_up",
    "digits",
    "names",
    "prefixes",
    "lengths",
    "provenance",
    "alignment",
    "translation_id",
    "original_id",
)


def alignment_label(beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> str:
    """Aligned blocks as ``181:406`` (lines joined by ``+``; ``-`` for none), space-separated."""
    return " ".join(f"{'+'.join(map(str, t)) or '-'}:{'+'.join(map(str, o)) or '-'}" for t, o in beads)


def pair_row(pair: TranslationPair) -> dict[str, Any]:
    """One translation pair as a flat row (``PAIR_COLUMNS``; a feature not computed is empty)."""
    from ..reuse.pairs import FEATURES

    return {
        "translation_seq": pair.translation.seq,
        "translation_language": pair.translation.language,
        "original_seq": pair.original.seq,
        "original_language": pair.original.language,
        "score": f"{pair.score:.3f}",
        "margin": f"{pair.margin:.3f}",
        "runner_up": pair.runner_up,
        **{k: f"{pair.features[k]:.3f}" if k in pair.features else "" for k in FEATURES},
        "alignment": alignment_label(pair.alignment),
        "translation_id": pair.translation.id,
        "original_id": pair.original.id,
    }


def render_pairs(pairs: Sequence[TranslationPair], console: Console | None = None) -> None:
    """A table of the pairs with their features, then each pair's block alignment."""
    from rich.table import Table

    from .console import make_console

    console = console or make_console()
    if not pairs:
        console.print("No translation pairs found.")
        return
    table = Table(header_style="bold")
    for name in ("translation", "original", "score", "margin", "runner-up", "features"):
        table.add_column(name, justify="left" if name in ("translation", "original") else "right")

    def side(ref: ArticleRef) -> str:
        return f"{ref.seq} ({ref.language or '?'}, {ref.date or 'no date'})"

    for pair in pairs:
        table.add_row(
            side(pair.translation),
            side(pair.original),
            f"{pair.score:.3f}",
            f"{pair.margin:.3f}",
            str(pair.runner_up or "—"),
            " ".join(f"{k[:3]} {v:.2f}" for k, v in pair.features.items()),
        )
    console.print(table)
    console.print("features: digits, names, prefixes, lengths, provenance date (when the translation names one)")
    for pair in pairs:
        console.print(f"{_ref(pair.translation)} → {_ref(pair.original)}")
        console.print(f"  blocks (line:line): {alignment_label(pair.alignment)}")


# --- similar --------------------------------------------------------------------------------

SIMILAR_COLUMNS = ("rank", "seq", "date", "byline", "language", "score", "shared", "id")


def similar_row(result: Similar) -> dict[str, Any]:
    """One similar article as a flat row; shared terms as ``term:share`` joined by spaces."""
    return {
        "rank": result.rank,
        "seq": result.article.seq,
        "date": result.article.date,
        "byline": result.article.byline,
        "language": result.article.language,
        "score": f"{result.score:.4f}",
        "shared": " ".join(f"{t}:{s:.2f}" for t, s in result.shared),
        "id": result.article.id,
    }


def render_similar(results: Sequence[Similar], console: Console | None = None) -> None:
    """A ranked table: the article, its cosine, and the shared terms that drive it."""
    from rich.table import Table

    from .console import make_console

    console = console or make_console()
    if not results:
        console.print("No similar articles.")
        return
    table = Table(title=f"like {_ref(results[0].ref)}", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("article", overflow="fold")
    table.add_column("cosine", justify="right")
    table.add_column("shared terms (share of the score)", overflow="fold")
    for r in results:
        terms = ", ".join(f"{visible(t)} {s:.0%}" for t, s in r.shared)
        table.add_row(str(r.rank), _ref(r.article), f"{r.score:.3f}", terms)
    console.print(table)


# --- citations ------------------------------------------------------------------------------

CITATION_COLUMNS = (
    "citing_seq",
    "line",
    "title",
    "status",
    "seq",
    "byline",
    "match_line",
    "score",
    "runner_up_seq",
    "ratio",
)


def citation_row(c: Citation) -> dict[str, Any]:
    """One citation as a flat row (``CITATION_COLUMNS``)."""
    return {
        "citing_seq": c.citing.seq,
        "line": c.line,
        "title": c.title,
        "status": c.status.value,
        "seq": c.article.seq if c.article else None,
        "byline": c.article.byline if c.article else None,
        "match_line": c.match_line,
        "score": f"{c.score:.2f}" if c.score is not None else None,
        "runner_up_seq": c.runner_up.seq if c.runner_up else None,
        "ratio": f"{c.ratio:.3f}" if c.ratio is not None else None,
    }


def render_citations(citations: Sequence[Citation], console: Console | None = None) -> None:
    """A table: where each title is named, and which article it most plausibly names."""
    from rich.table import Table
    from rich.text import Text

    from .console import make_console

    console = console or make_console()
    if not citations:
        console.print("No citations found.")
        return
    table = Table(header_style="bold")
    table.add_column("in", justify="right")
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("status")
    table.add_column("names", overflow="fold", ratio=1)
    table.add_column("how sure", overflow="fold")
    styles = {"exact": "green", "ranked": "yellow", "unresolved": "red"}
    for c in citations:
        if c.match_line is not None:
            sure = f"phrase at line {c.match_line}"
        elif c.score is not None:
            runner = f" (runner-up {c.runner_up.seq})" if c.runner_up else ""
            sure = f"BM25 {c.score:.2f}, runner-up at {c.ratio:.0%}{runner}"
        else:
            sure = ""
        table.add_row(
            f"{c.citing.seq}:{c.line}",
            Text(visible(c.title)),
            Text(c.status.value, style=styles[c.status.value]),
            _ref(c.article) if c.article else "—",
            sure,
        )
    console.print(table)


# --- versions -------------------------------------------------------------------------------

VERSION_COLUMNS = ("a_seq", "a_date", "b_seq", "b_date", "byline", "jaccard", "changes", "a_id", "b_id")


def version_row(v: Version) -> dict[str, Any]:
    """One pair of versions as a flat row; changes as ``op:lines_a>lines_b`` joined by spaces."""
    return {
        "a_seq": v.a.seq,
        "a_date": v.a.date,
        "b_seq": v.b.seq,
        "b_date": v.b.date,
        "byline": v.a.byline,
        "jaccard": f"{v.jaccard:.3f}",
        "changes": " ".join(
            f"{c.op}:{'+'.join(map(str, c.lines_a)) or '-'}>{'+'.join(map(str, c.lines_b)) or '-'}" for c in v.changes
        ),
        "a_id": v.a.id,
        "b_id": v.b.id,
    }


def render_versions(versions: Sequence[Version], console: Console | None = None) -> None:
    """Each pair of versions, then its changed blocks as a diff (- first version, + second)."""
    from rich.text import Text

    from .console import make_console

    console = console or make_console()
    if not versions:
        console.print("No versions found.")
        return
    for v in versions:
        console.print(Text(f"{_ref(v.a)}  ≈  {_ref(v.b)}   Jaccard ≈ {v.jaccard:.2f}", style="bold"))
        for c in v.changes:
            console.print(Text(f"@@ {c.op} lines {lines_label(c.lines_a) or '-'} → {lines_label(c.lines_b) or '-'}"))
            for text in c.text_a:
                console.print(Text(f"- {visible(text)}", style="red"))
            for text in c.text_b:
                console.print(Text(f"+ {visible(text)}", style="green"))
        console.print()
