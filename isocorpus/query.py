"""The boolean query language: which articles (or blocks) a researcher means, in one expression.

    >>> from isocorpus import iter_articles
    >>> from isocorpus.query import compile_where
    >>> where = compile_where('caucus AND "democratic centralism"')
    >>> [a.seq for a in iter_articles(None) if where.matches(a)]
    [8]

The language (SQLite FTS5's spelling where the forms overlap, so a query also reads right in the
``articles_fts`` table of an exported database):

- a **term** is a pattern as ``grep`` takes it (a regular expression; smart case, typographic
  and accent folding, ``-F``/``-w``/``--fuzzy`` as the options ask): ``caucus``, ``Lenin.*ism``.
  Whitespace, ``( ) " { } ,`` end a term; a backslash keeps the next character in it
  (``1968\\-69``, ``a\\ b``). ``/…/`` holds a whole regular expression, spaces and parentheses
  included: ``/(Lenin|Trotsky)ism/``.
- ``"a phrase"``: these words in this order, whatever whitespace is between them, taken
  literally (``""`` is a quote inside a phrase).
- ``a AND b`` (``a b`` too), ``a OR b``, ``a NOT b``, ``NOT a``, parentheses. The operators are
  upper case (lower-case ``and`` is a word to find). ``NOT`` binds tightest, then ``AND``, then
  ``OR``, as in FTS5: ``a OR b NOT c`` is ``a OR (b NOT c)``.
- ``NEAR(a b "c d", N)``: every term within one block, at most N tokens between the first and
  the last (default 10; FTS5's rule).
- block kinds, as ``grep --in`` names them: ``heading:caucus``, ``lede:(vote OR dissolve)``,
  ``notes:Draper``, ``{heading lede}:caucus``; ``text`` (lede, headings, paragraphs, lists),
  ``apparatus`` (notes, sign-off, provenance), ``byline`` and ``all`` too. A qualifier replaces
  the kinds searched by default; nested qualifiers keep the kinds both name.
- metadata: ``author:McNally`` (byline or an author contains it, case-insensitive, as
  ``--author``), ``lang:es``, ``since:2019-04-01``, ``until:"April 30 2019"`` (as ``--since`` and
  ``--until``), ``id:4f2a`` (id prefix). ``byline:`` is the byline searched as a block.

A query is judged over an article's blocks taken together (``Scope.ARTICLE``, the default) or
over each block alone (``Scope.BLOCK``: an article qualifies when one of its blocks does). The
hits of a query are the matches of its positive terms (those under no ``NOT``) in the parts of
the query that hold, for highlighting; overlapping matches are merged.

A malformed query raises ``QueryError`` naming the column where it goes wrong.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Union

from .errors import PatternError, QueryError, UsageError
from .filters import parse_day
from .model import Article, BlockKind
from .search import (
    BYLINE,
    DEFAULT_KINDS,
    DEFAULT_TIMEOUT,
    CaseMode,
    Hit,
    Query,
    compile_query,
    resolve_kinds,
    searched_blocks,
)


class Scope(str, Enum):
    """What a query is judged on."""

    article = "article"
    block = "block"

    def __str__(self) -> str:
        return self.value


#: NEAR's distance when none is given (FTS5's default).
DEFAULT_NEAR = 10
#: How deep parentheses and qualifiers may nest.
MAX_DEPTH = 64

#: Kind qualifiers: the names ``grep --in`` takes, their plurals, and the FTS columns' names.
_KIND_GROUPS: dict[str, frozenset[str]] = {
    "apparatus": frozenset({BlockKind.NOTE.value, BlockKind.SIGNOFF.value, BlockKind.PROVENANCE.value}),
}
_KIND_NAMES = {k.value for k in BlockKind} | {BYLINE, "text", "all"}
_PLURALS = {"ledes": "lede", "headings": "heading", "paragraphs": "paragraph", "lists": "list", "notes": "note"}
_PLURALS |= {"signoffs": "signoff", "insets": "inset", "bylines": "byline"}
#: Metadata qualifiers.
META_FIELDS = ("author", "lang", "since", "until", "id")


def kind_names() -> tuple[str, ...]:
    """Every name a block-kind qualifier may take."""
    return tuple(sorted(_KIND_NAMES | set(_PLURALS) | set(_KIND_GROUPS)))


def _kinds_of(name: str) -> frozenset[str]:
    name = _PLURALS.get(name, name)
    if name in _KIND_GROUPS:
        return _KIND_GROUPS[name]
    return resolve_kinds([name])


# --- the syntax tree -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A pattern (or a phrase) to find in blocks."""

    pattern: str
    """The pattern as written (a phrase: its words, as written)."""
    phrase: bool
    """Whether it was quoted: literal words in order, any whitespace between."""
    column: int
    """Its 1-based column in the query."""
    regex: bool = False
    """Whether it was written ``/…/``."""


