"""Long runs of a detail's parts drawn as one widget that renders only the lines on screen.

A source cited by 5,000 incidents has 5,000 links; a briefing may have 190,000 tags. One
widget per entry made such a detail take half a minute to open. Here a run of entries is
one widget, one line per entry (cut with an ellipsis at the width), drawn on demand like
the rows of an ``ItemList``:

- ``ValueRows``: values (tags, aliases ...), read by scrolling the detail;
- ``TextRows``: paragraphs (a long run of key points), wrapped, read by scrolling;
- ``LinkRows``: links, focusable; its cursor (the link that has attention) is drawn in
  full, wrapped, and moved with tab / shift+tab (the detail's keys) or j/k, g/G here;
  enter follows it.

The entries' text comes from the detail (``drawn``: a part's sanitised ``Content`` with
its find highlights), so find, highlights and ``DetailView.text()`` cover every entry.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from .detail_parts import LinkTarget

__all__ = ["FollowLink", "LinkRows", "TextRows", "ValueRows"]


@dataclass
class FollowLink(Message):
    """A link was followed: go to ``target``."""

    target: LinkTarget


Drawn = Callable[[int], Content]
"""A part's text as drawn, by its index in the detail's parts."""


class ValueRows(Widget):
    """Parts ``first`` .. ``first + count - 1`` of a detail, one line each."""

    def __init__(self, drawn: Drawn, first: int, count: int, *, classes: str) -> None:
        super().__init__(classes=classes)
        self.drawn = drawn
        self.first = first
        self.count = count

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.count

    def line_of(self, entry: int) -> int:
        """The first line of entry ``entry`` (0-based within this widget)."""
        return entry

    def entry_at(self, line: int) -> int:
        """The entry drawn on line ``line`` of this widget."""
        return max(0, min(line, self.count - 1))

    def entry_line(self, entry: int, line: int, width: int) -> Content:
        """Line ``line`` of entry ``entry`` as drawn (cut to ``width``)."""
        return self.drawn(self.first + entry).truncate(width, ellipsis=True)

    def _row(self, y: int) -> tuple[int, int]:
        return y, 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = Style.from_rich_style(self.rich_style)
        entry, line = self._row(y)
        if not 0 <= entry < self.count or width <= 0:
            return Strip.blank(width, self.rich_style)
        content = self.entry_line(entry, line, width)
        segments = content.render_segments(base + self.entry_style(entry))
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    def entry_style(self, entry: int) -> Style:
        return Style()

    def redraw(self) -> None:
        """The entries' text changed (find highlights): draw again."""
        self.refresh()


