"""A briefing of 60,000 incidents opens, and the list jumps to its end at once."""

from __future__ import annotations

import time

from briefing_tui.model import Briefing, Handling, Incident, PartialDate

from .support import app_with, loaded, open_briefing_screen, pane, visible_rows

COUNT = 60_000


def huge_briefing() -> Briefing:
    incidents = tuple(
        Incident(id=f"inc-{n}", title=f"Generated incident number {n}", severity="low")
        for n in range(COUNT)
    )
    return Briefing(
        schema="briefing/v1",
        id="brf-huge",
        title="Sixty thousand incidents",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="Built in memory for a scale test.",
        incidents=incidents,
    )


async def test_sixty_thousand_incidents_open_and_scroll_at_once() -> None:
    app = app_with(huge_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        started = time.monotonic()
        await pilot.press("2")
        item_list = pane(screen, "incidents").item_list
        assert item_list.row_count == COUNT
        await pilot.press("G")
        await pilot.pause()
        assert item_list.cursor == COUNT - 1
        rows = visible_rows(item_list)
        assert any(f"Generated incident number {COUNT - 1}" in row for row in rows)
        await pilot.press("g", "pagedown")
        await pilot.pause()
        page = item_list.scrollable_content_region.height - 1
        assert item_list.cursor == page
        assert any(f"Generated incident number {page}" in row for row in visible_rows(item_list))
        assert time.monotonic() - started < 2.0
