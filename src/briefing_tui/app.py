"""The Textual application: wires loading, screens and global keys together.

The app holds the global bindings and runs the workers; the reader's state is
the ``ReaderSession`` it creates and hands to each screen, which presents part
of it. Loading runs in a thread worker that posts batches back, so the first
frame never waits for files.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.actions import ActionParseResult
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.filter import LineFilter, Monochrome, NoColor
from textual.geometry import Offset, Size
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState, get_current_worker

from . import terminal
from .config import Config, marking_rules
from .guard import SECURE_OFF, SECURE_REFUSED, action_allowed
from .keymap_check import check_config, with_followers
from .messages import (
    AcrossReady,
    CopyText,
    FilesChanged,
    FilesFound,
    FilesLoaded,
    LoadingFinished,
    OpenBriefing,
    SearchIndexReady,
)
from .model.loading.buffer import LoadBuffer
from .screens.library import LibraryScreen
from .session import ReaderSession, SessionSignals
from .state_cli import open_reading
from .widgets import linear_rows, safe
from .widgets.attention import attention_point
from .widgets.banner import marking_of
from .widgets.key_hints import first_key
from .widgets.too_small import TooSmallNotice

if TYPE_CHECKING:
    from .model.reload import ReloadPlanner
    from .model.search.index import SearchIndex
    from .model.watch import Watcher

__all__ = [
    "COLLECTOR_PAUSE",
    "OLDEST_HELD",
    "REFRESH_LONGEST",
    "REFRESH_SECONDS",
    "WATCH_MIN_WAIT",
    "BriefingApp",
    "run_app",
]

REFRESH_SECONDS = 0.2
"""While loading, the library is refreshed at most this often at first: each refresh
re-sorts and repaints, and a few a second keep the UI free for keys."""
REFRESH_LONGEST = 1.0
"""The longest wait between refreshes while a long load goes on (``refresh_wait``)."""
SETTLE_SECONDS = 2.0
"""The longest the loader waits for the screen before the cache's work (``_settle``)."""
COLLECTOR_PAUSE = 5.0
"""The longest the cycle collector stays off after the first frame, while the library
loads (the command's regime, ``on_ready``); a cold load of thousands of files takes
longer, and its cycles are collected from then on, the young ones only until the load is
done (``OLDEST_HELD``)."""
OLDEST_HELD = 1 << 30
"""The collector's third threshold while a long load goes on: no collection of the oldest
generation, which held every file loaded since the pause and was walked again each time
(20,000 files: eight pauses of up to 0.43 s, 1.7 s of the reader's CPU); the load's own
garbage is collected once, when the whole library is listed."""


def refresh_wait(loading: float) -> float:
    """The least time between two refreshes of the library ``loading`` seconds into its load:
    ``REFRESH_SECONDS``, growing with the load (a tenth of its time) up to
    ``REFRESH_LONGEST``. Each refresh lays the screen out again (the list's length changes):
    10-18 ms of the UI thread's CPU, taken from the worker processes parsing on the same
    cores (at five a second, under load, half the UI thread's CPU in a cold load of 2,000
    files); a load of minutes needs a count that moves, not five new frames a second."""
    return min(REFRESH_LONGEST, max(REFRESH_SECONDS, loading / 10))


WATCH_MIN_WAIT = 0.2
"""The watcher's thread never polls more often than this (seconds), whatever its clock says."""


