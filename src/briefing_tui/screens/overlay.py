"""Overlays that keep the banners: help and a broken file's problems.

A ``ModalScreen`` is drawn over the screen beneath it and tints it, so an
overlay draws its own handling banners (the marking of the screen beneath) on
the first line and above the key hints; nothing can hide or dim them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..widgets.banner import HandlingBanner, marking_of
from ..widgets.key_hints import KeyHints

__all__ = ["Overlay"]


class Overlay(ModalScreen[None]):
    """A modal text panel between the beneath screen's banners; escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Close this panel", id="overlay.close"),
        Binding("q", "app.quit_reader", "Quit", tooltip="Quit at once", id="overlay.quit"),
        Binding(
            "question_mark,h",
            "app.help",
            "Help",
            id="overlay.help",
            tooltip="Show (or close) the keys of this screen",
        ),
    ]

    def __init__(self, beneath: Screen[Any], title: str) -> None:
        super().__init__()
        self.marking = marking_of(beneath)
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield HandlingBanner(self.marking, id="banner-top")
        with VerticalScroll(classes="overlay-body"):
            yield Static(Content(self.title_text), classes="heading", markup=False)
            yield from self.compose_body()
        yield HandlingBanner(self.marking, id="banner-bottom")
        yield KeyHints()

    def compose_body(self) -> ComposeResult:
        """The panel's content (plain ``Content`` only)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(".overlay-body").focus()

    def action_close(self) -> None:
        self.dismiss()