@dataclass(frozen=True, slots=True)
class Near:
    """``NEAR(a b …, N)``: all the terms in one block, at most ``distance`` tokens apart."""

    terms: tuple[Term, ...]
    distance: int
    column: int


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class Kinds:
    """A block-kind qualifier: the terms below it are searched in these kinds."""

    kinds: frozenset[str]
    child: Node


@dataclass(frozen=True, slots=True)
class Meta:
    """A metadata qualifier: ``field:value``."""

    field: str
    value: str
    column: int


Node = Union[Term, Near, And, Or, Not, Kinds, Meta]  # noqa: UP007 (a runtime alias, read by isinstance)


# --- lexing ----------------------------------------------------------------------------------


class _T(str, Enum):
    WORD = "word"
    PHRASE = "phrase"
    REGEX = "regex"
    FIELD = "field"
    KINDSET = "kindset"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    NEAR = "NEAR"
    END = "end"


@dataclass(frozen=True, slots=True)
class _Token:
    type: _T
    text: str
    column: int


_DELIMITERS = set('()"{},') | {" ", "\t", "\n", "\r"}
_FIELD = re.compile(r"([A-Za-z]+)[ \t]*:")


def _describe(token: _Token) -> str:
    if token.type is _T.END:
        return "end of query"
    if token.type is _T.PHRASE:
        return f'"{token.text}"'
    if token.type is _T.FIELD:
        return f"{token.text}:"
    return repr(token.text)


def _tokens(text: str) -> Iterator[_Token]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch.isspace():
            i += 1
        elif ch in "(),":
            yield _Token(_T(ch), ch, col)
            i += 1
        elif ch == '"':
            i, phrase = _read_phrase(text, i)
            yield _Token(_T.PHRASE, phrase, col)
        elif ch == "/":
            i, pattern = _read_regex(text, i)
            yield _Token(_T.REGEX, pattern, col)
        elif ch == "{":
            close = text.find("}", i)
            if close < 0:
                raise QueryError("'{' is not closed", col, text)
            names = text[i + 1 : close].split()
            after = re.compile(r"[ \t]*:").match(text, close + 1)
            if after is None:
                raise QueryError("'{…}' must be followed by ':'", close + 2, text)
            yield _Token(_T.KINDSET, " ".join(names), col)
            i = after.end()
        elif ch == "}":
            raise QueryError("'}' without '{'", col, text)
        else:
            field_match = _FIELD.match(text, i)
            if field_match is not None:
                name = field_match.group(1).lower()
                if name not in META_FIELDS and name not in _KIND_NAMES and name not in _PLURALS | _KIND_GROUPS:
                    known = ", ".join(sorted({*META_FIELDS, *_KIND_NAMES, "apparatus"}))
                    raise QueryError(
                        f"unknown field {field_match.group(1)!r} (fields: {known}; quote a term with a colon)",
                        col,
                        text,
                    )
                yield _Token(_T.FIELD, name, col)
                i = field_match.end()
                continue
            start = i
            while i < n and text[i] not in _DELIMITERS:
                i += 2 if text[i] == "\\" else 1
            i = min(i, n)
            word = text[start:i]
            if word in ("AND", "OR", "NOT"):
                yield _Token(_T(word), word, col)
            elif word == "NEAR" and i < n and text[i] == "(":
                yield _Token(_T.NEAR, word, col)
            else:
                yield _Token(_T.WORD, word, col)
    yield _Token(_T.END, "", n + 1)


def _read_phrase(text: str, i: int) -> tuple[int, str]:
    """The phrase opening at ``text[i]`` (``""`` is a quote), and the index after it."""
    out: list[str] = []
    j = i + 1
    while True:
        close = text.find('"', j)
        if close < 0:
            raise QueryError("'\"' is not closed", i + 1, text)
        out.append(text[j:close])
        if text.startswith('""', close):
            out.append('"')
            j = close + 2
            continue
        return close + 1, "".join(out)


