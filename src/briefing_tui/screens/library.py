"""The library: every briefing loaded, newest first, and the files that failed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, overload

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.worker import get_current_worker

from ..filtering import count_text
from ..messages import OpenBriefing
from ..model import Briefing, BriefingHeader, Library
from ..model.marking import Marking, MarkingRules
from ..session import ReaderSession, Reloaded
from ..widgets.banner import HandlingBanner, marking_of
from ..widgets.counts import Counts
from ..widgets.item_list import ItemList
from ..widgets.key_hints import KeyHints
from ..widgets.list_frame import ListFrame
from ..widgets.month_sparkline import MonthCounts, MonthSparkline, month_counts
from ..widgets.rows import NO_MARK, LibraryRow, RowMark, TableRows, briefing_rows
from ..widgets.sorting import LIBRARY_SORTS
from ..widgets.view_rows import WithViews, broken_view_text, view_row_text
from .focus import FOCUS_BINDINGS
from .reading import ReadingScreen, briefing_mark
from .searchable import COPY_BINDING

if TYPE_CHECKING:
    from ..widgets.citation import Copied

__all__ = ["LibraryScreen", "library_marking"]

MONTHS_AFTER = 0.4
"""Seconds without another change of the filter before the header counts its months:
each keystroke of a query gets the interpreter to itself."""


def library_marking(briefings: Iterable[BriefingHeader], rules: MarkingRules) -> Marking:
    """The marking of the whole library: every briefing's handling under ``rules``.

    Only distinct (TLP, banner) pairs are combined, in library order: the same
    marking for a fraction of the cost, since thousands of briefings share a
    handful of markings.
    """
    distinct = {(b.handling.tlp, b.handling.banner): b.handling for b in briefings}
    return rules.marking(distinct.values())


def _row_key(row: LibraryRow) -> str:
    """What a row shows, the same in every refresh: a briefing id, a view or a broken file."""
    if row.header is not None:
        return row.header.id
    if row.view is not None:
        return "\1" + row.view.name  # no briefing id holds a control character
    assert row.failure is not None
    return "\0" + row.failure.path  # no briefing id holds a NUL


class _AllRows(Sequence[LibraryRow]):
    """Every briefing of a library, then its broken files, as rows made when drawn."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._entries = list(library.entries)  # a copy (a memcpy): the library grows on
        self._broken = list(library.broken)
        self._count = len(self._entries)
        self._size = self._count + len(self._broken)

    def __len__(self) -> int:
        return self._size

    @property
    def briefings(self) -> int:
        """How many rows are briefings (the first ones; broken files come after)."""
        return self._count

    @overload
    def __getitem__(self, index: int) -> LibraryRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[LibraryRow]: ...

    def __getitem__(self, index: int | slice) -> LibraryRow | Sequence[LibraryRow]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(self._size))]
        if not -self._size <= index < self._size:
            raise IndexError(index)
        index %= self._size
        if index < self._count:
            return LibraryRow(self._entries[index].header)
        return LibraryRow(None, self._broken[index - self._count])

    def position(self, row: LibraryRow) -> int | None:
        """Where ``row``'s briefing or broken file is now (None: not here)."""
        if row.header is not None:
            return self._library.position(row.header.id)
        try:
            return self._count + self._broken.index(row.failure)  # type: ignore[arg-type]
        except ValueError:
            return None


class _MatchingRows(Sequence[LibraryRow]):
    """The briefings a filter lets through, as rows made when drawn (a keystroke costs
    what is shown, not a row object per match)."""

    def __init__(self, library: Library, ids: list[str]) -> None:
        self._library = library
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> LibraryRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[LibraryRow]: ...

    def __getitem__(self, index: int | slice) -> LibraryRow | Sequence[LibraryRow]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self.ids)))]
        return LibraryRow(self._library.header(self.ids[index]))

    def position(self, row: LibraryRow) -> int | None:
        """Where ``row``'s briefing is in the list (None: not here)."""
        if row.header is None:
            return None
        try:
            return self.ids.index(row.header.id)
        except ValueError:
            return None


class _RowIds(Sequence[str]):
    """The briefing ids of the library's rows, in their order, read as asked for."""

    def __init__(self, rows: _AllRows) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return self._rows.briefings

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        header = self._rows[index % len(self)].header
        assert header is not None  # briefings come before broken files
        return header.id


