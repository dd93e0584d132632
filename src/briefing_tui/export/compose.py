"""The one walk over a briefing that both the text and the Markdown output share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model.format.types import Briefing, Entity, Incident, Quote, Source, When
from .writers import Writer

__all__ = ["Composer", "compose"]

Pairs = list[tuple[str, str]]


def compose(briefing: Briefing, out: Writer) -> None:
    """Lay ``briefing`` out with ``out``, banner first and last."""
    Composer(briefing, out).write()


class Composer:
    """Walks one briefing in reading order, telling a writer what to lay out.

    ``write`` lays out the whole briefing; ``incident``, ``quote``, ``source_entry`` and
    ``entity`` lay out one item each (the line-by-line reader shows one at a time).
    """

    def __init__(self, briefing: Briefing, out: Writer) -> None:
        self.briefing = briefing
        self.out = out
        self.names = {entity.id: entity.name for entity in briefing.entities}
        self.sources = {source.id: source for source in briefing.sources}
        self.incidents = {incident.id: incident for incident in briefing.incidents}
        self.quotes = {quote.id: quote for quote in briefing.quotes}
        handling = briefing.handling
        banner = f"  {out.inline(handling.banner)}" if handling.banner else ""
        self.banner = handling.tlp_label + banner

    def write(self) -> None:
        self.out.banner(self.banner)
        self._header()
        self._summary()
        self._incidents()
        self._quotes()
        self._sources()
        self._entities()
        self._notes()
        self.out.banner(self.banner)

    def summary_page(self) -> None:
        """Title, facts, summary, handling and notes: the reader's summary pane."""
        self._header()
        self._summary()
        self._notes()

    # helpers turning file text into writer-ready text

    def text(self, value: str) -> str:
        return self.out.inline(value)

    def join(self, values: Iterable[str], separator: str = ", ") -> str:
        return separator.join(self.out.inline(value) for value in values)

    def ids(self, identifiers: Iterable[str]) -> str:
        return ", ".join(self.out.ident(identifier) for identifier in identifiers)

    def name(self, entity_id: str) -> str:
        return self.out.inline(self.names.get(entity_id, entity_id))

    def source(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        if source is None:
            return self.out.ident(source_id)
        unread = " (cited, not consulted)" if not source.consulted else ""
        return f"{self.text(source.title)} {self.out.ident(source.id)}{unread}"

    def source_list(self, source_ids: Iterable[str]) -> str:
        return "; ".join(self.source(source_id) for source_id in source_ids)

    def external_ids(self, external_ids: Mapping[str, str]) -> str:
        """``wikidata Q1318, stix identity--...``: text, never a link."""
        return ", ".join(
            f"{self.text(scheme)} {self.out.url(value)}" for scheme, value in external_ids.items()
        )

    def when(self, when: When) -> str:
        shown = self.text(when.display())
        if when.text and shown != self.text(when.text):
            shown += f" ({self.text(when.text)})"
        if when.approximate and not shown.startswith("~"):
            shown += " (approximate)"
        return shown

    def quote_line(self, quote: Quote) -> str:
        """One quote with its speaker; a paraphrase is never put in quotation marks."""
        if quote.speaker:
            speaker = self.name(quote.speaker)
        else:
            speaker = self.text(quote.speaker_label or "unnamed speaker")
        ident = self.out.ident(quote.id)
        if quote.kind == "paraphrase":
            return f"Paraphrase ({speaker}): {self.text(quote.text)} {ident}"
        label = "" if quote.kind == "direct" else f" ({quote.kind} quote)"
        return f"{speaker}{label}: {self.out.quoted(quote.text)} {ident}"

    # sections

    def _header(self) -> None:
        briefing, out = self.briefing, self.out
        out.heading(1, self.text(briefing.title))
        if briefing.subtitle:
            out.paragraph(briefing.subtitle)
        pairs: Pairs = [("Date", self.text(briefing.date.text)), ("Status", briefing.status)]
        if briefing.authors:
            authors = (
                self.text(author.name)
                + (f" ({self.text(author.organization)})" if author.organization else "")
                for author in briefing.authors
            )
            pairs.append(("Authors", ", ".join(authors)))
        if briefing.language:
            pairs.append(("Language", self.text(briefing.language)))
        pairs.append(("Id", out.ident(briefing.id)))
        out.fields(pairs)

    def _summary(self) -> None:
        briefing, out = self.briefing, self.out
        out.heading(2, "Summary")
        out.paragraph(briefing.summary_text)
        if not isinstance(briefing.summary, str):
            summary = briefing.summary
            if summary.key_points:
                out.heading(3, "Key points")
                out.bullets(self.text(point) for point in summary.key_points)
            if summary.assessment:
                out.heading(3, "Assessment")
                out.paragraph(summary.assessment)
            quotes = [self.quote_line(self.quotes[q]) for q in summary.quotes if q in self.quotes]
            if quotes:
                out.heading(3, "Supporting quotes")
                out.bullets(quotes)
            if summary.sources:
                out.fields([("Sources", self.source_list(summary.sources))])
        out.heading(3, "Handling")
        out.fields([("Marking", self.banner)])
        for statement in briefing.handling.statements:
            out.paragraph(statement)
        if briefing.tags:
            out.fields([("Tags", self.join(briefing.tags))])

    def _incidents(self) -> None:
        out = self.out
        if self.briefing.incidents:
            out.heading(2, f"Incidents ({len(self.briefing.incidents)})")
        for number, incident in enumerate(self.briefing.incidents, 1):
            self.incident(number, incident)

    def incident(self, number: int, incident: Incident) -> None:
        """One incident, ``number`` counting from 1."""
        out = self.out
        out.item(f"{number}. {self.text(incident.title)} {out.ident(incident.id)}")
        out.fields(self._incident_facts(incident), indent=4)
        if incident.description:
            out.paragraph(incident.description, indent=4)
        quotes = [self.quote_line(self.quotes[q]) for q in incident.quotes if q in self.quotes]
        if quotes:
            out.bullets(quotes, indent=4)
        out.fields(self._incident_links(incident), indent=4)

    def _incident_facts(self, incident: Incident) -> Pairs:
        pairs: Pairs = []
        if incident.when is not None:
            pairs.append(("When", self.when(incident.when)))
        if incident.severity:
            pairs.append(("Severity", incident.severity))
        pairs.append(("Type", incident.type))
        if incident.determination:
            pairs.append(("Determination", incident.determination))
        if incident.confidence is not None:
            pairs.append(("Confidence", f"{incident.confidence}/100"))
        if incident.category:
            pairs.append(("Category", self.join(incident.category)))
        if incident.actors:
            actors = (
                f"{self.name(actor.entity)} ({actor.role}"
                + (f", {actor.attribution})" if actor.attribution else ")")
                for actor in incident.actors
            )
            pairs.append(("Actors", "; ".join(actors)))
        if incident.locations:
            pairs.append(("Locations", ", ".join(self.name(e) for e in incident.locations)))
        return pairs

    def _incident_links(self, incident: Incident) -> Pairs:
        when_sources = incident.when.sources if incident.when else ()
        sources = self.source_list((*incident.sources, *when_sources))
        pairs: Pairs = [("Sources", sources or "none (unsourced)")]
        if incident.related:
            related = (
                f"{self.text(self.incidents[i].title)} {self.out.ident(i)}"
                if i in self.incidents
                else self.out.ident(i)
                for i in incident.related
            )
            pairs.append(("Related", "; ".join(related)))
        if incident.tags:
            pairs.append(("Tags", self.join(incident.tags)))
        return pairs

    def _quotes(self) -> None:
        out = self.out
        if self.briefing.quotes:
            out.heading(2, f"Quotes ({len(self.briefing.quotes)})")
        for quote in self.briefing.quotes:
            self.quote(quote)

    def quote(self, quote: Quote) -> None:
        """One quote with its source and context."""
        self.out.item(self.quote_line(quote))
        pairs: Pairs = [("Kind", quote.kind), ("Source", self.source(quote.source))]
        if quote.original_source:
            pairs.append(("Original source", self.source(quote.original_source)))
        if quote.said is not None:
            pairs.append(("Said", self.when(quote.said)))
        if quote.locator:
            pairs.append(("Locator", self.text(quote.locator)))
        if quote.verification:
            pairs.append(("Verification", quote.verification))
        if quote.context:
            pairs.append(("Context", self.text(quote.context)))
        if quote.about:
            pairs.append(("About", self.ids(quote.about)))
        if quote.tags:
            pairs.append(("Tags", self.join(quote.tags)))
        self.out.fields(pairs, indent=4)

    def _sources(self) -> None:
        out = self.out
        if self.briefing.sources:
            out.heading(2, f"Sources ({len(self.briefing.sources)})")
        for source in self.briefing.sources:
            self.source_entry(source)

    def source_entry(self, source: Source) -> None:
        """One source with its publisher, URL and dates."""
        out = self.out
        out.item(self.source(source.id))
        pairs: Pairs = [("Kind", source.kind)]
        if source.publisher:
            pairs.append(("Publisher", self.text(source.publisher)))
        if source.authors:
            pairs.append(("Authors", self.join(source.authors)))
        if source.url:
            pairs.append(("URL", out.url(source.url)))
        if source.published is not None:
            pairs.append(("Published", self.text(source.published.text)))
        if source.retrieved is not None:
            pairs.append(("Retrieved", self.text(source.retrieved.text)))
        if source.reliability:
            pairs.append(("Reliability", source.reliability))
        if source.external_ids:
            pairs.append(("External ids", self.external_ids(source.external_ids)))
        out.fields(pairs, indent=4)
        if source.notes:
            out.paragraph(source.notes, indent=4)

    def _entities(self) -> None:
        out = self.out
        if self.briefing.entities:
            out.heading(2, f"Entities ({len(self.briefing.entities)})")
        kinds: dict[str, list[Entity]] = {}
        for entity in self.briefing.entities:
            kinds.setdefault(entity.kind, []).append(entity)
        for kind, members in kinds.items():
            out.heading(3, f"{kind.capitalize()} ({len(members)})")
            for entity in members:
                self.entity(entity)

    def entity(self, entity: Entity) -> None:
        """One entity with its description and facts."""
        out = self.out
        out.item(f"{self.text(entity.name)} {out.ident(entity.id)}", level=4)
        if entity.description:
            out.paragraph(entity.description, indent=4)
        out.fields(self._entity_facts(entity), indent=4)

    def _entity_facts(self, entity: Entity) -> Pairs:
        pairs: Pairs = []
        if entity.title:
            pairs.append(("Title", self.text(entity.title)))
        if entity.aliases:
            pairs.append(("Also known as", self.join(entity.aliases)))
        if entity.country:
            pairs.append(("Country", self.text(entity.country)))
        if entity.parent:
            pairs.append(("Part of", self.name(entity.parent)))
        if entity.members:
            pairs.append(("Members", ", ".join(self.name(m) for m in entity.members)))
        if entity.sources:
            pairs.append(("Sources", self.ids(entity.sources)))
        if entity.external_ids:
            pairs.append(("External ids", self.external_ids(entity.external_ids)))
        return pairs

    def _notes(self) -> None:
        out = self.out
        if self.briefing.notes:
            out.heading(2, f"Notes ({len(self.briefing.notes)})")
        for note in self.briefing.notes:
            title = self.text(note.title) if note.title else note.kind.capitalize()
            out.item(f"{title} ({note.kind}) {out.ident(note.id)}")
            out.paragraph(note.text, indent=4)
            pairs: Pairs = []
            if note.about:
                pairs.append(("About", self.ids(note.about)))
            if note.authors:
                pairs.append(("Authors", self.join(note.authors)))
            if note.created is not None:
                pairs.append(("Created", note.created.isoformat()))
            out.fields(pairs, indent=4)
