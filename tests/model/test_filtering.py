"""The app's filter state and search history (pure Python, no terminal)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_support import small_library

from briefing_tui.filtering import EntrySequence, FilterState, History
from briefing_tui.model.search.index import SearchIndex


def test_a_query_is_kept_until_the_index_is_built_then_evaluated() -> None:
    state = FilterState()
    state.set_text("severity:>=high")
    assert state.active
    assert state.matches("incident") is None  # not ready: no count yet
    briefings = small_library()
    state.set_index(SearchIndex.build(briefings))
    severe = sum(1 for b in briefings for i in b.incidents if i.severity in ("high", "critical"))
    assert state.ready and state.matches("incident") == severe
    assert state.total("incident") == sum(len(b.incidents) for b in briefings)


def test_an_invalid_query_keeps_the_last_valid_results() -> None:
    state = FilterState()
    state.set_index(SearchIndex.build(small_library()))
    assert state.set_text("severity:high")
    version, result = state.version, state.result
    assert not state.set_text("severity:high (")
    assert state.error is not None and state.error.position == 14
    assert state.result is result and state.version == version
    assert state.text == "severity:high ("
    assert not state.set_text("severity:high")  # same query again: nothing changes
    assert state.error is None


def test_a_word_typed_on_that_matches_the_same_entries_shows_nothing_anew() -> None:
    """``detent`` after ``deten``: the same matches keep the version (the lists are not
    made again), but the query and its answer are the new ones; other matches change it."""
    state = FilterState()
    state.set_index(SearchIndex.build(small_library()))
    assert state.set_text("detain")
    version, matches = state.version, state.matches("incident")
    assert not state.set_text("detaine")  # every "detain" here is "detained"
    assert state.version == version and state.matches("incident") == matches
    assert state.node is not None and state.result is not None
    assert state.result.node == state.node
    assert state.set_text("detained zzz")  # none now
    assert state.version == version + 1 and state.matches("incident") == 0


def test_clear_and_the_empty_query_filter_nothing() -> None:
    briefings = small_library()
    state = FilterState()
    state.set_index(SearchIndex.build(briefings))
    everything = sum(len(b.incidents) + len(b.quotes) for b in briefings)
    assert len(state.results()) == everything  # no filter: every incident and quote
    state.set_text("tag:nothing-has-this-tag")
    assert len(state.results()) == 0
    assert state.clear()
    assert not state.active and state.text == ""
    assert len(state.results()) == everything
    assert not state.clear()


def test_results_are_in_library_order_and_read_lazily() -> None:
    briefings = small_library()
    state = FilterState()
    state.set_index(SearchIndex.build(briefings))
    state.set_text("has:source")
    results = state.results()
    refs = [entry.ref for entry in results]
    order = {b.id: n for n, b in enumerate(briefings)}
    assert refs and refs == sorted(refs, key=lambda ref: order[ref.split("/")[0]])
    assert all(entry.kind in ("incident", "quote") for entry in results)
    assert [entry.ref for entry in results[1:3]] == refs[1:3]


def test_history_recalls_older_then_newer_then_the_draft() -> None:
    history = History(limit=3)
    for text in ("a", "b", "  ", "c", "b", "d"):
        history.add(text)
    assert history.entries == ["c", "b", "d"]  # blank skipped, repeats moved, oldest dropped
    assert history.older("draft") == "d"
    assert history.older("d") == "b"
    assert history.older("b") == "c"
    assert history.older("c") is None
    assert history.newer() == "b"
    assert history.newer() == "d"
    assert history.newer() == "draft"
    assert history.newer() is None


@settings(max_examples=60, deadline=None)
@given(
    members=st.sets(st.integers(0, 20_000), max_size=300),
    positions=st.lists(st.integers(-400, 400), max_size=20),
)
def test_entries_read_from_the_bitset_as_far_as_asked_are_the_bitset_in_order(
    members: set[int], positions: list[int]
) -> None:
    """Rows asked for in any order (the cursor jumping about) are the members of the
    bitset at those positions, as the whole list of its members would give them."""
    bits = sum(1 << number for number in members)
    entries: Sequence[object] = EntrySequence(_NumberIndex(), bits)  # type: ignore[arg-type]
    expected = sorted(members)
    assert len(entries) == len(expected)
    for position in positions:
        if -len(expected) <= position < len(expected):
            assert entries[position] == expected[position]
        else:
            with pytest.raises(IndexError):
                entries[position]
    assert list(entries) == expected
    assert isinstance(entries, EntrySequence)
    assert entries.numbers == expected


class _NumberIndex:
    """An index whose entry ``n`` is ``n``: what an EntrySequence looks up, and no more."""

    def entry(self, number: int) -> int:
        return number
