"""``external_ids`` on entities and sources: known schemes checked for form, others ``x-``."""

from __future__ import annotations

import pytest
from loader_cases import MINIMAL, dedent, load_text, only_error

from briefing_tui.model.format.schema import json_schema

STIX_ID = "threat-actor--56f3f0db-b5d5-431c-ae56-c18f02caf500"
UUID = "5c4a2b1e-0f3d-4e7a-9b61-2a3c4d5e6f70"


def with_entity_ids(written: str) -> str:
    return MINIMAL + dedent(
        f"""
        entities:
          - id: ent-a
            kind: group
            name: A group
            external_ids: {written}
        """
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("{wikidata: Q1318}", {"wikidata": "Q1318"}),
        (
            f"{{mitre-attack: T1566.001, stix: '{STIX_ID}', misp: {UUID}}}",
            {"mitre-attack": "T1566.001", "stix": STIX_ID, "misp": UUID},
        ),
        (
            "{mitre-attack: G0006, misp-galaxy: " + UUID + "}",
            {"mitre-attack": "G0006", "misp-galaxy": UUID},
        ),
        (
            "{doi: 10.1000/182, x-opencti: 'any text: here'}",
            {"doi": "10.1000/182", "x-opencti": "any text: here"},
        ),
        ("{}", {}),
    ],
)
def test_known_schemes_in_their_form_and_x_schemes_load(
    written: str, expected: dict[str, str]
) -> None:
    result = load_text(with_entity_ids(written))
    assert result.briefing is not None, [p.format() for p in result.problems]
    assert result.briefing.entities[0].external_ids == expected


def test_sources_take_external_ids_too() -> None:
    text = MINIMAL + dedent(
        f"""
        sources:
          - {{id: src-a, kind: report, title: R, external_ids: {{stix: '{STIX_ID}'}}}}
        """
    )
    result = load_text(text)
    assert result.briefing is not None
    assert result.briefing.sources[0].external_ids == {"stix": STIX_ID}


@pytest.mark.parametrize(
    ("written", "at", "message"),
    [
        (
            "{wikidata: '1318'}",
            "'1318'",
            "'1318' is not a Wikidata id (Q and digits, like Q1318), as 'wikidata' needs",
        ),
        ("{mitre-attack: X0006}", "X0006", "'X0006' is not a MITRE ATT&CK id"),
        ("{stix: not-a-stix-id}", "not-a", "'not-a-stix-id' is not a STIX id (<type>--<uuid>"),
        ("{misp: 12345}", "12345", "'12345' is not a MISP UUID"),
        ("{opencti: abc}", "opencti", "unknown id scheme 'opencti': use one of wikidata, mitre"),
        ("{wikidata: [Q1]}", "[Q1]", "expected text, got a list"),
        ("[Q1318]", "[Q1318]", "expected a mapping of scheme to id, got a list"),
        ("{wikidata: Q1, wikidata: Q2}", "wikidata: Q2", "duplicate key 'wikidata' (first at"),
    ],
)
def test_bad_external_ids_are_errors_at_their_line_and_column(
    written: str, at: str, message: str
) -> None:
    problem = only_error(load_text(with_entity_ids(written)))
    assert (problem.line, problem.column) == (11, len("    external_ids: ") + 1 + written.index(at))
    assert problem.message.startswith(message), problem.message
    assert problem.field.startswith("entities[0].external_ids")


def test_the_schema_states_the_schemes_and_their_forms() -> None:
    schema = json_schema()["$defs"]["Entity"]["properties"]["external_ids"]
    assert schema["properties"]["wikidata"]["pattern"] == "^Q[1-9][0-9]*$"
    assert {"pattern": "^x-[a-z0-9][a-z0-9._-]*$"} in schema["propertyNames"]["anyOf"]
    assert json_schema()["$defs"]["Source"]["properties"]["external_ids"] == schema
