"""What a filter query matches: the index against a plain reference, and the algebra.

The fast index (``model/index.py``) is checked against ``search_support.Reference``,
which walks the briefings item by item, on generated queries over a small library with
dates, accents and every kind of reference; and the laws a user relies on: ``a b`` is
``a`` filtered by ``b``, ``x`` and ``-x`` split the items in two, ``OR`` is a union,
and any text typed gives a result or a positioned QueryError, never a crash.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_reference import reference_refs
from search_support import DATED, parse, seed, small_library

from briefing_tui.model import Briefing
from briefing_tui.model.format.header import header_of
from briefing_tui.model.search.chunked import search_chunks
from briefing_tui.model.search.data import COLLECTION, KINDS
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.part import assemble, part_bytes, part_of
from briefing_tui.model.search.query import QueryError, parse_query

LIBRARY = small_library()
INDEX = SearchIndex.build(LIBRARY)
"""Shared on purpose: its cache of earlier results must never change an answer."""

WORDS = (
    "lai",
    "jimmy lai",
    "josee",
    "JOSÉE",
    "muller",
    "strasse",
    "security threat",
    "detained",
    "canada",
    "minister",
    "a",
    "e",
    "th",
    "the",
    "inc-",
    "q-",
    "zzz",
    "montreal",
    "gazette",
    "boreal",
    "2018",
    "witness",
    "ß",
)
FIELD_VALUES = {
    "tag": ("press-freedom", "detention", "trade", "academic-freedom", "x"),
    "category": ("arbitrary-detention", "lobbying", "surveillance"),
    "type": ("incident", "development", "context"),
    "determination": ("confirmed", "alleged", "suspected", "unknown"),
    "actor": ("mps", "ministry", "josee", "prc", "a", "government"),
    "entity": ("josee", "rcmp", "lai", "canada", "e"),
    "role": ("victim", "perpetrator", "observer", "target"),
    "location": ("montreal", "canada", "hong kong"),
    "speaker": ("witness", "anand", "ministry", "e"),
    "kind": ("direct", "paraphrase", "article", "person", "country", "document"),
    "source": ("gazette", "boreal", "article", "inquiry", "memo"),
    "tlp": ("clear", "amber", "green"),
    "status": ("final", "draft"),
    "verification": ("verified", "unverified"),
    "briefing": ("dated", "gen", "canada", "brf-gen-00002"),
}
DATES = ("2018", "2018-12", "2018-12-04", "2019", "2020-07", "2021", "2021-01-01", "2026")


@st.composite
def leaves(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        word = draw(st.sampled_from(WORDS))
        return f'"{word}"' if " " in word else word
    if choice == 1:
        name = draw(st.sampled_from(sorted(FIELD_VALUES)))
        value = draw(st.sampled_from(FIELD_VALUES[name]))
        return f'{name}:"{value}"' if " " in value else f"{name}:{value}"
    if choice == 2:
        op = draw(st.sampled_from(("", ">=", ">", "<=", "<")))
        return (
            f"severity:{op}{draw(st.sampled_from(('info', 'low', 'medium', 'high', 'critical')))}"
        )
    if choice == 3:
        return f"has:{draw(st.sampled_from(('quote', 'source', 'date')))}"
    first, second = sorted(draw(st.lists(st.sampled_from(DATES), min_size=2, max_size=2)))
    form = draw(
        st.sampled_from(
            ("date:{a}", "after:{a}", "before:{a}", "date:{a}..{b}", "date:{a}..", "date:..{b}")
        )
    )
    return form.format(a=first, b=second)


queries = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]} {pair[1]}"),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]} OR {pair[1]}"),
        inner.map(lambda query: f"-({query})"),
        inner.map(lambda query: f"({query})"),
    ),
    max_leaves=5,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refs(query: str, index: SearchIndex = INDEX) -> list[str]:
    return [entry.ref for entry in index.search(query).entries()]


def bits(query: str) -> int:
    return INDEX.search(query).bits


@SETTINGS
@given(queries)
def test_the_index_agrees_with_the_reference(query: str) -> None:
    assert refs(query) == reference_refs(LIBRARY, parse_query(query))


@SETTINGS
@given(queries)
def test_typing_a_query_keystroke_by_keystroke_agrees_at_every_step(query: str) -> None:
    index = SearchIndex.build(LIBRARY)  # a fresh cache, filled by the keystrokes
    for end in range(1, len(query) + 1):
        try:
            node = parse_query(query[:end])
        except QueryError:
            continue
        found = [entry.ref for entry in index.search(node).entries()]
        assert found == reference_refs(LIBRARY, node), query[:end]


@SETTINGS
@given(queries, queries)
def test_a_space_b_is_a_filtered_by_b(a: str, b: str) -> None:
    narrowed = INDEX.search(f"({a}) ({b})")
    assert narrowed.bits == bits(a) & bits(b)
    assert set(narrowed.numbers()) == {n for n in INDEX.search(a).numbers() if n in INDEX.search(b)}


@SETTINGS
@given(queries)
def test_a_term_and_its_negation_partition_the_items(query: str) -> None:
    matching, rest = bits(query), bits(f"-({query})")
    assert matching & rest == 0
    assert matching | rest == INDEX.everything


@SETTINGS
@given(queries, queries)
def test_or_is_the_union(a: str, b: str) -> None:
    assert bits(f"({a}) OR ({b})") == bits(a) | bits(b)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from('ab :-"()OR AND NOT date..2018severity>=high\\é'), max_size=30)
    | st.text(max_size=30)
)
def test_any_text_gives_a_result_or_a_positioned_error(text: str) -> None:
    try:
        result = INDEX.search(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert error.length >= 1
    else:
        assert 0 <= result.count() <= INDEX.size


# --- examples a user would try --------------------------------------------------------

SEED_INDEX = SearchIndex.build([seed()])
DATED_INDEX = SearchIndex.build([parse(DATED)])


def ids(index: SearchIndex, query: str, kind: str | None = None) -> list[str]:
    return [entry.item_id for entry in index.search(query).entries() if kind in (None, entry.kind)]


def test_lai_finds_the_jimmy_lai_incident_and_quote_in_the_seed() -> None:
    assert ids(SEED_INDEX, "lai", "incident") == ["inc-jimmy-lai-sentence"]
    assert ids(SEED_INDEX, "lai", "quote") == ["q-anand-jimmy-lai"]


def test_words_match_inside_words_and_ignore_case_and_accents() -> None:
    assert ids(DATED_INDEX, "josee", "entity") == ["ent-josee"]
    assert ids(DATED_INDEX, "MÜLLER", "entity") == ids(DATED_INDEX, "muller", "entity")
    assert ids(DATED_INDEX, "montreal", "entity") == ["ent-montreal"]
    assert ids(DATED_INDEX, "strasse", "entity") == ["ent-ngo"]


def test_a_word_matches_the_names_an_item_refers_to() -> None:
    # "MPS" is an alias of the ministry: an actor of inc-arrest, the speaker of q-minister
    assert ids(DATED_INDEX, "mps", "incident") == ["inc-arrest"]
    assert ids(DATED_INDEX, "mps", "quote") == ["q-minister"]
    # Éditions Boréal publishes the gazette, which both quotes cite
    assert ids(DATED_INDEX, "boreal", "quote") == ["q-minister", "q-witness"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:2018", ["inc-arrest"]),  # 2018-12 overlaps 2018
        ("date:2018-12", ["inc-arrest"]),
        ("date:2018-12-31", ["inc-arrest"]),  # a day inside the month
        ("date:2018-11", []),
        ("date:2019", ["inc-hearing"]),  # a range from 2019-03-01 to the end of 2020-02
        ("date:2020-02", ["inc-hearing"]),
        ("date:2020-03", []),
        ("after:2020", ["inc-open"]),  # strictly after all of 2020; inc-open has no end
        ("after:2020-12-30", ["inc-statement", "inc-open"]),
        ("before:2019", ["inc-arrest"]),
        ("before:2018-12", []),
        ("date:2019..2020", ["inc-hearing", "inc-statement", "inc-open"]),
        ("date:2021..", ["inc-open"]),
        ("has:date", ["inc-arrest", "inc-hearing", "inc-statement", "inc-open"]),
        ("-has:date", ["inc-undated"]),
    ],
)
def test_date_filters_follow_the_overlap_rule(query: str, expected: list[str]) -> None:
    assert ids(DATED_INDEX, query, "incident") == expected


def test_an_instant_counts_on_its_utc_day() -> None:
    # inc-statement happened at 2021-01-01T04:30:00+05:00, which is 2020-12-31T23:30:00Z
    assert "inc-statement" in ids(DATED_INDEX, "date:2020-12-31", "incident")
    assert "inc-statement" not in ids(DATED_INDEX, "date:2021-01-01", "incident")


def test_severity_comparisons_use_the_order_of_levels() -> None:
    assert ids(DATED_INDEX, "severity:>=high", "incident") == ["inc-arrest", "inc-statement"]
    assert ids(DATED_INDEX, "severity:<medium", "incident") == ["inc-undated", "inc-open"]
    assert ids(DATED_INDEX, "severity:high after:2018", "incident") == []
    assert ids(DATED_INDEX, "severity:>=high after:2018", "incident") == ["inc-statement"]


def test_fields_that_do_not_apply_never_match_so_their_negation_always_does() -> None:
    quotes = ids(DATED_INDEX, "", "quote")
    assert ids(DATED_INDEX, "severity:high", "quote") == []
    assert ids(DATED_INDEX, "-severity:high", "quote") == quotes


def test_unsourced_incidents_are_those_without_has_source() -> None:
    briefing = parse(DATED)
    unsourced = [i.id for i in briefing.incidents if i.unsourced]
    assert ids(DATED_INDEX, "-has:source", "incident") == unsourced


def test_a_briefing_entry_carries_what_its_items_carry() -> None:
    assert ids(DATED_INDEX, "tag:press-freedom", "briefing") == ["brf-dated"]
    assert ids(DATED_INDEX, "severity:critical", "briefing") == ["brf-dated"]  # its highest
    assert ids(DATED_INDEX, "severity:high", "briefing") == []
    assert ids(DATED_INDEX, "actor:mps", "briefing") == ["brf-dated"]


def test_briefing_wide_fields_hold_for_every_item() -> None:
    dated = parse(DATED)
    index = SearchIndex.build([seed(), dated])
    everything_dated = index.search("briefing:dated").count()
    assert everything_dated == 1 + len(dated.incidents) + len(dated.quotes) + len(
        dated.sources
    ) + len(dated.entities)
    assert index.search("tlp:amber").bits == index.search("briefing:dated").bits
    assert index.search("status:draft").bits == index.search("briefing:détentions").bits
    assert index.search("status:final").count() == index.size - everything_dated


def test_an_empty_library_matches_nothing() -> None:
    empty = SearchIndex.build([])
    assert empty.search("lai").count() == 0
    assert empty.search("").count() == 0
    assert empty.search("after:2018 -has:source").numbers() == []


def test_no_item_is_lost_between_kinds() -> None:
    result = INDEX.search("")
    total = sum(
        result.count(kind) for kind in ("briefing", "incident", "quote", "source", "entity")
    )
    assert total == INDEX.size == sum(_count(b) for b in LIBRARY)


def _count(briefing: Briefing) -> int:
    return 1 + sum(
        len(c) for c in (briefing.incidents, briefing.quotes, briefing.sources, briefing.entities)
    )


SOURCES = [(header_of(briefing), part_bytes(briefing)) for briefing in LIBRARY]
BY_ID = {briefing.id: briefing for briefing in LIBRARY}


@SETTINGS
@given(queries, st.integers(1, len(LIBRARY) + 1))
def test_a_query_answered_a_few_briefings_at_a_time_agrees_with_the_reference(
    query: str, chunk: int
) -> None:
    """``briefing search``'s way: an index per ``chunk`` briefings, parts that cannot hold
    a word skipped; the same items, in the same order, as the whole library's."""
    node = parse_query(query)
    found = [
        f"{match.briefing_id}/{getattr(BY_ID[match.briefing_id], COLLECTION[kind])[place].id}"
        if kind != "briefing"
        else match.briefing_id
        for match in search_chunks(SOURCES, BY_ID.get, node, KINDS, chunk=chunk)
        for kind, place in match.hits
    ]
    assert found == reference_refs(LIBRARY, node)


