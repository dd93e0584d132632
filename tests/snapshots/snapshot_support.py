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


async def settle(pilot: Pilot[int]) -> None:
    """Wait until loading is done."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: not app.session.loading.active)
    await pilot.pause()


def on_briefing(*keys: str) -> RunBefore:
    """Wait for the single briefing to open, then press ``keys``. The notices of the
    opening (a RED briefing's "not recorded") are cleared: a notice lasts some seconds,
    so whether a picture caught it would depend on the machine's load."""

    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        await wait_for(pilot, lambda: pilot.app.screen.focused is not None)
        pilot.app.clear_notifications()
        await pilot.press(*keys)
        await pilot.pause()

    return run
