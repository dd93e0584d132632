"""The search index as the reader uses it: entries, counts, positions, terms, building."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from search_support import DATED, parse, seed, small_library

from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.search.bitset import (
    bits_from_flags,
    bits_from_indices,
    flags_of,
    indices_of,
    span_bits,
)
from briefing_tui.model.search.date_column import NO_END, date_interval
from briefing_tui.model.search.folding import fold_many, fold_text
from briefing_tui.model.search.index import IndexBuilder, SearchIndex, text_terms
from briefing_tui.model.search.query import fold, parse_query

SEED = seed()
DATED_BRIEFING = parse(DATED)
INDEX = SearchIndex.build([SEED, DATED_BRIEFING])


def test_entries_come_briefing_by_briefing_then_kind_by_kind_in_file_order() -> None:
    refs = [INDEX.entry(n).ref for n in INDEX.span("brf-dated")]
    assert refs[0] == "brf-dated"
    assert refs[1:6] == [f"brf-dated/{i.id}" for i in DATED_BRIEFING.incidents]
    assert refs[6:8] == [f"brf-dated/{q.id}" for q in DATED_BRIEFING.quotes]
    assert [INDEX.entry(n).kind for n in INDEX.span("brf-dated", "source")] == ["source"] * 2
    assert INDEX.span("brf-missing") == range(0)


def test_an_entry_knows_its_briefing_kind_and_item() -> None:
    entry = INDEX.search("inc-jimmy-lai-sentence").entries("incident")[0]
    assert entry.briefing is SEED
    assert entry.kind == "incident"
    assert entry.item_id == "inc-jimmy-lai-sentence"
    assert entry.ref == "brf-canada-china-security-cooperation/inc-jimmy-lai-sentence"


def test_counts_per_kind_and_briefing_give_the_filter_bar_its_figures() -> None:
    result = INDEX.search("severity:>=high")
    seed_high = [i for i in SEED.incidents if i.severity in ("high", "critical")]
    assert result.count("incident", SEED.id) == len(seed_high)
    assert result.count("incident") == len(seed_high) + 2
    assert INDEX.total("incident") == len(SEED.incidents) + len(DATED_BRIEFING.incidents)
    assert INDEX.total("quote", "brf-dated") == 2
    assert result.count("quote") == 0


def test_positions_index_into_one_briefings_collection() -> None:
    result = INDEX.search("severity:>=high")
    positions = result.positions("brf-dated", "incident")
    assert [DATED_BRIEFING.incidents[p].id for p in positions] == ["inc-arrest", "inc-statement"]
    assert result.ids("brf-dated", "incident") == {"inc-arrest", "inc-statement"}
    assert result.positions("brf-missing", "incident") == []


def test_numbers_and_membership_agree() -> None:
    result = INDEX.search("josee OR lai")
    numbers = result.numbers()
    assert numbers == sorted(numbers)
    assert all(number in result for number in numbers)
    assert sum(number in result for number in range(INDEX.size)) == len(numbers)
    assert -1 not in result and "x" not in result


def test_terms_are_the_words_to_highlight_not_the_negated_ones() -> None:
    assert INDEX.search('Josée "Security Threat" -lai tag:x OR müller').terms == (
        "josee",
        "security threat",
        "muller",
    )
    assert text_terms(parse_query("-(a b) c a")) == ("c", "a")


def test_an_index_of_some_kinds_has_only_those_entries() -> None:
    index = SearchIndex.build([SEED, DATED_BRIEFING], kinds=("incident", "quote"))
    kinds = {entry.kind for entry in index.search("").entries()}
    assert kinds == {"incident", "quote"}
    assert index.search("lai").count() == 2
    assert index.search("actor:mps").count() == 1  # names are still known


def test_briefings_only_still_know_the_names_of_their_items() -> None:
    index = SearchIndex.build([SEED, DATED_BRIEFING], kinds=("briefing",))
    assert [e.ref for e in index.search("actor:mps").entries()] == ["brf-dated"]
    assert [e.ref for e in index.search("tag:press-freedom").entries()] == [
        SEED.id,
        "brf-dated",
    ]


def test_a_builder_fed_one_briefing_at_a_time_equals_a_batch_build() -> None:
    library = small_library()
    builder = IndexBuilder()
    for briefing in library:
        builder.add(briefing)
    fed = SearchIndex(builder.finish())
    batch = SearchIndex.build(library)
    for query in ("lai", "severity:>=high after:2018", "-has:source", "entity:e", ""):
        assert fed.search(query).bits == batch.search(query).bits
    assert builder.finish().items == []  # the builder starts afresh


def test_an_index_without_words_answers_queries_without_words_alike() -> None:
    library = small_library()
    full, lean = SearchIndex.build(library), SearchIndex.build(library, words=False)
    for query in ("severity:>=high after:2018", "actor:e -has:source", "tag:trade OR kind:direct"):
        assert lean.search(query).bits == full.search(query).bits
    assert lean.search("inc-arrest").count() == 0  # words are not there


def test_the_cache_never_changes_an_answer() -> None:
    index = SearchIndex.build(small_library())
    words = ["j", "jo", "jos", "josee", "josee a", "josee an", "josee and", "l", "la", "lai"]
    dates = ["after:2018", "after:2018-1", "after:2018-12", "before:2020", "date:2019..2020"]
    typed = words + dates
    first = [index.search(query).bits for query in typed]
    index.clear_cache()
    again = [index.search(query).bits for query in reversed(typed)]
    assert first == again[::-1]
    index.warm()
    assert [index.search(query).bits for query in typed] == first


# --- helpers ----------------------------------------------------------------------------


@given(st.sets(st.integers(0, 300)))
def test_bitsets_round_trip(members: set[int]) -> None:
    bits = bits_from_indices(members, 301)
    assert indices_of(bits) == sorted(members)
    assert indices_of(bits, 5) == [m + 5 for m in sorted(members)]
    assert bits_from_flags(flags_of(bits, 301)) == bits
    assert bits.bit_count() == len(members)


def test_span_bits_is_a_range() -> None:
    assert indices_of(span_bits(3, 7)) == [3, 4, 5, 6]
    assert span_bits(5, 5) == 0 == span_bits(6, 2)


@given(st.text())
def test_fold_text_equals_the_query_fold(text: str) -> None:
    assert fold_text(text) == fold(text)


@given(st.lists(st.text()))
def test_fold_many_equals_folding_each(texts: list[str]) -> None:
    assert fold_many(texts) == [fold(text) for text in texts]


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("2018", (20180101, 20190101)),
        ("2018-12", (20181201, 20190101)),
        ("2018-12-31", (20181231, 20190101)),
        ("2020-02-29", (20200229, 20200301)),
        ("2021-01-01T04:30:00+05:00", (20201231, 20210101)),
        ("9999", (99990101, NO_END)),
        ("9999-12-31", (99991231, NO_END)),
    ],
)
def test_dates_cover_their_days(text: str, interval: tuple[int, int]) -> None:
    assert date_interval(PartialDate.parse(text)) == interval
