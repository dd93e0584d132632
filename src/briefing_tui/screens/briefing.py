"""One briefing in five panes, with a browser-like history of followed links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import ContentSwitcher, Static

from ..filtering import KIND_OF_PANE, count_text, noun_of
from ..messages import OpenBriefing
from ..model import Briefing, BriefingLinks, Entity, Incident, Quote
from ..session import ReaderSession, Reloaded
from ..widgets import safe
from ..widgets.banner import HandlingBanner, marking_of
from ..widgets.citation import Copied, item_copy, link_copy
from ..widgets.detail import DetailView, FollowLink, LinkButton, LinkRows
from ..widgets.detail_parts import Field
from ..widgets.key_hints import KeyHints
from ..widgets.linear_rows import is_linear
from ..widgets.pane_tabs import Tab, tabs_line
from ..widgets.panes import PANES, CollectionPane, SummaryPane, make_panes
from ..widgets.rows import RowMark
from .focus import FOCUS_BINDINGS
from .reading import ReadingScreen, item_mark
from .searchable import COPY_BINDING

if TYPE_CHECKING:
    from .searchable import FindTarget

__all__ = ["SIDE_BY_SIDE_WIDTH", "BriefingScreen", "Location"]

SIDE_BY_SIDE_WIDTH = 160
"""With ``layout = "auto"``, list and detail stand side by side from this width: there
the list (three fifths) is still as wide as an 80-column terminal's, so a wider
terminal never shows shorter titles than a narrower one stacked."""


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a briefing: a pane and, in a list pane, an item."""

    pane: str
    item_id: str | None = None
    link: int | None = field(default=None, compare=False)
    """The focused link of the detail (its place among the links), when one was:
    backspace comes back to the link followed."""


READ_PANES = ("incidents", "quotes")
"""The panes whose items have a reading state (read once their detail was shown)."""


