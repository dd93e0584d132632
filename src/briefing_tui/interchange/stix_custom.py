"""The ``x_briefing_*`` custom properties: what ``briefing export stix`` writes that STIX
has no property for, and how ``briefing import stix`` reads it back.

A bundle from elsewhere may carry them too, so every value is checked before it is used:
an id must have the right prefix and form and be unused, a kind must be one the format
knows; anything else is ignored and the import maps the object as it would without it.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from ..model.format.dates import PartialDate
from ..model.format.types import EXTERNAL_ID_SCHEMES, Entity, Incident, Note, Source

__all__ = [
    "ATTRIBUTIONS",
    "DETERMINATIONS",
    "SEVERITIES",
    "derived",
    "entity_kind",
    "external_id",
    "incident_type",
    "local_id",
    "note_kind",
    "source_kind",
    "truncate_date",
    "when_value",
    "word",
]

_SLUG = "[a-z0-9][a-z0-9._-]*"
_ROLE = re.compile(r"^[a-z][a-z0-9_-]*$")
_SCHEMES = {scheme: re.compile(pattern) for scheme, pattern, _ in EXTERNAL_ID_SCHEMES}
_OTHER_SCHEME = re.compile(r"^x-[a-z0-9][a-z0-9._-]*$")
_WHEN_KEYS = frozenset({"at", "start", "end", "approximate", "text", "sources"})
_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


def _choices(struct: type, name: str) -> frozenset[str]:
    """The values of a ``Literal`` field of a format type."""
    hint = typing.get_type_hints(struct, include_extras=True)[name]
    args = typing.get_args(hint)
    literal = next((a for a in args if typing.get_origin(a) is typing.Literal), hint)
    return frozenset(typing.get_args(literal))


_ENTITY_KINDS = _choices(Entity, "kind")
_SOURCE_KINDS = _choices(Source, "kind")
_NOTE_KINDS = _choices(Note, "kind")
_INCIDENT_TYPES = _choices(Incident, "type")
SEVERITIES = _choices(Incident, "severity")
DETERMINATIONS = _choices(Incident, "determination")
ATTRIBUTIONS = frozenset({"confirmed", "assessed", "as-reported"})


def local_id(obj: dict[str, Any], prefix: str, used: set[str]) -> str | None:
    """The briefing's own id the object carries (``x_briefing_id``), if usable."""
    value = obj.get("x_briefing_id")
    if isinstance(value, str) and re.fullmatch(f"{prefix}-{_SLUG}", value) and value not in used:
        return value
    return None


def _one_of(value: Any, allowed: frozenset[str]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def entity_kind(obj: dict[str, Any]) -> str | None:
    return _one_of(obj.get("x_briefing_kind"), _ENTITY_KINDS)


def source_kind(reference: dict[str, Any]) -> str | None:
    return _one_of(reference.get("x_briefing_kind"), _SOURCE_KINDS)


def note_kind(obj: dict[str, Any]) -> str | None:
    return _one_of(obj.get("x_briefing_kind"), _NOTE_KINDS)


def incident_type(obj: dict[str, Any]) -> str | None:
    return _one_of(obj.get("x_briefing_type"), _INCIDENT_TYPES)


def word(value: Any) -> str | None:
    """An actor's role: one lowercase word."""
    return value if isinstance(value, str) and _ROLE.match(value) else None


def derived(obj: dict[str, Any]) -> frozenset[str]:
    """The properties the export made up because STIX requires them (``x_briefing_derived``)."""
    listed = obj.get("x_briefing_derived")
    if not isinstance(listed, list):
        return frozenset()
    return frozenset(item for item in listed if isinstance(item, str))


def truncate_date(stamp: str, obj: dict[str, Any]) -> str:
    """A padded timestamp back to the partial date it stands for (``x_briefing_date_precision``)."""
    length = _PRECISION_LENGTH.get(str(obj.get("x_briefing_date_precision")))
    return stamp[:length] if length else stamp


def when_value(value: Any) -> Any:
    """An incident's ``when`` as the export wrote it, if it has the shape of one."""
    if isinstance(value, str):
        try:
            PartialDate.parse(value)
        except ValueError:
            return None
        return value
    if isinstance(value, dict) and value and set(value) <= _WHEN_KEYS:
        return value
    return None


def external_id(reference: dict[str, Any]) -> tuple[str, str] | None:
    """``(scheme, id)`` when an external reference names the object in a known scheme
    (``{"source_name": "wikidata", "external_id": "Q1318"}``) in a form the format accepts."""
    scheme, value = reference.get("source_name"), reference.get("external_id")
    if not isinstance(scheme, str) or not isinstance(value, str) or scheme == "stix":
        return None
    pattern = _SCHEMES.get(scheme)
    if pattern is not None:
        return (scheme, value) if pattern.match(value) else None
    return (scheme, value) if _OTHER_SCHEME.match(scheme) else None
