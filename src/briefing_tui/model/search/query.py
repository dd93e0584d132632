r"""The reader's filter language: parse a query string into a small immutable syntax tree.

The tree is plain data (never evaluated as code); matching items is the evaluator's job.
Grammar, loosest first; the keywords ``OR``, ``AND``, ``NOT`` are upper-case only::

    query := "" | or                        empty or blank query -> All()
    or    := and ("OR" and)*                -> Or
    and   := unary (["AND"] unary)*         juxtaposition -> And
    unary := ("-" | "NOT") unary | atom     "-" only at the start of a term -> Not
    atom  := "(" or ")" | word | "phrase" | name:value | name:"phrase"

A word runs to whitespace, ``(``, ``)`` or ``"``; a phrase may contain ``\"`` and ``\\``.
``name:`` (ASCII letters, any case) starts a field; an unknown name is an error, except
``scheme://...`` which is text.  Values are stored after :func:`fold`.  The tree is
canonical: ``And``/``Or`` are flattened, one-item groups vanish and double negation
cancels; :func:`describe` prints a query that parses back to an equal tree.
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, TypeAlias, assert_never, get_args, get_origin, get_type_hints

from ..format.types import TLP_ORDER, Briefing, Entity, Incident, Quote, Source

Day: TypeAlias = tuple[int, int, int]
CompareOp: TypeAlias = Literal["<", "<=", "=", ">=", ">"]
HasWhat: TypeAlias = Literal["quote", "source", "date"]
StateWhat: TypeAlias = Literal["unread", "read", "updated", "flagged"]
PeriodName: TypeAlias = Literal["week", "month", "quarter", "year"]

#: Field names (``severity:`` gives a :class:`Compare`, the others a :class:`Field`).
FIELDS = (
    "tag",
    "category",
    "type",
    "severity",
    "determination",
    "actor",
    "entity",
    "role",
    "location",
    "speaker",
    "kind",
    "source",
    "tlp",
    "status",
    "verification",
    "briefing",
    "xid",
)
DATE_FIELDS = ("date", "after", "before")
HAS_VALUES: tuple[HasWhat, ...] = ("quote", "source", "date")
#: ``is:`` values: the reading state (``model/state``), evaluated apart from the index.
STATE_VALUES: tuple[StateWhat, ...] = ("unread", "read", "updated", "flagged")
#: Severity levels, lowest first: ``Compare`` ranks by index in this tuple.
SEVERITY_LEVELS = ("info", "low", "medium", "high", "critical")
KEYWORDS = frozenset({"OR", "AND", "NOT"})


def _literal_values(*fields: tuple[type, str]) -> tuple[str, ...]:
    """The strings the ``Literal`` (or optional ``Literal``) fields allow, in order."""
    values: dict[str, None] = {}
    for model, name in fields:
        hint = get_type_hints(model)[name]
        if get_origin(hint) is not Literal:
            hint = next(arg for arg in get_args(hint) if get_origin(arg) is Literal)
        values.update(dict.fromkeys(str(value) for value in get_args(hint)))
    return tuple(values)


#: Fields whose values come from the format's fixed lists: any other value is an error
#: (with a did-you-mean), as it could never match.  ``role`` is a free word.
FIELD_VALUES: dict[str, tuple[str, ...]] = {
    "type": _literal_values((Incident, "type")),
    "determination": _literal_values((Incident, "determination")),
    "verification": _literal_values((Quote, "verification")),
    "kind": _literal_values((Quote, "kind"), (Source, "kind"), (Entity, "kind")),
    "status": _literal_values((Briefing, "status")),
    "tlp": TLP_ORDER,
}
PERIOD_NAMES: tuple[PeriodName, ...] = ("week", "month", "quarter", "year")
_NAMES = (*FIELDS, *DATE_FIELDS, "has", "is", "flag", "timeline")
_HINTS = {
    "said": "speaker",
    "says": "speaker",
    "who": "actor",
    "where": "location",
    "place": "location",
    "org": "entity",
    "label": "tag",
    "level": "severity",
    "since": "after",
    "until": "before",
    "year": "date",
    "when": "date",
}
_OPS: tuple[CompareOp, ...] = (">=", "<=", ">", "<", "=")
_FIELD_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
_MAX_DEPTH = 32  # nested parentheses; keeps recursion far from Python's limit


def fold(text: str) -> str:
    """Casefold and strip accents (NFKD, combining marks dropped).  Idempotent."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


