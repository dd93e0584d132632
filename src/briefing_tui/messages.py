"""Messages from the loading worker to the app: small dataclasses, posted from a thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual.message import Message

from .model import FileResult

__all__ = ["FilesFound", "FilesLoaded", "LoadBuffer", "LoadingFinished"]


@dataclass
class FilesFound(Message):
    """Discovery is done: ``total`` files will load."""

    total: int


@dataclass
class FilesLoaded(Message):
    """Files have loaded since the UI last looked: take them from the ``LoadBuffer``.

    Posted only when the buffer goes from empty to not empty, so however fast
    files load, at most one of these waits in the queue.
    """


@dataclass
class LoadingFinished(Message):
    """Every file has been loaded."""


class LoadBuffer:
    """Files loaded by the worker thread and not yet shown, handed over under a lock.

    The worker ``put``s each file as it loads; the UI ``take``s them all when it
    chooses to refresh, so it paces its own repaints and no file waits for the
    next one to arrive before it is shown.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: list[FileResult] = []

    def put(self, result: FileResult) -> bool:
        """Keep ``result``; True when the buffer was empty (tell the UI: ``FilesLoaded``)."""
        with self._lock:
            self._results.append(result)
            return len(self._results) == 1

    def take(self) -> list[FileResult]:
        """Every result kept since the last ``take``."""
        with self._lock:
            results, self._results = self._results, []
        return results
