"""Turn briefings, one at a time, into the columns of an index (``index_data.py``).

An :class:`IndexBuilder` can be fed while files load (each :meth:`~IndexBuilder.add`
folds that briefing's text), so that little is left to do once the last file is in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..format.types import Briefing
from .data import (
    KINDS,
    NAME_FIELDS,
    VOCABULARY,
    BriefingSpan,
    IndexData,
    Kind,
    NameTable,
    SearchItem,
)
from .date_column import date_interval, when_interval
from .folding import fold_many, fold_text

__all__ = ["IndexBuilder"]

_SEVERITY = VOCABULARY["severity"]
_TYPE, _DETERMINATION = VOCABULARY["type"], VOCABULARY["determination"]
_KIND, _VERIFICATION = VOCABULARY["kind"], VOCABULARY["verification"]
_PLACE_KINDS = frozenset({"location", "country"})

Tables = dict[str, defaultdict[str, int]]
"""Field -> name -> mask of the briefing's entries (see ``NameTable``)."""


def _join(*parts: str | None) -> str:
    return "\n".join(filter(None, parts))


def _no_words(*parts: str | None) -> str:
    return ""


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
            folded = self._folded[text] = fold_text(text)
        return folded

    def _entry(
        self, item: SearchItem, kind: int, text: str, codes: bytes, has: bytes,
        dates: tuple[int, int] | None,
    ) -> int:  # fmt: skip
        """Append one entry; returns its number. ``text``: its own words, raw (folded
        with the briefing); ``codes``/``has``: a byte per ENUM_FIELDS/HAS_FIELDS[:-1]."""
        data = self.data
        number = len(data.items)
        data.items.append(item)
        data.kinds.append(kind)
        self._raw.append(text)
        data.codes += codes
        data.has += has
        data.has.append(dates is not None)
        if dates is not None:
            data.dates.add(number, *dates)
        return number

    def add(self, briefing: Briefing) -> None:
        """Index one briefing's entries after those already added."""
        data, wanted, fold = self.data, self.wanted, self._fold
        start = len(data.items)
        entity_key = {e.id: fold(_join(e.name, *e.aliases)) for e in briefing.entities}
        source_key = {s.id: fold(_join(s.title, s.publisher)) for s in briefing.sources}
        tables: Tables = {name: defaultdict(int) for name in NAME_FIELDS}
        ranges: dict[Kind, tuple[int, int]] = {}
        if "briefing" in wanted:
            top = briefing.summary if not isinstance(briefing.summary, str) else None
            levels = [_SEVERITY.get(incident.severity, 0) for incident in briefing.incidents]
            text = self._words(
                briefing.id, briefing.title, briefing.subtitle, briefing.summary_text,
                *(top.key_points if top else ()), top.assessment if top else None,
                *briefing.tags, *(_join(a.name, a.organization) for a in briefing.authors),
            )  # fmt: skip
            self._entry(
                briefing, 0, text, bytes((0, 0, 0, 0, max(levels, default=0))),
                bytes((bool(briefing.quotes), bool(briefing.sources))),
                date_interval(briefing.date),
            )  # fmt: skip
            ranges["briefing"] = (start, start + 1)
        quoted = {quote.source for quote in briefing.quotes}
        quoted.update(q.original_source for q in briefing.quotes if q.original_source)
        quoted.update(ref for quote in briefing.quotes for ref in quote.about)
        quoted.update(q.speaker for q in briefing.quotes if q.speaker)
        ranges["incident"] = self._incidents(briefing, start, entity_key, source_key, tables,
                                             quoted)  # fmt: skip
        ranges["quote"] = self._quotes(briefing, start, entity_key, source_key, tables)
        begin = len(data.items)
        for source in briefing.sources if "source" in wanted else ():
            number = self._entry(
                source, 3, self._words(source.id, *source.authors, source.url, source.notes),
                bytes((0, 0, 0, _KIND.get(source.kind, 0), 0)),
                bytes((source.id in quoted, True)),
                date_interval(source.published) if source.published else None,
            )  # fmt: skip
            tables["source"][source_key[source.id]] |= 1 << (number - start)
        ranges["source"] = (begin, len(data.items))
        ranges["entity"] = self._entities(briefing, start, entity_key, tables, quoted)
        self._finish_briefing(briefing, start, ranges, tables)

    def _incidents(
        self, briefing: Briefing, start: int, entity_key: dict[str, str],
        source_key: dict[str, str], tables: Tables, quoted: set[str],
    ) -> tuple[int, int]:  # fmt: skip
        data, begin, wanted = self.data, len(self.data.items), "incident" in self.wanted
        tags, categories, roles = (data.posted[name] for name in ("tag", "category", "role"))
        actor_of, location_of, source_of = tables["actor"], tables["location"], tables["source"]
        entity_of = tables["entity"]
        for incident in briefing.incidents:
            actors = [entity_key[a.entity] for a in incident.actors if a.entity in entity_key]
            places = [entity_key[ref] for ref in incident.locations if ref in entity_key]
            when = incident.when
            refs = (*incident.sources, *when.sources) if when else incident.sources
            cited = [source_key[ref] for ref in refs if ref in source_key]
            role_names = {actor.role for actor in incident.actors}
            bit = 0
            if wanted:
                number = self._entry(
                    incident, 1,
                    self._words(incident.id, incident.title, incident.description,
                          *incident.category, *incident.tags, *role_names,
                          when.text if when else None),
                    bytes((_TYPE.get(incident.type, 0),
                           _DETERMINATION.get(incident.determination, 0), 0, 0,
                           _SEVERITY.get(incident.severity, 0))),
                    bytes((bool(incident.quotes) or incident.id in quoted,
                           not incident.unsourced or bool(refs))),
                    when_interval(when),
                )  # fmt: skip
                bit = 1 << (number - start)
                for key in incident.tags:
                    tags[key].append(number)
                for key in incident.category:
                    categories[key].append(number)
                for key in role_names:
                    roles[key].append(number)
            for name in actors:
                actor_of[name] |= bit
                entity_of[name] |= bit
            for name in places:
                location_of[name] |= bit
                entity_of[name] |= bit
            for name in cited:
                source_of[name] |= bit
        return begin, len(data.items)

    def _quotes(
        self, briefing: Briefing, start: int, entity_key: dict[str, str],
        source_key: dict[str, str], tables: Tables,
    ) -> tuple[int, int]:  # fmt: skip
        data, begin, wanted = self.data, len(self.data.items), "quote" in self.wanted
        tags = data.posted["tag"]
        speaker_of, source_of, entity_of = tables["speaker"], tables["source"], tables["entity"]
        for quote in briefing.quotes:
            speaker = entity_key.get(quote.speaker or "")
            label = self._fold(quote.speaker_label) if quote.speaker_label else None
            about = [entity_key[ref] for ref in quote.about if ref in entity_key]
            refs = (quote.source, quote.original_source)
            cited = [source_key[ref] for ref in refs if ref in source_key]
            bit = 0
            if wanted:
                said = quote.said
                number = self._entry(
                    quote, 2,
                    self._words(quote.id, quote.text, quote.context, quote.locator, *quote.tags,
                          said.text if said else None),
                    bytes((0, 0, _VERIFICATION.get(quote.verification, 0),
                           _KIND.get(quote.kind, 0), 0)),
                    b"\x01\x01", when_interval(said),
                )  # fmt: skip
                bit = 1 << (number - start)
                for key in quote.tags:
                    tags[key].append(number)
            if speaker:
                speaker_of[speaker] |= bit
                entity_of[speaker] |= bit
            if label:
                speaker_of[label] |= bit
            for name in about:
                entity_of[name] |= bit
            for name in cited:
                source_of[name] |= bit
        return begin, len(data.items)

    def _entities(
        self, briefing: Briefing, start: int, entity_key: dict[str, str], tables: Tables,
        quoted: set[str],
    ) -> tuple[int, int]:  # fmt: skip
        data, begin = self.data, len(self.data.items)
        if "entity" not in self.wanted:
            return begin, begin
        played: defaultdict[str, set[str]] = defaultdict(set)  # entity id -> roles
        fields: defaultdict[str, set[str]] = defaultdict(set)  # entity id -> actor...
        for incident in briefing.incidents:
            for actor in incident.actors:
                played[actor.entity].add(actor.role)
                fields[actor.entity].add("actor")
            for place in incident.locations:
                fields[place].add("location")
        for quote in briefing.quotes:
            if quote.speaker:
                fields[quote.speaker].add("speaker")
        for entity in briefing.entities:
            number = self._entry(
                entity, 4, self._words(entity.id, entity.title, entity.description),
                bytes((0, 0, 0, _KIND.get(entity.kind, 0), 0)),
                bytes((entity.id in quoted, bool(entity.sources))), None,
            )  # fmt: skip
            bit, key = 1 << (number - start), entity_key[entity.id]
            if entity.kind in _PLACE_KINDS:
                fields[entity.id].add("location")
            for name in ("entity", *fields.get(entity.id, ())):
                tables[name][key] |= bit
            for role in played.get(entity.id, ()):
                data.posted["role"][role].append(number)
        return begin, len(data.items)

    def _finish_briefing(
        self, briefing: Briefing, start: int, ranges: dict[Kind, tuple[int, int]],
        tables: Tables,
    ) -> None:  # fmt: skip
        data = self.data
        ordinal = len(data.spans)
        data.spans.append(BriefingSpan(briefing, start, len(data.items), ranges))
        whole = "briefing" in self.wanted  # the briefing entry, bit 0, has every name
        for name, table in tables.items():
            named = [(key, mask | whole) for key, mask in table.items() if mask or whole]
            data.names[name].append(NameTable(
                "\n".join(key for key, _ in named), tuple(key for key, _ in named),
                tuple(mask for _, mask in named),
            ))  # fmt: skip
        if whole:
            incidents, quotes = briefing.incidents, briefing.quotes
            union = {
                "tag": {*briefing.tags, *(t for i in incidents for t in i.tags),
                        *(t for q in quotes for t in q.tags)},
                "category": {c for i in incidents for c in i.category},
                "role": {a.role for i in incidents for a in i.actors},
            }  # fmt: skip
            for name, values in union.items():
                for value in values:
                    data.posted[name][value].append(start)
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
