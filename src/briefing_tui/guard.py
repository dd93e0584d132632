"""Which actions may run: only those bound to keys, plus the few Textual needs.

Textual runs an action named in markup (``[@click=app.quit]``) or in a style's
metadata exactly like one bound to a key. The reader never parses file text as
markup, so no file can name an action; this allow-list is the second wall. An
action runs only when its target's own classes bind it to a key (their
``BINDINGS``), or when it is one of the Textual internals listed here (focus,
scroll-bar dragging, the palette). Everything else is refused: ``add_class``,
``toggle``, ``notify``, ``push_screen``, ``screenshot``, ``simulate_key``,
Textual's own ``quit`` (the reader binds its own quit action).

In secure mode, actions that write to the clipboard or to disk are refused too.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.scrollbar import ScrollBar

__all__ = [
    "INTERNAL_ACTIONS",
    "KEYED_PACKAGES",
    "SECURE_OFF",
    "SECURE_REFUSED",
    "action_allowed",
    "binding_ids",
    "bound_actions",
]

INTERNAL_ACTIONS: dict[type[DOMNode], frozenset[str]] = {
    App: frozenset(
        {
            "focus",
            "focus_next",
            "focus_previous",
            "command_palette",
            "help_quit",
            "hide_help_panel",
            "show_help_panel",
        }
    ),
    Screen: frozenset({"focus", "blur", "maximize", "minimize", "copy_text"}),
    ScrollBar: frozenset({"grab", "scroll_up", "scroll_down", "scroll_left", "scroll_right"}),
}
"""Textual's own actions the reader needs, by the class they run on."""

SECURE_REFUSED = frozenset({"copy_text", "copy", "cut", "screenshot"})
"""Actions refused in secure mode: they touch the clipboard or write files."""

SECURE_OFF = frozenset({"copy_item", "suspend"})
"""The reader's actions that, in secure mode, only say that they are off (help
does not list them there)."""

REFUSED = frozenset({"quit"})
"""Refused even when bound by a Textual base class (the reader binds its own)."""


@cache
def bound_actions(node_class: type[DOMNode]) -> frozenset[str]:
    """Names of the actions that ``node_class`` (with its bases) binds to keys,
    on itself (no namespace) or as ``app.``/``screen.`` actions of its own kind."""
    names: set[str] = set()
    for cls in node_class.__mro__:
        if cls in INTERNAL_ACTIONS:
            names |= INTERNAL_ACTIONS[cls]
        for binding in cls.__dict__.get("BINDINGS", ()):
            action = binding.action if isinstance(binding, Binding) else binding[1]
            namespace, name, _ = parse(action)
            own_kind = (namespace == "app" and issubclass(node_class, App)) or (
                namespace == "screen" and issubclass(node_class, Screen)
            )
            if not namespace or own_kind:
                names.add(name)
    return frozenset(names - REFUSED)


def action_allowed(
    app: App[Any],
    action: str | tuple[str, str, tuple[object, ...]],
    default: DOMNode | None,
    *,
    secure: bool,
) -> bool:
    """Whether ``action`` (as given to ``App.run_action``) may run on its target."""
    namespace, name, _ = parse(action) if isinstance(action, str) else action
    target: object
    if not namespace:
        target = default if default is not None else app
    elif namespace == "app":
        target = app
    elif namespace == "screen":
        target = app.screen
    elif namespace == "focused":
        target = app.focused
    else:
        return False
    if not isinstance(target, DOMNode):
        return False
    if secure and name in SECURE_REFUSED:
        return False
    return name in bound_actions(type(target))


KEYED_PACKAGES = ("screens", "widgets")
"""The sub-packages that hold the reader's key bindings, beside the app itself
(a test checks that no other module binds a key)."""


def binding_ids(package: str = "briefing_tui") -> set[str]:
    """Every binding id (for a ``[keymap]``) of the widgets, screens and app of
    ``package``. Every module of its ``KEYED_PACKAGES`` is imported first: the app
    imports some only when first needed (after the first frame)."""
    import pkgutil  # only with a [keymap]: not on every start-up's path

    importlib.import_module(f"{package}.app")  # `briefing config` checks without the reader
    for name in KEYED_PACKAGES:
        keyed = importlib.import_module(f"{package}.{name}")
        for module in pkgutil.walk_packages(keyed.__path__, f"{keyed.__name__}."):
            importlib.import_module(module.name)
    ids: set[str] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        node_class = pending.pop()
        pending.extend(node_class.__subclasses__())
        if node_class.__module__.startswith(package + "."):
            for binding in node_class.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids
