"""The handling banner: a line at the top and at the bottom of every screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.widget import Widget

from ..model.marking import Marking, banner_line
from . import safe

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["CUT_MARK", "CUT_MARK_ASCII", "HandlingBanner", "fit_banner", "marking_of"]

CUT_MARK = " …"
"""Ends a banner too wide for the terminal, so a cut is never read as a shorter marking."""
CUT_MARK_ASCII = " ..."


def fit_banner(text: str, width: int, *, ascii_only: bool = False) -> str:
    """``text`` in at most ``width`` cells: whole, or cut with an explicit mark.

    A cut banner always ends with ``…`` (``...`` in ASCII), so ``TOP SECRET //
    NOFORN`` is never shown as a plausible ``TOP SECRET // NO``. The TLP label
    and the level come first in the text, and the app refuses to draw below its
    minimum size, where both always fit.
    """
    if cell_len(text) <= width:
        return text
    mark = CUT_MARK_ASCII if ascii_only else CUT_MARK
    room = max(width - cell_len(mark), 0)
    return set_cell_size(text, room).rstrip() + mark


class HandlingBanner(Widget):
    """Shows a ``Marking``: the TLP label spelled out, then the classification.

    The colour follows TLP 2.0 through a CSS class (``-tlp-red`` ...), but the
    label is always in the text, so it reads the same without colour. The
    classification is file text: it is drawn through the sanitiser, inert.
    """

    DEFAULT_CLASSES = "-tlp-clear"

    def __init__(self, marking: Marking | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.marking = marking or Marking()
        self._set_tlp_class()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No action ever runs on a banner (it cannot be hidden or toggled)."""
        return False

    def show(self, marking: Marking) -> None:
        """Display ``marking``."""
        self.marking = marking
        self._set_tlp_class()
        self.refresh()

    def _set_tlp_class(self) -> None:
        for level in ("clear", "green", "amber", "amber-strict", "red"):
            self.remove_class(f"-tlp-{level}")
        self.add_class("-tlp-" + self.marking.tlp.replace("+", "-"))

    @property
    def shown_text(self) -> str:
        """The banner's text as drawn at its current width (before centring)."""
        width = self.content_region.width or self.size.width
        text = banner_line(self.marking, ascii_only=safe.is_ascii())
        return fit_banner(text, width, ascii_only=safe.is_ascii())

    def render(self) -> Content:
        # Centred here rather than by CSS, so reverse video (monochrome) spans the line.
        width = self.content_region.width or self.size.width
        text = self.shown_text
        left = max(width - cell_len(text), 0) // 2
        return Content(" " * left + text + " " * max(width - left - cell_len(text), 0))


def marking_of(screen: Screen[Any] | None) -> Marking:
    """The marking a screen's banner shows (the least marking when it has none)."""
    if screen is not None:
        for banner in screen.query(HandlingBanner):
            return banner.marking
    return Marking()
