"""Snapshots of find and filter at 80x24: highlights and counter, counts, an error, results.

Deterministic like ``test_snapshots.py``: fixed test data by relative paths, no parse
cache, no blinking cursor, and each screenshot waits for loading and the search index.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from briefing_tui.app import BriefingApp
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.results import ResultsScreen

from .snapshot_support import SnapCompare, reader, steady_environment, wait_for


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run from the repository root, with colour, and no blinking cursor."""
    steady_environment(monkeypatch)
    yield


async def indexed(pilot: Pilot[int]) -> BriefingApp:
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: not app.session.loading.active and app.session.filter_state.ready)
    await pilot.pause()
    return app


async def on_seed(pilot: Pilot[int], *keys: str) -> None:
    """The seed briefing open and indexed, then ``keys``."""
    await indexed(pilot)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
    await wait_for(pilot, lambda: pilot.app.screen.focused is not None)
    await pilot.press(*keys)
    await pilot.pause()


def test_find_bar_with_highlights_in_the_summary(snap_compare: SnapCompare) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await on_seed(pilot, "slash", *"lai", "enter", "n")

    assert snap_compare(reader("single"), run_before=run)


def test_find_in_the_incident_list(snap_compare: SnapCompare) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await on_seed(pilot, "2", "slash", *"china")

    assert snap_compare(reader("single"), run_before=run)


def test_filter_bar_with_counts(snap_compare: SnapCompare) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await on_seed(pilot, "2", "f", *"severity:>=high")

    assert snap_compare(reader("single"), run_before=run)


def test_filter_bar_with_an_error(snap_compare: SnapCompare) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await on_seed(pilot, "2", "f", *"severity:>=hihg")

    assert snap_compare(reader("single"), run_before=run)


async def open_results(pilot: Pilot[int]) -> None:
    """The results of ``has:source`` across the library."""
    await indexed(pilot)
    await pilot.press("f", *"has:source", "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))
    await pilot.pause()


def test_results_view(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader("library"), run_before=open_results)


def test_results_view_at_120x40(snap_compare: SnapCompare) -> None:
    """Wider is never worse: the briefing column grows, every cut shows an ellipsis."""
    assert snap_compare(reader("library"), terminal_size=(120, 40), run_before=open_results)
