"""What the entity index, the timeline and ``xid:`` need of one briefing, kept in its index part.

Built beside the rest of a briefing's index columns (``build.py``), by the worker that
parses the file, and stored with them in the parse cache (``part.py``): a start from the
cache then makes the entity index (``entities.py``), the entity filter and the timeline
(``timeline.py``) from these small records, without decoding a single briefing.

* ``entities``: per entity of the briefing (in file order, as its entity entries), what
  links it across the library (names, kind, country, external ids), its figures (incidents
  it is an actor or a location in, first and last date) and where it appears (positions
  among the briefing's incidents and quotes);
* ``whens``: per incident, its date as written, one line each: ``at|start|end|a`` (``a``
  is ``1`` when approximate), an empty line for an undated incident;
* ``xids``: the folded ``scheme:id`` of every external id of its entities and sources
  (``xid:`` decodes only the briefings that hold the id asked for).

Plain data (msgspec Structs); read back from the cache it is checked like the rest of a
part (:func:`across_part_ok`). An index keeps each briefing's facts encoded
(:func:`encode_across`: 26 MB at 20,000 briefings, where the decoded Structs took 178 MB),
and each use decodes them a briefing at a time (:func:`decode_across`), only the fields it
reads: :class:`AcrossEntities` (the entity index), :class:`AcrossWhens` (the timeline),
:class:`AcrossXids` (``xid:``), or the whole :class:`AcrossPart`.
"""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import Any, TypeVar

import msgspec

from ..format.dates import PartialDate
from ..format.types import Briefing, When
from .folding import fold_text

__all__ = [
    "AcrossEntities", "AcrossPart", "AcrossWhens", "AcrossXids", "EntityFacts", "EntityNames",
    "across_part", "across_part_ok", "decode_across", "encode_across", "parse_date",
    "when_lines", "when_of",
]  # fmt: skip


