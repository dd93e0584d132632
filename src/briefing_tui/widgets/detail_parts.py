"""What a detail view says about an item, as a list of parts.

Builders here turn a summary, incident, quote, source or entity into headings,
fields, body text and links (with the back-links of ``BriefingLinks``). They
produce plain data; ``DetailView`` draws it, sanitised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import (
    Briefing,
    BriefingLinks,
    Entity,
    Incident,
    Note,
    Quote,
    Source,
    Summary,
    When,
)

__all__ = [
    "Body",
    "Field",
    "Heading",
    "Link",
    "LinkTarget",
    "Part",
    "Value",
    "item_name",
    "parts_for",
    "quote_line",
]

PANE_OF_PREFIX = {"inc": "incidents", "q": "quotes", "src": "sources", "ent": "entities"}

NOTES_AS_PARAGRAPHS = 20
"""From this many notes in a list (the summary's, an item's "Notes about it"), each note
is one paragraph (kind, title, text, what it is about), so that the detail draws them as
one widget (``TextRows``): 2,000 notes as a heading, a text and a link each took 19 s of
CPU to open. The items a note is about each list it under "Notes about it"."""
MAX_JOINED = 50
"""Values joined in one field (tags, aliases ...); a longer list is listed one value a
line under a field that counts them (``Tags: 190,000``), every value kept."""


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link leads: an item of a pane, in a briefing."""

    briefing_id: str
    pane: str
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    label: str
    value: str
    gap: bool = False
    """A blank line before it (the second and later notes of a section)."""


@dataclass(frozen=True, slots=True)
class Body:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    target: LinkTarget


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a long list (a tag, an alias ...), on a line of its own."""

    text: str


Part = Heading | Field | Body | Link | Value


class _Builder:
    def __init__(self, briefing: Briefing, links: BriefingLinks) -> None:
        self.briefing = briefing
        self.links = links
        self.parts: list[Part] = []

    def field(self, label: str, value: object) -> None:
        if value not in (None, "", ()):
            self.parts.append(Field(label, str(value)))

    def body(self, text: str | None) -> None:
        if text:
            self.parts.append(Body(text))

    def heading(self, text: str) -> None:
        self.parts.append(Heading(text))

    def name_of(self, item_id: str) -> str:
        return item_name(self.links, item_id)

    def link(self, item_id: str, label: str | None = None) -> None:
        pane = PANE_OF_PREFIX.get(item_id.split("-", 1)[0])
        text = label or self.name_of(item_id)
        if pane is None:  # notes (no pane of their own): shown in full, not followed
            note = self.links.items.get(item_id)
            if isinstance(note, Note):
                gap = bool(self.parts) and not isinstance(self.parts[-1], Heading)
                self.parts.append(Field(note.kind.capitalize(), note.title or note.id, gap))
                self.body(note.text)
            else:
                self.parts.append(Field("See", text))
            return
        self.parts.append(Link(text, LinkTarget(self.briefing.id, pane, item_id)))

    def links_section(self, title: str, ids: tuple[str, ...]) -> None:
        if ids:
            self.heading(title)
            notes = [self.links.items.get(item_id) for item_id in ids]
            if len(ids) >= NOTES_AS_PARAGRAPHS and all(isinstance(n, Note) for n in notes):
                self.parts.extend(
                    Body(self.note_paragraph(n)) for n in notes if isinstance(n, Note)
                )
                return
            for item_id in ids:
                self.link(item_id)

    def note_paragraph(self, note: Note) -> str:
        """A note in one paragraph: ``Caveat: title. Text (about: Name, Name)``."""
        about = ", ".join(self.name_of(target) for target in note.about)
        head = f"{note.kind.capitalize()}: {note.title or note.id}."
        return f"{head} {note.text}" + (f" (about: {about})" if about else "")

    def values(self, label: str, values: tuple[str, ...]) -> None:
        """A list of values: joined in one field, or (more than ``MAX_JOINED``) counted
        in the field and listed one a line."""
        if len(values) <= MAX_JOINED:
            self.field(label, ", ".join(values))
            return
        self.field(label, f"{len(values):,}")
        self.parts.extend(Value(value) for value in values)


def item_name(links: BriefingLinks, item_id: str) -> str:
    """What an id is called: an entity's name, a title, a quote's line, else the id."""
    item = links.items.get(item_id)
    if isinstance(item, Entity):
        return item.name
    if isinstance(item, (Incident, Source)):
        return item.title
    if isinstance(item, Quote):
        return quote_line(item, links)
    if isinstance(item, Note):
        return item.title or item.id
    return item_id


def _speaker(quote: Quote, links: BriefingLinks) -> str:
    if quote.speaker:
        return item_name(links, quote.speaker)
    return quote.speaker_label or "unknown speaker"


def quote_line(quote: Quote, links: BriefingLinks) -> str:
    """A quote in one line; a paraphrase is never inside quotation marks."""
    speaker = _speaker(quote, links)
    if quote.kind == "paraphrase":
        return f"{speaker} (paraphrase): {quote.text}"
    return f"{speaker}: “{quote.text}”"


def _when_text(when: When) -> str:
    shown = when.display()
    extra = []
    if when.at is not None:
        extra.append(f"precision: {when.at.precision.name.lower()}")
    if when.approximate:
        extra.append("approximate")
    if when.text and when.text != shown:
        extra.append(f"“{when.text}”")
    return shown + (f" ({', '.join(extra)})" if extra else "")


def summary_parts(briefing: Briefing, links: BriefingLinks) -> list[Part]:
    b = _Builder(briefing, links)
    b.heading(briefing.title)
    b.body(briefing.subtitle)
    b.field("Date", briefing.date.text)
    b.field("Status", briefing.status)
    b.field("Handling", f"{briefing.handling.tlp_label}  {briefing.handling.banner or ''}".strip())
    authors = ", ".join(
        a.name + (f" ({a.organization})" if a.organization else "") for a in briefing.authors
    )
    b.field("Authors", authors)
    b.values("Tags", briefing.tags)
    b.heading("Summary")
    b.body(briefing.summary_text)
    if isinstance(briefing.summary, Summary):
        if briefing.summary.key_points:
            b.heading("Key points")
            for point in briefing.summary.key_points:
                b.body("• " + point)
        if briefing.summary.assessment:
            b.heading("Assessment")
            b.body(briefing.summary.assessment)
        b.links_section("Summary sources", briefing.summary.sources)
        b.links_section("Summary quotes", briefing.summary.quotes)
    if briefing.handling.statements:
        b.heading("Handling statements")
        for statement in briefing.handling.statements:
            b.body(statement)
    if len(briefing.notes) >= NOTES_AS_PARAGRAPHS:
        b.heading(f"Notes ({len(briefing.notes):,})")
        for note in briefing.notes:
            b.body(b.note_paragraph(note))
    for note in briefing.notes if len(briefing.notes) < NOTES_AS_PARAGRAPHS else ():
        b.heading(f"{note.kind.capitalize()}: {note.title or note.id}")
        b.body(note.text)
        for target in note.about:
            b.link(target)
    if briefing.related_briefings:
        b.heading("Related briefings")
        for other in briefing.related_briefings:
            b.parts.append(Link(f"Briefing {other}", LinkTarget(other, "summary")))
    b.field("Counts", f"{len(briefing.incidents)} incidents, {len(briefing.quotes)} quotes, "
            f"{len(briefing.sources)} sources, {len(briefing.entities)} entities")  # fmt: skip
    return b.parts


def incident_parts(briefing: Briefing, links: BriefingLinks, incident: Incident) -> list[Part]:
    b = _Builder(briefing, links)
    b.heading(incident.title)
    if incident.unsourced:
        b.field("Sourcing", "UNSOURCED: no source or quote backs this incident")
    b.body(incident.description)
    b.field("Type", incident.type)
    b.field("Severity", incident.severity)
    b.field("Determination", incident.determination)
    b.field("Confidence", f"{incident.confidence}/100" if incident.confidence is not None else None)
    if incident.when is not None:
        b.field("When", _when_text(incident.when))
        for source in incident.when.sources:
            b.link(source, "date source: " + b.name_of(source))
    b.values("Categories", incident.category)
    b.values("Tags", incident.tags)
    if incident.actors:
        b.heading("Actors")
        for actor in incident.actors:
            role = actor.role + (f", {actor.attribution}" if actor.attribution else "")
            b.link(actor.entity, f"{b.name_of(actor.entity)} — {role}")
    b.links_section("Locations", incident.locations)
    # Quotes that support it, then those only about it: each listed once, as a quote.
    about = links.about.get(incident.id, ())
    about_quotes = {i for i in about if isinstance(links.items.get(i), Quote)}
    only_about = about_quotes - set(incident.quotes)
    quote_ids = (*incident.quotes, *(i for i in about if i in only_about))
    if quote_ids:
        b.heading("Quotes")
        for quote_id in quote_ids:
            quoted = links.items.get(quote_id)
            if isinstance(quoted, Quote):
                checked = quoted.verification or "verification not stated"
                # quote_line already names a paraphrase as one.
                kind = "" if quoted.kind == "paraphrase" else f"{quoted.kind}, "
                label = f"{quote_line(quoted, links)}  ({kind}{checked})"
                b.link(quote_id, label)
    if incident.sources:
        b.heading("Sources")
        for source_id in incident.sources:
            cited = links.items.get(source_id)
            label = b.name_of(source_id)
            if isinstance(cited, Source):
                label += f" — {cited.publisher}" if cited.publisher else ""
                label += f" <{cited.url}>" if cited.url else ""
            b.link(source_id, label)
    b.links_section("Related incidents", incident.related)
    b.links_section("Notes about it", tuple(i for i in about if i not in about_quotes))
    return b.parts


def quote_parts(briefing: Briefing, links: BriefingLinks, quote: Quote) -> list[Part]:
    b = _Builder(briefing, links)
    b.heading(f"{quote.kind.capitalize()} quote")
    b.body(quote.text if quote.kind == "paraphrase" else f"“{quote.text}”")
    if quote.speaker:
        b.link(quote.speaker, "Speaker: " + b.name_of(quote.speaker))
    else:
        b.field("Speaker", quote.speaker_label)
    b.field("Verification", quote.verification or "not stated")
    if quote.said is not None:
        b.field("Said", _when_text(quote.said))
    b.field("Locator", quote.locator)
    b.field("Context", quote.context)
    b.values("Tags", quote.tags)
    b.heading("Source")
    b.link(quote.source)
    if quote.original_source:
        b.link(quote.original_source, "Original source: " + b.name_of(quote.original_source))
    b.links_section("Supports incidents", links.supported_by.get(quote.id, ()))
    b.links_section("About", quote.about)
    return b.parts


def source_parts(briefing: Briefing, links: BriefingLinks, source: Source) -> list[Part]:
    b = _Builder(briefing, links)
    b.heading(source.title)
    b.field("Kind", source.kind)
    b.field("Publisher", source.publisher)
    b.values("Authors", source.authors)
    b.field("URL (not opened)", source.url)
    b.field("Published", source.published.text if source.published else None)
    b.field("Retrieved", source.retrieved.text if source.retrieved else None)
    if not source.consulted:
        b.field("Consulted", "no: cited but not read")
    b.field("Reliability", source.reliability)
    b.field("External ids (not opened)", _external_ids_text(source.external_ids))
    b.body(source.notes)
    citers = tuple(c for c in links.cited_by.get(source.id, ()) if c != "summary")
    b.links_section("Cited by", citers)
    if "summary" in links.cited_by.get(source.id, ()):
        b.parts.append(Link("the summary", LinkTarget(briefing.id, "summary")))
    return b.parts


def _external_ids_text(external_ids: Mapping[str, str]) -> str:
    """``wikidata:Q1318  mitre-attack:G0006``: plain text, never a link."""
    return "  ".join(f"{scheme}:{value}" for scheme, value in external_ids.items())


def entity_parts(briefing: Briefing, links: BriefingLinks, entity: Entity) -> list[Part]:
    b = _Builder(briefing, links)
    b.heading(entity.name)
    b.field("Kind", entity.kind)
    b.field("Office", entity.title)
    b.values("Aliases", entity.aliases)
    b.field("Country", entity.country)
    b.field("External ids (not opened)", _external_ids_text(entity.external_ids))
    b.body(entity.description)
    if entity.parent:
        b.link(entity.parent, "Part of: " + b.name_of(entity.parent))
    b.links_section("Members", entity.members)
    b.links_section("Appears in", links.appears_in.get(entity.id, ()))
    b.links_section("Sources", entity.sources)
    return b.parts


def parts_for(briefing: Briefing, links: BriefingLinks, item: object) -> list[Part]:
    """The detail of any item (or the summary when ``item`` is the briefing)."""
    if isinstance(item, Incident):
        return incident_parts(briefing, links, item)
    if isinstance(item, Quote):
        return quote_parts(briefing, links, item)
    if isinstance(item, Source):
        return source_parts(briefing, links, item)
    if isinstance(item, Entity):
        return entity_parts(briefing, links, item)
    return summary_parts(briefing, links)
