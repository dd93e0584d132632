"""STIX 2.1 bundles to briefing/v1: the mapping, markings that only rise, broken links."""

from __future__ import annotations

import json
from typing import Any

import pytest

from briefing_tui.interchange.json_input import InterchangeError
from briefing_tui.interchange.markings import TLP_BY_ID
from briefing_tui.interchange.stix_import import ImportResult, import_stix
from briefing_tui.interchange.yaml_output import dump_briefing
from briefing_tui.model import load_bytes
from briefing_tui.model.marking import parse_banner

TLP2 = {level: ref for ref, level in list(TLP_BY_ID.items())[4:]}
TLP1_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
T = "2024-03-01T10:00:00.000Z"


def uid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


REPORT = f"report--{uid(1)}"
ACTOR = f"threat-actor--{uid(2)}"
PLACE = f"location--{uid(3)}"
INCIDENT = f"incident--{uid(4)}"
AUTHOR = f"identity--{uid(5)}"


def bundle(*, markings: list[str] | None = None, extra: list[Any] | None = None) -> dict[str, Any]:
    common = {"spec_version": "2.1", "created": T, "modified": T}
    objects: list[dict[str, Any]] = [
        {
            **common,
            "type": "report",
            "id": REPORT,
            "name": "Quarterly report",
            "description": "What happened.",
            "published": "2024-03-02T00:00:00Z",
            "created_by_ref": AUTHOR,
            "labels": ["Espionage Campaign"],
            "object_refs": [
                ACTOR,
                PLACE,
                INCIDENT,
                f"indicator--{uid(9)}",
                f"relationship--{uid(7)}",
            ],
            "object_marking_refs": markings if markings is not None else [TLP2["green"]],
        },
        {
            **common,
            "type": "identity",
            "id": AUTHOR,
            "name": "CERT-X",
            "identity_class": "organization",
        },
        {
            **common,
            "type": "threat-actor",
            "id": ACTOR,
            "name": "APT Zero",
            "aliases": ["Zero", "APT Zero"],
            "external_references": [{"source_name": "vendor", "url": "https://example.org/apt0"}],
        },
        {**common, "type": "location", "id": PLACE, "name": "Ottawa", "country": "ca"},
        {
            **common,
            "type": "incident",
            "id": INCIDENT,
            "name": "Breach",
            "confidence": 80,
            "extensions": {
                "extension-definition--ef765651-680c-498d-9894-99799f2fa126": {
                    "determination": "confirmed",
                    "attacker_activities": [
                        {"start_time": "2024-02-10T00:00:00Z"},
                        {"start_time": T},
                    ],
                }
            },
        },
        {**common, "type": "indicator", "id": f"indicator--{uid(9)}", "pattern": "[x:y = 'z']"},
        {
            **common,
            "type": "relationship",
            "id": f"relationship--{uid(7)}",
            "relationship_type": "attributed-to",
            "source_ref": INCIDENT,
            "target_ref": ACTOR,
        },
        {
            **common,
            "type": "relationship",
            "id": f"relationship--{uid(8)}",
            "relationship_type": "located-at",
            "source_ref": INCIDENT,
            "target_ref": PLACE,
        },
        *(extra or []),
    ]
    return {"type": "bundle", "id": f"bundle--{uid(99)}", "objects": objects}


def one(result: ImportResult) -> dict[str, Any]:
    assert len(result.briefings) == 1
    data = result.briefings[0].data
    loaded = load_bytes("x.yaml", dump_briefing(data).encode("utf-8"))
    assert loaded.briefing is not None and not loaded.problems, loaded.problems
    return data


def test_a_report_becomes_a_briefing_that_loads_without_any_problem() -> None:
    result = import_stix("b.json", bundle())
    data = one(result)
    assert data["id"] == f"brf-stix-{uid(1)}"
    assert (data["title"], data["summary"]["text"]) == ("Quarterly report", "What happened.")
    assert data["date"] == "2024-03-02T00:00:00Z"
    assert data["authors"] == [{"name": "CERT-X"}]
    assert data["tags"] == ["espionage-campaign"]
    assert data["handling"] == {"tlp": "green"}
    actor = next(e for e in data["entities"] if e["name"] == "APT Zero")
    assert actor["kind"] == "group" and actor["aliases"] == ["Zero"]
    assert actor["external_ids"] == {"stix": ACTOR}
    place = next(e for e in data["entities"] if e["name"] == "Ottawa")
    assert place["country"] == "CA"
    incident = data["incidents"][0]
    assert incident["determination"] == "confirmed"
    assert incident["when"] == {"start": "2024-02-10T00:00:00Z"}
    assert incident["confidence"] == 80
    assert incident["actors"] == [
        {"entity": actor["id"], "role": "perpetrator", "attribution": "assessed"}
    ]
    assert incident["locations"] == [place["id"]]
    assert result.left_out == {"indicator": 1}
    kept = {obj["id"] for obj in data["extensions"]["stix"]["objects"]}
    assert {REPORT, ACTOR, PLACE, INCIDENT} <= kept


