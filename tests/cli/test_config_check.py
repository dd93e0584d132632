"""Keymap and theme checks (issue 11 item 10): `briefing config` exits 2 wherever the reader
would refuse to start, and each error names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.config import ConfigError, load_config
from briefing_tui.keymap_check import check_config, key_problem


def _config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    file = tmp_path / "config.toml"
    file.write_text(text, encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(file))
    return file


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[keymap]\n"list.down" = "ctrl+shift+bogus!!"\n', ":2: keymap.list.down: cannot read"),
        ('[keymap]\n"list.down" = "q"\n', "'q' is already the key of 'app.quit'"),
        ('\n[keymap]\n"list.dwn" = "j"\n', ":3: keymap.list.dwn: unknown binding id"),
        ('theme = "nope"\n', ":1: theme: theme 'nope' is not known"),
    ],
)
def test_config_exits_2_where_the_reader_would_refuse(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    expected: str,
) -> None:
    file = _config_file(tmp_path, monkeypatch, text)
    assert main(["config"]) == 2
    error = capsys.readouterr().err
    assert str(file) in error and expected in error
    with pytest.raises(ConfigError, match=r"config\.toml"):  # the reader refuses alike
        check_config(load_config({"BRIEFING_CONFIG": str(file)}))


def test_an_unknown_id_gets_a_did_you_mean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = _config_file(tmp_path, monkeypatch, '[keymap]\n"list.dwn" = "j"\n')
    with pytest.raises(ConfigError, match=r"did you mean 'list\.down'"):
        check_config(load_config({"BRIEFING_CONFIG": str(file)}))


def test_a_good_keymap_passes_and_config_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _config_file(
        tmp_path,
        monkeypatch,
        '[keymap]\n"app.help" = "f1,question_mark"\n"briefing.pane.incidents" = "2,i"\n'
        '"list.down" = "j,down,ctrl+n"\n',
    )
    assert main(["config"]) == 0
    assert '"list.down" = "j,down,ctrl+n"' in capsys.readouterr().out


@pytest.mark.parametrize("key", ["j", "ctrl+n", "f1", "pagedown", "question_mark", "shift+tab"])
def test_key_names_textual_reads(key: str) -> None:
    assert key_problem(key) is None


@pytest.mark.parametrize("key", ["ctrl+shift+bogus!!", "", "hyperdrive+x", "pgdn"])
def test_key_names_textual_cannot_read(key: str) -> None:
    assert key_problem(key) is not None
