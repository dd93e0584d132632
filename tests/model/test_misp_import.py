"""MISP events to briefing/v1: every wrapper shape, TLP tags, galaxies, reports, sources."""

from __future__ import annotations

from typing import Any

import pytest

from briefing_tui.interchange.json_input import InterchangeError
from briefing_tui.interchange.misp_import import import_misp
from briefing_tui.interchange.yaml_output import dump_briefing
from briefing_tui.model import load_bytes

UUID = "57c4445b-c548-4654-af0b-4be3950d210f"
CLUSTER = "7cdd1a4c-2a2b-4e1c-9a77-2f1b3c4d5e6f"
ATTRIBUTE = "11111111-2222-4333-8444-555555555555"


def event(tags: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "info": "Ransomware - Xorist",
        "date": "2016-08-29",
        "uuid": UUID,
        "Orgc": {"name": "CIRCL"},
        "Tag": [{"name": t} for t in (tags if tags is not None else ["tlp:white", "Malware X"])],
        "Attribute": [
            {"uuid": ATTRIBUTE, "type": "ip-dst", "value": "198.51.100.7"},
            {"uuid": "2" * 8 + "-2222-4333-8444-555555555555", "type": "link",
             "value": "https://example.org/post", "comment": "Vendor post"},
        ],
        "EventReport": [{"content": f"Seen at @[attribute]({ATTRIBUTE})."}],
        "Galaxy": [{"type": "threat-actor", "GalaxyCluster": [
            {"uuid": CLUSTER, "value": "Sofacy", "meta": {"synonyms": ["APT28", "Sofacy"]}}
        ]}],
        **extra,
    }  # fmt: skip


def loads_cleanly(data: dict[str, Any]) -> None:
    loaded = load_bytes("x.yaml", dump_briefing(data).encode("utf-8"))
    assert loaded.briefing is not None and not loaded.problems, loaded.problems


@pytest.mark.parametrize(
    "shape",
    [
        lambda e: e,
        lambda e: {"Event": e},
        lambda e: {"response": [{"Event": e}]},
        lambda e: [{"Event": e}],
    ],
)
def test_every_wrapper_shape_gives_the_event(shape: Any) -> None:
    result = import_misp("e.json", shape(event()))
    assert [b.id for b in result.briefings] == [f"brf-misp-{UUID}"]


def test_the_mapping_and_the_output_loads_without_any_problem() -> None:
    data = import_misp("e.json", event()).briefings[0].data
    loads_cleanly(data)
    assert (data["title"], data["date"]) == ("Ransomware - Xorist", "2016-08-29")
    assert data["handling"] == {"tlp": "clear"}  # tlp:white is clear
    assert data["tags"] == ["malware-x"]
    assert data["summary"]["text"] == "Seen at 198.51.100.7."
    assert data["authors"] == [{"name": "CIRCL"}]
    (entity,) = data["entities"]
    assert entity["name"] == "Sofacy" and entity["aliases"] == ["APT28"]
    assert entity["external_ids"] == {"misp-galaxy": CLUSTER}
    web = [s for s in data["sources"] if s["kind"] == "web"]
    assert web == [{"id": web[0]["id"], "kind": "web", "title": "Vendor post",
                    "url": "https://example.org/post"}]  # fmt: skip
    assert data["extensions"]["misp"]["Event"]["uuid"] == UUID


def test_the_threat_level_is_the_severity_of_the_event_as_an_incident() -> None:
    levels = {"1": "high", "2": "medium", "3": "low", "4": None}
    for given, severity in levels.items():
        data = import_misp("e.json", event(threat_level_id=given)).briefings[0].data
        loads_cleanly(data)
        (incident,) = data["incidents"]
        assert (incident["title"], incident["when"]) == ("Ransomware - Xorist", "2016-08-29")
        assert incident.get("severity") == severity


def test_analyst_notes_and_opinions_become_notes_wherever_they_are() -> None:
    note_id = "33333333-2222-4333-8444-555555555555"
    analyst: dict[str, Any] = {
        "Note": [{"uuid": note_id, "note": "Seen twice this week.", "authors": "analyst@x",
                  "Opinion": [{"uuid": "4" * 8 + "-2222-4333-8444-555555555555",
                               "opinion": "75", "comment": "Agree, same infrastructure."}]}],
    }  # fmt: skip
    data = event(**analyst)
    data["Attribute"][0]["Opinion"] = [{"uuid": "5" * 8 + "-2222-4333-8444-555555555555",
                                        "opinion": 10}]  # fmt: skip
    result = import_misp("e.json", data)
    briefing = result.briefings[0].data
    loads_cleanly(briefing)
    notes = {note["text"]: note for note in briefing["notes"]}
    assert notes["Seen twice this week."]["about"] == [f"inc-misp-{UUID}"]
    assert notes["Seen twice this week."]["authors"] == ["analyst@x"]
    agree = notes["Agree, same infrastructure."]
    assert agree["kind"] == "assessment"
    assert agree["title"] == f"Opinion 75/100 on note note-misp-{note_id}"
    on_attribute = notes["Opinion: 10/100"]
    assert on_attribute["title"] == "Opinion 10/100 on attribute ip-dst 198.51.100.7"
    assert result.imported["note"] == 3


def test_several_events_in_one_file_give_several_briefings() -> None:
    other = event(uuid="0" * 8 + "-c548-4654-af0b-4be3950d210f", info="Second")
    result = import_misp("e.json", {"response": [{"Event": event()}, {"Event": other}]})
    assert [b.data["title"] for b in result.briefings] == ["Ransomware - Xorist", "Second"]


def test_the_most_restrictive_tlp_tag_wins_and_ex_chr_is_a_statement() -> None:
    data = import_misp("e.json", event(["tlp:green", "TLP:AMBER", "tlp:ex:chr"])).briefings[0].data
    assert data["handling"]["tlp"] == "amber"
    assert data["handling"]["statements"] == ["TLP:EX:CHR (Chatham House Rule)"]


@pytest.mark.parametrize(
    ("tags", "why"), [([], "no TLP tag"), (["tlp:unclear"], "unknown TLP tag")]
)
def test_no_or_an_unknown_tlp_is_refused_unless_given(tags: list[str], why: str) -> None:
    with pytest.raises(InterchangeError, match=f"/Event/Tag: .*{why}"):
        import_misp("e.json", {"Event": event(tags)})
    data = import_misp("e.json", event(tags), tlp="green").briefings[0].data
    assert data["handling"]["tlp"] == "green"
    if tags:
        assert "tlp:unclear" in data["handling"]["banner"]
        loads_cleanly(data)


def test_a_missing_info_is_named_by_its_pointer() -> None:
    broken = event()
    del broken["info"]
    with pytest.raises(InterchangeError, match=r"^e.json: /response/0/Event/info: missing"):
        import_misp("e.json", {"response": [{"Event": broken}]})


def test_a_galaxy_on_its_own_is_not_an_event() -> None:
    with pytest.raises(InterchangeError, match="not a MISP event"):
        import_misp("e.json", {"uuid": CLUSTER, "name": "Threat actor", "namespace": "misp"})
