"""What the library, briefing and results screens share: find (``/``) and filter (``f``).

**Find** highlights every match of a pattern in the lists and detail views of the
screen as you type. ``n``/``N`` walk the matches *of the focused part*: with a list
focused they move the cursor to the next or previous matching row; with a detail
focused (or a link in it) they go to the next or previous match in its text, scrolling
it into view. Both wrap around, with a "search wrapped" notice.

**Filter** narrows the lists with a query of the filter language. The query is the
session's (``FilterState``): it stays while you move between panes and screens, and each
list shows its own count. Subclasses say what to narrow (``apply_filter``) and what
to count (``filter_status``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, ClassVar, TypeAlias, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount, Widget

from ..filtering import FilterState
from ..messages import CopyText
from ..session import ReaderSession, Reloaded
from ..widgets.item_list import ItemList
from ..widgets.key_hints import first_key
from ..widgets.list_frame import ListFrame

if TYPE_CHECKING:
    from ..model.search.find import Finder
    from ..widgets.citation import Copied
    from ..widgets.detail import DetailView
    from ..widgets.filter_bar import FilterBar
    from ..widgets.find_bar import FindBar

    FindTarget: TypeAlias = ItemList | DetailView

__all__ = ["COPY_BINDING", "SEARCH_BINDINGS", "SearchableScreen"]

_DETAIL_MODULE = f"{__name__.rsplit('.', 2)[0]}.widgets.detail"
"""The detail view's module (``widgets/detail.py``), loaded when a screen first shows one."""

SEARCH_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "find",
        "Find",
        tooltip="Find in the focused list or detail, as you type",
        id="search.find",
    ),
    Binding(
        "n",
        "find_next",
        "Next match",
        tooltip="Next match, in the focused list or detail",
        id="search.next",
        show=False,
    ),
    Binding(
        "N",
        "find_previous",
        "Previous match",
        tooltip="Previous match, in the focused list or detail",
        id="search.previous",
        show=False,
    ),
    Binding("f", "filter", "Filter", tooltip="Filter the lists with a query", id="search.filter"),
    Binding(
        "F",
        "clear_filter",
        "Clear filter",
        tooltip="Clear the filter: every item again",
        id="search.clear_filter",
        show=False,
    ),
]
"""The keys of find and filter, on every screen that has lists."""

COPY_BINDING = Binding(
    "y",
    "copy_item",
    "Copy",
    tooltip="Copy what the cursor is on (citation, quote, URL) to the clipboard",
    id="screen.copy",
    show=False,
)
"""``y``: to the clipboard by OSC 52, so it works over SSH (never in secure mode). Bound by
the screens whose rows can be copied (each says what in ``copy_target``)."""


