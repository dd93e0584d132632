"""`s` sorts the focused list (issue 11 item 5): the order in the header, the cursor on its
row, the order kept through the filter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing_tui.screens.library import LibraryScreen
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.list_frame import ListHeader
from briefing_tui.widgets.sorting import item_date_key

from .search_support import generated_library, index_ready
from .support import LIBRARY, loaded, make_app, open_briefing_screen, pane, wait_for


def _header(screen: object) -> str:
    assert isinstance(screen, (LibraryScreen, ResultsScreen))
    return str(screen.query_one(ListHeader).render())


async def test_s_sorts_the_library_by_title_and_tlp_keeping_the_cursor_and_the_filter() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert "▼ date" in _header(screen)
        await pilot.press("j")  # Arctic shipping watch
        await pilot.press("s")
        await wait_for(pilot, lambda: "▲ title" in _header(screen))
        titles = [row.header.title for row in screen.rows.items if row.header]
        assert titles == sorted(titles, key=str.casefold)
        assert screen.rows.items[-1].header is None  # the broken file stays last
        item_list = screen.query_one(ItemList)
        current = screen.rows.items[item_list.cursor].header
        assert current is not None and current.title == "Arctic shipping watch"
        await pilot.press("s")
        await wait_for(pilot, lambda: "▼ TLP" in _header(screen))
        first = screen.rows.items[0].header
        assert first is not None and first.handling.tlp == "amber"
        await pilot.press("f", *"-tlp:amber", "escape")
        await wait_for(pilot, lambda: len(screen.rows) == 2)
        assert "▼ TLP" in _header(screen)
        assert [row.header.handling.tlp for row in screen.rows.items if row.header] == [
            "green",
            "clear",
        ]


async def test_the_librarys_order_and_cursor_survive_a_reload(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(LIBRARY, root)
    app = make_app(root, watch="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await wait_for(pilot, lambda: app._watching)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("s")  # by title: Arctic, Canada's, Supply; the cursor on Canada's
        await wait_for(pilot, lambda: "▲ title" in _header(screen))
        arctic = root / "arctic-shipping-watch.yaml"
        text = arctic.read_text(encoding="utf-8")
        arctic.write_text(text.replace("title: Arctic shipping", "title: Zulu shipping", 1))
        app.poll_files(now=True)  # what ctrl+r does, in the test's own thread
        await wait_for(
            pilot,
            lambda: any(r.header and r.header.title.startswith("Zulu") for r in screen.rows.items),
        )
        await pilot.pause()
        assert "▲ title" in _header(screen)
        titles = [row.header.title for row in screen.rows.items if row.header]
        assert titles == sorted(titles, key=str.casefold) and titles[-1].startswith("Zulu")
        current = screen.rows.items[screen.query_one(ItemList).cursor].header
        assert current is not None and current.id == "brf-canada-china-security-cooperation"


async def test_s_sorts_a_briefings_incidents_by_date_then_severity() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        incidents = pane(screen, "incidents")
        in_file = [item.id for item in incidents.rows.items]
        await pilot.press("s")
        dates = [item_date_key(item) for item in incidents.rows.items]
        known = [date for date in dates if date is not None]
        assert known == sorted(known, reverse=True) and len(known) == 2
        assert dates[: len(known)] == known  # the undated last
        await pilot.press("s", "s")  # severity, then the file's order again
        assert [item.id for item in incidents.rows.items] == in_file


async def test_s_sorts_results_by_the_items_date(tmp_path_factory: pytest.TempPathFactory) -> None:
    library: Path = generated_library(tmp_path_factory.mktemp("generated"))
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        await wait_for(pilot, lambda: len(screen.rows) > 10)
        await pilot.press("s")
        await wait_for(pilot, lambda: "▼ date" in _header(screen))
        dates = [item_date_key(entry.item) for entry in screen.rows.items]
        known = [date for date in dates if date is not None]
        assert known and known == sorted(known, reverse=True)
        assert dates[: len(known)] == known