def _read_regex(text: str, i: int) -> tuple[int, str]:
    """The regular expression ``/…/`` opening at ``text[i]`` (``\\/`` is a slash), and the index after it."""
    j = i + 1
    out: list[str] = []
    while j < len(text):
        ch = text[j]
        if ch == "\\" and j + 1 < len(text):
            out.append("/" if text[j + 1] == "/" else text[j : j + 2])
            j += 2
            continue
        if ch == "/":
            return j + 1, "".join(out)
        out.append(ch)
        j += 1
    raise QueryError("'/' is not closed", i + 1, text)


# --- parsing ---------------------------------------------------------------------------------

_STARTS = {_T.WORD, _T.PHRASE, _T.REGEX, _T.FIELD, _T.KINDSET, _T.LPAREN, _T.NEAR, _T.NOT}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(_tokens(text))
        self.pos = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        if token.type is not _T.END:
            self.pos += 1
        return token

    def fail(self, reason: str, token: _Token | None = None) -> QueryError:
        return QueryError(reason, (token or self.token).column, self.text)

    def expect(self, kind: _T, what: str) -> _Token:
        if self.token.type is not kind:
            raise self.fail(f"expected {what}, found {_describe(self.token)}")
        return self.take()

    def parse(self) -> Node:
        if self.token.type is _T.END:
            raise self.fail("empty query")
        node = self.expr()
        if self.token.type is not _T.END:
            if self.token.type is _T.RPAREN:
                raise self.fail("')' without '('")
            if self.token.type is _T.COMMA:
                raise self.fail("',' outside NEAR(…) (quote a term with a comma)")
            raise self.fail(f"unexpected {_describe(self.token)}")
        return node

    def nest(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} deep", token)

    def expr(self) -> Node:
        children = [self.and_expr()]
        while self.token.type is _T.OR:
            self.take()
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children = [self.not_expr()]
        while True:
            if self.token.type is _T.AND:
                self.take()
            elif self.token.type not in _STARTS:
                break
            children.append(self.not_expr())
        return children[0] if len(children) == 1 else And(tuple(children))

    def not_expr(self) -> Node:
        node = self.unary()
        while self.token.type is _T.NOT:
            self.take()
            node = And((node, Not(self.unary())))
        return node

    def unary(self) -> Node:
        token = self.token
        if token.type is _T.NOT:
            self.take()
            self.nest(token)
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.type is _T.LPAREN:
            self.take()
            self.nest(token)
            if self.token.type is _T.RPAREN:
                raise self.fail("empty parentheses")
            node = self.expr()
            if self.token.type is not _T.RPAREN:
                raise self.fail(
                    f"expected ')' to close the '(' at column {token.column}, found {_describe(self.token)}"
                )
            self.take()
            self.depth -= 1
            return node
        if token.type is _T.NEAR:
            return self.near()
        if token.type is _T.FIELD:
            self.take()
            if token.text in META_FIELDS:
                return self.meta(token)
            return self.qualified(_kinds_of(token.text), token)
        if token.type is _T.KINDSET:
            self.take()
            kinds: frozenset[str] = frozenset()
            for name in token.text.split():
                if name.lower() not in _KIND_NAMES | set(_PLURALS) | set(_KIND_GROUPS):
                    raise self.fail(f"unknown block kind {name!r} in '{{…}}'", token)
                kinds |= _kinds_of(name.lower())
            if not kinds:
                raise self.fail("'{}' names no block kind", token)
            return self.qualified(kinds, token)
        if token.type in (_T.WORD, _T.PHRASE, _T.REGEX):
            return self.term()
        if token.type is _T.END:
            raise self.fail("the query ends where a term was expected")
        if token.type is _T.RPAREN:
            raise self.fail("')' where a term was expected")
        if token.type is _T.COMMA:
            raise self.fail("',' outside NEAR(…) (quote a term with a comma)")
        raise self.fail(f"{_describe(token)} where a term was expected")

    def qualified(self, kinds: frozenset[str], token: _Token) -> Node:
        self.nest(token)
        node = Kinds(kinds, self.unary())
        self.depth -= 1
        return node

    def term(self) -> Term:
        token = self.take()
        if token.type is _T.PHRASE:
            if not token.text.strip():
                raise self.fail("empty phrase", token)
            return Term(token.text, True, token.column)
        if token.type is _T.REGEX:
            if not token.text:
                raise self.fail("empty regular expression", token)
            return Term(token.text, False, token.column, regex=True)
        return Term(token.text, False, token.column)

    def near(self) -> Near:
        start = self.take()
        self.expect(_T.LPAREN, "'(' after NEAR")
        terms: list[Term] = []
        while self.token.type in (_T.WORD, _T.PHRASE, _T.REGEX):
            terms.append(self.term())
        if not terms:
            raise self.fail("NEAR(…) needs terms")
        distance = DEFAULT_NEAR
        if self.token.type is _T.COMMA:
            self.take()
            number = self.token
            if number.type is not _T.WORD or not number.text.isdigit():
                raise self.fail(f"expected a number of tokens after ',', found {_describe(number)}")
            self.take()
            distance = int(number.text)
        if self.token.type is not _T.RPAREN:
            raise self.fail(f"expected ')' to close NEAR(, found {_describe(self.token)}")
        self.take()
        return Near(tuple(terms), distance, start.column)

    def meta(self, name: _Token) -> Meta:
        value = self.token
        if value.type not in (_T.WORD, _T.PHRASE):
            if value.type is _T.LPAREN:
                raise self.fail(f"{name.text}: takes one value (write {name.text}:A OR {name.text}:B)")
            raise self.fail(f"expected a value after {name.text}:, found {_describe(value)}")
        self.take()
        text = value.text.strip()
        if not text:
            raise self.fail(f"empty value after {name.text}:", value)
        if name.text == "id" and not re.fullmatch(r"[0-9a-fA-F]{4,}", text):
            raise self.fail(f"id: takes an id prefix of at least 4 hex digits, not {text!r}", value)
        if name.text == "lang" and not re.fullmatch(r"[A-Za-z]{2,3}", text):
            raise self.fail(f"lang: takes a language code such as en or es, not {text!r}", value)
        if name.text in ("since", "until"):
            try:
                parse_day(text, name.text, end=name.text == "until")
            except UsageError as exc:
                raise self.fail(exc.message, value) from None
        return Meta(name.text, text, value.column)


