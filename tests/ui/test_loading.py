"""Loading a library: progress and count on screen, keys while loading, quitting mid-load.

The real loader runs on a generated library of 30 briefings. To see the partial
state deterministically, ``HeldStream`` stands in for ``load_stream`` and lets
files through only when the test says so.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

import pytest
from generator_support import load_generator
from textual.widgets import Static

from briefing_tui import app as app_module
from briefing_tui.config import CommandLine, load_config
from briefing_tui.model import FileResult, load_file
from briefing_tui.model.loading import stream as stream_module
from briefing_tui.screens.help import HelpScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.item_list import ItemList

from .support import (
    SINGLE,
    AppPilot,
    make_app,
    open_briefing_screen,
    visible_rows,
    wait_for,
)

BRIEFINGS = 30
XDG_FOLDERS = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 30 small generated briefings."""
    root = tmp_path_factory.mktemp("library")
    load_generator().generate_library(root, briefings=BRIEFINGS, incidents=3, quotes=2)
    return root


class HeldStream:
    """Stands in for ``load_stream``: yields each file only once ``allow``-ed."""

    def __init__(self) -> None:
        self._allowed = threading.Semaphore(0)
        self.yielded = 0
        self.closed = threading.Event()
        self.options: dict[str, Any] = {}

    def __call__(self, files: Iterable[Path], **options: Any) -> Generator[FileResult, None, None]:
        self.options = options
        return self._stream(list(files))

    def _stream(self, files: list[Path]) -> Generator[FileResult, None, None]:
        try:
            for path in files:
                if not self._allowed.acquire(timeout=30):
                    raise AssertionError("the test never let the next file through")
                self.yielded += 1
                yield load_file(path)
        finally:
            self.closed.set()

    def allow(self, count: int) -> None:
        """Let ``count`` more files load."""
        self._allowed.release(count)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldStream:
    stream = HeldStream()
    monkeypatch.setattr(stream_module, "load_stream", stream)
    return stream


def status(pilot: AppPilot) -> str:
    return str(pilot.app.screen.query_one("#library-status", Static).render())


def row_count(pilot: AppPilot) -> int:
    return pilot.app.screen.query_one(ItemList).row_count


async def test_the_real_loader_ends_with_the_count_of_briefings(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: status(pilot) == "30 briefings, 30 unread", timeout=30)
        assert row_count(pilot) == BRIEFINGS
        rows = [row for row in visible_rows(app.screen.query_one(ItemList)) if row.strip()]
        tlp_levels = {"CLEAR", "GREEN", "AMBER", "AMBER+…", "RED"}
        assert rows and all(row.split()[2] in tlp_levels for row in rows)  # after N


async def test_progress_shows_files_loaded_so_far(library: Path, held: HeldStream) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "/ 30" in status(pilot))
        assert status(pilot) == "loading… loaded 0 / 30"
        assert str(app.screen.query_one(ItemList).render_line(0).text).startswith("Loading…")
        held.allow(10)
        await wait_for(pilot, lambda: status(pilot) == "loading… loaded 10 / 30")
        assert row_count(pilot) == 10
        held.allow(20)
        await wait_for(pilot, lambda: status(pilot) == "30 briefings, 30 unread")
        assert row_count(pilot) == BRIEFINGS
        assert held.closed.is_set()


def test_a_long_load_is_redrawn_less_often_as_it_goes_on() -> None:
    """Each redraw while loading lays the screen out again, CPU taken from the workers
    parsing: five a second at first (the first rows at once), then fewer, down to one a
    second once the load has run ten seconds."""
    waits = [app_module.refresh_wait(seconds) for seconds in (0, 1, 2, 5, 10, 60, 600)]
    assert waits[:3] == [app_module.REFRESH_SECONDS] * 3
    assert waits == sorted(waits) and waits[3] > app_module.REFRESH_SECONDS
    assert waits[4:] == [app_module.REFRESH_LONGEST] * 3


async def test_a_batch_late_in_a_long_load_is_shown(library: Path, held: HeldStream) -> None:
    """Files that arrive a minute into a load are on screen within the longest wait."""
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "/ 30" in status(pilot))
        app._loading_began -= 60  # as if the files had been found a minute ago
        held.allow(10)
        await wait_for(pilot, lambda: status(pilot) == "loading… loaded 10 / 30")
        held.allow(5)
        await wait_for(pilot, lambda: status(pilot) == "loading… loaded 15 / 30")
        held.allow(15)
        await wait_for(pilot, lambda: status(pilot) == "30 briefings, 30 unread")