class SearchableScreen(Screen[None]):
    """A screen with lists and details that can be searched and filtered.

    It presents the ``session`` it is given (the app's); when the search index
    arrives (``session.signals.index_ready``) it shows the filter's counts. Each
    list and detail keeps its own matches and where its find began; the screen
    says which one find works on (the *target*) and keeps the bars' counter.
    """

    BINDINGS: ClassVar[list[BindingType]] = SEARCH_BINDINGS

    find_open: reactive[bool] = reactive(False, init=False)
    """The find bar shows (from ``/`` until escape)."""
    filter_open: reactive[bool] = reactive(False, init=False)
    """The filter bar shows (while typing a query, and while a filter is on)."""

    def __init__(self, session: ReaderSession) -> None:
        super().__init__()
        self.session = session
        self.finder: Finder | None = None
        """The pattern highlighted on this screen (None: no find)."""
        self._target: FindTarget | None = None
        self._filter_version = -1
        self._bars_made = False
        """The find and filter bars are built and mounted (``bars_ready``)."""
        self._bars_mounted: AwaitMount | None = None
        """The bars being mounted after the screen's first frame (``bars_ready``)."""

    @property
    def filter_state(self) -> FilterState:
        return self.session.filter_state

    def on_mount(self) -> None:
        self.session.signals.index_ready.subscribe(self, self._index_ready)
        self.session.signals.files_reloaded.subscribe(self, self.files_reloaded)
        self.call_after_refresh(self.bars_ready)

    def _index_ready(self, _: None) -> None:
        self.refresh_filter()

    def files_reloaded(self, reloaded: Reloaded) -> None:
        """Files changed on disk were read again: show the filter's new answer."""
        self.refresh_filter()

    def compose_search_bars(self) -> ComposeResult:
        """The find and filter bars, docked above the bottom banner (hidden until used).

        A screen's first frame does without them: they are built just after it
        (``on_mount``), or at once when a filter is on (its bar shows).
        """
        with Vertical(id="search-bars"):
            state = self.filter_state
            if state.active or state.text:
                self._bars_made = True
                yield from self._bars()

    def _bars(self) -> ComposeResult:
        from ..widgets.filter_bar import FilterBar  # not for the first frame
        from ..widgets.find_bar import FindBar

        yield FindBar(self.session.find_history, id="find-bar")
        yield FilterBar(self.session.filter_history, self.filter_typed, id="filter-bar")

    async def bars_ready(self) -> None:
        """The bars, built now if they are not yet (just after the screen's first frame,
        or at once for a key that came sooner), with the filter's counts."""
        if self._bars_mounted is None:
            if self._bars_made:  # with the screen
                return
            self._bars_mounted = self.query_one("#search-bars").mount_all(self._bars())
            await self._bars_mounted
            if not self.query("#filter-bar"):  # the screen was closed meanwhile
                return
            self._bars_made = True
            self._show_filter_status()
        else:
            await self._bars_mounted  # built by another caller: once they are mounted

    @property
    def find_bar(self) -> FindBar:
        return cast("FindBar", self.query_one("#find-bar"))

    @property
    def filter_bar(self) -> FilterBar:
        return cast("FilterBar", self.query_one("#filter-bar"))

    def watch_find_open(self) -> None:
        self._show_bars()

    def watch_filter_open(self) -> None:
        self._show_bars()

    def _show_bars(self) -> None:
        """Each bar shows with ``-open``; the notifications have ``-bars`` while one shows
        (above it: on the screen, the class would restyle every widget of the screen)."""
        if not self._bars_made:  # neither is open
            return
        self.find_bar.set_class(self.find_open, "-open")
        self.filter_bar.set_class(self.filter_open, "-open")
        for rack in self.query_children("ToastRack"):  # Textual's, one per screen
            rack.set_class(self.find_open or self.filter_open, "-bars")

    # --- hooks for each screen ------------------------------------------------

    def default_find_target(self) -> FindTarget | None:
        """What find searches when neither a list nor a detail has focus."""
        for item_list in self.query(ItemList):
            return item_list
        return None

    def apply_filter(self) -> None:
        """Show what the app's filter lets through (called when it changes)."""

    def filter_status(self) -> str:
        """The counts shown in the filter bar (``12 of 2,000 briefings``)."""
        return ""

    def filter_submitted(self) -> None:
        """Enter in the filter bar: back to the list."""
        self._focus_target()

    def copy_target(self) -> Copied | None:
        """What ``y`` copies: the text of what the cursor is on (None: nothing)."""
        return None

    def action_copy_item(self) -> None:
        """``y``: the app puts what the cursor is on on the clipboard, and says so."""
        copied = self.copy_target()
        if copied is None or not copied.text:
            self.notify("Nothing to copy here.", markup=False)
            return
        self.post_message(CopyText(copied.text, copied.what))

    # --- find -------------------------------------------------------------------

    def _focused_target(self) -> FindTarget | None:
        # No detail view is shown before its module is loaded: not loaded for a list.
        detail = sys.modules.get(_DETAIL_MODULE)
        targets = (ItemList,) if detail is None else (ItemList, detail.DetailView)
        node = self.focused
        while node is not None and not isinstance(node, Screen):
            if isinstance(node, targets):
                return cast("FindTarget", node)
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return self.default_find_target()

    def _focus_target(self) -> None:
        target = self._target or self.default_find_target()
        if target is not None:
            self.set_focus(target)

    async def action_find(self) -> None:
        """``/``: open the find bar for the focused list or detail."""
        await self.bars_ready()
        self._target = self._focused_target()
        if self._target is not None:
            self._target.start_find()
        self.find_open = True
        self.find_bar.open()

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        message.stop()
        self.finder = message.finder
        self._apply_highlights()
        if self._target is not None:
            self._target.seek_first_match()
        self._update_counter()

    def on_find_bar_finished(self, message: FindBar.Finished) -> None:
        """Enter: back to the text; the bar stays, with the counter, while ``n`` walks."""
        message.stop()
        self._focus_target()

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        """Escape: no highlights, and the target back where it was before ``/``."""
        message.stop()
        self.finder = None
        self._apply_highlights()
        if self._target is not None:
            self._target.cancel_find()
        self.find_open = False
        self._focus_target()

    def _apply_highlights(self) -> None:
        """Highlight the current pattern in every list and detail of the screen."""
        for item_list in self.query(ItemList):
            item_list.set_finder(self.finder)
        for detail in self.query("DetailView"):  # by name: its module is loaded once shown
            cast("DetailView", detail).set_finder(self.finder)
        for frame in self.query(ListFrame):
            frame.refresh_frame()

    def on_item_list_matches_counted(self, message: ItemList.MatchesCounted) -> None:
        """A long list is counted: the counter shows its matches."""
        if message.item_list is self._target:
            self._update_counter()

    def _update_counter(self) -> None:
        """``3/14`` in the find bar, for the target."""
        target = self._target
        if self.finder is None or target is None:  # no find (the bar may not be built)
            return
        bar = self.find_bar
        if self.finder.stopped_after_ms is not None:  # a runaway pattern ran out of time
            bar.show_status(f"search stopped after {self.finder.stopped_after_ms} ms", error=True)
            return
        bar.show_count(*target.find_count())

    def action_find_next(self) -> None:
        """``n``: the next match of the focused list or detail."""
        self._step(forward=True)

    def action_find_previous(self) -> None:
        """``N``: the previous match of the focused list or detail."""
        self._step(forward=False)

    def _step(self, *, forward: bool) -> None:
        if self.finder is None:
            self.notify("Nothing to find: press / and type.", markup=False)
            return
        target = self._target = self._focused_target()
        if target is None:
            return
        wrapped = target.step_match(forward)
        if wrapped is None:
            where = "list" if isinstance(target, ItemList) else "text"
            self.notify(f"No match in this {where}.", markup=False)
            return
        if wrapped:
            self.notify("search wrapped", timeout=2, markup=False)
        self._update_counter()

    # --- filter -----------------------------------------------------------------

    async def action_filter(self) -> None:
        """``f``: open the filter bar (with the app's query)."""
        await self.bars_ready()
        self._target = self._focused_target()
        self.filter_open = True
        self.filter_bar.open(self.filter_state.text)
        self._show_filter_status()

    def clears_filter(self) -> str:
        """``(F clears it)``, with the key the keymap gives ``clear_filter``."""
        return f"({first_key(self, 'clear_filter', 'F')} clears it)"

    def action_clear_filter(self) -> None:
        """``F``: every item again."""
        state = self.filter_state
        if not state.clear():
            self.notify("No filter to clear.", markup=False)
        if self._bars_made:
            self.filter_bar.set_text("")
        self.refresh_filter()
        self.filter_open = False

    def filter_typed(self, text: str) -> None:
        """The filter bar's query changed (called by the bar once it has taken the keys
        waiting: the lists, the counts and the key's echo are drawn in one frame)."""
        self.filter_state.set_text(text)
        self.refresh_filter()

    def on_filter_bar_submitted(self, message: FilterBar.Submitted) -> None:
        message.stop()
        state = self.filter_state
        self.filter_open = state.active or bool(state.text)
        self.filter_submitted()

    def on_filter_bar_closed(self, message: FilterBar.Closed) -> None:
        message.stop()
        self.filter_open = self.filter_state.active
        self._focus_target()

    def refresh_filter(self) -> None:
        """Show the app's filter: narrow the lists if it changed, and the counts."""
        state = self.filter_state
        if self._filter_version != state.version:
            self._filter_version = state.version
            self.apply_filter()
            self._apply_highlights()
            self._update_counter()
        self._show_filter_status()

    def _show_filter_status(self) -> None:
        if not self._bars_made:  # made with the counts
            return
        state, bar = self.filter_state, self.filter_bar
        bar.show_status(self.filter_status() if state.ready else "indexing…")
        bar.show_error(state.error)

    async def on_screen_resume(self) -> None:
        """Back on this screen: the filter may have changed on another one; then the
        screen's own part (``resumed``). Textual calls the ``on_screen_resume`` of every
        class of a screen, so a screen adds to this through ``resumed``, not a handler of
        its own (which would run this twice)."""
        state = self.filter_state
        if state.active or state.text:
            await self.bars_ready()
        if self._bars_made:
            self.filter_bar.set_text(state.text)
            if state.active:
                self.filter_open = True
            elif not self.filter_bar.input.has_focus:
                self.filter_open = False
        self.refresh_filter()
        self.resumed()

    def resumed(self) -> None:
        """What a screen does when it shows again, after the filter is shown."""
