"""A virtual list: renders only the rows on screen, so 60,000 rows cost nothing.

Rows come from a ``RowSource`` that formats one row to a width on demand. The
text of a row must already be sanitised (``widgets.safe``); it is drawn as plain
segments and never parsed as markup.

With a find pattern set (``set_finder``), the list highlights its matches and
keeps the rows they are on (counted in a worker for a long list), the row where
the find began (``start_find``) and walks them with ``step_match``, as
``DetailView`` does for its text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from .linear_rows import row_text
from .row_matches import SYNC_ROWS, matching_rows
from .rows import TableRows

if TYPE_CHECKING:
    from ..model.search.find import Finder

__all__ = ["ItemList", "RowSource", "render_row"]


class RowSource(Protocol):
    """What an ``ItemList`` shows: a number of rows, each formatted on demand."""

    def __len__(self) -> int: ...

    def row_text(self, index: int, width: int) -> str:
        """Row ``index`` as one sanitised line of at most ``width`` cells."""
        ...

    def row_highlights(self, index: int, text: str) -> Sequence[tuple[int, int]]:
        """Character spans of ``text`` to highlight (search matches)."""
        ...


class EmptySource:
    """A source with no rows."""

    def __len__(self) -> int:
        return 0

    def row_text(self, index: int, width: int) -> str:
        return ""

    def row_highlights(self, index: int, text: str) -> Sequence[tuple[int, int]]:
        return ()


def render_row(
    text: str,
    width: int,
    style: Style,
    highlights: Sequence[tuple[int, int]] = (),
    highlight_style: Style | None = None,
) -> Strip:
    """One row as a strip exactly ``width`` cells wide, matches highlighted."""
    if not highlights or highlight_style is None:
        return Strip([Segment(set_cell_size(text, width), style)], width)
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(highlights):
        start = max(start, position)
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(text[position:start], style))
        segments.append(Segment(text[start:end], style + highlight_style))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], style))
    used = sum(cell_len(segment.text) for segment in segments)
    if used < width:
        segments.append(Segment(" " * (width - used), style))
    return Strip(segments).crop(0, width)


class ItemList(ScrollView, can_focus=True, inherit_bindings=False):
    """A keyboard-driven list over any ``RowSource``.

    Textual's scrolling keys are not inherited: the list binds its own, and a row
    is never wider than the list (no key scrolls it sideways).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-list--cursor",
        "item-list--match",
        "item-list--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", tooltip="Next row", id="list.down", show=False),
        Binding("k,up", "cursor_up", "Up", tooltip="Previous row", id="list.up", show=False),
        Binding("g,home", "first", "First", tooltip="First row", id="list.first", show=False),
        Binding("G,end", "last", "Last", tooltip="Last row", id="list.last", show=False),
        Binding(
            "pagedown,space,ctrl+f",
            "page_down",
            "Page down",
            tooltip="One page down",
            id="list.page_down",
            show=False,
        ),
        Binding(
            "pageup,b,ctrl+b",
            "page_up",
            "Page up",
            tooltip="One page up",
            id="list.page_up",
            show=False,
        ),
        Binding(
            "ctrl+d",
            "half_down",
            "Half down",
            tooltip="Half a page down",
            id="list.half_down",
            show=False,
        ),
        Binding(
            "ctrl+u",
            "half_up",
            "Half up",
            tooltip="Half a page up",
            id="list.half_up",
            show=False,
        ),
        Binding(
            "s", "sort", "Sort", tooltip="Sort the list: the next order", id="list.sort", show=False
        ),
        Binding(
            "enter",
            "select",
            "Open",
            tooltip="Open the highlighted row (its detail)",
            id="list.open",
        ),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row."""

    virtual_size = Reactive(Size(0, 0), layout=False)
    """Its rows (height) at its width. A widget's virtual size lays the whole screen out
    when it changes; a list's own size is its place's, whatever its rows, so a new number
    of rows (a filter's key, a batch of a load) updates its scrollbar instead
    (``watch_virtual_size``), and lays out only when the scrollbar comes or goes."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to ``index``."""

        item_list: ItemList
        index: int

    @dataclass
    class Selected(Message):
        """Enter was pressed on row ``index``."""

        item_list: ItemList
        index: int

    @dataclass
    class SortRequested(Message):
        """``s`` was pressed: whoever owns the rows sorts them in their next order."""

        item_list: ItemList

    @dataclass
    class MatchesCounted(Message):
        """A worker found the rows of ``rows`` that ``finder`` matches (a long list).

        The list keeps them first; the message then bubbles on (the find counter).
        """

        item_list: ItemList
        rows: TableRows[Any]
        finder: Finder
        matches: list[int]

    def __init__(
        self,
        source: RowSource | None = None,
        *,
        empty_text: str = "Nothing here.",
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._source: RowSource = source or EmptySource()
        self.empty_text = empty_text
        self.finder: Finder | None = None
        """The find pattern whose matches are highlighted (None: no find)."""
        self._matches: list[int] | None = None
        """The rows ``finder`` matches, ascending, once counted (None: not yet)."""
        self._origin_row = 0
        """The cursor's row when the find began (``start_find``)."""
        self._seeking = False
        """A count is on its way: the cursor goes to its first match from the origin."""

    @property
    def source(self) -> RowSource:
        return self._source

    @property
    def row_count(self) -> int:
        return len(self._source)

    def set_source(self, source: RowSource, *, keep_cursor: bool = False) -> None:
        """Show ``source``; the cursor goes to the top unless ``keep_cursor``."""
        self._source = source
        self._matches = None
        self._highlight()
        self.virtual_size = Size(self.size.width, len(source))
        cursor = min(self.cursor, max(len(source) - 1, 0)) if keep_cursor else 0
        self.cursor = cursor
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def refresh_rows(self) -> None:
        """The source's rows changed (more loaded, or highlights): redraw."""
        self._matches = None
        self.virtual_size = Size(self.size.width, len(self._source))
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._source))

    def watch_virtual_size(self, size: Size) -> None:
        """The scrollbar for ``size.height`` rows, and the scroll within them."""
        if (size.height > self.container_size.height) != self.show_vertical_scrollbar:
            self.refresh(layout=True)  # the scrollbar comes or goes: the rows' width changes
            return
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
        self.scroll_y = self.scroll_y  # validated: within the rows there are now

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._source) - 1)) if len(self._source) else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        if len(self._source):
            self.post_message(self.Highlighted(self, new))

    def attention_offset(self) -> Offset:
        """Where the terminal cursor goes: column 0 of the highlighted row (screen cells).

        Screen readers and braille displays follow the terminal cursor, not colour.
        """
        region = self.scrollable_content_region
        row = self.cursor - round(self.scroll_y) if len(self._source) else 0
        return Offset(region.x, region.y + max(0, min(row, region.height - 1)))

    def _scroll_cursor_into_view(self) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self.rich_style
        if not len(self._source):
            if y == 0:
                style = base + self.get_component_rich_style("item-list--empty")
                return render_row(self.empty_text, width, style)
            return Strip.blank(width, base)
        if index >= len(self._source):
            return Strip.blank(width, base)
        text = row_text(self._source, index, width)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("item-list--cursor")
        highlights = self._source.row_highlights(index, text)
        match_style = self.get_component_rich_style("item-list--match") if highlights else None
        return render_row(text, width, style, highlights, match_style)

    # --- actions ---------------------------------------------------------

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._source) - 1

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_page_up(self) -> None:
        self.cursor -= self._page()

    def action_half_down(self) -> None:
        self.cursor += max(self._page() // 2, 1)

    def action_half_up(self) -> None:
        self.cursor -= max(self._page() // 2, 1)

    def action_sort(self) -> None:
        self.post_message(self.SortRequested(self))

    def action_select(self) -> None:
        if len(self._source):
            self.post_message(self.Selected(self, self.cursor))

    # --- find ------------------------------------------------------------

    def set_finder(self, finder: Finder | None) -> None:
        """Highlight every match of ``finder`` (None: none)."""
        if finder is not self.finder:
            self.finder = finder
            self._matches = None
            self._seeking = False
        self._highlight()
        self.refresh()

    def _highlight(self) -> None:
        if isinstance(self._source, TableRows):
            self._source.highlighter = self.finder.spans if self.finder is not None else None

    def matching_rows(self) -> list[int] | None:
        """The rows the pattern matches, ascending; None while a worker counts them.

        A long list (over ``SYNC_ROWS``) is counted in a worker, which posts
        ``MatchesCounted`` when done.
        """
        rows, finder = self._source, self.finder
        if finder is None or not isinstance(rows, TableRows):
            return []
        if self._matches is None:
            if len(rows) > SYNC_ROWS:
                self._count_rows(rows, finder)
                return None
            self._matches = matching_rows(rows, finder) or []
        return self._matches

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def _count_rows(self, rows: TableRows[Any], finder: Finder) -> None:
        worker = get_current_worker()
        matches = matching_rows(rows, finder, lambda: worker.is_cancelled)
        if matches is not None:
            self.post_message(self.MatchesCounted(self, rows, finder, matches))

    def on_item_list_matches_counted(self, message: ItemList.MatchesCounted) -> None:
        if message.item_list is not self:
            return
        if message.rows is self._source and message.finder is self.finder:
            self._matches = message.matches
            if self._seeking:
                self._seeking = False
                if message.matches:
                    self.cursor = _first_from(message.matches, self._origin_row)

    def start_find(self) -> None:
        """A find begins: remember the cursor's row (``cancel_find`` comes back to it)."""
        self._origin_row = self.cursor

    def seek_first_match(self) -> None:
        """As the pattern is typed: the cursor on the first match from where the find
        began, or back there when nothing matches (once a long list is counted)."""
        matches = self.matching_rows()
        self._seeking = matches is None
        if matches:
            self.cursor = _first_from(matches, self._origin_row)
        elif matches is not None:
            self.cursor = self._origin_row

    def cancel_find(self) -> None:
        """The find is abandoned: the cursor back where it began."""
        self._seeking = False
        self.cursor = self._origin_row

    def find_count(self) -> tuple[int | None, int | None]:
        """(the number of the match under the cursor, 0 if none; how many) for the
        find counter; (None, None) while a long list is counted."""
        matches = self.matching_rows()
        if matches is None:
            return None, None
        at = bisect_left(matches, self.cursor)
        on_match = at < len(matches) and matches[at] == self.cursor
        return (at + 1 if on_match else 0), len(matches)

    def step_match(self, forward: bool = True) -> bool | None:
        """The cursor on the next (previous) matching row; whether it wrapped around
        (None: no row matches). A list still being counted is scanned row by row."""
        self._seeking = False
        cursor, matches = self.cursor, self.matching_rows()
        if matches is None:
            found = self._scan_rows(forward)
        elif not matches:
            found = None
        elif forward:
            at = bisect_right(matches, cursor)
            found = (matches[at], False) if at < len(matches) else (matches[0], True)
        else:
            at = bisect_left(matches, cursor) - 1
            found = (matches[at], False) if at >= 0 else (matches[-1], True)
        if found is None:
            return None
        self.cursor, wrapped = found
        return wrapped

    def _scan_rows(self, forward: bool) -> tuple[int, bool] | None:
        rows, finder = self._source, self.finder
        assert isinstance(rows, TableRows) and finder is not None
        count, step = len(rows), 1 if forward else -1
        for distance in range(1, count + 1):
            index = (self.cursor + step * distance) % count
            if finder.spans(rows.text_of(index)):
                wrapped = index <= self.cursor if forward else index >= self.cursor
                return index, wrapped
        return None


def _first_from(matches: list[int], row: int) -> int:
    """The first of ``matches`` (ascending, not empty) at or after ``row``, wrapping."""
    return matches[bisect_left(matches, row) % len(matches)]
