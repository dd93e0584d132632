"""Across the library: every incident and quote the filter lets through, in one list.

Rows are in library order (newest briefing first, items in file order), the order
``briefing search`` prints. The list is virtual and its rows are looked up in the
index only when drawn, so 60,000 rows scroll and jump at once. ``enter`` opens the
briefing at the item; ``backspace`` there comes back here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from ..filtering import RESULT_KINDS, count_text
from ..messages import OpenBriefing
from ..model import Incident, Quote
from ..model.marking import Marking
from ..session import ReaderSession
from ..widgets.banner import HandlingBanner
from ..widgets.item_list import ItemList
from ..widgets.rows import Column, TableRows
from .overlay import FOCUS_BINDINGS
from .searchable import SearchableScreen

if TYPE_CHECKING:  # the index is imported when first built, not at start-up
    from ..model.search.index import Entry

__all__ = ["ResultsScreen", "result_rows"]


def _what(entry: Entry) -> str:
    item = entry.item
    if isinstance(item, Incident):
        return item.severity or "incident"
    return entry.kind


def _text(entry: Entry) -> str:
    item = entry.item
    if isinstance(item, Incident):
        return item.title
    return item.text if isinstance(item, Quote) else item.id


def result_rows(entries: Sequence[Entry]) -> TableRows[Entry]:
    """Rows of results: the briefing's date and title, then the item."""
    return TableRows(
        entries,
        [
            Column("DATE", 10, lambda e: e.briefing.date.text),
            Column("BRIEFING", 22, lambda e: e.briefing.title),
            Column("WHAT", 8, _what),
            Column("ITEM", None, _text),
        ],
    )


class ResultsScreen(SearchableScreen):
    """The matching incidents and quotes of every briefing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        Binding(
            "escape,backspace",
            "close",
            "Back",
            tooltip="Back to the library",
            id="results.close",
        ),
    ]

    def __init__(self, session: ReaderSession, marking: Marking) -> None:
        super().__init__(session)
        self.marking = marking
        self.rows: TableRows[Entry] = result_rows([])

    def compose(self) -> ComposeResult:
        yield HandlingBanner(self.marking, id="banner-top")
        yield Static(id="results-status", markup=False)
        yield Static(id="results-header", classes="list-header", markup=False)
        yield ItemList(self.rows, id="results-list", empty_text="Indexing…")
        yield from self.compose_search_bars()
        yield HandlingBanner(self.marking, id="banner-bottom")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()

    def on_resize(self) -> None:
        header = self.query_one("#results-header", Static)
        header.update(Content(self.rows.header_text(max(self.size.width - 2, 20))))

    def apply_filter(self) -> None:
        state = self.filter_state
        self.rows = result_rows(state.results())
        item_list = self.query_one(ItemList)
        item_list.empty_text = (
            "Nothing matches the filter (F clears it)." if state.ready else "Indexing…"
        )
        item_list.set_source(self.rows)
        self.query_one("#results-status", Static).update(
            Content("Results  " + self.filter_status()), layout=False
        )

    def filter_status(self) -> str:
        state = self.filter_state
        if not state.ready:
            return "indexing…"
        return count_text(len(self.rows), state.result_total(RESULT_KINDS), "incidents and quotes")

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        entry = self.rows.items[message.index]
        pane = "incidents" if entry.kind == "incident" else "quotes"
        self.post_message(OpenBriefing(entry.briefing.id, pane, entry.item_id, from_briefing=True))

    def action_close(self) -> None:
        """Back to the library."""
        self.dismiss()
