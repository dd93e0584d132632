"""Across the library from a briefing and the results: ``e`` on an entity of a briefing
goes to its page, ``t`` on a briefing or the results opens the timeline."""

from __future__ import annotations

import threading
from pathlib import Path

import msgspec
import pytest
from textual.widgets import Static

from briefing_tui import across as across_module
from briefing_tui.across import AcrossParts, build_across
from briefing_tui.cli import main
from briefing_tui.model import Briefing, Handling
from briefing_tui.model.loading.loader import load_briefing
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.screens.entities import EntityPage
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.screens.timeline import TimelineScreen
from briefing_tui.widgets.banner import HandlingBanner

from .search_support import Notices
from .support import (
    LIBRARY,
    across_ready,
    app_with,
    detail_text,
    make_app,
    open_briefing_screen,
    pane,
    wait_for,
)

ARCTIC = LIBRARY / "arctic-shipping-watch.yaml"
SEED = Path(__file__).resolve().parents[2] / "briefings" / "canada-china-security-cooperation.yaml"
"""The seed briefing with the Wikidata ids of Canada, China and Donald Trump."""


# --- e: an entity of a briefing, across the library ----------------------------------


def _copies() -> list[Briefing]:
    """The seed briefing three times: as it is, marked amber, and with Canada's
    external id removed (then Canada is only a possible match by name)."""
    seed = load_briefing(SEED)
    amber = msgspec.structs.replace(
        seed, id="brf-amber", title="Amber copy", handling=Handling(tlp="amber")
    )
    entities = tuple(
        msgspec.structs.replace(e, external_ids={}) if e.id == "ent-canada" else e
        for e in seed.entities
    )
    unlinked = msgspec.structs.replace(
        seed, id="brf-unlinked", title="Unlinked copy", entities=entities
    )
    return [seed, amber, unlinked]


async def test_e_on_an_entity_opens_its_page_across_the_library() -> None:
    briefings = _copies()
    seed = briefings[0]
    notices = Notices()
    async with app_with(*briefings).run_test(size=(80, 24), message_hook=notices) as pilot:
        app = await across_ready(pilot)
        app.open_briefing(seed.id)
        screen = await open_briefing_screen(pilot)
        await pilot.press("e")  # on the summary: no entity
        await pilot.pause()
        assert not isinstance(app.screen, EntityPage)
        assert notices.texts[-1] == "No entity here: show the Entities pane (5) first."
        await pilot.press("5")
        await pilot.pause()
        assert pane(screen, "entities").select("ent-canada")
        await pilot.pause()
        across = "Across the library: in 1 other briefing, 1 possible match; e: its page"
        assert across in detail_text(screen, "entities")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityPage))
        page = app.screen
        assert isinstance(page, EntityPage)
        assert set(page.group.briefing_ids) == {seed.id, "brf-amber"}
        assert page.title_text == "Canada (country)"
        lines = page.lines()
        assert "External ids: wikidata:Q16" in lines
        assert "Possible matches (a shared name, not merged):" in lines
        assert page.marking.tlp == "amber"  # the most restrictive of the briefings listed
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert pane(screen, "entities").select("ent-china")
        await pilot.pause()
        assert "Across the library: in 2 other briefings; e: its page" in (
            detail_text(screen, "entities")
        )


async def test_an_entity_shown_while_indexing_says_where_else_it_is_once_indexed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The entity detail shown before the entity index exists is drawn again when it
    arrives (it used to say "indexing…" until the cursor moved)."""
    release = threading.Event()

    def held_build(index: SearchIndex) -> AcrossParts:
        release.wait(timeout=10)
        return build_across(index)

    monkeypatch.setattr(across_module, "build_across", held_build)
    async with make_app(SEED).run_test(size=(80, 24)) as pilot:
        screen = await open_briefing_screen(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: "Across the library" in detail_text(screen, "entities"))
        assert "Across the library: indexing…" in detail_text(screen, "entities")
        release.set()
        await wait_for(pilot, lambda: screen.session.across.ready)
        await wait_for(pilot, lambda: "indexing…" not in detail_text(screen, "entities"))
        assert "Across the library: in no other briefing; e: its page" in (
            detail_text(screen, "entities")
        )


# --- t: from a briefing, and from the results ----------------------------------------


async def test_t_on_a_briefing_is_its_incidents_timeline_and_enter_goes_back_to_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["timeline", "--by", "week", "--format", "csv", "--", "", str(ARCTIC)])
    printed = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        app.open_briefing("brf-arctic-shipping-watch")
        briefing = await open_briefing_screen(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        await wait_for(pilot, lambda: len(timeline.rows) > 0)
        shown = [(row.label, row.count) for row in timeline.rows.items]
        assert timeline.period == "week"
        assert shown == [(cells[0], int(cells[2])) for cells in printed]  # the file alone
        assert shown == [("2026-W40", 1), ("2026-10 (month only)", 1)]
        status = str(timeline.query_one("#timeline-status", Static).render())
        assert status == "Timeline  by week, 2 incidents of Arctic shipping watch"
        assert timeline.marking == briefing.query_one("#banner-top", HandlingBanner).marking
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: app.screen is briefing)
        await pilot.pause()
        assert briefing.current_pane == "incidents"
        assert app.session.filter_state.text == "timeline:week:2026-W40"


async def test_t_on_the_results_is_the_timeline_of_their_filter() -> None:
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        await pilot.press("f", *"-severity:high", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        assert isinstance(results, ResultsScreen)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.briefing is None
        await wait_for(pilot, lambda: len(timeline.rows) > 0)
        state, parts, period = app.session.filter_state, app.session.across.parts, timeline.period
        assert state.result is not None and state.index is not None
        assert parts is not None and period is not None
        assert list(timeline.rows.items) == parts.timeline.rows(state.result.bits, period)
        everything = parts.timeline.rows(state.index.everything, period)
        assert sum(r.count for r in timeline.rows.items) < sum(r.count for r in everything)
        assert timeline.marking == results.marking
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert app.screen is not results  # the period's results, over the timeline
        assert state.text == "-severity:high timeline:week:2026-W35"


@pytest.mark.parametrize("where", ["briefing", "results"])
async def test_the_palette_opens_the_timeline_from_a_briefing_and_the_results(where: str) -> None:
    from briefing_tui.commands import MarkedCommandPalette

    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        if where == "briefing":
            app.open_briefing("brf-arctic-shipping-watch")
            await open_briefing_screen(pilot)
        else:
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        await pilot.press(*("timeline of this" if where == "briefing" else "timeline of these"))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        scoped = timeline.briefing.id if timeline.briefing is not None else None
        assert scoped == ("brf-arctic-shipping-watch" if where == "briefing" else None)
