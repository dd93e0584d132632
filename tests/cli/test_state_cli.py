"""`briefing unread`, `briefing state merge|clear`, `briefing search` with state and views."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import MINIMAL, write_file

from briefing_tui.cli import main
from briefing_tui.model import load_file
from briefing_tui.model.state import Reading, StateStore
from briefing_tui.model.state.store import LOG_NAME


def _library(folder: Path) -> list[Path]:
    return [
        write_file(folder, f"{name}.yaml", MINIMAL.format(id=f"brf-{name}", title=name.title()))
        for name in ("alpha", "beta", "gamma")
    ]


def _state_dir() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "briefing"


def _read(path: Path) -> None:
    briefing = load_file(path).briefing
    assert briefing is not None
    Reading(StateStore.open(_state_dir())).open(briefing)


def test_unread_lists_what_was_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _library(tmp_path / "lib")
    _read(files[1])
    before = (_state_dir() / LOG_NAME).read_bytes()
    assert main(["unread", str(tmp_path / "lib")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["brf-alpha", "brf-gamma"]
    assert all("  unread  " in line for line in lines)
    assert main(["unread", "--format", "json", str(tmp_path / "lib")]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["unread"], document["updated"]) == (2, 0)
    write_file(tmp_path / "lib", "beta.yaml", MINIMAL.format(id="brf-beta", title="Beta, edited"))
    main(["unread", str(tmp_path / "lib")])
    assert "brf-beta  2026-11  updated  Beta, edited" in capsys.readouterr().out
    assert (_state_dir() / LOG_NAME).read_bytes() == before  # read, never written
    for path in files:
        _read(path)
    assert main(["unread", str(tmp_path / "lib")]) == 1


def test_search_reads_state_terms_and_views(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _library(tmp_path / "lib")
    _read(files[0])
    config = write_file(tmp_path, "config.toml", '[views]\n"Not read" = "is:unread"\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    lib = str(tmp_path / "lib")
    assert main(["search", "--kind", "briefings", "is:unread", lib]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == lines[-1] == "TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE"  # the banner
    assert [line.split()[0] for line in lines[1:-1]] == ["brf-beta", "brf-gamma"]
    assert main(["search", "--kind", "briefings", "--view", "Not read", lib]) == 0
    assert "brf-alpha" not in capsys.readouterr().out
    assert main(["search", "--kind", "briefings", "--no-state", "is:read", lib]) == 1
    assert main(["search", "--view", "Missing", lib]) == 2
    assert "no saved view 'Missing' (views: Not read)" in capsys.readouterr().err


def test_merge_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _library(tmp_path / "lib")
    other = tmp_path / "laptop"
    briefing = load_file(files[2]).briefing
    assert briefing is not None
    laptop = Reading(StateStore.open(other))
    laptop.open(briefing)
    laptop.state.compact()
    assert main(["state", "merge", str(other / LOG_NAME)]) == 0
    assert "merged the state of 1 briefing" in capsys.readouterr().out
    main(["unread", str(tmp_path / "lib")])
    assert "brf-gamma" not in capsys.readouterr().out
    assert main(["state", "merge", str(files[0])]) == 1
    assert "not merged: not a briefing state file" in capsys.readouterr().err
    assert main(["state", "clear"]) == 0
    main(["unread", str(tmp_path / "lib")])
    assert "brf-gamma" in capsys.readouterr().out


def test_secure_mode_neither_reads_nor_writes_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(tmp_path / "lib")
    monkeypatch.setenv("BRIEFING_SECURE", "1")
    assert main(["state", "clear"]) == 2
    assert "the state is off (secure mode" in capsys.readouterr().err
    assert main(["unread", str(tmp_path / "lib")]) == 0
    assert list(Path(os.environ["XDG_STATE_HOME"]).iterdir()) == []