def parse_query(text: str) -> Node:
    """The syntax tree of a query; ``QueryError`` (with the column) when it is malformed."""
    return _Parser(text).parse()


# --- compiling -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermOptions:
    """How terms are compiled: grep's matching options."""

    fixed: bool = False
    word: bool = False
    case: CaseMode = CaseMode.SMART
    strict: bool = False
    fold_accents: bool = False
    fuzzy: int = 0
    timeout: float = DEFAULT_TIMEOUT

    def compile(self, pattern: str, fixed: bool | None = None) -> Query:
        """``pattern`` compiled with these options (``fixed`` overrides ``self.fixed``); ``PatternError``."""
        return compile_query(
            pattern,
            fixed=self.fixed if fixed is None else fixed,
            word=self.word,
            case=self.case,
            strict=self.strict,
            fold_accents=self.fold_accents,
            fuzzy=self.fuzzy,
            timeout=self.timeout,
        )


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled term and the block kinds it is searched in."""

    query: Query
    """The compiled pattern (``isocorpus.search``)."""
    kinds: frozenset[str]
    """The block kinds (and ``byline``) it is searched in."""
    index: int
    """Its position among the query's terms (for memoising)."""


@dataclass(frozen=True, slots=True)
class _CNear:
    patterns: tuple[Pattern, ...]
    distance: int
    index: int


@dataclass(frozen=True, slots=True)
class _CMeta:
    field: str
    value: str
    day: date | None = None


@dataclass(frozen=True, slots=True)
class _CAnd:
    children: tuple[_Compiled, ...]


@dataclass(frozen=True, slots=True)
class _COr:
    children: tuple[_Compiled, ...]


@dataclass(frozen=True, slots=True)
class _CNot:
    child: _Compiled


_Compiled = Union[Pattern, _CNear, _CMeta, _CAnd, _COr, _CNot]  # noqa: UP007


def phrase_pattern(words: str) -> str:
    """The regular expression of a phrase: its words literally, any whitespace between them."""
    return r"\s+".join(re.escape(w) for w in words.split())