class QueryError(ValueError):
    """A malformed query; ``position``/``length``: 0-based span in the query (length >= 1)."""

    def __init__(self, message: str, position: int, length: int = 1) -> None:
        super().__init__(message, position, length)
        self.message, self.position, self.length = message, position, length

    def __str__(self) -> str:
        return f"col {self.position + 1}: {self.message}"


@dataclass(frozen=True, slots=True)
class All:
    """Matches every item (the empty query)."""


@dataclass(frozen=True, slots=True)
class Text:
    """Word/phrase: folded ``value`` occurs in any folded text; ``raw`` is as typed."""

    value: str
    raw: str


@dataclass(frozen=True, slots=True)
class Field:
    """``name:value``: ``value`` (folded, non-blank) against the item's ``name`` values."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Compare:
    """``severity:[op]level`` (no op is ``=``), ranked by index in SEVERITY_LEVELS."""

    field: Literal["severity"]
    op: CompareOp
    value: str


@dataclass(frozen=True, slots=True)
class Has:
    """``has:quote|source|date`` (plurals accepted): the item has at least one of these."""

    what: HasWhat


@dataclass(frozen=True, slots=True)
class State:
    """``is:unread|read|updated|flagged`` or ``flag:LETTERS`` (``what`` "flagged", every
    letter set): the reader's state of an item, not its content."""

    what: StateWhat
    letters: str = ""


@dataclass(frozen=True, slots=True)
class DateRange:
    """Half-open interval of days ``[start, end_exclusive)``; ``None`` is unbounded.

    Days are ``(year, month, day)`` tuples: compare them as tuples (``end_exclusive`` can
    be ``(10000, 1, 1)``).  A partial date X (YYYY, YYYY-MM, YYYY-MM-DD) covers
    ``[start_of(X), end_of(X))``.  ``date:X`` is that interval; ``date:A..B`` is
    ``[start_of(A), end_of(B))`` (B inclusive at its own precision), ``date:A..`` and
    ``date:..B`` are open; ``after:X`` is ``[end_of(X), None)`` (strictly after all of X)
    and ``before:X`` is ``[None, start_of(X))``.  An item matches when its own date
    interval overlaps this one; undated items never match.
    """

    start: Day | None
    end_exclusive: Day | None


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """``timeline:PERIOD:ROW``: the incidents a timeline by ``period`` counts in the row
    ``row``, written as labelled (folded), its note left out and ``…`` as ``..``:
    ``timeline:month:2018-12`` (whole date in that month), ``timeline:month:2018`` (the
    ``2018 (year only)`` row), ``timeline:month:2018-03..`` and ``timeline:month:..2018-06``
    (range rows), ``timeline:month:undated``. Exactly the incidents the row counts, at
    their own precision (``model/search/timeline.py``); what ``enter`` on a row adds."""

    period: PeriodName
    row: str


@dataclass(frozen=True, slots=True)
class Not:
    """Matches when ``item`` does not; ``item`` is never itself a ``Not``."""

    item: Node


@dataclass(frozen=True, slots=True)
class And:
    """Matches when every item does: two or more items, none of them an ``And``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Matches when any item does: two or more items, none of them an ``Or``."""

    items: tuple[Node, ...]


Node: TypeAlias = (
    All | Text | Field | Compare | Has | State | DateRange | PeriodRow | Not | And | Or
)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "(", ")", "-", "OR", "AND", "NOT" or "term"
    pos: int
    end: int
    node: Node = All()


@dataclass(frozen=True, slots=True)
class _Value:
    """A field value and its span; offsets inside it are exact only when it is bare."""

    text: str
    pos: int
    length: int
    bare: bool

    def error(self, message: str, offset: int = 0, length: int = 0) -> QueryError:
        if self.bare and length > 0:
            return QueryError(message, self.pos + offset, length)
        return QueryError(message, self.pos, self.length)


