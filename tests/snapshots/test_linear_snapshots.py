"""Snapshots of linear mode (``--linear``): one pane at a time, rows as sentences."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from briefing_tui.app import BriefingApp
from briefing_tui.widgets import linear_rows

from .snapshot_support import ROOT, SnapCompare, on_briefing, reader


@pytest.fixture(autouse=True)
def from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(ROOT)
    yield
    linear_rows.configure(linear=False)


def linear_reader() -> BriefingApp:
    return reader("single", linear=True)


def test_linear_incidents(snap_compare: SnapCompare) -> None:
    assert snap_compare(linear_reader(), run_before=on_briefing("2", "j"))


def test_linear_incident_detail(snap_compare: SnapCompare) -> None:
    assert snap_compare(linear_reader(), run_before=on_briefing("2", "j", "enter"))
