"""The session's view across the library: its entity index and its timeline.

A part of the :class:`~.session.ReaderSession` (``session.across``), beside
``filter_state``. :func:`build_across` runs in the app's index worker right after the
search index (off the UI thread); the session then holds the result and answers the
Entities and Timeline questions for the filter's current bitset. Kept up to date per
briefing: :meth:`AcrossLibrary.briefing_changed` and :meth:`AcrossLibrary.briefing_removed`
touch only that briefing's entities (the timeline and the filter's map follow the
search index, rebuilt with it).

Plain Python, like the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the index worker, not at start-up
    from .model import Briefing
    from .model.search.entities import EntityFilter, EntityGroup, EntityIndex
    from .model.search.index import SearchIndex
    from .model.search.timeline import Period, Timeline, TimelineRow

__all__ = ["AcrossLibrary", "AcrossParts", "build_across"]


@dataclass(frozen=True, slots=True)
class AcrossParts:
    """What the index worker builds for one search index."""

    entities: EntityIndex
    entity_filter: EntityFilter
    timeline: Timeline


def build_across(briefings: Iterable[Briefing], index: SearchIndex) -> AcrossParts:
    """The entity index of ``briefings`` and the timeline and filter map of ``index``."""
    from .model.search.entities import EntityFilter, EntityIndex
    from .model.search.timeline import Timeline

    entities = EntityIndex.build(briefings)
    entities.groups()  # every group's figures made here, off the UI thread
    return AcrossParts(entities, EntityFilter(index), Timeline(index))


class AcrossLibrary:
    """The entity index and the timeline, once built (None before)."""

    def __init__(self) -> None:
        self.parts: AcrossParts | None = None

    @property
    def ready(self) -> bool:
        return self.parts is not None

    def set_parts(self, parts: AcrossParts) -> None:
        self.parts = parts

    def entity_rows(self, bits: int) -> list[EntityGroup]:
        """The entities the filter's bitset concerns, by name (none before the build)."""
        if self.parts is None:
            return []
        return self.parts.entity_filter.groups(self.parts.entities, bits)

    def timeline_rows(self, bits: int, period: Period | None, fit: int) -> list[TimelineRow]:
        """The timeline for the filter's bitset, by ``period`` or the finest that fits."""
        if self.parts is None:
            return []
        timeline = self.parts.timeline
        return timeline.rows(bits, period or timeline.choose_period(bits, fit))

    def briefing_changed(self, briefing: Briefing) -> None:
        """A briefing was added or replaced: regroup its entities."""
        if self.parts is not None:
            self.parts.entities.add(briefing)

    def briefing_removed(self, briefing_id: str) -> None:
        if self.parts is not None:
            self.parts.entities.remove(briefing_id)
