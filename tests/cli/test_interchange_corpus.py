"""Every STIX and MISP file of the shared corpus gets its expected outcome from `briefing import`.

The corpus is read from ``../shared/corpora`` (relative to the repository root; a
checkout elsewhere, such as a worktree, names it with ``BRIEFING_CORPORA``), never copied
here; on a clone without it these tests skip and say why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from cli_support import REPO
from stix_schemas import stix_problems

from briefing_tui.cli import main

CORPORA = Path(os.environ.get("BRIEFING_CORPORA", REPO.parent / "shared" / "corpora"))
pytestmark = pytest.mark.skipif(
    not (CORPORA / "stix").is_dir(),
    reason=f"the shared corpora are not at {CORPORA} (only in CI; BRIEFING_CORPORA names them)",
)


class Outcome(NamedTuple):
    summary: str
    """The summary line (imported) or the refusal, with no --tlp."""
    with_tlp: str | None
    """With --tlp green: the summary line, or None when it stays refused."""
    levels: tuple[str, ...]
    """The TLP of each briefing written (with --tlp green when that is needed)."""


NO_PANE = "not imported (no pane for them)"
EXPECTED: dict[str, Outcome] = {
    "stix/apt1.json": Outcome(
        "apt1.json: /objects/45: no TLP marking; give --tlp LEVEL to import it anyway",
        "1 briefing, 10 entities; 7 attack-patterns, 12 indicators, 6 malware and 10 tools"
        f" {NO_PANE}",
        ("green",),
    ),
    "stix/identity_unicode.json": Outcome(
        "identity_unicode.json: no TLP marking; give --tlp LEVEL",
        "1 briefing, 1 entity",
        ("green",),
    ),
    "stix/incident_pii_report.json": Outcome(
        "incident_pii_report.json: no TLP marking; give --tlp LEVEL",
        f"1 briefing, 1 incident, 4 entities; 1 attack-pattern and 2 courses-of-action {NO_PANE}",
        ("green",),
    ),
    "stix/interop-objectmarking-test.json": Outcome(
        "interop-objectmarking-test.json: an unknown marking"
        " (marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec)",
        "1 briefing, 1 entity",
        ("red",),  # TLP 1.0 RED is also on it; the unknown one stays in the banner
    ),
    "stix/invalid_timestamp.json": Outcome(
        "invalid_timestamp.json: /modified: earlier than 'created'", None, ()
    ),
    "stix/misp-export-event1-stix21.json": Outcome(
        "misp-export-event1-stix21.json: /objects/1: no TLP marking",
        "2 briefings; 1 autonomous-system, 1 domain-name, 1 indicator and 2 observed-data"
        f" {NO_PANE}",
        ("green", "green"),
    ),
    "stix/tlp2-amber+strict.json": Outcome(
        "tlp2-amber+strict.json: no report, grouping or other object to import", None, ()
    ),
    "stix/tlp2-clear.json": Outcome(
        "tlp2-clear.json: no report, grouping or other object to import", None, ()
    ),
    "stix/using-granular-markings.json": Outcome(
        f"1 briefing, 2 entities; 1 indicator {NO_PANE}", None, ("red",)
    ),
    "stix/using-marking-definitions.json": Outcome(
        f"1 briefing, 1 entity; 1 indicator {NO_PANE}", None, ("amber",)
    ),
    "stix/using-tlp2.0-green.json": Outcome(
        "using-tlp2.0-green.json: /type: missing: expected 'bundle'", None, ()
    ),
    "misp/57c4445b-xorist-tlp-white.json": Outcome(
        f"1 briefing, 1 incident; 7 attributes {NO_PANE}", None, ("clear",)
    ),
    "misp/atm-vulnerabilities-eventreport.json": Outcome(
        f"1 briefing, 1 incident, 3 entities; 60 attributes {NO_PANE}", None, ("clear",)
    ),
    "misp/event_obj_attr_tag.json": Outcome(
        "event_obj_attr_tag.json: /info: missing: a MISP event needs it", None, ()
    ),
    "misp/existing_event.json": Outcome(
        f"1 briefing, 1 incident, 4 entities; 121 attributes {NO_PANE}", None, ("clear",)
    ),
    "misp/galaxy.json": Outcome("galaxy.json: not a MISP event", None, ()),
    "misp/hor-pivot-tlp-green.json": Outcome(
        f"1 briefing, 1 incident; 10 attributes {NO_PANE}", None, ("green",)
    ),
    "misp/japanese_test.json": Outcome(
        "japanese_test.json: /Event/Tag: no TLP tag; give --tlp LEVEL",
        f"1 briefing, 1 incident; 1 attribute {NO_PANE}",
        ("green",),
    ),
    "misp/sample-decaying-admiralty.json": Outcome(
        "sample-decaying-admiralty.json: /response/0/Event/Tag: no TLP tag",
        f"1 briefing, 1 incident; 7 attributes {NO_PANE}",
        ("green",),
    ),
    "misp/test_events_collection_1.json": Outcome(
        "test_events_collection_1.json: /response/0/Event/Tag: no TLP tag",
        f"2 briefings, 2 incidents; 2 attributes {NO_PANE}",
        ("green", "green"),
    ),
}


def test_every_corpus_file_has_an_expected_outcome() -> None:
    found = [
        f"{kind}/{path.name}"
        for kind in ("stix", "misp")
        for path in (CORPORA / kind).glob("*.json")
    ]
    assert sorted(found) == sorted(EXPECTED)


def run_import(
    capsys: pytest.CaptureFixture[str], name: str, out: Path, *extra: str
) -> tuple[int, str]:
    kind = name.split("/", 1)[0]
    status = main(["import", kind, str(CORPORA / name), "-o", str(out), *extra])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_corpus_file_gets_its_outcome_and_what_is_written_passes_strict_check(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = EXPECTED[name]
    out = tmp_path / "out"
    status, err = run_import(capsys, name, out)
    refused = not expected.summary[0].isdigit()
    assert (status == 1) is refused, err
    assert expected.summary in err.replace(str(CORPORA / name.split("/")[0]) + "/", "")
    if refused and expected.with_tlp is not None:
        assert not out.exists()
        status, err = run_import(capsys, name, out, "--tlp", "green")
        assert status == 0, err
        assert f"briefing import: {expected.with_tlp}\n" in err
    written = sorted(out.glob("*.yaml")) if out.exists() else []
    levels = [yaml.safe_load(path.read_text("utf-8"))["handling"]["tlp"] for path in written]
    assert tuple(levels) == expected.levels
    if written:
        assert main(["check", "--strict", str(out)]) == 0, capsys.readouterr().out


def test_every_imported_corpus_briefing_exports_a_bundle_the_oasis_schemas_accept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, expected in EXPECTED.items():
        if expected.levels:
            run_import(capsys, name, tmp_path, "--tlp", "green")
    written = sorted(tmp_path.glob("*.yaml"))
    assert len(written) == sum(len(expected.levels) for expected in EXPECTED.values())
    reports = 0
    for path in written:
        assert main(["export", "stix", str(path)]) == 0
        bundle = json.loads(capsys.readouterr().out)
        assert stix_problems(bundle) == [], path.name
        report = next(obj for obj in bundle["objects"] if obj["type"] == "report")
        uuid = path.stem.removeprefix("brf-stix-")
        text = path.read_text("utf-8")
        if f"stix: report--{uuid}" in text or f"stix: grouping--{uuid}" in text:
            assert report["id"] == f"report--{uuid}"  # the id (UUID) it was imported with
            reports += 1
    assert reports == 3
