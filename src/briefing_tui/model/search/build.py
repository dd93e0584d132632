"""Turn briefings, one at a time, into the columns of an index (``data.py``).

An :class:`IndexBuilder` can be fed while files load (each :meth:`~IndexBuilder.add`
folds that briefing's text), so that little is left to do once the last file is in.
Each entry is described by an :class:`EntryRow`: its kind by name, its single-valued
fields by name (``codes(type=..., severity=...)``) and its ``has:`` flags by name
(``flags(quote=..., source=...)``); nothing here depends on the order of the columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..format.types import Briefing, Entity, Incident, Quote, Source
from .across_data import across_part, encode_across
from .columns import mask_width
from .data import (
    ENUM_FIELDS,
    HAS_FIELDS,
    KIND_CODE,
    KINDS,
    NAME_FIELDS,
    TEXT_NAME_FIELDS,
    VOCABULARY,
    BriefingSpan,
    IndexData,
    Kind,
    SearchItem,
)
from .date_column import date_interval, when_interval
from .folding import fold_many, fold_text
from .query import SEVERITY_LEVELS

__all__ = ["EntryRow", "IndexBuilder", "codes", "flags", "mask_bytes"]

_SEVERITY = VOCABULARY["severity"]  # severities in rank order, from 1
_PLACE_KINDS = frozenset({"location", "country"})
_FLAGGED = HAS_FIELDS[:-1]  # has:date is set from the entry's dates

Tables = dict[str, defaultdict[str, int]]
"""Field -> name -> mask of the briefing's entries (see ``NameColumn.masks``)."""


def codes(**values: str | None) -> bytes:
    """An entry's ENUM_FIELDS bytes from its values by field name (absent: no value)."""
    return bytes(VOCABULARY[name].get(values.get(name), 0) for name in ENUM_FIELDS)


def flags(**values: bool) -> bytes:
    """An entry's ``has:`` bytes (but ``date``) from its flags by name (absent: false)."""
    return bytes(values.get(name, False) for name in _FLAGGED)


