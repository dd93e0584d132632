"""A virtual list: renders only the rows on screen, so 60,000 rows cost nothing.

Rows come from a ``RowSource`` that formats one row to a width on demand. The
text of a row must already be sanitised (``widgets.safe``); it is drawn as plain
segments and never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .linear_rows import row_text

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

    @property
    def source(self) -> RowSource:
        return self._source

    @property
    def row_count(self) -> int:
        return len(self._source)

    def set_source(self, source: RowSource, *, keep_cursor: bool = False) -> None:
        """Show ``source``; the cursor goes to the top unless ``keep_cursor``."""
        self._source = source
        self.virtual_size = Size(self.size.width, len(source))
        cursor = min(self.cursor, max(len(source) - 1, 0)) if keep_cursor else 0
        self.cursor = cursor
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def refresh_rows(self) -> None:
        """The source's rows changed (more loaded, or highlights): redraw."""
        self.virtual_size = Size(self.size.width, len(self._source))
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._source))

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
