"""``y`` copies what the cursor is on, by OSC 52, as inert text; never in secure mode."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from textual.widgets import Static

from briefing_tui.app import BriefingApp
from briefing_tui.screens.help import HelpScreen
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.widgets.detail import LinkButton

from .support import (
    DATA,
    LIBRARY,
    SINGLE,
    AppPilot,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    wait_for,
)

SEED = "brf-canada-china-security-cooperation"
ARCTIC = DATA / "library" / "arctic-shipping-watch.yaml"
ESCAPES = DATA / "hostile" / "escapes.yaml"
OSC_52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def notices(app: BriefingApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def record_output(pilot: AppPilot) -> list[str]:
    """From now on, what the app writes to the terminal (appended as it is written)."""
    driver = pilot.app._driver
    assert driver is not None
    written: list[str] = []
    write = driver.write

    def recording(data: str) -> None:
        written.append(data)
        write(data)

    driver.write = recording  # type: ignore[method-assign]
    return written


def clipboard_payloads(written: list[str]) -> list[str]:
    """The texts sent to the terminal's clipboard by OSC 52 sequences."""
    return [base64.b64decode(p).decode() for data in written for p in OSC_52.findall(data)]


async def copy_on(pilot: AppPilot) -> str:
    """Press ``y``; the text that went to the terminal's clipboard by OSC 52."""
    written = record_output(pilot)
    app = pilot.app
    assert isinstance(app, BriefingApp)
    app._notifications.clear()
    await pilot.press("y")
    await wait_for(pilot, lambda: any(n.startswith("Copied ") for n in notices(app)))
    copied = clipboard_payloads(written)
    assert copied, "no OSC 52 sequence was written"
    assert app.clipboard == copied[-1]
    return copied[-1]


async def test_y_copies_a_citation_a_quote_and_the_briefing() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        assert await copy_on(pilot) == (
            f"{SEED} Canada's Security Cooperation with China Raises Alarms After Foreign"
            " Interference Findings"
        )
        await pilot.press("2")
        copied = await copy_on(pilot)
        title = 'Kidnapping and imprisonment of the "Two Michaels"'
        assert copied == f"{SEED}/inc-two-michaels {title}"
        assert "Copied citation: brf-canada" in notices(app)[-1]
        await pilot.press("3")
        quote = pane(screen, "quotes").rows.items[0]
        copied = await copy_on(pilot)
        assert copied.startswith("Foreign interference inquiry: “the most active perpetrator")
        assert quote.text in copied
        assert f"— {screen.links.items[quote.source].title}" in copied  # type: ignore[union-attr]
        assert copied.endswith(f"[{SEED}/{quote.id}]")


async def test_y_on_a_source_copies_its_url_and_on_a_link_what_it_points_to() -> None:
    app = make_app(ARCTIC)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("4")
        assert await copy_on(pilot) == "https://example.org/port-log"
        await pilot.press("2", "enter", "tab")  # the first link of the first incident's detail
        await wait_for(pilot, lambda: isinstance(screen.focused, LinkButton))
        link = screen.focused
        assert isinstance(link, LinkButton) and link.target.item_id == "src-port-log"
        assert await copy_on(pilot) == "https://example.org/port-log"


async def test_y_on_the_library_and_the_results() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j")
        copied = await copy_on(pilot)
        assert copied == "brf-arctic-shipping-watch Arctic shipping watch"
        await wait_for(pilot, lambda: app.session.filter_state.ready)
        await pilot.press("f", *"loitered", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await wait_for(pilot, lambda: len(app.screen.rows) > 0)  # type: ignore[attr-defined]
        copied = await copy_on(pilot)
        assert copied == (
            "brf-arctic-shipping-watch/inc-loitering Vessel loitered near a cable landing"
        )


async def test_copied_text_from_a_hostile_file_holds_no_control_character() -> None:
    app = make_app(ESCAPES)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        for key in ("1", "2", "3", "5"):
            await pilot.press(key)
            copied = await copy_on(pilot)
            assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", copied)
            assert "PWN" in copied  # the text is there, its controls shown as placeholders


def secure_app(paths: Path) -> BriefingApp:
    return make_app(paths, secure=True)


async def test_secure_mode_copies_nothing_and_help_lists_no_copy_key() -> None:
    app = secure_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        written = record_output(pilot)
        await pilot.press("2", "y")
        await wait_for(pilot, lambda: "Secure mode: copying is off." in notices(app))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert clipboard_payloads(written) == []
        assert app.clipboard == ""
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-keys", Static).render())
        assert "Copy" not in text
        assert "^c" not in text
        assert "Suspend" not in text
        assert "(list.down)" in text
