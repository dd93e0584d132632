"""Snapshots of the reader on every terminal: monochrome, ASCII, too small.

The app is built with its configuration in hand (no environment read), on the
hostile briefings, so each picture also shows every trick drawn inert.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing_tui.app import BriefingApp
from briefing_tui.widgets import safe

from .snapshot_support import ROOT, SnapCompare, make_app, on_briefing, settle

HOSTILE = Path("tests/data/hostile")


@pytest.fixture(autouse=True)
def from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Paths in the pictures are relative; ASCII mode is reset after each test."""
    monkeypatch.chdir(ROOT)
    yield
    safe.configure(ascii_only=False)


def reader(path: Path, **settings: Any) -> BriefingApp:
    return make_app(path, **settings)


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
