"""The five panes of a briefing: summary, incidents, quotes, sources, entities."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message

from ..model import Briefing, BriefingLinks
from .detail import DetailView
from .detail_parts import Body, Field, Heading, Part, parts_for
from .item_list import ItemList
from .key_hints import first_key
from .list_frame import ListFrame
from .rows import TableRows, entity_rows, incident_rows, quote_rows, source_rows
from .sorting import INCIDENT_SORTS, Sort

__all__ = ["PANES", "CollectionPane", "MoreFields", "SummaryPane", "make_panes"]

PANES: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("incidents", "Incidents"),
    ("quotes", "Quotes"),
    ("sources", "Sources"),
    ("entities", "Entities"),
)
"""Pane id and title, in the order of keys 1 to 5."""

MoreFields = Callable[[Any], Sequence[Field]]
"""Fields a screen adds to an item's detail (what the briefing alone cannot tell)."""


def with_fields(parts: list[Part], fields: Sequence[Field]) -> list[Part]:
    """``fields`` after the heading and the fields that open ``parts`` (before any text
    or section)."""
    at = 1 if parts and isinstance(parts[0], Heading) else 0
    while at < len(parts) and isinstance(parts[at], Field):
        at += 1
    return [*parts[:at], *fields, *parts[at:]]


class SummaryPane(Container):
    """The briefing's summary, handling, notes and counts."""

    def __init__(self, briefing: Briefing, links: BriefingLinks) -> None:
        super().__init__(id="summary", classes="pane")
        self.briefing = briefing
        self.links = links

    def compose(self) -> ComposeResult:
        yield DetailView(id="summary-detail", classes="detail")

    def on_mount(self) -> None:
        self.query_one(DetailView).show(parts_for(self.briefing, self.links, self.briefing))

    def reload(self, briefing: Briefing, links: BriefingLinks) -> None:
        """Show a new version of the briefing (its file changed), scrolled where it was."""
        self.briefing, self.links = briefing, links
        detail = self.query_one(DetailView)
        scrolled = detail.scroll_y
        detail.show(parts_for(briefing, links, briefing))
        keep_scroll(detail, scrolled)

    def select(self, item_id: str | None) -> bool:
        return item_id is None

    @property
    def selected_id(self) -> str | None:
        return None

    def focus_default(self) -> None:
        """Focus the summary text now (not after a refresh: the next key goes there)."""
        self.screen.set_focus(self.query_one(DetailView))


