"""A STIX 2.1 bundle to briefing/v1 data: one briefing per ``report`` or ``grouping``.

Mapping (README "Import and export"): the container's ``name``, ``description``,
``published`` and ``created_by_ref`` give the title, summary, date and authors; incidents
become incidents (incident-core ``determination`` and the earliest activity
``start_time``); identity, threat-actor, intrusion-set, campaign and location become
entities with their STIX id under ``external_ids``; ``located-at``, ``attributed-to`` and
``targets`` relationships from an incident give its locations and actors; notes and
opinions become notes; ``external_references`` become sources; ``labels`` become tags.
The original of every imported object is kept under ``extensions.stix``.

A bundle that ``briefing export stix`` wrote carries ``x_briefing_*`` properties (the
briefing's ids, kinds, partial dates...: ``stix_custom``); they are read back, each only
when valid, so importing an export gives back the briefing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import stix_custom as custom
from .json_input import InterchangeError, pointer
from .markings import collect_markings

__all__ = ["ImportResult", "ImportedBriefing", "import_stix"]

_UUID = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]--([0-9a-fA-F-]{36})$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
_KEBAB_SPLIT = re.compile(r"[^a-z0-9]+")
_ENTITY_KINDS = {"threat-actor": "group", "intrusion-set": "group", "campaign": "event"}
_IDENTITY_KINDS = {"individual": "person", "organization": "organization", "group": "group"}
_CONTAINERS = ("report", "grouping")
_INCIDENT_CORE = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(slots=True)
class ImportedBriefing:
    id: str
    data: dict[str, Any]


@dataclass(slots=True)
class ImportResult:
    briefings: list[ImportedBriefing] = field(default_factory=list)
    imported: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


def _kebab(text: str) -> str:
    return "-".join(part for part in _KEBAB_SPLIT.split(text.lower()) if part)


def _slug(stix_id: str) -> str:
    match = _UUID.match(stix_id)
    return match.group(1).lower() if match else _kebab(stix_id)


def _date(value: Any) -> str | None:
    return value if isinstance(value, str) and _TIMESTAMP.match(value) else None


def _objects(path: str, data: Any) -> tuple[list[dict[str, Any]], bool]:
    """The bundle's objects, and whether the file is a bare object rather than a bundle."""
    if not isinstance(data, dict):
        raise InterchangeError(path, "", "expected a STIX bundle or object (a JSON object)")
    if "type" not in data:
        raise InterchangeError(path, pointer("type"), "missing: expected 'bundle'")
    bare = data["type"] != "bundle"
    objects = [data] if bare else data.get("objects")
    if not isinstance(objects, list):
        raise InterchangeError(path, pointer("objects"), "expected a list of STIX objects")
    for index, obj in enumerate(objects):
        where: tuple[str | int, ...] = () if bare else ("objects", index)
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
            raise InterchangeError(path, pointer(*where), "expected a STIX object with a type")
        if not isinstance(obj.get("id"), str) or not _UUID.match(obj["id"]):
            raise InterchangeError(path, pointer(*where, "id"), "expected <type>--<uuid>")
        for stamp in ("created", "modified"):
            if stamp in obj and _date(obj[stamp]) is None:
                raise InterchangeError(
                    path, pointer(*where, stamp), "not a STIX timestamp (YYYY-MM-DDTHH:MM:SSZ)"
                )
        if "created" in obj and "modified" in obj and obj["modified"] < obj["created"]:
            raise InterchangeError(path, pointer(*where, "modified"), "earlier than 'created'")
    return objects, bare


def import_stix(path: str, data: Any, tlp: str | None = None) -> ImportResult:
    """Every briefing of a decoded STIX bundle; raises ``InterchangeError``."""
    objects, bare = _objects(path, data)
    by_id = {obj["id"]: obj for obj in objects}
    index_of: dict[str, tuple[str | int, ...]] = {
        obj["id"]: (() if bare else ("objects", i)) for i, obj in enumerate(objects)
    }
    containers = [obj for obj in objects if obj["type"] in _CONTAINERS]
    if not containers:
        containers = [_whole_bundle(path, data, objects)]
    result = ImportResult()
    for container in containers:
        builder = _Builder(path, container, by_id, index_of, result)
        result.briefings.append(builder.build(tlp))
    return result


