"""Seeing files change while the reader runs: a poller over the library's folders.

Polling with ``os.scandir`` and ``stat`` rather than inotify: shared libraries live on
NFS, CIFS or sshfs, where inotify misses other machines' writes. Each poll walks the
folders like the loader does (``*.yaml``/``*.yml``, hidden entries skipped, each real
folder once) and keys each file by the parse cache's :func:`~.loading.cache.file_key`
(size, mtime, ctime, inode). A file is reported only once it looked the same on two
polls in a row, so a file being written is never read half-written and a
write-then-rename is one change; a file is reported gone once it was missing on two
polls (an editor that deletes then re-creates is an edit). After a poll that saw a
change not yet steady, the next one comes after ``SETTLE`` seconds rather than a whole
interval: a change is shown sooner, and still only once it held still. A library whose
poll takes longer than ``BUSIEST`` of the interval (20,000 files: ~0.15 s) is polled less
often, so that polling never takes more than that share of the time (the reader's keys
and the UI share the interpreter with it); ``ctrl+r`` still polls at once.

Pure: :class:`Watcher` is driven by its caller (``tick()`` from a timer) and reads the
time from an injectable clock, so tests run it without sleeping.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .loading.files import FileKey, file_key, walk_files

__all__ = ["BUSIEST", "SETTLE", "FileChanges", "FolderPoller", "Watcher", "scan"]

SETTLE = 0.5
"""Seconds between the poll that first sees a change and the one that finds it steady
(at most the watcher's interval)."""

BUSIEST = 0.05
"""The largest share of the time spent polling: a poll that took ``t`` seconds is
followed by a wait of at least ``t / BUSIEST`` (a change seen once still gets ``SETTLE``)."""


@dataclass(frozen=True, slots=True)
class FileChanges:
    """Paths (as strings) that settled since the last report."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def scan(roots: Iterable[Path | str]) -> dict[str, FileKey]:
    """Every briefing file under ``roots`` and its key (files that vanish are left out),
    found and named as the loader finds and names them (``loading.files.walk_files``),
    so that a change is reported under the path the library knows."""
    found: dict[str, os.stat_result] = {}
    for _ in walk_files(roots, found):
        pass
    return {path: file_key(info) for path, info in found.items()}


@dataclass(slots=True)
class FolderPoller:
    """Compares successive scans; reports files once they are steady (see the module doc)."""

    roots: Sequence[Path | str]
    known: dict[str, FileKey] = field(default_factory=dict)
    """Files as last reported (or as loaded at start)."""
    _last: dict[str, FileKey] = field(default_factory=dict)
    pending: bool = False
    """The last poll saw a change it did not report yet (not steady)."""

    @classmethod
    def start(
        cls, roots: Sequence[Path | str], found: Mapping[str, os.stat_result] | None = None
    ) -> FolderPoller:
        """A poller that takes the files as they are now as already read: as ``found``
        says (the loader's discovery, ``loading.files.find_files``), or as a scan finds."""
        if found is None:
            current = scan(roots)
        else:
            current = {path: file_key(info) for path, info in found.items()}
        return cls(roots, dict(current), current)

    def poll(self) -> FileChanges:
        current = scan(self.roots)
        last, known = self._last, self.known
        added: list[str] = []
        changed: list[str] = []
        for path, key in current.items():
            if known.get(path) != key and last.get(path) == key:
                (changed if path in known else added).append(path)
                known[path] = key
        removed = [path for path in known if path not in current and path not in last]
        for path in removed:
            del known[path]
        self._last = current
        self.pending = current != known
        return FileChanges(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(removed)))

    def poll_now(self) -> FileChanges:
        """Two scans back to back: what changed since the last poll, if it holds still."""
        self._last = scan(self.roots)
        return self.poll()

    def forget(self, path: str) -> None:
        """Report ``path`` again at the next steady poll (its read failed)."""
        self.known.pop(path, None)


class Watcher:
    """A :class:`FolderPoller` run every ``interval`` seconds of ``clock``."""

    def __init__(
        self,
        roots: Sequence[Path | str],
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        found: Mapping[str, os.stat_result] | None = None,
    ) -> None:
        self.poller = FolderPoller.start(roots, found)
        self.interval = interval
        self.clock = clock
        self._next = clock() + interval

    def due_in(self) -> float:
        """Seconds of ``clock`` until the next poll is due (0 or less: due now)."""
        return self._next - self.clock()

    def tick(self) -> FileChanges:
        """Poll when due (else no changes)."""
        now = self.clock()
        if now < self._next:
            return FileChanges()
        changes = self.poller.poll()
        soon = self.poller.pending  # a change seen once: look again soon
        took = self.clock() - now
        pause = max(self.interval, took / BUSIEST)  # a large library: polled less often
        self._next = now + (min(self.interval, SETTLE) if soon else pause)
        return changes

    def now(self) -> FileChanges:
        """Poll at once (``ctrl+r``): files changed since the last poll count as steady."""
        self._next = self.clock() + self.interval
        return self.poller.poll_now()
