"""The command palette (ctrl+p): the reader's commands and "jump to" any item.

Jump items cover every briefing loaded and, on a briefing's screen, each of its
incidents, quotes, sources and entities. Elsewhere (the library, the results) the
items of every briefing are found through the search index, as the filter finds
words, and at most ``LIBRARY_ITEM_HITS`` are shown: a library of 60,000 incidents
is never listed whole, and only the briefings of the hits shown are decoded.

Their text comes from files, so hits are built as ``Content`` from sanitised plain
text and highlighted here: Textual's ``Matcher.highlight`` parses its input as
markup, so it is never given file text, nor is a hit's help (Textual parses it too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual.app import ComposeResult
from textual.command import (
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Matcher,
    Provider,
    ProviderSource,
    SearchIcon,
)
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen

from .model import Entity, Quote
from .model.marking import Marking
from .model.search.query import QueryError, parse_query
from .widgets import safe
from .widgets.banner import HandlingBanner
from .widgets.detail_parts import quote_line
from .widgets.item_list import ItemList
from .widgets.key_hints import keys_for

if TYPE_CHECKING:
    from .model import Library
    from .model.search.index import Entry, SearchIndex
    from .session import ReaderSession

__all__ = [
    "JumpProvider",
    "MarkedCommandPalette",
    "PaletteEntry",
    "PaletteHost",
    "inert_highlight",
    "jump_provider",
    "palette_entries",
]


class PaletteHost(Protocol):
    """What the palette's lines need of the reader: the app hands itself over as this
    when it opens the palette (``jump_provider``), so nothing here imports the app."""

    @property
    def session(self) -> ReaderSession: ...

    def action_help(self) -> None: ...

    def exit(self) -> None: ...

    def to_library(self) -> None: ...

    def open_briefing(
        self, briefing_id: str, pane: str = "summary", item_id: str | None = None
    ) -> None: ...


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


def _key(node: DOMNode, action: str) -> str:
    """``the f1 key``: the first key of ``action`` on ``node``, after the keymap."""
    keys = keys_for(node, action)
    return f"the {keys[0]} key" if keys else ""


def _commands(app: PaletteHost, screen: Screen[Any]) -> Iterator[PaletteEntry]:
    from .screens.briefing import BriefingScreen
    from .screens.library import LibraryScreen
    from .screens.results import ResultsScreen

    yield PaletteEntry("Help: keys of this screen", _key(screen.app, "help"), app.action_help)
    yield PaletteEntry("Quit", _key(screen.app, "quit_reader"), app.exit)
    if isinstance(screen.focused, ItemList):
        item_list = screen.focused
        yield PaletteEntry(
            "Sort the list: the next order", _key(item_list, "sort"), item_list.action_sort
        )
    if isinstance(screen, LibraryScreen):
        yield PaletteEntry(
            "Entities across the library", _key(screen, "entities"), screen.action_entities
        )
        yield PaletteEntry(
            "Timeline of the filter's incidents", _key(screen, "timeline"), screen.action_timeline
        )
    if isinstance(screen, ResultsScreen):
        yield PaletteEntry(
            "Timeline of these results", _key(screen, "timeline"), screen.action_timeline
        )
    if isinstance(screen, BriefingScreen):
        from .widgets.panes import PANES

        for pane, title in PANES:
            yield PaletteEntry(
                f"Show the {title} pane",
                _key(screen, f"pane('{pane}')"),
                partial(screen.action_pane, pane),
            )
        yield PaletteEntry("Zoom the focused pane", _key(screen, "zoom"), screen.action_zoom)
        yield PaletteEntry(
            "Timeline of this briefing's incidents",
            _key(screen, "timeline"),
            screen.action_timeline,
        )
        yield PaletteEntry("Back along the path", _key(screen, "back"), screen.action_back)
        yield PaletteEntry("Library: all briefings", "escape until the library", app.to_library)


def _jumps(app: PaletteHost, screen: Screen[Any]) -> Iterator[PaletteEntry]:
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


def palette_entries(app: PaletteHost, screen: Screen[Any]) -> list[PaletteEntry]:
    """Every palette line for ``screen`` (the one beneath the palette): commands, jumps."""
    return [*_commands(app, screen), *_jumps(app, screen)]


class JumpProvider(Provider):
    """Commands of the reader and a jump to every briefing and item (fuzzy matched).

    Textual makes a provider from its class; ``jump_provider`` makes the class for
    one ``host``.
    """

    host: ClassVar[PaletteHost]
    _entries_cache: list[PaletteEntry] | None = None
    _folded_cache: list[str] | None = None

    def _entries(self) -> list[PaletteEntry]:
        """Built once per opening of the palette (a briefing may hold 60,000 items)."""
        if self._entries_cache is None:
            self._entries_cache = palette_entries(self.host, self.screen)
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
        else:
            for entry, score, offsets in quick_matches(query, entries, self._folded()):
                content = Content(entry.text)
                for offset in offsets:
                    content = content.stylize(self.match_style or "reverse", offset, offset + 1)
                yield self._hit(entry, score, content)
        matcher = self.matcher(query)
        for entry in self._library_items(query):
            # Ranked as the lines above when its text matches; lower when only the
            # rest of the item does (its description, tags, names).
            score = matcher.match(entry.text)
            shown = inert_highlight(matcher, entry.text) if score > 0 else Content(entry.text)
            yield self._hit(entry, score or 0.5, shown)

    def _library_items(self, query: str) -> list[PaletteEntry]:
        """Items of every briefing that hold the query's words (not on a briefing's
        screen, which lists its own items); none until the index is built."""
        from .screens.briefing import BriefingScreen

        if isinstance(self.screen, BriefingScreen):
            return []
        session = self.host.session
        return library_item_entries(
            session.filter_state.index, session.library, self.host.open_briefing, query
        )

    @staticmethod
    def _hit(entry: PaletteEntry, score: float, shown: Content) -> Hit:
        return Hit(score, shown, entry.run, text=entry.text, help=entry.help)


def jump_provider(host: PaletteHost) -> type[JumpProvider]:
    """The provider class of the palette's commands and jumps in ``host``."""

    class HostJumps(JumpProvider):
        pass

    HostJumps.host = host
    return HostJumps