class BriefingApp(App[int]):
    """A keyboard-first reader for structured briefings."""

    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_reader", "Quit", tooltip="Quit at once", id="app.quit"),
        Binding("ctrl+q", "quit_reader", "Quit", show=False, priority=True, id="app.quit_ctrl"),
        Binding(
            "question_mark,h",
            "help",
            "Help",
            tooltip="Show (or close) the keys of this screen",
            id="app.help",
        ),
        Binding(
            "ctrl+z",
            "suspend",
            "Suspend",
            show=False,
            tooltip="Suspend to the shell (fg comes back; not in secure mode)",
            id="app.suspend",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            key_display="^p",
            priority=True,
            show=False,
            tooltip="Command palette: commands, and jump to any briefing or item",
            id="app.command_palette",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            show=False,
            tooltip="Read the files changed on disk now",
            id="app.reload",
        ),
    ]

    def __init__(
        self,
        paths: list[Path],
        *,
        use_cache: bool = True,
        config: Config | None = None,
        watch_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.config = config or Config(file=Path("config.toml"), file_found=False)
        self.secure = self.config.secure.value
        """Secure mode: nothing written to disk, no clipboard, no other program."""
        self.hidden_actions: frozenset[str] = (
            SECURE_REFUSED | SECURE_OFF if self.secure else frozenset()
        )
        """Actions whose keys do nothing in this run: help does not list them."""
        if not self.config.mouse.value:  # no mouse, no selection: Textual's ctrl+c is dead
            self.hidden_actions |= {"copy_text"}
        self.paths = paths
        self.use_cache = use_cache and not self.secure
        self.session = ReaderSession(
            SessionSignals(
                library_changed=Signal(self, "library_changed"),
                index_ready=Signal(self, "index_ready"),
                files_reloaded=Signal(self, "files_reloaded"),
                reading_changed=Signal(self, "reading_changed"),
                across_ready=Signal(self, "across_ready"),
            ),
            marking_rules(self.config),
            open_reading(self.config, writable=True),
            self.config.views.value,
        )
        """What the screens show: library, filter, histories, marking, loading."""
        self.session.navigation.layout = self.config.layout.value
        self._loaded = LoadBuffer()
        """Files the loading worker has loaded and the UI has not yet taken."""
        self._last_taken = float("-inf")
        self._loading_began = time.monotonic()
        """When the files were found (``refresh_wait`` counts from there)."""
        self._watch_clock = watch_clock
        self._watcher: Watcher | None = None
        """The poller of the library's folders, made before the first file is read."""
        self._planner: ReloadPlanner | None = None
        """The index after each reload, worked out in the watcher's thread."""
        self._watch_lock = threading.Lock()
        self._wake = threading.Event()
        """Set to poll now (``ctrl+r``) or to end the watcher's thread (quitting)."""
        self._watching = False
        self._watch_ended = False
        self._opened_the_only = False
        self._drawn = threading.Event()
        """Every file loaded so far is on screen (the loader's ``settle`` waits for it)."""
        """The briefing of a one-briefing library was opened (``_open_the_only_briefing``)."""
        self._index_shown = threading.Event()
        """The filter's first answers with the search index are drawn (the index worker
        waits for them before the entity index, which would hold the interpreter)."""
        self._said_memory_only = False
        self._freezing = False
        """Long-lived objects are frozen out of the cycle collector (the command's
        regime, ``on_ready``); a reader built otherwise leaves the collector alone."""
        """Said that marks of a briefing above ``state_max_tlp`` are not recorded."""
        self._held_threshold: tuple[int, int, int] | None = None
        """The collector's thresholds before a long load held its oldest generation
        (``_resume_collector``)."""
        self._apply_terminal_config()

    def get_default_screen(self) -> LibraryScreen:
        return LibraryScreen(self.session)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._guard_size)
        self.call_after_refresh(self._guard_size, self.screen)
        notice = self.session.reading.state.notice
        if notice:
            self.notify(safe.plain_line(notice), markup=False, severity="warning")

    def on_ready(self) -> None:
        """The first frame is drawn (Textual's ``Ready`` follows it). The command starts
        the reader with the cycle collector off (``cli._run_reader``): what start-up made
        lives on, so it is left out of every later collection (``gc.freeze``). Collecting
        resumes once the whole library is on screen (``_resume_collector``), or
        ``COLLECTOR_PAUSE`` seconds from now: a warm load makes a few long-lived objects
        per file, which each collection walked again (20,000 files: a third of the loading
        thread's time). Then the files load, in a thread, from now on and never before
        the first frame (discovery is a ``stat`` of every file): not a refresh later
        either, so that what follows the frame (the search bars) runs beside the
        discovery's file system calls."""
        if not gc.isenabled():
            gc.freeze()
            self._freezing = True
            self.set_timer(COLLECTOR_PAUSE, self._resume_collector)
        self._load()

    def _resume_collector(self) -> None:
        """Collecting resumes (once), with what the load made out of every collection.
        While the load goes on (``COLLECTOR_PAUSE`` is over), only the young generations
        are collected: each file's objects are walked once or twice, not again at every
        collection of the oldest generation; that one is held until the whole library is
        listed, then its garbage is collected once and what lives on is frozen."""
        if not self._freezing:
            return
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
            if self.session.loading.active:
                self._held_threshold = gc.get_threshold()
                young, middle, _ = self._held_threshold
                gc.set_threshold(young, middle, OLDEST_HELD)
                return
        self._release_oldest()

    def _release_oldest(self) -> None:
        """The oldest generation is collected again (``_resume_collector``): the load's
        garbage collected once, what it made that lives on frozen."""
        if self._held_threshold is not None:
            gc.set_threshold(*self._held_threshold)
            self._held_threshold = None
            gc.collect()
            gc.freeze()

    # --- every terminal, and nothing but the reader's own actions ---------------

    def _apply_terminal_config(self) -> None:
        config = self.config
        safe.configure(ascii_only=config.ascii_only.value)
        self.no_color = config.monochrome.value  # the App:nocolor rules of briefing.tcss
        self.set_class(config.ascii_only.value, "-ascii")
        linear = config.linear.value
        linear_rows.configure(linear=linear)
        self.set_class(linear, "-linear")  # the App.-linear rules of briefing.tcss
        self._extra_filters: list[LineFilter] = []
        if config.monochrome.value:
            self._extra_filters.append(terminal.WithoutColour())
        if config.ascii_only.value:
            self._extra_filters.append(terminal.AsciiOnly())
        if linear:
            self._extra_filters.append(terminal.WithoutGlyphArt())
            self.animation_level = "none"
        check_config(config, self.available_themes)  # as `briefing config` does
        self.theme = config.theme.value
        self.set_keymap(with_followers(config.keymap.value))

    @property
    def cursor_position(self) -> Offset:
        """Where the terminal cursor goes after each frame: where attention is.

        Screen readers and braille displays follow it (``widgets.attention``).
        """
        try:
            focused = self.focused
        except ScreenStackError:
            focused = None
        point = attention_point(focused)
        return self._cursor_position if point is None else point

    @cursor_position.setter
    def cursor_position(self, offset: Offset) -> None:
        self._cursor_position = offset  # Textual's own setting (an input's caret)

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters less its grey NO_COLOR ones, plus monochrome and ASCII."""
        textual_filters = super().get_line_filters()
        kept = [f for f in textual_filters if not isinstance(f, (Monochrome, NoColor))]
        return kept + self._extra_filters

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        key = binding.parse_key()[1]
        return terminal.key_display(key, shown, ascii_only=self.config.ascii_only.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the reader's own bound actions (and Textual's needed ones) run on the app."""
        return action_allowed(self, action, self, secure=self.secure)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Runs ``action`` only if its target binds it to a key (see ``guard``)."""
        if namespaces is None and not action_allowed(
            self, action, default_namespace, secure=self.secure
        ):
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def action_quit_reader(self) -> None:
        """Quit at once."""
        self.exit(0)

    def action_suspend(self) -> None:
        """``ctrl+z``: to the shell where the terminal allows; never in secure mode."""
        if self.secure:
            self.notify("Secure mode: no suspending to the shell.", markup=False)
            return
        self.action_suspend_process()

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does."""
        self.notify(
            f"Press {first_key(self, 'quit_reader', 'q', 'app.quit')} to quit.", markup=False
        )

    def copy_to_clipboard(self, text: str) -> None:
        """Never in secure mode; otherwise as Textual does (OSC 52)."""
        if not self.secure:
            super().copy_to_clipboard(text)

    def on_copy_text(self, message: CopyText) -> None:
        """``y`` on a screen: the clipboard by OSC 52 (over SSH too), and a notice."""
        message.stop()
        if self.secure:
            self.notify("Secure mode: copying is off.", markup=False)
            return
        self.copy_to_clipboard(message.text)
        shown = message.text if len(message.text) <= 60 else message.text[:59] + "…"
        self.notify(f"Copied {message.what}: {shown}", timeout=3, markup=False)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Links are shown, never opened: no browser or other program is started."""

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Of Textual's palette commands only the screenshot, and not in secure mode.

        The others would mislead: ``Keys`` docks a second, different help that
        squeezes the reader, ``Theme`` and ``Maximize`` bypass the config and ``z``,
        and the reader's palette has its own ``Quit``.
        """
        for command in super().get_system_commands(screen):
            if not self.secure and command.title.lower() == "screenshot":
                yield command
        yield SystemCommand(
            "Reload changed files",
            "Read the files changed on disk now (ctrl+r)",
            self.action_reload,
        )

    def on_resize(self, event: events.Resize) -> None:
        self._guard_size(self.screen, event.size)

    def _guard_size(self, screen: Screen[Any], size: Size | None = None) -> None:
        """Below the minimum size, show a notice instead of a layout with a cut banner."""
        width, height = size or self.size
        too_small = width < terminal.MIN_WIDTH or height < terminal.MIN_HEIGHT
        self.set_class(too_small, "-too-small")
        if too_small and not screen.query(TooSmallNotice):
            screen.mount(TooSmallNotice())

    # --- loading (a thread worker; the UI takes its files when it repaints) ---

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        """Discover and load the files, handing each to the UI through ``_loaded``.

        The stream is closed in this thread whatever happens: quitting cancels
        the worker, the loop notices at the next file, and ``close()`` stops the
        worker processes at once (the app's exit waits for this thread).
        """
        from .model.library import LibraryLoad  # the loader and PyYAML: after the first frame
        from .model.watch import Watcher

        worker = get_current_worker()
        workers = 0 if self.secure else None  # secure mode starts no other process
        load = LibraryLoad(
            self.paths, use_cache=self.use_cache, workers=workers, settle=self._settle
        )
        # The files as discovery found them, before any is read: a change made while
        # loading is seen.
        self._watcher = Watcher(
            self.paths, self.config.watch_interval.value, self._watch_clock, load.found
        )
        try:
            if worker.cancelled_event.is_set():
                return
            self.post_message(FilesFound(load.total))
            for number, result in enumerate(load, 1):
                if worker.cancelled_event.is_set():
                    return
                last = number == load.total
                if self._loaded.put(result) or last:
                    self.post_message(FilesLoaded(last=last))
        finally:
            load.close()
        self.post_message(LoadingFinished())

    def _settle(self) -> None:
        """In the loading thread: wait (at most ``SETTLE_SECONDS``) until what has loaded
        is drawn, so that the cache's work for files parsed here does not hold up the
        first screen of them (38,000 incidents: 0.3 s)."""
        worker = get_current_worker()
        deadline = time.monotonic() + SETTLE_SECONDS
        while not self._drawn.wait(0.05):
            if worker.cancelled_event.is_set() or time.monotonic() > deadline:
                return

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A loading worker that failed ends the loading with a notice, not a hang."""
        if event.worker.group == "load" and event.state == WorkerState.ERROR:
            self._take_loaded()
            self.session.loading_finished()
            error = safe.plain_line(f"{type(event.worker.error).__name__}: {event.worker.error}")
            self.notify(f"Loading stopped: {error}", severity="error", markup=False)
            self._resume_collector()
            self._build_index()
        elif event.worker.group == "index" and event.state == WorkerState.ERROR:
            error = safe.plain_line(f"{type(event.worker.error).__name__}: {event.worker.error}")
            self.notify(f"Search index failed: {error}", severity="error", markup=False)
            self._start_watching()
        elif event.worker.group == "watch" and event.state == WorkerState.ERROR:
            error = safe.plain_line(f"{type(event.worker.error).__name__}: {event.worker.error}")
            self.notify(f"Watching files stopped: {error}", severity="error", markup=False)

    def on_files_found(self, message: FilesFound) -> None:
        self._loading_began = time.monotonic()
        self._take_loaded()  # the paths that could not be opened
        self.session.files_found(message.total)

    def on_files_loaded(self, message: FilesLoaded) -> None:
        """Show what has loaded, at most once every ``refresh_wait``; the last files at once."""
        if message.last:
            self._take_loaded()
            return
        now = time.monotonic()
        wait = self._last_taken + refresh_wait(now - self._loading_began) - now
        if wait > 0:
            self.set_timer(wait, self._take_loaded)
        else:
            self._take_loaded()

    def on_loading_finished(self, message: LoadingFinished) -> None:
        self._take_loaded()
        self.session.loading_finished()
        self.call_after_refresh(self._resume_collector)  # the full library drawn
        # The index build holds the GIL for long stretches: start it once the
        # full library is on screen, not before.
        self.call_after_refresh(self._build_index)
        self._open_the_only_briefing()

    def _take_loaded(self) -> None:
        """Add the files loaded so far to the library, and show them."""
        self._last_taken = time.monotonic()
        self.session.add_results(self._loaded.take())
        if self.session.loading.total_files == 1:  # opened as soon as it is here
            self._open_the_only_briefing()
        loading = self.session.loading
        if loading.loaded_files == loading.total_files:
            self.call_after_refresh(self._drawn.set)

    def _open_the_only_briefing(self) -> None:
        """A library of one briefing opens it, once: as soon as it has loaded, before
        the loader is done with the file (the index part it makes for the cache)."""
        library = self.session.library
        if self._opened_the_only or len(library) != 1 or library.broken:
            return
        self._opened_the_only = True
        self.open_briefing(library.headers[0].id)

    # --- the search index (a thread worker once loading is done) ---------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _build_index(self) -> None:
        """The library's search index, read back from the one kept in the parse cache's
        folder or put together from the parts stored with each briefing
        (``Library.search_index``), then the entity index and the timeline from the facts
        its columns keep, off the UI thread; the index is written for the next start when
        the kept one differed. No briefing is decoded when the cache knows them all (their
        content hashes for "updated" come from it too). Quitting stops it."""
        from .across import build_across
        from .model.collector import collector_paused
        from .model.search.stored import digests_of, finish_kept, index_file, save_index
        from .model.state.records import content_hash

        worker = get_current_worker()
        stored = index_file(self.paths) if self.use_cache else None
        library = self.session.library
        # What the filter's first answers do not need of the kept index is finished
        # once they are drawn (``finish_kept``).
        with collector_paused():  # resumed with the columns out of its generations
            index = library.search_index(lambda: worker.is_cancelled, stored, finish_later=True)
            if index is None:  # quitting
                return
            self._post_index(index)  # the filter answers from now on
        self._wait_until_shown(worker)
        if not finish_kept(index):  # the kept facts do not fit: never read, all made again
            with collector_paused():
                index = library.search_index(lambda: worker.is_cancelled)
                if index is None:
                    return
                self._post_index(index)
        across = build_across(index)
        content: dict[str, int] = {}  # what "updated" compares, for every briefing
        for entry in list(self.session.library.entries):
            if entry.header is not None and entry.content_hash is not None:
                content[entry.header.id] = entry.content_hash
                continue
            if worker.is_cancelled:
                return
            briefing = entry.decode()  # not parsed by this version: worked out here
            if briefing is not None:
                content[briefing.id] = content_hash(briefing)
        if worker.is_cancelled:
            return
        self.post_message(AcrossReady(across, content))
        if stored is not None and not index.kept:  # for the next start
            save_index(stored, index.data, digests_of(self.session.library.entries))

    def _post_index(self, index: SearchIndex) -> None:
        """In the index worker, the collector paused: hand ``index`` to the UI."""
        if self._freezing:  # the command's regime (``on_ready``): the columns too
            # Millions of long-lived objects: out of the cycle collector's generations,
            # or each full collection walks them all again (a pause in the UI); frozen
            # before it resumes, or its first collection walks them all (0.1 s at
            # 20,000 briefings).
            gc.freeze()
        self._index_shown.clear()
        self.post_message(SearchIndexReady(index))

    def _wait_until_shown(self, worker: Worker[None]) -> None:
        """In the index worker: wait (at most ``SETTLE_SECONDS``) until the filter's
        answers with the index just posted are drawn, so that what the worker does next
        does not hold up that frame."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while not self._index_shown.wait(0.05):
            if worker.is_cancelled or time.monotonic() > deadline:
                return

    def on_search_index_ready(self, message: SearchIndexReady) -> None:
        """Filter with the new index: every open screen shows its counts."""
        self.session.set_index(message.index)
        # The screen on top shows the counts when its turn comes (``index_ready`` calls
        # each screen next): then, once that is drawn, the index worker goes on.
        try:
            self.screen.call_next(self.call_after_refresh, self._index_shown.set)
        except ScreenStackError:  # quitting: no screen to wait for
            self._index_shown.set()

    # --- files that change while the reader runs (a thread worker that posts) ----

    def _start_watching(self) -> None:
        """Once the library and its index are complete, follow changes to the files."""
        from .model.reload import ReloadPlanner

        if self._watcher is not None and not self._watching:
            index = self.session.filter_state.index
            if index is not None and index.changeable:
                self._planner = ReloadPlanner(self.session.library, index.data)
            self._watching = True
            self._watch()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        """Poll the library's folders every ``watch_interval`` (``watch = "poll"``; with
        ``"off"`` only when ``ctrl+r`` asks) until the app ends."""
        watcher = self._watcher
        assert watcher is not None
        polling = self.config.watch.value == "poll"
        while True:
            wait = max(watcher.due_in(), WATCH_MIN_WAIT) if polling else None
            asked = self._wake.wait(wait)
            self._wake.clear()
            if self._watch_ended:
                return
            self.poll_files(now=asked)

    def poll_files(self, *, now: bool = False) -> None:
        """One step of the watcher: poll when due (``now``: at once, ``ctrl+r``), read
        the files that changed and post them (``FilesChanged``). Runs in the watcher's
        thread; a test calls it directly, with a clock of its own."""
        from .model.reload import read_changes

        watcher = self._watcher
        if watcher is None:
            return
        with self._watch_lock:
            changes = watcher.now() if now else watcher.tick()
            if not changes and not now:
                return
            in_process = self.secure  # secure mode starts no other process
            changed = read_changes(changes, use_cache=self.use_cache, in_process=in_process,
                                   asked=now)  # fmt: skip
            if changed and self._planner is not None:
                changed = self._planner.plan(changed)  # the index's columns, made here
        self.post_message(FilesChanged(changed))

    def on_files_changed(self, message: FilesChanged) -> None:
        """Show the files read again: the library, the index, the open briefing."""
        from .model.reload import library_notice
        from .screens.briefing import BriefingScreen

        changed = message.changed
        if not changed:
            if changed.asked:
                self.notify("reloaded: no file changed", timeout=3, markup=False)
            return
        reloaded = self.session.reload_files(changed)
        screen = self.screen
        if isinstance(screen, BriefingScreen) and reloaded.update_of(screen.briefing.id):
            return  # the briefing shown says what changed in it
        self.notify(safe.plain_line(library_notice(reloaded.updates)), timeout=3, markup=False)

    def action_reload(self) -> None:
        """``ctrl+r``: read the files changed on disk now."""
        if not self._watching:
            self.notify("Still loading: the files are being read.", markup=False)
            return
        self._wake.set()

    def on_unmount(self) -> None:
        """The watcher's thread ends with the app; the collector's thresholds are as
        before it (quitting mid-load)."""
        self._watch_ended = True
        self._wake.set()
        if self._held_threshold is not None:
            gc.set_threshold(*self._held_threshold)
            self._held_threshold = None

    def on_across_ready(self, message: AcrossReady) -> None:
        """The Entities and Timeline views can answer now; changed files are followed from
        now on (the worker that built them from the index is done with it)."""
        if message.content is not None:
            self.session.know_content(message.content)
        self.session.set_across(message.across)
        self._start_watching()

    # --- navigation ----------------------------------------------------------

    def on_open_briefing(self, message: OpenBriefing) -> None:
        """A screen asks for a briefing (``enter`` on a row, a followed link)."""
        message.stop()
        self.open_briefing(
            message.briefing_id, message.pane, message.item_id, from_briefing=message.from_briefing
        )

    def open_briefing(
        self,
        briefing_id: str,
        pane: str = "summary",
        item_id: str | None = None,
        *,
        from_briefing: bool = False,
    ) -> None:
        """Open a briefing on a new screen (``escape`` returns, and ``backspace``
        too when it was opened by following a link ``from_briefing``)."""
        from .screens.briefing import BriefingScreen, Location  # on first use: start-up is lighter

        library = self.session.library
        briefing = library.get(briefing_id)
        if briefing is None:
            shown = safe.plain_line(briefing_id)
            self.notify(f"No briefing with id {shown!r} is loaded.", markup=False)
            return
        links = library.links(briefing)
        start = Location(pane, item_id)  # shown from the first frame (not the summary first)
        self.session.navigation.opened = briefing.id
        screen = BriefingScreen(
            self.session, briefing, links, start, opened_from_briefing=from_briefing
        )
        self.push_screen(screen)
        changed = self.session.briefing_opened(briefing)
        if changed:
            self.notify(f"since last read: {changed}", markup=False)
        reading = self.session.reading
        if reading.kept and not reading.is_policy_kept(briefing) and not self._said_memory_only:
            self._said_memory_only = True  # once a session: the README says the rest
            limit = self.config.state_max_tlp.value.upper()
            self.notify(
                f"Marked above TLP:{limit}: what you read here is not recorded after you quit.",
                markup=False,
            )

    def to_library(self) -> None:
        """Close every briefing and overlay: back to the library (the first screen)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # on first use: start-up is lighter

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Open the palette, with the handling banners of the screen beneath."""
        from textual.command import CommandPalette  # off the start-up path

        from .commands import MarkedCommandPalette, jump_provider

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            providers = [*self.COMMANDS, jump_provider(self)]
            self.push_screen(MarkedCommandPalette(marking_of(self.screen), providers))


def run_app(paths: list[Path], *, mouse: bool = False, **options: Any) -> int:
    """Run the reader on ``paths`` until the user quits; returns the exit status."""
    # shutil.get_terminal_size (Textual's) believes $COLUMNS and $LINES before the
    # terminal: exported, they would hide every resize, and a terminal too small
    # for the layout would cut the banner instead of showing the notice.
    for variable in ("COLUMNS", "LINES"):
        os.environ.pop(variable, None)
    app = BriefingApp(paths, **options)
    # Our own loop: asyncio.run would wait, after the app ends, for a worker thread
    # still parsing a big file; the command ends the process instead (cli.py).
    loop = asyncio.new_event_loop()
    try:
        result = app.run(mouse=mouse, loop=loop)
    finally:
        loop.close()
        app.session.reading.state.compact()  # the log folded; appends already kept it all
    return result if isinstance(result, int) else 0
