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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .across import AcrossLibrary
from .filtering import FilterState, History
from .model import Briefing, FileResult, Library
from .model.library import FileUpdate
from .model.marking import MarkingRules
from .model.state import Reading, ReadingState
from .model.state.records import Changes
from .views import SavedViews

if TYPE_CHECKING:  # the app makes the signals; the session only publishes them
    from textual.signal import Signal

    from .across import AcrossParts
    from .model.reload import ChangedFiles
    from .model.search.index import SearchIndex

__all__ = [
    "LoadingProgress",
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
    reading_changed: Signal[None]
    """Something was marked read, unread or flagged, or a briefing's content changed:
    unread marks and counts are redrawn."""
    across_ready: Signal[None]
    """``across`` has the entity index and the timeline now (after ``index_ready``)."""


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
        marking: MarkingRules | None = None,
        reading: Reading | None = None,
        views: Mapping[str, str] | None = None,
    ) -> None:
        self.signals = signals
        self.reading = reading or Reading(ReadingState())
        """What was read and flagged (``model/state``): on disk, or in memory only."""
        self.library = Library()
        """Every briefing loaded so far, and the files that failed."""
        self.loading = LoadingProgress()
        self.marking = marking or MarkingRules()
        """Site floor and levels: every banner is ``session.marking.marking(handlings)``."""
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
        self.views = SavedViews(views or {})
        """The saved views (``[views]`` of config.toml), listed on the library."""

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
                index.adopt(changed.plan.data)
            else:
                order = (header.id for header in library.headers)
                index.update(order, new_parts(moved, changed.parts or {}))
            self.across.index_changed(index)
            attach(index, self.reading)
            self.filter_state.set_index(index)  # the query answered again, at once
        reloaded = Reloaded(tuple(updates), changed.asked, by_id)
        for update in moved:  # read before: now updated, its changes marked until seen
            after = update.after.decode() if update.after is not None else None
            if after is not None:
                self.reading.content_changed(after)
        if moved:
            self.views.forget()
            self.signals.reading_changed.publish(None)
        self.signals.files_reloaded.publish(reloaded)
        return reloaded

    def set_across(self, across: AcrossParts) -> None:
        """The entity index and the timeline are built (after the search index): the
        screens that show them redraw (``across_ready``)."""
        self.across.set_parts(across)
        self.signals.across_ready.publish(None)

    # --- reading state (every change publishes ``reading_changed``) -------------

    def briefing_opened(self, briefing: Briefing) -> str:
        """Record that ``briefing`` was opened; what changed since it was last opened
        (``2 incidents added, 1 changed``), or ``""``."""
        changes = self.reading.open(briefing)
        self.signals.reading_changed.publish(None)
        return _describe(briefing, changes)

    def content_changed(self, briefing: Briefing, *, on_screen: bool = False) -> str:
        """The content of briefing ``briefing.id`` is now ``briefing`` (its file was
        reloaded). The library marks it updated when it was read before; its items
        added or edited since the last read are marked new until seen. ``on_screen``
        (it is open): it counts as opened again at the new content. Returns what
        changed since it was last read (``2 incidents added, 1 changed``), or ``""``."""
        changes = (
            self.reading.open(briefing) if on_screen else self.reading.content_changed(briefing)
        )
        self.views.forget()
        self.signals.reading_changed.publish(None)
        return _describe(briefing, changes)

    def know_content(self, hashes: dict[str, int]) -> None:
        """The content hashes of the loaded briefings (computed with the index)."""
        self.reading.know_content(hashes)
        self.signals.reading_changed.publish(None)

    def item_shown(self, briefing: Briefing, item_id: str) -> None:
        """An incident's or quote's detail was shown: it is read."""
        if self.reading.item_state(briefing, item_id) not in ("read", ""):
            self.reading.read_item(briefing, item_id)
            self.signals.reading_changed.publish(None)

    def toggle_read(self, briefing: Briefing, item_id: str = "") -> bool:
        """Read becomes unread and the other way round; whether it is read now."""
        now_read = self.reading.toggle_read(briefing, item_id)
        self.signals.reading_changed.publish(None)
        return now_read

    def mark_read(self, briefings: Iterable[Briefing]) -> None:
        """Briefings and every item of theirs read."""
        self.reading.mark_read(briefings)
        self.signals.reading_changed.publish(None)

    def mark_items_read(self, briefing: Briefing, item_ids: Iterable[str]) -> int:
        """Items of ``briefing`` read; how many were not."""
        marked = 0
        for item_id in item_ids:
            if self.reading.item_state(briefing, item_id) not in ("read", ""):
                self.reading.read_item(briefing, item_id)
                marked += 1
        if marked:
            self.signals.reading_changed.publish(None)
        return marked

    def toggle_flag(self, briefing: Briefing, letter: str, item_id: str = "") -> str:
        """Add flag ``letter`` to a briefing or item, or take it away; its flags now."""
        flags = self.reading.flags(briefing.id, item_id)
        flags = flags.replace(letter, "") if letter in flags else flags + letter
        self.reading.set_flags(briefing, flags, item_id)
        self.signals.reading_changed.publish(None)
        return self.reading.flags(briefing.id, item_id)

    def reading_text(self) -> str:
        """``3 unread, 1 updated`` over the library (``""`` when all is read)."""
        unread, updated = self.reading.count_states(self.library.ids)
        parts = [f"{unread:,} unread"] if unread else []
        if updated:
            parts.append(f"{updated:,} updated")
        return ", ".join(parts)

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
        reading = self.reading_text()
        if reading:
            text += ", " + reading
        if not self.reading.kept:
            text += ", state not kept"
        return text


def _describe(briefing: Briefing, changes: Changes) -> str:
    kinds = {item.id: "incident" for item in briefing.incidents}
    kinds.update((quote.id, "quote") for quote in briefing.quotes)
    return changes.describe(kinds)
