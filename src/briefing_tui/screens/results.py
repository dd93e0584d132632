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
from textual.widgets import Static

from ..filtering import RESULT_KINDS, count_text
from ..messages import OpenBriefing
from ..model import Briefing, Incident, Quote, When
from ..model.marking import Marking
from ..session import ReaderSession, Reloaded
from ..widgets.banner import HandlingBanner
from ..widgets.citation import Copied, item_copy
from ..widgets.item_list import ItemList
from ..widgets.key_hints import KeyHints
from ..widgets.list_frame import ListFrame
from ..widgets.rows import Column, RowMark, TableRows, when_cell
from ..widgets.safe import plain_line
from ..widgets.sorting import Sort, item_date_key, severity_rank
from .focus import FOCUS_BINDINGS
from .reading import ReadingScreen, item_mark
from .searchable import COPY_BINDING

if TYPE_CHECKING:  # the index is imported when first built, not at start-up
    from ..model.search.index import Entry
    from ..views import SavedView

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


def _when(entry: Entry) -> When | None:
    """The item's own date (an incident's ``when``, a quote's ``said``)."""
    item = entry.item
    if isinstance(item, Incident):
        return item.when
    return item.said if isinstance(item, Quote) else None


def _preview(entry: Entry) -> str:
    return f"{_text(entry)} — {entry.briefing.title}"


def result_rows(entries: Sequence[Entry]) -> TableRows[Entry]:
    """Rows of results: the item's date, its briefing's title, then the item."""
    return TableRows(
        entries,
        [
            Column(
                "DATE",
                12,
                lambda e: when_cell(_when(e)),
                compact=lambda e, width: when_cell(_when(e), width),
            ),
            Column("BRIEFING", 30, lambda e: e.briefing.title, min_width=12, drop=2),
            Column("WHAT", 8, _what, drop=1),
            Column("ITEM", None, _text),
        ],
        preview=_preview,
    )


RESULT_SORTS: tuple[Sort[Entry], ...] = (
    Sort("library order"),
    Sort("date", lambda e: item_date_key(e.item), descending=True),
    Sort("briefing", lambda e: e.briefing.title.casefold()),
    Sort("severity", lambda e: severity_rank(getattr(e.item, "severity", None)), descending=True),
)
"""Results: as ``briefing search`` prints them, by the item's date, by briefing, most severe."""


