"""The notice shown instead of the layout when the terminal is too small.

Below the minimum size a banner could only be cut, and a cut banner can read as
a lower marking (``TOP SECRET`` cut to ``TOP``), so nothing of the layout is
drawn at all: the app hides every widget of the screen and shows this.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ..terminal import MIN_HEIGHT, MIN_WIDTH

__all__ = ["TooSmallNotice"]


class TooSmallNotice(Widget):
    """``Terminal too small: 40x10 (needs 50x12)``, centred, until the terminal grows."""

    def render(self) -> Content:
        width, height = self.app.size
        return Content(
            f"Terminal too small: {width}x{height}\n"
            f"The reader needs {MIN_WIDTH}x{MIN_HEIGHT} so that\n"
            "the handling banner is never cut.\n"
            "Enlarge the window to go on."
        )
