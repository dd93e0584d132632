"""The JSON Schema (draft 2020-12) of the format, generated from ``types.py``.

The Struct definitions are the single source of truth: this module walks their
fields and annotations the way ``convert.py`` compiles them, so a field added
there appears here with nothing restated. ``msgspec.json.schema`` is not used
because it cannot express the format's scalar forms (a partial date written as
text or as a bare year, a ``when`` written as a single date).

The schema is for editors and other tools. It cannot express every rule (that
references resolve, that ids are unique); ``briefing check`` is the authority.
Unknown keys are allowed (``additionalProperties: true``) because the reader
treats them as warnings, not errors.
"""

from __future__ import annotations

import copy
import inspect
import types
import typing
from datetime import datetime
from typing import Any

import msgspec

from .dates import _DATE, _TIMESTAMP, PartialDate
from .types import Briefing, Constraint, ExternalIdRules, Ref, Shorthand

__all__ = ["SCHEMA_DIALECT", "json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The ``$schema`` URI of the generated document."""

JsonObject = dict[str, Any]

_SINGULAR = {
    "sources": "a source",
    "entities": "an entity",
    "incidents": "an incident",
    "quotes": "a quote",
    "notes": "a note",
    "any": "an object",
}

_PARTIAL_DATE: JsonObject = {
    "title": "PartialDate",
    "description": "a date known to a year, a month, a day or an instant; shown as written",
    "anyOf": [
        {
            "type": "string",
            "pattern": f"^(?:{_DATE.pattern}|{_TIMESTAMP.pattern})$",
            "description": "a partial date: YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp",
        },
        {"type": "integer", "minimum": 1, "maximum": 9999, "description": "a year written bare"},
    ],
}

_SCALARS: dict[Any, JsonObject] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    datetime: {"type": "string", "format": "date-time"},
    Any: {},
}

# msgspec.Meta attribute -> JSON Schema keyword.
_META_KEYWORDS = {
    "pattern": "pattern",
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
    "min_length": "minLength",
    "max_length": "maxLength",
    "multiple_of": "multipleOf",
    "title": "title",
    "description": "description",
    "examples": "examples",
}


def json_schema() -> JsonObject:
    """The JSON Schema of a briefing file, as a JSON-ready dict."""
    defs: dict[str, JsonObject] = {}
    root = _SchemaBuilder(defs).schema_of(Briefing)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "briefing/v1",
        "description": (
            "One briefing file of the briefing/v1 format. `briefing check` is the "
            "authority: it also checks that ids are unique and that references resolve."
        ),
        **root,
        "$defs": dict(sorted(defs.items())),
    }


class _SchemaBuilder:
    """Turns annotations into schema fragments, collecting Structs in ``defs``."""

    def __init__(self, defs: dict[str, JsonObject]) -> None:
        self.defs = defs

    def schema_of(self, tp: Any) -> JsonObject:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *metas = typing.get_args(tp)
            return self._annotated(base, metas)
        if origin in (typing.Union, types.UnionType):
            return self._union(typing.get_args(tp))
        if origin is tuple:
            return {"type": "array", "items": self.schema_of(typing.get_args(tp)[0])}
        if origin is dict:
            return {"type": "object"}
        if origin is typing.Literal:
            return _enum(typing.get_args(tp))
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            return self._struct_ref(tp)
        if tp is PartialDate:
            self.defs.setdefault("PartialDate", copy.deepcopy(_PARTIAL_DATE))
            return {"$ref": "#/$defs/PartialDate"}
        if tp in _SCALARS:
            return copy.deepcopy(_SCALARS[tp])
        raise TypeError(f"no JSON Schema for {tp!r}")  # a type added to types.py

    def _annotated(self, base: Any, metas: list[Any]) -> JsonObject:
        shorthand = next((m.field for m in metas if isinstance(m, Shorthand)), None)
        if shorthand is not None:
            field_type = _field_types(base)[shorthand]
            return _any_of([self.schema_of(_without_none(field_type)), self._struct_ref(base)])
        id_rules = next((m for m in metas if isinstance(m, ExternalIdRules)), None)
        if id_rules is not None:
            return _external_ids_schema(id_rules)
        schema = self.schema_of(base)
        for meta in metas:
            if isinstance(meta, (msgspec.Meta, Constraint)):
                for attribute, keyword in _META_KEYWORDS.items():
                    value = getattr(meta, attribute, None)
                    if value is not None:
                        schema[keyword] = value
                schema.update(getattr(meta, "extra_json_schema", None) or {})
        for ref in (meta for meta in metas if isinstance(meta, Ref)):
            schema["description"] = f"id of {_SINGULAR[ref.collection]} in this file"
        return schema

    def _union(self, args: tuple[Any, ...]) -> JsonObject:
        options = [self.schema_of(arg) for arg in args if arg is not type(None)]
        if len(options) != len(args):
            options.append({"type": "null"})  # the reader takes an empty value as absent
        return _any_of(options)

    def _struct_ref(self, cls: type[msgspec.Struct]) -> JsonObject:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder first: a Struct may refer to itself
            self.defs[name] = self._struct(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _struct(self, cls: type[msgspec.Struct]) -> JsonObject:
        properties: dict[str, JsonObject] = {}
        required: list[str] = []
        for info in msgspec.structs.fields(cls):
            field_schema = self.schema_of(info.type)
            if _is_json_scalar(info.default):
                field_schema["default"] = info.default
            properties[info.encode_name] = field_schema
            if info.required:
                required.append(info.encode_name)
        schema: JsonObject = {"type": "object", "title": cls.__name__}
        doc = cls.__dict__.get("__doc__")
        if doc:
            schema["description"] = inspect.cleandoc(doc)
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = True  # unknown keys are warnings, not errors
        return schema


def _external_ids_schema(rules: ExternalIdRules) -> JsonObject:
    return {
        "type": "object",
        "description": (
            "ids of the same thing outside this file, by scheme; shown, never opened. "
            f"Other schemes: {rules.other_description}"
        ),
        "properties": {
            scheme: {"type": "string", "pattern": pattern, "description": description}
            for scheme, pattern, description in rules.known
        },
        "propertyNames": {
            "anyOf": [
                {"enum": [scheme for scheme, _, _ in rules.known]},
                {"pattern": rules.other_scheme},
            ]
        },
        "additionalProperties": {"type": "string"},
    }


def _field_types(cls: type[msgspec.Struct]) -> dict[str, Any]:
    return {info.encode_name: info.type for info in msgspec.structs.fields(cls)}


def _without_none(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(options) == 1:
            return options[0]
    return tp


def _enum(choices: tuple[Any, ...]) -> JsonObject:
    schema: JsonObject = {"enum": list(choices)}
    if all(isinstance(choice, str) for choice in choices):
        schema = {"type": "string", **schema}
    return schema


def _any_of(options: list[JsonObject]) -> JsonObject:
    """``anyOf`` of ``options``, flattening nested bare ``anyOf`` lists."""
    flat: list[JsonObject] = []
    for option in options:
        if list(option) == ["anyOf"]:
            flat.extend(option["anyOf"])
        else:
            flat.append(option)
    return flat[0] if len(flat) == 1 else {"anyOf": flat}


def _is_json_scalar(value: object) -> bool:
    return isinstance(value, (str, bool, int, float))
