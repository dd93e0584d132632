"""`briefing export stix`: a bundle that validates against the OASIS STIX 2.1 schemas,
marked never lower than the reader shows the briefing, with stable ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import HOSTILE, SEED, SEED_ID, write_file
from stix_schemas import MISSING_REASON, SCHEMAS, stix_problems

from briefing_tui.cli import main
from briefing_tui.interchange.stix_export import TLP2_IDS

needs_schemas = pytest.mark.skipif(not SCHEMAS.is_dir(), reason=MISSING_REASON)

PARTIAL = """\
schema: briefing/v1
id: brf-partial
title: Partial dates
date: "2018-12"
handling: {tlp: green, banner: "PROTECTED B"}
summary: One paragraph.
entities:
  - id: ent-apt
    kind: group
    name: APT Example
    external_ids: {stix: "intrusion-set--6ba7b810-9dad-41d1-80b4-00c04fd430c8", mitre-attack: G0006}
  - {id: ent-place, kind: location, name: Somewhere}
incidents:
  - id: inc-a
    title: Seen
    when: "2018-12"
    actors: [{entity: ent-apt, role: perpetrator}]
    locations: [ent-place]
"""


def export(
    capsys: pytest.CaptureFixture[str], *argv: str, status: int = 0
) -> tuple[dict[str, Any] | None, str]:
    """The bundle written to standard output (None if nothing) and standard error."""
    assert main(["export", "stix", *argv]) == status
    out, err = capsys.readouterr()
    return (json.loads(out) if out else None), err


def objects_of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [obj for obj in bundle["objects"] if obj["type"] == kind]


@needs_schemas
def test_every_export_validates_against_the_oasis_schemas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [SEED, write_file(tmp_path, "hostile.yaml", HOSTILE)]
    files.append(write_file(tmp_path, "partial.yaml", PARTIAL))
    incidents = []
    for file in files:
        bundle, _ = export(capsys, str(file))
        assert bundle is not None
        assert stix_problems(bundle) == [], file.name
        incidents.append(len(objects_of(bundle, "incident")))
    assert incidents == [9, 1, 1]


@needs_schemas
def test_the_validator_finds_what_breaks_the_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    bundle, _ = export(capsys, str(SEED))
    assert bundle is not None
    objects_of(bundle, "report")[0]["published"] = "2026-11"
    objects_of(bundle, "incident")[0]["confidence"] = 101
    problems = stix_problems(bundle)
    assert any("(report) /published" in p for p in problems)
    assert any("(incident) /confidence" in p for p in problems)


def test_the_bundle_goes_to_standard_output_and_the_banner_to_standard_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundle, err = export(capsys, SEED_ID, str(SEED.parent))
    assert bundle is not None and bundle["type"] == "bundle"
    assert err.startswith("briefing export: TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE: ")
    assert "1 report, 9 incidents" in err
    report = objects_of(bundle, "report")[0]
    assert report["x_briefing_id"] == SEED_ID
    assert len(report["object_refs"]) == len(bundle["objects"]) - 4  # markings, the report


def test_partial_dates_are_padded_only_where_stix_needs_a_timestamp(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle, _ = export(capsys, str(write_file(tmp_path, "partial.yaml", PARTIAL)))
    assert bundle is not None
    report = objects_of(bundle, "report")[0]
    assert report["published"] == "2018-12-01T00:00:00Z"
    assert report["x_briefing_date_precision"] == "month"
    assert report["created"] == "2018-12-01T00:00:00.000Z"  # STIX requires it; made up
    assert report["x_briefing_derived"] == ["created", "modified"]
    assert objects_of(bundle, "incident")[0]["x_briefing_when"] == "2018-12"  # kept as written


def test_a_stix_id_is_reused_and_other_ids_are_the_same_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(tmp_path, "partial.yaml", PARTIAL)
    first, _ = export(capsys, str(path))
    again, _ = export(capsys, str(path))
    assert first == again
    assert first is not None
    group = objects_of(first, "intrusion-set")[0]
    assert group["id"] == "intrusion-set--6ba7b810-9dad-41d1-80b4-00c04fd430c8"
    assert group["external_references"] == [{"source_name": "mitre-attack", "external_id": "G0006"}]
    place = objects_of(first, "location")[0]
    assert place["region"] == "Somewhere" and place["x_briefing_derived"] == ["region"]
    kinds = {rel["relationship_type"] for rel in objects_of(first, "relationship")}
    assert kinds == {"attributed-to", "located-at"}


def test_the_site_floor_raises_the_marking_and_the_banner_travels_as_a_statement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_file(
        tmp_path, "config.toml", '[marking]\nfloor_tlp = "amber"\nfloor_classification = "SECRET"\n'
    )
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    bundle, err = export(capsys, str(write_file(tmp_path, "partial.yaml", PARTIAL)))
    assert bundle is not None
    assert err.startswith("briefing export: TLP:AMBER  SECRET: brf-partial -> standard output:")
    for obj in bundle["objects"]:
        if obj["type"] != "marking-definition":
            assert obj["object_marking_refs"][0] == TLP2_IDS["amber"]  # green in the file
    statements = [m for m in objects_of(bundle, "marking-definition") if m.get("definition_type")]
    assert [(m["definition"]["statement"], m["x_briefing_role"]) for m in statements] == [
        ("SECRET", "banner")
    ]


def test_a_statement_that_reads_like_the_banner_stays_a_statement_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PARTIAL.replace(
        'banner: "PROTECTED B"}', 'banner: "PROTECTED B", statements: ["PROTECTED B"]}'
    )
    bundle, _ = export(capsys, str(write_file(tmp_path, "partial.yaml", text)))
    assert bundle is not None
    statements = [m for m in objects_of(bundle, "marking-definition") if m.get("definition")]
    assert len({m["id"] for m in statements}) == 2
    assert [m.get("x_briefing_role") for m in statements] == ["banner", None]


def test_hostile_text_leaves_only_escaped_json_and_a_sanitised_banner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(tmp_path, "hostile.yaml", HOSTILE)
    assert main(["export", "stix", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.isascii() and "\x1b" not in out and "\\u001b" in out
    assert "\x1b" not in err and "␛" in err  # SECRET\e[2J as the reader shows it


def test_secure_mode_writes_nothing_but_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    monkeypatch.setenv("BRIEFING_SECURE", "1")
    bundle, err = export(capsys, str(SEED), "-o", str(target), status=2)
    assert bundle is None and "secure mode writes nothing; use -o -" in err
    assert not target.exists()
    bundle, _ = export(capsys, str(SEED), "-o", "-")
    assert bundle is not None


def test_writes_the_file_given_and_a_missing_briefing_is_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "seed.json"
    bundle, err = export(capsys, str(SEED), "-o", str(target))
    assert bundle is None and f"-> {target}:" in err
    assert json.loads(target.read_text("utf-8"))["type"] == "bundle"
    _, err = export(capsys, "brf-nowhere", str(tmp_path), status=1)
    assert "no loadable briefing with id brf-nowhere" in err
