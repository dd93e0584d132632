"""One briefing in five panes, with a browser-like history of followed links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import ContentSwitcher, Footer, Static

from ..filtering import KIND_OF_PANE, count_text, noun_of
from ..messages import OpenBriefing
from ..model import Briefing, BriefingLinks
from ..session import ReaderSession
from ..widgets.banner import HandlingBanner
from ..widgets.detail import DetailView, FollowLink
from ..widgets.linear_rows import is_linear
from ..widgets.panes import PANES, CollectionPane, SummaryPane, make_panes
from .overlay import FOCUS_BINDINGS
from .searchable import FindTarget, SearchableScreen

__all__ = ["BriefingScreen", "Location"]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a briefing: a pane and, in a list pane, an item."""

    pane: str
    item_id: str | None = None


class BriefingScreen(SearchableScreen):
    """Summary, incidents, quotes, sources and entities of one briefing.

    The filter narrows the four lists; the pane tabs show each one's count.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"pane('{pane}')",
                title,
                tooltip=f"Show the {title} pane",
                id=f"briefing.pane.{pane}",
                show=False,
            )
            for n, (pane, title) in enumerate(PANES, start=1)
        ),
        *FOCUS_BINDINGS,
        Binding(
            "backspace",
            "back",
            "Back",
            id="briefing.back",
            tooltip="Back along the path of links followed",
        ),
        Binding(
            "escape",
            "leave",
            "Up",
            id="briefing.leave",
            tooltip="Up: unzoom, detail to list, then the library",
        ),
        Binding(
            "z",
            "zoom",
            "Zoom",
            id="briefing.zoom",
            tooltip="Zoom the focused list or detail, and back",
        ),
    ]

    ALLOW_IN_MAXIMIZED_VIEW = "HandlingBanner, Footer, #search-bars"
    """The banners, key hints and search bars stay on screen while a pane is zoomed."""

    def __init__(
        self,
        session: ReaderSession,
        briefing: Briefing,
        links: BriefingLinks,
        *,
        opened_from_briefing: bool = False,
    ) -> None:
        super().__init__(session)
        self.briefing = briefing
        self.links = links
        self.history: list[Location] = []
        self.current_pane = "summary"
        self.opened_from_briefing = opened_from_briefing
        """Opened by following a link in another briefing: backspace returns there."""

    def compose(self) -> ComposeResult:
        marking = self.session.marking.combine([self.briefing.handling])
        yield HandlingBanner(marking, id="banner-top")
        yield Static(id="pane-tabs", markup=False)
        with ContentSwitcher(initial="summary", id="panes"):
            yield from make_panes(self.briefing, self.links)
        yield from self.compose_search_bars()
        yield HandlingBanner(marking, id="banner-bottom")
        yield Footer()

    def on_mount(self) -> None:
        self._update_tabs()
        # The pane shown then: a screen opened at an item has gone there already.
        self.call_after_refresh(lambda: self._pane(self.current_pane).focus_default())

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 120, "-wide")

    def _pane(self, pane: str) -> SummaryPane | CollectionPane:
        widget = self.query_one(f"#{pane}")
        assert isinstance(widget, (SummaryPane, CollectionPane))
        return widget

    def _update_tabs(self) -> None:
        """The pane tabs; with a filter, each list's count (``Incidents 3/12``)."""
        state = self.filter_state
        counted = state.active and state.ready

        def label(pane: str, title: str) -> str:
            kind = KIND_OF_PANE.get(pane)
            if not counted or kind is None:
                return title
            shown = state.matches(kind, self.briefing.id)
            return f"{title} {shown}/{state.total(kind, self.briefing.id)}"

        if is_linear():  # the current pane in words, not in reverse video only
            number, (pane, title) = next(
                (n, entry) for n, entry in enumerate(PANES, 1) if entry[0] == self.current_pane
            )
            tabs = Content(f" Pane {number} of {len(PANES)}: {label(pane, title)}. Keys 1 to 5.")
        else:
            tabs = Content(" ").join(
                Content.styled(
                    f" {n} {label(pane, title)} ", "reverse" if pane == self.current_pane else ""
                )
                for n, (pane, title) in enumerate(PANES, start=1)
            )
        self.query_one("#pane-tabs", Static).update(tabs)

    # --- find and filter -------------------------------------------------

    def default_find_target(self) -> FindTarget | None:
        pane = self._pane(self.current_pane)
        if isinstance(pane, CollectionPane):
            return pane.item_list
        return pane.query_one(DetailView)

    def apply_filter(self) -> None:
        """Narrow each list to the items the filter lets through."""
        state = self.filter_state
        result = state.result if state.active else None
        for pane_id, kind in KIND_OF_PANE.items():
            pane = self._pane(pane_id)
            assert isinstance(pane, CollectionPane)
            if result is None:
                pane.show_items(None)
            elif kind == "entity":  # shown grouped by kind, not in file order
                ids = result.ids(self.briefing.id, kind)
                pane.show_items([item for item in pane.all_rows.items if item.id in ids])
            else:
                items = pane.all_rows.items
                pane.show_items([items[n] for n in result.positions(self.briefing.id, kind)])
        self._update_tabs()

    def filter_status(self) -> str:
        """The current pane's count; on the summary, every list's."""
        state = self.filter_state
        kind = KIND_OF_PANE.get(self.current_pane)
        brf = self.briefing.id
        if kind is not None:
            total = state.total(kind, brf) or 0
            return count_text(state.matches(kind, brf) or 0, total, noun_of(kind, total))
        shown = sum(state.matches(kind, brf) or 0 for kind in KIND_OF_PANE.values())
        total = sum(state.total(kind, brf) or 0 for kind in KIND_OF_PANE.values())
        return count_text(shown, total, "items")

    # --- navigation ------------------------------------------------------

    @property
    def location(self) -> Location:
        return Location(self.current_pane, self._pane(self.current_pane).selected_id)

    def go(self, location: Location, *, remember: bool = True) -> None:
        """Show ``location``; with ``remember`` the current place goes on the history."""
        if remember and location != self.location:
            self.history.append(self.location)
        self.screen.minimize()
        self.current_pane = location.pane
        self.query_one(ContentSwitcher).current = location.pane
        pane = self._pane(location.pane)
        if not pane.select(location.item_id) and self.filter_state.active:
            self.notify("That item is hidden by the filter (F clears it).", markup=False)
        self._update_tabs()
        self.refresh_filter()
        pane.focus_default()

    def jump(self, pane: str, item_id: str | None = None) -> None:
        """Go to an item (from the command palette), remembering where we were."""
        self.go(Location(pane, item_id))

    def action_pane(self, pane: str) -> None:
        self.go(Location(pane, self._pane(pane).selected_id), remember=False)

    def action_back(self) -> None:
        if self.history:
            self.go(self.history.pop(), remember=False)
        elif self.opened_from_briefing:
            self.dismiss()
        else:
            self.notify("Nothing to go back to.", markup=False)

    def action_leave(self) -> None:
        """Escape: unzoom, then leave the detail for the list, then go up a level."""
        if self.maximized is not None:
            self.minimize()
            return
        pane = self._pane(self.current_pane)
        focused = self.focused
        if (
            isinstance(pane, CollectionPane)
            and focused is not None
            and (focused is pane.detail or pane.detail in focused.ancestors)
        ):
            pane.item_list.focus()
            return
        self.dismiss()

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        pane = self._pane(self.current_pane)
        target = focused if focused is not None else pane
        if isinstance(target.parent, DetailView):
            target = target.parent
        self.maximize(target, container=False)

    def on_follow_link(self, message: FollowLink) -> None:
        message.stop()
        target = message.target
        if target.briefing_id != self.briefing.id:
            self.post_message(
                OpenBriefing(target.briefing_id, target.pane, target.item_id, from_briefing=True)
            )
            return
        self.go(Location(target.pane, target.item_id))
