"""The focus keys every screen of lists shares, with ids."""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = ["FOCUS_BINDINGS"]

FOCUS_BINDINGS: list[BindingType] = [
    Binding(
        "tab",
        "app.focus_next",
        "Next",
        tooltip="Focus the next list, detail or link",
        id="screen.focus_next",
        show=False,
    ),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "Previous",
        id="screen.focus_previous",
        tooltip="Focus the previous list, detail or link",
        show=False,
    ),
]
"""Textual's own focus keys, given ids (so they can be remapped) and plain descriptions."""
