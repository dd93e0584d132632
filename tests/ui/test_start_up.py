"""Start-up: what the command does before the first frame, and what waits until after it."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
import weakref
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from briefing_tui import app as app_module
from briefing_tui import cli
from briefing_tui.messages import LoadingFinished
from briefing_tui.model.loading import stream
from briefing_tui.screens.library import LibraryScreen

from .support import LIBRARY, is_shown, loaded, make_app, wait_for


@pytest.fixture
def collector() -> Generator[None, None, None]:
    """Whatever a test does to the cycle collector is undone after it."""
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()
        gc.set_threshold(*thresholds)


def test_the_command_starts_the_reader_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    """No cycle collection while start-up builds what lives as long as the reader."""
    seen: list[bool] = []

    def run_app(paths: list[Path], **options: Any) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(app_module, "run_app", run_app)
    monkeypatch.setattr(cli, "_end_quickly", lambda status: None)
    assert cli.main([str(LIBRARY)]) == 0
    assert seen == [False]
    assert gc.isenabled()  # on again when the reader ends, whatever happened


def test_the_reader_takes_the_gil_back_from_busy_threads_sooner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loading and indexing threads run long stretches of Python: while the reader runs,
    its UI thread waits a shorter while for the GIL than Python's default."""
    before = sys.getswitchinterval()
    seen: list[float] = []

    def run_app(paths: list[Path], **options: Any) -> int:
        seen.append(sys.getswitchinterval())
        return 0

    monkeypatch.setattr(app_module, "run_app", run_app)
    monkeypatch.setattr(cli, "_end_quickly", lambda status: None)
    assert cli.main([str(LIBRARY)]) == 0
    assert seen == [cli.UI_SWITCH_INTERVAL] and cli.UI_SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before


async def test_the_collector_is_on_again_once_the_library_is_on_screen(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    """Off while the library loads (each collection walked every file's objects again),
    on once it is all listed, with start-up's and the load's objects out of it."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE", 60.0)  # a slow machine: not the timer
    frozen = gc.get_freeze_count()
    gc.disable()  # as the command starts the reader
    app = make_app(LIBRARY)
    taken: list[bool] = []
    add_results = app.session.add_results

    def add(results: Any) -> None:
        if results:
            taken.append(gc.isenabled())
        add_results(results)

    monkeypatch.setattr(app.session, "add_results", add)
    async with app.run_test() as pilot:
        await loaded(pilot)
        await wait_for(pilot, gc.isenabled)
        assert gc.get_freeze_count() > frozen  # start-up's objects: out of later collections
    assert taken and not any(taken)


async def test_a_load_longer_than_the_pause_gets_the_collector_back(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    """A cold start of thousands of files takes minutes: the collector is not kept off
    for all of it (``COLLECTOR_PAUSE`` after the first frame)."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE", 0.01)
    monkeypatch.setattr(app_module.BriefingApp, "_load", lambda app: None)  # never loads
    gc.disable()
    app = make_app(LIBRARY)
    async with app.run_test() as pilot:
        await wait_for(pilot, gc.isenabled)
        assert app.session.loading.active


class Cycle:
    """An object that refers to itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_a_long_load_never_walks_the_oldest_objects_until_it_is_listed(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    """Past ``COLLECTOR_PAUSE`` the young objects are collected as the files come, but no
    collection walks the oldest generation (every file loaded so far) until the whole
    library is listed; then the load's old garbage is freed, and the collector is as
    before."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE", 0.01)
    monkeypatch.setattr(app_module.BriefingApp, "_load", lambda app: None)  # loads on cue
    thresholds = gc.get_threshold()
    gc.disable()  # as the command starts the reader
    app = make_app(LIBRARY)
    collected: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    async with app.run_test() as pilot:
        await wait_for(pilot, gc.isenabled)
        gc.callbacks.append(note)
        try:
            old = Cycle()
            gc.collect(1)
            gc.collect(1)  # survived two collections: in the oldest generation
            freed = weakref.ref(old)
            del old
            kept = [[Cycle() for _ in range(thresholds[0])] for _ in range(200)]  # they come
            assert app.session.loading.active and 0 in collected and 2 not in collected
            assert freed() is not None  # old garbage waits for the end of the load
            app.session.files_found(0)
            app.post_message(LoadingFinished())
            await wait_for(pilot, lambda: freed() is None)
            await wait_for(pilot, lambda: gc.get_threshold() == thresholds)
        finally:
            gc.callbacks.remove(note)
    assert gc.isenabled() and kept


async def test_a_long_load_that_fails_gives_the_collector_back(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    """A load that stops on an error after ``COLLECTOR_PAUSE`` ends with the notice and
    the collector as before it, its oldest generation collected again."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE", 0.01)

    def failing(files: Any, **options: Any) -> Iterator[Any]:
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.01)  # the pause is over: the oldest generation is held
        yield from ()
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(stream, "load_stream", failing)
    thresholds = gc.get_threshold()
    gc.disable()  # as the command starts the reader
    app = make_app(LIBRARY)
    notices: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: notices.append(message))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: bool(notices))
        assert notices == ["Loading stopped: RuntimeError: the disk went away"]
        assert not app.session.loading.active
        assert gc.isenabled() and gc.get_threshold() == thresholds


async def test_a_reader_started_with_the_collector_on_leaves_it_alone(collector: None) -> None:
    """Tests and other callers that build the app themselves: nothing is frozen for good."""
    frozen = gc.get_freeze_count()
    app = make_app(LIBRARY)
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen


async def test_the_search_index_is_out_of_the_collector_before_it_runs_again(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    """The index's columns are a library's worth of long-lived objects, made with the
    collector paused: they are frozen out of its generations before it resumes (its first
    collection would walk them all: 0.1 s at 20,000 briefings, before the filter answers)."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE", 60.0)
    gc.disable()  # as the command starts the reader
    app = make_app(LIBRARY)
    posted: list[tuple[bool, bool]] = []
    post = app._post_index

    def posting(index: Any) -> None:
        frozen = gc.get_freeze_count()
        post(index)
        posted.append((gc.isenabled(), gc.get_freeze_count() > frozen))

    monkeypatch.setattr(app, "_post_index", posting)
    async with app.run_test() as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.session.filter_state.index is not None)
    assert posted == [(False, True)]  # frozen while the collector was still paused


