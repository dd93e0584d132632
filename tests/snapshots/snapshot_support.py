"""What the snapshot tests share: the app's start, the waits, the ``snap_compare`` type."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefing_tui.app import BriefingApp
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.widgets.month_sparkline import MonthSparkline

ROOT = Path(__file__).resolve().parents[2]

RunBefore = Callable[[Pilot[int]], Awaitable[None]]


class SnapCompare(Protocol):
    def __call__(
        self,
        app: BriefingApp,
        *,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool: ...


async def wait_for(pilot: Pilot[int], predicate: Callable[[], bool], timeout: float = 5) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await pilot.pause()


def steady_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with colour, and no blinking cursor."""
    monkeypatch.chdir(ROOT)
    for variable in ("NO_COLOR", "BRIEFING_PATH"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False)


def reader(folder: str) -> BriefingApp:
    """The reader on ``tests/data/<folder>``, without the parse cache."""
    return BriefingApp([Path("tests/data") / folder], use_cache=False)


def _months(app: BriefingApp) -> list[MonthSparkline]:
    """The library header's months on every screen of the stack (counted in a thread)."""
    return [found for screen in app.screen_stack for found in screen.query(MonthSparkline)]


async def settle(pilot: Pilot[int]) -> None:
    """Wait until loading is done, the index is built and the library's header has counted
    its incidents per month (a snapshot taken earlier would depend on timing)."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: not app.session.loading.active)
    await wait_for(pilot, lambda: app.session.across.ready)
    await wait_for(pilot, lambda: not any(months.pending for months in _months(app)))
    await pilot.pause()


def on_briefing(*keys: str) -> RunBefore:
    """Wait for the single briefing to open, then press ``keys``."""

    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        await wait_for(pilot, lambda: pilot.app.screen.focused is not None)
        await pilot.press(*keys)
        await pilot.pause()

    return run
