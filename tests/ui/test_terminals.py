"""Every terminal and secure workstations: actions, sizes, banners, monochrome, ASCII, secure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from briefing_tui.app import BriefingApp
from briefing_tui.config import ConfigError
from briefing_tui.guard import KEYED_PACKAGES, action_allowed, bound_actions
from briefing_tui.model.marking import Marking
from briefing_tui.screens.help import HelpScreen
from briefing_tui.terminal import AsciiOnly, WithoutColour, to_ascii_cells
from briefing_tui.widgets import safe
from briefing_tui.widgets.banner import HandlingBanner, fit_banner
from briefing_tui.widgets.rows import Column, TableRows
from briefing_tui.widgets.too_small import TooSmallNotice

from .support import banner_rows, is_shown, loaded, make_app, open_briefing_screen, wait_for

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"
ESCAPES = HOSTILE / "escapes.yaml"


def hostile_app(**settings: Any) -> BriefingApp:
    return make_app(ESCAPES, **settings)


# --- only the reader's own actions run -------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "app.add_class('#banner-top','hidden')",
        "app.quit",
        "app.push_screen('help')",
        "app.simulate_key('q')",
        "app.screenshot()",
        "app.notify('PWN')",
        "app.toggle_dark",
        "screen.dismiss",
        "screen.notify('PWN')",
        "focused.toggle('display')",
        "toggle('display')",
    ],
)
async def test_markup_actions_do_nothing(action: str) -> None:
    app = hostile_app()
    async with app.run_test() as pilot:
        screen = await open_briefing_screen(pilot)
        banner = screen.query_one("#banner-top", HandlingBanner)
        assert await app.run_action(action, banner) is False
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert is_shown(banner) and not banner.has_class("hidden")
        assert not app.has_class("hidden")
        assert not app.screen.query("Toast")


async def test_the_reader_s_own_bound_actions_still_run() -> None:
    app = hostile_app()
    async with app.run_test() as pilot:
        await open_briefing_screen(pilot)
        assert await app.run_action("app.help") is True
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_clicking_file_text_that_looks_like_markup_does_nothing() -> None:
    app = hostile_app()
    async with app.run_test() as pilot:
        screen = await open_briefing_screen(pilot)
        await pilot.press("5")  # entities: the name holds [@click=app.quit]
        heading = screen.query_one("#entities-detail .heading")
        await wait_for(pilot, lambda: is_shown(heading))
        assert await pilot.click(heading)
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert len(banner_rows(app)) == 2


def _package_classes() -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        node_class = pending.pop()
        pending.extend(node_class.__subclasses__())
        if node_class.__module__.startswith("briefing_tui."):
            found.append(node_class)
    return found


def test_every_binding_of_the_reader_names_an_allowed_action() -> None:
    refused = []
    for node_class in _package_classes():
        for binding in node_class.__dict__.get("BINDINGS", ()):
            assert isinstance(binding, Binding)
            namespace, name, _ = parse(binding.action)
            target: type[DOMNode] = node_class
            if namespace == "app":
                target = BriefingApp
            elif namespace == "screen":
                target = node_class if issubclass(node_class, Screen) else Screen
            if name not in bound_actions(target):
                refused.append(f"{node_class.__name__}: {binding.action}")
    assert refused == []
    assert issubclass(BriefingApp, App)


# --- too small: a notice, never a cut banner ---------------------------------------


async def test_a_terminal_too_small_shows_a_notice_instead_of_the_layout() -> None:
    app = hostile_app()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = await open_briefing_screen(pilot)
        notice = screen.query_one(TooSmallNotice)
        await wait_for(pilot, lambda: is_shown(notice))
        assert "Terminal too small: 40x10" in str(notice.render())
        assert banner_rows(app) == []  # no banner at all, rather than a cut one
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: banner_rows(app) == [0, 22])
        assert not is_shown(notice)
        await pilot.resize_terminal(49, 24)
        await wait_for(pilot, lambda: banner_rows(app) == [])


async def test_the_notice_covers_screens_opened_while_too_small() -> None:
    app = hostile_app()
    async with app.run_test(size=(80, 11)) as pilot:
        screen = await open_briefing_screen(pilot)
        await wait_for(  # the notice is mounted when the screen is shown: it may not be yet
            pilot,
            lambda: (
                bool(screen.query(TooSmallNotice)) and is_shown(screen.query_one(TooSmallNotice))
            ),
        )
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await wait_for(pilot, lambda: bool(app.screen.query(TooSmallNotice)))
        assert banner_rows(app) == []


# --- the banner is never cut into a misleading word ----------------------------------


def test_a_banner_wider_than_the_terminal_ends_with_an_explicit_mark() -> None:
    text = "TLP:RED  TOP SECRET // REL TO CAN, USA, GBR, AUS, NZL // NOFORN"
    assert fit_banner(text, 80) == text
    cut = fit_banner(text, 50)
    assert cut.endswith(" …") and cell_len(cut) <= 50
    assert cut.startswith("TLP:RED  TOP SECRET // REL TO")
    assert fit_banner(text, 50, ascii_only=True).endswith(" ...")
    wide = fit_banner("TLP:RED  UNRECOGNISED MARKING: 機密機密機密機密機密", 41)
    assert cell_len(wide) <= 41 and wide.endswith(" …")


async def test_the_drawn_banner_fits_its_width_and_shows_the_floor() -> None:
    floor = "PROTECTED A // CAN EYES ONLY // A VERY LONG CAVEAT THAT GOES ON"
    app = make_app(HOSTILE / "plain-secret.yaml", floor_tlp="amber", floor_classification=floor)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_briefing_screen(pilot)
        banner = screen.query_one("#banner-top", HandlingBanner)
        # The file says TLP:GREEN and SECRET: the floor raises the TLP, SECRET outranks it.
        assert banner.marking == Marking("amber", "SECRET // REL TO CAN, USA", 5)
        assert banner.shown_text == "TLP:AMBER  SECRET // REL TO CAN, USA"
        banner.show(Marking("red", "TOP SECRET // " + "X" * 80, 6))
        await pilot.pause()
        assert banner.shown_text.endswith(" …") and cell_len(banner.shown_text) <= 60


# --- keymap, theme ---------------------------------------------------------------


async def test_the_keymap_from_the_config_rebinds_keys() -> None:
    app = hostile_app(keymap={"app.help": "f1"})
    async with app.run_test() as pilot:
        await open_briefing_screen(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))


def test_every_screens_binding_ids_are_known_in_a_fresh_reader() -> None:
    """The briefing screen is imported only when first opened; its keys can still
    be remapped from the start (this test process has imported it already, so a
    fresh interpreter checks)."""
    probe = (
        "import sys, briefing_tui.app\n"
        "from briefing_tui.guard import binding_ids\n"
        "assert 'briefing_tui.screens.briefing' not in sys.modules\n"
        "print(' '.join(sorted(binding_ids())))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    ids = done.stdout.split()
    assert {"app.help", "library.results", "briefing.zoom", "briefing.pane.quotes"} <= set(ids)


KEYED_PROBE = """
import importlib, json, pkgutil
import briefing_tui
from textual.dom import DOMNode
for module in pkgutil.walk_packages(briefing_tui.__path__, "briefing_tui."):
    importlib.import_module(module.name)
