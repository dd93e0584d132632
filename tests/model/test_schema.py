"""The JSON Schema is generated from the Structs and accepts what the reader accepts."""

from __future__ import annotations

import copy
import json
import re
import typing
from pathlib import Path
from typing import Any

import msgspec
import pytest
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefing_tui.model.format import types as model_types
from briefing_tui.model.format.schema import SCHEMA_DIALECT, json_schema
from briefing_tui.model.loading.convert import plain_scalar
from briefing_tui.model.loading.yaml_reader import Limits, read_yaml

SEED = Path(__file__).parents[2] / "briefings" / "canada-china-security-cooperation.yaml"

STRUCTS = [
    cls
    for cls in vars(model_types).values()
    if isinstance(cls, type) and issubclass(cls, model_types.Model) and cls is not model_types.Model
]


def yaml_data(path: Path) -> Any:
    """The file as plain JSON-like data, read the way the reader reads it (YAML 1.2)."""
    read = read_yaml(str(path), path.read_bytes(), Limits())
    assert read.node is not None, read.problems

    def convert(node: Node) -> Any:
        if isinstance(node, MappingNode):
            return {key.value: convert(value) for key, value in node.value}
        if isinstance(node, SequenceNode):
            return [convert(item) for item in node.value]
        assert isinstance(node, ScalarNode)
        return plain_scalar(node) if not node.style else node.value

    return convert(read.node)


class MiniValidator:
    """Just enough of JSON Schema 2020-12 for the keywords the generator emits."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.root = schema

    def errors(self, data: Any, schema: dict[str, Any] | None = None, at: str = "") -> list[str]:
        schema = self.root if schema is None else schema
        found: list[str] = []
        if "$ref" in schema:
            name = schema["$ref"].removeprefix("#/$defs/")
            found += self.errors(data, self.root["$defs"][name], at)
        if "anyOf" in schema:
            reasons = [self.errors(data, option, at) for option in schema["anyOf"]]
            if all(reasons):
                found.append(f"{at}: {data!r} matches no option: {reasons}")
        kind = schema.get("type")
        if kind is not None and not _is_type(data, kind):
            return [*found, f"{at}: {data!r} is not of type {kind}"]
        if "enum" in schema and data not in schema["enum"]:
            found.append(f"{at}: {data!r} is not one of {schema['enum']}")
        if "pattern" in schema and isinstance(data, str):
            if re.search(schema["pattern"], data) is None:
                found.append(f"{at}: {data!r} does not match {schema['pattern']}")
        if "minimum" in schema and isinstance(data, int) and data < schema["minimum"]:
            found.append(f"{at}: {data} is below the minimum")
        if "maximum" in schema and isinstance(data, int) and data > schema["maximum"]:
            found.append(f"{at}: {data} is above the maximum")
        if isinstance(data, dict):
            found += [
                f"{at}.{key}: missing" for key in schema.get("required", ()) if key not in data
            ]
            for key, sub in schema.get("properties", {}).items():
                if key in data:
                    found += self.errors(data[key], sub, f"{at}.{key}")
        if isinstance(data, list) and "items" in schema:
            for index, item in enumerate(data):
                found += self.errors(item, schema["items"], f"{at}[{index}]")
        return found


def _is_type(data: Any, kind: str) -> bool:
    checks: dict[str, Any] = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    return bool(checks[kind](data))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json_schema()


def test_schema_is_draft_2020_12_and_json(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$ref"] == "#/$defs/Briefing"
    assert json.loads(json.dumps(schema)) == schema


@pytest.mark.parametrize("cls", STRUCTS, ids=lambda cls: cls.__name__)
def test_every_struct_field_is_in_the_schema(schema: dict[str, Any], cls: type) -> None:
    definition = schema["$defs"][cls.__name__]
    fields = msgspec.structs.fields(cls)
    assert list(definition["properties"]) == [info.encode_name for info in fields]
    assert definition.get("required", []) == [info.encode_name for info in fields if info.required]
    assert definition["additionalProperties"] is True  # unknown keys are only warnings


def test_constraints_come_from_the_annotations(schema: dict[str, Any]) -> None:
    incident = schema["$defs"]["Incident"]["properties"]
    confidence = incident["confidence"]["anyOf"][0]
    assert (confidence["minimum"], confidence["maximum"]) == (0, 100)
    severity_choices = list(typing.get_args(model_types.Severity))
    assert incident["severity"]["anyOf"][0]["enum"] == severity_choices
    assert incident["type"]["default"] == "incident"
    source_ref = incident["sources"]["items"]
    assert source_ref["pattern"].startswith("^src-")
    assert source_ref["description"] == "id of a source in this file"
    assert schema["$defs"]["Note"]["properties"]["created"]["anyOf"][0]["format"] == "date-time"


def test_when_accepts_the_shorthand_date_or_the_mapping(schema: dict[str, Any]) -> None:
    when = schema["$defs"]["Incident"]["properties"]["when"]
    assert {"$ref": "#/$defs/PartialDate"} in when["anyOf"]
    assert {"$ref": "#/$defs/When"} in when["anyOf"]
    validator = MiniValidator(schema)
    for good in ("2018", "2018-12", "2018-12-10", "2018-12-10T09:30:00Z", 2018, {"text": "x"}):
        assert validator.errors(good, when) == [], good
    for bad in ("2018-1", "Dec 2018", "2018-12-10T09:30:00", 0, 10000, True):
        assert validator.errors(bad, when) != [], bad


def test_the_seed_briefing_validates(schema: dict[str, Any]) -> None:
    assert MiniValidator(schema).errors(yaml_data(SEED)) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda data: data.pop("title"), ".title: missing"),
        (lambda data: data.update(status="published"), ".status: 'published' is not one of"),
        (lambda data: data["handling"].update(tlp="white"), ".handling.tlp: 'white' does not"),
        (lambda data: data["incidents"][0].update(confidence=101), "above the maximum"),
        (lambda data: data["quotes"][0].update(kind="verbatim"), ".quotes[0].kind: 'verbatim'"),
        (lambda data: data["sources"][0].update(id="article"), ".sources[0].id: 'article'"),
    ],
)
def test_the_schema_rejects_a_broken_seed(
    schema: dict[str, Any], change: Any, complaint: str
) -> None:
    data = copy.deepcopy(yaml_data(SEED))
    change(data)
    errors = MiniValidator(schema).errors(data)
    assert any(complaint in error for error in errors), errors
