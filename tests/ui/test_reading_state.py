"""The reader keeps what was read: opening records it, secure mode keeps nothing on disk."""

from __future__ import annotations

import os
from pathlib import Path

from briefing_tui.app import BriefingApp
from briefing_tui.model.state import StateStore
from briefing_tui.model.state.store import LOG_NAME

from .search_support import Notices
from .support import LIBRARY, loaded, make_app, open_briefing_screen, wait_for


def _state_home() -> Path:
    return Path(os.environ["XDG_STATE_HOME"])


def _app(*, secure: bool = False) -> BriefingApp:
    return make_app(LIBRARY, secure=secure)


async def test_opening_a_briefing_records_it_and_the_filter_sees_it() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        screen = await open_briefing_screen(pilot)
        assert app.session.reading.is_read(screen.briefing.id)
        assert "state not kept" not in app.session.status_text()
    store = StateStore.open(_state_home() / "briefing")
    assert store.get("brf-arctic-shipping-watch") is not None
    assert (_state_home() / "briefing" / LOG_NAME).exists()


async def test_secure_mode_leaves_the_state_folder_empty() -> None:
    app = _app(secure=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        screen = await open_briefing_screen(pilot)
        assert app.session.reading.is_read(screen.briefing.id)  # in memory
        assert app.session.status_text().endswith(", state not kept")
    app.session.reading.state.compact()
    assert list(_state_home().iterdir()) == []


async def test_an_untrusted_state_file_is_set_aside_and_the_reader_says_so_once() -> None:
    folder = _state_home() / "briefing"
    folder.mkdir(mode=0o700)
    (folder / LOG_NAME).write_bytes(b"BRFSTATE\x00\x01 cut short by a copy")
    notices = Notices()
    app = _app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        screen = await open_briefing_screen(pilot)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.screen is not screen)
    said = [text for text in notices.texts if "set aside" in text]
    assert len(said) == 1 and "starting with no state" in said[0]
    aside = [path for path in folder.iterdir() if ".untrusted-" in path.name]
    assert [path.read_bytes() for path in aside] == [b"BRFSTATE\x00\x01 cut short by a copy"]
    assert StateStore.open(folder).get(screen.briefing.id) is not None  # a new state, kept
