"""A plain reference matcher for the search tests.

:class:`Reference` decides whether one item matches a query by walking the Briefing
objects directly, one rule at a time, as the query language is documented
(``model/index.py`` and ``model/index_data.py``). The index must agree with it on every
query: it is the slow, obvious statement of what the fast index computes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from briefing_tui.model import Briefing, Entity, Incident, Quote, Source, When
from briefing_tui.model.search.query import (
    SEVERITY_LEVELS,
    All,
    And,
    Compare,
    DateRange,
    Field,
    Has,
    Node,
    Not,
    Or,
    Text,
    fold,
)

Item = Briefing | Incident | Quote | Source | Entity


def items_of(briefing: Briefing) -> Iterator[Item]:
    """Every searchable item of a briefing, in index order."""
    yield briefing
    yield from briefing.incidents
    yield from briefing.quotes
    yield from briefing.sources
    yield from briefing.entities


def _join(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


class Reference:
    """Evaluates a query on one briefing's items the slow, obvious way."""

    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.entities = {e.id: e for e in briefing.entities}
        self.sources = {s.id: s for s in briefing.sources}

    def entity_name(self, ref: str | None) -> list[str]:
        entity = self.entities.get(ref or "")
        return [_join(entity.name, *entity.aliases)] if entity else []

    def source_name(self, refs: tuple[str | None, ...]) -> list[str]:
        found = [self.sources[ref] for ref in refs if ref in self.sources]
        return [_join(s.title, s.publisher) for s in found]

    def names(self, item: Item, field: str) -> list[str]:
        """The names ``item`` refers to in ``field`` (actor, location, speaker, source, entity)."""
        b = self.b
        if isinstance(item, Briefing):
            return [
                n for i in items_of(b) if not isinstance(i, Briefing) for n in self.names(i, field)
            ]
        if isinstance(item, Incident):
            refs = (*item.sources, *(item.when.sources if item.when else ()))
            actors = [n for a in item.actors for n in self.entity_name(a.entity)]
            places = [n for ref in item.locations for n in self.entity_name(ref)]
            return {
                "actor": actors,
                "location": places,
                "entity": actors + places,
                "source": self.source_name(refs),
            }.get(field, [])
        if isinstance(item, Quote):
            speaker = self.entity_name(item.speaker)
            about = [n for ref in item.about for n in self.entity_name(ref)]
            labels = [item.speaker_label] if item.speaker_label else []
            return {
                "speaker": speaker + labels,
                "entity": speaker + about,
                "source": self.source_name((item.source, item.original_source)),
            }.get(field, [])
        if isinstance(item, Source):
            return self.source_name((item.id,)) if field == "source" else []
        own = self.entity_name(item.id)
        uses = {
            "actor": any(a.entity == item.id for i in b.incidents for a in i.actors),
            "location": item.kind in ("location", "country")
            or any(item.id in i.locations for i in b.incidents),
            "speaker": any(q.speaker == item.id for q in b.quotes),
            "entity": True,
        }
        return own if uses.get(field) else []

    def words(self, item: Item) -> str:
        if isinstance(item, Briefing):
            top = item.summary if not isinstance(item.summary, str) else None
            return _join(
                item.id,
                item.title,
                item.subtitle,
                item.summary_text,
                *(top.key_points if top else ()),
                top.assessment if top else None,
                *item.tags,
                *(_join(a.name, a.organization) for a in item.authors),
            )
        if isinstance(item, Incident):
            return _join(
                item.id,
                item.title,
                item.description,
                *item.category,
                *item.tags,
                *{a.role for a in item.actors},
                item.when.text if item.when else None,
            )
        if isinstance(item, Quote):
            return _join(
                item.id,
                item.text,
                item.context,
                item.locator,
                *item.tags,
                item.said.text if item.said else None,
            )
        if isinstance(item, Source):
            return _join(item.id, *item.authors, item.url, item.notes)
        return _join(item.id, item.title, item.description)

    def values(self, item: Item, field: str) -> set[str]:
        """Exact values of ``item`` in tag, category, role, type, determination..."""
        b = self.b
        if isinstance(item, Briefing):
            inner = (
                {
                    v
                    for i in items_of(b)
                    if not isinstance(i, Briefing)
                    for v in self.values(i, field)
                }
                if field in ("tag", "category", "role")
                else set()
            )
            own = set(item.tags) if field == "tag" else set()
            return inner | own
        if isinstance(item, Incident):
            table: dict[str, set[str]] = {
                "tag": set(item.tags),
                "category": set(item.category),
                "role": {a.role for a in item.actors},
                "type": {item.type},
                "determination": {item.determination} if item.determination else set(),
            }
            return table.get(field, set())
        if isinstance(item, Quote):
            table = {
                "tag": set(item.tags),
                "kind": {item.kind},
                "verification": {item.verification} if item.verification else set(),
            }
            return table.get(field, set())
        if isinstance(item, Source):
            return {item.kind} if field == "kind" else set()
        if field == "kind":
            return {item.kind}
        if field == "role":
            return {a.role for i in b.incidents for a in i.actors if a.entity == item.id}
        return set()

    def severity(self, item: Item) -> str | None:
        if isinstance(item, Incident):
            return item.severity
        if isinstance(item, Briefing):
            levels = [SEVERITY_LEVELS.index(i.severity) for i in item.incidents if i.severity]
            return SEVERITY_LEVELS[max(levels)] if levels else None
        return None

    def has(self, item: Item, what: str) -> bool:
        b = self.b
        if what == "date":
            return self.when(item) is not None
        quoted = {q.source for q in b.quotes} | {q.original_source for q in b.quotes}
        quoted |= {r for q in b.quotes for r in q.about} | {q.speaker for q in b.quotes}
        if isinstance(item, Briefing):
            return bool(item.quotes) if what == "quote" else bool(item.sources)
        if isinstance(item, Incident):
            if what == "quote":
                return bool(item.quotes) or item.id in quoted
            return not item.unsourced or bool(item.when and item.when.sources)
        if isinstance(item, Quote):
            return True
        if isinstance(item, Source):
            return item.id in quoted if what == "quote" else True
        return item.id in quoted if what == "quote" else bool(item.sources)

    def when(self, item: Item) -> When | None:
        if isinstance(item, Briefing):
            return When(at=item.date)
        if isinstance(item, Incident):
            dated = item.when
        elif isinstance(item, Quote):
            dated = item.said
        elif isinstance(item, Source):
            dated = When(at=item.published) if item.published else None
        else:
            return None
        if dated is None or (dated.at is None and dated.start is None and dated.end is None):
            return None
        return dated

    def matches(self, item: Item, node: Node) -> bool:
        b = self.b
        match node:
            case All():
                return True
            case Text(value=value):
                haystacks = [
                    self.words(item),
                    *self.names(item, "entity"),
                    *self.names(item, "source"),
                    *self.names(item, "speaker"),
                ]
                return any(value in fold(text) for text in haystacks)
            case Field(name=name, value=value):
                if name in ("actor", "location", "speaker", "source", "entity"):
                    return any(value in fold(n) for n in self.names(item, name))
                if name == "tlp":
                    return fold(b.handling.tlp) == value
                if name == "status":
                    return b.status == value
                if name == "briefing":
                    return value in fold(b.id) or value in fold(b.title)
                return value in {fold(v) for v in self.values(item, name)}
            case Compare(op=op, value=value):
                level = self.severity(item)
                if level is None:
                    return False
                rank, wanted = SEVERITY_LEVELS.index(level), SEVERITY_LEVELS.index(value)
                return {
                    "<": rank < wanted,
                    "<=": rank <= wanted,
                    "=": rank == wanted,
                    ">=": rank >= wanted,
                    ">": rank > wanted,
                }[op]
            case Has(what=what):
                return self.has(item, what)
            case DateRange(start=start, end_exclusive=end):
                dated = self.when(item)
                if dated is None or (start is not None and start[0] > 9999):
                    return False  # undated, or after the end of the calendar
                return dated.overlaps(_moment(start), _moment(end))
            case Not(item=inner):
                return not self.matches(item, inner)
            case And(items=items):
                return all(self.matches(item, part) for part in items)
            case Or(items=items):
                return any(self.matches(item, part) for part in items)
        raise AssertionError(node)


def _moment(day: tuple[int, int, int] | None) -> datetime | None:
    if day is None or day[0] > 9999:
        return None
    return datetime(*day, tzinfo=UTC)


def reference_refs(briefings: list[Briefing], node: Node) -> list[str]:
    """``brf-id/item-id`` of every item matching ``node``, in index order."""
    found: list[str] = []
    for briefing in briefings:
        reference = Reference(briefing)
        for item in items_of(briefing):
            if reference.matches(item, node):
                found.append(briefing.id if item is briefing else f"{briefing.id}/{item.id}")
    return found
