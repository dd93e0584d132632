"""Where attention is, for the terminal cursor: screen readers and braille follow it.

Textual hides the terminal cursor but moves it to ``App.cursor_position`` after every
frame; the app takes that position from ``attention_point`` of the focused widget, so
the cursor is always where the reader's attention is:

- a list: column 0 of the highlighted row (``ItemList.attention_offset``);
- an input (the find and filter bars, the command palette): its caret;
- anything else (a detail, a focused link, an overlay's text): its first line.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input

__all__ = ["Attentive", "attention_point"]


@runtime_checkable
class Attentive(Protocol):
    """A widget that knows which of its cells has attention (screen coordinates)."""

    def attention_offset(self) -> Offset: ...


def attention_point(focused: Widget | None) -> Offset | None:
    """The screen cell the terminal cursor belongs on; None when nothing has focus."""
    if focused is None:
        return None
    if isinstance(focused, Input):
        return focused.cursor_screen_offset
    if isinstance(focused, Attentive):
        return focused.attention_offset()
    return focused.content_region.offset
