"""A briefing as a STIX 2.1 bundle (README "Import and export", "briefing/v1 to STIX 2.1").

The briefing becomes a ``report`` whose ``object_refs`` name its entities (``identity``,
``location``, or the type of the STIX id they already carry), incidents, notes and the
relationships between them. Every object is marked with the TLP 2.0 marking definition of
the briefing's marking as the site's rules compute it (never lower than the briefing),
and with a statement marking for each handling statement and for the banner, which STIX
has no field for. Sources become ``external_references``.

What STIX has no property for, and what the importer needs to give the same briefing
back, is written as ``x_briefing_*`` custom properties: the briefing's own ids and kinds,
the precision of a partial date padded to a timestamp (``x_briefing_date_precision``),
and ``x_briefing_derived``, the properties STIX requires that the briefing did not give
(such as a ``created`` made from the briefing's date), which an import ignores.

Ids are stable: an entity or the briefing's report source that carries
``external_ids.stix`` keeps that id; every other object gets a UUIDv5 of the briefing id
and the item id.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec

from ..model.format.dates import PartialDate, Precision
from ..model.format.types import Briefing, Entity, Incident, Note, Source, When
from ..model.marking import Marking

__all__ = [
    "BANNER_ROLE",
    "INCIDENT_CORE",
    "NAMESPACE",
    "TLP2_IDS",
    "export_stix",
]

NAMESPACE = uuid.UUID("7c4a3b52-0d3e-5c1a-9f6e-62726965666e")
"""The UUIDv5 namespace of every id this export makes (fixed: exports are stable)."""

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_IDS: dict[str, str] = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
"""The official TLP 2.0 marking-definition ids."""
INCIDENT_CORE = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"
"""The incident-core extension (determination, incident types)."""
BANNER_ROLE = "banner"
"""``x_briefing_role`` of the statement marking that carries the banner."""

_STIX_ID = re.compile(
    r"^([a-z][a-z0-9-]+[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}"
    r"-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
"""A STIX identifier as the OASIS schema accepts it (UUID versions 1-5, RFC 4122)."""
_ENTITY_TYPES = ("identity", "threat-actor", "intrusion-set", "campaign", "location")
_IDENTITY_CLASS = {
    "person": "individual",
    "organization": "organization",
    "government": "organization",
    "group": "group",
}
_PRECISION = {Precision.YEAR: "year", Precision.MONTH: "month", Precision.DAY: "day"}
_DETERMINATIONS = ("confirmed", "suspected")
"""The determinations incident-core has a value for (the others are not written)."""
_ROLE_RELATIONSHIPS = {"perpetrator": "attributed-to", "target": "targets"}


def _stamp(moment: datetime) -> str:
    """A STIX timestamp in UTC with milliseconds (microseconds when there are some)."""
    moment = moment.astimezone(UTC)
    fraction = (
        f"{moment.microsecond // 1000:03d}"
        if moment.microsecond % 1000 == 0
        else f"{moment.microsecond:06d}"
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + fraction + "Z"


def _date_text(value: Any) -> Any:
    return value.text if isinstance(value, PartialDate) else value


def _builtins(value: Any) -> Any:
    return msgspec.to_builtins(value, enc_hook=_date_text)


def _when(when: When) -> Any:
    """``when`` as the file would write it: the ``at`` shorthand or the mapping."""
    if when.at is not None and when == When(at=when.at):
        return when.at.text
    return _builtins(when)


class _Exporter:
    def __init__(self, briefing: Briefing, marking: Marking, own_banner: str | None) -> None:
        self.briefing = briefing
        self.used: set[str] = set()
        self.markings = [TLP2_IDS[marking.tlp]]
        self.marking_objects = [_tlp_definition(marking.tlp)]
        created, modified, derived = self._report_times()
        self.created, self.modified, self.times_derived = created, modified, derived
        statements: list[tuple[str, str | None]] = [
            (text, None) for text in dict.fromkeys(briefing.handling.statements)
        ]
        if own_banner:
            statements.insert(0, (own_banner, BANNER_ROLE))
        for text, role in statements:
            definition: dict[str, Any] = {
                "type": "marking-definition",
                "spec_version": "2.1",
                "id": self.new_id("marking-definition", f"{role or 'statement'}:{text}"),
                "created": self.created,
                "definition_type": "statement",
                "definition": {"statement": text},
            }
            if role:
                definition["name"] = "Banner"
                definition["x_briefing_role"] = role
            self.marking_objects.append(definition)
            self.markings.append(definition["id"])

    # --- ids and common properties ------------------------------------------------

    def new_id(self, stix_type: str, key: str) -> str:
        made = f"{stix_type}--{uuid.uuid5(NAMESPACE, f'{self.briefing.id}/{key}')}"
        self.used.add(made)
        return made

    def reuse(self, stix_id: str | None, types: tuple[str, ...]) -> str | None:
        """``stix_id`` when it is a valid, unused id of one of ``types``."""
        match = _STIX_ID.match(stix_id) if stix_id else None
        if stix_id is None or match is None or match.group(1) not in types:
            return None
        if stix_id in self.used:
            return None
        self.used.add(stix_id)
        return stix_id

    def common(self, stix_type: str, stix_id: str) -> dict[str, Any]:
        return {
            "type": stix_type,
            "spec_version": "2.1",
            "id": stix_id,
            "created": self.created,
            "modified": self.modified,
            "object_marking_refs": list(self.markings),
        }

    def _report_times(self) -> tuple[str, str, list[str]]:
        briefing = self.briefing
        derived: list[str] = []
        if briefing.created is not None:
            created = briefing.created
        else:
            derived.append("created")
            created = briefing.date.start
            if briefing.updated is not None:
                created = min(created, briefing.updated)
        if briefing.updated is not None and briefing.updated >= created:
            modified = briefing.updated
        else:
            derived.append("modified")
            modified = created
        return _stamp(created), _stamp(modified), derived

    # --- sources --------------------------------------------------------------------

    def reference(self, source: Source) -> dict[str, Any]:
        """A source as an external reference (the briefing's id and kind kept with it)."""
        reference: dict[str, Any] = {
            "source_name": source.publisher or source.title,
            "description": source.title,
        }
        if source.publisher in ("cve", "capec"):  # the schema wants a CVE or CAPEC id then
            reference["source_name"] = source.publisher.upper()
        if source.url is not None:
            reference["url"] = source.url
        reference["x_briefing_id"] = source.id
        reference["x_briefing_kind"] = source.kind
        if not source.publisher:
            reference["x_briefing_derived"] = ["source_name"]
        return reference

    def references(self, source_ids: tuple[str, ...]) -> list[dict[str, Any]]:
        by_id = {source.id: source for source in self.briefing.sources}
        return [self.reference(by_id[i]) for i in dict.fromkeys(source_ids) if i in by_id]

    # --- objects --------------------------------------------------------------------

    def entity(self, entity: Entity) -> dict[str, Any]:
        default = "location" if entity.kind in ("country", "location") else "identity"
        stix_id = self.reuse(entity.external_ids.get("stix"), _ENTITY_TYPES) or self.new_id(
            default, entity.id
        )
        stix_type = stix_id.split("--", 1)[0]
        obj = self.common(stix_type, stix_id)
        obj["name"] = entity.name
        if entity.description is not None:
            obj["description"] = entity.description
        if stix_type == "identity":
            obj["identity_class"] = _IDENTITY_CLASS.get(entity.kind, "unknown")
        if entity.aliases:
            key = "aliases" if stix_type in ("threat-actor", "intrusion-set", "campaign") else None
            obj[key or "x_briefing_aliases"] = list(entity.aliases)
        if stix_type == "location":
            if entity.country is not None:
                obj["country"] = entity.country
            else:  # a location needs a region, a country or coordinates
                obj["region"] = entity.name
                obj["x_briefing_derived"] = ["region"]
        elif entity.country is not None:
            obj["x_briefing_country"] = entity.country
        references = self.references(entity.sources) + [
            {"source_name": scheme, "external_id": value}
            for scheme, value in entity.external_ids.items()
            if scheme != "stix"
        ]
        if references:
            obj["external_references"] = references
        obj["x_briefing_id"] = entity.id
        obj["x_briefing_kind"] = entity.kind
        return obj

    def incident(self, incident: Incident) -> dict[str, Any]:
        obj = self.common("incident", self.new_id("incident", incident.id))
        obj["name"] = incident.title
        if incident.description is not None:
            obj["description"] = incident.description
        if incident.confidence is not None:
            obj["confidence"] = incident.confidence
        if incident.tags:
            obj["labels"] = list(incident.tags)
        core: dict[str, Any] = {}
        if incident.determination in _DETERMINATIONS:
            core["determination"] = incident.determination
        if incident.category:
            core["incident_types"] = list(incident.category)
        if core:
            obj["extensions"] = {INCIDENT_CORE: {"extension_type": "property-extension", **core}}
        if incident.sources:
            obj["external_references"] = self.references(incident.sources)
        obj["x_briefing_id"] = incident.id
        if incident.type != "incident":
            obj["x_briefing_type"] = incident.type
        if incident.when is not None:
            obj["x_briefing_when"] = _when(incident.when)
        if incident.severity is not None:
            obj["x_briefing_severity"] = incident.severity
        return obj

    def relationship(
        self, kind: str, source: str, target: str, key: str, extra: dict[str, Any]
    ) -> dict[str, Any]:
        obj = self.common("relationship", self.new_id("relationship", key))
        obj.update(relationship_type=kind, source_ref=source, target_ref=target, **extra)
        return obj

    def note(self, note: Note, stix_ids: dict[str, str], report_id: str) -> dict[str, Any]:
        obj = self.common("note", stix_ids[note.id])
        derived: list[str] = []
        if note.created is not None:
            obj["created"] = _stamp(note.created)
            obj["modified"] = max(obj["created"], obj["modified"])
        else:
            derived.append("created")
        if note.title is not None:
            obj["abstract"] = note.title
        obj["content"] = note.text
        if note.authors:
            obj["authors"] = list(note.authors)
        about = [stix_ids[i] for i in note.about if i in stix_ids]
        obj["object_refs"] = about or [report_id]
        obj["x_briefing_id"] = note.id
        if note.kind != "note":
            obj["x_briefing_kind"] = note.kind
        if derived:
            obj["x_briefing_derived"] = derived
        return obj

    # --- the bundle -----------------------------------------------------------------

    def report_id(self) -> str:
        """The report's id: that of the report (or the UUID of the grouping) the briefing
        was imported from, when it has its source; else a new one."""
        for source in self.briefing.sources:
            kind, _, uuid_text = source.external_ids.get("stix", "").partition("--")
            if kind in ("report", "grouping") and source.id == f"src-stix-{uuid_text.lower()}":
                reused = self.reuse(f"report--{uuid_text}", ("report",))
                if reused is not None:
                    return reused
        return self.new_id("report", self.briefing.id)

    def bundle(self) -> dict[str, Any]:
        briefing = self.briefing
        report_id = self.report_id()
        entities = [self.entity(entity) for entity in briefing.entities]
        stix_ids = {e["x_briefing_id"]: e["id"] for e in entities}
        incidents = [self.incident(incident) for incident in briefing.incidents]
        stix_ids.update((i["x_briefing_id"], i["id"]) for i in incidents)
        relationships: list[dict[str, Any]] = []
        for incident, obj in zip(briefing.incidents, incidents, strict=True):
            for n, location in enumerate(incident.locations):
                if location in stix_ids:
                    relationships.append(
                        self.relationship(
                            "located-at", obj["id"], stix_ids[location],
                            f"{incident.id}/located-at/{n}", {},
                        )
                    )  # fmt: skip
            for n, actor in enumerate(incident.actors):
                if actor.entity not in stix_ids:
                    continue
                extra = {"x_briefing_role": actor.role}
                if actor.attribution is not None:
                    extra["x_briefing_attribution"] = actor.attribution
                relationships.append(
                    self.relationship(
                        _ROLE_RELATIONSHIPS.get(actor.role, "related-to"), obj["id"],
                        stix_ids[actor.entity], f"{incident.id}/actor/{n}", extra,
                    )
                )  # fmt: skip
            for n, related in enumerate(incident.related):
                if related in stix_ids:
                    relationships.append(
                        self.relationship(
                            "related-to", obj["id"], stix_ids[related],
                            f"{incident.id}/related/{n}", {},
                        )
                    )  # fmt: skip
        note_ids = {note.id: self.new_id("note", note.id) for note in briefing.notes}
        stix_ids.update(note_ids)
        notes = [self.note(note, stix_ids, report_id) for note in briefing.notes]
        author = self.author()
        report = self.common("report", report_id)
        if author is not None:
            report["created_by_ref"] = author["id"]
        report["name"] = briefing.title
        summary = briefing.summary if isinstance(briefing.summary, str) else briefing.summary.text
        report["description"] = summary
        report["published"] = _stamp(briefing.date.start).replace(".000Z", "Z")
        if briefing.language is not None:
            report["lang"] = briefing.language
        if briefing.tags:
            report["labels"] = list(briefing.tags)
        if briefing.sources:
            report["external_references"] = [self.reference(s) for s in briefing.sources]
        members = [o["id"] for o in (*entities, *incidents, *relationships, *notes)]
        report["object_refs"] = members or [self.markings[0]]
        report["x_briefing_id"] = briefing.id
        precision = _PRECISION.get(briefing.date.precision)
        if precision is not None:
            report["x_briefing_date_precision"] = precision
        if self.times_derived:
            report["x_briefing_derived"] = self.times_derived
        objects = [
            *self.marking_objects,
            *([author] if author else []),
            report,
            *entities,
            *incidents,
            *relationships,
            *notes,
        ]
        return {
            "type": "bundle",
            "id": f"bundle--{uuid.uuid5(NAMESPACE, briefing.id)}",
            "objects": objects,
        }

    def author(self) -> dict[str, Any] | None:
        """The first author as the identity that created the report (STIX has one)."""
        if not self.briefing.authors:
            return None
        name = self.briefing.authors[0].name
        obj = self.common("identity", self.new_id("identity", f"author:{name}"))
        obj.update(name=name, identity_class="individual")
        return obj


def _tlp_definition(level: str) -> dict[str, Any]:
    """The official TLP 2.0 marking definition of ``level``."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[level],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{level.upper()}",
        "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}},
    }


def export_stix(briefing: Briefing, marking: Marking, own_marking: Marking) -> dict[str, Any]:
    """``briefing`` as a STIX 2.1 bundle (a JSON-ready dict) under ``marking``.

    ``marking`` is the site's marking of the briefing (``MarkingRules.marking``): its TLP
    marks every object, never lower than the briefing's. ``own_marking`` is the briefing's
    marking without the site's rules: when the site raises the classification, the
    site's classification is the banner written; otherwise the briefing's banner as
    written.
    """
    banner = briefing.handling.banner
    if marking.classification != own_marking.classification or (
        marking.classification and not banner
    ):
        banner = marking.classification or banner
    return _Exporter(briefing, marking, banner if banner and banner.strip() else None).bundle()
