"""The key hints at the smallest size: whole hints only, and help and quit always shown."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.widgets.key_hints import KeyHints

from .support import LIBRARY, AppPilot, loaded, make_app, open_briefing_screen, wait_for


def hints(pilot: AppPilot) -> list[str]:
    """The hints of the current screen's footer that are drawn whole on screen."""
    screen = pilot.app.screen
    width = screen.size.width
    shown = []
    for key in screen.query_one(KeyHints).query(FooterKey):
        region = key.region
        if region.width and region.right <= width:
            shown.append(f"{key.key_display} {key.description}".strip())
    return shown


async def test_help_and_quit_stay_in_the_key_hints_at_50_columns() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(50, 12)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: "? Help" in hints(pilot))
        assert "q Quit" in hints(pilot)
        assert "^p palette" in hints(pilot)
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: pilot.app.screen is screen and "? Help" in hints(pilot))
        assert "q Quit" in hints(pilot)
        cut = [key for key in screen.query(FooterKey) if key.region.right > screen.size.width]
        assert cut == []  # whole hints only: none runs off the edge
        tabs = str(screen.query_one("#pane-tabs", Static).render())
        assert all(f" {number} " in tabs for number in "12345"), tabs  # every pane's tab
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "z Zoom" in hints(pilot))
        assert isinstance(pilot.app.screen, BriefingScreen)
        assert {"? Help", "q Quit", "f Filter", "esc Up"} <= set(hints(pilot))


async def test_the_hints_are_made_once_at_start_up_and_again_when_the_keys_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual's footer makes its hints anew at each change of focus (three times before
    the library is listed); here only when the keys it shows change."""
    made: list[list[str]] = []
    compose = KeyHints.compose

    def counting(self: KeyHints) -> ComposeResult:
        hints = list(compose(self))
        keys = [
            f"{key.key_display} {key.description}" for key in hints if isinstance(key, FooterKey)
        ]
        if keys:
            made.append(keys)
        return iter(hints)

    monkeypatch.setattr(KeyHints, "compose", counting)
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: "? Help" in hints(pilot))
        await pilot.pause(0.3)
        assert len(made) == 1
        await pilot.press("f")  # the filter bar: its own keys
        await wait_for(pilot, lambda: "esc Close" in hints(pilot))
        await pilot.pause(0.3)
        assert len(made) == 2 and "esc Close" in made[1]