def record_first_frame(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Put ``frame`` in ``events`` when the app first puts a frame out (and, when the
    search bars are built by then, ``frame with search bars``)."""
    display = app_module.BriefingApp._display

    def first_frame(app: app_module.BriefingApp, screen: Screen[Any], renderable: Any) -> None:
        if renderable is not None and not app._batch_count and not events.count("frame"):
            events.append("frame")
            if screen.query("#filter-bar"):
                events.append("frame with search bars")
        display(app, screen, renderable)

    monkeypatch.setattr(app_module.BriefingApp, "_display", first_frame)


async def test_the_first_frame_is_out_before_the_files_are_discovered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing that grows with the library comes before the first frame: discovery (a
    stat of every file), the parse cache and the loading all follow it."""
    events: list[str] = []
    record_first_frame(monkeypatch, events)
    discover = stream.discover

    def discovering(*args: Any, **kwargs: Any) -> Any:
        events.append("discovery")
        return discover(*args, **kwargs)

    monkeypatch.setattr(stream, "discover", discovering)
    app = make_app(LIBRARY)
    async with app.run_test() as pilot:
        await loaded(pilot)
    assert events == ["frame", "discovery"]


async def test_the_files_start_loading_as_the_first_frame_is_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loading thread starts when Textual says the first frame is drawn (``Ready``),
    not a refresh later: what follows the frame (the search bars, styles) runs beside
    the discovery's file system calls rather than before them."""
    events: list[str] = []
    record_first_frame(monkeypatch, events)
    on_ready = app_module.BriefingApp.on_ready

    def ready(app: app_module.BriefingApp) -> None:
        on_ready(app)
        loading = [worker for worker in app.workers if worker.group == "load"]
        events.append("ready, loading" if loading else "ready")

    monkeypatch.setattr(app_module.BriefingApp, "on_ready", ready)
    app = make_app(LIBRARY)
    async with app.run_test() as pilot:
        await loaded(pilot)
    assert events == ["frame", "ready, loading"]


async def test_the_search_bars_are_built_after_the_first_frame_and_f_opens_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The library's first frame does without the find and filter bars (a dozen widgets
    and their styles); they are built just after it, and ``f`` and a query typed at once
    filter as before."""
    events: list[str] = []
    record_first_frame(monkeypatch, events)
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", *"tag:canada-china")
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await wait_for(pilot, lambda: screen.filter_state.text == "tag:canada-china")
        assert is_shown(screen.filter_bar) and screen.filter_bar.input.has_focus
    assert events == ["frame"]


FIRST_FRAME_MODULES = """
import sys
from pathlib import Path
from briefing_tui import app
from briefing_tui.config import Config

class FirstFrame(app.BriefingApp):
    CSS_PATH = str(Path(app.__file__).with_name("briefing.tcss"))

    def on_ready(self) -> None:
        print(" ".join(sorted(sys.modules)))
        self.exit(0)

config = Config(file=Path("config.toml"), file_found=False)
FirstFrame([Path(sys.argv[1])], use_cache=False, config=config).run(headless=True, size=(80, 24))
"""


def test_the_first_frame_imports_no_detail_view_copying_or_search_bar() -> None:
    """What the library's first frame does not show is imported when first used (a
    fresh interpreter: this test process has imported everything)."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_MODULES, str(LIBRARY)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    modules = set(done.stdout.split())
    assert "briefing_tui.screens.library" in modules
    later = {"detail", "detail_parts", "citation", "find_bar", "filter_bar"}
    assert not {f"briefing_tui.widgets.{name}" for name in later} & modules


OPEN_FILTER_MODULES = """
import sys
from pathlib import Path
from briefing_tui import app
from briefing_tui.config import Config

class OpenFilter(app.BriefingApp):
    CSS_PATH = str(Path(app.__file__).with_name("briefing.tcss"))

    async def on_ready(self) -> None:
        await self.screen.run_action("filter")
        print(type(self.focused).__name__, " ".join(sorted(sys.modules)))
        self.exit(0)

config = Config(file=Path("config.toml"), file_found=False)
OpenFilter([Path(sys.argv[1])], use_cache=False, config=config).run(headless=True, size=(80, 24))
"""


def test_opening_the_filter_on_the_library_imports_no_detail_view() -> None:
    """``f`` on the library list opens the bar without loading the detail view's code
    (no detail is shown there: a fresh interpreter, as this test process has imported
    everything)."""
    done = subprocess.run(
        [sys.executable, "-c", OPEN_FILTER_MODULES, str(LIBRARY)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    focused, *modules = done.stdout.split()
    assert focused == "QueryInput"  # the bar is open, its field focused
    assert "briefing_tui.widgets.filter_bar" in modules
    assert "briefing_tui.widgets.detail" not in modules
