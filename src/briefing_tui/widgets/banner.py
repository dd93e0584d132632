"""The handling banner: a line at the top and at the bottom of every screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..model.marking import Marking

__all__ = ["HandlingBanner"]


class HandlingBanner(Static):
    """Shows a ``Marking``: the TLP label spelled out, then the classification.

    The colour follows TLP 2.0 through a CSS class (``-tlp-red`` ...), but the
    label is always in the text, so it reads the same without colour.
    """

    DEFAULT_CLASSES = "-tlp-clear"

    def __init__(self, marking: Marking | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, markup=False)
        self.marking = marking or Marking()

    def on_mount(self) -> None:
        self.show(self.marking)

    def show(self, marking: Marking) -> None:
        """Display ``marking`` (its classification text is already sanitised)."""
        self.marking = marking
        for level in ("clear", "green", "amber", "amber-strict", "red"):
            self.remove_class(f"-tlp-{level}")
        self.add_class("-tlp-" + marking.tlp.replace("+", "-"))
        self.update(Content(marking.text))
