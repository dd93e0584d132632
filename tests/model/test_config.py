"""The configuration file, the environment and the command line, with their sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui.config import CommandLine, ConfigError, describe, load_config
from briefing_tui.model.locations import config_path
from briefing_tui.model.marking import DEFAULT_LEVELS

UTF8 = {"TERM": "xterm-256color", "LANG": "en_CA.UTF-8"}


def env(tmp_path: Path, text: str | None = None, **extra: str) -> dict[str, str]:
    """An environment whose config file holds ``text`` (None: no file)."""
    file = tmp_path / "config.toml"
    if text is not None:
        file.write_text(text, encoding="utf-8")
    return {"HOME": str(tmp_path), "BRIEFING_CONFIG": str(file), **UTF8, **extra}


def test_the_default_path_follows_xdg(tmp_path: Path) -> None:
    assert config_path({"HOME": "/home/ana"}) == Path("/home/ana/.config/briefing/config.toml")
    assert config_path({"HOME": "/h", "XDG_CONFIG_HOME": "/x"}) == Path("/x/briefing/config.toml")
    assert config_path({"HOME": "/h", "XDG_CONFIG_HOME": "rel"}) == Path(
        "/h/.config/briefing/config.toml"
    )
    assert config_path({"HOME": "/h", "BRIEFING_CONFIG": "/etc/b.toml"}) == Path("/etc/b.toml")


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config({"HOME": str(tmp_path), **UTF8})
    assert not config.file_found
    assert config.levels.value == DEFAULT_LEVELS
    assert not (config.secure.value or config.mouse.value or config.monochrome.value)
    assert config.theme.source == "default"


def test_values_from_the_file_say_where_they_came_from(tmp_path: Path) -> None:
    config = load_config(
        env(
            tmp_path,
            'paths = ["lib", "/abs"]\ntheme = "nord"\nmouse = true\nlayout = "side"\n'
            '[marking]\nfloor_tlp = "amber"\nfloor_classification = "protected a"\n'
            '[keymap]\n"app.help" = "f1"\n',
        )
    )
    origin = f"config file {tmp_path / 'config.toml'}"
    assert config.paths.value == (tmp_path / "lib", Path("/abs"))
    assert (config.theme.value, config.theme.source) == ("nord", origin)
    assert config.mouse.value is True
    assert (config.layout.value, config.layout.source) == ("side", origin)
    assert config.floor_tlp.value == "amber"
    assert config.keymap.value == {"app.help": "f1"}
    assert config.levels.source == "default"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thme = 'nord'\n", ":1: thme: unknown key"),
        ("\n[marking]\nflor = 1\n", ":3: marking.flor: unknown key"),
        ("mouse = 'yes'\n", ":1: mouse: Expected `bool`, got `str`"),
        ("[marking]\nlevels = ['A', 3]\n", ":2: marking.levels: Expected `str`, got `int`"),
        ("color = 'sometimes'\n", ":1: color: Invalid enum value 'sometimes'"),
        ("\nlayout = 'sideways'\n", ":2: layout: Invalid enum value 'sideways'"),
        ("mouse = \n", "not valid TOML: Invalid value (at line 1, column 9)"),
        ("[marking]\nfloor_classification = 'SEKRIT'\n", "'SEKRIT' is not one of the levels"),
        ("[marking]\nlevels = ['A', 'a']\n", "a level is listed twice"),
    ],
)
def test_errors_name_the_file_the_line_and_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(env(tmp_path, text))
    assert str(caught.value).startswith(str(tmp_path / "config.toml"))
    assert expected in str(caught.value)


def test_a_missing_file_named_by_the_variable_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(env(tmp_path))


@pytest.mark.parametrize(
    ("text", "environ", "cli", "source"),
    [
        ("", {"BRIEFING_SECURE": "1"}, False, "environment BRIEFING_SECURE=1"),
        ("", {"BRIEFING_SECURE": "maybe"}, False, "environment BRIEFING_SECURE=maybe"),
        ("", {}, True, "command line --secure"),
        ("secure = true\n", {"BRIEFING_SECURE": "0"}, False, "config file"),
    ],
)
def test_secure_mode_can_be_turned_on_from_anywhere_and_never_off(
    tmp_path: Path, text: str, environ: dict[str, str], cli: bool, source: str
) -> None:
    config = load_config(env(tmp_path, text, **environ), CommandLine(secure=cli))
    assert config.secure.value is True
    assert config.secure.source.startswith(source)


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off"])
def test_secure_mode_stays_off_for_false_words(tmp_path: Path, value: str) -> None:
    assert load_config(env(tmp_path, "", BRIEFING_SECURE=value)).secure.value is False


@pytest.mark.parametrize(
    ("text", "no_color", "cli", "monochrome"),
    [
        ("", "1", None, True),
        ("", "", None, False),  # NO_COLOR set but empty: colour stays
        ("color = 'always'\n", "1", None, False),  # the file overrides NO_COLOR
        ("color = 'never'\n", "", None, True),
        ("color = 'never'\n", "", "always", False),  # the command line overrides the file
    ],
)
def test_monochrome_follows_no_color_unless_overridden(
    tmp_path: Path, text: str, no_color: str, cli: str | None, monochrome: bool
) -> None:
    command_line = CommandLine(color="always" if cli else None)
    config = load_config(env(tmp_path, text, NO_COLOR=no_color), command_line)
    assert config.monochrome.value is monochrome


@pytest.mark.parametrize(
    ("environ", "ascii_only"),
    [
        ({"TERM": "linux"}, True),
        ({"TERM": "vt100"}, True),
        ({"TERM": "vt220"}, True),
        ({"TERM": "dumb"}, True),
        ({"LANG": "C"}, True),
        ({"LANG": "fr_CA.ISO-8859-1"}, True),
        ({"LANG": "fr_CA.UTF-8", "LC_ALL": "C"}, True),
        ({"LANG": "C", "LC_CTYPE": "C.utf8"}, False),  # LC_CTYPE outranks LANG
        ({"LANG": "C", "LC_ALL": "en_US.utf8"}, False),
        ({"TERM": "xterm", "LANG": "en_US.UTF-8"}, False),
    ],
)
def test_ascii_is_automatic_on_old_terminals_and_non_utf8_locales(
    tmp_path: Path, environ: dict[str, str], ascii_only: bool
) -> None:
    base = {"HOME": str(tmp_path), "TERM": "xterm-256color"}
    assert load_config({**base, **environ}).ascii_only.value is ascii_only


def test_python_s_own_c_utf8_coercion_is_not_a_utf8_locale(tmp_path: Path) -> None:
    environ = {"HOME": str(tmp_path), "TERM": "xterm", "LANG": "C", "LC_CTYPE": "C.UTF-8"}
    assert load_config(environ, c_locale_coerced=True).ascii_only.value is True
    assert load_config(environ, c_locale_coerced=False).ascii_only.value is False


def test_the_ascii_flag_and_the_file_override_detection(tmp_path: Path) -> None:
    forced = load_config(env(tmp_path, "ascii = false\n", TERM="linux"))
    assert forced.ascii_only.value is False
    flag = load_config(env(tmp_path, "ascii = false\n"), CommandLine(ascii=True))
    assert (flag.ascii_only.value, flag.ascii_only.source) == (True, "command line --ascii")


def test_describe_prints_every_value_with_its_source_inertly(tmp_path: Path) -> None:
    config = load_config(
        env(tmp_path, 'theme = "x\\u001b]52;c;aGk=\\u0007\\u202e"\n', NO_COLOR="1"),
        CommandLine(secure=True),
    )
    text = describe(config)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "⟨U+202E⟩" in text
    assert "secure = true" in text and "# command line --secure" in text
    assert "# in effect: monochrome true (environment NO_COLOR)" in text
    assert f"# config file {tmp_path / 'config.toml'}" in text


def test_config_does_not_import_textual() -> None:
    code = "import sys, briefing_tui.config; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False False"


def test_without_a_config_file_no_toml_reader_is_loaded(tmp_path: Path) -> None:
    """Most starts have no config file: reading none compiles no TOML parser (part of
    every first paint)."""
    script = (
        "import sys\n"
        "from briefing_tui.config import load_config\n"
        "config = load_config({'XDG_CONFIG_HOME': sys.argv[1]})\n"
        "print(config.file_found, 'tomllib' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == ["False", "False"]
