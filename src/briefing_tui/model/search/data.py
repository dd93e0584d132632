"""The columns a :class:`~.index.SearchIndex` searches (built by ``index_build.py``).

One *entry* per searchable item, numbered from 0, briefing by briefing in the order
given; inside a briefing: the briefing itself, then its incidents, quotes, sources and
entities in file order (so each briefing, and each kind inside it, is a contiguous
range of entry numbers). The columns:

* ``texts``: per entry, the folded words of the item (title, description, quote text,
  tags, ids...); a query's words search these and the names below (a ``str`` each: a
  word is tested on each by ``in``, which stops at its first match; one buffer of them
  all, like the names', took twice as long to search);
* ``codes``: one byte per entry for each single-valued field (ENUM_FIELDS), interleaved,
  so a query turns a column into a bitset with one slice and one ``bytes.translate``;
* ``has``: one byte per entry for each ``has:`` flag (HAS_FIELDS), interleaved likewise;
* ``posted``: for ``tag``, ``category`` and ``role``, each value -> the entries with it;
* ``names``: for ``actor``, ``location``, ``speaker``, ``source`` and ``entity``, per
  briefing a table of the names its entries refer to (an entity's name and aliases, a
  source's title and publisher, a speaker's label), folded, each with the set of the
  briefing's entries that refer to it, every briefing's in one ``columns.NameColumn``
  (``entity`` covers every entity an item involves: actors, locations, speaker,
  ``about``, and an entity itself);
* ``dates``: the entry number and date interval of each dated entry (``index_dates.py``);
* ``briefing_keys``: per briefing its ``tlp``, ``status`` and ``briefing`` (id and
  title) values, which hold for every entry of the briefing.

A briefing entry also carries its items' tags, categories, roles and names (``tag:x``
lists the briefings with an item tagged ``x``) and, as ``severity``, the highest
severity of its incidents.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeAlias, get_args, get_origin, get_type_hints

from ..format.types import Briefing, Entity, Incident, Quote, Source
from .columns import NameColumn
from .date_column import Dates
from .query import SEVERITY_LEVELS, HasWhat

__all__ = [
    "BRIEFING_FIELDS", "COLLECTION", "ENUM_FIELDS", "HAS_FIELDS", "KINDS", "KIND_CODE",
    "NAME_FIELDS", "POSTED_FIELDS", "TABLE_FIELDS", "TEXT_NAME_FIELDS", "VOCABULARY",
    "BriefingSpan", "IndexData", "Kind", "SearchItem",
]  # fmt: skip

Kind: TypeAlias = Literal["briefing", "incident", "quote", "source", "entity"]
KINDS: tuple[Kind, ...] = ("briefing", "incident", "quote", "source", "entity")
"""Kinds of entries, in their order inside a briefing."""
SearchItem: TypeAlias = Briefing | Incident | Quote | Source | Entity
KIND_CODE: dict[Kind, int] = {kind: code for code, kind in enumerate(KINDS)}
"""Each kind's byte in ``IndexData.kinds``."""
COLLECTION: dict[Kind, str] = {
    "incident": "incidents", "quote": "quotes", "source": "sources", "entity": "entities",
}  # fmt: skip
"""The attribute of ``Briefing`` that lists the items of each kind but ``briefing``."""

ENUM_FIELDS = ("type", "determination", "verification", "kind", "severity")
"""The single-valued fields, in their order in ``IndexData.codes``."""
HAS_FIELDS: tuple[HasWhat, ...] = ("quote", "source", "date")
"""The ``has:`` flags, in their order in ``IndexData.has``."""
POSTED_FIELDS = ("tag", "category", "role")
NAME_FIELDS = ("actor", "location", "speaker", "source", "entity")
TEXT_NAME_FIELDS = ("entity", "speaker", "source")
"""The names a query's words look in (beside the items' own words)."""
TABLE_FIELDS = (*NAME_FIELDS, "named")
"""The name tables kept per briefing: one per name field, and ``named``, the union of
TEXT_NAME_FIELDS (a word is looked for in one table, not three)."""
BRIEFING_FIELDS = ("tlp", "status", "briefing")


def _literal_values(model: type, name: str) -> tuple[str, ...]:
    """The strings a ``Literal`` (or optional ``Literal``) field of ``model`` allows."""
    hint = get_type_hints(model)[name]
    if get_origin(hint) is not Literal:
        hint = next(arg for arg in get_args(hint) if get_origin(arg) is Literal)
    return tuple(str(value) for value in get_args(hint))


def _codes(*values: str) -> dict[str | None, int]:
    codes: dict[str | None, int] = {None: 0}
    for value in values:
        codes.setdefault(value, len(codes))
    return codes


VOCABULARY: dict[str, dict[str | None, int]] = {
    "type": _codes(*_literal_values(Incident, "type")),
    "determination": _codes(*_literal_values(Incident, "determination")),
    "verification": _codes(*_literal_values(Quote, "verification")),
    "kind": _codes(*_literal_values(Quote, "kind"), *_literal_values(Source, "kind"),
                   *_literal_values(Entity, "kind")),
    "severity": _codes(*SEVERITY_LEVELS),
}  # fmt: skip
"""Per single-valued field, value -> its byte in the column (0: no value; severities
in rank order). A value outside the format's own list (possible only for objects built
in code) reads as no value."""


def _numbers() -> array[int]:
    return array("i")


class BriefingSpan(NamedTuple):
    """Where one briefing's entries are: ``range(start, stop)``, and per kind (a tuple:
    made four times faster than a frozen dataclass, 20,000 at each start)."""

    briefing_id: str
    start: int
    stop: int
    kinds: dict[Kind, tuple[int, int]]


@dataclass(slots=True)
class IndexData:
    """The columns of an index (see the module docstring)."""

    items: list[SearchItem] = field(default_factory=list)
    """Per entry its item, when built from briefings in this process (empty when put
    together from stored parts: items are then looked up in their briefing)."""
    briefings: dict[str, Briefing] = field(default_factory=dict)
    """The briefings indexed in this process, by id (empty likewise)."""
    kinds: bytearray = field(default_factory=bytearray)
    """The kind of each entry, as its index in KINDS."""
    texts: list[str] = field(default_factory=list)
    codes: bytearray = field(default_factory=bytearray)
    has: bytearray = field(default_factory=bytearray)
    posted: dict[str, defaultdict[str, array[int]]] = field(
        default_factory=lambda: {name: defaultdict(_numbers) for name in POSTED_FIELDS}
    )
    """Entry numbers as compact arrays (not an int object per posting)."""
    names: dict[str, NameColumn] = field(
        default_factory=lambda: {name: NameColumn() for name in TABLE_FIELDS}
    )
    """Per field, one table per briefing, in the order of ``spans``."""
    dates: Dates = field(default_factory=Dates)
    spans: list[BriefingSpan] = field(default_factory=list)
    briefing_keys: dict[str, defaultdict[str, list[int]]] = field(
        default_factory=lambda: {name: defaultdict(list) for name in BRIEFING_FIELDS}
    )
    """Per briefing-wide field, folded value -> the ordinals (in ``spans``) of briefings."""
    across: list[bytes] = field(default_factory=list)
    """Per briefing (in the order of ``spans``), what the entity index, the timeline and
    ``xid:`` need, encoded (``across_data.encode_across``: a few small objects per
    briefing, not several per entity; ``SearchIndex.across`` decodes them)."""