def _whole_bundle(path: str, data: Any, objects: list[dict[str, Any]]) -> dict[str, Any]:
    """A bundle with no report or grouping is one briefing of all its objects."""
    content = [o for o in objects if o["type"] not in ("marking-definition", "relationship")]
    if not content:
        raise InterchangeError(path, "", "no report, grouping or other object to import")
    first = next(
        (o for kind in ("incident", "campaign", "intrusion-set", "threat-actor") for o in content
         if o["type"] == kind),
        content[0],
    )  # fmt: skip
    name = first.get("name") if isinstance(first.get("name"), str) else first["id"]
    bundle_id = (
        data["id"]
        if data.get("type") == "bundle" and isinstance(data.get("id"), str)
        else first["id"]
    )
    return {
        "type": "x-bundle",
        "id": bundle_id,
        "name": name,
        "created": first.get("created"),
        "modified": first.get("modified"),
        "object_refs": [o["id"] for o in objects if o["type"] != "marking-definition"],
        "object_marking_refs": [],
    }


class _Builder:
    def __init__(
        self,
        path: str,
        container: dict[str, Any],
        by_id: dict[str, dict[str, Any]],
        index_of: dict[str, tuple[str | int, ...]],
        result: ImportResult,
    ) -> None:
        self.path = path
        self.container = container
        self.by_id = by_id
        self.index_of = index_of
        self.result = result
        self.local: dict[str, str] = {}
        self.used: set[str] = set()
        self.sources: list[dict[str, Any]] = []
        self.member_ids: set[str] = set()
        self.originals: dict[str, dict[str, Any]] = {}

    def warn(self, where: str, message: str) -> None:
        self.result.warnings.append(f"{self.path}: {where}: {message}")

    def ref(self, owner: dict[str, Any], key: str, position: int | None = None) -> Any:
        """The object a reference names, or None after a warning naming its pointer."""
        value = owner.get(key) if position is None else owner[key][position]
        found = self.by_id.get(value) if isinstance(value, str) else None
        if found is None:
            parts: list[str | int] = [*self.index_of.get(owner["id"], ()), key]
            if position is not None:
                parts.append(position)
            self.warn(pointer(*parts), f"{str(value)[:120]!r} is not in the bundle; link dropped")
        return found

    def build(self, tlp: str | None) -> ImportedBriefing:
        container = self.container
        members: list[dict[str, Any]] = []
        refs = container.get("object_refs") or []
        for position in range(len(refs)):
            found = self.ref(container, "object_refs", position)
            if found is not None:
                members.append(found)
        member_ids = {obj["id"] for obj in members}
        relationships = [
            obj for obj in members if obj["type"] == "relationship"
        ] + [
            obj for obj in self.by_id.values()
            if obj["type"] == "relationship" and obj["id"] not in member_ids
            and obj.get("source_ref") in member_ids
        ]  # fmt: skip
        brf_id = custom.local_id(container, "brf", set()) or "brf-stix-" + _slug(container["id"])
        ours = custom.local_id(container, "brf", set()) is not None  # a briefing's export
        self.source_ids(container)  # the container's references: the briefing's sources
        for obj in members:  # notes may be about notes that come later
            if obj["type"] in ("note", "opinion"):
                self.local_id("note", obj)
        entities = [self.entity(obj) for obj in members if self.is_entity(obj)]
        self.member_ids = member_ids
        origin = None if ours else self.origin_source()
        incidents = [
            self.incident(obj, relationships, origin)
            for obj in members
            if obj["type"] == "incident"
        ]
        notes = [n for obj in members if (n := self.note(obj)) is not None]
        for obj in members:
            if not (
                self.is_entity(obj)
                or obj["type"] in ("incident", "note", "opinion", "relationship")
            ):
                self.result.left_out[obj["type"]] += 1
        markings = collect_markings([container, *members], self.definitions())
        handling = markings.handling(tlp)
        where = pointer(*self.index_of.get(container["id"], ()))
        if handling is None:
            why = (
                "an unknown marking (" + ", ".join(markings.unknown) + ")"
                if markings.unknown else "no TLP marking"
            )  # fmt: skip
            raise InterchangeError(self.path, where, f"{why}; give --tlp LEVEL to import it anyway")
        name = container.get("name") if isinstance(container.get("name"), str) else brf_id
        description = container.get("description")
        published = _date(container.get("published"))
        date = custom.truncate_date(published, container) if published else None
        made_up = custom.derived(container)
        text = description if isinstance(description, str) and description.strip() else name
        data: dict[str, Any] = {
            "schema": "briefing/v1",
            "id": brf_id,
            "title": name,
            "date": (date or _date(container.get("created")) or "1970-01-01T00:00:00Z"),
            "created": None if "created" in made_up else _date(container.get("created")),
            "updated": None if "modified" in made_up else _date(container.get("modified")),
            "handling": handling,
            "summary": {"text": text, "sources": [origin]} if origin else text,
        }
        language = container.get("lang")
        if isinstance(language, str) and _LANGUAGE.match(language):
            data["language"] = language
        author = self.ref(container, "created_by_ref") if "created_by_ref" in container else None
        if author is not None and isinstance(author.get("name"), str):
            data["authors"] = [{"name": author["name"]}]
        tags = self.tags(container)
        if tags:
            data["tags"] = tags
        data["sources"] = self.sources
        data["entities"] = entities
        data["incidents"] = incidents
        data["notes"] = notes
        if container["type"] != "x-bundle":
            self.originals[container["id"]] = container
        data["extensions"] = {"stix": {"objects": list(self.originals.values())}}
        self.result.imported["briefing"] += 1
        return ImportedBriefing(brf_id, {k: v for k, v in data.items() if v not in (None, [], {})})

    def origin_source(self) -> str:
        """The source every imported item comes from: the report, or the bundle itself."""
        container = self.container
        whole = container["type"] == "x-bundle"
        source_id = "src-stix-" + _slug(container["id"])
        if any(source["id"] == source_id for source in self.sources):
            return source_id
        source: dict[str, Any] = {
            "id": source_id,
            "kind": "dataset" if whole else "report",
            "title": f"STIX {container['id']}" if whole else str(container["name"]),
            "external_ids": {"stix": container["id"]},
        }
        published = _date(container.get("published"))
        if published:
            source["published"] = published
        self.sources.insert(0, source)
        return source_id

    def definitions(self) -> dict[str, dict[str, Any]]:
        return {i: o for i, o in self.by_id.items() if o["type"] == "marking-definition"}

    def check_author(self, obj: dict[str, Any]) -> None:
        """A ``created_by_ref`` not in the bundle is a warning (the original keeps it)."""
        if "created_by_ref" in obj:
            self.ref(obj, "created_by_ref")

    @staticmethod
    def is_entity(obj: dict[str, Any]) -> bool:
        return obj["type"] in ("identity", "threat-actor", "intrusion-set", "campaign", "location")

    def local_id(self, prefix: str, obj: dict[str, Any]) -> str:
        """The object's id in the briefing: its own (``x_briefing_id``) or one from its uuid."""
        if obj["id"] not in self.local:
            own = custom.local_id(obj, prefix, self.used)
            self.local[obj["id"]] = own or f"{prefix}-{_slug(obj['id'])}"
            self.used.add(self.local[obj["id"]])
        return self.local[obj["id"]]

    def tags(self, obj: dict[str, Any]) -> list[str]:
        labels = [_kebab(label) for label in obj.get("labels") or () if isinstance(label, str)]
        return list(dict.fromkeys(label for label in labels if label))

    def source_ids(self, obj: dict[str, Any]) -> list[str]:
        """The sources of an object's external references (one per briefing source id)."""
        found: list[str] = []
        known = {source["id"] for source in self.sources}
        for n, reference in enumerate(obj.get("external_references") or ()):
            if not isinstance(reference, dict) or not isinstance(reference.get("source_name"), str):
                continue
            if custom.external_id(reference) and not ({"url", "description"} & reference.keys()):
                continue  # an id in a scheme (wikidata, mitre-attack...): external_ids
            own = custom.local_id(reference, "src", set())
            if own is not None and own in known:
                found.append(own)
                continue
            source_id = own or f"src-{_slug(obj['id'])}-{n}"
            title = (
                reference.get("description")
                or reference.get("external_id")
                or reference["source_name"]
            )
            url = reference.get("url")
            source: dict[str, Any] = {
                "id": source_id,
                "kind": custom.source_kind(reference)
                or ("web" if isinstance(url, str) else "document"),
                "title": str(title),
            }
            if "source_name" not in custom.derived(reference):
                source["publisher"] = reference["source_name"]
            if isinstance(url, str):
                source["url"] = url
            self.sources.append(source)
            known.add(source_id)
            found.append(source_id)
        return found

    def entity(self, obj: dict[str, Any]) -> dict[str, Any]:
        kind = _ENTITY_KINDS.get(obj["type"], "location")
        if obj["type"] == "identity":
            kind = _IDENTITY_KINDS.get(str(obj.get("identity_class")), "other")
        if obj["type"] == "location" and set(obj) & {"country"} and not obj.get("name"):
            kind = "country"
        name = obj.get("name")
        if not isinstance(name, str) or not name.strip():
            name = obj.get("country") or obj.get("city") or obj["id"]
        external_ids = {"stix": obj["id"]}
        for reference in obj.get("external_references") or ():
            found = custom.external_id(reference) if isinstance(reference, dict) else None
            if found is not None:
                external_ids.setdefault(*found)
        entity: dict[str, Any] = {
            "id": self.local_id("ent", obj),
            "kind": custom.entity_kind(obj) or kind,
            "name": str(name),
            "external_ids": external_ids,
        }
        listed = obj.get("aliases") or obj.get("x_briefing_aliases") or ()
        aliases = [a for a in listed if isinstance(a, str) and a != name]
        if aliases:
            entity["aliases"] = list(dict.fromkeys(aliases))
        if isinstance(obj.get("description"), str):
            entity["description"] = obj["description"]
        country = obj.get("country") or obj.get("x_briefing_country")
        if isinstance(country, str) and re.fullmatch("[A-Za-z]{2}", country):
            entity["country"] = country.upper()
        sources = self.source_ids(obj)
        if sources:
            entity["sources"] = sources
        self.check_author(obj)
        self.originals[obj["id"]] = obj
        self.result.imported["entity"] += 1
        return entity

    def incident(
        self, obj: dict[str, Any], relationships: list[dict[str, Any]], origin: str | None
    ) -> dict[str, Any]:
        incident: dict[str, Any] = {
            "id": self.local_id("inc", obj),
            "title": str(obj.get("name") or obj["id"]),
        }
        kind = custom.incident_type(obj)
        if kind is not None:
            incident["type"] = kind
        if isinstance(obj.get("description"), str):
            incident["description"] = obj["description"]
        found = obj.get("extensions")
        extensions: dict[str, Any] = found if isinstance(found, dict) else {}
        core = extensions.get(_INCIDENT_CORE) or next(
            (e for e in extensions.values() if isinstance(e, dict) and "determination" in e), {}
        )
        if not isinstance(core, dict):
            core = {}
        determination = {"confirmed": "confirmed", "suspected": "suspected"}.get(
            str(core.get("determination")), None
        )
        if determination is None and core.get("determination") in (
            "failed-attempt",
            "false-positive",
            "blocked",
        ):
            determination = "disputed"
        if determination:
            incident["determination"] = determination
        activities = [
            activity
            for key, listed in core.items()
            if key.endswith("activities") and isinstance(listed, list)
            for activity in listed
            if isinstance(activity, dict)
        ]
        starts = sorted(stamp for a in activities if (stamp := _date(a.get("start_time"))))
        kinds = [_kebab(t) for t in core.get("incident_types") or () if isinstance(t, str)]
        if any(kinds):
            incident["category"] = list(dict.fromkeys(kind for kind in kinds if kind))
        when = custom.when_value(obj.get("x_briefing_when"))
        if when is not None:
            incident["when"] = when
        elif starts:
            incident["when"] = {"start": starts[0]}
        confidence = obj.get("confidence")
        if (
            isinstance(confidence, int)
            and not isinstance(confidence, bool)
            and 0 <= confidence <= 100
        ):
            incident["confidence"] = confidence
        if obj.get("x_briefing_severity") in custom.SEVERITIES:
            incident["severity"] = obj["x_briefing_severity"]
        locations: list[str] = []
        actors: list[dict[str, Any]] = []
        related: list[str] = []
        for rel in relationships:
            if rel.get("source_ref") != obj["id"]:
                continue
            target = self.by_id.get(rel.get("target_ref"))  # type: ignore[arg-type]
            if target is None or target["id"] not in self.member_ids:
                continue
            if target["type"] == "incident" and rel.get("relationship_type") == "related-to":
                related.append(self.local_id("inc", target))
                continue
            if not self.is_entity(target):
                continue
            entity_id = self.local_id("ent", target)
            kind = rel.get("relationship_type")
            role = custom.word(rel.get("x_briefing_role"))
            if kind == "located-at" and role is None:
                locations.append(entity_id)
            elif role is not None:
                actor = {"entity": entity_id, "role": role}
                if rel.get("x_briefing_attribution") in custom.ATTRIBUTIONS:
                    actor["attribution"] = rel["x_briefing_attribution"]
                actors.append(actor)
            elif kind == "attributed-to":
                actors.append(
                    {"entity": entity_id, "role": "perpetrator", "attribution": "assessed"}
                )
            elif kind == "targets":
                actors.append({"entity": entity_id, "role": "target"})
        if locations:
            incident["locations"] = locations
        if actors:
            incident["actors"] = actors
        if related:
            incident["related"] = list(dict.fromkeys(related))
        sources = self.source_ids(obj) or ([origin] if origin else [])
        if sources:
            incident["sources"] = sources
        tags = self.tags(obj)
        if tags:
            incident["tags"] = tags
        self.check_author(obj)
        self.originals[obj["id"]] = obj
        self.result.imported["incident"] += 1
        return incident

    def note(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        if obj["type"] == "note":
            text, kind = obj.get("content"), "note"
        elif obj["type"] == "opinion":
            text, kind = obj.get("explanation") or obj.get("opinion"), "assessment"
        else:
            return None
        if not isinstance(text, str) or not text.strip():
            return None
        note: dict[str, Any] = {
            "id": self.local_id("note", obj),
            "text": text,
            "kind": custom.note_kind(obj) or kind,
        }
        if isinstance(obj.get("abstract"), str):
            note["title"] = obj["abstract"]
        about = [
            self.local[ref]
            for ref in obj.get("object_refs") or ()
            if isinstance(ref, str) and ref in self.local and ref in self.member_ids
        ]
        if about:
            note["about"] = list(dict.fromkeys(about))
        authors = [a for a in obj.get("authors") or () if isinstance(a, str) and a.strip()]
        if authors:
            note["authors"] = authors
        if _date(obj.get("created")) and "created" not in custom.derived(obj):
            note["created"] = obj["created"]
        self.originals[obj["id"]] = obj
        self.result.imported["note"] += 1
        return note
