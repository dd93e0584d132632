"""Messages to the app: from the loading and indexing workers (posted from a
thread), and from the screens (``OpenBriefing``, which bubbles up to the app)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the index is imported when first built, not at start-up
    from .across import AcrossParts
    from .model.reload import ChangedFiles
    from .model.search.index import SearchIndex

__all__ = [
    "AcrossReady",
    "CopyText",
    "FilesChanged",
    "FilesFound",
    "FilesLoaded",
    "LoadingFinished",
    "OpenBriefing",
    "SearchIndexReady",
]


@dataclass
class FilesFound(Message):
    """Discovery is done: ``total`` files will load."""

    total: int


@dataclass
class FilesLoaded(Message):
    """Files have loaded since the UI last looked: take them from the app's
    ``LoadBuffer`` (``model.loading.buffer``).

    Posted only when the buffer goes from empty to not empty, so however fast
    files load, at most one of these waits in the queue; and once more with ``last``
    when the last file of the load is in it.
    """

    last: bool = False
    """The last file is among them: take them at once (the loader still closes its
    worker processes and writes the cache before ``LoadingFinished``)."""


@dataclass
class LoadingFinished(Message):
    """Every file has been loaded."""


@dataclass
class FilesChanged(Message):
    """The watcher saw files change and read them again (``model.reload``).

    Posted at most once a poll, and never replaced by a later one: each carries a step
    of the index that the watcher's thread planned on top of the ones before.
    """

    changed: ChangedFiles


@dataclass
class SearchIndexReady(Message):
    """The library's search index is built: filter with ``index`` (the entity index and
    the timeline follow in ``AcrossReady``)."""

    index: SearchIndex


@dataclass
class AcrossReady(Message):
    """The entity index and the timeline are built (after the search index they follow)."""

    across: AcrossParts
    content: dict[str, int] | None = None
    """The content hash of each briefing (``model.state.records.content_hash``)."""


@dataclass
class OpenBriefing(Message):
    """Open a briefing on a new screen, at ``pane`` and ``item_id`` (the app does).

    ``from_briefing``: opened by following a link, so ``backspace`` returns.
    """

    briefing_id: str
    pane: str = "summary"
    item_id: str | None = None
    from_briefing: bool = False


@dataclass
class CopyText(Message):
    """Put ``text`` (already inert) on the clipboard and say that ``what`` was copied
    (the app does: in secure mode it says copying is off)."""

    text: str
    what: str
