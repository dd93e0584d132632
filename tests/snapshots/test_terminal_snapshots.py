"""Snapshots of the reader on every terminal: monochrome, ASCII, too small.

The app is built with its configuration in hand (no environment read), on the
hostile briefings, so each picture also shows every trick drawn inert.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from textual.pilot import Pilot

from briefing_tui.app import BriefingApp
from briefing_tui.config import Config, Setting
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.widgets import safe

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = Path("tests/data/hostile")

RunBefore = Callable[[Pilot[int]], Awaitable[None]]


class SnapCompare(Protocol):
    def __call__(
        self,
        app: BriefingApp,
        *,
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool: ...


@pytest.fixture(autouse=True)
def from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Paths in the pictures are relative; ASCII mode is reset after each test."""
    monkeypatch.chdir(ROOT)
    yield
    safe.configure(ascii_only=False)


def reader(path: Path, **settings: bool) -> BriefingApp:
    config = Config(
        file=Path("config.toml"),
        file_found=False,
        monochrome=Setting(settings.get("monochrome", False)),
        ascii_only=Setting(settings.get("ascii_only", False)),
    )
    return BriefingApp([path], use_cache=False, config=config)


async def wait_for(pilot: Pilot[int], predicate: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await pilot.pause()


async def settle(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: not app.loading)
    await pilot.pause()


def on_briefing(*keys: str) -> RunBefore:
    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
        await wait_for(pilot, lambda: pilot.app.screen.focused is not None)
        await pilot.press(*keys)
        await pilot.pause()

    return run


def test_monochrome_incidents(snap_compare: SnapCompare) -> None:
    app = reader(HOSTILE / "escapes.yaml", monochrome=True)
    assert snap_compare(app, run_before=on_briefing("2"))


def test_monochrome_library(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader(HOSTILE, monochrome=True), run_before=settle)


def test_ascii_library(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader(HOSTILE, ascii_only=True), run_before=settle)


def test_ascii_incidents_with_monochrome(snap_compare: SnapCompare) -> None:
    app = reader(HOSTILE / "escapes.yaml", ascii_only=True, monochrome=True)
    assert snap_compare(app, run_before=on_briefing("2", "tab"))


def test_too_small(snap_compare: SnapCompare) -> None:
    app = reader(HOSTILE / "escapes.yaml")
    assert snap_compare(app, terminal_size=(40, 10), run_before=on_briefing())
