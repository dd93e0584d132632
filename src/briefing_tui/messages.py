"""Messages from the loading worker to the app: small dataclasses, posted from a thread."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from textual.message import Message

from .model import FileResult

__all__ = ["FilesFound", "FilesLoaded", "LoadBatcher", "LoadingFinished"]


@dataclass
class FilesFound(Message):
    """Discovery is done: ``total`` files will load."""

    total: int


@dataclass
class FilesLoaded(Message):
    """A batch of files finished loading (good and broken alike)."""

    results: list[FileResult]


@dataclass
class LoadingFinished(Message):
    """Every file has been loaded."""


class LoadBatcher:
    """Groups loaded files into a few batches a second for ``FilesLoaded``.

    The first file is due at once, so rows appear as soon as anything has
    loaded; after that a batch is due every ``interval`` seconds. Each batch
    costs the UI thread a re-sort and a repaint, so a few a second keep it free
    for keys while 2,000 files load.
    """

    def __init__(self, initial: Iterable[FileResult] = (), *, interval: float = 0.2) -> None:
        self.interval = interval
        self._results: list[FileResult] = list(initial)
        self._last: float | None = None

    def add(self, result: FileResult) -> bool:
        """Keep ``result``; True when a batch is due (``take`` it)."""
        self._results.append(result)
        now = time.monotonic()
        return self._last is None or now - self._last >= self.interval

    def take(self) -> list[FileResult]:
        """The results kept since the last batch."""
        results, self._results = self._results, []
        self._last = time.monotonic()
        return results
