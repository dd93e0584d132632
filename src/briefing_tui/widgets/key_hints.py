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
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

__all__ = ["COMPACT_WIDTH", "KEPT_ACTIONS", "KeyHints", "first_key", "keymapped", "keys_for"]

KEPT_ACTIONS = frozenset({"help", "quit_reader"})
"""Actions (names without a namespace) whose hints are never left out."""

COMPACT_WIDTH = 100
"""Below this width the key hints drop their padding, so more of them fit."""


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
    """The footer, showing as many whole hints as fit; help and quit always; closer
    together below ``COMPACT_WIDTH`` columns.

    The hints are made again only when what they show would change (Textual's footer
    makes them anew at every change of focus, a tenth of a second at start-up), and
    compact or not is settled before they are made (each change of a hint's style
    costs a restyle)."""

    def __init__(self) -> None:
        super().__init__(compact=self.app.size.width < COMPACT_WIDTH)
        self._made_for: tuple[int, tuple[object, ...]] | None = None
        """The width and the bindings the hints were made for (None: none yet)."""
        self._making = False
        """The hints are to be made again at the next refresh."""

    def compose(self) -> ComposeResult:
        width = self.size.width or self.app.size.width
        compact = width < COMPACT_WIDTH
        if compact != self.compact:
            self.compact = compact
        hints: list[Widget] = list(super().compose())
        keys = [h for h in hints if isinstance(h, FooterKey)]
        self._made_for = (width, _shown(self.screen)) if keys else None
        for key in keys:  # made compact (Textual's default), else restyled once mounted
            if isinstance(key, Widget):
                key.set_class(compact, "-compact", update=False)
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
        if self._made_for is None or self.size.width != self._made_for[0]:
            self._make_again()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed (focus moved, a key was enabled):
        made again (as Textual's footer does) only if the hints would differ."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        made_for = self._made_for
        if made_for is None or made_for[1] != _shown(screen):
            self._make_again()

    def _make_again(self) -> None:
        """Once the screen is refreshed, the hints anew: once for all asked meanwhile."""
        if not self._making:
            self._making = True
            self.call_after_refresh(self._make_now)

    async def _make_now(self) -> None:
        await self.recompose()
        self._making = False
        made_for = self._made_for  # bindings that changed while they were made: again
        if made_for is not None and self.is_attached and made_for[1] != _shown(self.screen):
            self._make_again()


def _shown(screen: Screen[object]) -> tuple[object, ...]:
    """What the footer's hints show of ``screen``'s bindings (Textual's ``Footer.compose``
    reads the same)."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    )


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
