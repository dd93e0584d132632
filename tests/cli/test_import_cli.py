"""`briefing import stix`: files named by id, a summary line, secure mode writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main

GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
T = "2024-01-01T00:00:00Z"
BUNDLE = {
    "type": "bundle",
    "id": "bundle--00000000-0000-4000-8000-000000000000",
    "objects": [
        {
            "type": "grouping",
            "id": "grouping--00000000-0000-4000-8000-000000000001",
            "created": T,
            "modified": T,
            "name": "Event \x1b[31m one",
            "context": "suspicious-activity",
            "object_refs": ["identity--00000000-0000-4000-8000-000000000002"],
            "object_marking_refs": [GREEN],
        },
        {
            "type": "identity",
            "id": "identity--00000000-0000-4000-8000-000000000002",
            "created": T,
            "modified": T,
            "name": "Org",
            "identity_class": "organization",
        },
    ],
}
BRF = "brf-stix-00000000-0000-4000-8000-000000000001"


def write_bundle(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(BUNDLE), encoding="utf-8")
    return path


def test_writes_one_file_named_by_id_and_says_what_it_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", "stix", str(write_bundle(tmp_path)), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{BRF}.yaml"]
    assert err == "briefing import: 1 briefing, 1 entity\n"
    assert main(["check", "--strict", str(tmp_path / "out")]) == 0


def test_dash_writes_to_standard_output_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", "stix", str(write_bundle(tmp_path)), "-o", "-", "--secure"]) == 0
    out = capsys.readouterr().out
    assert f"id: {BRF}\n" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_secure_mode_refuses_to_write_files(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["import", "stix", str(write_bundle(tmp_path)), "-o", str(tmp_path / "out")]
    if how == "flag":
        argv.append("--secure")
    else:
        monkeypatch.setenv("BRIEFING_SECURE", "1")
    assert main(argv) == 2
    assert "secure mode writes nothing; use -o -" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_refused_file_names_the_file_and_pointer_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"type": "bundle", "objects": [{"type": "x\\u001b[2J"}]}')
    assert main(["import", "stix", str(path), "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: /objects/0/id: expected <type>--<uuid>" in err
    assert "\x1b" not in err
