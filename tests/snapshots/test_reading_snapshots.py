"""Snapshots of the reading state on the library: saved views with their counts above the
briefings, and the marks in front of rows (``N`` unread, ``U`` updated, ``!`` flagged),
in colour and in ASCII without colour (the marks are letters: they read the same)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from textual.pilot import Pilot

from briefing_tui.app import BriefingApp
from briefing_tui.widgets import safe

from .snapshot_support import ROOT, SnapCompare, make_app, settle, wait_for

VIEWS = {
    "Serious": "severity:>=high",
    "Typo in the query": "sevrity:high",
    "Unread amber": "tlp:amber is:unread",
}


@pytest.fixture(autouse=True)
def from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(ROOT)
    yield
    safe.configure(ascii_only=False)


def reader(**settings: Any) -> BriefingApp:
    return make_app(Path("tests/data/library"), views=VIEWS, **settings)


async def read_some(pilot: Pilot[int]) -> None:
    """The newest briefing read then changed on disk, the next read, the third flagged."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: app.session.filter_state.ready)
    await pilot.press("j", "j", "j", "m", "j", "m", "j", "exclamation_mark", "a")
    newest = app.session.library.get(app.session.library.headers[0].id)
    assert newest is not None
    app.session.content_changed(msgspec.structs.replace(newest, title="Edited"))
    await pilot.press("k", "k")  # the cursor on the updated briefing
    await wait_for(pilot, lambda: not app.screen.query("Toast"))  # the notices gone
    await pilot.pause()


def test_library_with_views_and_marks(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader(), run_before=read_some)


def test_library_with_views_and_marks_in_ascii_without_colour(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader(ascii_only=True, monochrome=True), run_before=read_some)
