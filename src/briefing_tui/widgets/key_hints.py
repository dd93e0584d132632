"""The key hints at the bottom: Textual's footer, fitted to the width.

Textual's footer cuts the hints that do not fit at the right, and the reader's own
keys come last: at 50 columns ``q Quit`` and ``? Help`` were the ones cut. Here the
hints that do not fit are left out whole, from the right, and help and quit are
never among them (every other key is in help).

``keys_for`` tells help and the palette how an action's keys are shown once the
config's ``[keymap]`` is applied (Textual applies it only as keys arrive).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Footer

__all__ = ["KEPT_ACTIONS", "KeyHints", "first_key", "keymapped", "keys_for"]

KEPT_ACTIONS = frozenset({"help", "quit_reader"})
"""Actions (names without a namespace) whose hints are never left out."""


@runtime_checkable
class FooterKey(Protocol):
    """What the footer's hint widgets have (Textual's own class is private: by shape)."""

    key_display: str
    description: str
    action: str

    def has_class(self, *class_names: str) -> bool: ...


def _action_name(action: str) -> str:
    return action.rpartition(".")[2].partition("(")[0]


def hint_width(key: FooterKey, *, compact: bool) -> int:
    """Cells one hint takes in the footer (its key, description and spacing)."""
    words = cell_len(key.key_display) + cell_len(key.description)
    if key.has_class("-command-palette"):
        return words + (2 if compact else 5)  # the bar before it, padding
    return words + (2 if compact else 3)  # compact: a space and the margin after it


class KeyHints(Footer):
    """The footer, showing as many whole hints as fit; help and quit always."""

    def compose(self) -> ComposeResult:
        hints: list[Widget] = list(super().compose())
        width = self.size.width or self.app.size.width
        compact = self.compact
        keys = [h for h in hints if isinstance(h, FooterKey)]
        used = sum(hint_width(key, compact=compact) for key in keys)
        for key in reversed(keys):
            if used <= width:
                break
            if key.has_class("-command-palette") or _action_name(key.action) in KEPT_ACTIONS:
                continue
            hints.remove(key)
            used -= hint_width(key, compact=compact)
        self.styles.grid_size_columns = sum(
            1 for h in hints if isinstance(h, FooterKey) and not h.has_class("-command-palette")
        )
        yield from hints

    def on_resize(self) -> None:
        """Another width: another choice of hints."""
        self.call_after_refresh(self.recompose)


def keymapped(node: DOMNode) -> BindingsMap:
    """The bindings of ``node`` with the config's ``[keymap]`` applied, as keys reach them.

    Textual applies the keymap to a copy of each node's bindings when a key is
    pressed; ``node._bindings`` keeps the keys the class declared.
    """
    bindings = node._bindings.copy()
    keymap = node.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def first_key(node: DOMNode, action: str, default: str, binding_id: str | None = None) -> str:
    """The first key of ``action`` (of the binding ``binding_id`` if given) on ``node``
    as shown, after the keymap (``default`` when it has none): for texts that name a
    key, such as "F clears it"."""
    keys = [
        node.app.get_key_display(Binding(key, binding.action))
        for key, binding in keymapped(node)
        if binding.action == action and binding_id in (None, binding.id)
    ]
    return keys[0] if keys else default


def keys_for(node: DOMNode, action: str) -> list[str]:
    """How ``action``'s keys of ``node`` are shown, after the keymap (``?``, ``f1``)."""
    return [
        node.app.get_key_display(Binding(key, binding.action))
        for key, binding in keymapped(node)
        if binding.action == action
    ]
