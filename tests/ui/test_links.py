"""Links in a detail are followed with Tab and Enter; backspace walks back the path."""

from __future__ import annotations

from briefing_tui.screens.briefing import BriefingScreen, Location
from briefing_tui.widgets.detail import LinkButton

from .support import (
    LIBRARY,
    SINGLE,
    AppPilot,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    wait_for,
)


async def focus_link(pilot: AppPilot, screen: BriefingScreen, label: str) -> LinkButton:
    """Press Tab until the focused link's label holds ``label``."""
    for _ in range(60):
        await pilot.press("tab")
        focused = screen.focused
        if isinstance(focused, LinkButton) and label in str(focused.render()):
            return focused
    raise AssertionError(f"no link {label!r} reached with tab")


async def test_incident_to_quote_to_source_and_back() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        await pilot.press("j")  # Interference in Canadian elections
        start = screen.location
        await focus_link(pilot, screen, "most active perpetrator")
        await pilot.press("enter")
        assert screen.location == Location("quotes", "q-inquiry-most-active-perpetrator")
        assert screen.focused is pane(screen, "quotes").item_list
        await focus_link(pilot, screen, "Original source")
        await pilot.press("enter")
        assert screen.location == Location("sources", "src-inquiry-report")
        await pilot.press("backspace")
        assert screen.location == Location("quotes", "q-inquiry-most-active-perpetrator")
        await pilot.press("backspace")
        assert screen.location == start
        await pilot.press("backspace")  # nothing left: stays, says so
        assert screen.location == start
        assert app.screen is screen


async def test_entity_link_and_back_link_from_the_entity() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        await focus_link(pilot, screen, "Michael Kovrig")
        await pilot.press("enter")
        assert screen.location == Location("entities", "ent-michael-kovrig")
        await focus_link(pilot, screen, "Kidnapping and imprisonment")
        await pilot.press("enter")
        assert screen.location == Location("incidents", "inc-two-michaels")
        await pilot.press("backspace", "backspace")
        assert screen.location == Location("incidents", "inc-two-michaels")
        assert screen.history == []


async def test_related_briefing_link_opens_it_and_backspace_returns() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        first = await open_briefing_screen(pilot)
        assert first.briefing.id == "brf-arctic-shipping-watch"
        await focus_link(pilot, first, "brf-canada-china-security-cooperation")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not first)
        second = await open_briefing_screen(pilot)
        assert second.briefing.id == "brf-canada-china-security-cooperation"
        await pilot.press("backspace")
        await wait_for(pilot, lambda: app.screen is first)
        assert first.current_pane == "summary"


async def test_source_cited_by_leads_to_the_incident_and_to_the_summary() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        screen = await open_briefing_screen(pilot)
        await pilot.press("4")
        await focus_link(pilot, screen, "Vessel loitered")
        await pilot.press("enter")
        assert screen.location == Location("incidents", "inc-loitering")
        await pilot.press("backspace")
        assert screen.location == Location("sources", "src-port-log")
        await focus_link(pilot, screen, "the summary")
        await pilot.press("enter")
        assert screen.location == Location("summary")
        await focus_link(pilot, screen, "Port arrivals log")
        await pilot.press("enter")
        assert screen.location == Location("sources", "src-port-log")
