"""Zoom, quit, layout by width and by `v`, and where the banners are on every screen."""

from __future__ import annotations

import pytest
from textual.command import CommandList

from briefing_tui.commands import MarkedCommandPalette
from briefing_tui.screens.help import HelpScreen
from briefing_tui.widgets.detail import DetailView
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.rows import TableRows

from .support import (
    LIBRARY,
    SINGLE,
    banner_rows,
    is_shown,
    loaded,
    make_app,
    maximized,
    open_briefing_screen,
    pane,
    wait_for,
)


async def test_z_zooms_the_focused_list_then_the_detail_and_back() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2", "z")
        incidents = pane(screen, "incidents")
        assert maximized(screen) is incidents.item_list
        assert not is_shown(incidents.detail)
        assert incidents.item_list.region.height == 21
        assert banner_rows(app) == [0, 22]
        await pilot.press("z")
        assert maximized(screen) is None
        assert is_shown(incidents.detail)
        await pilot.press("tab", "tab", "z")  # a link in the detail: the detail zooms
        assert maximized(screen) is incidents.detail
        await pilot.press("escape")
        assert maximized(screen) is None
        assert app.screen is screen


def _title_width(item_list: ItemList) -> int:
    """Cells of the title column in the list's rows (issue 11: wider is never worse)."""
    source = item_list.source
    assert isinstance(source, TableRows)
    rows: TableRows[object] = source
    return rows.sizes(item_list.scrollable_content_region.width)[-1]


async def test_layout_stacks_below_160_and_sits_side_by_side_from_160() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        item_list = screen.query_one("#incidents-list", ItemList)
        detail = screen.query_one("#incidents-detail", DetailView)
        assert not screen.has_class("-wide")
        assert detail.region.y > item_list.region.bottom - 1
        assert detail.region.width == item_list.region.width == 80
        widths = []
        for width in (119, 120, 159, 160, 200):
            await pilot.resize_terminal(width, 40)
            await wait_for(pilot, lambda w=width: screen.size.width == w)  # type: ignore[misc]
            await pilot.pause()
            assert screen.has_class("-wide") == (width >= 160)
            widths.append(_title_width(item_list))
        assert widths[1] >= widths[0]  # 120 shows no shorter titles than 119
        assert widths[3] >= 80 - 2 - 34  # side by side at 160: as wide as stacked at 80
        assert detail.region.x >= item_list.region.right
        assert detail.region.y < item_list.region.bottom
        assert banner_rows(app) == [0, 38]
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: not screen.has_class("-wide"))
        await pilot.pause()
        assert detail.region.y >= item_list.region.bottom
        assert banner_rows(app) == [0, 28]


async def test_v_toggles_side_by_side_and_the_config_chooses_the_start() -> None:
    app = make_app(SINGLE, layout="side")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: screen.has_class("-wide"))
        item_list = screen.query_one("#incidents-list", ItemList)
        detail = screen.query_one("#incidents-detail", DetailView)
        await pilot.pause()
        assert detail.region.x >= item_list.region.right
        await pilot.press("v")
        await wait_for(pilot, lambda: not screen.has_class("-wide"))
        await pilot.pause()
        assert detail.region.y >= item_list.region.bottom
        await pilot.press("v")
        await wait_for(pilot, lambda: screen.has_class("-wide"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_banners_are_first_and_above_the_key_hints_on_every_screen(
    size: tuple[int, int],
) -> None:
    _width, height = size
    expected = [0, height - 2]
    app = make_app(LIBRARY)
    async with app.run_test(size=size, notifications=True) as pilot:
        await loaded(pilot)
        assert banner_rows(app) == expected  # library
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert banner_rows(app) == expected
        await pilot.press("question_mark")
        await pilot.press("enter")
        await open_briefing_screen(pilot)
        assert banner_rows(app) == expected  # briefing
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        await pilot.press("i", "n", "c")
        await pilot.pause()
        assert banner_rows(app) == expected
        palette = app.screen
        results = palette.query_one(CommandList)
        await wait_for(pilot, lambda: results.option_count > 0 and results.region.height > 0)
        assert results.region.bottom <= height - 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MarkedCommandPalette))
        app.notify("A notification", timeout=30)
        await pilot.pause()
        await wait_for(pilot, lambda: any(t.region.height for t in app.screen.query("Toast")))
        assert all(t.region.bottom <= height - 2 for t in app.screen.query("Toast"))
        assert banner_rows(app) == expected


async def test_q_quits_at_once_with_status_zero() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("2", "q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_q_quits_from_the_help_overlay_too() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
