"""The reader shows what is unread, updated and flagged, and its keys change it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
from textual.widgets import Static

from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing, FileResult, load_file
from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.state import StateStore
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets import linear_rows
from briefing_tui.widgets.item_list import ItemList

from .support import (
    LIBRARY,
    SINGLE,
    AppPilot,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    visible_rows,
    wait_for,
)

SEED = SINGLE / "canada-china-security-cooperation.yaml"


def _app(paths: list[Path], **settings: Any) -> BriefingApp:
    return make_app(*paths, **settings)


def _seed() -> Briefing:
    briefing = load_file(SEED).briefing
    assert briefing is not None
    return briefing


def _in_memory(*briefings: Briefing, **settings: object) -> BriefingApp:
    app = _app([], **settings)
    app.session.library.extend(FileResult(f"{b.id}.yaml", b, ()) for b in briefings)
    return app


def _rows(app: BriefingApp) -> list[str]:
    return [row for row in visible_rows(app.screen.query_one(ItemList)) if row.strip()]


def _library_status(app: BriefingApp) -> str:
    return str(app.screen.query_one("#library-status", Static).render())


def _tabs(app: BriefingApp) -> str:
    return str(app.screen.query_one("#pane-tabs", Static).render())


async def _index_ready(pilot: AppPilot) -> None:
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: app.session.filter_state.ready)
    await pilot.pause()


def _replace_in_library(app: BriefingApp, briefing: Briefing) -> None:
    """What live reload does to the library when a file changed (its own helper's work)."""
    library = app.session.library
    result = FileResult(f"{briefing.id}.yaml", briefing, ())
    place = library.position(briefing.id)
    assert place is not None
    library.entries[place] = library._by_id[briefing.id] = result
    library._recent.clear()


async def _back_to_library(pilot: AppPilot) -> None:
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
    await pilot.pause()


async def test_the_library_marks_unread_briefings_and_counts_them() -> None:
    app = _app([LIBRARY])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        rows = _rows(app)
        assert [row[:2] for row in rows] == ["N ", "N ", "N ", "  "]  # the broken file: none
        assert "3 unread" in _library_status(app)
        await pilot.press("j", "enter")
        await open_briefing_screen(pilot)
        await _back_to_library(pilot)
        assert [row[:2] for row in _rows(app)] == ["N ", "  ", "N ", "  "]
        assert "2 unread" in _library_status(app)


async def test_m_toggles_and_shift_m_marks_every_listed_briefing_read() -> None:
    app = _app([LIBRARY])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert _rows(app)[0][:2] == "  "
        assert app.session.reading.briefing_state(app.session.library.headers[0].id) == "read"
        await pilot.press("m")
        await pilot.pause()
        assert _rows(app)[0][:2] == "N "
        await pilot.press("M")  # decoded off the UI thread, then marked
        await wait_for(pilot, lambda: [row[:2] for row in _rows(app)] == ["  "] * 4)
        assert "unread" not in _library_status(app)
        briefing = app.session.library.get(app.session.library.headers[0].id)
        assert briefing is not None
        assert app.session.reading.unread_items(briefing, briefing.incidents) == 0


async def test_u_goes_to_the_next_unread_briefing_of_the_library() -> None:
    app = _app([LIBRARY])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        item_list = app.screen.query_one(ItemList)
        await pilot.press("j", "m", "k", "u")  # the second is read: u skips it
        await pilot.pause()
        assert item_list.cursor == 2


async def test_an_item_is_read_once_its_detail_was_shown_and_the_tabs_count_the_rest() -> None:
    app = _app([SINGLE])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        briefing = screen.briefing
        reading = app.session.reading
        total = len(briefing.incidents)
        # The incidents pane was mounted with its first detail, but never shown.
        assert reading.unread_items(briefing, briefing.incidents) == total
        assert f"2 Inc ({total})" in _tabs(app)  # shortened at 80 columns
        await pilot.press("2")
        await pilot.pause()
        assert reading.item_state(briefing, briefing.incidents[0].id) == "read"
        await pilot.press("j")
        await pilot.pause()
        assert reading.unread_items(briefing, briefing.incidents) == total - 2
        assert f"({total - 2})" in _tabs(app)
        rows = visible_rows(pane(screen, "incidents").item_list)
        assert [row[:2] for row in rows[:3]] == ["  ", "  ", "N "]


async def test_shift_m_in_a_briefing_marks_the_listed_items_read() -> None:
    app = _app([SINGLE])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        briefing = screen.briefing
        assert "(" in _tabs(app)  # unread counts in the tabs
        await pilot.press("M")
        await pilot.pause()
        reading = app.session.reading
        assert reading.unread_items(briefing, briefing.incidents) == 0
        assert reading.unread_items(briefing, briefing.quotes) == 0
        assert "(" not in _tabs(app)


async def test_u_walks_unread_items_then_opens_the_next_unread_briefing() -> None:
    app = _app([LIBRARY])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")  # the amber briefing: 2 incidents, 1 quote
        screen = await open_briefing_screen(pilot)
        first = screen.briefing
        await pilot.press("u")
        await pilot.pause()
        assert screen.current_pane == "incidents"
        await pilot.press("u", "u")  # the second incident, then the quote
        await pilot.pause()
        assert screen.current_pane == "quotes"
        assert app.session.reading.unread_items(first, (*first.incidents, *first.quotes)) == 0
        await pilot.press("u")  # nothing unread left here: the next unread briefing
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, BriefingScreen) and app.screen.briefing.id != first.id,
        )


