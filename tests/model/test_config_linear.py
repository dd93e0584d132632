"""``linear`` (screen readers): from the file, BRIEFING_LINEAR or --linear, with its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.config import CommandLine, describe, load_config


def env(tmp_path: Path, text: str | None = None, **extra: str) -> dict[str, str]:
    file = tmp_path / "config.toml"
    if text is not None:
        file.write_text(text, encoding="utf-8")
    return {"HOME": str(tmp_path), "BRIEFING_CONFIG": str(file), "TERM": "xterm", **extra}


@pytest.mark.parametrize(
    ("text", "environ", "cli", "linear", "source"),
    [
        ("", {}, False, False, "default"),
        ("linear = true\n", {}, False, True, "config file"),
        ("", {"BRIEFING_LINEAR": "1"}, False, True, "environment BRIEFING_LINEAR=1"),
        ("linear = true\n", {"BRIEFING_LINEAR": "0"}, False, False, "environment"),
        ("", {"BRIEFING_LINEAR": "0"}, True, True, "command line --linear"),
    ],
)
def test_linear_comes_from_the_file_the_environment_or_the_command_line(
    tmp_path: Path,
    text: str | None,
    environ: dict[str, str],
    cli: bool,
    linear: bool,
    source: str,
) -> None:
    config = load_config(env(tmp_path, text, **environ), CommandLine(linear=cli))
    assert config.linear.value is linear
    assert config.linear.source.startswith(source)
    assert f"linear = {'true' if linear else 'false'}" in describe(config)


def test_a_wrong_linear_value_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="linear: Expected `bool`"):
        load_config(env(tmp_path, "linear = 'yes'\n"))