def test_granular_and_object_markings_count_and_the_most_restrictive_wins() -> None:
    report = bundle(markings=[TLP2["green"]])
    report["objects"][2]["granular_markings"] = [{"marking_ref": TLP1_RED, "selectors": ["name"]}]
    assert one(import_stix("b.json", report))["handling"]["tlp"] == "red"


def test_a_given_tlp_never_lowers_the_markings() -> None:
    data = one(import_stix("b.json", bundle(markings=[TLP2["amber+strict"]]), tlp="clear"))
    assert data["handling"]["tlp"] == "amber+strict"


def test_a_statement_marking_becomes_a_handling_statement() -> None:
    statement_id = f"marking-definition--{uid(50)}"
    statement = {
        "type": "marking-definition",
        "id": statement_id,
        "created": T,
        "definition_type": "statement",
        "definition": {"statement": "Copyright X"},
    }
    data = one(
        import_stix("b.json", bundle(markings=[TLP2["amber"], statement_id], extra=[statement]))
    )
    assert data["handling"] == {"tlp": "amber", "statements": ["Copyright X"]}


def test_no_marking_is_refused_unless_a_tlp_is_given() -> None:
    with pytest.raises(InterchangeError, match="no TLP marking; give --tlp LEVEL"):
        import_stix("b.json", bundle(markings=[]))
    assert one(import_stix("b.json", bundle(markings=[]), tlp="amber"))["handling"] == {
        "tlp": "amber"
    }


def test_an_unknown_lookalike_marking_is_refused_and_then_kept_above_every_level() -> None:
    lookalike = TLP1_RED[:-1] + "c"
    with pytest.raises(InterchangeError, match="an unknown marking"):
        import_stix("b.json", bundle(markings=[lookalike]))
    handling = one(import_stix("b.json", bundle(markings=[lookalike]), tlp="green"))["handling"]
    assert handling["tlp"] == "green"
    assert lookalike in handling["banner"]
    shown = parse_banner(handling["banner"])
    assert not shown.recognised and shown.rank > parse_banner("TOP SECRET").rank


def test_a_broken_reference_drops_that_link_with_a_warning_naming_its_pointer() -> None:
    report = bundle()
    report["objects"][0]["object_refs"].append(f"identity--{uid(77)}")
    report["objects"][0]["created_by_ref"] = f"identity--{uid(78)}"
    result = import_stix("b.json", report)
    data = one(result)
    assert "authors" not in data
    assert any(
        "/objects/0/object_refs/5: " in w and "not in the bundle" in w for w in result.warnings
    )
    assert any("/objects/0/created_by_ref: " in w for w in result.warnings)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b.pop("type"), "/type: missing: expected 'bundle'"),
        (lambda b: b["objects"][3].update(created="2024-13-01"), "/objects/3/created: not a STIX"),
        (
            lambda b: b["objects"][3].update(modified="2020-01-01T00:00:00Z"),
            "/objects/3/modified: earlier than 'created'",
        ),
        (lambda b: b["objects"][1].update(id="identity-1"), "/objects/1/id: expected <type>--"),
    ],
)
def test_malformed_bundles_are_refused_with_a_json_pointer(change: Any, message: str) -> None:
    data = bundle()
    change(data)
    with pytest.raises(InterchangeError) as caught:
        import_stix("b.json", json.loads(json.dumps(data)))
    assert str(caught.value).startswith("b.json: " + message)


def test_hostile_text_stays_data_and_the_output_loads() -> None:
    data = bundle()
    data["objects"][0]["name"] = "Evil \x1b]52;c;aGk=\x07 [b]bold[/b]"
    loaded = load_bytes(
        "x.yaml", dump_briefing(import_stix("b.json", data).briefings[0].data).encode()
    )
    assert loaded.briefing is not None
    assert loaded.briefing.title == "Evil \x1b]52;c;aGk=\x07 [b]bold[/b]"  # sanitised when shown