LIBRARY_ITEM_HITS = 30
"""Items of the whole library shown for a query (the first in library order): each
hit's briefing is decoded to show it, so the palette stays quick however large the
library; type more to narrow."""
MIN_ITEM_QUERY = 3
"""Characters typed before the library's items are looked for."""
PANE_OF_KIND = {"incident": "incidents", "quote": "quotes", "source": "sources",
                "entity": "entities"}  # fmt: skip
NOUN_OF_KIND = {"incident": "Incident", "quote": "Quote", "source": "Source", "entity": "Entity"}


OpenItem = Callable[[str, str, str], object]
"""Opens a briefing (its id) at a pane and an item: ``PaletteHost.open_briefing``."""


def library_item_entries(
    index: SearchIndex | None, library: Library, open_item: OpenItem, query: str
) -> list[PaletteEntry]:
    """Palette lines for the first ``LIBRARY_ITEM_HITS`` items of the library whose
    words the query holds (as the filter matches them: folded, anywhere in the item)."""
    if index is None or len(query.strip()) < MIN_ITEM_QUERY:
        return []
    try:
        node = parse_query(query)
    except QueryError:
        return []
    bits = index.evaluate(node) & index.everything & ~index.kind_bits("briefing")
    entries: list[PaletteEntry] = []
    while bits and len(entries) < LIBRARY_ITEM_HITS:
        lowest = bits & -bits
        bits ^= lowest
        try:
            entry = index.entry(lowest.bit_length() - 1)
        except LookupError:  # its file went away since the index was built
            continue
        if entry.kind in PANE_OF_KIND:
            entries.append(_item_entry(library, open_item, entry))
    return entries


def _item_entry(library: Library, open_item: OpenItem, entry: Entry) -> PaletteEntry:
    """One item of the library: its kind and name, then its briefing's id."""
    item, briefing, kind = entry.item, entry.briefing, entry.kind
    if isinstance(item, Quote):
        name = quote_line(item, library.links(briefing))
    elif isinstance(item, Entity):
        name = f"{item.name} ({item.kind})"
    else:
        name = getattr(item, "title", item.id)
    return PaletteEntry(
        safe.plain_line(f"{NOUN_OF_KIND[kind]}: {name} — {briefing.id}"),
        f"open its briefing at this {kind}",
        partial(open_item, briefing.id, PANE_OF_KIND[kind], item.id),
        listed=False,
    )


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

    def __init__(self, marking: Marking, providers: ProviderSource) -> None:
        super().__init__(providers, id="--command-palette")
        self.marking = marking

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield HandlingBanner(self.marking, id="banner-top")
        yield HandlingBanner(self.marking, id="banner-bottom")

    def on_mount(self) -> None:
        # Textual's icon is an emoji, which some fonts and every ASCII terminal lack.
        self.query_one(SearchIcon).icon = ">"
