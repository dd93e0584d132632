"""The five panes of a briefing: what each shows, and the keys that move in them."""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.widgets.detail import DetailView, LinkButton
from briefing_tui.widgets.item_list import ItemList

from .support import (
    LIBRARY,
    SINGLE,
    AppPilot,
    detail_text,
    focused,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    visible_rows,
    wait_for,
)


async def open_arctic(pilot: AppPilot) -> BriefingScreen:
    """Open the small amber briefing (second row of the test library)."""
    await loaded(pilot)
    await pilot.press("j", "enter")
    return await open_briefing_screen(pilot)


async def test_summary_pane_shows_the_briefing_header_and_summary() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        assert screen.query_one(ContentSwitcher).current == "summary"
        text = screen.query_one("#summary-detail", DetailView).text()
        for expected in (
            "Canada's Security Cooperation with China Raises Alarms",
            "Canada-China Security Deal Questioned After Interference Probe",
            "Date: 2026-11",
            "Status: final",
            "Key points",
            "Assessment",
            "Handling statements",
            "Tags: canada-china",
        ):
            assert expected in text


async def test_number_keys_switch_panes() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        switcher = screen.query_one(ContentSwitcher)
        for key, pane_id in (("2", "incidents"), ("3", "quotes"), ("4", "sources"),
                             ("5", "entities"), ("1", "summary")):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert switcher.current == pane_id
            assert screen.current_pane == pane_id
            focused = screen.focused
            assert focused is not None and pane_id in (focused.id or "")


async def test_incident_list_and_detail() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_arctic(pilot)
        await pilot.press("2")
        incidents = pane(screen, "incidents")
        rows = [r for r in visible_rows(incidents.item_list) if r.strip()]
        assert rows[0].split()[:3] == ["~2026-10-02", "medium", "incident"]
        assert "(unsourced) Second" in rows[1]
        text = detail_text(screen, "incidents")
        for expected in (
            "Research vessel A stayed near a cable landing for two days.",
            "When: ~2026-10-02 (precision: day, approximate)",
            "date source: Port arrivals log",
            "Research vessel A — subject, as-reported",
            "Locations\nNorthwest Passage",
            "Determination: suspected",
            "Confidence: 40/100",
            "Pat Harbour (paraphrase): The harbour master said",
            "for its stay.  (unverified)",
            "Port arrivals log — Example Port Authority <https://example.org/port-log>",
        ):
            assert expected in text, expected
        assert "“The harbour master" not in text


async def test_quote_source_and_entity_details() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_arctic(pilot)
        await pilot.press("3")
        quote = detail_text(screen, "quotes")
        assert "Context: Said on the evening radio report." in quote
        assert "Speaker: Pat Harbour" in quote
        assert "Supports incidents\nVessel loitered near a cable landing" in quote
        await pilot.press("4")
        source = detail_text(screen, "sources")
        assert "URL (not opened): https://example.org/port-log" in source
        assert "Cited by\nVessel loitered near a cable landing" in source
        assert "the summary" in source
        await pilot.press("5")
        entities = pane(screen, "entities")
        kinds = [r.split()[0] for r in visible_rows(entities.item_list) if r.strip()]
        assert kinds == ["person", "location", "other"]
        entity = detail_text(screen, "entities")
        assert "Office: Harbour master" in entity
        assert "Appears in" in entity
        await pilot.press("j", "j")
        assert "Aliases: RV-A" in detail_text(screen, "entities")


async def test_list_keys_move_the_cursor_and_the_detail_follows() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        item_list = pane(screen, "incidents").item_list
        assert focused(screen) is item_list
        await pilot.press("j")
        assert item_list.cursor == 1
        assert "Interference in Canadian elections" in detail_text(screen, "incidents")
        await pilot.press("down", "k")
        assert item_list.cursor == 1
        await pilot.press("up")
        assert item_list.cursor == 0
        await pilot.press("G")
        assert item_list.cursor == len(screen.briefing.incidents) - 1
        await pilot.press("g")
        assert item_list.cursor == 0
        await pilot.press("pagedown")
        page = item_list.scrollable_content_region.height - 1
        assert item_list.cursor == page
        await pilot.press("pageup")
        assert item_list.cursor == 0


async def test_enter_opens_the_detail_and_escape_goes_back_up() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("3", "j", "enter")
        detail = screen.query_one("#quotes-detail", DetailView)
        assert focused(screen) is detail
        assert "Anita Anand" in detail.text()
        await pilot.press("G")
        await wait_for(pilot, lambda: detail.scroll_y == detail.max_scroll_y)
        await pilot.press("g")
        await wait_for(pilot, lambda: detail.scroll_y == 0)
        await pilot.press("escape")
        assert focused(screen) is pane(screen, "quotes").item_list
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not screen)


async def test_tab_moves_focus_from_list_to_detail_to_links() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        assert isinstance(screen.focused, ItemList)
        await pilot.press("tab")
        assert isinstance(screen.focused, DetailView)
        await pilot.press("tab")
        assert isinstance(screen.focused, LinkButton)
        await pilot.press("shift+tab")
        assert isinstance(screen.focused, DetailView)
