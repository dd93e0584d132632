"""The Timeline view (``t`` from the library): periods, ``+``/``-``, ``enter`` to results."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.cli_across import timeline_lines
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.screens.timeline import TimelineScreen
from briefing_tui.widgets.item_list import ItemList

from .support import AppPilot, across_ready, make_app, wait_for

LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library"


async def open_timeline(pilot: AppPilot) -> TimelineScreen:
    """``t`` from the library: the timeline screen, its rows counted."""
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TimelineScreen))
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    await wait_for(pilot, lambda: len(screen.rows) > 0)
    return screen


async def test_timeline_rows_periods_and_enter() -> None:
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        screen = await open_timeline(pilot)
        assert str(screen.period) == "week"  # the finest that fits the screen
        labels = [row.label for row in screen.rows.items]
        assert labels[0] == "2026-W35" and labels[-1] == "undated"
        assert "2026-10 (month only)" in labels
        state = app.session.filter_state
        assert state.result is not None and app.session.across.parts is not None
        model_rows = app.session.across.parts.timeline.rows(state.result.bits, "week")
        assert list(screen.rows.items) == model_rows  # what `briefing timeline` prints
        assert len(timeline_lines(model_rows)) == len(labels)
        await pilot.press("minus")
        assert str(screen.period) == "month"
        assert [(r.label, r.count) for r in screen.rows.items][:3] == [
            ("2026-08", 1), ("2026-09", 0), ("2026-10", 2),
        ]  # fmt: skip
        await pilot.press("plus", "plus")
        assert str(screen.period) == "week"  # no finer than a week
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert state.text == "timeline:week:2026-W35"
        assert state.result is not None and state.result.count("incident") == 1


async def test_enter_on_a_coarse_row_shows_exactly_the_incidents_it_counts() -> None:
    """The month-only row of a weekly timeline: its results hold its incidents and none of
    the days of that month (which the overlap rule of ``date:2026-10`` would add)."""
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        screen = await open_timeline(pilot)
        labels = [row.label for row in screen.rows.items]
        row = screen.rows.items[labels.index("2026-10 (month only)")]
        state = app.session.filter_state
        assert state.index is not None
        assert state.index.search("date:2026-10").count("incident") > row.count
        screen.query_one(ItemList).cursor = labels.index(row.label)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert state.text == "timeline:week:2026-10"
        assert state.result is not None and state.result.count("incident") == row.count
        await wait_for(pilot, lambda: len(results.rows) == row.count)