class LibraryScreen(ReadingScreen):
    """One row per briefing (date, TLP, counts, status, title); broken files last;
    the saved views above them (without a filter).

    With a filter, only the briefings that match it (their own text and fields,
    with the tags, names and highest severity of their items); ``r`` or ``enter``
    in the filter bar lists the matching incidents and quotes of every briefing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        COPY_BINDING,
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
        self.rows: TableRows[LibraryRow] = self._marked(briefing_rows([]))
        self.sort_index = 0
        """Which of ``LIBRARY_SORTS`` the list is in (``s``); kept through filter and reload."""
        self._status_filtered = False
        """The status shows a filter's counts (else the library's)."""

    def compose(self) -> ComposeResult:
        yield HandlingBanner(id="banner-top")
        with Horizontal(id="library-header"):
            yield Counts(id="library-status")
            yield MonthSparkline(id="library-months")
        item_list = ItemList(self.rows, id="library-list", empty_text="Loading…")
        yield ListFrame(item_list, preview=True, id="library-frame")
        yield from self.compose_search_bars()
        yield HandlingBanner(id="banner-bottom")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()
        self.refresh_library()
        self.session.signals.library_changed.subscribe(self, self._library_changed)
        self.session.signals.across_ready.subscribe(self, self._across_ready)

    def _library_changed(self, _: None) -> None:
        self.refresh_library()

    def files_reloaded(self, reloaded: Reloaded) -> None:
        """Files changed on disk: the rows, counts and banner anew; the cursor on its row."""
        self.refresh_library(keep_row=True)
        self.refresh_filter()

    def _marked(self, rows: TableRows[LibraryRow]) -> TableRows[LibraryRow]:
        """``rows`` with their reading marks, and the saved views drawn across."""
        reading, session = self.session.reading, self.session

        def marks(row: LibraryRow) -> RowMark:
            return briefing_mark(reading, row.header.id) if row.header is not None else NO_MARK

        def spanning(row: LibraryRow, width: int) -> str | None:
            if row.view is None:
                return None
            state = session.filter_state
            version = (len(session.library), state.version)  # a reload changes either
            counts = session.views.counts(row.view, state.index, reading, version)
            return view_row_text(row.view, counts, width)

        rows.marks, rows.spanning = marks, spanning
        return rows

    def show_reading(self) -> None:
        self.query_one(ItemList).refresh()
        self.query_one(ListFrame).refresh_frame()
        self._show_status()

    def refresh_library(self, *, keep_row: bool = False) -> None:
        """Show the library as loaded so far (called as batches arrive)."""
        session = self.session
        self._show_rows(keep_cursor=True, keep_row=keep_row)
        marking = session.marking.marking(session.library.handlings)  # few, kept
        for banner in self.query(HandlingBanner):
            if banner.marking != marking:  # a restyle costs, and batches come often
                banner.show(marking)
        self._show_status()

    def _show_status(self) -> None:
        """``300 briefings``; with a filter on, ``10 of 300 briefings``."""
        session, state = self.session, self.session.filter_state
        text: str | None = None
        if state.active and state.ready and not session.loading.active:
            text = self.filter_status()  # not the reading counts: a keystroke walks no row
            broken = len(session.library.broken)
            if broken:
                text += f", {broken:,} broken file" + ("" if broken == 1 else "s")
        # One line, always, beside the months: while a filter is on, as wide as its widest
        # count (``Counts``: a keystroke redraws a line, not the screen).
        filtered = text is not None
        self.query_one("#library-status", Counts).show(
            text if text is not None else session.status_text(),
            narrow=not (filtered and self._status_filtered),
        )
        self._status_filtered = filtered

    def on_item_list_sort_requested(self, message: ItemList.SortRequested) -> None:
        """``s``: the next order; the cursor stays on its row."""
        self.sort_index = (self.sort_index + 1) % len(LIBRARY_SORTS)
        self._show_rows(keep_cursor=True, keep_row=True)

    def _show_rows(self, *, keep_cursor: bool = False, keep_row: bool = False) -> None:
        """The rows of the library, or of the briefings the filter lets through."""
        session = self.session
        library, state = session.library, session.filter_state
        item_list = self.query_one(ItemList)
        matching = state.briefing_ids() if state.active else None
        rows: Sequence[LibraryRow]
        if matching is not None:
            rows = _MatchingRows(library, matching)  # made as drawn
            empty = f"No briefing matches the filter {self.clears_filter()}."
        else:
            rows = _AllRows(library)  # made as drawn: a batch costs what it adds
            empty = "Loading…" if session.loading.active else "No briefings found."
        kept = self.rows.items[item_list.cursor] if len(self.rows) else None
        sort = LIBRARY_SORTS[self.sort_index]
        views = session.views.views if matching is None else ()
        self.rows = self._marked(briefing_rows(WithViews.over(views, sort.apply(rows))))
        frame = self.query_one(ListFrame)
        frame.order = sort.label
        item_list.empty_text = empty
        # The cursor stays on its row as rows arrive or the filter changes; while
        # loading, a cursor still on the first row stays there (the newest first).
        stay_on_top = keep_cursor and item_list.cursor == 0 and not keep_row
        item_list.set_source(self.rows, keep_cursor=keep_cursor)
        shown_rows = self.rows.items
        if kept is not None and not stay_on_top:
            number = (
                shown_rows.position(kept, _row_key)
                if isinstance(shown_rows, WithViews)
                else shown_rows.position(kept)
                if isinstance(shown_rows, (_AllRows, _MatchingRows))
                else next(
                    (n for n, row in enumerate(shown_rows) if _row_key(row) == _row_key(kept)),
                    None,
                )
            )
            if number is not None:
                item_list.cursor = number
        frame.refresh_frame()
        order: Sequence[str]
        if isinstance(shown_rows, _AllRows):  # no walk over every row at each batch
            order = _RowIds(shown_rows)
        elif isinstance(shown_rows, _MatchingRows):
            order = shown_rows.ids
        else:
            order = [row.header.id for row in shown_rows if row.header is not None]
        self.session.navigation.library_order = order

    def resumed(self) -> None:
        """Back from a briefing: the cursor on the one read last (``J``/``K`` move on)."""
        opened = self.session.navigation.opened
        for number, row in enumerate(self.rows.items):
            if row.header is not None and row.header.id == opened:
                self.query_one(ItemList).cursor = number
                break

    def apply_filter(self) -> None:
        self._show_rows()
        self._show_status()
        self._show_months(after=MONTHS_AFTER)

    def _across_ready(self, _: None) -> None:
        """The timeline arrives after the index: the header counts its months now."""
        self._show_months()

    def _show_months(self, after: float = 0.0) -> None:
        """The header's incidents per month for the filter (none before the index);
        counted once no other filter came for ``after`` seconds."""
        state, across = self.filter_state, self.session.across
        bits = state.result.bits if state.result is not None else 0
        if not bits or not across.ready:
            self.query_one(MonthSparkline).count(None)
            return

        def months() -> MonthCounts:  # in a thread
            return month_counts(across.timeline_rows(bits, "month", 0))

        self.query_one(MonthSparkline).count(months, after=after)

    def filter_status(self) -> str:
        state = self.filter_state
        return count_text(state.matches("briefing") or 0, state.total("briefing") or 0, "briefings")

    def filter_submitted(self) -> None:
        """Enter in the filter bar: the matching incidents and quotes of every briefing."""
        self.query_one(ItemList).focus()  # where backspace from the results comes back to
        self.action_results()

    def action_results(self) -> None:
        """The library-wide results view of the filter."""
        from .results import ResultsScreen  # on first use, as the other views

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
        from .problems import ProblemsScreen
        from .results import ResultsScreen

        row = self.rows.items[message.index]
        if row.header is not None:
            self.post_message(OpenBriefing(row.header.id))
        elif row.view is not None:
            if row.view.broken:
                self.notify(broken_view_text(row.view), severity="error", markup=False)
                return
            self.query_one(ItemList).focus()
            self.app.push_screen(ResultsScreen(self.session, marking_of(self), view=row.view))
        elif row.failure is not None:
            self.app.push_screen(ProblemsScreen(self, row.failure))

    def copy_target(self) -> Copied | None:
        """The briefing under the cursor (``brf-id title``), or a broken file's path."""
        from ..widgets.citation import Copied, briefing_copy  # the detail's code: on first use

        item_list = self.query_one(ItemList)
        if not len(self.rows):
            return None
        row = self.rows.items[item_list.cursor]
        if row.header is not None:
            return briefing_copy(row.header.id, row.header.title)
        assert row.failure is not None
        return Copied.of(row.failure.path, "path")

    # --- reading state -------------------------------------------------------

    def reading_target(self) -> tuple[Briefing, str] | None:
        rows, cursor = self.rows, self.query_one(ItemList).cursor
        header = rows.items[cursor].header if len(rows) else None
        briefing = self.session.library.get(header.id) if header is not None else None
        return (briefing, "") if briefing is not None else None

    def mark_all_read(self) -> str:
        """The briefings listed and not read are decoded off the UI thread (thousands
        take seconds), then marked read."""
        reading = self.session.reading
        ids = [row.header.id for row in self.rows.items if row.header is not None]
        unread = [i for i in ids if reading.briefing_state(i) != "read"]
        if not unread:
            return ""
        self._decode_to_mark(unread)
        return f"Marking {len(unread):,} briefing{'' if len(unread) == 1 else 's'} read…"

    @work(thread=True, exclusive=True, group="mark-read", exit_on_error=False)
    def _decode_to_mark(self, briefing_ids: list[str]) -> None:
        worker, library = get_current_worker(), self.session.library
        briefings = []
        for briefing_id in briefing_ids:
            if worker.is_cancelled:
                return
            briefing = library.get(briefing_id)
            if briefing is not None:
                briefings.append(briefing)
        self.app.call_from_thread(self._mark_decoded, briefings)

    def _mark_decoded(self, briefings: list[Briefing]) -> None:
        self.session.mark_read(briefings)
        count = len(briefings)
        self.notify(f"{count:,} briefing{'' if count == 1 else 's'} marked read.", markup=False)

    def next_unread(self) -> bool:
        """The cursor to the next unread or updated briefing of the list (wrapping)."""
        item_list, rows, reading = self.query_one(ItemList), self.rows.items, self.session.reading
        count = len(rows)
        for distance in range(1, count + 1):
            number = (item_list.cursor + distance) % count
            header = rows[number].header
            if header is not None and reading.briefing_state(header.id) != "read":
                item_list.cursor = number
                return True
        return False

    def action_noop(self) -> None:
        """Escape on the library: already at the top."""