def _suggest(word: str, options: tuple[str, ...]) -> str:
    close = [_HINTS[word]] if _HINTS.get(word) in options else []
    close = close or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _read_phrase(text: str, start: int) -> tuple[str, int]:
    """Content of the quoted phrase at ``start`` (\\" and \\\\ unescaped) and its end."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        c, i = text[i], i + 1
        if c == '"':
            return "".join(out), i
        if c == "\\" and i < len(text) and text[i] in '"\\':
            c, i = text[i], i + 1
        out.append(c)
    raise QueryError("unterminated quote", start, len(text) - start)


def _text(raw: str, pos: int, end: int) -> Text:
    if not fold(raw).strip():
        raise QueryError("nothing to search for", pos, end - pos)
    return Text(fold(raw), raw)


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c, j = text[i], i + 1
        if c in "()-":
            if c == "-" and (j == n or text[j].isspace() or text[j] == ")"):
                raise QueryError("'-' needs a term right after it (quote it to find a dash)", i)
            toks.append(_Tok(c, i, j))
        elif c == '"':
            raw, j = _read_phrase(text, i)
            toks.append(_Tok("term", i, j, _text(raw, i, j)))
        elif not c.isspace():
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            m = _FIELD_RE.match(word)
            if word in KEYWORDS:
                toks.append(_Tok(word, i, j))
            elif m and (m[1].lower() in _NAMES or not word[m.end() :].startswith("//")):
                node, j = _field(text, i, m[1], j)
                toks.append(_Tok("term", i, j, node))
            else:
                toks.append(_Tok("term", i, j, _text(word, i, j)))
        i = j
    return toks


def _field(text: str, start: int, name: str, word_end: int) -> tuple[Node, int]:
    key = name.lower()
    if key not in _NAMES:
        hint = _suggest(key, _NAMES) or " (put text containing ':' in quotes)"
        raise QueryError(f'unknown field "{name}"{hint}', start, len(name))
    vpos = start + len(name) + 1
    if vpos < word_end:
        val, end = _Value(text[vpos:word_end], vpos, word_end - vpos, True), word_end
    elif vpos < len(text) and text[vpos] == '"':
        raw, end = _read_phrase(text, vpos)
        val = _Value(raw, vpos, end - vpos, False)
    else:
        raise QueryError(f"{key}: needs a value", start, len(name) + 1)
    folded = fold(val.text)
    if not folded.strip():
        raise val.error(f"{key}: needs a value")
    if key == "has":
        what = folded[:-1] if folded in ("quotes", "sources", "dates") else folded
        for h in HAS_VALUES:
            if what == h:
                return Has(h), end
        raise val.error(f"has: takes quote, source or date{_suggest(what, HAS_VALUES)}")
    if key == "is":
        for v in STATE_VALUES:
            if folded == v:
                return State(v), end
        raise val.error(f"is: takes {', '.join(STATE_VALUES)}{_suggest(folded, STATE_VALUES)}")
    if key == "flag":
        if not folded.isascii() or not folded.isalpha():
            raise val.error("flag: takes flag letters, a to z")
        return State("flagged", "".join(sorted(set(folded)))), end
    if key == "severity":
        return _severity(val), end
    if key == "timeline":
        return _period_row(folded, val), end
    if key in DATE_FIELDS:
        return _dates(key, val), end
    allowed = FIELD_VALUES.get(key)
    if allowed is not None and folded not in allowed:
        hint = _suggest(folded, allowed) or f" ({key} is one of: {', '.join(allowed)})"
        raise val.error(f'unknown {key} "{folded}"{hint}', 0, len(val.text))
    return Field(key, folded), end


def _severity(val: _Value) -> Compare:
    op = next((o for o in _OPS if val.text.startswith(o)), None)
    skip = len(op or "")
    level = fold(val.text[skip:])
    if not level:
        raise val.error(f"severity: needs a level after '{op}'", 0, skip)
    if level not in SEVERITY_LEVELS:
        hint = _suggest(level, SEVERITY_LEVELS) or f" (levels: {', '.join(SEVERITY_LEVELS)})"
        raise val.error(f'unknown severity "{level}"{hint}', skip, len(val.text) - skip)
    return Compare("severity", op or "=", level)


def _period_row(folded: str, val: _Value) -> PeriodRow:
    period, _, row = folded.partition(":")
    if period not in PERIOD_NAMES:
        hint = _suggest(period, PERIOD_NAMES) or f" ({', '.join(PERIOD_NAMES)})"
        raise val.error(f"timeline: takes a period and a row, like month:2018-12{hint}",
                        0, len(period) or len(val.text))  # fmt: skip
    if not row.strip():
        raise val.error(f"timeline:{period}: needs a row, like {period}:2018", 0, len(val.text))
    return PeriodRow(next(name for name in PERIOD_NAMES if name == period), row)


def _partial(s: str, val: _Value, offset: int) -> Day:
    """Parse a partial date into (year, month or 0, day or 0)."""
    m = _DATE_RE.fullmatch(s)
    if not m:
        raise val.error(f'"{s}" is not a date like 2020, 2020-06 or 2020-06-30', offset, len(s))
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if y == 0:
        raise val.error("there is no year 0000", offset, 4)
    if m[2] and not 1 <= mo <= 12:
        raise val.error(f"month must be 1-12, not {mo}", offset + m.start(2), len(m[2]))
    if m[3] and not 1 <= d <= calendar.monthrange(y, mo)[1]:
        raise val.error(f"{y:04d}-{mo:02d} has no day {d}", offset + m.start(3), len(m[3]))
    return y, mo, d


def _start_of(p: Day) -> Day:
    return p[0], p[1] or 1, p[2] or 1


def _end_of(p: Day) -> Day:
    y, m, d = p
    if m and d and d < calendar.monthrange(y, m)[1]:
        return y, m, d + 1
    return (y, m + 1, 1) if 0 < m < 12 else (y + 1, 1, 1)


def _dates(key: str, val: _Value) -> DateRange:
    s = val.text
    if ".." not in s:
        p = _partial(s, val, 0)
        if key == "after":
            return DateRange(_end_of(p), None)
        return DateRange(
            None if key == "before" else _start_of(p),
            _start_of(p) if key == "before" else _end_of(p),
        )
    if key != "date":
        raise val.error(f"{key}: takes one date (write date:A..B for a range)")
    left, _, right = s.partition("..")
    if not left and not right:
        raise val.error("date: range needs a start or an end")
    start = _start_of(_partial(left, val, 0)) if left else None
    end = _end_of(_partial(right, val, len(left) + 2)) if right else None
    if start and end and start >= end:
        raise val.error("date: range ends before it starts")
    return DateRange(start, end)


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


_STARTS = frozenset({"term", "(", "-", "NOT"})


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks, self.i = toks, 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, kinds: tuple[str, ...]) -> _Tok | None:
        """Consume a token of one of ``kinds`` that must be followed by a term."""
        t = self.peek()
        if t is None or t.kind not in kinds:
            return None
        self.i += 1
        if (nxt := self.peek()) is None or nxt.kind not in _STARTS:
            name = "'-'" if t.kind == "-" else t.kind
            raise QueryError(f"{name} needs a term after it", t.pos, t.end - t.pos)
        return t

    def parse_or(self, depth: int) -> Node:
        if (t := self.peek()) is not None and t.kind in ("OR", "AND"):
            raise QueryError(f"{t.kind} needs a term before it", t.pos, t.end - t.pos)
        items = [self.parse_and(depth)]
        while self.take(("OR",)):
            items.append(self.parse_and(depth))
        return _join(Or, items)

    def parse_and(self, depth: int) -> Node:
        items: list[Node] = []
        while (t := self.peek()) is not None and t.kind in {*_STARTS, "AND"}:
            if not self.take(("AND",)):
                items.append(self.parse_unary(depth))
        if not items:  # only reached on a stray ")"
            raise QueryError("unmatched ')'", t.pos if t else 0)
        return _join(And, items)

    def parse_unary(self, depth: int) -> Node:
        negate = False
        while self.take(("-", "NOT")):
            negate = not negate
        node = self.parse_atom(depth)
        if not negate:
            return node
        return node.item if isinstance(node, Not) else Not(node)

    def parse_atom(self, depth: int) -> Node:
        t = self.toks[self.i]
        self.i += 1
        if t.kind == "term":
            return t.node
        if depth >= _MAX_DEPTH:
            raise QueryError(f"more than {_MAX_DEPTH} nested parentheses", t.pos)
        if (nxt := self.peek()) is not None and nxt.kind == ")":
            raise QueryError("empty group '()'", t.pos, nxt.end - t.pos)
        node = self.parse_or(depth + 1) if nxt is not None else None
        if (close := self.peek()) is None or close.kind != ")" or node is None:
            raise QueryError("unclosed '('", t.pos)
        self.i += 1
        return node


MAX_QUERY_LENGTH = 1_000
"""Characters in one query: a longer one (pasted by mistake) is an error, so that
parsing and evaluating any query stays quick."""


def parse_query(text: str) -> Node:
    """Parse a query.  Raises :class:`QueryError`, and nothing else, when it is malformed."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}",
            MAX_QUERY_LENGTH,
            len(text) - MAX_QUERY_LENGTH,
        )
    toks = _tokenize(text)
    if not toks:
        return All()
    parser = _Parser(toks)
    node = parser.parse_or(0)
    if (t := parser.peek()) is not None:
        raise QueryError("unmatched ')'", t.pos)
    return node


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bare_ok(s: str, in_field: bool) -> bool:
    if not s or any(c.isspace() or c in '()"' for c in s):
        return False
    return in_field or (s not in KEYWORDS and not s.startswith("-") and ":" not in s)


