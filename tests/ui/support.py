"""Helpers for Pilot tests: build the app on test data and await conditions.

``make_app`` is the one way a test builds the reader, ``wait_for`` the one way it
awaits a condition (the snapshot tests use both too).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from briefing_tui.app import BriefingApp
from briefing_tui.config import Config, Setting
from briefing_tui.model import Briefing, FileResult
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.widgets.banner import HandlingBanner
from briefing_tui.widgets.detail import DetailView
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.panes import CollectionPane

DATA = Path(__file__).parent.parent / "data"
LIBRARY = DATA / "library"
"""The seed briefing, an amber one, a PROTECTED B one and a broken file."""
SINGLE = DATA / "single"
"""The seed briefing alone."""

AppPilot = Pilot[int]


def make_config(config: Config | None = None, **settings: Any) -> Config:
    """``config`` (default: the defaults) with ``settings`` over it, plain values as
    a config file would set them (``linear=True``, ``floor_tlp="amber"``)."""
    base = config or Config(file=Path("config.toml"), file_found=False)
    changes: dict[str, Any] = {name: Setting(value, "test") for name, value in settings.items()}
    return dataclasses.replace(base, **changes)


def make_app(
    *paths: Path,
    config: Config | None = None,
    use_cache: bool = False,
    watch_clock: Callable[[], float] = time.monotonic,
    **settings: Any,
) -> BriefingApp:
    """The reader on ``paths`` as the command builds it, from ``make_config(config,
    **settings)``; without the parse cache (tests stay hermetic) unless ``use_cache``,
    the command's default; ``watch_clock`` is the file watcher's clock (live reload)."""
    config = make_config(config, **settings)
    return BriefingApp(list(paths), use_cache=use_cache, config=config, watch_clock=watch_clock)


def app_with(*briefings: Briefing, **settings: Any) -> BriefingApp:
    """The reader on briefings built in memory (no files)."""
    app = make_app(**settings)
    app.session.library.extend(FileResult(f"{b.id}.yaml", b, ()) for b in briefings)
    return app


async def wait_for(pilot: AppPilot, predicate: Callable[[], bool], timeout: float = 5) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await pilot.pause()


async def loaded(pilot: AppPilot) -> BriefingApp:
    """Wait until every file is loaded and the screen has settled."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: not app.session.loading.active)
    await pilot.pause()
    return app


async def across_ready(pilot: AppPilot) -> BriefingApp:
    """Wait until loading is done and the entity index and the timeline are built."""
    app = await loaded(pilot)
    await wait_for(pilot, lambda: app.session.across.ready)
    await pilot.pause()
    return app


async def open_briefing_screen(pilot: AppPilot) -> BriefingScreen:
    """Wait for a briefing screen to be the current screen, mounted and focused."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen))
    screen = pilot.app.screen
    assert isinstance(screen, BriefingScreen)
    await wait_for(pilot, lambda: screen.focused is not None)
    return screen


def pane(screen: BriefingScreen, pane_id: str) -> CollectionPane:
    widget = screen.query_one(f"#{pane_id}", CollectionPane)
    return widget


def detail_text(screen: BriefingScreen, pane_id: str) -> str:
    return screen.query_one(f"#{pane_id}-detail", DetailView).text()


def visible_rows(item_list: ItemList) -> list[str]:
    """The rows of a list as drawn on screen right now."""
    return [
        item_list.render_line(y).text for y in range(item_list.scrollable_content_region.height)
    ]


def banner_rows(app: BriefingApp) -> list[int]:
    """The screen lines where the current screen draws a handling banner."""
    return sorted(
        banner.region.y for banner in app.screen.query(HandlingBanner) if banner.region.height
    )


def is_shown(widget: Widget) -> bool:
    """On screen: displayed and given a non-empty region."""
    return widget.display and bool(widget.region.area)


def focused(screen: Screen[Any]) -> Widget | None:
    """The focused widget, read afresh (no narrowing carried between asserts)."""
    return screen.focused


def maximized(screen: Screen[Any]) -> Widget | None:
    """The zoomed widget, read afresh."""
    return screen.maximized
