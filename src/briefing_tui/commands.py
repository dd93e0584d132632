"""The command palette (ctrl+p): the reader's commands and "jump to" any item.

Jump items cover every briefing loaded and, on a briefing's screen, each of its
incidents, quotes, sources and entities. Their text comes from files, so hits
are built as ``Content`` from sanitised plain text and highlighted here:
Textual's ``Matcher.highlight`` parses its input as markup, so it is never given
file text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
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
    listed: bool = True
    """Shown before anything is typed (commands and briefings, not every item)."""


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
    from .screens.library import LibraryScreen

    yield PaletteEntry("Help: keys of this screen", "the ? key", app.action_help)
    yield PaletteEntry("Quit", "the q key", app.exit)
    if isinstance(screen, LibraryScreen):
        yield PaletteEntry("Entities across the library", "the e key", screen.action_entities)
        yield PaletteEntry(
            "Timeline of the filter's incidents", "the t key", screen.action_timeline
        )
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

    for header in app.session.library.headers:
        yield PaletteEntry(
            safe.plain_line(f"Briefing: {header.title}"),
            "open this briefing",
            partial(app.open_briefing, header.id),
        )
    if not isinstance(screen, BriefingScreen):
        return
    briefing, links = screen.briefing, screen.links
    go = screen.jump
    counts = (briefing.incidents, briefing.quotes, briefing.sources, briefing.entities)
    listed = sum(len(items) for items in counts) <= LISTED_ITEMS
    for incident in briefing.incidents:
        yield PaletteEntry(
            safe.plain_line(f"Incident: {incident.title}"),
            "jump to this incident",
            partial(go, "incidents", incident.id),
            listed,
        )
    for quote in briefing.quotes:
        text = "Quote: " + quote_line(quote, links)
        yield PaletteEntry(
            safe.plain_line(text), "jump to this quote", partial(go, "quotes", quote.id), listed
        )
    for source in briefing.sources:
        yield PaletteEntry(
            safe.plain_line(f"Source: {source.title}"),
            "jump to this source",
            partial(go, "sources", source.id),
            listed,
        )
    for entity in briefing.entities:
        yield PaletteEntry(
            safe.plain_line(f"Entity: {entity.name} ({entity.kind})"),
            "jump to this entity",
            partial(go, "entities", entity.id),
            listed,
        )


def palette_entries(app: BriefingApp, screen: Screen[Any]) -> list[PaletteEntry]:
    """Every palette line for ``screen`` (the one beneath the palette): commands, jumps."""
    return [*_commands(app, screen), *_jumps(app, screen)]


class JumpProvider(Provider):
    """Commands of the reader and a jump to every briefing and item (fuzzy matched)."""

    _entries_cache: list[PaletteEntry] | None = None
    _folded_cache: list[str] | None = None

    def _entries(self) -> list[PaletteEntry]:
        """Built once per opening of the palette (a briefing may hold 60,000 items)."""
        if self._entries_cache is None:
            from .app import BriefingApp

            app = self.app
            assert isinstance(app, BriefingApp)
            self._entries_cache = palette_entries(app, self.screen)
        return self._entries_cache

    def _folded(self) -> list[str]:
        if self._folded_cache is None:
            self._folded_cache = [entry.text.lower() for entry in self._entries()]
        return self._folded_cache

    async def discover(self) -> Hits:
        """Before anything is typed: the commands and briefings (items need a query)."""
        for entry in self._entries():
            if entry.listed:
                yield DiscoveryHit(Content(entry.text), entry.run, text=entry.text, help=entry.help)

    async def search(self, query: str) -> Hits:
        entries = self._entries()
        if len(entries) <= FUZZY_LIMIT:
            matcher = self.matcher(query)
            for entry in entries:
                score = matcher.match(entry.text)
                if score > 0:
                    yield self._hit(entry, score, inert_highlight(matcher, entry.text))
            return
        for entry, score, offsets in quick_matches(query, entries, self._folded()):
            content = Content(entry.text)
            for offset in offsets:
                content = content.stylize(self.match_style or "reverse", offset, offset + 1)
            yield self._hit(entry, score, content)

    @staticmethod
    def _hit(entry: PaletteEntry, score: float, shown: Content) -> Hit:
        return Hit(score, shown, entry.run, text=entry.text, help=entry.help)


LISTED_ITEMS = 500
"""A briefing with at most this many items lists them all before anything is typed."""
FUZZY_LIMIT = 2_000
"""Above this many palette lines, matching is by substring, then by letters in order."""
QUICK_HITS = 200
"""At most this many hits are shown from a large palette (type more to narrow)."""


def quick_matches(
    query: str, entries: Sequence[PaletteEntry], folded: Sequence[str]
) -> Iterator[tuple[PaletteEntry, float, list[int]]]:
    """Fast matches for large palettes: (entry, score, offsets to highlight).

    Lines holding ``query`` as a substring come first (earlier is better), then
    lines holding its letters in order; at most ``QUICK_HITS`` in all.
    """
    needle = query.lower().strip()
    if not needle:
        return
    found = 0
    substring_hits: set[int] = set()
    for index, text in enumerate(folded):
        start = text.find(needle)
        if start >= 0:
            substring_hits.add(index)
            offsets = list(range(start, start + len(needle)))
            yield entries[index], 1.0 - 0.1 * start / (len(text) + 1), offsets
            found += 1
            if found >= QUICK_HITS:
                return
    in_order = re.compile(".*?".join(re.escape(char) for char in needle if not char.isspace()))
    for index, text in enumerate(folded):
        if index in substring_hits or in_order.search(text) is None:
            continue
        offsets, position = [], 0
        for char in needle:
            if not char.isspace():
                position = text.index(char, position)
                offsets.append(position)
                position += 1
        yield entries[index], 0.5, offsets
        found += 1
        if found >= QUICK_HITS:
            return


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
