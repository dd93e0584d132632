"""Saved views on the library: rows with counts above the briefings; enter opens one."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from briefing_tui.app import BriefingApp
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.views import SavedViews, ViewCounts
from briefing_tui.widgets import linear_rows
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.view_rows import broken_view_text, view_row_text

from .support import LIBRARY, AppPilot, loaded, make_app, visible_rows, wait_for

VIEWS = {
    "Serious": "severity:>=high",
    "Typo": "sevrity:high",
    "Bell\x07 and \x1b[31mred": "is:unread",
}


def _app(views: dict[str, str] = VIEWS, **settings: Any) -> BriefingApp:
    return make_app(LIBRARY, views=views, **settings)


def _rows(app: BriefingApp) -> list[str]:
    return [row for row in visible_rows(app.screen.query_one(ItemList)) if row.strip()]


async def _ready(pilot: AppPilot) -> BriefingApp:
    app = await loaded(pilot)
    await wait_for(pilot, lambda: app.session.filter_state.ready)
    await pilot.pause()
    return app


def _expected(app: BriefingApp, query: str) -> tuple[int, int]:
    state = app.session.filter_state
    assert state.index is not None
    matching = [e for e in state.index.search(query).entries() if e.kind in ("incident", "quote")]
    unread = [
        e for e in matching if app.session.reading.item_state(e.briefing, e.item_id) != "read"
    ]
    return len(unread), len(matching)


async def test_views_are_listed_above_the_briefings_with_their_counts() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        rows = _rows(app)
        unread, total = _expected(app, "severity:>=high")
        assert 0 < total
        assert rows[0].strip().startswith("Serious")
        assert rows[0].endswith(f"{unread} unread / {total}")
        assert rows[1].strip().startswith("Typo") and "broken query" in rows[1]
        assert "\x1b" not in rows[2] and "\x07" not in rows[2]  # shown inert
        assert rows[2].strip().startswith("Bell")
        assert rows[3].startswith("N ")  # then the briefings


def test_a_view_counts_show_an_ellipsis_until_the_index_is_ready() -> None:
    view = SavedViews({"Serious": "severity:>=high"}).views[0]
    assert view_row_text(view, None, 40).endswith("…")
    assert view_row_text(view, ViewCounts(12, 40), 40).endswith("12 unread / 40")
    assert view_row_text(view, ViewCounts(12, 40), 40).startswith("Serious ")


def test_a_broken_view_says_why_with_a_caret_under_the_place() -> None:
    view = SavedViews({"Typo": "tlp:amber sevrity:high"}).views[0]
    assert view.broken
    lines = broken_view_text(view).splitlines()
    assert lines[1] == "tlp:amber sevrity:high"
    assert lines[2].startswith(" " * 10 + "^")
    assert "sevrity" in lines[2]


async def test_enter_opens_a_view_as_results_and_leaving_brings_the_filter_back() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        unread, total = _expected(app, "severity:>=high")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert len(screen.rows) == total
        status = str(screen.query_one("#results-status", Static).render())
        assert status.startswith("View Serious")
        assert app.session.filter_state.text == "severity:>=high"
        await pilot.press("M")  # everything in the view read
        await pilot.pause()
        await pilot.press("backspace")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        assert app.session.filter_state.text == ""
        assert _rows(app)[0].endswith(f"0 unread / {total}")  # the count followed
        assert unread > 0


async def test_a_view_row_reads_as_a_sentence_in_linear_mode() -> None:
    app = _app({"Serious": "severity:>=high"}, linear=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _ready(pilot)
            unread, total = _expected(app, "severity:>=high")
            rows = _rows(app)
            assert rows[0].rstrip() == f"Saved view 1 of 1. Serious {unread} unread of {total}."
            assert rows[1].startswith("Briefing 1 of 4. Unread.")  # the broken file counted
    finally:
        linear_rows.configure(linear=False)


async def test_a_filter_on_the_library_lists_briefings_only() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("f", *"tlp:amber", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        rows = _rows(app)
        assert len(rows) == 1 and "Arctic" in rows[0]


async def test_enter_on_a_broken_view_explains_and_stays() -> None:
    app = _app()
    notices: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **_: notices.append(message)  # type: ignore[method-assign]
        await _ready(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("does not parse" in notice and "^" in notice for notice in notices)


def test_view_counts_follow_reading_and_are_counted_again_after_a_reload() -> None:
    from briefing_tui.model import Library, load_file
    from briefing_tui.model.state import Reading, ReadingState
    from briefing_tui.model.state.bits import attach

    result = load_file(LIBRARY / "canada-china-security-cooperation.yaml")
    briefing = result.briefing
    assert briefing is not None
    index = Library.from_results([result]).search_index()
    assert index is not None
    reading = Reading(ReadingState())
    attach(index, reading)
    views = SavedViews({"All high": "severity:high"})
    view = views.views[0]
    high = sum(1 for incident in briefing.incidents if incident.severity == "high")
    assert views.counts(view, index, reading) == ViewCounts(high, high)
    reading.read_item(briefing, next(i.id for i in briefing.incidents if i.severity == "high"))
    assert views.counts(view, index, reading) == ViewCounts(high - 1, high)
    index.remove(briefing.id)  # what a reload may do to the index, in place
    assert views.counts(view, index, reading) == ViewCounts(high - 1, high)  # kept...
    views.forget()
    assert views.counts(view, index, reading) == ViewCounts(0, 0)  # ...until forgotten
