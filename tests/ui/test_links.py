"""Links in a detail are followed with Tab and Enter; backspace walks back the path."""

from __future__ import annotations

from briefing_tui.model import Briefing, Handling, Incident, PartialDate
from briefing_tui.screens.briefing import BriefingScreen, Location
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.detail import LinkButton

from .support import (
    LIBRARY,
    SINGLE,
    AppPilot,
    app_with,
    focused,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    visible_rows,
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
        # Back on the link that was followed, not on the list (issue 11 item 21).
        await wait_for(pilot, lambda: isinstance(screen.focused, LinkButton))
        link = focused(screen)
        assert link is not None and "most active perpetrator" in str(link.render())
        await pilot.press("backspace")  # nothing left: back to the library it came from
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


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


async def test_enter_on_a_zoomed_list_shows_the_detail_it_focuses() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2", "z")
        incidents = pane(screen, "incidents")
        assert screen.maximized is incidents.item_list
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.maximized is None)
        assert screen.focused is incidents.detail
        assert incidents.detail.region.height > 0


async def test_an_empty_pane_says_so_without_blaming_a_filter() -> None:
    small = Briefing(
        schema="briefing/v1",
        id="brf-small",
        title="A small one",
        date=PartialDate.parse("2025-01"),
        handling=Handling(tlp="clear"),
        summary="No sources, no quotes.",
        incidents=(Incident(id="inc-x", title="A high one", severity="high"),),
    )
    app = app_with(small)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_briefing_screen(pilot)  # the only briefing opens by itself
        await pilot.press("4")
        sources = pane(screen, "sources")
        await wait_for(pilot, lambda: "No sources in this briefing." in sources.detail.text())
        assert "filter" not in sources.detail.text()
        assert "No sources in this briefing." in visible_rows(sources.item_list)[0]
