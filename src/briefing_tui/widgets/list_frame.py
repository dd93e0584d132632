"""A list in its frame: the header line (columns, sort order, row counter) above it
and, where the rows are cut, a preview under it (the full text of the row under
the cursor, find matches highlighted).

Both show text already sanitised by the rows (``TableRows``); neither parses markup.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from .item_list import ItemList
from .rows import TableRows

__all__ = ["ListFrame", "ListHeader", "RowPreview", "counter_text"]

MATCH_STYLE = "bold reverse"
"""A find match in the preview line (reverse reads in every theme and without colour)."""


def counter_text(item_list: ItemList) -> str:
    """``12/300``: the cursor's row and the number of rows (empty for an empty list)."""
    count = item_list.row_count
    return f"{item_list.cursor + 1:,}/{count:,}" if count else ""


class ListHeader(Static):
    """A list's column headers, with its sort order and row counter at the right end.

    The line is laid out when it is drawn, at the list's width then: a list in a pane
    not yet shown has no width, and its header made then was drawn cut to 20 cells in
    the first frame that showed the pane.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes="list-header", markup=False)
        self._shown: tuple[TableRows[Any], ItemList, str] | None = None

    def show(self, rows: TableRows[Any], item_list: ItemList, order: str = "") -> None:
        """Headers of ``rows`` as wide as ``item_list``'s rows, ``order`` and the counter."""
        self._shown = (rows, item_list, order)
        self.refresh()

    def render(self) -> Content:
        if self._shown is None:
            return Content("")
        rows, item_list, order = self._shown
        width = max(item_list.scrollable_content_region.width, 20)
        right = "  ".join(part for part in (order, counter_text(item_list)) if part)
        return Content(rows.header_text(width, right))


class RowPreview(Static):
    """The full text of the row under the cursor, find matches highlighted."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes="row-preview", markup=False)

    def show(self, rows: TableRows[Any], index: int | None) -> None:
        """Row ``index`` of ``rows`` in full (None or an empty list: nothing)."""
        if index is None or not len(rows) or index >= len(rows):
            self.update("", layout=False)
            return
        text = rows.preview(index)
        content = Content(text)
        if rows.highlighter is not None:
            for start, end in rows.highlighter(text):
                content = content.stylize(MATCH_STYLE, start, end)
        self.update(content, layout=False)


class ListFrame(Vertical):
    """An ``ItemList`` with its header above and (``preview``) its preview below.

    The frame follows the cursor (``ItemList.Highlighted`` passes on to the
    screen); whoever changes the rows or their highlights calls ``refresh_frame``.
    """

    def __init__(
        self,
        item_list: ItemList,
        *,
        preview: bool,
        header_id: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.item_list = item_list
        self.has_preview = preview
        self.header_id = header_id
        self.order = ""
        """The sort order shown at the right of the header (``▼ date``)."""

    def compose(self) -> ComposeResult:
        yield ListHeader(id=self.header_id)
        yield self.item_list
        if self.has_preview:
            yield RowPreview()

    def on_resize(self) -> None:
        self.refresh_frame()

    def on_item_list_highlighted(self, message: ItemList.Highlighted) -> None:
        self.refresh_frame()

    def refresh_frame(self) -> None:
        """Show the header, counter and preview of the list as it is now."""
        rows = self.item_list.source
        if not isinstance(rows, TableRows) or not self.is_mounted:
            return
        self.query_one(ListHeader).show(rows, self.item_list, self.order)
        if self.has_preview:
            self.query_one(RowPreview).show(rows, self.item_list.cursor)
