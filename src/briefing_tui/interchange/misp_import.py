"""MISP events (JSON exports) to briefing/v1 data: one briefing per event.

Accepted shapes: an event, ``{"Event": ...}``, ``{"response": [...]}`` and a list of either.
``info`` -> title, ``date`` -> date, the EventReports -> the summary (plain text, each
``@[attribute](uuid)`` replaced by that attribute's value), galaxy clusters -> entities
(synonyms as aliases, the cluster UUID under ``external_ids``), ``link``/``url`` attributes
and ``report``/``news-media`` objects -> sources, tags -> tags, TLP tags -> handling. The
event itself is kept under ``extensions.misp``.
"""

from __future__ import annotations

import re
from typing import Any

from ..model.format.types import TLP_ORDER
from .json_input import InterchangeError, pointer
from .markings import HandlingFound
from .stix_import import ImportedBriefing, ImportResult

__all__ = ["import_misp"]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MENTION = re.compile(r"@\[(\w+)\]\(([0-9a-fA-F-]{36})\)")
_EVENT_KEYS = frozenset({"info", "date", "Attribute", "Object", "EventReport", "threat_level_id"})
"""Keys only an event has (a galaxy or cluster on its own has none of them)."""
_KEBAB_SPLIT = re.compile(r"[^a-z0-9]+")
_TLP_TAGS = {"tlp:white": "clear", **{f"tlp:{level}": level for level in TLP_ORDER}}
_STATEMENT_TAGS = {"tlp:ex:chr": "TLP:EX:CHR (Chatham House Rule)"}
_SEVERITIES = {"1": "high", "2": "medium", "3": "low"}
"""MISP threat levels (1 High, 2 Medium, 3 Low; 4 Undefined has none)."""
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _events(path: str, data: Any) -> list[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Each event with the JSON pointer parts of where it is."""
    found: list[tuple[dict[str, Any], tuple[str | int, ...]]] = []

    def take(item: Any, where: tuple[str | int, ...]) -> None:
        if isinstance(item, dict) and isinstance(item.get("Event"), dict):
            found.append((item["Event"], (*where, "Event")))
        elif isinstance(item, dict) and _EVENT_KEYS & item.keys():
            found.append((item, where))
        else:
            raise InterchangeError(path, pointer(*where), "not a MISP event")

    if isinstance(data, dict) and isinstance(data.get("response"), list):
        for n, item in enumerate(data["response"]):
            take(item, ("response", n))
    elif isinstance(data, list):
        for n, item in enumerate(data):
            take(item, (n,))
    else:
        take(data, ())
    if not found:
        raise InterchangeError(path, "", "no MISP event in the file")
    return found


def _kebab(text: str) -> str:
    return "-".join(part for part in _KEBAB_SPLIT.split(text.lower()) if part)


def import_misp(path: str, data: Any, tlp: str | None = None) -> ImportResult:
    """Every event of a decoded MISP file; raises ``InterchangeError``."""
    result = ImportResult()
    for event, where in _events(path, data):
        result.briefings.append(_briefing(path, event, where, tlp, result))
    return result


def _briefing(
    path: str, event: dict[str, Any], where: tuple[str | int, ...], tlp: str | None,
    result: ImportResult,
) -> ImportedBriefing:  # fmt: skip
    for key in ("info", "date", "uuid"):
        if not isinstance(event.get(key), str) or not event[key].strip():
            raise InterchangeError(path, pointer(*where, key), "missing: a MISP event needs it")
    if not _DATE.match(event["date"]):
        raise InterchangeError(path, pointer(*where, "date"), "not a date (YYYY-MM-DD)")
    if not _UUID.match(event["uuid"]):
        raise InterchangeError(path, pointer(*where, "uuid"), "not a UUID")
    markings = HandlingFound()
    tags: list[str] = []
    unknown_tlp: list[str] = []
    for tag in event.get("Tag") or ():
        name = tag.get("name") if isinstance(tag, dict) else None
        if not isinstance(name, str):
            continue
        lowered = name.strip().lower()
        if lowered in _TLP_TAGS:
            markings.raise_tlp(_TLP_TAGS[lowered])
        elif lowered in _STATEMENT_TAGS:
            markings.statements.append(_STATEMENT_TAGS[lowered])
        elif lowered.startswith("tlp:"):
            unknown_tlp.append(name)
        elif _kebab(name):
            tags.append(_kebab(name))
    markings.unknown = [f"MISP tag {name}" for name in unknown_tlp]
    handling = markings.handling(tlp)
    if handling is None:
        why = "an unknown TLP tag (" + ", ".join(unknown_tlp) + ")" if unknown_tlp else "no TLP tag"
        raise InterchangeError(
            path, pointer(*where, "Tag"), f"{why}; give --tlp LEVEL to import it anyway"
        )
    uuid = event["uuid"].lower()
    origin = f"src-misp-{uuid}"
    sources: list[dict[str, Any]] = [
        {"id": origin, "kind": "dataset", "title": f"MISP event {uuid}",
         "external_ids": {"misp": uuid}}
    ]  # fmt: skip
    attributes = list(event.get("Attribute") or ())
    for obj in event.get("Object") or ():
        if isinstance(obj, dict):
            attributes.extend(obj.get("Attribute") or ())
            if obj.get("name") in ("report", "news-media"):
                source = _object_source(obj, len(sources))
                if source is not None:
                    sources.append(source)
    values = {
        a["uuid"]: str(a.get("value", ""))
        for a in attributes
        if isinstance(a, dict) and isinstance(a.get("uuid"), str)
    }
    for attribute in attributes:
        if isinstance(attribute, dict) and attribute.get("type") in ("link", "url"):
            if isinstance(attribute.get("value"), str) and attribute.get("object_id") in (
                None,
                "0",
            ):
                sources.append({
                    "id": f"src-misp-{uuid}-{len(sources)}", "kind": "web",
                    "title": str(attribute.get("comment") or attribute["value"]),
                    "url": attribute["value"],
                })  # fmt: skip
    reports = [
        _MENTION.sub(lambda m: values.get(m.group(2), m.group(0)), r["content"])
        for r in event.get("EventReport") or ()
        if isinstance(r, dict) and isinstance(r.get("content"), str) and r["content"].strip()
    ]
    entities: list[dict[str, Any]] = []
    for galaxy in event.get("Galaxy") or ():
        for cluster in (galaxy.get("GalaxyCluster") or ()) if isinstance(galaxy, dict) else ():
            entity = _cluster_entity(cluster, galaxy)
            if entity is not None and entity["id"] not in {e["id"] for e in entities}:
                entities.append(entity)
                result.imported["entity"] += 1
    result.left_out["attribute"] += sum(
        1 for a in attributes if isinstance(a, dict) and a.get("type") not in ("link", "url")
    )
    incident: dict[str, Any] = {
        "id": f"inc-misp-{uuid}",
        "title": event["info"],
        "when": event["date"],
        "sources": [origin],
    }
    severity = _SEVERITIES.get(str(event.get("threat_level_id")))
    if severity is not None:
        incident["severity"] = severity
    result.imported["incident"] += 1
    notes = _analyst_notes(event, incident["id"], values)
    result.imported["note"] += len(notes)
    data: dict[str, Any] = {
        "schema": "briefing/v1",
        "id": f"brf-misp-{uuid}",
        "title": event["info"],
        "date": event["date"],
        "handling": handling,
        "summary": {"text": "\n\n".join(reports) or event["info"], "sources": [origin]},
        "tags": list(dict.fromkeys(tags)),
        "sources": sources,
        "entities": entities,
        "incidents": [incident],
        "notes": notes,
        "extensions": {"misp": {"Event": event}},
    }
    orgc = event.get("Orgc")
    if isinstance(orgc, dict) and isinstance(orgc.get("name"), str) and orgc["name"].strip():
        data["authors"] = [{"name": orgc["name"]}]
    result.imported["briefing"] += 1
    return ImportedBriefing(data["id"], {k: v for k, v in data.items() if v not in ([], {})})


def _object_source(obj: dict[str, Any], n: int) -> dict[str, Any] | None:
    fields = {
        a.get("object_relation"): a.get("value")
        for a in obj.get("Attribute") or ()
        if isinstance(a, dict) and isinstance(a.get("value"), str)
    }
    title = fields.get("title") or fields.get("summary") or fields.get("link") or fields.get("url")
    if not title:
        return None
    source: dict[str, Any] = {
        "id": f"src-misp-{str(obj.get('uuid', n)).lower()}",
        "kind": "report" if obj.get("name") == "report" else "article",
        "title": title,
    }
    url = fields.get("link") or fields.get("url")
    if url:
        source["url"] = url
    return source


def _cluster_entity(cluster: Any, galaxy: dict[str, Any]) -> dict[str, Any] | None:
    if not isinstance(cluster, dict) or not isinstance(cluster.get("value"), str):
        return None
    uuid = cluster.get("uuid")
    if not isinstance(uuid, str) or not _UUID.match(uuid):
        return None
    kind = {"threat-actor": "group", "country": "country", "region": "location"}.get(
        str(galaxy.get("type")), "other"
    )
    entity: dict[str, Any] = {
        "id": f"ent-misp-{uuid.lower()}",
        "kind": kind,
        "name": cluster["value"],
        "external_ids": {"misp-galaxy": uuid.lower()},
    }
    synonyms = (
        (cluster.get("meta") or {}).get("synonyms")
        if isinstance(cluster.get("meta"), dict)
        else None
    )
    aliases = [s for s in synonyms or () if isinstance(s, str) and s != cluster["value"]]
    if aliases:
        entity["aliases"] = list(dict.fromkeys(aliases))
    if isinstance(cluster.get("description"), str) and cluster["description"].strip():
        entity["description"] = cluster["description"]
    return entity


def _analyst_notes(
    event: dict[str, Any], incident_id: str, values: dict[str, str]
) -> list[dict[str, Any]]:
    """MISP analyst data (``Note`` and ``Opinion``, on the event, its attributes and objects,
    and on analyst data itself) as notes: an opinion is a note of kind assessment."""
    notes: list[dict[str, Any]] = []
    seen: set[str] = set()
    holders: list[tuple[Any, str | None]] = [(event, None)]
    for obj in event.get("Object") or ():
        holders.append((obj, f"object {obj.get('name')}" if isinstance(obj, dict) else None))
        for attribute in (obj.get("Attribute") or ()) if isinstance(obj, dict) else ():
            holders.append((attribute, None))
    holders.extend((attribute, None) for attribute in event.get("Attribute") or ())
    while holders:
        holder, on = holders.pop(0)
        if not isinstance(holder, dict):
            continue
        if on is None and holder is not event and isinstance(holder.get("uuid"), str):
            on = f"attribute {holder.get('type')} {values.get(holder['uuid'], '')}".rstrip()
        for kind in ("Note", "Opinion"):
            for item in holder.get(kind) or ():
                note = _analyst_note(item, kind, on, incident_id, len(notes))
                if note is not None and note["id"] not in seen:
                    seen.add(note["id"])
                    notes.append(note)
                    holders.append((item, f"{kind.lower()} {note['id']}"))
    return notes


def _analyst_note(
    item: Any, kind: str, on: str | None, incident_id: str, n: int
) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    uuid = item.get("uuid")
    note_id = f"note-misp-{uuid.lower()}" if isinstance(uuid, str) and _UUID.match(uuid) else None
    if kind == "Note":
        text = item.get("note")
        title = f"On {on}" if on else None
    else:
        opinion = item.get("opinion")
        score = (
            f"{opinion}/100" if isinstance(opinion, int | str) and str(opinion).isdigit() else ""
        )
        text = item.get("comment") if isinstance(item.get("comment"), str) else None
        text = text if text and text.strip() else (f"Opinion: {score}" if score else None)
        title = " ".join(part for part in ("Opinion", score, f"on {on}" if on else "") if part)
    if not isinstance(text, str) or not text.strip():
        return None
    note: dict[str, Any] = {
        "id": note_id or f"note-misp-{incident_id[9:]}-{n}",
        "text": text,
        "kind": "note" if kind == "Note" else "assessment",
    }
    if title:
        note["title"] = title
    if on is None:
        note["about"] = [incident_id]
    authors = item.get("authors")
    if isinstance(authors, str) and authors.strip():
        note["authors"] = [authors]
    if isinstance(item.get("created"), str) and _TIMESTAMP.match(item["created"]):
        note["created"] = item["created"]
    return note
