"""What the reader marks: unread / updated briefings, unread / new items, from the state."""

from __future__ import annotations

from pathlib import Path

import msgspec
from state_support import FakeClock, sample, variant

from briefing_tui.model.state import Reading, ReadingState, StateStore
from briefing_tui.model.state.records import content_hash


def _reading(tmp_path: Path) -> Reading:
    return Reading(StateStore.open(tmp_path, clock=FakeClock()))


def test_a_briefing_is_unread_until_opened_and_updated_once_its_content_changes(
    tmp_path: Path,
) -> None:
    briefing = sample()
    reading = _reading(tmp_path)
    assert reading.briefing_state(briefing.id) == "unread"
    reading.open(briefing)
    assert reading.briefing_state(briefing.id) == "read"
    edited = variant(briefing, title="A new title")
    reading.know_content({briefing.id: content_hash(edited)})  # as the index worker does
    assert reading.briefing_state(briefing.id) == "updated"
    assert reading.count_states([briefing.id, "brf-never-seen"]) == (1, 1)


def test_updated_is_not_claimed_while_the_content_is_unknown(tmp_path: Path) -> None:
    briefing = sample()
    first = _reading(tmp_path)
    first.open(briefing)
    later = Reading(StateStore.open(tmp_path, clock=FakeClock()))  # another session
    assert later.briefing_state(briefing.id) == "read"


def test_items_are_unread_until_shown_and_new_when_changed_since_the_last_read(
    tmp_path: Path,
) -> None:
    briefing = sample()
    first, second = briefing.incidents[0], briefing.incidents[1]
    reading = _reading(tmp_path)
    assert reading.item_state(briefing, first.id) == "unread"
    reading.open(briefing)
    reading.read_item(briefing, first.id)
    reading.read_item(briefing, second.id)
    assert reading.item_state(briefing, first.id) == "read"
    assert reading.item_state(briefing, "no-such-item") == ""
    edited = msgspec.structs.replace(first, title="Edited")
    added = msgspec.structs.replace(second, id="inc-added")
    newer = variant(briefing, incidents=(edited, *briefing.incidents[1:], added))
    changes = reading.content_changed(newer)  # a reload, before the briefing is opened again
    assert (changes.added, changes.edited) == (("inc-added",), (first.id,))
    assert reading.item_state(newer, first.id) == "new"
    assert reading.item_state(newer, "inc-added") == "new"
    assert reading.item_state(newer, second.id) == "read"
    assert reading.briefing_state(briefing.id) == "updated"
    reading.open(newer)  # opened: the changes are marked until seen
    assert reading.item_state(newer, first.id) == "new"
    assert reading.briefing_state(briefing.id) == "read"
    reading.read_item(newer, first.id)
    assert reading.item_state(newer, first.id) == "read"
    assert reading.item_state(newer, "inc-added") == "new"


def test_content_changed_of_a_briefing_never_opened_reports_nothing(tmp_path: Path) -> None:
    briefing = sample()
    reading = _reading(tmp_path)
    assert not reading.content_changed(variant(briefing, title="Other"))
    assert reading.briefing_state(briefing.id) == "unread"


def test_marks_of_a_red_briefing_are_kept_in_memory_only(tmp_path: Path) -> None:
    red = variant(sample(), tlp="red")
    reading = _reading(tmp_path)
    reading.open(red)
    reading.set_flags(red, "a")
    assert reading.briefing_state(red.id) == "read"
    assert reading.flags(red.id) == "a"
    assert not reading.is_policy_kept(red)
    assert len(StateStore.open(tmp_path, writable=False)) == 0


def test_every_answer_changes_the_version(tmp_path: Path) -> None:
    reading = Reading(ReadingState())
    before = reading.version
    reading.know_content({"brf-x": 4})
    assert reading.version != before


def test_marking_many_briefings_read_is_kept_in_one_write(tmp_path: Path) -> None:
    first = sample()
    briefings = [variant(first, briefing_id=f"brf-many-{n}") for n in range(50)]
    reading = _reading(tmp_path)
    reading.open(briefings[0])  # the log exists: the others are appended to it
    log = tmp_path / "state.log"
    size = log.stat().st_size
    reading.mark_read(briefings)
    assert log.stat().st_size > size
    again = Reading(StateStore.open(tmp_path, writable=False))
    assert all(again.briefing_state(b.id) == "read" for b in briefings)
    last = briefings[-1]
    assert again.unread_items(last, last.incidents) == 0


def test_a_library_is_counted_from_its_few_records_as_from_every_briefing(
    tmp_path: Path,
) -> None:
    """The library's status counts its unread and updated briefings by the records when
    they are fewer (a record of a briefing not in the library counts for nothing)."""
    briefing = sample()
    reading = _reading(tmp_path)
    for name in ("brf-read", "brf-updated", "brf-elsewhere"):
        reading.open(variant(briefing, briefing_id=name))
    reading.open(variant(briefing, briefing_id="brf-red", tlp="red"))  # in memory only
    edited = variant(briefing, briefing_id="brf-updated", title="A new title")
    reading.know_content({"brf-updated": content_hash(edited)})
    library = {name: None for name in ("brf-read", "brf-updated", "brf-red")}
    library |= {f"brf-{number}": None for number in range(10)}
    assert reading.count_states(library.keys()) == (10, 1)  # the records: 4 < 13
    assert reading.count_states(list(library)) == (10, 1)  # every briefing
    assert reading.count_states({"brf-read", "brf-9"}) == (1, 0)  # every briefing: 2 < 4
