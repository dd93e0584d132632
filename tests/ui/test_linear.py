"""Linear mode (``--linear``): one pane at a time, rows as sentences, the cursor on them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.geometry import Offset

from briefing_tui.app import BriefingApp
from briefing_tui.widgets import linear_rows

from .support import (
    SINGLE,
    AppPilot,
    is_shown,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    visible_rows,
)


@pytest.fixture(autouse=True)
def linear_mode_is_reset() -> Iterator[None]:
    yield
    linear_rows.configure(linear=False)


def linear_app() -> BriefingApp:
    return make_app(SINGLE, linear=True)


async def incidents(pilot: AppPilot) -> None:
    await loaded(pilot)
    await open_briefing_screen(pilot)
    await pilot.press("2")
    await pilot.pause()


async def test_rows_read_as_sentences_and_the_cursor_sits_on_the_highlighted_one() -> None:
    app = linear_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await incidents(pilot)
        screen = app.screen
        item_list = pane(screen, "incidents").item_list  # type: ignore[arg-type]
        rows = visible_rows(item_list)
        assert rows[0].startswith("Incident 1 of 9. Unread. Kidnapping and imprisonment")
        assert rows[1].startswith(
            "Incident 2 of 9. Unread. Interference in Canadian elections. Severity high."
        )
        await pilot.press("j", "j")
        region = item_list.scrollable_content_region
        assert app.cursor_position == Offset(region.x, region.y + 2)
        assert not is_shown(screen.query_one("#incidents-header"))  # no column headers


async def test_enter_shows_the_detail_alone_and_escape_the_list_again() -> None:
    app = linear_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await incidents(pilot)
        collection = pane(app.screen, "incidents")  # type: ignore[arg-type]
        assert is_shown(collection.item_list) and not is_shown(collection.detail)
        await pilot.press("enter")
        await pilot.pause()
        assert is_shown(collection.detail) and not is_shown(collection.item_list)
        assert app.cursor_position == collection.detail.content_region.offset
        await pilot.press("escape")
        await pilot.pause()
        assert is_shown(collection.item_list) and not is_shown(collection.detail)


def glyph_art(svg: str) -> list[str]:
    """Box drawing, block and braille characters in a screenshot."""
    return [ch for ch in svg if 0x2500 <= ord(ch) <= 0x259F or 0x2800 <= ord(ch) <= 0x28FF]


async def test_a_linear_screen_holds_no_box_block_or_braille_glyph() -> None:
    normal = make_app(SINGLE)
    async with normal.run_test(size=(80, 24)) as pilot:
        await incidents(pilot)
        assert glyph_art(normal.export_screenshot())  # the rule and the scroll bars
    app = linear_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await incidents(pilot)
        for keys in ((), ("enter",), ("escape", "question_mark")):
            await pilot.press(*keys)
            await pilot.pause()
            assert glyph_art(app.export_screenshot()) == [], keys