class EntityNames(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """What the entity index reads of an entity: the fields of :class:`EntityFacts` before
    its positions (decoded from the same bytes, the rest skipped)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    external_ids: dict[str, str]
    incidents: int
    """Incidents it is an actor or a location in."""
    first: str | None
    """The earliest date of an incident or quote it appears in, as written."""
    last: str | None


class EntityFacts(EntityNames, array_like=True, frozen=True, gc=False):
    """One entity of one briefing, as the library-wide views need it (its names and
    figures, then where it appears)."""

    incident_refs: tuple[int, ...]
    """Positions (among the briefing's incidents) of those it is an actor or location in."""
    quote_refs: tuple[int, ...]
    """Positions (among the briefing's quotes) of those it said."""


class AcrossPart(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """The across-library facts of one briefing (see the module docstring)."""

    entities: tuple[EntityFacts, ...]
    whens: str
    xids: tuple[str, ...]


class AcrossEntities(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """An encoded :class:`AcrossPart` as the entity index reads it (the rest skipped)."""

    entities: tuple[EntityNames, ...]


class AcrossWhens(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """An encoded :class:`AcrossPart` as the timeline reads it."""

    entities: msgspec.Raw
    whens: str


class AcrossXids(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """An encoded :class:`AcrossPart` as ``xid:`` reads it."""

    entities: msgspec.Raw
    whens: msgspec.Raw
    xids: tuple[str, ...]


Shape = TypeVar("Shape", AcrossPart, AcrossEntities, AcrossWhens, AcrossXids)
_across_encoder = msgspec.msgpack.Encoder()
_across_decoders: dict[type, msgspec.msgpack.Decoder[Any]] = {}


def encode_across(part: AcrossPart) -> bytes:
    """``part`` as an index keeps it."""
    return _across_encoder.encode(part)


def decode_across(encoded: bytes, shape: type[Shape]) -> Shape:
    """The facts ``encoded`` (``encode_across``) as ``shape`` reads them (``DecodeError``
    only for bytes that were not made by ``encode_across``: an index checks every part
    it keeps, ``across_part_ok``)."""
    decoder = _across_decoders.get(shape)
    if decoder is None:
        decoder = _across_decoders[shape] = msgspec.msgpack.Decoder(shape)
    found: Shape = decoder.decode(encoded)
    return found


def _text(date: PartialDate | None) -> str:
    return date.text if date is not None else ""


def _when_line(when: When | None) -> str:
    if when is None:
        return ""
    return "|".join((_text(when.at), _text(when.start), _text(when.end),
                     "1" if when.approximate else ""))  # fmt: skip


def across_part(briefing: Briefing) -> AcrossPart:
    """The across-library facts of ``briefing``."""
    involved: dict[str, tuple[list[int], list[int]]] = {e.id: ([], []) for e in briefing.entities}
    figures: dict[str, list[PartialDate | None]] = {}

    def seen(ref: str, date: PartialDate | None) -> None:
        span = figures.setdefault(ref, [None, None])
        if date is None:
            return
        if span[0] is None or date.start < span[0].start:
            span[0] = date
        if span[1] is None or date.start > span[1].start:
            span[1] = date

    counts: dict[str, int] = {}
    for position, incident in enumerate(briefing.incidents):
        date = incident.when.sort_date if incident.when is not None else None
        refs = dict.fromkeys((*(actor.entity for actor in incident.actors), *incident.locations))
        for ref in refs:
            counts[ref] = counts.get(ref, 0) + 1
            seen(ref, date)
            if ref in involved:
                involved[ref][0].append(position)
    for position, quote in enumerate(briefing.quotes):
        if quote.speaker is not None:
            seen(quote.speaker, quote.said.sort_date if quote.said is not None else None)
            if quote.speaker in involved:
                involved[quote.speaker][1].append(position)
    entities = []
    for entity in briefing.entities:
        first, last = figures.get(entity.id, (None, None))
        incidents, quotes = involved[entity.id]
        entities.append(EntityFacts(
            entity.id, entity.name, entity.aliases, entity.kind, entity.country,
            dict(entity.external_ids), counts.get(entity.id, 0),
            first.text if first is not None else None, last.text if last is not None else None,
            tuple(incidents), tuple(quotes),
        ))  # fmt: skip
    held = [*(e.external_ids for e in briefing.entities),
            *(s.external_ids for s in briefing.sources)]  # fmt: skip
    xids = dict.fromkeys(
        f"{fold_text(scheme)}:{fold_text(value)}" for ids in held for scheme, value in ids.items()
    )
    whens = "\n".join(_when_line(incident.when) for incident in briefing.incidents)
    return AcrossPart(tuple(entities), whens, tuple(xids))


_dates: dict[str, PartialDate | None] = {}


def parse_date(text: str) -> PartialDate | None:
    """``text`` as a date (remembered: a library repeats its dates); None if it is not one."""
    found = _dates.get(text, False)
    if found is False:
        if len(_dates) > 200_000:
            _dates.clear()
        try:
            found = PartialDate.parse(text) if text else None
        except ValueError:
            found = None
        _dates[text] = found
    return found  # type: ignore[return-value]


_whens: dict[str, When | None] = {}


def when_of(line: str) -> When | None:
    """An incident's date from its line in ``AcrossPart.whens`` (remembered); None: undated."""
    found = _whens.get(line, False)
    if found is False:
        if len(_whens) > 200_000:
            _whens.clear()
        fields = line.split("|")
        if len(fields) != 4:  # "" (undated), or a damaged line: undated too
            found = None
        else:
            at, start, end = map(parse_date, fields[:3])
            found = When(at=at, start=start, end=end, approximate=fields[3] == "1")
        _whens[line] = found
    return found  # type: ignore[return-value]


def when_lines(part: AcrossPart | AcrossWhens, incidents: int) -> list[str]:
    """Per incident its date line (``incidents`` of them; ``[]`` splits to one empty line)."""
    return part.whens.split("\n") if incidents else []


def across_part_ok(part: AcrossPart, incidents: int, quotes: int) -> bool:
    """Whether a part read back fits its briefing (``incidents`` and ``quotes`` in its
    header): one date line per incident, every position in range. A date that does not
    parse reads as none (``parse_date``, ``when_of``): it cannot reach past its row."""
    if part.whens.count("\n") + 1 != incidents and not (incidents == 0 and not part.whens):
        return False
    entities = part.entities
    if not entities:
        return True
    # every entity's positions at once (gathered in C), not a min and a max per entity
    found = list(chain.from_iterable(map(attrgetter("incident_refs"), entities)))
    if found and (min(found) < 0 or max(found) >= incidents):
        return False
    found = list(chain.from_iterable(map(attrgetter("quote_refs"), entities)))
    if found and (min(found) < 0 or max(found) >= quotes):
        return False
    return bool(min(map(attrgetter("incidents"), entities)) >= 0)
