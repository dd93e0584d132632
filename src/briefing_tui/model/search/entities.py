"""Who appears where across the library: entities merged by external id, and possible matches.

Every entity of every briefing is a *mention*. Two mentions are **the same** entity when
they share an external id (``external_ids: {wikidata: Q1318}``; through a chain of shared
ids too): they form one :class:`EntityGroup`. A shared name is not proof: two groups whose
mentions share a normalised name or alias (case, accents and punctuation folded), whose
kinds do not conflict and whose countries do not differ, are only a **possible match**,
listed apart and never merged.

Over-correlation guard (as MISP's correlation has): a name on the stop list
(``government``, ``police``, ``unknown``...) or held by more than ``max_briefings``
briefings links nothing; it is *flagged* instead, so the reader can see why.

The index is pure and kept up to date briefing by briefing: :meth:`EntityIndex.add`
(which replaces a briefing already there) and :meth:`EntityIndex.remove` touch only the
groups of that briefing's mentions.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import msgspec

from ..format.dates import PartialDate
from ..format.types import Briefing
from .across_data import (
    AcrossEntities,
    AcrossPart,
    EntityNames,
    across_part,
    parse_date,
)
from .bitset import flags_of
from .folding import fold_text

if TYPE_CHECKING:
    from .index import SearchIndex

__all__ = [
    "DEFAULT_MAX_BRIEFINGS", "STOP_NAMES", "Appearance", "EntityFilter", "EntityGroup",
    "EntityIndex", "Mention", "PossibleMatch", "appearances", "group_cells", "kinds_conflict",
    "name_key",
]  # fmt: skip

DEFAULT_MAX_BRIEFINGS = 100
"""A name held by more briefings than this links nothing (it is flagged)."""
STOP_NAMES = frozenset({
    "government", "the government", "police", "the police", "unknown", "unknown actor",
    "unidentified", "anonymous", "authorities", "the authorities", "officials", "official",
    "military", "army", "court", "the court", "ministry", "minister", "president",
    "prime minister", "spokesperson", "state media", "media", "parliament", "embassy",
    "company", "other", "none", "n a", "na",
})  # fmt: skip
"""Normalised names too common to link anything."""

_DROPPED = re.compile(r"[.'\u2019]")
_PUNCTUATION = re.compile(r"[\W_]+")
_FAMILIES = {
    "organization": "body", "government": "body", "group": "body",
    "country": "place", "location": "place",
}  # fmt: skip

MentionKey = tuple[str, str]
"""(briefing id, entity id)."""
K = TypeVar("K")


def name_key(name: str) -> str:
    """A name as compared across briefings: folded (as find and the filter fold), dots and
    apostrophes dropped (``R.C.M.P.`` is ``rcmp``), other punctuation as single spaces."""
    return _PUNCTUATION.sub(" ", _DROPPED.sub("", fold_text(name))).strip()


def kinds_conflict(first: str, second: str) -> bool:
    """Whether two entity kinds cannot name the same thing (``other`` goes with all;
    organisation, government and group go together, as do country and location)."""
    if first == second or "other" in (first, second):
        return False
    family = _FAMILIES.get(first)
    return family is None or family != _FAMILIES.get(second)


class MentionedEntity(msgspec.Struct, frozen=True, gc=False):
    """What a mention keeps of its entity's facts (``EntityNames``): who it is, not its
    figures in the briefing (those are the mention's). One record for every mention
    written alike (``_entity``): a library of 20,000 briefings has 250,000 mentions of
    a few thousand entities."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    external_ids: dict[str, str]
    """Never changed (shared by the mentions written alike)."""


def _external_ids(entity: MentionedEntity) -> Mapping[str, str]:
    return entity.external_ids


_entities: dict[tuple[object, ...], MentionedEntity] = {}


def _entity(facts: EntityNames) -> MentionedEntity:
    """The record of an entity's facts, remembered (entities recur across a library)."""
    ids = facts.external_ids
    written = (facts.id, facts.name, facts.aliases, facts.kind, facts.country,
               *(ids.items() if ids else ()))  # fmt: skip
    found = _entities.get(written)
    if found is None:
        if len(_entities) > 100_000:
            _entities.clear()
        found = _entities[written] = MentionedEntity(
            facts.id, facts.name, facts.aliases, facts.kind, facts.country, dict(ids)
        )
    return found


class Appearance(NamedTuple):
    """One place an entity appears in its briefing: an incident (with the role) or a quote."""

    item_id: str
    role: str
    """``perpetrator``..., ``location`` for an incident's place, ``speaker`` for a quote."""
    date: PartialDate | None


def appearances(briefing: Briefing, entity_id: str) -> list[Appearance]:
    """Where one entity appears in its briefing, in file order (for an entity's page)."""
    found: list[Appearance] = []
    for incident in briefing.incidents:
        date = incident.when.sort_date if incident.when is not None else None
        found.extend(Appearance(incident.id, a.role, date) for a in incident.actors
                     if a.entity == entity_id)  # fmt: skip
        if entity_id in incident.locations:
            found.append(Appearance(incident.id, "location", date))
    for quote in briefing.quotes:
        if quote.speaker == entity_id:
            date = quote.said.sort_date if quote.said is not None else None
            found.append(Appearance(quote.id, "speaker", date))
    return found


class Mention(msgspec.Struct, frozen=True, gc=False):
    """One briefing's entity, with its figures in that briefing.

    A msgspec Struct the garbage collector does not track (it can be in no reference
    cycle: it refers only to strings, dates and its facts): a library has tens of
    thousands, made at each build."""

    key: MentionKey
    """(briefing id, entity id): one tuple, shared by every table that names the mention."""
    entity: MentionedEntity
    """Its name, aliases, kind, country and external ids (``across_data.py``)."""
    names: frozenset[str]
    """The normalised name and aliases (empty ones dropped)."""
    incidents: int
    """Incidents it is an actor or a location in."""
    first: PartialDate | None
    """The earliest date of an incident or quote it appears in."""
    last: PartialDate | None

    @property
    def briefing_id(self) -> str:
        return self.key[0]


def _mention(briefing_id: str, facts: EntityNames) -> Mention:
    entity = _entity(facts)
    return Mention(
        (briefing_id, entity.id),
        entity,
        _names(entity),
        facts.incidents,
        parse_date(facts.first) if facts.first else None,
        parse_date(facts.last) if facts.last else None,
    )


_names_of: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
"""(name, aliases) -> their normalised names: the same names recur across a library."""


def _names(entity: MentionedEntity) -> frozenset[str]:
    written = (entity.name, entity.aliases)
    found = _names_of.get(written)
    if found is None:
        if len(_names_of) > 100_000:
            _names_of.clear()
        keys = {name_key(name) for name in (entity.name, *entity.aliases)}
        keys.discard("")
        found = _names_of[written] = frozenset(keys)
    return found


_sort_names: dict[str, str] = {}


def _sort_name(name: str) -> str:
    """``name_key(name)``, remembered (names recur across a library)."""
    found = _sort_names.get(name)
    if found is None:
        if len(_sort_names) > 100_000:
            _sort_names.clear()
        found = _sort_names[name] = name_key(name)
    return found


class EntityGroup(msgspec.Struct, frozen=True, gc=False):
    """Mentions that share external ids: one entity across the library (its figures are
    worked out once, when the group is made; untracked by the garbage collector, as
    ``Mention``)."""

    mentions: tuple[Mention, ...]
    """In key order: the first is the group's head."""
    name: str
    """The most used name (the first in key order on ties)."""
    kind: str
    incidents: int
    first: PartialDate | None
    """The earliest date of an incident or quote it appears in."""
    last: PartialDate | None
    sort_name: str
    """The name as compared (``name_key``)."""

    @classmethod
    def of(cls, mentions: tuple[Mention, ...]) -> EntityGroup:
        """The group of ``mentions`` (in key order)."""
        if len(mentions) == 1:  # most entities: no lists, no counting
            only = mentions[0]
            entity = only.entity
            return cls(
                mentions, entity.name, entity.kind, only.incidents, only.first, only.last,
                _sort_name(entity.name),
            )  # fmt: skip
        name = Counter(m.entity.name for m in mentions).most_common(1)[0][0]
        kind = Counter(m.entity.kind for m in mentions).most_common(1)[0][0]
        firsts = [m.first for m in mentions if m.first is not None]
        lasts = [m.last for m in mentions if m.last is not None]
        return cls(
            mentions, name, kind, sum(m.incidents for m in mentions), min(firsts, default=None),
            max(lasts, default=None), _sort_name(name),
        )  # fmt: skip

    @property
    def key(self) -> str:
        """``brf-id/ent-id`` of its first mention (changes when groups merge or split):
        worked out when asked, not kept (a string per entity of the library)."""
        head = self.mentions[0]
        return f"{head.briefing_id}/{head.entity.id}"

    @property
    def briefing_ids(self) -> tuple[str, ...]:
        """The briefings of its mentions, each once, in key order."""
        mentions = self.mentions
        if len(mentions) == 1:
            return (mentions[0].briefing_id,)
        return tuple(dict.fromkeys(m.briefing_id for m in mentions))

    @property
    def external_ids(self) -> dict[str, tuple[str, ...]]:
        """Scheme -> the ids of that scheme its mentions hold."""
        found: defaultdict[str, dict[str, None]] = defaultdict(dict)
        for mention in self.mentions:
            for scheme, value in _external_ids(mention.entity).items():
                found[scheme][value] = None
        return {scheme: tuple(values) for scheme, values in sorted(found.items())}


def group_cells(group: EntityGroup) -> tuple[str, ...]:
    """One entity's row, sanitised: name, kind, briefings, incidents, first, last, external
    ids (the same in ``briefing entities`` and the Entities view)."""
    from ..sanitize import sanitize_line

    xids = " ".join(f"{s}:{v}" for s, values in group.external_ids.items() for v in values)
    cells = (
        group.name, group.kind, str(len(group.briefing_ids)), str(group.incidents),
        str(group.first or "-"), str(group.last or "-"), xids or "-",
    )  # fmt: skip
    return tuple(sanitize_line(cell) for cell in cells)


@dataclass(frozen=True, slots=True)
class PossibleMatch:
    """Another group sharing a name or alias with one group: shown apart, never merged."""

    group: EntityGroup
    names: tuple[str, ...]
    """The normalised names they share."""


@dataclass(slots=True)
class EntityIndex:
    """The entities of a library, grouped by external id; see the module docstring.

    Most entities share no id with another: such a mention is a group of its own, its
    own head, and has no entry in ``_groups`` or ``_group_of`` (a library's worth of
    one-element sets would be most of the build's time).
    """

    max_briefings: int = DEFAULT_MAX_BRIEFINGS
    stop_names: frozenset[str] = STOP_NAMES
    _briefings: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    _mentions: dict[MentionKey, Mention] = field(default_factory=dict)
    _by_xid: defaultdict[tuple[str, str], set[MentionKey]] = field(
        default_factory=lambda: defaultdict(set)
    )
    _by_name: defaultdict[str, set[MentionKey]] = field(default_factory=lambda: defaultdict(set))
    _group_of: dict[MentionKey, MentionKey] = field(default_factory=dict)
    """Mention -> its group's head, for the mentions of groups of two or more."""
    _groups: dict[MentionKey, set[MentionKey]] = field(default_factory=dict)
    """Group head (its least mention key) -> its mention keys, for groups of two or more."""
    _made: dict[MentionKey, EntityGroup] = field(default_factory=dict)
    """Group head -> the group, made when first asked for (dropped when it changes)."""
    _sorted: list[EntityGroup] | None = None

    @classmethod
    def build(
        cls, briefings: Iterable[Briefing], max_briefings: int = DEFAULT_MAX_BRIEFINGS
    ) -> EntityIndex:
        index = cls(max_briefings)
        for briefing in briefings:
            index.add(briefing)
        return index

    @classmethod
    def from_index(
        cls, search: SearchIndex, max_briefings: int = DEFAULT_MAX_BRIEFINGS
    ) -> EntityIndex:
        """The entity index of the briefings of ``search``, from the facts its columns keep
        (``SearchIndex.across``): no briefing is decoded."""
        index = cls(max_briefings)
        for briefing_id, part in search.across(AcrossEntities):
            index.add_facts(briefing_id, part)
        return index

    # --- keeping up to date -----------------------------------------------------------

    def add(self, briefing: Briefing) -> None:
        """Add a briefing's entities (replacing those of a briefing with the same id)."""
        self.add_facts(briefing.id, across_part(briefing))

    def add_facts(self, briefing_id: str, part: AcrossPart | AcrossEntities) -> None:
        """Add a briefing's entities from its facts (``across_data.py``), replacing those of
        a briefing with the same id."""
        if briefing_id in self._briefings:
            self.remove(briefing_id)
        mentions = tuple(_mention(briefing_id, facts) for facts in part.entities)
        self._briefings[briefing_id] = mentions
        known, by_name = self._mentions, self._by_name
        for mention in mentions:
            key = mention.key
            if key in known:  # a duplicate entity id inside one briefing
                continue
            known[key] = mention
            for name in mention.names:
                by_name[name].add(key)
            if mention.entity.external_ids:
                self._link(key)
        self._sorted = None

    def mentions_in(self, briefing_id: str) -> tuple[Mention, ...]:
        """The mentions of one briefing, in file order (none for an unknown id)."""
        return self._briefings.get(briefing_id, ())

    def _link(self, key: MentionKey) -> None:
        """Merge the group of ``key`` with those of the mentions sharing an id with it."""
        heads = {self._group_of.get(key, key)}
        for xid in _external_ids(self._mentions[key].entity).items():
            holders = self._by_xid[xid]
            heads.update(self._group_of.get(holder, holder) for holder in holders)
            holders.add(key)
        self._merge(heads)

    def remove(self, briefing_id: str) -> None:
        """Forget a briefing's entities (nothing happens for an unknown id)."""
        mentions = self._briefings.pop(briefing_id, ())
        affected: set[MentionKey] = set()
        for mention in mentions:
            key = mention.key
            if self._mentions.get(key) is not mention:
                continue
            del self._mentions[key]
            for name in mention.names:
                self._drop(self._by_name, name, key)
            for xid in _external_ids(mention.entity).items():
                self._drop(self._by_xid, xid, key)
            head = self._group_of.pop(key, key)
            self._made.pop(head, None)
            if head in self._groups:
                affected.update(self._groups.pop(head))
        affected = {key for key in affected if key in self._mentions}
        self._sorted = None
        for key in affected:  # each on its own, then regrouped by the ids still shared
            self._made.pop(key, None)
            self._group_of.pop(key, None)
        for key in affected:
            heads = {self._group_of.get(key, key)}
            for xid in _external_ids(self._mentions[key].entity).items():
                heads.update(self._group_of.get(other, other) for other in self._by_xid[xid])
            self._merge(heads)

    @staticmethod
    def _drop(table: defaultdict[K, set[MentionKey]], key: K, mention: MentionKey) -> None:
        holders = table.get(key)
        if holders is not None:
            holders.discard(mention)
            if not holders:
                del table[key]

    def _merge(self, heads: set[MentionKey]) -> None:
        if len(heads) < 2:
            return
        head = min(heads)
        members: set[MentionKey] = set()
        for other in heads:
            self._made.pop(other, None)
            members |= self._groups.pop(other, {other})
        self._groups[head] = members
        for key in members:
            self._group_of[key] = head

    # --- questions --------------------------------------------------------------------

    def _group(self, head: MentionKey) -> EntityGroup:
        group = self._made.get(head)
        if group is None:
            members = self._groups.get(head)
            if members is None:
                mentions: tuple[Mention, ...] = (self._mentions[head],)
            else:
                mentions = tuple(self._mentions[k] for k in sorted(members))
            group = self._made[head] = EntityGroup.of(mentions)
        return group

    def _heads(self) -> list[MentionKey]:
        """The head of every group."""
        alone = [key for key in self._mentions if key not in self._group_of]
        return [*alone, *self._groups]

    def groups(self) -> list[EntityGroup]:
        """Every entity of the library, one per group, by name (a new list each time)."""
        if self._sorted is None:
            found = list(map(self._group, self._heads()))
            _sort_by_name(found)
            self._sorted = found
        return list(self._sorted)

    def group_of(self, briefing_id: str, entity_id: str) -> EntityGroup | None:
        """The group a briefing's entity belongs to."""
        head = self.head_of((briefing_id, entity_id))
        return self._group(head) if head is not None else None

    def group(self, key: str) -> EntityGroup | None:
        """The group whose key is ``key`` (``brf-id/ent-id``)."""
        briefing_id, _, entity_id = key.partition("/")
        return self.group_at((briefing_id, entity_id))

    def group_at(self, head: MentionKey) -> EntityGroup | None:
        """The group whose head is ``head`` (None if it heads none)."""
        if head in self._groups or (head in self._mentions and head not in self._group_of):
            return self._group(head)
        return None

    def head_of(self, key: MentionKey) -> MentionKey | None:
        """The head of the group of one mention (None when unknown)."""
        head = self._group_of.get(key)
        if head is None and key in self._mentions:
            return key
        return head

    def briefings_holding(self, name: str) -> int:
        """How many briefings have an entity with this normalised name or alias."""
        return len({briefing for briefing, _ in self._by_name.get(name, ())})

    def flagged(self, name: str) -> str | None:
        """Why a normalised name links nothing (stop list, too common), or None."""
        if name in self.stop_names:
            return "on the stop list"
        held = self.briefings_holding(name)
        if held > self.max_briefings:
            return f"held by {held} briefings (more than {self.max_briefings})"
        return None

    def flagged_names(self, group: EntityGroup) -> dict[str, str]:
        """The group's names that link nothing, each with the reason."""
        names = {name for mention in group.mentions for name in mention.names}
        reasons = {name: self.flagged(name) for name in sorted(names)}
        return {name: reason for name, reason in reasons.items() if reason is not None}

    def possible_matches(self, group: EntityGroup) -> list[PossibleMatch]:
        """Other groups sharing a name or alias with ``group`` whose kinds and countries do
        not conflict, most shared names first; never merged."""
        head = self.head_of(group.mentions[0].key)
        shared: defaultdict[MentionKey, set[str]] = defaultdict(set)
        for mention in group.mentions:
            for name in mention.names:
                if self.flagged(name) is not None:
                    continue
                for other_key in self._by_name.get(name, ()):
                    other_head = self._group_of.get(other_key, other_key)
                    if other_head == head or (other_head in shared and name in shared[other_head]):
                        continue
                    if _compatible(mention.entity, self._mentions[other_key].entity):
                        shared[other_head].add(name)
        found = [PossibleMatch(self._group(h), tuple(sorted(n))) for h, n in shared.items()]
        found.sort(key=lambda match: (-len(match.names), match.group.key))
        return found

    def __len__(self) -> int:
        """The number of groups."""
        return len(self._mentions) - len(self._group_of) + len(self._groups)


_KEY = attrgetter("key")
_SORT_NAME = attrgetter("sort_name")


def _sort_by_name(groups: list[EntityGroup]) -> None:
    """Sort ``groups`` by name, then by key (two stable sorts, their keys read in C)."""
    groups.sort(key=_KEY)
    groups.sort(key=_SORT_NAME)


def _compatible(first: MentionedEntity, second: MentionedEntity) -> bool:
    if kinds_conflict(first.kind, second.kind):
        return False
    return first.country is None or second.country is None or first.country == second.country


class EntityFilter:
    """Which groups a filter's result concerns: a group is listed when one of its entities,
    or an incident or quote one of them appears in, matches.

    Built per :class:`~.index.SearchIndex` from the facts its columns keep
    (``SearchIndex.across``) and the entity index ``mentions`` of its briefings: per entry,
    the mentions it concerns (the keys ``mentions`` made), as one flat list and offsets
    into it (no object per entry).
    """

    def __init__(self, search: SearchIndex, mentions: EntityIndex) -> None:
        self.everything = search.everything
        offsets = array("i", [0]) * (search.size + 1)
        owners: list[MentionKey] = []
        for briefing_id, part in search.across(AcrossPart):
            found: defaultdict[int, list[MentionKey]] = defaultdict(list)
            entities = search.span(briefing_id, "entity")
            incidents = search.span(briefing_id, "incident")
            quotes = search.span(briefing_id, "quote")
            known = mentions.mentions_in(briefing_id)
            for number, facts in zip(entities, part.entities, strict=False):
                at = number - entities.start
                key = known[at].key if at < len(known) else (briefing_id, facts.id)
                if key[1] != facts.id:  # not the briefing the entity index holds
                    key = (briefing_id, facts.id)
                found[number].append(key)
                for position in facts.incident_refs if incidents else ():
                    found[incidents[position]].append(key)
                for position in facts.quote_refs if quotes else ():
                    found[quotes[position]].append(key)
            span = search.span(briefing_id)
            for number in span:
                owners.extend(found.get(number, ()))
                offsets[number + 1] = len(owners)
        self._offsets = offsets
        self._owners = owners
        kinds = 0
        for kind in ("entity", "incident", "quote"):
            kinds |= search.kind_bits(kind)
        self._relevant = kinds

    def groups(self, index: EntityIndex, bits: int) -> list[EntityGroup]:
        """The groups ``bits`` concerns, by name (every group for the whole library)."""
        if bits == self.everything:
            return index.groups()
        mentions: set[MentionKey] = set()
        owners, offsets = self._owners, self._offsets
        flags = flags_of(bits & self._relevant, len(offsets) - 1)
        for number in compress(range(len(flags)), flags):  # no list of entry numbers
            mentions.update(owners[offsets[number] : offsets[number + 1]])
        heads = {head for key in mentions if (head := index.head_of(key)) is not None}
        found = [index.group_at(head) for head in heads]
        groups = [group for group in found if group is not None]
        _sort_by_name(groups)
        return groups
