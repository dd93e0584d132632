"""Snapshots of every screen at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic: fixed test data given by relative paths (the working folder is
the repository root), no parse cache, no clock on screen, the palette's cursor
does not blink, and each screenshot waits until loading is done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input

from briefing_tui.app import BriefingApp
from briefing_tui.screens.briefing import BriefingScreen


async def wait_for(pilot: Pilot[int], predicate: Callable[[], bool], timeout: float = 5) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await pilot.pause()


ROOT = Path(__file__).resolve().parents[2]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

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


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run from the repository root, with colour, and no blinking cursor."""
    monkeypatch.chdir(ROOT)
    for variable in ("NO_COLOR", "BRIEFING_PATH"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False)
    yield
    assert os.getcwd() == str(ROOT)


def reader(folder: str) -> BriefingApp:
    return BriefingApp([Path("tests/data") / folder], use_cache=False)


async def settle(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: not app.loading)
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


@pytest.mark.parametrize("size", SIZES)
def test_library_with_a_broken_file(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(reader("library"), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_broken_file_problems(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "ProblemsScreen")

    assert snap_compare(reader("library"), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5"])
def test_briefing_pane(snap_compare: SnapCompare, size: tuple[int, int], key: str) -> None:
    assert snap_compare(reader("single"), terminal_size=size, run_before=on_briefing(key))


@pytest.mark.parametrize("size", SIZES)
def test_help_overlay(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    run = on_briefing("2", "question_mark")
    assert snap_compare(reader("single"), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_command_palette(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await on_briefing("ctrl+p")(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "MarkedCommandPalette")
        await pilot.press(*"jimmy")
        results = pilot.app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: results.option_count > 0 and results.region.height > 0)

    assert snap_compare(reader("single"), terminal_size=size, run_before=run)
