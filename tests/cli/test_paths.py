"""Which briefings the reader opens: the command line, $BRIEFING_PATH, ./briefings, samples."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from cli_support import SEED

from briefing_tui.cli import main
from briefing_tui.model import load_file
from briefing_tui.paths import default_paths, samples_path


def test_briefing_path_lists_folders_relative_to_cwd(tmp_path: Path) -> None:
    (tmp_path / "briefings").mkdir()  # ignored: the variable wins
    environ = {"BRIEFING_PATH": os.pathsep.join(["team", "", "/srv/shared/briefings"])}
    assert default_paths(environ, tmp_path) == [
        tmp_path / "team",
        Path("/srv/shared/briefings"),
    ]


def test_local_briefings_folder_when_the_variable_is_unset_or_empty(tmp_path: Path) -> None:
    (tmp_path / "briefings").mkdir()
    assert default_paths({}, tmp_path) == [tmp_path / "briefings"]
    assert default_paths({"BRIEFING_PATH": ""}, tmp_path) == [tmp_path / "briefings"]


def test_samples_when_there_is_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "briefings").write_text("a file, not a folder")
    assert default_paths({}, tmp_path) == [samples_path()]


def test_the_samples_ship_the_seed_briefing_unchanged() -> None:
    sample = samples_path() / SEED.name
    assert sample.read_bytes() == SEED.read_bytes()
    result = load_file(sample)
    assert result.briefing is not None and result.problems == ()


# --- the reader is opened on those paths -----------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[Path], bool]]:
    """Replaces the reader: records the paths and mouse flag it is opened with."""
    calls: list[tuple[list[Path], bool]] = []

    def fake_run_app(paths: list[Path], *, mouse: bool = False, **options: Any) -> int:
        calls.append((paths, mouse))
        return 0

    monkeypatch.setattr("briefing_tui.app.run_app", fake_run_app)
    return calls


def test_no_arguments_opens_the_default_paths(
    opened: list[tuple[list[Path], bool]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFING_PATH", raising=False)
    assert main([]) == 0
    monkeypatch.setenv("BRIEFING_PATH", "mine")
    assert main(["--mouse"]) == 0
    assert opened == [([samples_path()], False), ([tmp_path / "mine"], True)]


def test_paths_open_the_reader_and_a_command_name_needs_dot_slash(
    opened: list[tuple[list[Path], bool]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["some/folder", "./check"]) == 0
    assert opened == [([Path("some/folder"), Path("check")], False)]
    with pytest.raises(SystemExit):
        main(["check"])  # the command, which needs a PATH, not the reader on ./check
    assert "briefing check: error" in capsys.readouterr().err
    assert len(opened) == 1
