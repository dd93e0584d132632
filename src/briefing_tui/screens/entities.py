"""Entities across the library (``e`` from the library), and one entity's page.

One row per entity, merged across briefings only by a shared external id
(``model/search/entities.py``): kind, briefings, incidents, first and last date. The
filter applies (an entity is listed when it, or an incident or quote it appears in,
matches); ``s`` changes the sort. ``enter`` opens everything about the entity across the
library, with possible matches (shared names) listed apart, never merged. Each banner is
the most restrictive marking of the briefings it lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..model.marking import Marking
from ..session import ReaderSession
from ..widgets import safe
from ..widgets.banner import HandlingBanner
from ..widgets.item_list import ItemList
from ..widgets.key_hints import KeyHints
from ..widgets.rows import Column, TableRows
from .focus import FOCUS_BINDINGS
from .library import library_marking
from .overlay import Overlay
from .searchable import SearchableScreen

if TYPE_CHECKING:  # the entity index is imported when first built, not at start-up
    from ..model.format.header import BriefingHeader
    from ..model.search.entities import EntityGroup


def entity_cells(group: EntityGroup) -> tuple[str, ...]:
    """The cells ``briefing entities`` prints for one entity."""
    from ..model.search.entities import group_cells

    return group_cells(group)


__all__ = ["EntitiesScreen", "EntityPage", "entity_table"]

_BRIEFING_IDS = attrgetter("briefing_ids")
SORTS: tuple[tuple[str, str], ...] = (
    ("name", "by name"), ("briefings", "most briefings first"),
    ("incidents", "most incidents first"), ("first", "earliest first"),
    ("last", "latest first"),
)  # fmt: skip


def _sorted(groups: list[EntityGroup], sort: str) -> list[EntityGroup]:
    if sort == "briefings":
        return sorted(groups, key=lambda g: -len(g.briefing_ids))
    if sort == "incidents":
        return sorted(groups, key=lambda g: -g.incidents)
    if sort == "first":
        return sorted(groups, key=lambda g: (g.first is None, g.first.sort_key if g.first else 0))
    if sort == "last":
        dated = [g for g in groups if g.last is not None]
        dated.sort(key=lambda g: g.last.sort_key if g.last else 0, reverse=True)
        return dated + [g for g in groups if g.last is None]
    return groups


def entity_table(groups: Sequence[EntityGroup]) -> TableRows[EntityGroup]:
    """Rows of entities: the cells ``briefing entities`` prints (made once per row drawn)."""
    made: dict[str, tuple[str, ...]] = {}

    def cell(number: int) -> Callable[[EntityGroup], str]:
        def value(group: EntityGroup) -> str:
            cells = made.get(group.key)
            if cells is None:
                cells = made[group.key] = entity_cells(group)
            return cells[number]

        return value

    return TableRows(
        groups,
        [
            Column("KIND", 12, lambda g: g.kind),
            Column("BRF", 4, lambda g: str(len(g.briefing_ids))),
            Column("INC", 4, lambda g: str(g.incidents)),
            Column("FIRST", 10, cell(4)),
            Column("LAST", 10, cell(5)),
            Column("NAME", None, cell(0)),
        ],
    )


class EntitiesScreen(SearchableScreen):
    """Every entity of the library that the filter concerns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        Binding("s", "sort", "Sort", tooltip="Change the order of the entities",
                id="entities.sort"),
        Binding(
            "escape,backspace", "close", "Back", tooltip="Back to the library",
            id="entities.close",
        ),
    ]  # fmt: skip

    def __init__(self, session: ReaderSession) -> None:
        super().__init__(session)
        self.sort = "name"
        self.rows: TableRows[EntityGroup] = entity_table([])
        self.listed: list[BriefingHeader] = []
        """The headers of the briefings of the listed entities, each once (the banner's
        marking)."""

    def compose(self) -> ComposeResult:
        yield HandlingBanner(Marking(), id="banner-top")
        yield Static(id="entities-status", markup=False)
        yield Static(id="entities-header", classes="list-header", markup=False)
        yield ItemList(self.rows, id="entities-list", empty_text="Indexing…")
        yield from self.compose_search_bars()
        yield HandlingBanner(Marking(), id="banner-bottom")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()
        self.session.signals.across_ready.subscribe(self, self._across_ready)

    def _across_ready(self, _: None) -> None:
        self.refresh_filter()

    def on_resize(self) -> None:
        header = self.query_one("#entities-header", Static)
        header.update(Content(self.rows.header_text(max(self.size.width - 2, 20))))

    def apply_filter(self) -> None:
        state, session = self.filter_state, self.session
        groups: list[EntityGroup] = []
        if state.result is not None:
            groups = session.across.entity_rows(state.result.bits)
        self.rows = entity_table(_sorted(groups, self.sort))
        listed = set().union(*map(_BRIEFING_IDS, groups))  # in C
        headers = [h for h in session.library.headers if h.id in listed]
        self.listed = headers
        marking = library_marking(headers, session.marking)
        for banner in self.query(HandlingBanner):
            banner.show(marking)
        item_list = self.query_one(ItemList)
        item_list.empty_text = (
            f"No entity matches the filter {self.clears_filter()}."
            if state.ready and self.session.across.ready
            else "Indexing…"
        )
        item_list.set_source(self.rows)
        self.on_resize()
        self.query_one("#entities-status", Static).update(
            Content("Entities  " + self.filter_status()), layout=False
        )

    def filter_status(self) -> str:
        if not self.filter_state.ready:
            return "indexing…"
        count = len(self.rows)
        label = dict(SORTS)[self.sort]
        return f"{count:,} entit{'y' if count == 1 else 'ies'}, {label}"

    def action_sort(self) -> None:
        """``s``: the next order."""
        names = [name for name, _ in SORTS]
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        self.apply_filter()

    def on_item_list_sort_requested(self, message: ItemList.SortRequested) -> None:
        """``s`` on the list (its ``list.sort``): the entities' next order."""
        message.stop()
        self.action_sort()

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        self.app.push_screen(EntityPage(self, self.session, self.rows.items[message.index]))

    def action_close(self) -> None:
        """Back to the library."""
        self.dismiss()


