"""What the snapshot tests share: the app's start, the waits, the ``snap_compare`` type.

The app is built and awaited with the Pilot tests' helpers (``ui/support.py``):
``make_app`` and ``wait_for`` are the same functions here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from ui.support import loaded, make_app, open_briefing_screen, wait_for

from briefing_tui.app import BriefingApp
from briefing_tui.widgets.month_sparkline import MonthSparkline

__all__ = [
    "ROOT",
    "RunBefore",
    "SnapCompare",
    "make_app",
    "on_briefing",
    "reader",
    "settle",
    "steady_environment",
    "wait_for",
]

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


def steady_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with colour, and no blinking cursor."""
    monkeypatch.chdir(ROOT)
    for variable in ("NO_COLOR", "BRIEFING_PATH"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False)


def reader(folder: str, **settings: Any) -> BriefingApp:
    """The reader on ``tests/data/<folder>`` (a relative path, as the pictures show
    it), configured with ``settings`` (``make_app``)."""
    return make_app(Path("tests/data") / folder, **settings)


def _months(app: BriefingApp) -> list[MonthSparkline]:
    """The library header's months on every screen of the stack (counted in a thread)."""
    return [found for screen in app.screen_stack for found in screen.query(MonthSparkline)]


async def settle(pilot: Pilot[int]) -> None:
    """Wait until loading is done, the index is built and the library's header has counted
    its incidents per month (a snapshot taken earlier would depend on timing)."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await loaded(pilot)
    await wait_for(pilot, lambda: app.session.across.ready)
    await wait_for(pilot, lambda: not any(months.pending for months in _months(app)))
    await pilot.pause()


def on_briefing(*keys: str) -> RunBefore:
    """Wait for the single briefing to open, then press ``keys``. The notices of the
    opening (a RED briefing's "not recorded") are cleared: a notice lasts some seconds,
    so whether a picture caught it would depend on the machine's load."""

    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await open_briefing_screen(pilot)
        pilot.app.clear_notifications()
        await pilot.press(*keys)
        await pilot.pause()

    return run