pending, keyed = [DOMNode], set()
while pending:
    node_class = pending.pop()
    pending.extend(node_class.__subclasses__())
    if node_class.__module__.startswith("briefing_tui.") and node_class.__dict__.get("BINDINGS"):
        keyed.add(node_class.__module__)
print(json.dumps(sorted(keyed)))
"""


def test_only_the_app_screens_and_widgets_bind_keys() -> None:
    """``binding_ids`` imports the screens and widgets packages to know every id:
    a binding anywhere else would be missing from the keymap's known ids."""
    done = subprocess.run(
        [sys.executable, "-c", KEYED_PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    modules = json.loads(done.stdout.splitlines()[-1])
    assert "briefing_tui.screens.briefing" in modules
    outside = [
        name
        for name in modules
        if name != "briefing_tui.app"
        and not any(name.startswith(f"briefing_tui.{package}.") for package in KEYED_PACKAGES)
    ]
    assert outside == []


async def test_a_briefing_screen_key_can_be_remapped() -> None:
    app = hostile_app(keymap={"briefing.zoom": "Z"})
    async with app.run_test() as pilot:
        screen = await open_briefing_screen(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is None  # the old key does nothing now
        await pilot.press("Z")
        await wait_for(pilot, lambda: screen.maximized is not None)


def test_an_unknown_binding_id_or_theme_is_a_config_error() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown binding id 'app\.hlep'; did you mean 'app\.help'"
    ):
        hostile_app(keymap={"app.hlep": "f1"})
    with pytest.raises(ConfigError, match="theme 'nope' is not known"):
        hostile_app(theme="nope")


# --- monochrome and ASCII ------------------------------------------------------------


async def test_monochrome_strips_colour_and_marks_by_attributes() -> None:
    app = hostile_app(monochrome=True)
    async with app.run_test() as pilot:
        screen = await open_briefing_screen(pilot)
        assert app.no_color
        assert any(isinstance(f, WithoutColour) for f in app.get_line_filters())
        banner = screen.query_one("#banner-top", HandlingBanner)
        assert {"bold", "reverse", "underline"} <= set(str(banner.styles.text_style).split())
        await pilot.press("2")
        item_list = screen.query_one("#incidents-list")
        await wait_for(pilot, lambda: item_list.has_focus)
        cursor = item_list.get_component_rich_style("item-list--cursor")
        assert cursor.reverse and cursor.bold


async def test_colour_stays_without_no_color() -> None:
    app = hostile_app()
    async with app.run_test() as pilot:
        await open_briefing_screen(pilot)
        assert not any(isinstance(f, WithoutColour) for f in app.get_line_filters())


async def test_ascii_mode_draws_ascii_keys_arrows_and_placeholders() -> None:
    app = hostile_app(ascii_only=True)
    try:
        async with app.run_test() as pilot:
            screen = await open_briefing_screen(pilot)
            assert safe.is_ascii() and app.has_class("-ascii")
            assert any(isinstance(f, AsciiOnly) for f in app.get_line_filters())
            assert app.get_key_display(Binding("up", "x")) == "up"
            assert app.get_key_display(Binding("enter", "x")) == "enter"
            banner = screen.query_one("#banner-top", HandlingBanner)
            assert banner.shown_text == "TLP:RED  UNRECOGNISED MARKING: SECRET<ESC>[8m"
            await pilot.press("2", "tab", "tab")
            focused = app.focused
            assert focused is not None and str(focused.render()).startswith("-> ")
    finally:
        safe.configure(ascii_only=False)


def test_the_ascii_filter_keeps_every_width() -> None:
    for text in ["╭──╮│", "▁▂▃█", "… → ↑", "東京", "😀", "plain"]:
        converted = to_ascii_cells(text)
        assert converted.isascii()
        assert cell_len(converted) == cell_len(text)


def test_cjk_and_emoji_keep_columns_aligned() -> None:
    rows = TableRows(
        ["ab", "東京都東京都", "a東京都", "😀😀x", "café"],
        [Column("NAME", 6, lambda item: item), Column("REST", None, lambda item: "END")],
    )
    for index in range(len(rows)):
        text = rows.row_text(index, 20)
        assert cell_len(text[: text.index("END")]) == 7, text
        assert cell_len(text) <= 20


# --- secure mode ---------------------------------------------------------------------


async def test_secure_mode_never_touches_the_clipboard_or_the_disk() -> None:
    app = hostile_app(secure=True)
    assert app.use_cache is False
    async with app.run_test() as pilot:
        screen = await open_briefing_screen(pilot)
        written: list[str] = []
        assert app._driver is not None
        app._driver.write = written.append  # type: ignore[method-assign,assignment]
        app.copy_to_clipboard("PWN")
        assert written == [] and app.clipboard == ""
        assert not action_allowed(app, "screen.copy_text", screen, secure=True)
        titles = [command.title for command in app.get_system_commands(screen)]
        # outside secure mode the screenshot too (test_help_palette); reading files
        # again writes nothing (no parse cache in secure mode)
        assert titles == ["Reload changed files"]


async def test_outside_secure_mode_copying_is_allowed() -> None:
    app = hostile_app()
    async with app.run_test() as pilot:
        screen = await open_briefing_screen(pilot)
        assert action_allowed(app, "screen.copy_text", screen, secure=False)


async def test_the_library_loads_hostile_files_without_a_crash() -> None:
    app = make_app(HOSTILE)
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert len(app.session.library) == 3 and len(app.session.library.broken) == 1
        banner = app.screen.query_one("#banner-top", HandlingBanner)
        assert banner.marking.tlp == "red"
        assert banner.marking.classification.startswith("UNRECOGNISED MARKING: ")