class _Compiler:
    def __init__(self, text: str, options: TermOptions, kinds: frozenset[str], located: bool = True) -> None:
        self.text = text
        self.located = located
        self.options = options
        self.default = kinds
        self.count = 0
        self.positive: list[Pattern | _CNear] = []

    def pattern(self, term: Term, kinds: frozenset[str], positive: bool) -> Pattern:
        o = self.options
        if term.phrase:
            body, fixed = phrase_pattern(term.pattern), False
        else:
            body, fixed = term.pattern, o.fixed and not term.regex
        try:
            query = o.compile(body, fixed)
        except PatternError as exc:
            if not self.located:
                raise
            reason = exc.message.replace("bad pattern", "bad term", 1)
            raise QueryError(reason, term.column, self.text) from None
        self.count += 1
        compiled = Pattern(query, kinds, self.count)
        if positive:
            self.positive.append(compiled)
        return compiled

    def compile(self, node: Node, kinds: frozenset[str] | None, positive: bool) -> _Compiled:
        if isinstance(node, Term):
            return self.pattern(node, self.default if kinds is None else kinds, positive)
        if isinstance(node, Near):
            patterns = tuple(self.pattern(t, self.default if kinds is None else kinds, False) for t in node.terms)
            self.count += 1
            near = _CNear(patterns, node.distance, self.count)
            if positive:
                self.positive.append(near)
            return near
        if isinstance(node, And):
            return _CAnd(tuple(self.compile(c, kinds, positive) for c in node.children))
        if isinstance(node, Or):
            return _COr(tuple(self.compile(c, kinds, positive) for c in node.children))
        if isinstance(node, Not):
            return _CNot(self.compile(node.child, kinds, False))
        if isinstance(node, Kinds):
            return self.compile(node.child, node.kinds if kinds is None else kinds & node.kinds, positive)
        day = None
        if node.field in ("since", "until"):
            day = parse_day(node.value, node.field, end=node.field == "until")
        value = node.value.casefold()
        return _CMeta(node.field, value, day)


@dataclass(frozen=True, slots=True)
class Where:
    """A compiled query: which articles (and blocks) it keeps, and the hits of its positive terms."""

    text: str
    """The query as written."""
    scope: Scope
    """What it is judged on: an article's blocks together, or each block alone."""
    root: _Compiled = field(repr=False)
    positive: tuple[Pattern | _CNear, ...] = field(repr=False)
    """The terms (and NEAR groups) under no ``NOT``: what highlighting shows."""
    searched: frozenset[str] = field(repr=False)
    """Every kind some term is searched in."""
    has_terms: bool = field(repr=False)

    @property
    def patterns(self) -> tuple[Query, ...]:
        """The compiled positive terms (NEAR's terms included), for highlighting."""
        out: list[Query] = []
        for item in self.positive:
            out.extend(p.query for p in item.patterns) if isinstance(item, _CNear) else out.append(item.query)
        return tuple(out)

    @property
    def needles(self) -> tuple[str, ...]:
        """ASCII strings one of which every article the query keeps contains (() when none can be told).

        For a raw-bytes pre-filter (``scan.make_finder`` takes this object as a query): search
        them ignoring case when ``ignore_case`` says so.
        """
        return _needles(self.root) or ()

    @property
    def ignore_case(self) -> bool:
        """Whether ``needles`` must be searched ignoring case (some term ignores it)."""
        return any(q.ignore_case for q in _all_queries(self.root))

    def matches(self, article: Article) -> bool:
        """Whether the article satisfies the query (in block scope: one of its blocks does)."""
        if self.scope is Scope.article or not self.has_terms:
            return _eval(self.root, _Context(article, None))
        return any(True for _ in self.blocks(article))

    __call__ = matches

    def matches_block(self, article: Article, index: int) -> bool:
        """Whether block ``index`` of the article (-1: the byline) satisfies the query alone."""
        block = _block_at(article, index)
        return block is not None and _eval(self.root, _Context(article, block))

    def blocks(self, article: Article) -> Iterator[tuple[int, str, str, int]]:
        """(index, kind, text, line) of each block that satisfies the query alone (block scope)."""
        for block in searched_blocks(article, self.searched):
            if _eval(self.root, _Context(article, block)):
                yield block

    def hits(self, article: Article) -> Iterator[Hit]:
        """The matches of the positive terms where the query holds; none when the article fails it.

        Per block, in order, overlapping matches merged into one hit.
        """
        spans: dict[int, list[tuple[int, int]]] = {}
        texts: dict[int, tuple[str, str, int]] = {}
        if self.scope is Scope.article or not self.has_terms:
            context = _Context(article, None)
            if not _eval(self.root, context):
                return
            _collect(self.root, context, spans, texts)
        else:
            for block in self.blocks(article):
                _collect(self.root, _Context(article, block), spans, texts)
        for index in sorted(spans):
            kind, text, line = texts[index]
            for start, end in _merged(spans[index]):
                yield Hit(article, index, kind, text, line, start, end)