def _fmt(p: Day) -> str:
    return f"{p[0]:04d}" + (f"-{p[1]:02d}" if p[1] else "") + (f"-{p[2]:02d}" if p[2] else "")


def _partials_from(day: Day) -> list[Day]:
    """The partial dates that start exactly on ``day``, coarsest first."""
    y, m, _ = day
    return [p for p in ((y, 0, 0), (y, m, 0), day) if _start_of(p) == day]


def _describe_dates(start: Day | None, end: Day | None) -> str:
    if start is None:
        if end is None:
            return "date:.."  # never produced by the parser
        return "date:..9999" if end[0] > 9999 else f"before:{_fmt(_partials_from(end)[0])}"
    if end is None:
        return "after:9999" if start[0] > 9999 else f"date:{_fmt(_partials_from(start)[0])}.."
    for p in _partials_from(start):
        if _end_of(p) == end:
            return f"date:{_fmt(p)}"
    y, m, d = end  # print the last day inside the range, as coarsely as possible
    last = (y - 1, 0, 0) if m == d == 1 else (y, m - 1, 0) if d == 1 else (y, m, d - 1)
    return f"date:{_fmt(_partials_from(start)[0])}..{_fmt(last)}"


def _group(node: Node, kinds: tuple[type[And] | type[Or], ...]) -> str:
    return f"({describe(node)})" if isinstance(node, kinds) else describe(node)


def describe(node: Node) -> str:
    """Canonical query text: ``parse_query(describe(t)) == t`` for every parsed tree ``t``."""
    match node:
        case All():
            return ""
        case Text(raw=raw):
            return raw if _bare_ok(raw, False) else _quote(raw)
        case Field(name, value):
            return f"{name}:{value if _bare_ok(value, True) else _quote(value)}"
        case Compare(name, op, value):
            return f"{name}:{'' if op == '=' else op}{value}"
        case Has(what):
            return f"has:{what}"
        case State(what, letters):
            return f"flag:{letters}" if letters else f"is:{what}"
        case DateRange(start, end):
            return _describe_dates(start, end)
        case PeriodRow(period, row):
            value = f"{period}:{row}"
            return f"timeline:{value if _bare_ok(value, True) else _quote(value)}"
        case Not(item):
            return "-" + _group(item, (And, Or))
        case And(items):
            return " ".join(_group(i, (And, Or)) for i in items)
        case Or(items):
            return " OR ".join(_group(i, (Or,)) for i in items)
        case _:
            assert_never(node)