async def test_the_last_files_are_shown_before_the_loader_is_done_with_them(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader closes its workers and writes the cache after the last file: the whole
    library is on screen at once, not at the next refresh however long the wait."""
    monkeypatch.setattr(app_module, "REFRESH_LONGEST", 120.0)
    monkeypatch.setattr(app_module, "REFRESH_SECONDS", 120.0)
    finish = threading.Event()

    def stream(files: Iterable[Path], **options: Any) -> Generator[FileResult, None, None]:
        yield from (load_file(path) for path in files)
        finish.wait(30)  # the cache being written

    monkeypatch.setattr(stream_module, "load_stream", stream)
    app = make_app(library)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: row_count(pilot) == BRIEFINGS)
            assert status(pilot) == "loading… loaded 30 / 30"
            finish.set()
            await wait_for(pilot, lambda: status(pilot) == "30 briefings, 30 unread")
    finally:
        finish.set()


async def test_broken_files_counted_when_loading_ends(tmp_path: Path, held: HeldStream) -> None:
    (tmp_path / "a.yaml").write_text("id: [unclosed\n")
    (tmp_path / "b.yaml").write_text("not: a briefing\n")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        held.allow(2)
        await wait_for(pilot, lambda: status(pilot) == "0 briefings, 2 broken files")
        assert row_count(pilot) == 2


async def test_keys_work_while_loading(library: Path, held: HeldStream) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        held.allow(5)
        await wait_for(pilot, lambda: status(pilot) == "loading… loaded 5 / 30")
        item_list = app.screen.query_one(ItemList)
        await pilot.press("j", "j")
        assert item_list.cursor == 2
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        assert app.session.loading.active
        highlighted = app.session.library.briefings[2]
        assert screen.briefing.id == highlighted.id
        held.allow(25)
        await wait_for(pilot, lambda: not app.session.loading.active)
        assert app.screen is screen  # loading in the background never moves the reader


async def test_the_only_briefing_opens_once_as_soon_as_it_has_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One file: its briefing opens as soon as the file has loaded, while the loader is
    still at work on it (the index part it makes for the cache), and not again after."""
    busy = threading.Event()

    def stream(files: Iterable[Path], **options: Any) -> Generator[FileResult, None, None]:
        for path in files:
            yield load_file(path)
        busy.wait(timeout=30)  # the loader still at work on the file

    monkeypatch.setattr(stream_module, "load_stream", stream)
    app = make_app(SINGLE)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_briefing_screen(pilot)
            assert app.session.loading.active
            busy.set()
            await wait_for(pilot, lambda: not app.session.loading.active)
            await pilot.pause()
            assert app.screen is screen and len(app.screen_stack) == 2
    finally:
        busy.set()


async def test_quitting_mid_load_closes_the_stream(library: Path, held: HeldStream) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        held.allow(10)
        await wait_for(pilot, lambda: status(pilot) == "loading… loaded 10 / 30")
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    held.allow(BRIEFINGS)  # files keep arriving, as they would from the workers
    assert held.closed.wait(timeout=10)
    assert held.yielded == 11  # it stopped at the first file after the quit


async def test_secure_mode_loads_and_leaves_no_file_behind(library: Path) -> None:
    """``--secure`` as the command sets it (configuration, then the parse cache on by
    default): the library loads, the status line says the reading state is not kept,
    and opening a briefing writes nothing (no cache, no state). That secure mode starts
    no worker process is proved on the real command (tests/e2e/test_terminal_bytes.py)."""
    config = load_config(os.environ, CommandLine(secure=True))
    folders = [Path(os.environ[name]) for name in XDG_FOLDERS]  # conftest: fresh, empty
    app = make_app(library, config=config, use_cache=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: status(pilot) == "30 briefings, 30 unread, state not kept", timeout=30
        )
        await pilot.press("enter")
        await open_briefing_screen(pilot)
    assert [path for folder in folders for path in folder.rglob("*")] == []


@pytest.mark.parametrize("moved", [True, False], ids=["cursor-moved", "cursor-on-top"])
async def test_the_cursor_keeps_its_row_as_more_files_arrive(
    library: Path, held: HeldStream, moved: bool
) -> None:
    """Rows arriving above the cursor never move it onto another briefing; a cursor
    left on the first row ends on the newest briefing."""
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        held.allow(5)
        await wait_for(pilot, lambda: status(pilot) == "loading… loaded 5 / 30")
        item_list = app.screen.query_one(ItemList)
        if moved:
            await pilot.press("G")
            chosen = app.session.library.headers[-1].id
        held.allow(25)
        await wait_for(pilot, lambda: status(pilot) == "30 briefings, 30 unread")
        if moved:
            assert item_list.cursor != 4  # newer briefings arrived above it
        else:
            assert item_list.cursor == 0
            chosen = app.session.library.headers[0].id
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        assert screen.briefing.id == chosen
