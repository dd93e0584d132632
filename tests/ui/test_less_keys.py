"""Keys a less / newsboat user reaches for (issue 11 item 7)."""

from __future__ import annotations

import pytest

from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing, Handling, PartialDate
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.help import HelpScreen
from briefing_tui.widgets.item_list import ItemList

from .search_support import index_ready
from .support import (
    LIBRARY,
    SINGLE,
    app_with,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    wait_for,
)


def _briefing(number: int) -> Briefing:
    return Briefing(
        schema="briefing/v1",
        id=f"brf-{number:03}",
        title=f"Briefing {number}",
        date=PartialDate.parse(f"{2000 + number}"),
        handling=Handling(tlp="clear"),
        summary="In memory.",
    )


async def test_ctrl_f_b_d_u_page_and_half_page_a_list() -> None:
    app = app_with(*(_briefing(n) for n in range(60)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        item_list = app.screen.query_one(ItemList)
        page = item_list.scrollable_content_region.height - 1
        await pilot.press("ctrl+f")
        assert item_list.cursor == page
        await pilot.press("ctrl+b")
        assert item_list.cursor == 0
        await pilot.press("ctrl+d")
        assert item_list.cursor == page // 2
        await pilot.press("ctrl+u")
        assert item_list.cursor == 0


async def test_ctrl_d_scrolls_a_detail_half_a_page() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_briefing_screen(pilot)
        await loaded(pilot)
        detail = pane(screen, "incidents").detail
        await pilot.press("2", "tab")
        await wait_for(pilot, lambda: screen.focused is detail)
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: detail.scroll_y > 0)
        assert detail.scroll_y == min(
            detail.scrollable_content_region.height // 2, detail.max_scroll_y
        )


async def test_h_opens_and_closes_help() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("h")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_j_and_k_walk_the_briefings_in_the_librarys_filtered_order() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await pilot.press("enter")
        first = await open_briefing_screen(pilot)
        assert first.briefing.id == "brf-canada-china-security-cooperation"
        await pilot.press("J")
        await wait_for(pilot, lambda: app.screen is not first)
        second = await open_briefing_screen(pilot)
        assert second.briefing.id == "brf-arctic-shipping-watch"
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: app.screen is not second)
        back = await open_briefing_screen(pilot)
        assert back.briefing.id == first.briefing.id
        await pilot.press("K")  # the first: stays, says so
        await pilot.pause()
        assert app.screen is back
        await pilot.press("escape", "f", *"-tlp:amber", "escape", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        shown = await open_briefing_screen(pilot)
        await pilot.press("J")  # the amber briefing is filtered out: the green one is next
        await wait_for(pilot, lambda: app.screen is not shown)
        after = await open_briefing_screen(pilot)
        assert after.briefing.id == "brf-protected-supply-review"
        await pilot.press("escape")  # back on the library, its cursor on that briefing
        await wait_for(pilot, lambda: not isinstance(app.screen, BriefingScreen))
        assert app.screen.query_one(ItemList).cursor == 1


async def test_ctrl_z_never_suspends_in_secure_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    suspended: list[bool] = []
    monkeypatch.setattr(BriefingApp, "action_suspend_process", lambda self: suspended.append(True))
    app = make_app(LIBRARY, secure=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert suspended == []
    normal = make_app(LIBRARY)
    async with normal.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: suspended == [True])