class ResultsScreen(ReadingScreen):
    """The matching incidents and quotes of every briefing.

    Opened on a saved view, the filter is the view's query while the screen is open
    (``f`` narrows it further, ``F`` clears it); leaving brings the filter of before.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        COPY_BINDING,
        Binding(
            "escape,backspace",
            "close",
            "Back",
            tooltip="Back to the library",
            id="results.close",
        ),
        Binding(
            "t",
            "timeline",
            "Timeline",
            tooltip="The incidents of these results, per period",
            id="results.timeline",
            show=False,
        ),
    ]

    def __init__(
        self, session: ReaderSession, marking: Marking, *, view: SavedView | None = None
    ) -> None:
        super().__init__(session)
        self.marking = marking
        self.view = view
        """The saved view shown (None: the filter's results)."""
        self._filter_before: str | None = None
        self.rows: TableRows[Entry] = self._marked(result_rows([]))
        self.sort_index = 0
        """Which of ``RESULT_SORTS`` the list is in (``s``); kept while the filter changes."""

    def compose(self) -> ComposeResult:
        if self.view is not None:  # its query is the filter: shown in the filter bar
            state = self.filter_state
            self._filter_before = state.text
            self.session.filter_history.add(self.view.query)
            state.set_text(self.view.query)
        yield HandlingBanner(self.marking, id="banner-top")
        yield Static(id="results-status", markup=False)
        item_list = ItemList(self.rows, id="results-list", empty_text="Indexing…")
        yield ListFrame(item_list, preview=True, id="results-frame")
        yield from self.compose_search_bars()
        yield HandlingBanner(self.marking, id="banner-bottom")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()
        if self.view is not None:
            self.filter_bar.set_text(self.filter_state.text)
            self.refresh_filter()

    def on_unmount(self) -> None:
        self._restore_filter()

    def _restore_filter(self) -> None:
        """Leaving a view: the filter of before comes back."""
        if self._filter_before is not None:
            self.filter_state.set_text(self._filter_before)
            self._filter_before = None

    def _marked(self, rows: TableRows[Entry]) -> TableRows[Entry]:
        reading = self.session.reading

        def marks(entry: Entry) -> RowMark:
            return item_mark(reading, entry.briefing, entry.item_id)

        rows.marks = marks
        return rows

    def show_reading(self) -> None:
        self.query_one(ItemList).refresh()
        self.query_one(ListFrame).refresh_frame()

    def reading_target(self) -> tuple[Briefing, str] | None:
        if not len(self.rows):
            return None
        entry = self.rows.items[self.query_one(ItemList).cursor]
        return entry.briefing, entry.item_id

    def mark_all_read(self) -> str:
        by_briefing: dict[str, tuple[Briefing, list[str]]] = {}
        for entry in self.rows.items:
            by_briefing.setdefault(entry.briefing.id, (entry.briefing, []))[1].append(entry.item_id)
        marked = sum(
            self.session.mark_items_read(briefing, item_ids)
            for briefing, item_ids in by_briefing.values()
        )
        return f"{marked:,} item{'' if marked == 1 else 's'} marked read." if marked else ""

    def next_unread(self) -> bool:
        item_list, rows, reading = self.query_one(ItemList), self.rows.items, self.session.reading
        for number in range(item_list.cursor + 1, len(rows)):
            entry = rows[number]
            if reading.item_state(entry.briefing, entry.item_id) in ("unread", "new"):
                item_list.cursor = number
                return True
        return False

    def on_item_list_sort_requested(self, message: ItemList.SortRequested) -> None:
        """``s``: the next order; the cursor stays on its row."""
        item_list = self.query_one(ItemList)
        kept = self.rows.items[item_list.cursor] if len(self.rows) else None
        self.sort_index = (self.sort_index + 1) % len(RESULT_SORTS)
        self._show_results()
        if kept is not None:
            for number, entry in enumerate(self.rows.items):
                if entry.ref == kept.ref:
                    item_list.cursor = number
                    break

    def apply_filter(self) -> None:
        self._show_results()

    def files_reloaded(self, reloaded: Reloaded) -> None:
        """Files changed on disk: the results anew, the cursor on the same row number
        (the entries are numbered anew: the one under the cursor is not known any more)."""
        item_list = self.query_one(ItemList)
        cursor = item_list.cursor
        self.refresh_filter()
        item_list.cursor = cursor

    def _show_results(self) -> None:
        state = self.filter_state
        sort = RESULT_SORTS[self.sort_index]
        self.rows = self._marked(result_rows(sort.apply(state.results())))
        self.query_one(ListFrame).order = sort.label
        item_list = self.query_one(ItemList)
        item_list.empty_text = (
            f"Nothing matches the filter {self.clears_filter()}." if state.ready else "Indexing…"
        )
        item_list.set_source(self.rows)
        self.query_one(ListFrame).refresh_frame()
        title = f"View {plain_line(self.view.name)}" if self.view is not None else "Results"
        self.query_one("#results-status", Static).update(
            Content(f"{title}  {self.filter_status()}"), layout=False
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

    def copy_target(self) -> Copied | None:
        """The result under the cursor: a quote with its speaker and source, or a citation."""
        if not len(self.rows):
            return None
        entry = self.rows.items[self.query_one(ItemList).cursor]
        briefing = entry.briefing
        return item_copy(briefing, self.session.library.links(briefing), entry.item)

    def action_timeline(self) -> None:
        """``t``: the incidents the filter lets through, per period (as from the library)."""
        from .timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.session, self.marking))

    def action_close(self) -> None:
        """Back to the library."""
        self._restore_filter()
        self.dismiss()
