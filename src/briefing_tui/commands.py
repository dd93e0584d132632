"""The command palette (ctrl+p): the reader's commands and "jump to" any item.

Jump items cover every briefing loaded and, on a briefing's screen, each of its
incidents, quotes, sources and entities. Their text comes from files, so hits
are built as ``Content`` from sanitised plain text and highlighted here:
Textual's ``Matcher.highlight`` parses its input as markup, so it is never given
file text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.command import (
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Matcher,
    Provider,
    SearchIcon,
)
from textual.content import Content
from textual.screen import Screen

from .model.marking import Marking
from .widgets import safe
from .widgets.banner import HandlingBanner
from .widgets.detail_parts import quote_line

if TYPE_CHECKING:
    from .app import BriefingApp

__all__ = [
    "JumpProvider",
    "MarkedCommandPalette",
    "PaletteEntry",
    "inert_highlight",
    "palette_entries",
]


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    """One line of the palette: plain (sanitised) text, fixed help, what it does."""

    text: str
    help: str
    run: Callable[[], object]


def inert_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as plain ``Content`` with the matched characters styled (no markup)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _commands(app: BriefingApp, screen: Screen[Any]) -> Iterator[PaletteEntry]:
    from .screens.briefing import BriefingScreen

    yield PaletteEntry("Help: keys of this screen", "the ? key", app.action_help)
    yield PaletteEntry("Quit", "the q key", app.exit)
    if isinstance(screen, BriefingScreen):
        from .widgets.panes import PANES

        for number, (pane, title) in enumerate(PANES, start=1):
            yield PaletteEntry(
                f"Show the {title} pane", f"the {number} key", partial(screen.action_pane, pane)
            )
        yield PaletteEntry("Zoom the focused pane", "the z key", screen.action_zoom)
        yield PaletteEntry("Back along the path", "the backspace key", screen.action_back)
        yield PaletteEntry("Library: all briefings", "escape until the library", app.to_library)


def _jumps(app: BriefingApp, screen: Screen[Any]) -> Iterator[PaletteEntry]:
    from .screens.briefing import BriefingScreen

    for briefing in app.library.briefings:
        yield PaletteEntry(
            safe.plain_line(f"Briefing: {briefing.title}"),
            "open this briefing",
            partial(app.open_briefing, briefing.id),
        )
    if not isinstance(screen, BriefingScreen):
        return
    briefing, links = screen.briefing, screen.links
    go = screen.jump
    for incident in briefing.incidents:
        yield PaletteEntry(
            safe.plain_line(f"Incident: {incident.title}"),
            "jump to this incident",
            partial(go, "incidents", incident.id),
        )
    for quote in briefing.quotes:
        text = "Quote: " + quote_line(quote, links)
        yield PaletteEntry(
            safe.plain_line(text), "jump to this quote", partial(go, "quotes", quote.id)
        )
    for source in briefing.sources:
        yield PaletteEntry(
            safe.plain_line(f"Source: {source.title}"),
            "jump to this source",
            partial(go, "sources", source.id),
        )
    for entity in briefing.entities:
        yield PaletteEntry(
            safe.plain_line(f"Entity: {entity.name} ({entity.kind})"),
            "jump to this entity",
            partial(go, "entities", entity.id),
        )


def palette_entries(app: BriefingApp, screen: Screen[Any]) -> list[PaletteEntry]:
    """Every palette line for ``screen`` (the one beneath the palette): commands, jumps."""
    return [*_commands(app, screen), *_jumps(app, screen)]


class JumpProvider(Provider):
    """Commands of the reader and a jump to every briefing and item (fuzzy matched)."""

    def _entries(self) -> list[PaletteEntry]:
        from .app import BriefingApp

        app = self.app
        assert isinstance(app, BriefingApp)
        return palette_entries(app, self.screen)

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(Content(entry.text), entry.run, text=entry.text, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    inert_highlight(matcher, entry.text),
                    entry.run,
                    text=entry.text,
                    help=entry.help,
                )


class MarkedCommandPalette(CommandPalette):
    """Textual's command palette with the handling banners drawn on top of it."""

    def __init__(self, marking: Marking) -> None:
        super().__init__(id="--command-palette")
        self.marking = marking

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield HandlingBanner(self.marking, id="banner-top")
        yield HandlingBanner(self.marking, id="banner-bottom")

    def on_mount(self) -> None:
        # Textual's icon is an emoji, which some fonts and every ASCII terminal lack.
        self.query_one(SearchIcon).icon = ">"
