"""``is:unread``, ``is:read``, ``is:updated``, ``is:flagged`` and ``flag:a`` in the filter."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from state_support import FakeClock, sample, variant

from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.query import QueryError, State, describe, parse_query
from briefing_tui.model.state import Reading, StateStore
from briefing_tui.model.state.bits import attach


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("is:unread", State("unread")),
        ("IS:Read", State("read")),
        ("is:updated", State("updated")),
        ("is:flagged", State("flagged")),
        ("flag:a", State("flagged", "a")),
        ("flag:ba", State("flagged", "ab")),
    ],
)
def test_state_terms_parse_and_print_back(text: str, node: State) -> None:
    assert parse_query(text) == node
    assert parse_query(describe(node)) == node


@pytest.mark.parametrize(
    ("text", "message"),
    [("is:unred", 'did you mean "unread"'), ("flag:1", "flag letters"), ("is:", "needs a value")],
)
def test_bad_state_terms_say_why(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def _refs(index: SearchIndex, query: str) -> set[str]:
    return {entry.ref for entry in index.search(query).entries()}


def test_state_terms_follow_the_reading_state(tmp_path: Path) -> None:
    first = sample()
    second = variant(first, briefing_id="brf-second")
    index = SearchIndex.build([first, second], ("briefing", "incident"))
    assert _refs(index, "is:unread") == set()  # no state attached: no entry
    reading = Reading(StateStore.open(tmp_path, clock=FakeClock()))
    attach(index, reading)
    everything = {entry.ref for entry in index.search("").entries()}
    assert _refs(index, "is:unread") == everything
    reading.open(first)
    reading.read_item(first, first.incidents[0].id)
    read_ref = f"{first.id}/{first.incidents[0].id}"
    assert _refs(index, "is:read") == {first.id, read_ref}
    assert first.id not in _refs(index, "is:unread")
    incidents = {entry.ref for entry in index.search("").entries("incident")}
    assert _refs(index, "is:unread") - {second.id} == incidents - {read_ref}
    reading.set_flags(second, "ab", item_id=second.incidents[1].id)
    flagged = f"{second.id}/{second.incidents[1].id}"
    assert _refs(index, "flag:a") == _refs(index, "is:flagged") == {flagged}
    assert _refs(index, "flag:c") == set()
    assert _refs(index, "-is:flagged") == everything - {flagged}


def test_is_updated_after_the_file_changed(tmp_path: Path) -> None:
    briefing = sample()
    reading = Reading(StateStore.open(tmp_path, clock=FakeClock()))
    reading.open(briefing)
    edited = msgspec.structs.replace(briefing.incidents[0], title="Edited")
    newer = variant(briefing, incidents=(edited, *briefing.incidents[1:]))
    index = SearchIndex.build([newer], ("briefing", "incident"))
    attach(index, reading)
    assert _refs(index, "is:updated") == {newer.id}
    reading.open(newer)
    assert _refs(index, "is:updated") == {f"{newer.id}/{edited.id}"}


def test_state_terms_decode_only_the_briefings_read(tmp_path: Path) -> None:
    """A briefing with no record is answered from its span: at 20,000 briefings the
    first ``is:unread`` must not decode the library."""
    first = sample()
    second = variant(first, briefing_id="brf-second")
    built = SearchIndex.build([first, second], ("briefing", "incident"))
    asked: list[str] = []

    def load(briefing_id: str) -> object:
        asked.append(briefing_id)
        return {first.id: first, second.id: second}[briefing_id]

    index = SearchIndex(built._data, load)  # type: ignore[arg-type]
    reading = Reading(StateStore.open(tmp_path, clock=FakeClock()))
    attach(index, reading)
    assert index.search("is:unread").count() == index.size and asked == []
    assert index.search("is:read").count() == 0 and asked == []
    reading.open(first)
    asked.clear()
    assert index.search("is:unread").count("briefing") == 1
    assert set(asked) == {first.id}