class LinkRows(ValueRows, can_focus=True):
    """Links, one line each; the cursor's link drawn whole. Enter follows it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "follow",
            "Follow",
            id="detail.follow",
            tooltip="Follow the focused link (backspace comes back)",
        ),
        Binding("j,down", "move(1)", "Down", tooltip="Next link", id="links.down", show=False),
        Binding("k,up", "move(-1)", "Up", tooltip="Previous link", id="links.up", show=False),
        Binding(
            "g,home", "first", "First", tooltip="First link of the list", id="links.first",
            show=False,
        ),
        Binding(
            "G,end", "last", "Last", tooltip="Last link of the list", id="links.last",
            show=False,
        ),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {"link-rows--cursor"}

    def __init__(
        self, drawn: Drawn, first: int, targets: Sequence[LinkTarget], *, classes: str
    ) -> None:
        super().__init__(drawn, first, len(targets), classes=classes)
        self.targets = targets
        self.cursor = 0
        """The link that has attention (0-based within this list)."""
        self._cursor_lines: tuple[int, int, list[Content]] | None = None

    # --- the cursor's link, wrapped ------------------------------------------

    def _wrapped(self, width: int) -> list[Content]:
        cached = self._cursor_lines
        if cached is not None and cached[:2] == (self.cursor, width):
            return cached[2]
        lines = self.drawn(self.first + self.cursor).wrap(max(width, 1)) or [Content("")]
        self._cursor_lines = (self.cursor, width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.count - 1 + len(self._wrapped(width)) if self.count else 0

    def _row(self, y: int) -> tuple[int, int]:
        tall = len(self._wrapped(self.size.width))
        if y < self.cursor:
            return y, 0
        if y < self.cursor + tall:
            return self.cursor, y - self.cursor
        return y - tall + 1, 0

    def line_of(self, entry: int) -> int:
        if entry <= self.cursor:
            return entry
        return entry + len(self._wrapped(self.size.width)) - 1

    def entry_at(self, line: int) -> int:
        return max(0, min(self._row(max(line, 0))[0], self.count - 1))

    def entry_line(self, entry: int, line: int, width: int) -> Content:
        if entry == self.cursor:
            return self._wrapped(width)[line]
        return super().entry_line(entry, line, width)

    def entry_style(self, entry: int) -> Style:
        if entry == self.cursor and self.has_focus:
            return Style.from_rich_style(self.get_component_rich_style("link-rows--cursor"))
        return Style()

    def redraw(self) -> None:
        self._cursor_lines = None
        self.refresh(layout=True)

    # --- moving and following --------------------------------------------------

    def move_to(self, entry: int) -> None:
        """Put the cursor on link ``entry`` and scroll it into view."""
        self.cursor = max(0, min(entry, self.count - 1))
        self._cursor_lines = None
        self.refresh(layout=True)
        self.call_after_refresh(self.scroll_cursor_into_view)

    def scroll_cursor_into_view(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        region = self.virtual_region
        top = region.y + self.line_of(self.cursor)
        tall = len(self._wrapped(self.size.width))
        parent.scroll_to_region(
            Region(region.x, top, max(region.width, 1), tall), animate=False, immediate=True
        )

    def attention_offset(self) -> Offset:
        """The terminal cursor: the first cell of the cursor's link (screen cells)."""
        region = self.content_region
        y = region.y + self.line_of(self.cursor)
        parent = self.parent
        if isinstance(parent, Widget):  # inside what the detail shows
            shown = parent.scrollable_content_region
            y = max(shown.y, min(y, shown.bottom - 1))
        return Offset(region.x, y)

    def on_focus(self) -> None:
        self.refresh()
        self.call_after_refresh(self.scroll_cursor_into_view)

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_follow(self) -> None:
        self.post_message(FollowLink(self.targets[self.cursor]))


class TextRows(ValueRows):
    """Paragraphs (a long run of key points, statements ...), each wrapped to the width;
    only the lines on screen are drawn. The wrapping is done once per width."""

    def __init__(
        self,
        drawn: Drawn,
        first: int,
        count: int,
        *,
        classes: str,
        wrap: Callable[[int, int], list[Content]] | None = None,
    ) -> None:
        """``wrap(part, width)``: a part's lines as drawn (default: its text wrapped)."""
        super().__init__(drawn, first, count, classes=classes)
        self.wrap = wrap or (lambda part, width: self.drawn(part).wrap(width))
        self._width = -1
        self._lines: list[Content] = []
        self._starts: list[int] = []
        """The first line of each entry."""

    def _wrap(self, width: int) -> None:
        if width == self._width:
            return
        self._width, self._lines, self._starts = width, [], []
        for entry in range(self.count):
            self._starts.append(len(self._lines))
            self._lines.extend(self.wrap(self.first + entry, max(width, 1)) or [Content()])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._wrap(width)
        return len(self._lines)

    def line_of(self, entry: int) -> int:
        self._wrap(self.size.width)
        return self._starts[entry]

    def entry_at(self, line: int) -> int:
        self._wrap(self.size.width)
        return max(0, bisect_right(self._starts, line) - 1)

    def _row(self, y: int) -> tuple[int, int]:
        entry = self.entry_at(y)
        return entry, y - self._starts[entry]

    def entry_line(self, entry: int, line: int, width: int) -> Content:
        self._wrap(width)
        return self._lines[self._starts[entry] + line]

    def redraw(self) -> None:
        self._width = -1
        self.refresh(layout=True)
