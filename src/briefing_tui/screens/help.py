"""The help overlay: every key of the screen beneath, from its live bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

__all__ = ["HelpScreen", "describe_bindings"]

_EXTRA = (
    ("tab / shift+tab", "Move focus between list, detail and links"),
    ("ctrl+p", "Command palette: commands and jump to any item"),
)


def describe_bindings(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for every binding active on ``screen``, merged by action."""
    by_action: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.tooltip or binding.action
        if not description:
            continue
        shown = screen.app.get_key_display(Binding(key, binding.action))
        by_action.setdefault((binding.action, description), []).append(shown)
    rows = [(" / ".join(keys), description) for (_, description), keys in by_action.items()]
    rows.extend(_EXTRA)
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists what each key does on the screen it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, beneath: Screen[object]) -> None:
        super().__init__()
        self.rows = describe_bindings(beneath)

    def compose(self) -> ComposeResult:
        width = max(len(keys) for keys, _ in self.rows) + 2
        lines = [f"{keys:<{width}}{description}" for keys, description in self.rows]
        with VerticalScroll(id="help-body"):
            yield Static(Content("Keys on this screen"), classes="heading", markup=False)
            yield Static(Content("\n".join(lines)), markup=False)
            yield Static(Content("escape or ? closes this help"), classes="hint", markup=False)