async def test_flag_with_a_letter_and_unflag_with_it_again() -> None:
    app = _app([LIBRARY])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        briefing_id = app.session.library.headers[0].id
        await pilot.press("exclamation_mark", "b")
        await pilot.pause()
        assert app.session.reading.flags(briefing_id) == "b"
        assert _rows(app)[0][:2] == "N!"
        await pilot.press("exclamation_mark", "down")  # not a letter a-z: nothing, no move
        await pilot.pause()
        assert app.screen.query_one(ItemList).cursor == 0
        assert app.session.reading.flags(briefing_id) == "b"
        await pilot.press("exclamation_mark", "b")
        await pilot.pause()
        assert app.session.reading.flags(briefing_id) == ""
        assert _rows(app)[0][:2] == "N "


async def test_a_briefing_changed_since_read_is_updated_and_its_changes_marked() -> None:
    seed = _seed()
    app = _in_memory(seed, msgspec.structs.replace(seed, id="brf-other"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await _index_ready(pilot)
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        await _back_to_library(pilot)
        assert _rows(app)[0][:2] == "  "
        second = seed.incidents[1]
        edited = msgspec.structs.replace(second, title="Edited while away")
        newer = msgspec.structs.replace(
            seed, incidents=(seed.incidents[0], edited, *seed.incidents[2:])
        )
        # What live reload does once the file changed on disk:
        assert app.session.content_changed(newer) == "1 changed"
        await pilot.pause()
        assert _rows(app)[0][:2] == "U "
        assert "1 updated" in _library_status(app)
        _replace_in_library(app, newer)
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        assert screen.briefing is newer
        await pilot.press("2")
        await pilot.pause()
        rows = visible_rows(pane(screen, "incidents").item_list)
        assert [row[:2] for row in rows[:3]] == ["  ", "U ", "N "]  # U: changed, until seen
        await pilot.press("j")
        await pilot.pause()
        assert app.session.reading.item_state(newer, edited.id) == "read"
        assert visible_rows(pane(screen, "incidents").item_list)[1][:2] == "  "


async def test_linear_rows_say_unread_in_words() -> None:
    app = _app([LIBRARY], linear=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            assert "Briefing 1 of 4. Unread." in _rows(app)[0]
            await pilot.press("enter")
            screen = await open_briefing_screen(pilot)
            await pilot.press("2")
            await pilot.pause()
            briefing = screen.briefing
            # Linear mode shows the list alone: no item read until enter shows its detail.
            assert app.session.reading.item_state(briefing, briefing.incidents[0].id) == "unread"
            assert "Incident 1 of " in _rows(app)[0] and "Unread." in _rows(app)[0]
            await pilot.press("enter")
            await pilot.pause()
            assert app.session.reading.item_state(briefing, briefing.incidents[0].id) == "read"
    finally:
        linear_rows.configure(linear=False)


@pytest.mark.parametrize("setting", [{"secure": True}, {"state": False}])
async def test_secure_mode_or_no_state_keeps_every_mark_in_memory_and_writes_nothing(
    setting: dict[str, bool],
) -> None:
    app = _app([LIBRARY], **setting)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("m", "exclamation_mark", "a", "j", "M", "enter")
        screen = await open_briefing_screen(pilot)
        await pilot.press("2", "j", "m", "exclamation_mark", "c")
        await pilot.pause()
        reading = app.session.reading
        assert reading.flags(app.session.library.headers[0].id) == "a"
        assert reading.flags(screen.briefing.id, pane(screen, "incidents").selected_id or "")
        assert "state not kept" in app.session.status_text()
    app.session.reading.state.compact()
    assert list(Path(os.environ["XDG_STATE_HOME"]).iterdir()) == []


async def test_a_red_briefing_is_marked_for_the_session_only_and_says_so() -> None:
    seed = _seed()
    red = msgspec.structs.replace(  # the newest: the first row
        seed, id="brf-red", date=PartialDate.parse("2099-01-01"),
        handling=msgspec.structs.replace(seed.handling, tlp="red"),
    )  # fmt: skip
    app = _in_memory(red, seed)
    notices: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **_: notices.append(message)  # type: ignore[method-assign]
        await loaded(pilot)
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        assert screen.briefing.id == "brf-red"
        await pilot.press("exclamation_mark", "a")
        await pilot.pause()
        assert app.session.reading.flags("brf-red") == "a"
        assert any("not recorded after you quit" in notice for notice in notices)
    store = StateStore.open(Path(os.environ["XDG_STATE_HOME"]) / "briefing", writable=False)
    assert store.get("brf-red") is None


async def test_a_read_briefing_whose_file_changes_is_marked_updated(tmp_path: Path) -> None:
    from .test_live_reload import (
        ARCTIC,
        ARCTIC_ID,
        NEW_INCIDENT,
        StepClock,
        _edit,
        _folder,
        _settle,
    )
    from .test_live_reload import _app as watching_app
    from .test_live_reload import _ready as watching

    root, clock = _folder(tmp_path), StepClock()
    async with watching_app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await watching(pilot)
        reading = app.session.reading
        app.open_briefing(ARCTIC_ID)
        await open_briefing_screen(pilot)
        await _back_to_library(pilot)
        assert reading.briefing_state(ARCTIC_ID) == "read"
        _edit(root / ARCTIC, "  - id: inc-loitering\n", NEW_INCIDENT + "  - id: inc-loitering\n")
        await _settle(pilot, clock, lambda: reading.briefing_state(ARCTIC_ID) == "updated")
        await pilot.pause()
        assert next(row for row in _rows(app) if "Arctic" in row).startswith("U ")
        assert "1 updated" in _library_status(app)
        briefing = app.session.library.get(ARCTIC_ID)
        assert briefing is not None
        added = [i.id for i in briefing.incidents if reading.item_state(briefing, i.id) == "new"]
        assert len(added) == 1  # the incident added, marked until seen