class BriefingScreen(ReadingScreen):
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
        COPY_BINDING,
        Binding(
            "backspace",
            "back",
            "Back",
            id="briefing.back",
            tooltip="Back along the path of links followed, then to where it was opened",
        ),
        Binding(
            "escape",
            "leave",
            "Up",
            id="briefing.leave",
            tooltip="Up: unzoom, detail to list, then the library",
        ),
        Binding(
            "J,right_square_bracket",
            "next_briefing(1)",
            "Next briefing",
            id="briefing.next",
            tooltip="The next briefing, in the library's order and filter",
            show=False,
        ),
        Binding(
            "K,left_square_bracket",
            "next_briefing(-1)",
            "Previous briefing",
            id="briefing.previous",
            tooltip="The previous briefing, in the library's order and filter",
            show=False,
        ),
        Binding(
            "v",
            "toggle_layout",
            "Layout",
            id="briefing.layout",
            tooltip="List and detail: stacked, or side by side",
            show=False,
        ),
        Binding(
            "z",
            "zoom",
            "Zoom",
            id="briefing.zoom",
            tooltip="Zoom the focused list or detail, and back",
        ),
        Binding(
            "e",
            "entity_page",
            "Across the library",
            id="briefing.entity_page",
            tooltip="The entity's page: every briefing of the library it appears in",
            show=False,
        ),
        Binding(
            "t",
            "timeline",
            "Timeline",
            id="briefing.timeline",
            tooltip="This briefing's incidents that the filter lets through, per period",
            show=False,
        ),
    ]

    ALLOW_IN_MAXIMIZED_VIEW = "HandlingBanner, KeyHints, #search-bars"
    """The banners, key hints and search bars stay on screen while a pane is zoomed."""

    def __init__(
        self,
        session: ReaderSession,
        briefing: Briefing,
        links: BriefingLinks,
        start: Location | None = None,
        *,
        opened_from_briefing: bool = False,
    ) -> None:
        super().__init__(session)
        self.briefing = briefing
        self.links = links
        self.history: list[Location] = []
        self.start = start or Location("summary")
        """Where the screen opens (a result opens at its item, from the first frame)."""
        self.current_pane = self.start.pane
        self._unread_cache: tuple[object, dict[str, int]] | None = None
        self.opened_from_briefing = opened_from_briefing
        """Opened by following a link in another briefing: backspace returns there."""
        self.file_state = ""
        """What is wrong with the file now (``file now invalid: ...``, ``file deleted``):
        what is shown is its last good version. Empty when the file is as shown."""
        self.gone = False
        """The briefing is no longer in the library (its file was deleted)."""

    def compose(self) -> ComposeResult:
        marking = self.session.marking.marking([self.briefing.handling])
        yield HandlingBanner(marking, id="banner-top")
        yield Static(id="pane-tabs", markup=False)
        yield Static(id="file-state", markup=False)
        panes = make_panes(self.briefing, self.links, self._across_fields)
        reading = self.session.reading

        def marks(item: Incident | Quote) -> RowMark:
            return item_mark(reading, self.briefing, item.id)  # the version shown (reloads)

        for pane in panes:
            if isinstance(pane, CollectionPane) and pane.id in READ_PANES:
                pane.rows.marks = marks
        with ContentSwitcher(initial=self.current_pane, id="panes"):
            yield from panes
        yield from self.compose_search_bars()
        yield HandlingBanner(marking, id="banner-bottom")
        yield KeyHints()

    def on_mount(self) -> None:
        self.session.signals.across_ready.subscribe(self, self._across_ready)
        self._update_tabs()
        pane = self._pane(self.current_pane)
        if self.start.item_id is not None and not pane.select(self.start.item_id):
            if self.filter_state.active:
                self.notify(
                    f"That item is hidden by the filter {self.clears_filter()}.", markup=False
                )
        # The pane shown then (a link followed meanwhile may have changed it).
        self.call_after_refresh(lambda: self._pane(self.current_pane).focus_default())

    def on_resize(self) -> None:
        self._apply_layout()
        self._update_tabs()

    def _apply_layout(self) -> None:
        """Side by side (``-wide``) as chosen, or by width: from ``SIDE_BY_SIDE_WIDTH``."""
        layout = self.session.navigation.layout
        side = layout == "side" or (layout == "auto" and self.size.width >= SIDE_BY_SIDE_WIDTH)
        self.set_class(side, "-wide")

    def action_next_briefing(self, step: int) -> None:
        """``J``/``K``: the briefing after (before) this one in the library's list."""
        reading = self.session.navigation
        beside = reading.beside(self.briefing.id, step)
        if beside is None:
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} briefing of the library's list.", markup=False)
            return
        self.app.post_message(OpenBriefing(beside))  # the app opens it once this one is gone
        self.dismiss()

    def action_toggle_layout(self) -> None:
        """``v``: stacked or side by side, for this and the next briefings (not saved)."""
        reading = self.session.navigation
        reading.layout = "stacked" if self.has_class("-wide") else "side"
        self._apply_layout()
        shown = "side by side" if reading.layout == "side" else "stacked"
        self.notify(f"List and detail {shown}.", timeout=2, markup=False)

    def _pane(self, pane: str) -> SummaryPane | CollectionPane:
        widget = self.query_one(f"#{pane}")
        assert isinstance(widget, (SummaryPane, CollectionPane))
        return widget

    def _list_pane(self, pane: str) -> CollectionPane:
        return self.query_one(f"#{pane}", CollectionPane)

    def _update_tabs(self) -> None:
        """The pane tabs; with a filter, each list's count (``Incidents 3/12``); at the
        right the briefing's title and how far the current pane's detail is scrolled."""
        state = self.filter_state
        counted = state.active and state.ready and not self.gone

        def count(pane: str) -> str:
            kind = KIND_OF_PANE.get(pane)
            if not counted or kind is None:
                return ""
            shown = state.matches(kind, self.briefing.id)
            return f"{shown}/{state.total(kind, self.briefing.id)}"

        unread = self._unread_counts()
        if is_linear():  # the current pane in words, not in reverse video only
            number, (pane, title) = next(
                (n, entry) for n, entry in enumerate(PANES, 1) if entry[0] == self.current_pane
            )
            shown = f"{title} {count(pane)}".strip()
            if unread.get(pane):
                shown += f", {unread[pane]} unread"
            text = f" Pane {number} of {len(PANES)}: {shown}. Keys 1 to 5."
            self.query_one("#pane-tabs", Static).update(Content(text), layout=False)
            return
        tabs = [
            Tab(str(n), title, count(pane), unread.get(pane, 0))
            for n, (pane, title) in enumerate(PANES, start=1)
        ]
        current = [pane for pane, _ in PANES].index(self.current_pane)
        detail = self._pane(self.current_pane).query_one(DetailView)
        line = tabs_line(tabs, current, self.size.width, self.briefing.title, detail.percent)
        self.query_one("#pane-tabs", Static).update(line, layout=False)

    def on_detail_view_scrolled(self, message: DetailView.Scrolled) -> None:
        self._update_tabs()

    # --- the file changed on disk ------------------------------------------

    def files_reloaded(self, reloaded: Reloaded) -> None:
        """Files were read again: if this briefing's changed, show its new version (same
        pane, item and scroll) and say what changed; if it became invalid or was deleted,
        keep the version shown and say so."""
        from ..model.reload import first_problem, reload_notice

        update = reloaded.update_of(self.briefing.id)
        if update is None:
            self.refresh_filter()
            return
        notice = ""
        if update.invalid is not None and update.after is update.before:
            self._show_file_state(f"file now invalid: {first_problem(update.invalid)}")
            notice = self.file_state
        else:
            current = self.session.library.get(self.briefing.id)
            if current is None:
                name = update.path.rsplit("/", 1)[-1]
                self.gone = True
                after = update.after.header if update.after is not None else None
                if after is not None:  # the file is there, with another briefing id
                    self._show_file_state(
                        f"id changed: {name} now gives {after.id} "
                        "(this version readable until you leave it)"
                    )
                else:
                    self._show_file_state(f"file deleted: {name} (readable until you leave it)")
                notice = self.file_state
            else:
                notice = reload_notice(self.briefing, current)
                self.gone = False
                self._show_file_state("")
                self._show_briefing(current)
        self._filter_version = -1  # the panes show their lists anew, filtered or not
        self.refresh_filter()
        if notice and self.is_current:
            self.notify(safe.plain_line(notice), timeout=4, markup=False)

    def _show_briefing(self, briefing: Briefing) -> None:
        """Show a new version of the briefing: every pane, the tabs and the banner, which
        is made from the new content at once (it may rise or fall with the file)."""
        self.briefing = briefing
        self.links = self.session.library.links(briefing)
        marking = self.session.marking.marking([briefing.handling])
        for banner in self.query(HandlingBanner):
            banner.show(marking)
        for pane_id, _ in PANES:
            self._pane(pane_id).reload(briefing, self.links)
        if self.is_current:
            self.session.briefing_opened(briefing)  # read as shown (the reading state)

    def _show_file_state(self, text: str) -> None:
        self.file_state = text
        line = self.query_one("#file-state", Static)
        line.update(Content(safe.plain_line(text)), layout=False)
        line.set_class(bool(text), "-shown")

    # --- reading state -----------------------------------------------------

    def _unread_counts(self) -> dict[str, int]:
        """Unread incidents and quotes, by pane (kept until the reading state changes)."""
        reading = self.session.reading
        cached = self._unread_cache
        if cached is None or cached[0] != reading.version:
            briefing = self.briefing
            counts = {
                "incidents": reading.unread_items(briefing, briefing.incidents),
                "quotes": reading.unread_items(briefing, briefing.quotes),
            }
            cached = self._unread_cache = (reading.version, counts)
        return cached[1]

    def on_collection_pane_item_shown(self, message: CollectionPane.ItemShown) -> None:
        if message.pane.id == self.current_pane:
            self._note_shown()

    def _note_shown(self) -> None:
        """The item whose detail is in view now is read (not one on a hidden pane, under
        a zoomed list, or behind the list in linear mode)."""
        pane = self._pane(self.current_pane)
        if not isinstance(pane, CollectionPane) or pane.id not in READ_PANES:
            return
        item = pane.shown_item
        if not isinstance(item, (Incident, Quote)):
            return
        if is_linear() and not pane.has_class("-reading-detail"):
            return
        zoomed = self.maximized
        if zoomed is not None and zoomed is not pane.detail and pane.detail not in zoomed.ancestors:
            return
        self.session.item_shown(self.briefing, item.id)

    def show_reading(self) -> None:
        for pane_id in READ_PANES:
            self._list_pane(pane_id).item_list.refresh()
        self._update_tabs()

    def reading_target(self) -> tuple[Briefing, str] | None:
        if self.current_pane == "summary":
            return self.briefing, ""
        item_id = self._pane(self.current_pane).selected_id
        if self.current_pane in READ_PANES and item_id is not None:
            return self.briefing, item_id
        return None

    def mark_all_read(self) -> str:
        """Every incident and quote listed (the filter's matches) read."""
        ids = [item.id for pane_id in READ_PANES for item in self._list_pane(pane_id).rows.items]
        marked = self.session.mark_items_read(self.briefing, ids)
        return f"{marked:,} item{'' if marked == 1 else 's'} marked read." if marked else ""

    def next_unread(self) -> bool:
        """The next unread item of this list, then of the other list, then the next
        unread briefing of the library's list (opened as ``J`` does)."""
        reading, briefing = self.session.reading, self.briefing
        order = list(READ_PANES)
        if self.current_pane in order:
            at = order.index(self.current_pane)
            order = order[at:] + order[:at]
        for pane_id in order:
            pane = self._list_pane(pane_id)
            start = pane.item_list.cursor + 1 if pane_id == self.current_pane else 0
            for number in range(start, len(pane.rows)):
                if reading.item_state(briefing, pane.rows.items[number].id) in ("unread", "new"):
                    if pane_id != self.current_pane:
                        self.go(Location(pane_id), remember=False)
                    pane.item_list.cursor = number
                    return True
        navigation = self.session.navigation
        order_ids = list(navigation.library_order)
        start = order_ids.index(briefing.id) + 1 if briefing.id in order_ids else 0
        for briefing_id in order_ids[start:]:
            if reading.briefing_state(briefing_id) != "read":
                self.app.post_message(OpenBriefing(briefing_id))
                self.dismiss()
                return True
        return False

    # --- find and filter -------------------------------------------------

    def default_find_target(self) -> FindTarget | None:
        pane = self._pane(self.current_pane)
        if isinstance(pane, CollectionPane):
            return pane.item_list
        return pane.query_one(DetailView)

    def apply_filter(self) -> None:
        """Narrow each list to the items the filter lets through (not in a deleted
        briefing: it is no longer indexed, and stays readable whole)."""
        state = self.filter_state
        result = state.result if state.active and not self.gone else None
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

    def copy_target(self) -> Copied:
        """A focused link's target; else the current item; on the summary, the briefing."""
        focused = self.focused
        if isinstance(focused, LinkButton):
            return link_copy(self.briefing, self.links, focused.target)
        if isinstance(focused, LinkRows):
            return link_copy(self.briefing, self.links, focused.targets[focused.cursor])
        pane = self._pane(self.current_pane)
        item: object = self.briefing
        if isinstance(pane, CollectionPane) and len(pane.rows):
            item = pane.rows.items[pane.item_list.cursor]
        return item_copy(self.briefing, self.links, item)

    # --- navigation ------------------------------------------------------

    @property
    def location(self) -> Location:
        pane = self._pane(self.current_pane)
        link = pane.query_one(DetailView).link_number()
        return Location(self.current_pane, pane.selected_id, link)

    def go(self, location: Location, *, remember: bool = True) -> None:
        """Show ``location``; with ``remember`` the current place goes on the history."""
        if remember and location != self.location:
            self.history.append(self.location)
        self.screen.minimize()
        self.current_pane = location.pane
        self.query_one(ContentSwitcher).current = location.pane
        pane = self._pane(location.pane)
        if not pane.select(location.item_id) and self.filter_state.active:
            self.notify(f"That item is hidden by the filter {self.clears_filter()}.", markup=False)
        self._update_tabs()
        self.refresh_filter()
        pane.focus_default()
        self._note_shown()
        if location.link is not None:
            self.call_after_refresh(self._focus_link, pane, location.link)

    def _focus_link(self, pane: SummaryPane | CollectionPane, number: int) -> None:
        pane.query_one(DetailView).focus_link(number)

    def jump(self, pane: str, item_id: str | None = None) -> None:
        """Go to an item (from the command palette), remembering where we were."""
        self.go(Location(pane, item_id))

    def action_pane(self, pane: str) -> None:
        self.go(Location(pane, self._pane(pane).selected_id), remember=False)

    def action_back(self) -> None:
        if self.history:
            self.go(self.history.pop(), remember=False)
        else:  # back where it was opened from: the library, results or another briefing
            self.dismiss()

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

    # --- across the library ----------------------------------------------

    def _across_ready(self, _: None) -> None:
        """The entity index arrived: the entity shown says in how many briefings it is."""
        self._list_pane("entities").refresh_detail()

    def _across_fields(self, item: object) -> list[Field]:
        """An entity's detail: in how many other briefings it appears (``e`` opens them)."""
        if not isinstance(item, Entity):
            return []
        label = "Across the library"
        entities = self.session.across.entities
        if entities is None:
            return [Field(label, "indexing…")]
        group = entities.group_of(self.briefing.id, item.id)
        if group is None:
            return []
        others = len(group.briefing_ids) - (self.briefing.id in group.briefing_ids)
        text = "in no other briefing"
        if others:
            text = f"in {others} other briefing{'' if others == 1 else 's'}"
        matches = len(entities.possible_matches(group))
        if matches:
            text += f", {matches} possible match{'' if matches == 1 else 'es'}"
        return [Field(label, f"{text}; e: its page")]  # fits 80 columns with two-digit counts

    def action_entity_page(self) -> None:
        """``e``: the Entities pane's entity across the library (every briefing it is in)."""
        from .entities import EntityPage

        entity_id = self._pane("entities").selected_id
        if self.current_pane != "entities" or entity_id is None:
            self.notify("No entity here: show the Entities pane (5) first.", markup=False)
            return
        entities = self.session.across.entities
        group = entities.group_of(self.briefing.id, entity_id) if entities else None
        if group is None:
            self.notify("The library is still being indexed.", markup=False)
            return
        self.app.push_screen(EntityPage(self, self.session, group))

    def action_timeline(self) -> None:
        """``t``: this briefing's incidents per period; ``enter`` there shows a period's."""
        from .timeline import TimelineScreen

        timeline = TimelineScreen(self.session, marking_of(self), self.briefing)

        def closed(_: None) -> None:
            if timeline.period_opened:
                self.go(Location("incidents"))

        self.app.push_screen(timeline, closed)
