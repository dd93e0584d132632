"""A scrollable detail view whose references are links you Tab to and follow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from . import safe
from .detail_parts import Body, Field, Heading, Link, LinkTarget, Part

__all__ = ["DetailView", "FollowLink", "LinkButton"]


@dataclass
class FollowLink(Message):
    """A link was followed: go to ``target``."""

    target: LinkTarget


class LinkButton(Static, can_focus=True):
    """One reference; Enter follows it. Its label is file text, drawn inert."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "follow",
            "Follow",
            id="detail.follow",
            tooltip="Follow the focused link (backspace comes back)",
        ),
    ]

    def __init__(self, label: str, target: LinkTarget) -> None:
        arrow = "-> " if safe.is_ascii() else "→ "
        super().__init__(Content(arrow) + safe.line(label), markup=False, classes="link")
        self.target = target

    def action_follow(self) -> None:
        self.post_message(FollowLink(self.target))


class DetailView(VerticalScroll, can_focus=True):
    """Shows a list of ``Part``s; rebuilt whenever the selected item changes."""

    ALLOW_MAXIMIZE = True
    """``z`` zooms a detail to the full screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down", "scroll_down", "Down", tooltip="Scroll down", id="detail.down", show=False
        ),
        Binding("k,up", "scroll_up", "Up", tooltip="Scroll up", id="detail.up", show=False),
        Binding(
            "g,home", "scroll_home", "Top", tooltip="Scroll to the top", id="detail.top", show=False
        ),
        Binding(
            "G,end",
            "scroll_end",
            "Bottom",
            tooltip="Scroll to the bottom",
            id="detail.bottom",
            show=False,
        ),
        Binding(
            "pagedown,space",
            "page_down",
            "Page down",
            tooltip="One page down",
            id="detail.page_down",
            show=False,
        ),
        Binding(
            "pageup,b", "page_up", "Page up", tooltip="One page up", id="detail.page_up", show=False
        ),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.parts: Sequence[Part] = ()

    def show(self, parts: Sequence[Part]) -> None:
        """Replace what is shown with ``parts`` and scroll to the top."""
        self.parts = parts
        self.remove_children()
        self.mount_all([self._widget(part) for part in parts])
        self.scroll_home(animate=False)

    @staticmethod
    def _widget(part: Part) -> Widget:
        if isinstance(part, Heading):
            return Static(safe.line(part.text), markup=False, classes="heading")
        if isinstance(part, Field):
            return Static(
                Content(part.label + ": ") + safe.line(part.value), markup=False, classes="field"
            )
        if isinstance(part, Body):
            return Static(safe.block(part.text), markup=False, classes="body")
        assert isinstance(part, Link)
        return LinkButton(part.label, part.target)

    def text(self) -> str:
        """Everything shown, as plain text (for tests and search)."""
        lines = []
        for part in self.parts:
            if isinstance(part, Field):
                lines.append(f"{part.label}: {part.value}")
            else:
                lines.append(part.label if isinstance(part, Link) else part.text)
        return "\n".join(lines)
