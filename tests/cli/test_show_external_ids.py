"""`briefing show` lists external ids as text in every format, never as a link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import MINIMAL, write_file

from briefing_tui.cli import main

STIX_ID = "intrusion-set--56f3f0db-b5d5-431c-ae56-c18f02caf500"
WITH_IDS = (
    MINIMAL.format(id="brf-xids", title="Ids")
    + f"""\
sources:
  - {{id: src-a, kind: report, title: A report, external_ids: {{doi: 10.1000/182}}}}
entities:
  - id: ent-apt
    kind: group
    name: APT1
    external_ids: {{wikidata: Q1318, mitre-attack: G0006, stix: "{STIX_ID}"}}
"""
)


def show(capsys: pytest.CaptureFixture[str], path: Path, output: str) -> str:
    assert main(["show", str(path), "--format", output, "--width", "200"]) == 0
    return capsys.readouterr().out


def test_text_lists_each_scheme_and_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = show(capsys, write_file(tmp_path, "x.yaml", WITH_IDS), "text")
    assert f"External ids: wikidata Q1318, mitre-attack G0006, stix {STIX_ID}" in out
    assert "External ids: doi 10.1000/182" in out


def test_markdown_shows_ids_as_code_not_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = show(capsys, write_file(tmp_path, "x.yaml", WITH_IDS), "markdown")
    assert "wikidata `Q1318`" in out
    assert f"stix `{STIX_ID}`" in out
    assert "](" not in out and "<http" not in out


def test_json_keeps_the_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(show(capsys, write_file(tmp_path, "x.yaml", WITH_IDS), "json"))
    assert data["entities"][0]["external_ids"] == {
        "wikidata": "Q1318",
        "mitre-attack": "G0006",
        "stix": STIX_ID,
    }
    assert data["sources"][0]["external_ids"] == {"doi": "10.1000/182"}
