"""`briefing entities` and `briefing timeline`: the model's rows, aligned, as csv or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import write_file

from briefing_tui.cli import main

FIRST = """\
schema: briefing/v1
id: brf-first
title: First
date: "2021-06-30"
handling: {tlp: amber}
summary: Dated events.
entities:
  - {id: ent-josee, kind: person, name: Josée Müller, aliases: [J. Muller]}
  - {id: ent-police, kind: government, name: Police}
incidents:
  - {id: inc-arrest, title: Arrest, when: "2018-12-03", severity: high,
     actors: [{entity: ent-josee, role: victim}, {entity: ent-police, role: perpetrator}]}
  - {id: inc-trial, title: Trial, when: "2018", actors: [{entity: ent-josee, role: party}]}
  - {id: inc-rumour, title: Rumour}
"""
SECOND = """\
schema: briefing/v1
id: brf-second
title: Second
date: "2022-01-01"
handling: {tlp: green}
summary: More.
entities:
  - {id: ent-muller, kind: person, name: "Josee Muller"}
incidents:
  - {id: inc-release, title: Release, when: {at: "2019-02", approximate: true},
     actors: [{entity: ent-muller, role: victim}]}
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    write_file(tmp_path, "first.yaml", FIRST)
    write_file(tmp_path, "second.yaml", SECOND)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_timeline_text_by_quarter(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "timeline", str(library), "--by", "quarter", "--ascii")
    assert status == 0
    assert out.splitlines() == [
        "2018 (year only)  ####################  1",
        "2018-Q4           ####################  1  (1 high)",
        "2019-Q1           ####################  1  (1 approximate)",
        "undated           ####################  1",
    ]


def test_timeline_query_and_formats(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "timeline", "severity:high", str(library), "--format", "json")
    assert status == 0
    document = json.loads(out)
    assert document["period"] == "week"  # one incident: the finest period fits
    assert [(r["label"], r["count"], r["query"]) for r in document["rows"]] == [
        ("2018-W49", 1, "timeline:week:2018-W49")
    ]
    status, out = _run(capsys, "timeline", "", str(library), "--by", "year", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["period", "kind", "count", "high", "approximate"]
    assert rows[1:] == [["2018", "period", "2", "1", "0"], ["2019", "period", "1", "0", "1"],
                        ["undated", "undated", "1", "0", "0"]]  # fmt: skip
    assert _run(capsys, "timeline", "nothing-matches-this", str(library))[0] == 1
    assert _run(capsys, "timeline", "severity:>=", str(library))[0] == 2


def test_entities_rows(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "entities", str(library), "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["name"], r["kind"], r["briefings"], r["incidents"], r["first"], r["last"])
            for r in rows] == [
        ("Josée Müller", "person", "1", "2", "2018", "2018-12-03"),
        ("Josee Muller", "person", "1", "1", "2019-02", "2019-02"),
        ("Police", "government", "1", "1", "2018-12-03", "2018-12-03"),
    ]  # fmt: skip
    status, out = _run(capsys, "entities", "date:2019", str(library), "--format", "json")
    document = json.loads(out)
    assert [e["key"] for e in document["entities"]] == ["brf-second/ent-muller"]
    status, out = _run(capsys, "entities", str(library))
    assert out.splitlines()[0].split() == [
        "name", "kind", "briefings", "incidents", "first", "last", "external_ids",
    ]  # fmt: skip
