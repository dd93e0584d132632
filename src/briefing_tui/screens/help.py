"""The help overlay: every key of the screen beneath, generated from its live bindings.

Keys are read from the bindings the widgets actually carry (after any keymap),
grouped by where they work: the screen, everywhere, a list, a detail, a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ..widgets.detail import DetailView, LinkButton
from ..widgets.filter_bar import FilterBar
from ..widgets.find_bar import FindBar
from ..widgets.item_list import ItemList
from .overlay import Overlay

__all__ = ["HelpScreen", "KeySection", "describe_bindings", "help_sections"]

KeySection = tuple[str, list[tuple[str, str]]]
"""A titled group of (keys, description) rows."""


def describe_bindings(node: DOMNode) -> list[tuple[str, str]]:
    """(keys, description) for every described binding of ``node``, merged by action.

    The tooltip is the long description; the footer shows the short one.
    """
    keys_of: dict[str, list[str]] = {}
    description_of: dict[str, str] = {}
    from_tooltip: set[str] = set()
    for key, binding in node._bindings:  # the live map, keymap applied
        description = binding.tooltip or binding.description
        if binding.system or not description:
            continue
        shown = node.app.get_key_display(Binding(key, binding.action))
        keys = keys_of.setdefault(binding.action, [])
        if shown not in keys:
            keys.append(shown)
        if binding.action not in description_of or (
            binding.tooltip and binding.action not in from_tooltip
        ):
            description_of[binding.action] = description
            if binding.tooltip:
                from_tooltip.add(binding.action)
    return [(" / ".join(keys), description_of[action]) for action, keys in keys_of.items()]


def _first(screen: Screen[Any], widget_type: type[Widget]) -> Widget | None:
    for widget in screen.query(widget_type):
        return widget
    return None


def help_sections(screen: Screen[Any]) -> list[KeySection]:
    """The key groups of ``screen``: its own keys, global keys, then per widget."""
    sections: list[KeySection] = [
        (
            f"On this screen ({screen.__class__.__name__.removesuffix('Screen').lower()})",
            describe_bindings(screen),
        ),
        ("Everywhere", describe_bindings(screen.app)),
    ]
    item_list = _first(screen, ItemList)
    if item_list is not None:
        sections.append(("In a list", describe_bindings(item_list)))
    detail = _first(screen, DetailView)
    if detail is not None:
        sections.append(("In a detail view", describe_bindings(detail)))
        link = _first(screen, LinkButton)
        if link is not None:
            sections.append(("On a link (tab to it)", describe_bindings(link)))
    for bar_type, title in ((FindBar, "In the find bar (/)"), (FilterBar, "In the filter bar (f)")):
        bar = _first(screen, bar_type)
        if bar is not None:
            sections.append((title, describe_bindings(bar)))
    return [(title, rows) for title, rows in sections if rows]


def _lines(sections: Iterable[KeySection]) -> Content:
    sections = list(sections)
    width = max((len(keys) for _, rows in sections for keys, _ in rows), default=8) + 2
    lines: list[Content] = []
    for title, rows in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold"))
        lines.extend(Content(f"  {keys:<{width}}{text}") for keys, text in rows)
    return Content("\n").join(lines)


class HelpScreen(Overlay):
    """Lists what each key does on the screen it was opened from."""

    def __init__(self, beneath: Screen[Any]) -> None:
        super().__init__(beneath, "Keys  (escape or ? closes this help)")
        self.sections = help_sections(beneath)

    def compose_body(self) -> ComposeResult:
        yield Static(_lines(self.sections), id="help-keys", markup=False)
