"""The filter bar (``f``): a query in the filter language, applied as you type.

The bar tells the screen each new query (``typed``, the screen's own method, called
as the field's keys are taken); the screen sets the app's filter and shows the
counts here (``12 of 60,214 incidents``) in the same frame as the narrowed list and
the key's echo. A query with an error keeps the old results: the bar marks the wrong
part of the query and shows a caret and the column under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.highlighter import Highlighter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, Static

from ..filtering import History
from . import safe
from .counts import Counts

if TYPE_CHECKING:
    from ..model.search.query import QueryError

__all__ = ["ErrorSpan", "FilterBar", "QueryInput"]


class ErrorSpan(Highlighter):
    """Marks the part of the query an error points at."""

    def __init__(self) -> None:
        self.span: tuple[int, int] | None = None

    def highlight(self, text: Text) -> None:
        if self.span is not None:
            start, end = self.span
            text.stylize("bold underline red", start, max(end, start + 1))


class QueryInput(Input):
    """The bar's field: it calls ``typed`` with its text once it has taken every key
    waiting for it, before its repaint goes to the screen.

    So a key's echo, the narrowed lists and the counts are drawn in one frame. Textual
    draws a screen's first change at once and the next one a frame period or two
    later (16 to 33 ms): the field's echo drawn alone put the answer that much later.
    Called as a message would be, a slow query (or a paste) would run once per key;
    here keys typed meanwhile are taken first and the query runs once, for the latest.

    An ``Input`` sets its virtual size (the text's width) at every key, which for a
    widget lays the whole screen out again; this field's width is the bar's, whatever
    it holds, so a repaint is enough (it still scrolls with the cursor)."""

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, typed: Callable[[str], None], **options: Any) -> None:
        super().__init__(**options)
        self._typed = typed
        self._told = self.value
        """The text ``typed`` was last called with (or ``hold`` set)."""

    def hold(self, text: str) -> None:
        """Show ``text`` without calling ``typed`` (the app's filter, set elsewhere)."""
        self._told = text
        self.value = text
        self.cursor_position = len(text)

    def on_idle(self) -> None:
        """Every key waiting is taken: ``typed`` the text, if it changed, before the
        field's own repaint is sent to the screen (``Widget._on_idle``, after this)."""
        if self.value != self._told:
            self._told = self.value
            self._typed(self.value)


class FilterBar(Vertical):
    """``Filter: [query]  12 of 60,214 incidents``, and a line for an error."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close",
            tooltip="Back to the list; the filter stays (F clears it)",
            id="filter.close",
        ),
        Binding("up", "recall(-1)", "Older", tooltip="Recall an earlier filter", id="filter.older"),
        Binding("down", "recall(1)", "Newer", tooltip="Recall a later filter", id="filter.newer"),
    ]

    @dataclass
    class Submitted(Message):
        """Enter in the bar."""

        bar: FilterBar
        text: str

    @dataclass
    class Closed(Message):
        """Escape in the bar."""

        bar: FilterBar

    def __init__(
        self,
        history: History,
        typed: Callable[[str], None],
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.history = history
        self._typed = typed
        """Called with the query at each change typed (not at ``set_text``)."""
        self._marker = ErrorSpan()
        self._opened = True
        """The bar was opened since the counts were last shown: they may narrow."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="filter-line"):
            yield Static(Content("Filter:"), classes="bar-prompt", markup=False)
            yield QueryInput(
                self._typed,
                placeholder="query, e.g. severity:>=high after:2018",
                highlighter=self._marker,
                select_on_focus=False,
                id="filter-input",
            )
            yield Counts(classes="bar-status")
        yield Static(classes="filter-error", markup=False)

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    @property
    def text(self) -> str:
        return self.input.value

    def open(self, text: str) -> None:
        """Hold ``text`` and focus the input (the screen shows the bar, ``-open``)."""
        self.history.reset()
        self._opened = True
        self.set_text(text)
        self.screen.set_focus(self.input)  # now: the next key, typed at once, goes there

    def set_text(self, text: str) -> None:
        """Show ``text`` (the app's filter) without posting a change."""
        if self.input.value != text:
            with self.prevent(Input.Changed):
                self.input.hold(text)

    def show_status(self, text: str) -> None:
        """The counts (``12 of 60,214 incidents``) or ``indexing…``: as wide as the widest
        since the bar opened (``Counts``: a keystroke redraws one line, not the screen)."""
        self.query_one(".bar-status", Counts).show(text, narrow=self._opened)
        self._opened = False

    def show_error(self, error: QueryError | None) -> None:
        """Mark the wrong part of the query and say why under it; None clears."""
        line = self.query_one(".filter-error", Static)
        self.set_class(error is not None, "-error")
        self._marker.span = None
        if error is not None:
            self._marker.span = (error.position, error.position + error.length)
            message = f"col {error.position + 1}: {safe.plain_line(error.message)}"
            indent, text = self._caret_line(error.position, message)
            line.styles.padding = (0, 0, 0, indent)  # leading spaces would be trimmed
            line.update(Content(text))
        self.input.refresh()

    def _caret_line(self, position: int, message: str) -> tuple[int, str]:
        """(indent, text): a caret under column ``position`` of the query as shown, and
        ``message`` beside it (after the caret when it fits, else before it)."""
        field = self.input
        if not field.region.width:
            return 0, message
        before = cell_len(field.value[:position]) - round(field.scroll_x)
        column = field.region.x - self.region.x + field.styles.padding.left + before
        column = max(0, min(column, field.region.right - self.region.x - 1))
        if column + 2 + cell_len(message) <= self.size.width:
            return column, "^ " + message
        return max(column - 1 - cell_len(message), 0), message + " ^"

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # the field calls ``typed`` (``QueryInput``)

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.history.add(event.value)
        self.post_message(self.Submitted(self, event.value))

    def action_close(self) -> None:
        if self.text:
            self.history.add(self.text)
        self.post_message(self.Closed(self))

    def action_recall(self, step: int) -> None:
        """Up: an earlier filter of this session; down: a later one."""
        text = self.history.older(self.text) if step < 0 else self.history.newer()
        if text is not None:
            self.input.value = text
            self.input.cursor_position = len(text)
