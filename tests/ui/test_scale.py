"""A briefing of 60,000 incidents opens, and the list jumps to its end at once."""

from __future__ import annotations

from textual.command import CommandList

from briefing_tui.commands import QUICK_HITS, MarkedCommandPalette, PaletteEntry, quick_matches
from briefing_tui.model import Briefing, Handling, Incident, PartialDate
from briefing_tui.screens.briefing import Location

from .search_support import index_ready
from .support import app_with, loaded, open_briefing_screen, pane, visible_rows, wait_for

COUNT = 60_000


def huge_briefing() -> Briefing:
    incidents = tuple(
        Incident(id=f"inc-{n}", title=f"Generated incident {n}", severity="low")
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
        await index_ready(pilot)  # the index worker's turns are not this test's to time
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        item_list = pane(screen, "incidents").item_list
        assert item_list.row_count == COUNT
        await pilot.press("G")
        await pilot.pause()
        assert item_list.cursor == COUNT - 1
        rows = visible_rows(item_list)
        assert any(f"Generated incident {COUNT - 1}" in row for row in rows)
        await pilot.press("g", "pagedown")
        await pilot.pause()
        page = item_list.scrollable_content_region.height - 1
        assert item_list.cursor == page
        assert any(f"Generated incident {page}" in row for row in visible_rows(item_list))
        assert not item_list.children  # rows are drawn lines, not 60,000 widgets


async def test_palette_finds_one_of_sixty_thousand_incidents() -> None:
    app = app_with(huge_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        results = app.screen.query_one(CommandList)
        await pilot.press(*"incident 54321")
        await wait_for(
            pilot,
            lambda: (
                results.option_count > 0
                and "incident 54321" in str(results.get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.location == Location("incidents", "inc-54321")
        assert pane(screen, "incidents").item_list.cursor == 54321


def test_quick_matches_put_substrings_first_and_cap_the_hits() -> None:
    entries = [PaletteEntry(f"Incident: item {n}", "jump", lambda: None) for n in range(5000)]
    entries.append(PaletteEntry("Incident: i-t-e-m spread out", "jump", lambda: None))
    folded = [entry.text.lower() for entry in entries]
    hits = list(quick_matches("item 4999", entries, folded))
    assert [entry.text for entry, _, _ in hits] == ["Incident: item 4999"]
    assert hits[0][2] == list(range(10, 19))
    hits = list(quick_matches("item", entries, folded))
    assert len(hits) == QUICK_HITS
    hits = list(quick_matches("i-t-e-m spread", entries, folded))
    assert hits[0][0].text == "Incident: i-t-e-m spread out"
    spread = list(quick_matches("itemspread", entries, folded))
    assert [entry.text for entry, score, _ in spread] == ["Incident: i-t-e-m spread out"]
    assert spread[0][1] < hits[0][1]
