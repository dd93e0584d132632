"""The Textual application: wires loading, screens and global keys together.

The app itself only holds the library and the global bindings; each screen
presents part of the model. Loading runs in a thread worker that posts batches
back, so the first frame never waits for files.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette

from .commands import JumpProvider, MarkedCommandPalette
from .messages import FilesFound, FilesLoaded, LoadingFinished
from .model import Library
from .model.stream import discover, load_stream
from .screens.briefing import BriefingScreen, Location
from .screens.help import HelpScreen
from .screens.library import LibraryScreen
from .screens.overlay import marking_of
from .widgets import safe

__all__ = ["BriefingApp", "run_app"]

_BATCH_SECONDS = 0.1
"""How often the loading worker posts what it has loaded."""


class BriefingApp(App[int]):
    """A keyboard-first reader for structured briefings."""

    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    ENABLE_COMMAND_PALETTE = True

    COMMANDS = App.COMMANDS | {JumpProvider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit at once", id="app.quit"),
        Binding(
            "question_mark",
            "help",
            "Help",
            tooltip="Show (or close) the keys of this screen",
            id="app.help",
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
    ]

    def __init__(self, paths: list[Path], *, use_cache: bool = True) -> None:
        super().__init__()
        self.paths = paths
        self.use_cache = use_cache
        self.library = Library()
        self.loading = True
        self.total_files: int | None = None
        self.loaded_files = 0
        self.marking_options: dict[str, Any] = {}
        """Keyword arguments for ``marking.combine`` (site floor, levels)."""

    def get_default_screen(self) -> LibraryScreen:
        return LibraryScreen()

    def on_mount(self) -> None:
        self._load()

    # --- loading (a thread worker that only posts messages) ------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        files, failures = discover(self.paths)
        self.post_message(FilesFound(len(files) + len(failures)))
        batch = list(failures)
        last = time.monotonic()
        for result in load_stream(files, use_cache=self.use_cache):
            batch.append(result)
            if time.monotonic() - last >= _BATCH_SECONDS:
                self.post_message(FilesLoaded(batch))
                batch, last = [], time.monotonic()
        self.post_message(FilesLoaded(batch))
        self.post_message(LoadingFinished())

    def on_files_found(self, message: FilesFound) -> None:
        self.total_files = message.total
        self._refresh_library()

    def on_files_loaded(self, message: FilesLoaded) -> None:
        self.library.extend(message.results)
        self.loaded_files += len(message.results)
        self._refresh_library()

    def on_loading_finished(self, message: LoadingFinished) -> None:
        self.loading = False
        self._refresh_library()
        if len(self.library) == 1 and not self.library.broken:
            self.open_briefing(self.library.briefings[0].id)

    def _refresh_library(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.refresh_library()

    def status_text(self) -> str:
        """``loaded 812 / 2,000`` while loading, then ``2,000 briefings``."""
        if self.loading:
            total = f"{self.total_files:,}" if self.total_files is not None else "?"
            return f"loading… loaded {self.loaded_files:,} / {total}"
        count = len(self.library)
        text = f"{count:,} briefing" + ("" if count == 1 else "s")
        broken = len(self.library.broken)
        if broken:
            text += f", {broken:,} broken file" + ("" if broken == 1 else "s")
        return text

    # --- navigation ----------------------------------------------------------

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
        briefing = self.library.get(briefing_id)
        if briefing is None:
            shown = safe.plain_line(briefing_id)
            self.notify(f"No briefing with id {shown!r} is loaded.", markup=False)
            return
        links = self.library.links(briefing)
        screen = BriefingScreen(briefing, links, opened_from_briefing=from_briefing)
        self.push_screen(screen)
        if pane != "summary" or item_id is not None:
            screen.call_after_refresh(screen.go, Location(pane, item_id), remember=False)

    def to_library(self) -> None:
        """Close every briefing and overlay: back to the library."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Open the palette, with the handling banners of the screen beneath."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(MarkedCommandPalette(marking_of(self.screen)))


def run_app(paths: list[Path], *, mouse: bool = False, **options: Any) -> int:
    """Run the reader on ``paths`` until the user quits; returns the exit status."""
    app = BriefingApp(paths, **options)
    result = app.run(mouse=mouse)
    return result if isinstance(result, int) else 0