def compile_where(
    text: str,
    *,
    scope: Scope = Scope.article,
    kinds: frozenset[str] = DEFAULT_KINDS,
    options: TermOptions | None = None,
) -> Where:
    """Compile a query; ``QueryError`` (with the column) when it is malformed or a term does not compile.

    ``kinds`` are where unqualified terms are searched (``grep --in``); ``options`` say how
    terms match (grep's ``-F``, ``-w``, ``-i``/``-s``, ``--strict``, ``--fold-accents``, ``--fuzzy``).
    """
    tree = parse_query(text)
    return _finish(text, tree, scope, kinds, options or TermOptions())


def compile_any(
    patterns: Iterable[str],
    *,
    scope: Scope = Scope.article,
    kinds: frozenset[str] = DEFAULT_KINDS,
    options: TermOptions | None = None,
) -> Where:
    """Patterns as ``grep -e`` takes them (any of them), as a query; ``PatternError`` for a bad one."""
    terms = tuple(Term(p, False, 1) for p in patterns)
    if not terms:
        raise PatternError("no pattern")
    tree: Node = terms[0] if len(terms) == 1 else Or(terms)
    text = " OR ".join(t.pattern for t in terms)
    return _finish(text, tree, scope, kinds, options or TermOptions(), located=False)


def _finish(
    text: str, tree: Node, scope: Scope, kinds: frozenset[str], options: TermOptions, located: bool = True
) -> Where:
    compiler = _Compiler(text, options, kinds, located)
    root = compiler.compile(tree, None, True)
    searched = frozenset().union(*(p.kinds for p in _all_patterns(root))) if compiler.count else frozenset()
    return Where(text, scope, root, tuple(compiler.positive), searched or kinds, compiler.count > 0)


def where_filter(text: str | None, scope: Scope = Scope.article) -> Where | None:
    """The predicate ``--where TEXT`` stands for (None for no text): call it on an Article."""
    return compile_where(text, scope=scope) if text else None


# --- evaluating ------------------------------------------------------------------------------

_Block = tuple[int, str, str, int]


@dataclass(slots=True)
class _Context:
    article: Article
    block: _Block | None
    """The one block judged (block scope), or None: every block of the article."""
    memo: dict[int, bool] = field(default_factory=dict)


def _block_at(article: Article, index: int) -> _Block | None:
    if index == -1:
        return (-1, BYLINE, article.byline, article.line + 2) if article.byline else None
    if 0 <= index < len(article.blocks):
        b = article.blocks[index]
        return index, b.kind.value, b.text, b.line
    return None


def _blocks(context: _Context, kinds: frozenset[str]) -> Iterator[_Block]:
    if context.block is None:
        yield from searched_blocks(context.article, kinds)
    elif context.block[1] in kinds:
        yield context.block


def _found(query: Query, block: _Block, source: str) -> bool:
    return next(query.finditer(block[2], source, block[3]), None) is not None


def _eval(node: _Compiled, context: _Context) -> bool:
    if isinstance(node, Pattern):
        known = context.memo.get(node.index)
        if known is None:
            source = context.article.source
            known = any(_found(node.query, b, source) for b in _blocks(context, node.kinds))
            context.memo[node.index] = known
        return known
    if isinstance(node, _CNear):
        known = context.memo.get(node.index)
        if known is None:
            known = any(_near_spans(node, b, context.article.source) for b in _blocks(context, node.patterns[0].kinds))
            context.memo[node.index] = known
        return known
    if isinstance(node, _CAnd):
        return all(_eval(c, context) for c in node.children)
    if isinstance(node, _COr):
        return any(_eval(c, context) for c in node.children)
    if isinstance(node, _CNot):
        return not _eval(node.child, context)
    return _meta(node, context.article)


