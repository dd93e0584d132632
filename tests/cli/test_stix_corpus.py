"""Every STIX file of the shared corpus gets its expected outcome from `briefing import`.

The corpus is read from ``../shared/corpora`` (relative to the repository root; a
checkout elsewhere, such as a worktree, names it with ``BRIEFING_CORPORA``), never copied
here; on a clone without it these tests skip and say why.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from cli_support import REPO

from briefing_tui.cli import main

CORPUS = Path(os.environ.get("BRIEFING_CORPORA", REPO.parent / "shared" / "corpora")) / "stix"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared STIX corpus is not at {CORPUS} (only in CI)"
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
    "apt1.json": Outcome(
        "apt1.json: /objects/45: no TLP marking; give --tlp LEVEL to import it anyway",
        "1 briefing, 10 entities; 7 attack-patterns, 12 indicators, 6 malware and 10 tools"
        f" {NO_PANE}",
        ("green",),
    ),
    "identity_unicode.json": Outcome(
        "identity_unicode.json: no TLP marking; give --tlp LEVEL",
        "1 briefing, 1 entity",
        ("green",),
    ),
    "incident_pii_report.json": Outcome(
        "incident_pii_report.json: no TLP marking; give --tlp LEVEL",
        f"1 briefing, 1 incident, 4 entities; 1 attack-pattern and 2 courses-of-action {NO_PANE}",
        ("green",),
    ),
    "interop-objectmarking-test.json": Outcome(
        "interop-objectmarking-test.json: an unknown marking"
        " (marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec)",
        "1 briefing, 1 entity",
        ("red",),  # TLP 1.0 RED is also on it; the unknown one stays in the banner
    ),
    "invalid_timestamp.json": Outcome(
        "invalid_timestamp.json: /modified: earlier than 'created'", None, ()
    ),
    "misp-export-event1-stix21.json": Outcome(
        "misp-export-event1-stix21.json: /objects/1: no TLP marking",
        "2 briefings; 1 autonomous-system, 1 domain-name, 1 indicator and 2 observed-data"
        f" {NO_PANE}",
        ("green", "green"),
    ),
    "tlp2-amber+strict.json": Outcome(
        "tlp2-amber+strict.json: no report, grouping or other object to import", None, ()
    ),
    "tlp2-clear.json": Outcome(
        "tlp2-clear.json: no report, grouping or other object to import", None, ()
    ),
    "using-granular-markings.json": Outcome(
        f"1 briefing, 2 entities; 1 indicator {NO_PANE}", None, ("red",)
    ),
    "using-marking-definitions.json": Outcome(
        f"1 briefing, 1 entity; 1 indicator {NO_PANE}", None, ("amber",)
    ),
    "using-tlp2.0-green.json": Outcome(
        "using-tlp2.0-green.json: /type: missing: expected 'bundle'", None, ()
    ),
}


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert sorted(path.name for path in CORPUS.glob("*.json")) == sorted(EXPECTED)


def run_import(
    capsys: pytest.CaptureFixture[str], name: str, out: Path, *extra: str
) -> tuple[int, str]:
    status = main(["import", "stix", str(CORPUS / name), "-o", str(out), *extra])
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
    assert expected.summary in err.replace(str(CORPUS) + "/", "")
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
