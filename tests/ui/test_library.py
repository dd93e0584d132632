"""The library screen: rows newest first, broken files explained, most restrictive banner."""

from __future__ import annotations

from textual.widgets import Static

from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.screens.problems import ProblemsScreen
from briefing_tui.widgets.banner import HandlingBanner
from briefing_tui.widgets.item_list import ItemList

from .support import (
    LIBRARY,
    SINGLE,
    across_ready,
    loaded,
    make_app,
    open_briefing_screen,
    visible_rows,
    wait_for,
)


async def test_rows_newest_first_with_the_broken_file_last() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        rows = [row for row in visible_rows(app.screen.query_one(ItemList)) if row.strip()]
        assert len(rows) == 4
        assert rows[0].split()[:3] == ["N", "2026-11", "CLEAR"]  # N: unread
        assert "Canada's Security Cooperation" in rows[0]
        assert rows[1].split()[:7] == ["N", "2026-10-14", "AMBER", "2", "1", "draft", "Arctic"]
        assert "Supply review [@click=app.quit]x[/]" in rows[2]
        assert "broken" in rows[3]
        assert "broken-draft.yaml:2:1: error: title: missing required field" in rows[3]
        status = app.screen.query_one("#library-status", Static)
        assert "3 briefings, 1 broken file" in str(status.render())


async def test_banner_shows_the_most_restrictive_marking_of_the_library() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        banners = list(app.screen.query(HandlingBanner))
        assert [b.marking.tlp for b in banners] == ["amber", "amber"]
        assert all(b.marking.classification == "PROTECTED B" for b in banners)
        assert [b.region.y for b in banners] == [0, 22]


async def test_enter_opens_the_highlighted_briefing() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        screen = await open_briefing_screen(pilot)
        assert screen.briefing.id == "brf-arctic-shipping-watch"
        banner = screen.query_one("#banner-top", HandlingBanner)
        assert banner.marking.tlp == "amber"


async def test_enter_on_a_broken_row_lists_its_problems() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        text = str(app.screen.query_one("#problem-lines", Static).render())
        assert "broken-draft.yaml:2:1: error: title: missing required field 'title'" in text
        assert "broken-draft.yaml:12:13: error: quotes[0].source:" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_escape_on_the_library_stays_there() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.is_running


async def test_a_single_briefing_opens_directly_and_escape_reaches_the_library() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        assert screen.briefing.id == "brf-canada-china-security-cooperation"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        rows = [row for row in visible_rows(app.screen.query_one(ItemList)) if row.strip()]
        assert len(rows) == 1 and "Canada's Security Cooperation" in rows[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))


async def test_back_from_a_briefing_the_library_shows_the_filter_once_and_its_row() -> None:
    """Escape from a briefing: the library shows the filter's answer once (Textual calls
    each screen class's resume handler: the library's part is a hook of the shared one),
    and the cursor is on the briefing just read."""
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await across_ready(pilot)  # no index arrives meanwhile
        library = app.screen
        assert isinstance(library, LibraryScreen)
        shown: list[int] = []
        refresh_filter = library.refresh_filter

        def counted() -> None:
            shown.append(library.query_one(ItemList).cursor)
            refresh_filter()

        library.refresh_filter = counted  # type: ignore[method-assign]
        await pilot.press("j", "enter")
        await open_briefing_screen(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is library)
        await pilot.pause()
        assert len(shown) == 1
        assert library.query_one(ItemList).cursor == 1
        assert library.rows.items[1].header is not None
        assert library.rows.items[1].header.id == "brf-arctic-shipping-watch"