def _meta(node: _CMeta, article: Article) -> bool:
    if node.field == "author":
        return node.value in article.byline.casefold() or any(node.value in a.casefold() for a in article.authors)
    if node.field == "lang":
        return (article.language or "") == node.value
    if node.field == "id":
        return article.id.startswith(node.value)
    day = article.date
    if day is None or node.day is None:
        return False
    return day >= node.day if node.field == "since" else day <= node.day


_TOKEN = re.compile(r"\w+")


def _near_spans(node: _CNear, block: _Block, source: str) -> list[tuple[int, int]]:
    """The matches of a NEAR group's terms in one block when the group holds there, else []."""
    text = block[2]
    found = [list(p.query.finditer(text, source, block[3])) for p in node.patterns]
    if not all(found):
        return []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())

    def token_span(start: int, end: int) -> tuple[int, int]:
        first = bisect.bisect_right(ends, start)  # the first token ending after the match starts
        last = bisect.bisect_left(starts, end) - 1  # the last token starting before it ends
        return first, max(first, last)

    spans = [sorted(token_span(s, e) for s, e in matches) for matches in found]
    for anchor_term, anchors in enumerate(spans):
        for first, last in anchors:
            # the anchor starts first; take each other term's earliest instance starting at or after it
            latest = first
            for other, instances in enumerate(spans):
                if other == anchor_term:
                    continue
                k = bisect.bisect_left(instances, (first, -1))
                if k == len(instances):
                    break
                latest = max(latest, instances[k][0])
            else:
                if latest - last - 1 <= node.distance:
                    return [span for matches in found for span in matches]
    return []


def _collect(
    node: _Compiled,
    context: _Context,
    spans: dict[int, list[tuple[int, int]]],
    texts: dict[int, tuple[str, str, int]],
) -> None:
    """Add the spans of the positive terms of a node that holds in ``context``."""
    if isinstance(node, Pattern):
        for block in _blocks(context, node.kinds):
            for span in node.query.finditer(block[2], context.article.source, block[3]):
                spans.setdefault(block[0], []).append(span)
                texts[block[0]] = block[1:]
    elif isinstance(node, _CNear):
        for block in _blocks(context, node.patterns[0].kinds):
            found = _near_spans(node, block, context.article.source)
            if found:
                spans.setdefault(block[0], []).extend(found)
                texts[block[0]] = block[1:]
    elif isinstance(node, (_CAnd, _COr)):
        for child in node.children:
            if _eval(child, context):
                _collect(child, context, spans, texts)


def _merged(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    current: tuple[int, int] | None = None
    for start, end in sorted(spans):
        if current is not None and start < current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def _all_patterns(node: _Compiled) -> Iterator[Pattern]:
    if isinstance(node, Pattern):
        yield node
    elif isinstance(node, _CNear):
        yield from node.patterns
    elif isinstance(node, (_CAnd, _COr)):
        for child in node.children:
            yield from _all_patterns(child)
    elif isinstance(node, _CNot):
        yield from _all_patterns(node.child)


def _all_queries(node: _Compiled) -> Iterator[Query]:
    return (p.query for p in _all_patterns(node))


def _needles(node: _Compiled) -> tuple[str, ...] | None:
    """Strings one of which a satisfying article holds; None when nothing can be told."""
    if isinstance(node, Pattern):
        return node.query.needles or None
    if isinstance(node, _CNear):
        node = _CAnd(node.patterns)
    if isinstance(node, _CAnd):
        options = [n for n in (_needles(c) for c in node.children) if n]
        return max(options, key=lambda n: min(len(x) for x in n), default=None)
    if isinstance(node, _COr):
        out: list[str] = []
        for child in node.children:
            found = _needles(child)
            if not found:
                return None
            out.extend(x for x in found if x not in out)
        return tuple(out)
    return None


__all__ = [
    "DEFAULT_NEAR",
    "META_FIELDS",
    "And",
    "Kinds",
    "Meta",
    "Near",
    "Node",
    "Not",
    "Or",
    "Pattern",
    "QueryError",
    "Scope",
    "Term",
    "TermOptions",
    "Where",
    "compile_any",
    "compile_where",
    "kind_names",
    "parse_query",
    "phrase_pattern",
    "where_filter",
]
