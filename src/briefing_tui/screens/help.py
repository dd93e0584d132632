"""The help overlay: every key of the screen beneath, generated from its live bindings.

Keys are read from the bindings the widgets actually carry (after any keymap),
grouped by where they work: the screen, everywhere, a list, a detail, a link.
Each row ends with the binding's id (what a ``[keymap]`` names). Keys that do
nothing in this run are not listed: in secure mode copy and suspend, and without
the mouse Textual's ``ctrl+c`` (there is no selection to copy).
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

from ..widgets.detail import DetailView, LinkButton, LinkRows
from ..widgets.filter_bar import FilterBar
from ..widgets.find_bar import FindBar
from ..widgets.hanging import Hanging
from ..widgets.item_list import ItemList
from ..widgets.key_hints import keymapped, keys_for
from .overlay import Overlay

__all__ = [
    "HelpScreen",
    "KeyRow",
    "KeySection",
    "describe_bindings",
    "help_sections",
]

KeyRow = tuple[str, str, str]
"""Keys, description, binding ids ("" for Textual's own bindings, which have none)."""
KeySection = tuple[str, list[KeyRow]]
"""A titled group of rows."""


def describe_bindings(node: DOMNode) -> list[KeyRow]:
    """(keys, description, id) for every described binding of ``node``, merged by action.

    The tooltip is the long description; the footer shows the short one. Actions
    whose keys do nothing in this run (the app's ``hidden_actions``) are left out.
    """
    hidden: frozenset[str] = getattr(node.app, "hidden_actions", frozenset())
    keys_of: dict[str, list[str]] = {}
    description_of: dict[str, str] = {}
    ids_of: dict[str, list[str]] = {}
    from_tooltip: set[str] = set()
    for _, binding in node._bindings:  # the class's order, whatever the keymap moved
        keys_of.setdefault(binding.action, [])
    for key, binding in keymapped(node):
        description = binding.tooltip or binding.description
        if binding.system or not description:
            continue
        if binding.action.rpartition(".")[2].partition("(")[0] in hidden:
            continue
        ids = ids_of.setdefault(binding.action, [])
        if binding.id and binding.id not in ids:
            ids.append(binding.id)
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
    return [
        (" / ".join(keys), description_of[action], ", ".join(ids_of[action]))
        for action, keys in keys_of.items()
        if keys
    ]


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
        link = _first(screen, LinkButton) or _first(screen, LinkRows)
        if link is not None:
            sections.append(("On a link (tab to it)", describe_bindings(link)))
    for bar_type, title in ((FindBar, "In the find bar (/)"), (FilterBar, "In the filter bar (f)")):
        bar = _first(screen, bar_type)
        if bar is not None:
            sections.append((title, describe_bindings(bar)))
    return [(title, rows) for title, rows in sections if rows]


def _lines(sections: Iterable[KeySection]) -> Hanging:
    """The rows under their titles; a long description wraps under itself."""
    sections = list(sections)
    width = max((len(keys) for _, rows in sections for keys, _, _ in rows), default=8) + 2
    lines: list[tuple[Content, int]] = []
    for title, rows in sections:
        if lines:
            lines.append((Content(""), 0))
        lines.append((Content.styled(title, "bold"), 0))
        for keys, text, binding_id in rows:
            row = Content(f"  {keys:<{width}}{text}")
            if binding_id:
                row += Content.styled(f"  ({binding_id})", "dim")
            lines.append((row, width + 2))
    return Hanging(lines)


class HelpScreen(Overlay):
    """Lists what each key does on the screen it was opened from."""

    def __init__(self, beneath: Screen[Any]) -> None:
        super().__init__(beneath, "Keys")
        either = (keys_for(self, "close"), keys_for(self, "app.help"))  # after the keymap
        closing = [keys[0] for keys in either if keys]
        self.title_text = f"Keys  ({' or '.join(closing)} closes this help)"
        self.sections = help_sections(beneath)

    def compose_body(self) -> ComposeResult:
        yield Static(_lines(self.sections), id="help-keys", markup=False)
