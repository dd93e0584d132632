"""The help overlay lists every key from the live bindings; the palette jumps to items."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import Static

from briefing_tui.commands import MarkedCommandPalette
from briefing_tui.screens.briefing import BriefingScreen, Location
from briefing_tui.screens.help import HelpScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.list_frame import ListHeader

from .support import LIBRARY, SINGLE, AppPilot, loaded, make_app, open_briefing_screen, wait_for


async def open_help(pilot: AppPilot) -> str:
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    return str(pilot.app.screen.query_one("#help-keys", Static).render())


async def test_help_lists_pane_list_detail_and_link_keys_with_descriptions() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        text = await open_help(pilot)
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for expected in (
            "1 Show the Summary pane (briefing.pane.summary)",
            "2 Show the Incidents pane (briefing.pane.incidents)",
            "5 Show the Entities pane (briefing.pane.entities)",
            "bksp Back along the path of links followed, then to where it was opened"
            " (briefing.back)",
            "esc Up: unzoom, detail to list, then the library (briefing.leave)",
            "z Zoom the focused list or detail, and back (briefing.zoom)",
            "tab Focus the next list, detail or link (screen.focus_next)",
            "shift+tab Focus the previous list, detail or link (screen.focus_previous)",
            "y Copy what the cursor is on (citation, quote, URL) to the clipboard (screen.copy)",
            "^q / q Quit at once (app.quit_ctrl, app.quit)",
            "? / h Show (or close) the keys of this screen (app.help)",
            "^p Command palette: commands, and jump to any briefing or item (app.command_palette)",
            "In a list",
            "j / ↓ Next row (list.down)",
            "G / end Last row (list.last)",
            "pgdn / space / ^f One page down (list.page_down)",
            "^d Half a page down (list.half_down)",
            "J / ] The next briefing, in the library's order and filter (briefing.next)",
            "enter Open the highlighted row (its detail) (list.open)",
            "In a detail view",
            "g / home Scroll to the top (detail.top)",
            "On a link (tab to it)",
            "enter Follow the focused link (backspace comes back) (detail.follow)",
        ):
            assert expected in lines, expected
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: pilot.app.screen is screen)


async def test_help_lists_no_key_that_does_nothing() -> None:
    """No sideways scrolling (rows and text never overflow), no ctrl+c without a mouse."""
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("2")
        text = await open_help(pilot)
        for dead in ("Scroll Left", "Scroll Right", "Page Left", "Page Right", "Copy selected"):
            assert dead not in text, dead
        assert "(list.down)" in text and "(detail.page_down)" in text


async def test_help_shows_the_keys_as_the_keymap_remapped_them() -> None:
    """Textual applies a ``[keymap]`` to a copy of the bindings as keys arrive: help
    read the classes' own keys and showed ``?``, ``2`` and ``j`` after a remap."""
    keymap = {"app.help": "f1", "briefing.pane.incidents": "i", "list.down": "ctrl+n"}
    app = make_app(SINGLE, keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        text = str(help_screen.query_one("#help-keys", Static).render())
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert "i Show the Incidents pane (briefing.pane.incidents)" in lines
        assert "2 Show the Incidents pane (briefing.pane.incidents)" not in lines
        assert "f1 Show (or close) the keys of this screen (app.help)" in lines
        in_a_list = lines[lines.index("In a list") :]
        assert in_a_list[1] == "^n Next row (list.down)"  # still first of its group


async def test_help_moved_to_another_key_closes_with_it_too() -> None:
    """Help's own overlay binds help again (``overlay.help``): it follows ``app.help``
    unless the keymap names it, or f1 opened help and did nothing in it."""
    app = make_app(SINGLE, keymap={"app.help": "f1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.title_text == "Keys  (esc or f1 closes this help)"
        await pilot.press("f1")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
    kept = make_app(SINGLE, keymap={"app.help": "f1", "overlay.help": "f2"})
    async with kept.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        assert pilot.app.screen.title_text == "Keys  (esc or f2 closes this help)"  # type: ignore[attr-defined]


async def test_help_on_the_library_lists_its_keys() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        text = await open_help(pilot)
        assert "On this screen (library)" in text
        assert "Open the highlighted row" in text
        assert "Zoom" not in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))


def prompts(palette: MarkedCommandPalette) -> list[str]:
    command_list = palette.query_one(CommandList)
    return [
        str(command_list.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(command_list.option_count)
    ]


def helps(palette: MarkedCommandPalette) -> dict[str, str]:
    """Each command's prompt -> its help line (what the palette says under it)."""
    command_list = palette.query_one(CommandList)
    lines = (
        str(command_list.get_option_at_index(i).prompt).split("\n")
        for i in range(command_list.option_count)
    )
    return {prompt[0]: prompt[1] if len(prompt) > 1 else "" for prompt in lines}


async def test_the_palette_sorts_the_focused_list_and_names_keys_as_remapped() -> None:
    app = make_app(LIBRARY, keymap={"app.help": "f1", "list.sort": "o"})
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        palette = app.screen
        assert isinstance(palette, MarkedCommandPalette)
        await wait_for(pilot, lambda: "Help: keys of this screen" in helps(palette))
        assert helps(palette)["Help: keys of this screen"] == "the f1 key"  # not "the ? key"
        await pilot.press(*"sort the list")
        await wait_for(pilot, lambda: "Sort the list: the next order" in helps(palette))
        assert helps(palette)["Sort the list: the next order"] == "the o key"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "▲ title" in str(screen.query_one(ListHeader).render()))


async def test_palette_jumps_to_an_incident_by_fuzzy_match() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        palette = app.screen
        assert isinstance(palette, MarkedCommandPalette)
        await pilot.press(*"jimmy lai prisoned")
        await wait_for(pilot, lambda: any("Incident: Jimmy Lai" in p for p in prompts(palette)))
        assert prompts(palette)[0].startswith("Incident: Jimmy Lai imprisoned")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.location == Location("incidents", "inc-jimmy-lai-sentence")
        await pilot.press("backspace")
        assert screen.location == Location("summary")


async def test_palette_text_from_files_is_never_markup() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        palette = app.screen
        assert isinstance(palette, MarkedCommandPalette)
        await pilot.press(*"supply")
        expected = "Briefing: Supply review [@click=app.quit]x[/] and [/] brackets"
        await wait_for(pilot, lambda: expected in prompts(palette))
        await pilot.press("enter")  # opens it; a parsed @click would have quit instead
        screen = await open_briefing_screen(pilot)
        assert screen.briefing.id == "brf-protected-supply-review"
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        second = app.screen
        assert isinstance(second, MarkedCommandPalette)
        await pilot.press(*"late")
        expected = "Incident: Late delivery [@click=app.quit]quit[/]"
        await wait_for(pilot, lambda: expected in prompts(second))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.location == Location("incidents", "inc-late-delivery")
        assert app.is_running
        assert isinstance(app.screen, BriefingScreen)


async def test_palette_has_none_of_textuals_own_commands_but_the_screenshot() -> None:
    """``Keys`` docked a second help, ``Theme``/``Maximize`` went round the config and
    ``z``, and a second ``Quit`` stood beside the reader's."""
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("2")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        palette = app.screen
        assert isinstance(palette, MarkedCommandPalette)
        await wait_for(pilot, lambda: any(p.startswith("Quit") for p in prompts(palette)))
        shown = prompts(palette)
        for textual_own in ("Keys", "Theme", "Maximize", "Minimize"):
            assert textual_own not in shown, textual_own
        assert shown.count("Quit") == 1
        assert "Screenshot" in shown


async def test_palette_on_the_library_jumps_to_an_item_of_any_briefing() -> None:
    """The README promises "jump to any briefing or item": from the library too."""
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.session.filter_state.ready)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        palette = app.screen
        assert isinstance(palette, MarkedCommandPalette)
        await pilot.press(*"late delivery")
        inert = "Incident: Late delivery [@click=app.quit]quit[/] — brf-protected-supply-review"
        await wait_for(pilot, lambda: inert in prompts(palette))  # file text, never markup
        await pilot.press(*["backspace"] * len("late delivery"), *"loitered")
        expected = "Incident: Vessel loitered near a cable landing — brf-arctic-shipping-watch"
        await wait_for(pilot, lambda: expected in prompts(palette))
        assert prompts(palette)[0] == expected
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        assert screen.briefing.id == "brf-arctic-shipping-watch"
        assert screen.location == Location("incidents", "inc-loitering")


async def test_texts_that_name_a_key_name_it_as_the_keymap_has_it() -> None:
    """ "Press q to quit." and "(F clears it)" follow a remapped quit and clear-filter."""
    app = make_app(LIBRARY, keymap={"app.quit": "x", "search.clear_filter": "C"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: "Press x to quit." in notices(pilot))
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        rows = screen.query_one(ItemList)
        await pilot.press("f", *"zzzzqqqq")
        await wait_for(pilot, lambda: rows.row_count == 0)
        assert rows.empty_text == "No briefing matches the filter (C clears it)."
        await pilot.press("escape", "C")
        await wait_for(pilot, lambda: rows.row_count > 0)


def notices(pilot: AppPilot) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]
