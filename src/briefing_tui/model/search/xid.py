"""``xid:SCHEME:ID``: the items of a library that name one thing by its external id.

``xid:wikidata:Q1318`` matches the entities and sources whose ``external_ids`` hold
that id (scheme and id compared folded, like every query value), the incidents those
entities are an actor or a location in (or that cite those sources), the quotes they said
(or from those sources), and their briefings.
Worked out at query time (the index caches the answer) from the briefings that hold the
id: the index's columns keep each briefing's external ids (``SearchIndex.across``), so
only those briefings are decoded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..format.types import Incident
from .across_data import AcrossXids
from .bitset import bits_from_indices
from .folding import fold_text

if TYPE_CHECKING:
    from .index import SearchIndex

__all__ = ["xid_bits"]


def _holds(external_ids: Mapping[str, str], scheme: str, wanted: str) -> bool:
    return any(
        fold_text(key) == scheme and fold_text(value) == wanted
        for key, value in external_ids.items()
    )


def _involves(incident: Incident, entities: set[str], sources: set[str]) -> bool:
    """An actor or location of the incident is one of ``entities``, or it cites ``sources``."""
    refs = {*(actor.entity for actor in incident.actors), *incident.locations}
    return bool(refs & entities) or not sources.isdisjoint(incident.sources)


def xid_bits(index: SearchIndex, value: str) -> int:
    """The entries of ``index`` for ``xid:value`` (``value`` folded, ``scheme:id``)."""
    scheme, _, wanted = value.partition(":")
    found: list[int] = []
    holding = [briefing_id for briefing_id, p in index.across(AcrossXids) if value in p.xids]
    for briefing in map(index.briefing, holding):
        entities = {e.id for e in briefing.entities if e.external_ids
                    and _holds(e.external_ids, scheme, wanted)}  # fmt: skip
        sources = {s.id for s in briefing.sources if s.external_ids
                   and _holds(s.external_ids, scheme, wanted)}  # fmt: skip
        if not entities and not sources:
            continue
        found.append(index.span(briefing.id, "briefing").start)
        spans = (
            ("entity", [e.id in entities for e in briefing.entities]),
            ("source", [s.id in sources for s in briefing.sources]),
            ("incident", [_involves(i, entities, sources) for i in briefing.incidents]),
            ("quote", [q.speaker in entities or q.source in sources for q in briefing.quotes]),
        )  # fmt: skip
        for kind, hits in spans:
            numbers = index.span(briefing.id, kind)  # type: ignore[arg-type]
            found.extend(n for n, hit in zip(numbers, hits, strict=False) if hit)
    return bits_from_indices(found, index.size)
