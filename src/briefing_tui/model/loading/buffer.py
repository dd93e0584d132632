"""The hand-over of loaded files from the loading thread to the UI."""

from __future__ import annotations

import threading

from ..format.result import FileResult

__all__ = ["LoadBuffer"]


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
