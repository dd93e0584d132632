"""The reader's session: the state every screen shows, owned by no screen.

One ``ReaderSession`` lives as long as the app. The app creates it and hands it
to each screen in the screen's constructor; screens read its state and change it
through its methods, never through the app. Each change a screen must follow is
announced on one of the ``SessionSignals``: the session publishes, and a screen
subscribes when it mounts (``session.signals.library_changed.subscribe(self, ...)``).

Plain Python: Textual appears only as the type of the signals, which the app
makes (a ``Signal`` needs a running node as its owner).

**Where new state goes.** Each kind of state is a named part of the session (an
attribute set in ``__init__``, of a class in its own module when it grows, pure
Python where it can be): reading state as ``session.reading``, saved views as
``session.views``, an entity index beside ``filter_state``. Change it only
through methods of the session (or of the part) and, when screens must redraw,
add a signal to ``SessionSignals`` named for what changed (``reading_changed``)
and publish it from that method. Work that needs Textual (workers, timers, file
watching) stays in the app, which calls the session's methods with the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .across import AcrossLibrary
from .filtering import FilterState, History
from .model import Briefing, FileResult, Handling, Library
from .model.library import FileUpdate
from .model.marking import DEFAULT_LEVELS, Marking, combine
from .model.state import Reading, ReadingState

if TYPE_CHECKING:  # the app makes the signals; the session only publishes them
    from textual.signal import Signal

    from .across import AcrossParts
    from .model.reload import ChangedFiles
    from .model.search.index import SearchIndex

__all__ = [
    "LoadingProgress",
    "MarkingOptions",
    "Navigation",
    "ReaderSession",
    "Reloaded",
    "SessionSignals",
]


@dataclass(frozen=True, slots=True)
class Reloaded:
    """What one reload of changed files did (published with ``files_reloaded``)."""

    updates: tuple[FileUpdate, ...] = ()
    asked: bool = False
    """Asked for (``ctrl+r``), not found by the watcher."""
    _by_id: dict[str, FileUpdate] = field(default_factory=dict, compare=False)

    def update_of(self, briefing_id: str) -> FileUpdate | None:
        """What happened to the file that gave the briefing ``briefing_id``, if it changed."""
        return self._by_id.get(briefing_id)


@dataclass(frozen=True, slots=True)
class SessionSignals:
    """What the session announces; each is published with ``None``."""

    library_changed: Signal[None]
    """Briefings were added to ``library``, or ``loading`` moved on (the status line)."""
    index_ready: Signal[None]
    """``filter_state`` has the search index now: every filter can count."""
    files_reloaded: Signal[Reloaded]
    """Files changed on disk were read again: the library, the index and the filter's
    answer follow them (screens showing a changed briefing redraw it)."""
    across_ready: Signal[None]
    """``across`` has the entity index and the timeline now (after ``index_ready``)."""


@dataclass(frozen=True, slots=True)
class MarkingOptions:
    """How handling markings combine at this site (``config``: floor and levels)."""

    floor: Marking | None = None
    levels: Sequence[str] = DEFAULT_LEVELS

    def combine(self, handlings: Iterable[Handling]) -> Marking:
        """The most restrictive marking of ``handlings``, never below the floor."""
        return combine(handlings, floor=self.floor, levels=self.levels)


@dataclass(slots=True)
class LoadingProgress:
    """How far the loading of the library has come."""

    active: bool = True
    """Files are still being discovered or loaded."""
    total_files: int | None = None
    """How many files will load (None until discovery is done)."""
    loaded_files: int = 0
    """Files loaded so far, broken ones included."""


@dataclass(slots=True)
class Navigation:
    """What reading one briefing after another needs (``J``/``K``, ``v``)."""

    library_order: Sequence[str] = ()
    """The briefing ids of the library's list as shown (its filter and sort order)."""
    opened: str | None = None
    """The briefing opened last: the library's cursor goes there when it shows again."""
    layout: str = "auto"
    """A briefing's list and detail: ``auto``, ``stacked`` or ``side`` (config, then ``v``)."""

    def beside(self, briefing_id: str, step: int) -> str | None:
        """The briefing ``step`` places from ``briefing_id`` in the library's list."""
        order = list(self.library_order)
        if briefing_id not in order:
            return None
        at = order.index(briefing_id) + step
        return order[at] if 0 <= at < len(order) else None


