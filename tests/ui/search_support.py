"""Helpers for the find and filter tests: bars, counters, highlights as drawn, notices."""

from __future__ import annotations

from pathlib import Path

from generator_support import load_generator
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.notifications import Notify
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from briefing_tui.app import BriefingApp
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.searchable import SearchableScreen
from briefing_tui.widgets.detail import DetailView
from briefing_tui.widgets.item_list import ItemList

from .support import SINGLE, AppPilot, loaded, make_app, open_briefing_screen, wait_for


class Notices:
    """Collects the text of every notification the app posts (a ``message_hook``)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.texts.append(str(message.notification.message))


async def index_ready(pilot: AppPilot) -> BriefingApp:
    """Wait until loading is done and the search index is built (and the entity index
    and the timeline, which follow it in the same worker)."""
    app = await loaded(pilot)
    await wait_for(pilot, lambda: app.session.filter_state.ready and app.session.across.ready)
    await pilot.pause()
    return app


async def seed_screen(pilot: AppPilot) -> BriefingScreen:
    """The seed briefing open on its summary, with the index built."""
    await index_ready(pilot)
    return await open_briefing_screen(pilot)


def seed_app() -> BriefingApp:
    return make_app(SINGLE)


def status_of(widget: Widget) -> str:
    """The text of a bar's counter or counts."""
    return str(widget.query_one(".bar-status", Static).render())


def find_status(screen: SearchableScreen) -> str:
    return status_of(screen.find_bar)


def filter_status(screen: SearchableScreen) -> str:
    return status_of(screen.filter_bar)


def filter_error(screen: SearchableScreen) -> str:
    return str(screen.filter_bar.query_one(".filter-error", Static).render())


def _painted(strips: list[Strip], styles: list[Style]) -> list[str]:
    """The runs of text drawn on the background of one of ``styles``."""
    backgrounds = {style.bgcolor for style in styles}
    found: list[str] = []
    for strip in strips:
        run = ""
        for segment in strip:
            if segment.style is not None and segment.style.bgcolor in backgrounds:
                run += segment.text
            elif run:
                found.append(run)
                run = ""
        if run:
            found.append(run)
    return found


def detail_highlights(detail: DetailView) -> list[str]:
    """The text of every highlighted run in a detail, as its parts are drawn."""
    styles = [
        detail.get_component_rich_style("detail--match"),
        detail.get_component_rich_style("detail--match-current"),
    ]
    found: list[str] = []
    for part in detail.query(Static):
        width, height = part.size
        found += _painted(part.render_lines(Region(0, 0, width, height)), styles)
    return found


def list_highlights(item_list: ItemList) -> list[str]:
    """The text of every highlighted run in the rows of a list on screen."""
    style = item_list.get_component_rich_style("item-list--match")
    height = item_list.scrollable_content_region.height
    return _painted([item_list.render_line(y) for y in range(height)], [style])


def generated_library(root: Path, briefings: int = 12) -> Path:
    """A small generated library (dated items, several briefings) under ``root``."""
    load_generator().generate_library(root, briefings=briefings, incidents=6, quotes=4)
    return root