# --- names side by side in one buffer (``columns.py``) ----------------------------------

CJK = """\
schema: briefing/v1
id: brf-cjk
title: 北京 notes
date: "2021-06-30"
status: final
handling: {tlp: clear}
summary: Names in several scripts.
entities:
  - {id: ent-bureau, kind: government, name: 北京市公安局, aliases: [Beijing PSB]}
  - {id: ent-alpha, kind: organization, name: Alpha}
  - {id: ent-beta, kind: organization, name: Beta Ωmega}
incidents:
  - id: inc-one
    title: First
    actors: [{entity: ent-alpha, role: organizer}, {entity: ent-beta, role: target},
             {entity: ent-bureau, role: perpetrator}]
"""


@pytest.mark.parametrize(
    "query",
    [
        "actor:alpha", "actor:alph", "actor:lpha", "actor:ab", "actor:alphab", "alphabeta",
        "actor:ωmega", "actor:a ω", "actor:公安", "actor:局", "actor:北京市公安局b", "公安",
        "actor:psb", "actor:psbalpha", "mpsjosee", "actor:mps", "actor:\"j. muller\"",
        "actor:muller", "actor:ministry", "speaker:witness", "source:boreal",
        "source:nordinternal", "entity:montreal", "location:ontr", "josée müller",
    ],
)  # fmt: skip
def test_a_name_matches_at_its_start_and_end_and_never_across_two(query: str) -> None:
    """Every name of a field lies in one buffer, one after another: a word at the start
    or end of a name matches it, a word across two matches neither, in any script."""
    library = [parse(DATED), parse(CJK)]
    parts = [part_of(briefing) for briefing in library]
    from_parts = SearchIndex(assemble(parts), {b.id: b for b in library}.get)
    for index in (SearchIndex.build(library), from_parts):
        assert refs(query, index) == reference_refs(library, parse_query(query)), query


def test_names_side_by_side_are_found_whole() -> None:
    """The cases above are not all empty answers: a name is found by its start, its end
    and a non-Latin part, a word across two names is not."""
    index = SearchIndex.build([parse(DATED), parse(CJK)])
    assert ids(index, "actor:alph", "incident") == ids(index, "actor:mega", "incident")
    assert ids(index, "actor:公安", "incident") == ["inc-one"]
    assert ids(index, "actor:ministry", "incident") == ["inc-arrest"]
    assert ids(index, "actor:psbalpha") == ids(index, "mpsjosee") == []
