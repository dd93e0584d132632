"""Tests for the filter-query parser (briefing_tui.model.search.query)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing_tui.model.search.query import (
    FIELD_VALUES,
    FIELDS,
    HAS_VALUES,
    PERIOD_NAMES,
    SEVERITY_LEVELS,
    All,
    And,
    Compare,
    DateRange,
    Field,
    Has,
    Node,
    Not,
    Or,
    PeriodRow,
    QueryError,
    Text,
    describe,
    fold,
    parse_query,
)


def T(raw: str) -> Text:
    return Text(fold(raw), raw)


def AND(*items: Node) -> And:
    return And(items)


def OR(*items: Node) -> Or:
    return Or(items)


a, b, c, d = T("a"), T("b"), T("c"), T("d")


# --------------------------------------------------------------------------- trees


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("", All()),
        ("   \t\n ", All()),
        ("a", a),
        ("  a  ", a),
        ("a b", AND(a, b)),
        ("a b c", AND(a, b, c)),
        ("a AND b", AND(a, b)),
        ("a and b", AND(a, T("and"), b)),
        ("a OR b", OR(a, b)),
        ("a or b", AND(a, T("or"), b)),
        ("a Or b", AND(a, T("Or"), b)),
        ("a b OR c", OR(AND(a, b), c)),
        ("a OR b c", OR(a, AND(b, c))),
        ("a OR b OR c", OR(a, b, c)),
        ("(a OR b) c", AND(OR(a, b), c)),
        ("a (b OR c) d", AND(a, OR(b, c), d)),
        ("(a b) c", AND(a, b, c)),
        ("((a))", a),
        ("(a OR b) OR (c OR d)", OR(a, b, c, d)),
        ("(a b) OR (c d)", OR(AND(a, b), AND(c, d))),
        ("a(b)c", AND(a, b, c)),
        ("-a", Not(a)),
        ("NOT a", Not(a)),
        ("not a", AND(T("not"), a)),
        ("--a", a),
        ("NOT -a", a),
        ("-(-a)", a),
        ("-(a b)", Not(AND(a, b))),
        ("-(a OR b) c", AND(Not(OR(a, b)), c)),
        ("-a b", AND(Not(a), b)),
        ("-a OR b", OR(Not(a), b)),
        ("a -b OR -c d", OR(AND(a, Not(b)), AND(Not(c), d))),
        ("NOT a OR b", OR(Not(a), b)),
        ("well-known", T("well-known")),
        ("a- b", AND(T("a-"), b)),
        ("-well-known", Not(T("well-known"))),
        ("-5", Not(T("5"))),
        ('"-"', T("-")),
        ('"a b"', T("a b")),
        ('"OR"', T("OR")),
        ('-"a b"', Not(T("a b"))),
        ('"say \\"hi\\""', T('say "hi"')),
        ('"back\\\\slash"', T("back\\slash")),
        ('"keep \\n"', T("keep \\n")),
        ('a"b c"d', AND(a, T("b c"), d)),
        ("Café", Text("cafe", "Café")),
        ("ÉCOLE", Text("ecole", "ÉCOLE")),
        ("Straße", Text("strasse", "Straße")),
        ("ﬁle", Text("file", "ﬁle")),
        ("12:30", T("12:30")),
        ("http://example.com/x", T("http://example.com/x")),
        ("a\\b", T("a\\b")),
        # fields
        ("tag:x", Field("tag", "x")),
        ("TAG:X", Field("tag", "x")),
        ("Tag:Café", Field("tag", "cafe")),
        ('tag:"Two Words"', Field("tag", "two words")),
        ('speaker:"O\\"Neil"', Field("speaker", 'o"neil')),
        ("-tag:x", Not(Field("tag", "x"))),
        ("tag:OR", Field("tag", "or")),
        ("tag:-x", Field("tag", "-x")),
        ("tag:a:b", Field("tag", "a:b")),
        ("tag://x", Field("tag", "//x")),
        ("source:https://example.com/a?b=c", Field("source", "https://example.com/a?b=c")),
        ('tag:a"b"', AND(Field("tag", "a"), b)),
        *[
            (f"{name}:v", Field(name, "v"))
            for name in FIELDS
            if name != "severity" and name not in FIELD_VALUES
        ],
        *[(f"{name}:{v.upper()}", Field(name, v)) for name, vs in FIELD_VALUES.items() for v in vs],
        ("tag:a OR tag:b", OR(Field("tag", "a"), Field("tag", "b"))),
        # severity
        ("severity:high", Compare("severity", "=", "high")),
        ("severity:=high", Compare("severity", "=", "high")),
        ("severity:>=high", Compare("severity", ">=", "high")),
        ("severity:>medium", Compare("severity", ">", "medium")),
        ("severity:<=low", Compare("severity", "<=", "low")),
        ("severity:<critical", Compare("severity", "<", "critical")),
        ("SEVERITY:>=HIGH", Compare("severity", ">=", "high")),
        ('severity:">=info"', Compare("severity", ">=", "info")),
        ("-severity:<high", Not(Compare("severity", "<", "high"))),
        # has
        ("has:quote", Has("quote")),
        ("has:quotes", Has("quote")),
        ("has:Sources", Has("source")),
        ("has:date", Has("date")),
        ("has:dates", Has("date")),
        ("-has:source", Not(Has("source"))),
        # dates
        ("date:2018", DateRange((2018, 1, 1), (2019, 1, 1))),
        ("date:2018-12", DateRange((2018, 12, 1), (2019, 1, 1))),
        ("date:2018-02", DateRange((2018, 2, 1), (2018, 3, 1))),
        ("date:2018-6", DateRange((2018, 6, 1), (2018, 7, 1))),
        ("date:2018-06-30", DateRange((2018, 6, 30), (2018, 7, 1))),
        ("date:2018-12-31", DateRange((2018, 12, 31), (2019, 1, 1))),
        ("date:2020-02-29", DateRange((2020, 2, 29), (2020, 3, 1))),
        ("date:2000-02-29", DateRange((2000, 2, 29), (2000, 3, 1))),
        ("date:2018..2021", DateRange((2018, 1, 1), (2022, 1, 1))),
        ("date:2018-03..2018-05-10", DateRange((2018, 3, 1), (2018, 5, 11))),
        ("date:2018..2018", DateRange((2018, 1, 1), (2019, 1, 1))),
        ("date:2018..", DateRange((2018, 1, 1), None)),
        ("date:..2021", DateRange(None, (2022, 1, 1))),
        ("date:..2021-06", DateRange(None, (2021, 7, 1))),
        ('date:"2018..2019"', DateRange((2018, 1, 1), (2020, 1, 1))),
        ("after:2020", DateRange((2021, 1, 1), None)),
        ("after:2020-12", DateRange((2021, 1, 1), None)),
        ("after:2020-02-28", DateRange((2020, 2, 29), None)),
        ("after:9999", DateRange((10000, 1, 1), None)),
        ("before:2021-06", DateRange(None, (2021, 6, 1))),
        ("before:2021", DateRange(None, (2021, 1, 1))),
        ("before:2021-06-15", DateRange(None, (2021, 6, 15))),
        ("date:..9999", DateRange(None, (10000, 1, 1))),
        ("-date:2018", Not(DateRange((2018, 1, 1), (2019, 1, 1)))),
        (
            '(tag:x OR tag:y) -severity:<high after:2019 "ship"',
            AND(
                OR(Field("tag", "x"), Field("tag", "y")),
                Not(Compare("severity", "<", "high")),
                DateRange((2020, 1, 1), None),
                T("ship"),
            ),
        ),
    ],
)
def test_parse_tree(query: str, tree: Node) -> None:
    assert parse_query(query) == tree


def test_text_keeps_raw_for_highlighting() -> None:
    node = parse_query('"Élysée  Palace"')
    assert node == Text("elysee  palace", "Élysée  Palace")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("query", "position", "length", "fragment"),
    [
        ("(", 0, 1, "unclosed '('"),
        ("(a", 0, 1, "unclosed '('"),
        ("a (b (c)", 2, 1, "unclosed '('"),
        ("a)", 1, 1, "unmatched ')'"),
        (")", 0, 1, "unmatched ')'"),
        ("(a)) b", 3, 1, "unmatched ')'"),
        ("()", 0, 2, "empty group"),
        ("a ( ) b", 2, 3, "empty group"),
        ("-()", 1, 2, "empty group"),
        ("a OR", 2, 2, "OR needs a term after"),
        ("a OR )", 2, 2, "OR needs a term after"),
        ("OR a", 0, 2, "OR needs a term before"),
        ("(OR a)", 1, 2, "OR needs a term before"),
        ("a OR OR b", 2, 2, "OR needs a term after"),
        ("a OR AND b", 2, 2, "OR needs a term after"),
        ("AND a", 0, 3, "AND needs a term before"),
        ("a AND", 2, 3, "AND needs a term after"),
        ("a AND OR b", 2, 3, "AND needs a term after"),
        ("NOT", 0, 3, "NOT needs a term after"),
        ("a NOT OR b", 2, 3, "NOT needs a term after"),
        ("-", 0, 1, "'-' needs a term"),
        ("a - b", 2, 1, "'-' needs a term"),
        ("a -", 2, 1, "'-' needs a term"),
        ("(a -)", 3, 1, "'-' needs a term"),
        ("-OR a", 0, 1, "'-' needs a term after"),
        ('"abc', 0, 4, "unterminated quote"),
        ('a "b\\"', 2, 4, "unterminated quote"),
        ('"', 0, 1, "unterminated quote"),
        ('tag:"x', 4, 2, "unterminated quote"),
        ('""', 0, 2, "nothing to search for"),
        ('a "   "', 2, 5, "nothing to search for"),
        ("\u0301", 0, 1, "nothing to search for"),
        ("foo:bar", 0, 3, 'unknown field "foo"'),
        ("a said:x", 2, 4, 'did you mean "speaker"'),
        ("tags:x", 0, 4, 'did you mean "tag"'),
        ("severty:high", 0, 7, 'did you mean "severity"'),
        ("locaton:x", 0, 7, 'did you mean "location"'),
        ("since:2020", 0, 5, 'did you mean "after"'),
        ("xyzzy:1", 0, 5, "in quotes"),
        ("tag:", 0, 4, "tag: needs a value"),
        ("a tag: b", 2, 4, "tag: needs a value"),
        ("(tag:)", 1, 4, "tag: needs a value"),
        ('tag:""', 4, 2, "tag: needs a value"),
        ('tag:"  "', 4, 4, "tag: needs a value"),
        ("has:", 0, 4, "has: needs a value"),
        ("date:", 0, 5, "date: needs a value"),
        ("has:quots", 4, 5, 'did you mean "quote"'),
        ("has:everything", 4, 10, "has: takes quote, source or date"),
        ("severity:hgh", 9, 3, 'did you mean "high"'),
        ("severity:>=hgh", 11, 3, 'unknown severity "hgh"'),
        ("severity:>=zzz", 11, 3, "levels: info, low, medium, high, critical"),
        ("severity:>=", 9, 2, "needs a level after '>='"),
        ("severity:=", 9, 1, "needs a level after '='"),
        ("severity:=>high", 10, 5, "unknown severity"),
        ('severity:"extreme"', 9, 9, "unknown severity"),
        ("status:drft", 7, 4, 'unknown status "drft" (did you mean "draft"?)'),
        ("tlp:amber+", 4, 6, 'unknown tlp "amber+" (did you mean "amber"?)'),
        ("kind:foo", 5, 3, "kind is one of: direct, partial"),
        ("type:incidnet", 5, 8, 'did you mean "incident"'),
        ("determination:x", 14, 1, "determination is one of: confirmed, suspected"),
        ("verification:verifed", 13, 7, 'did you mean "verified"'),
        ('status:"fnal"', 7, 6, 'did you mean "final"'),
        ("date:2018-13", 10, 2, "month must be 1-12"),
        ("date:2018-00", 10, 2, "month must be 1-12"),
        ("date:2019-02-29", 13, 2, "has no day 29"),
        ("date:1900-02-29", 13, 2, "has no day 29"),
        ("date:2018-04-31", 13, 2, "has no day 31"),
        ("date:2018-04-00", 13, 2, "has no day 0"),
        ("date:0000", 5, 4, "no year 0000"),
        ("date:18", 5, 2, "is not a date"),
        ("date:2018-1-1-1", 5, 10, "is not a date"),
        ("date:yesterday", 5, 9, "is not a date"),
        ("date:２０１８", 5, 4, "is not a date"),
        ("date:2018..20x1", 11, 4, "is not a date"),
        ("date:2018..2019-13", 16, 2, "month must be 1-12"),
        ("date:2021..2018", 5, 10, "ends before it starts"),
        ("date:2018-02..2018-01", 5, 16, "ends before it starts"),
        ("date:..", 5, 2, "needs a start or an end"),
        ("date:...", 7, 1, "is not a date"),
        ("timeline:mnth:2018-12", 9, 4, 'did you mean "month"'),
        ("timeline:2018-12", 9, 7, "takes a period and a row"),
        ("timeline:month:", 9, 6, "needs a row"),
        ("after:2020..", 6, 6, "takes one date"),
        ("before:..2020", 7, 6, "takes one date"),
        ('date:"2018-13"', 5, 9, "month must be 1-12"),
        ("a b (c OR d", 4, 1, "unclosed '('"),
        ("tag:a)", 5, 1, "unmatched ')'"),
        ("(" * 40 + "a" + ")" * 40, 32, 1, "nested parentheses"),
    ],
)
def test_errors(query: str, position: int, length: int, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    err = info.value
    assert fragment in err.message
    assert (err.position, err.length) == (position, length), err
    assert str(err) == f"col {position + 1}: {err.message}"


def test_error_is_value_error_with_fields() -> None:
    with pytest.raises(ValueError, match=r"^col 3: unmatched '\)'$") as info:
        parse_query("ab)")
    assert isinstance(info.value, QueryError)
    assert (info.value.position, info.value.length, info.value.message) == (2, 1, "unmatched ')'")


def test_deep_inputs_do_not_blow_the_stack() -> None:
    assert parse_query("-" * 998 + "a") == a
    assert parse_query("NOT " * 249 + "a") == Not(a)
    assert parse_query(" OR ".join(["a"] * 200)) == Or((a,) * 200)
    assert parse_query("(" * 32 + "a" + ")" * 32) == a
    for query in ("(" * 1_000, "(" * 400 + "a" + ")" * 400, "-(" * 400 + "a"):
        with pytest.raises(QueryError, match="nested parentheses"):
            parse_query(query)


@pytest.mark.parametrize("query", ["(" * 100_000, "a " * 50_000, "x" * 1_001])
def test_a_query_over_the_length_limit_is_an_error_at_the_limit(query: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert (info.value.position, info.value.length) == (1_000, len(query) - 1_000)
    assert "the limit is 1,000" in info.value.message


# --------------------------------------------------------------------------- nodes, fold


def test_nodes_are_frozen_slotted_dataclasses() -> None:
    for node in (
        All(),
        a,
        Field("tag", "x"),
        Compare("severity", "=", "low"),
        Has("quote"),
        DateRange(None, (2020, 1, 1)),
        Not(a),
        AND(a, b),
        OR(a, b),
    ):
        assert dataclasses.is_dataclass(node)
        assert not hasattr(node, "__dict__")
        for field in dataclasses.fields(node):
            with pytest.raises(dataclasses.FrozenInstanceError):
                node.__setattr__(field.name, None)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Café", "cafe"),
        ("ÀÉÎÕÜ", "aeiou"),
        ("Straße", "strasse"),
        ("ǅ", "dz"),
        ("ﬃ", "ffi"),
        ("Ὀδυσσεύς", "οδυσσευσ"),
        ("ℌ", "h"),
        ("①", "1"),
        ("İ", "i"),
        ("Ωμέγα", "ωμεγα"),
        ("", ""),
        ("東京", "東京"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(st.text())
@example("ϒ ᴬ ℌ ϲ")
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# --------------------------------------------------------------------------- describe


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", ""),
        ("a  AND  b", "a b"),
        ("(a OR b) c", "(a OR b) c"),
        ("((a b)) OR c", "a b OR c"),
        ("NOT (a OR b)", "-(a OR b)"),
        ("NOT NOT a", "a"),
        ('"a"', "a"),
        ('"a b"', '"a b"'),
        ('"OR" "AND" "NOT" "-x" "x:y"', '"OR" "AND" "NOT" "-x" "x:y"'),
        ('"say \\"hi\\" \\\\o/"', '"say \\"hi\\" \\\\o/"'),
        ("http://x", '"http://x"'),
        ("Café", "Café"),
        ("TAG:Café", "tag:cafe"),
        ('tag:"A B"', 'tag:"a b"'),
        ("severity:=HIGH", "severity:high"),
        ("severity:>=high", "severity:>=high"),
        ("has:quotes", "has:quote"),
        ("date:2018..2021", "date:2018..2021"),
        ("date:2018-01..2018-12", "date:2018"),
        ("date:2018-01-01..2018-01-31", "date:2018-01"),
        ("date:2018-03-05..2019-02", "date:2018-03-05..2019-02"),
        ("date:2018-03..2019-02-28", "date:2018-03..2019-02"),
        ("date:2018-03..2019-02-27", "date:2018-03..2019-02-27"),
        ("after:2020", "date:2021.."),
        ("after:2020-02-28", "date:2020-02-29.."),
        ("after:9999", "after:9999"),
        ("before:2020", "before:2020"),
        ("date:..2020", "before:2021"),
        ("date:..2020-02-03", "before:2020-02-04"),
        ("date:..9999", "date:..9999"),
        ("before:0001", "before:0001"),
    ],
)
def test_describe(query: str, canonical: str) -> None:
    tree = parse_query(query)
    assert describe(tree) == canonical
    assert parse_query(canonical) == tree


# --------------------------------------------------------------------------- properties


def check_query(query: str) -> None:
    """Any string either parses to a round-tripping tree or raises a well-placed QueryError."""
    try:
        tree = parse_query(query)
    except QueryError as err:
        assert type(err) is QueryError
        assert err.length >= 1
        assert 0 <= err.position and err.position + err.length <= len(query), err
        assert err.message and str(err).startswith(f"col {err.position + 1}: ")
        return
    text = describe(tree)
    assert parse_query(text) == tree, text
    assert describe(parse_query(text)) == text


@settings(max_examples=500)
@given(st.text())
def test_any_text_parses_or_raises_query_error(query: str) -> None:
    check_query(query)


TOKENS = [
    "a",
    "b",
    "Café",
    "well-known",
    "x\\y",
    "12:30",
    "http://x",
    "OR",
    "AND",
    "NOT",
    "or",
    "-",
    "-a",
    "--",
    "(",
    ")",
    "()",
    '"x y"',
    '"',
    '\\"',
    '""',
    '"a\\"b"',
    "tag:x",
    "tag:",
    'tag:"A b"',
    "TAG:É",
    "source:https://e.org/a",
    "severity:>=high",
    "severity:<low",
    "severity:hgh",
    "severity:",
    "severity:>=",
    "has:quotes",
    "has:date",
    "has:x",
    "date:2018..2021",
    "date:2020-02-29",
    "date:2019-02-29",
    "date:2018-12",
    "date:..",
    "date:2018..",
    "date:..2021-06",
    "after:2020",
    "before:2021-06",
    "after:2020..",
    "said:x",
    "foo:",
    ":",
    "a:b",
    "\u0301",
    "ß",
    "\x00",
]


@settings(max_examples=1000)
@given(
    st.lists(
        st.tuples(st.sampled_from(TOKENS), st.sampled_from(["", " ", "  ", "\t"])), max_size=14
    )
)
def test_token_soup_parses_or_raises_query_error(parts: list[tuple[str, str]]) -> None:
    check_query("".join(tok + sep for tok, sep in parts))


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


def _negate(node: Node) -> Node:
    return node.item if isinstance(node, Not) else Not(node)


_values = st.text(min_size=1, max_size=8).filter(lambda s: fold(s).strip() != "")
_dates = st.dates(min_value=dt.date(1, 1, 1)).map(lambda x: x.isoformat())
_date_specs = st.one_of(_dates, _dates.map(lambda s: s[:7]), _dates.map(lambda s: s[:4]))
_date_queries = st.one_of(
    st.tuples(st.sampled_from(["date:", "after:", "before:"]), _date_specs).map("".join),
    st.tuples(_date_specs, _date_specs).map(lambda p: "date:{}..{}".format(*sorted(p))),
    _date_specs.map(lambda s: f"date:{s}.."),
    _date_specs.map(lambda s: f"date:..{s}"),
)
_leaves: st.SearchStrategy[Node] = st.one_of(
    _values.map(lambda raw: Text(fold(raw), raw)),
    st.builds(
        Field,
        st.sampled_from([f for f in FIELDS if f != "severity" and f not in FIELD_VALUES]),
        _values.map(fold),
    ),
    st.sampled_from([Field(n, v) for n, vs in FIELD_VALUES.items() for v in vs]),
    st.builds(
        Compare,
        st.just("severity"),
        st.sampled_from(["<", "<=", "=", ">=", ">"]),
        st.sampled_from(SEVERITY_LEVELS),
    ),
    st.builds(Has, st.sampled_from(HAS_VALUES)),
    _date_queries.map(parse_query),
    st.builds(
        PeriodRow,
        st.sampled_from(PERIOD_NAMES),
        st.sampled_from(["2018-12", "2018-w49", "2018..", "..2018-06", "undated", "a b"]),
    ),
)
_trees = st.recursive(
    _leaves,
    lambda kids: st.one_of(
        kids.map(_negate),
        st.lists(kids, min_size=2, max_size=4).map(lambda xs: _join(And, xs)),
        st.lists(kids, min_size=2, max_size=4).map(lambda xs: _join(Or, xs)),
    ),
    max_leaves=16,
)


@settings(max_examples=500)
@given(_trees)
def test_describe_round_trips_canonical_trees(tree: Node) -> None:
    assert parse_query(describe(tree)) == tree


def _oracle(spec: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Independent computation of [start, end) for a partial date, via datetime."""
    parts = [int(x) for x in spec.split("-")]
    if len(parts) == 1:
        return (parts[0], 1, 1), (parts[0] + 1, 1, 1)
    y, m = parts[:2]
    if len(parts) == 2:
        return (y, m, 1), ((y + 1, 1, 1) if m == 12 else (y, m + 1, 1))
    day = dt.date(y, m, parts[2])
    if day == dt.date.max:
        return (y, m, day.day), (10000, 1, 1)
    nxt = day + dt.timedelta(days=1)
    return (y, m, day.day), (nxt.year, nxt.month, nxt.day)


@given(_date_specs)
def test_date_interval_semantics(spec: str) -> None:
    start, end = _oracle(spec)
    assert parse_query(f"date:{spec}") == DateRange(start, end)
    assert parse_query(f"date:{spec}..{spec}") == DateRange(start, end)
    assert parse_query(f"after:{spec}") == DateRange(end, None)
    assert parse_query(f"before:{spec}") == DateRange(None, start)
    assert parse_query(f"date:{spec}..") == DateRange(start, None)
    assert parse_query(f"date:..{spec}") == DateRange(None, end)
