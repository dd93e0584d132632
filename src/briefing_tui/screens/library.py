"""The library: every briefing loaded, newest first, and the files that failed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from ..filtering import count_text
from ..messages import OpenBriefing
from ..model import BriefingHeader
from ..model.marking import Marking
from ..session import MarkingOptions, ReaderSession
from ..widgets.banner import HandlingBanner
from ..widgets.item_list import ItemList
from ..widgets.rows import LibraryRow, TableRows, briefing_rows
from .overlay import FOCUS_BINDINGS, marking_of
from .problems import ProblemsScreen
from .results import ResultsScreen
from .searchable import SearchableScreen

__all__ = ["LibraryScreen", "library_marking"]


def library_marking(briefings: Iterable[BriefingHeader], options: MarkingOptions) -> Marking:
    """The marking of the whole library: ``combine`` of every briefing's handling.

    Only distinct (TLP, banner) pairs are combined, in library order: the same
    marking for a fraction of the cost, since thousands of briefings share a
    handful of markings.
    """
    distinct = {(b.handling.tlp, b.handling.banner): b.handling for b in briefings}
    return options.combine(distinct.values())


def _row_key(row: LibraryRow) -> str:
    """What a row shows, the same in every refresh: a briefing id or a broken file."""
    if row.header is not None:
        return row.header.id
    assert row.failure is not None
    return "\0" + row.failure.path  # no briefing id holds a NUL


class LibraryScreen(SearchableScreen):
    """One row per briefing (date, TLP, counts, status, title); broken files last.

    With a filter, only the briefings that match it (their own text and fields,
    with the tags, names and highest severity of their items); ``r`` or ``enter``
    in the filter bar lists the matching incidents and quotes of every briefing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        Binding("escape", "noop", "", id="library.escape", show=False),
        Binding(
            "r",
            "results",
            "Results",
            tooltip="Every incident and quote of the library that the filter lets through",
            id="library.results",
        ),
        Binding(
            "t",
            "timeline",
            "Timeline",
            tooltip="The incidents the filter lets through, per period",
            id="library.timeline",
            show=False,  # in help and the palette: the footer is full at 80 columns
        ),
        Binding(
            "e",
            "entities",
            "Entities",
            tooltip="Who appears where: the entities of the library that the filter concerns",
            id="library.entities",
            show=False,
        ),
    ]

    def __init__(self, session: ReaderSession) -> None:
        super().__init__(session)
        self.rows: TableRows[LibraryRow] = briefing_rows([])

    def compose(self) -> ComposeResult:
        yield HandlingBanner(id="banner-top")
        yield Static(id="library-status", markup=False)
        yield Static(id="library-header", classes="list-header", markup=False)
        yield ItemList(self.rows, id="library-list", empty_text="Loading…")
        yield from self.compose_search_bars()
        yield HandlingBanner(id="banner-bottom")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()
        self.refresh_library()
        self.session.signals.library_changed.subscribe(self, self._library_changed)

    def _library_changed(self, _: None) -> None:
        self.refresh_library()

    def on_resize(self) -> None:
        header = self.query_one("#library-header", Static)
        header.update(Content(self.rows.header_text(max(self.size.width - 2, 20))))

    def refresh_library(self) -> None:
        """Show the library as loaded so far (called as batches arrive)."""
        session = self.session
        self._show_rows(keep_cursor=True)
        marking = library_marking(session.library.headers, session.marking)
        for banner in self.query(HandlingBanner):
            if banner.marking != marking:  # a restyle costs, and batches come often
                banner.show(marking)
        status = self.query_one("#library-status", Static)
        status.update(Content(session.status_text()), layout=False)  # one line, always

    def _show_rows(self, *, keep_cursor: bool = False) -> None:
        """The rows of the library, or of the briefings the filter lets through."""
        session = self.session
        library, state = session.library, session.filter_state
        item_list = self.query_one(ItemList)
        matching = state.briefings() if state.active else None
        if matching is not None:
            headers = (library.header(briefing.id) for briefing in matching)
            rows = [LibraryRow(header) for header in headers if header is not None]
            empty = "No briefing matches the filter (F clears it)."
        else:
            rows = [LibraryRow(header) for header in library.headers]
            rows += [LibraryRow(None, failure) for failure in library.broken]
            empty = "Loading…" if session.loading.active else "No briefings found."
        kept = self.rows.items[item_list.cursor] if len(self.rows) else None
        self.rows = briefing_rows(rows)
        item_list.empty_text = empty
        # The cursor stays on its row as rows arrive or the filter changes; while
        # loading, a cursor still on the first row stays there (the newest first).
        stay_on_top = keep_cursor and item_list.cursor == 0
        item_list.set_source(self.rows, keep_cursor=keep_cursor)
        if kept is None or stay_on_top:
            return
        shown = _row_key(kept)
        for number, row in enumerate(rows):
            if _row_key(row) == shown:
                item_list.cursor = number
                break

    def apply_filter(self) -> None:
        self._show_rows()

    def filter_status(self) -> str:
        state = self.filter_state
        return count_text(state.matches("briefing") or 0, state.total("briefing") or 0, "briefings")

    def filter_submitted(self) -> None:
        """Enter in the filter bar: the matching incidents and quotes of every briefing."""
        self.query_one(ItemList).focus()  # where backspace from the results comes back to
        self.action_results()

    def action_results(self) -> None:
        """The library-wide results view of the filter."""
        self.app.push_screen(ResultsScreen(self.session, marking_of(self)))

    def action_entities(self) -> None:
        """The entities across the library."""
        from .entities import EntitiesScreen

        self.app.push_screen(EntitiesScreen(self.session))

    def action_timeline(self) -> None:
        """The filter's incidents per period."""
        from .timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.session, marking_of(self)))

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        row = self.rows.items[message.index]
        if row.header is not None:
            self.post_message(OpenBriefing(row.header.id))
        elif row.failure is not None:
            self.app.push_screen(ProblemsScreen(self, row.failure))

    def action_noop(self) -> None:
        """Escape on the library: already at the top."""
