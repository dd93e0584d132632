"""The session's view across the library: its entity index and its timeline.

A part of the :class:`~.session.ReaderSession` (``session.across``), beside
``filter_state``. :func:`build_across` runs in the app's index worker right after the
search index (off the UI thread), from the facts the index's columns keep (no briefing is
decoded); the session then holds the result and answers the
Entities and Timeline questions for the filter's current bitset. Kept up to date per
briefing: :meth:`AcrossLibrary.briefing_changed` and :meth:`AcrossLibrary.briefing_removed`
touch only that briefing's entities. The timeline and the filter's map number the search
index's entries: when a reload changes the index (:meth:`AcrossLibrary.index_changed`)
they are made again from it when next asked for.

Plain Python, like the session.
"""

from __future__ import annotations

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


def build_across(index: SearchIndex) -> AcrossParts:
    """The entity index, the timeline and the filter map of the briefings of ``index``."""
    from .model.search.entities import EntityFilter, EntityIndex

    entities = EntityIndex.from_index(index)
    entities.groups()  # every group's figures made here, off the UI thread
    return AcrossParts(entities, EntityFilter(index, entities), index.timeline())


class AcrossLibrary:
    """The entity index and the timeline, once built (None before)."""

    def __init__(self) -> None:
        self._parts: AcrossParts | None = None
        self._changed_index: SearchIndex | None = None

    @property
    def ready(self) -> bool:
        return self._parts is not None

    @property
    def parts(self) -> AcrossParts | None:
        """The parts, the timeline and filter map made again if the index changed."""
        index = self._changed_index
        if index is not None and self._parts is not None:
            from .model.search.entities import EntityFilter

            entities = self._parts.entities
            self._parts = AcrossParts(entities, EntityFilter(index, entities), index.timeline())
        self._changed_index = None
        return self._parts

    @property
    def entities(self) -> EntityIndex | None:
        """The entity index: kept up to date briefing by briefing, so nothing is made
        again when the search index changes (an entity's detail asks it at every move)."""
        return self._parts.entities if self._parts is not None else None

    @property
    def timeline(self) -> Timeline | None:
        """The timeline of the current search index (the index's own)."""
        if self._parts is None:
            return None
        index = self._changed_index
        return index.timeline() if index is not None else self._parts.timeline

    def set_parts(self, parts: AcrossParts) -> None:
        self._parts = parts
        self._changed_index = None

    def index_changed(self, index: SearchIndex) -> None:
        """The search index changed in place (a reload): the entries are numbered anew."""
        self._changed_index = index

    def entity_rows(self, bits: int) -> list[EntityGroup]:
        """The entities the filter's bitset concerns, by name (none before the build); the
        whole library's without making the filter's map again after a change."""
        if self._parts is None:
            return []
        index = self._changed_index
        if index is not None and bits == index.everything:
            return self._parts.entities.groups()
        parts = self.parts
        assert parts is not None
        return parts.entity_filter.groups(parts.entities, bits)

    def timeline_rows(self, bits: int, period: Period | None, fit: int) -> list[TimelineRow]:
        """The timeline for the filter's bitset, by ``period`` or the finest that fits."""
        timeline = self.timeline
        if timeline is None:
            return []
        return timeline.rows(bits, period or timeline.choose_period(bits, fit))

    def briefing_changed(self, briefing: Briefing) -> None:
        """A briefing was added or replaced: regroup its entities."""
        if self._parts is not None:
            self._parts.entities.add(briefing)

    def briefing_removed(self, briefing_id: str) -> None:
        if self._parts is not None:
            self._parts.entities.remove(briefing_id)