def mask_bytes(mask: int) -> bytes:
    """A set of a briefing's entries (an int) as little-endian bytes (``NameColumn.masks``)."""
    return mask.to_bytes((mask.bit_length() + 7) // 8, "little")


class EntryRow(NamedTuple):
    """One entry to append: its item and kind, raw words and columns."""

    item: SearchItem
    kind: Kind
    text: str
    """Its own words, raw (folded with the rest of the briefing)."""
    codes: bytes
    """From :func:`codes`."""
    flags: bytes
    """From :func:`flags`."""
    dates: tuple[int, int] | None


def _join(*parts: str | None) -> str:
    return "\n".join(filter(None, parts))


def _no_words(*parts: str | None) -> str:
    return ""


@dataclass(slots=True)
class _Scope:
    """What indexing one briefing needs throughout: its names, and where it starts."""

    briefing: Briefing
    start: int
    entity_key: dict[str, str]
    """entity id -> its folded name and aliases."""
    source_key: dict[str, str]
    """source id -> its folded title and publisher."""
    quoted: set[str]
    """Ids that a quote names (source, original source, speaker, about)."""
    tables: Tables = field(default_factory=lambda: {name: defaultdict(int) for name in NAME_FIELDS})
    ranges: dict[Kind, tuple[int, int]] = field(default_factory=dict)

    def bit(self, number: int) -> int:
        return 1 << (number - self.start)


_Indexer = Callable[[_Scope, bool], None]
"""The shape of IndexBuilder's per-kind methods (``wanted``: entries of that kind)."""


class IndexBuilder:
    """Collects briefings, one :meth:`add` at a time, into the columns of an index."""

    def __init__(self, kinds: Iterable[Kind] = KINDS, words: bool = True) -> None:
        """Index entries of ``kinds`` only (all by default); ``words=False`` leaves out the
        words of items (an index for queries without words, as ``briefing search``
        builds for them: a word then matches only the names an item refers to)."""
        self.data = IndexData()
        self.wanted = frozenset(kinds)
        self._words = _join if words else _no_words
        self._folded: dict[str, str] = {}
        self._raw: list[str] = []  # the words of the briefing being added, not yet folded

    def _fold(self, text: str) -> str:
        """``fold_text(text)``, remembered: names and titles recur across briefings."""
        folded = self._folded.get(text)
        if folded is None:
            if len(self._folded) > 200_000:
                self._folded.clear()
            folded = self._folded[text] = fold_text(text)
        return folded

    def _append(self, row: EntryRow) -> int:
        """Append one entry; returns its number."""
        data = self.data
        number = len(data.kinds)
        data.items.append(row.item)
        data.kinds.append(KIND_CODE[row.kind])
        self._raw.append(row.text)
        data.codes += row.codes
        data.has += row.flags
        data.has.append(row.dates is not None)
        if row.dates is not None:
            data.dates.add(number, *row.dates)
        return number

    def add(self, briefing: Briefing) -> None:
        """Index one briefing's entries after those already added."""
        fold = self._fold
        quoted = {quote.source for quote in briefing.quotes}
        quoted.update(q.original_source for q in briefing.quotes if q.original_source)
        quoted.update(ref for quote in briefing.quotes for ref in quote.about)
        quoted.update(q.speaker for q in briefing.quotes if q.speaker)
        scope = _Scope(
            briefing,
            len(self.data.kinds),
            {e.id: fold(_join(e.name, *e.aliases)) for e in briefing.entities},
            {s.id: fold(_join(s.title, s.publisher)) for s in briefing.sources},
            quoted,
        )
        self.data.briefings[briefing.id] = briefing
        self._in_range(scope, "briefing", self._briefing_entry)
        self._in_range(scope, "incident", self._incidents)
        self._in_range(scope, "quote", self._quotes)
        self._in_range(scope, "source", self._sources)
        self._in_range(scope, "entity", self._entities)
        self._finish_briefing(scope)

    def _in_range(self, scope: _Scope, kind: Kind, index: _Indexer) -> None:
        begin = len(self.data.kinds)
        index(scope, kind in self.wanted)
        scope.ranges[kind] = (begin, len(self.data.kinds))

    def _briefing_entry(self, scope: _Scope, wanted: bool) -> None:
        if not wanted:
            return
        briefing = scope.briefing
        top = briefing.summary if not isinstance(briefing.summary, str) else None
        ranks = [_SEVERITY.get(incident.severity, 0) for incident in briefing.incidents]
        text = self._words(
            briefing.id,
            briefing.title,
            briefing.subtitle,
            briefing.summary_text,
            *(top.key_points if top else ()),
            top.assessment if top else None,
            *briefing.tags,
            *(_join(a.name, a.organization) for a in briefing.authors),
        )
        highest = SEVERITY_LEVELS[max(ranks) - 1] if any(ranks) else None
        self._append(
            EntryRow(
                briefing,
                "briefing",
                text,
                codes(severity=highest),
                flags(quote=bool(briefing.quotes), source=bool(briefing.sources)),
                date_interval(briefing.date),
            )
        )

    def _incident_row(self, incident: Incident, scope: _Scope, roles: list[str]) -> EntryRow:
        when = incident.when
        refs = (*incident.sources, *when.sources) if when else incident.sources
        text = self._words(
            incident.id,
            incident.title,
            incident.description,
            *incident.category,
            *incident.tags,
            *roles,
            when.text if when else None,
        )
        return EntryRow(
            incident,
            "incident",
            text,
            codes(
                type=incident.type, determination=incident.determination, severity=incident.severity
            ),
            flags(
                quote=bool(incident.quotes) or incident.id in scope.quoted,
                source=not incident.unsourced or bool(refs),
            ),
            when_interval(when),
        )

    def _incidents(self, scope: _Scope, wanted: bool) -> None:
        posted, tables = self.data.posted, scope.tables
        entity_key, source_key = scope.entity_key, scope.source_key
        for incident in scope.briefing.incidents:
            roles = list(dict.fromkeys(actor.role for actor in incident.actors))  # file order
            bit = 0
            if wanted:
                number = self._append(self._incident_row(incident, scope, roles))
                bit = scope.bit(number)
                for name, values in (
                    ("tag", incident.tags),
                    ("category", incident.category),
                    ("role", roles),
                ):
                    for value in values:
                        posted[name][value].append(number)
            for ref in (a.entity for a in incident.actors):
                if ref in entity_key:
                    tables["actor"][entity_key[ref]] |= bit
                    tables["entity"][entity_key[ref]] |= bit
            for ref in incident.locations:
                if ref in entity_key:
                    tables["location"][entity_key[ref]] |= bit
                    tables["entity"][entity_key[ref]] |= bit
            when = incident.when
            for ref in (*incident.sources, *when.sources) if when else incident.sources:
                if ref in source_key:
                    tables["source"][source_key[ref]] |= bit

    def _quote_row(self, quote: Quote) -> EntryRow:
        said = quote.said
        text = self._words(
            quote.id,
            quote.text,
            quote.context,
            quote.locator,
            *quote.tags,
            said.text if said else None,
        )
        return EntryRow(
            quote,
            "quote",
            text,
            codes(verification=quote.verification, kind=quote.kind),
            flags(quote=True, source=True),
            when_interval(said),
        )

    def _quotes(self, scope: _Scope, wanted: bool) -> None:
        tags, tables = self.data.posted["tag"], scope.tables
        entity_key, source_key = scope.entity_key, scope.source_key
        for quote in scope.briefing.quotes:
            bit = 0
            if wanted:
                number = self._append(self._quote_row(quote))
                bit = scope.bit(number)
                for key in quote.tags:
                    tags[key].append(number)
            speaker = entity_key.get(quote.speaker or "")
            if speaker:
                tables["speaker"][speaker] |= bit
                tables["entity"][speaker] |= bit
            if quote.speaker_label:
                tables["speaker"][self._fold(quote.speaker_label)] |= bit
            for ref in quote.about:
                if ref in entity_key:
                    tables["entity"][entity_key[ref]] |= bit
            for cited in (quote.source, quote.original_source):
                if cited is not None and cited in source_key:
                    tables["source"][source_key[cited]] |= bit

    def _source_row(self, source: Source, scope: _Scope) -> EntryRow:
        return EntryRow(
            source,
            "source",
            self._words(source.id, *source.authors, source.url, source.notes),
            codes(kind=source.kind),
            flags(quote=source.id in scope.quoted, source=True),
            date_interval(source.published) if source.published else None,
        )

    def _sources(self, scope: _Scope, wanted: bool) -> None:
        for source in scope.briefing.sources if wanted else ():
            number = self._append(self._source_row(source, scope))
            scope.tables["source"][scope.source_key[source.id]] |= scope.bit(number)

    def _entity_row(self, entity: Entity, scope: _Scope) -> EntryRow:
        return EntryRow(
            entity,
            "entity",
            self._words(entity.id, entity.title, entity.description),
            codes(kind=entity.kind),
            flags(quote=entity.id in scope.quoted, source=bool(entity.sources)),
            None,
        )

    def _entities(self, scope: _Scope, wanted: bool) -> None:
        if not wanted:
            return
        briefing, roles = scope.briefing, self.data.posted["role"]
        played: defaultdict[str, dict[str, None]] = defaultdict(dict)  # entity id -> roles
        fields: defaultdict[str, set[str]] = defaultdict(set)  # entity id -> actor...
        for incident in briefing.incidents:
            for actor in incident.actors:
                played[actor.entity][actor.role] = None
                fields[actor.entity].add("actor")
            for place in incident.locations:
                fields[place].add("location")
        for quote in briefing.quotes:
            if quote.speaker:
                fields[quote.speaker].add("speaker")
        for entity in briefing.entities:
            number = self._append(self._entity_row(entity, scope))
            bit, key = scope.bit(number), scope.entity_key[entity.id]
            if entity.kind in _PLACE_KINDS:
                fields[entity.id].add("location")
            for name in ("entity", *fields.get(entity.id, ())):
                scope.tables[name][key] |= bit
            for role in played.get(entity.id, ()):
                roles[role].append(number)

    def _finish_briefing(self, scope: _Scope) -> None:
        data, briefing, start = self.data, scope.briefing, scope.start
        ordinal = len(data.spans)
        data.spans.append(BriefingSpan(briefing.id, start, len(data.kinds), scope.ranges))
        whole = "briefing" in self.wanted  # the briefing entry, bit 0, has every name
        named_by_words: defaultdict[str, int] = defaultdict(int)
        for name in TEXT_NAME_FIELDS:
            for key, mask in scope.tables[name].items():
                named_by_words[key] |= mask
        for name, table in (*scope.tables.items(), ("named", named_by_words)):
            named = [(key, mask | whole) for key, mask in table.items() if mask or whole]
            names = tuple(key for key, _ in named)
            masks = (mask_bytes(mask) for _, mask in named)
            data.names[name].append(names, masks, mask_width(len(data.kinds) - start))
        if whole:
            incidents, quotes = briefing.incidents, briefing.quotes
            union = {  # in file order (not a set's): a part's bytes are the same every time
                "tag": dict.fromkeys(
                    (
                        *briefing.tags,
                        *(t for i in incidents for t in i.tags),
                        *(t for q in quotes for t in q.tags),
                    )
                ),
                "category": dict.fromkeys(c for i in incidents for c in i.category),
                "role": dict.fromkeys(a.role for i in incidents for a in i.actors),
            }
            for name, values in union.items():
                for value in values:
                    data.posted[name][value].append(start)
        data.across.append(encode_across(across_part(briefing)))
        keys = data.briefing_keys
        keys["tlp"][fold_text(briefing.handling.tlp)].append(ordinal)
        keys["status"][briefing.status].append(ordinal)
        keys["briefing"][fold_text(briefing.id)].append(ordinal)
        keys["briefing"][self._fold(briefing.title)].append(ordinal)
        data.texts += fold_many(self._raw)
        self._raw.clear()

    def finish(self) -> IndexData:
        """The columns of everything added; the builder starts afresh afterwards."""
        data, self.data = self.data, IndexData()
        return data
