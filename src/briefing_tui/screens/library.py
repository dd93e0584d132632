"""The library: every briefing loaded, newest first, and the files that failed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..model import Briefing
from ..model.marking import Marking, combine
from ..widgets.banner import HandlingBanner
from ..widgets.item_list import ItemList
from ..widgets.rows import LibraryRow, TableRows, briefing_rows
from .overlay import FOCUS_BINDINGS
from .problems import ProblemsScreen

if TYPE_CHECKING:
    from ..app import BriefingApp

__all__ = ["LibraryScreen", "library_marking"]


def library_marking(briefings: Sequence[Briefing], options: Mapping[str, Any]) -> Marking:
    """The marking of the whole library: ``combine`` of every briefing's handling.

    Only distinct (TLP, banner) pairs are combined, in library order: the same
    marking for a fraction of the cost, since thousands of briefings share a
    handful of markings.
    """
    distinct = {(b.handling.tlp, b.handling.banner): b.handling for b in briefings}
    return combine(distinct.values(), **options)


class LibraryScreen(Screen[None]):
    """One row per briefing (date, TLP, counts, status, title); broken files last."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        Binding("escape", "noop", "", id="library.escape", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: TableRows[LibraryRow] = briefing_rows([])

    @property
    def briefing_app(self) -> BriefingApp:
        from ..app import BriefingApp

        assert isinstance(self.app, BriefingApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield HandlingBanner(id="banner-top")
        yield Static(id="library-status", markup=False)
        yield Static(id="library-header", classes="list-header", markup=False)
        yield ItemList(self.rows, id="library-list", empty_text="Loading…")
        yield HandlingBanner(id="banner-bottom")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()
        self.refresh_library()

    def on_resize(self) -> None:
        header = self.query_one("#library-header", Static)
        header.update(Content(self.rows.header_text(max(self.size.width - 2, 20))))

    def refresh_library(self) -> None:
        """Show the library as loaded so far (called as batches arrive)."""
        app = self.briefing_app
        library = app.library
        rows = [LibraryRow(b) for b in library.briefings]
        rows += [LibraryRow(None, failure) for failure in library.broken]
        self.rows = briefing_rows(rows)
        item_list = self.query_one(ItemList)
        item_list.empty_text = "Loading…" if app.loading else "No briefings found."
        item_list.set_source(self.rows, keep_cursor=True)
        marking = library_marking(library.briefings, app.marking_options)
        for banner in self.query(HandlingBanner):
            if banner.marking != marking:  # a restyle costs, and batches come often
                banner.show(marking)
        status = self.query_one("#library-status", Static)
        status.update(Content(app.status_text()), layout=False)  # one line, always

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        row = self.rows.items[message.index]
        if row.briefing is not None:
            self.briefing_app.open_briefing(row.briefing.id)
        elif row.failure is not None:
            self.app.push_screen(ProblemsScreen(self, row.failure))

    def action_noop(self) -> None:
        """Escape on the library: already at the top."""