class CollectionPane(Container):
    """A list of one collection's items and the highlighted item's detail."""

    @dataclass
    class ItemShown(Message):
        """The detail now shows ``item`` (the screen decides whether it is in view)."""

        pane: CollectionPane
        item: Any

    def __init__(
        self,
        pane_id: str,
        briefing: Briefing,
        links: BriefingLinks,
        rows: TableRows[Any],
        sorts: Sequence[Sort[Any]] = (),
        more_fields: MoreFields | None = None,
    ) -> None:
        super().__init__(id=pane_id, classes="pane collection")
        self.briefing = briefing
        self.links = links
        self.rows = rows
        """The rows shown: every item, or those the filter lets through, in the sort order."""
        self.all_rows = rows
        """Every item of the collection, in its own order."""
        self.sorts = sorts
        """The orders ``s`` cycles through (none: the list has one order)."""
        self.sort_index = 0
        self.more_fields = more_fields
        """Fields the screen adds to each item's detail (None: the briefing's own only)."""
        self._filtered: Sequence[Any] | None = None
        self._shown: int | None = None
        self._reloaded: tuple[str | None, int, float, float] | None = None
        """After ``reload``: the item shown, its row, and how far list and detail were
        scrolled."""

    def compose(self) -> ComposeResult:
        item_list = ItemList(self.rows, id=f"{self.id}-list", empty_text=self._none_text)
        yield ListFrame(
            item_list, preview=False, header_id=f"{self.id}-header", classes="list-column"
        )
        yield DetailView(id=f"{self.id}-detail", classes="detail")

    @property
    def item_list(self) -> ItemList:
        return self.query_one(ItemList)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    @property
    def _none_text(self) -> str:
        """What an empty pane says when no filter hides anything."""
        return f"No {self.id} in this briefing."

    def on_mount(self) -> None:
        if not len(self.all_rows):
            self.detail.show([Body(self._none_text)])
        self._show_sort_label()
        self._show_detail(self.item_list.cursor)  # the screen may have opened it at an item

    def on_item_list_highlighted(self, message: ItemList.Highlighted) -> None:
        message.stop()
        # The cursor, not the message's index: the rows may have changed since it was sent.
        self._show_detail(self.item_list.cursor)

    def _show_sort_label(self) -> None:
        """The sort order in the list's header (lists with more than one order)."""
        if self.sorts:
            self.query_one(ListFrame).order = self.sorts[self.sort_index].label

    def on_item_list_sort_requested(self, message: ItemList.SortRequested) -> None:
        """``s``: the next order; the cursor stays on its item."""
        message.stop()
        if not self.sorts:
            self.notify("This list has one order.", markup=False)
            return
        self.sort_index = (self.sort_index + 1) % len(self.sorts)
        self._show_sort_label()
        self.show_items(self._filtered)

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        message.stop()
        self._show_detail(message.index)
        self.add_class("-reading-detail")  # shown first: a hidden widget cannot take focus
        if self.screen.maximized is not None:  # a zoomed list: show the detail it opens
            self.screen.minimize()
        self.detail.focus()
        self.post_message(self.ItemShown(self, self.rows.items[message.index]))

    @property
    def shown_item(self) -> Any | None:
        """The item whose detail is shown (None: none)."""
        shown = self._shown
        return self.rows.items[shown] if shown is not None and shown < len(self.rows) else None

    def on_descendant_focus(self) -> None:
        """``-reading-detail`` while the detail (or a link in it) has focus.

        Linear mode shows one of the list and the detail at a time (briefing.tcss).
        """
        focused = self.screen.focused
        detail = self.detail
        self.set_class(
            focused is not None and (focused is detail or detail in focused.ancestors),
            "-reading-detail",
        )

    def _show_detail(self, index: int) -> None:
        if not len(self.rows) or index == self._shown:
            return
        self._shown = index
        item = self.rows.items[index]
        parts = parts_for(self.briefing, self.links, item)
        if self.more_fields is not None:
            parts = with_fields(parts, self.more_fields(item))
        self.detail.show(parts)
        self.post_message(self.ItemShown(self, item))

    def refresh_detail(self) -> None:
        """Show the current item's detail again, scrolled where it was (its extra fields,
        such as "Across the library", may have changed)."""
        shown = self._shown
        if shown is None:
            return
        scrolled = self.detail.scroll_y
        self._shown = None
        self._show_detail(shown)
        keep_scroll(self.detail, scrolled)

    @property
    def selected_id(self) -> str | None:
        if not len(self.rows):
            return None
        item = self.rows.items[self.item_list.cursor]
        return str(item.id)

    def reload(self, briefing: Briefing, links: BriefingLinks) -> None:
        """Take a new version of the briefing (its file changed); the next ``show_items``
        shows it with the cursor on the same item, both scrolled where they were (an item
        gone from the file: the cursor stays on its row, now the item after it)."""
        self._reloaded = (
            self.selected_id,
            self.item_list.cursor,
            self.item_list.scroll_y,
            self.detail.scroll_y,
        )
        self.briefing, self.links = briefing, links
        rows = rows_of(str(self.id), briefing)
        rows.marks = self.all_rows.marks  # the reading marks, of the version shown
        self.all_rows = rows

    def select(self, item_id: str | None) -> bool:
        """Move the cursor to ``item_id``; False when it is not in the list."""
        if item_id is None:
            return True
        for index, item in enumerate(self.rows.items):
            if item.id == item_id:
                self.item_list.cursor = index
                self._show_detail(index)
                return True
        return False

    def focus_default(self) -> None:
        """Focus the list now (not after a refresh: the next key goes there)."""
        self.screen.set_focus(self.item_list)

    def show_items(self, items: Sequence[Any] | None) -> None:
        """Show only ``items`` (the filter's matches, in list order), or every item (None).

        The cursor stays on the same item when it is still shown.
        """
        kept = self.selected_id
        self._filtered = items
        ordered = self.all_rows.items if items is None else items
        if self.sorts:
            ordered = self.sorts[self.sort_index].apply(ordered)
        rows = (
            self.all_rows if ordered is self.all_rows.items else self.all_rows.with_items(ordered)
        )
        self.rows = rows
        self._shown = None
        filtered = items is not None and len(self.all_rows) > 0
        self.item_list.empty_text = "No item matches the filter." if filtered else self._none_text
        self.item_list.set_source(rows)
        self.query_one(ListFrame).refresh_frame()
        if not len(rows):
            clear = first_key(self.screen, "clear_filter", "F")
            shown = (
                f"No item matches the filter ({clear} clears it)." if filtered else self._none_text
            )
            self.detail.show([Body(shown)])
        elif kept is None or not self.select(kept):
            row = 0
            if self._reloaded is not None:  # its item left the file: the row that took its place
                row = min(self._reloaded[1], len(rows) - 1)
                self.item_list.cursor = row
            self._show_detail(row)
        reloaded, self._reloaded = self._reloaded, None
        if reloaded is not None and reloaded[0] is not None and reloaded[0] == self.selected_id:
            _, _, list_scroll, detail_scroll = reloaded
            top = min(list_scroll, self.item_list.cursor)
            height = max(self.item_list.scrollable_content_region.height, 1)
            self.item_list.scroll_to(y=max(top, self.item_list.cursor - height + 1), animate=False)
            keep_scroll(self.detail, detail_scroll)


def keep_scroll(detail: DetailView, scrolled: float) -> None:
    """Scroll ``detail``, just given new parts, back to ``scrolled`` once they are laid out."""
    if scrolled:
        detail.call_after_refresh(detail.scroll_to, y=scrolled, animate=False)


def rows_of(pane_id: str, briefing: Briefing) -> TableRows[Any]:
    """The rows of one list pane of ``briefing`` (every item, in the file's order)."""
    if pane_id == "incidents":
        return incident_rows(briefing.incidents)
    if pane_id == "quotes":
        return quote_rows(briefing)
    if pane_id == "sources":
        return source_rows(briefing.sources)
    return entity_rows(briefing.entities)


def make_panes(
    briefing: Briefing, links: BriefingLinks, entity_fields: MoreFields | None = None
) -> Sequence[SummaryPane | CollectionPane]:
    """The five panes for one briefing, in key order; ``entity_fields`` adds to an
    entity's detail (what the library knows of it)."""
    return (
        SummaryPane(briefing, links),
        CollectionPane(
            "incidents", briefing, links, rows_of("incidents", briefing), INCIDENT_SORTS
        ),
        CollectionPane("quotes", briefing, links, rows_of("quotes", briefing)),
        CollectionPane("sources", briefing, links, rows_of("sources", briefing)),
        CollectionPane(
            "entities", briefing, links, rows_of("entities", briefing), more_fields=entity_fields
        ),
    )
