"""Where am I (issue 11 items 6 and 12): counts while filtered, how far a detail is
scrolled, the briefing's title on every pane, tabs that shorten instead of overflowing."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from briefing_tui.widgets.pane_tabs import Tab, tabs_line

from .search_support import index_ready, seed_screen
from .support import LIBRARY, SINGLE, make_app, wait_for


async def test_the_library_status_says_how_many_of_all_the_filter_shows() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await pilot.press("f", *"tlp:amber", "escape")
        status = app.screen.query_one("#library-status", Static)
        await wait_for(pilot, lambda: str(status.render()) == "1 of 3 briefings, 1 broken file")
        await pilot.press("F")
        everything = "3 briefings, 1 broken file, 3 unread"
        await wait_for(pilot, lambda: str(status.render()) == everything)


def _tabs_text(screen: Screen[Any]) -> str:
    return str(screen.query_one("#pane-tabs", Static).render())


async def test_every_pane_names_the_briefing_and_a_scrolled_detail_says_how_far() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        for key in "12345":
            await pilot.press(key)
            await wait_for(pilot, lambda: "Canada's" in _tabs_text(screen))
        await pilot.press("1")
        await wait_for(pilot, lambda: _tabs_text(screen).endswith(" 0%"))
        await pilot.press("G")
        await wait_for(pilot, lambda: _tabs_text(screen).endswith(" 100%"))


@pytest.mark.parametrize("width", [50, 80, 120])
def test_tabs_with_counts_shorten_and_never_lose_a_tab(width: int) -> None:
    tabs = [
        Tab("1", "Summary"),
        Tab("2", "Incidents", "12/120"),
        Tab("3", "Quotes", "3/40"),
        Tab("4", "Sources", "0/12"),
        Tab("5", "Entities", "30/30"),
    ]
    line = tabs_line(tabs, 1, width, "A long briefing title about many things", 42).plain
    assert cell_len(line) <= width
    assert "5 " in line and "30/30" in line
    assert line.endswith("42%")
    if width >= 80:
        assert "A long" in line
    if width >= 120:
        assert "5 Entities 30/30" in line


async def test_at_80_columns_the_key_hints_of_a_briefing_reach_help() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("2")
        await pilot.pause()
        keys = {key.action: key for key in screen.query(FooterKey)}
        help_key = keys["help"]
        assert help_key.region.right <= 80 - len("▏^p palette")
        assert help_key.region.width >= len("? Help")