class EntityPage(Overlay):
    """Everything about one entity across the library; possible matches apart."""

    def __init__(self, beneath: Screen[Any], session: ReaderSession, group: EntityGroup) -> None:
        super().__init__(beneath, safe.plain_line(f"{group.name} ({group.kind})"))
        self.session, self.group = session, group
        entities = session.across.entities
        self.matches = entities.possible_matches(group) if entities is not None else []
        self.flagged = entities.flagged_names(group) if entities is not None else {}
        listed = [*group.briefing_ids, *(b for m in self.matches for b in m.group.briefing_ids)]
        headers = [h for b in listed if (h := session.library.header(b)) is not None]
        if isinstance(beneath, EntitiesScreen):  # its list shows around the panel
            headers += beneath.listed
        self.marking = library_marking(headers, session.marking)

    def compose_body(self) -> ComposeResult:
        yield Static(Content("\n").join(map(safe.line, self.lines())), markup=False)

    def lines(self) -> list[str]:
        """The page as lines of file text (sanitised when shown)."""
        from ..model.search.entities import appearances

        group, library = self.group, self.session.library
        lines: list[str] = []
        ids = " ".join(f"{s}:{v}" for s, vs in group.external_ids.items() for v in vs)
        if ids:
            lines.append(f"External ids: {ids}")
        count = len(group.briefing_ids)
        incidents = group.incidents
        lines.append(f"In {count} briefing{'' if count == 1 else 's'}, "
                     f"{incidents} incident{'' if incidents == 1 else 's'}")  # fmt: skip
        for mention in group.mentions:
            briefing = library.get(mention.briefing_id)
            if briefing is None:
                continue
            lines += ["", f"{briefing.title} ({briefing.id})"]
            titles = {i.id: i.title for i in briefing.incidents}
            quotes = {q.id: q.text for q in briefing.quotes}
            for seen in appearances(briefing, mention.entity.id):
                date = f"{seen.date}  " if seen.date is not None else ""
                if seen.role == "speaker":
                    lines.append(f"  said: {date}{quotes.get(seen.item_id, '')}")
                else:
                    lines.append(f"  {seen.role}: {date}{titles.get(seen.item_id, '')}")
        if self.matches:
            lines += ["", "Possible matches (a shared name, not merged):"]
            for match in self.matches:
                other = match.group
                lines.append(f"  {other.name} ({other.kind}) in {len(other.briefing_ids)} "
                             f"briefing(s), shares: {', '.join(match.names)}")  # fmt: skip
        if self.flagged:
            lines += ["", "Names not linked:"]
            lines += [f"  {name}: {why}" for name, why in self.flagged.items()]
        return lines
