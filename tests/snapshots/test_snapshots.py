"""Snapshots of every screen at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic: fixed test data given by relative paths (the working folder is
the repository root), no parse cache, no clock on screen, the palette's cursor
does not blink, and each screenshot waits until loading is done.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

from .snapshot_support import (
    ROOT,
    SnapCompare,
    on_briefing,
    reader,
    settle,
    steady_environment,
    wait_for,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run from the repository root, with colour, and no blinking cursor."""
    steady_environment(monkeypatch)
    yield
    assert os.getcwd() == str(ROOT)


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