class ReaderSession:
    """The library, its filter, the search histories, the marking and the loading."""

    def __init__(
        self,
        signals: SessionSignals,
        marking: MarkingOptions | None = None,
        reading: Reading | None = None,
    ) -> None:
        self.signals = signals
        self.reading = reading or Reading(ReadingState())
        """What was read and flagged (``model/state``): on disk, or in memory only."""
        self.library = Library()
        """Every briefing loaded so far, and the files that failed."""
        self.loading = LoadingProgress()
        self.marking = marking or MarkingOptions()
        """Site floor and levels: what every banner combines with."""
        self.filter_state = FilterState()
        """The one filter of every list (``f``), and the search index once built."""
        self.find_history = History()
        """Earlier find patterns of this session (never written to disk)."""
        self.filter_history = History()
        """Earlier filter queries of this session (never written to disk)."""
        self.navigation = Navigation()
        """Which briefing is open, the library's list as shown, and the layout."""
        self.across = AcrossLibrary()
        """The entity index and the timeline of the library, once built."""

    # --- loading ---------------------------------------------------------------

    def files_found(self, total: int) -> None:
        """Discovery is done: ``total`` files will load."""
        self.loading.total_files = total
        self.signals.library_changed.publish(None)

    def add_results(self, results: Sequence[FileResult]) -> None:
        """Files have loaded: add them to the library (nothing to do for none)."""
        if results:
            self.library.extend(results)
            self.loading.loaded_files += len(results)
            self.signals.library_changed.publish(None)

    def loading_finished(self) -> None:
        """No more files will load (every one did, or the loading failed)."""
        self.loading.active = False
        self.signals.library_changed.publish(None)

    def set_index(self, index: SearchIndex, across: AcrossParts | None = None) -> None:
        """The search index of the whole library is built (with, when given, the entity
        index and the timeline): filter with it (``is:unread`` and ``flag:`` read the
        reading state)."""
        from .model.state.bits import attach

        attach(index, self.reading)
        self.filter_state.set_index(index)
        if across is not None:
            self.across.set_parts(across)
        self.signals.index_ready.publish(None)

    def reload_files(self, changed: ChangedFiles) -> Reloaded:
        """Take files read again (``model.reload.read_changes``): the library, the search
        index (only the changed briefings are indexed, no rebuild: the filter answers at
        once), the entity index, then ``files_reloaded``."""
        from .model.state.bits import attach

        library = self.library
        updates = library.reload(changed.results, changed.removed)
        by_id = {u.before.header.id: u for u in updates if u.before and u.before.header}
        for update in updates:
            if update.after is not None and update.after.header is not None:
                by_id.setdefault(update.after.header.id, update)
        index = self.filter_state.index
        moved = [update for update in updates if update.changed]
        if index is not None and index.changeable and moved:
            from .model.reload import new_parts

            for update in moved:
                if update.before is not None and update.before.header is not None:
                    self.across.briefing_removed(update.before.header.id)
                briefing = update.after.briefing if update.after is not None else None
                if briefing is not None:
                    self.across.briefing_changed(briefing)
            if changed.plan is not None:  # put together in the watcher's thread
                index.adopt(changed.plan.parts, changed.plan.data)
            else:
                order = (header.id for header in library.headers)
                index.update(order, new_parts(moved, changed.parts or {}))
            self.across.index_changed(index)
            attach(index, self.reading)
            self.filter_state.set_index(index)  # the query answered again, at once
        reloaded = Reloaded(tuple(updates), changed.asked, by_id)
        self.signals.files_reloaded.publish(reloaded)
        return reloaded

    def set_across(self, across: AcrossParts) -> None:
        """The entity index and the timeline are built (after the search index): the
        screens that show them redraw (``across_ready``)."""
        self.across.set_parts(across)
        self.signals.across_ready.publish(None)

    def briefing_opened(self, briefing: Briefing) -> str:
        """Record that ``briefing`` was opened; what changed since it was last opened
        (``2 incidents added, 1 changed``), or ``""``."""
        return self.reading.open(briefing).describe({})

    # --- what the screens show -------------------------------------------------

    def status_text(self) -> str:
        """``loaded 812 / 2,000`` while loading, then ``2,000 briefings``."""
        loading = self.loading
        if loading.active:
            total = f"{loading.total_files:,}" if loading.total_files is not None else "?"
            return f"loading… loaded {loading.loaded_files:,} / {total}"
        count = len(self.library)
        text = f"{count:,} briefing" + ("" if count == 1 else "s")
        broken = len(self.library.broken)
        if broken:
            text += f", {broken:,} broken file" + ("" if broken == 1 else "s")
        if not self.reading.kept:
            text += ", state not kept"
        return text
