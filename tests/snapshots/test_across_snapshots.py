"""The Timeline and Entities views and the library's header (its incidents per month) at
80x24: Unicode, ASCII, and without colour."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from briefing_tui.app import BriefingApp
from briefing_tui.screens.entities import EntitiesScreen
from briefing_tui.screens.timeline import TimelineScreen
from briefing_tui.widgets import safe

from .snapshot_support import ROOT, SnapCompare, make_app, settle, wait_for

LIBRARY = Path("tests/data/library")


@pytest.fixture(autouse=True)
def from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(ROOT)
    yield
    safe.configure(ascii_only=False)


def _reader(**settings: Any) -> BriefingApp:
    return make_app(LIBRARY, **settings)


RunBefore = Callable[[Pilot[int]], Awaitable[None]]


def _open_view(key: str, view: type[TimelineScreen | EntitiesScreen]) -> RunBefore:
    """Wait for the library's across parts, press ``key`` and wait for ``view``'s rows."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, BriefingApp)
        await wait_for(pilot, lambda: app.session.across.ready)
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, view))
        screen = app.screen
        assert isinstance(screen, view)
        await wait_for(pilot, lambda: len(screen.rows) > 0)
        await pilot.pause()

    return run_before


_timeline = _open_view("t", TimelineScreen)
_entities = _open_view("e", EntitiesScreen)


@pytest.mark.parametrize(
    "settings",
    [{}, {"ascii_only": True}, {"monochrome": True}],
    ids=["unicode", "ascii", "no-color"],
)
def test_timeline_view(snap_compare: SnapCompare, settings: dict[str, bool]) -> None:
    assert snap_compare(_reader(**settings), terminal_size=(80, 24), run_before=_timeline)


@pytest.mark.parametrize(
    "settings",
    [{}, {"ascii_only": True}, {"monochrome": True}],
    ids=["unicode", "ascii", "no-color"],
)
def test_entities_view(snap_compare: SnapCompare, settings: dict[str, bool]) -> None:
    assert snap_compare(_reader(**settings), terminal_size=(80, 24), run_before=_entities)


@pytest.mark.parametrize(
    "settings",
    [{}, {"ascii_only": True}, {"monochrome": True}],
    ids=["unicode", "ascii", "no-color"],
)
def test_library_header_months(snap_compare: SnapCompare, settings: dict[str, bool]) -> None:
    """Blocks with Unicode (``▅▁█``), the numbers in ASCII (``1 0 2``)."""
    assert snap_compare(_reader(**settings), terminal_size=(80, 24), run_before=settle)
