"""The reading state: what was read, what changed since, flags; kept in a private log.

``records`` (one briefing's state, as event and as fold), ``store`` (the log on disk,
or memory only), ``reading`` (the questions and actions the reader uses, with the
policy of what is never recorded), ``bits`` (the ``is:``/``flag:`` query terms).
"""

from __future__ import annotations

from .reading import BriefingHashes, Reading, RecordPolicy
from .records import BriefingRecord, Changes
from .store import ReadingState, StateError, StateStore

__all__ = [
    "BriefingHashes",
    "BriefingRecord",
    "Changes",
    "Reading",
    "ReadingState",
    "RecordPolicy",
    "StateError",
    "StateStore",
]
