"""A line of counts that keeps its width while a filter is typed.

``12 of 60,214 incidents`` changes width with the count at almost every key. In a
line of widgets (a bar's field, the library's months) a new width lays the whole screen
out, and Textual lays it out a second time, a frame later, for the widgets whose size
that changed: two frames drawn in full for one key. ``Counts`` is as wide as the widest
text it showed since ``show(..., narrow=True)``; a narrower count is drawn in that
width (a repaint of one line). Only a wider one lays the screen out, once.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

__all__ = ["Counts"]


class Counts(Static):
    """A one-line ``Static`` of ``width: auto`` that does not narrow unless asked to."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, markup=False)
        self._widest = 0
        """The widest text shown (cells) since the width was last let narrow."""

    def show(self, text: str, *, narrow: bool = False) -> None:
        """Show ``text``; with ``narrow``, at its own width (when what the line says
        changes, not at each key), else at least as wide as the widest text shown."""
        content = Content(text)
        width = content.cell_length
        if narrow or width > self._widest:
            self._widest = width
            if width != self.size.width:
                self.styles.min_width = width + self.styles.gutter.width  # lays out once
        self.update(content, layout=False)
