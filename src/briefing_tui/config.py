"""The reader's configuration: a TOML file, the environment and the command line.

The file is ``$XDG_CONFIG_HOME/briefing/config.toml`` (``$BRIEFING_CONFIG``
overrides the path). It is read with :mod:`tomllib` and validated with msgspec
Structs that refuse unknown keys, so a typo is an error naming the key (and its
line), never silently ignored::

    paths = ["~/briefings"]
    theme = "textual-dark"
    color = "auto"          # auto (follow NO_COLOR) | never | always
    ascii = "auto"          # auto (TERM and locale) | true | false
    mouse = false
    secure = false
    linear = false          # one pane at a time, rows as sentences (screen readers)
    layout = "auto"         # auto (side by side from 160 columns) | stacked | side
    state = true            # keep the reading state (false: in memory only)
    state_max_tlp = "amber+strict"   # briefings marked above are never recorded
    watch = "poll"          # poll | off: see files change while the reader runs
    watch_interval = 1.0    # seconds between polls (0.2 to 60)

    [views]
    "Serious since 2024" = "severity:>=high after:2023 is:unread"

    [marking]
    floor_tlp = "amber"
    floor_classification = "PROTECTED A"
    levels = ["UNCLASSIFIED", "PROTECTED A", "PROTECTED B", "SECRET"]

    [keymap]
    "app.help" = "f1,question_mark"

Every effective value remembers where it came from (``default``, the file, the
environment or the command line) for ``briefing config``. Pure Python: no
Textual import, so the command line can use it cheaply.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TypeVar

import msgspec

from .model.locations import CONFIG_ENV_VAR, config_path
from .model.marking import DEFAULT_LEVELS, Marking, MarkingRules
from .model.sanitize import sanitize_block

__all__ = [
    "ASCII_TERMS",
    "CommandLine",
    "Config",
    "ConfigError",
    "LayoutChoice",
    "Setting",
    "config_where",
    "describe",
    "load_config",
    "marking_rules",
    "python_coerced_c_locale",
    "wants_ascii",
]

ColorChoice = Literal["auto", "never", "always"]
LayoutChoice = Literal["auto", "stacked", "side"]
"""A briefing's list and detail: one over the other, side by side, or by width."""
WatchChoice = Literal["poll", "off"]
TlpChoice = Literal["clear", "green", "amber", "amber+strict", "red"]

ASCII_TERMS = frozenset({"linux", "dumb", "vt52", "ansi", "cons25", "unknown"})
"""Terminals drawn in ASCII (also any ``vt1xx``/``vt2xx``/``vt3xx``)."""

_FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})

T = TypeVar("T")


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


class _MarkingFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    floor_tlp: TlpChoice | None = None
    floor_classification: str | None = None
    levels: list[str] | None = None


class _ConfigFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    paths: list[str] | None = None
    theme: str | None = None
    color: ColorChoice | None = None
    ascii: bool | Literal["auto"] | None = None
    mouse: bool | None = None
    secure: bool | None = None
    linear: bool | None = None
    layout: LayoutChoice | None = None
    state: bool | None = None
    state_max_tlp: TlpChoice | None = None
    watch: WatchChoice | None = None
    watch_interval: float | None = None
    views: dict[str, str] = msgspec.field(default_factory=dict)
    marking: _MarkingFile = msgspec.field(default_factory=_MarkingFile)
    keymap: dict[str, str] = msgspec.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """An effective value and where it came from."""

    value: T
    source: str = "default"


@dataclass(frozen=True, slots=True)
class CommandLine:
    """What the command line asked for (``None``: not given)."""

    secure: bool = False
    ascii: bool | None = None
    color: ColorChoice | None = None
    mouse: bool | None = None
    linear: bool = False
    no_state: bool = False


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration, every value with its source."""

    file: Path
    file_found: bool
    paths: Setting[tuple[Path, ...]] = Setting(())
    theme: Setting[str] = Setting("textual-dark")
    color: Setting[ColorChoice] = Setting("auto")
    ascii: Setting[bool | Literal["auto"]] = Setting("auto")
    mouse: Setting[bool] = Setting(False)
    secure: Setting[bool] = Setting(False)
    linear: Setting[bool] = Setting(False)
    """One pane at a time, no borders or glyph art, rows read as sentences."""
    layout: Setting[LayoutChoice] = Setting("auto")
    state: Setting[bool] = Setting(True)
    """Keep the reading state on disk (never in secure mode)."""
    state_max_tlp: Setting[TlpChoice] = Setting("amber+strict")
    watch: Setting[WatchChoice] = Setting("poll")
    watch_interval: Setting[float] = Setting(1.0)
    views: Setting[dict[str, str]] = field(default_factory=lambda: Setting({}))
    """Saved views (watch lists): name -> query."""
    floor_tlp: Setting[TlpChoice] = Setting("clear")
    floor_classification: Setting[str] = Setting("")
    levels: Setting[tuple[str, ...]] = Setting(DEFAULT_LEVELS)
    keymap: Setting[dict[str, str]] = field(default_factory=lambda: Setting({}))
    monochrome: Setting[bool] = Setting(False)
    """Derived from ``color`` and ``NO_COLOR``."""
    ascii_only: Setting[bool] = Setting(False)
    """Derived from ``ascii``, ``TERM`` and the locale."""


def marking_rules(config: Config) -> MarkingRules:
    """The site's floor and levels, for every output that carries a banner."""
    floor = Marking(config.floor_tlp.value, config.floor_classification.value)
    return MarkingRules(floor, config.levels.value)


def python_coerced_c_locale() -> bool:
    """Whether Python replaced a C/POSIX locale by C.UTF-8 at start-up (PEP 538/540).

    It then sets ``LC_CTYPE=C.UTF-8`` in its own environment, which says nothing
    about the terminal: the user's locale was C. (A user's own ``LC_CTYPE=C.UTF-8``
    leaves UTF-8 mode off.)
    """
    return (
        bool(sys.flags.utf8_mode)
        and "PYTHONUTF8" not in os.environ
        and ("utf8" not in sys._xoptions)
    )


def wants_ascii(environ: Mapping[str, str], *, c_locale_coerced: bool = False) -> str | None:
    """Why this terminal needs ASCII output (``TERM=linux``...), or None if it doesn't.

    With ``c_locale_coerced`` (see ``python_coerced_c_locale``) ``LC_CTYPE=C.UTF-8``
    is Python's doing and is not taken as the user's locale.
    """
    term = environ.get("TERM", "")
    if term in ASCII_TERMS or re.fullmatch(r"vt[123]\d\d.*", term):
        return f"environment TERM={term}"
    for variable in ("LC_ALL", "LC_CTYPE", "LANG"):
        if variable == "LC_CTYPE" and c_locale_coerced and environ.get(variable) == "C.UTF-8":
            continue
        value = environ.get(variable, "")
        if value:
            if re.search(r"utf-?8", value, re.IGNORECASE):
                return None
            return f"environment {variable}={value} (not UTF-8)"
    return "environment: no LC_ALL, LC_CTYPE or LANG (C locale)"


def _line_of(text: str, path: tuple[str, ...]) -> int | None:
    """Best effort: the line of the key at ``path`` (``("marking", "levels")``)."""
    lines = text.splitlines()
    start, keys = 0, list(path)
    if len(keys) > 1:
        table = keys[0]
        for number, line in enumerate(lines):
            if re.match(rf"\s*\[\s*\"?{re.escape(table)}\"?\s*\]", line):
                start, keys = number + 1, keys[1:]
                break
    key = keys[0]
    pattern = re.compile(rf"\s*(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*[=.]")
    for number in range(start, len(lines)):
        if pattern.match(lines[number]):
            return number + 1
    return None


def _parse(file: Path, text: str) -> _ConfigFile:
    import tomllib  # only with a config file: its regular expressions cost a first paint

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{file}: not valid TOML: {error}") from None
    try:
        return msgspec.convert(data, _ConfigFile)
    except msgspec.ValidationError as error:
        message = str(error)
        found = re.search(r"at `\$((?:\.\w+|\[\d+\])*)`", message)
        keys = tuple(re.findall(r"\.(\w+)", found.group(1))) if found else ()
        unknown = re.match(r"Object contains unknown field `(\w+)`", message)
        if unknown:
            keys = (*keys, unknown.group(1))
            message = "unknown key (see `briefing config` for the known keys)"
        else:
            # Fields are optional in the Struct; TOML itself has no null.
            message = message.split(" - at ")[0].replace(" | null", "")
        raise ConfigError(f"{_where(file, text, keys)}: {message}") from None


def _where(file: Path, text: str, keys: tuple[str, ...]) -> str:
    """``/path/config.toml:12: marking.levels`` (the line when it can be found)."""
    line = _line_of(text, keys) if keys else None
    return f"{file}:{line}: {'.'.join(keys)}" if line else f"{file}: {'.'.join(keys) or 'config'}"


def config_where(config: Config, keys: tuple[str, ...]) -> str:
    """``/path/config.toml:12: keymap.list.down``: where a key of ``config`` was set
    (its line when the file can be read and the key found)."""
    try:
        text = config.file.read_text(encoding="utf-8") if config.file_found else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    return _where(config.file, text, keys)


def _check_levels(levels: list[str], where: str) -> tuple[str, ...]:
    cleaned = tuple(" ".join(level.upper().split()) for level in levels)
    if not cleaned or any(not level or "//" in level for level in cleaned):
        raise ConfigError(f"{where}: each level must be non-empty, without //")
    if len(set(cleaned)) != len(cleaned):
        raise ConfigError(f"{where}: a level is listed twice")
    return cleaned


def load_config(
    environ: Mapping[str, str],
    command_line: CommandLine | None = None,
    *,
    c_locale_coerced: bool = False,
) -> Config:
    """The effective configuration; raises ``ConfigError`` with a clear message.

    ``c_locale_coerced``: pass ``python_coerced_c_locale()`` with ``os.environ``.
    """
    cli = command_line or CommandLine()
    file = config_path(environ)
    try:
        text = file.read_text(encoding="utf-8")
        found = True
    except FileNotFoundError:
        text, found = "", False
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{file}: cannot read the configuration: {error}") from None
    parsed = _parse(file, text) if text.strip() else _ConfigFile()
    origin = f"config file {file}"
    if CONFIG_ENV_VAR in environ and environ[CONFIG_ENV_VAR] and not found:
        raise ConfigError(f"{file}: no such file (named by ${CONFIG_ENV_VAR})")

    def pick(value: T | None, default: Setting[T]) -> Setting[T]:
        return default if value is None else Setting(value, origin)

    base = Config(file=file, file_found=found)
    paths = base.paths
    if parsed.paths is not None:
        paths = Setting(tuple(_resolve(entry, file) for entry in parsed.paths), origin)
    secure = pick(parsed.secure, base.secure)
    env_secure = environ.get("BRIEFING_SECURE", "")
    if cli.secure:
        secure = Setting(True, "command line --secure")
    elif env_secure.strip().lower() not in _FALSE_WORDS:
        secure = Setting(True, f"environment BRIEFING_SECURE={env_secure}")
    if parsed.secure:  # a flag or the environment can never turn it off
        secure = Setting(True, origin)
    color = pick(parsed.color, base.color)
    if cli.color is not None:
        color = Setting(cli.color, "command line --color")
    monochrome = Setting(color.value == "never", color.source)
    if color.value == "auto" and environ.get("NO_COLOR", ""):
        monochrome = Setting(True, "environment NO_COLOR")
    ascii_choice = pick(parsed.ascii, base.ascii)
    if cli.ascii is not None:
        ascii_choice = Setting(cli.ascii, "command line --ascii")
    ascii_only = Setting(ascii_choice.value is True, ascii_choice.source)
    if ascii_choice.value == "auto":
        reason = wants_ascii(environ, c_locale_coerced=c_locale_coerced)
        ascii_only = Setting(reason is not None, reason or "environment: UTF-8 locale and terminal")
    mouse = pick(parsed.mouse, base.mouse)
    if cli.mouse:
        mouse = Setting(True, "command line --mouse")
    linear = pick(parsed.linear, base.linear)
    env_linear = environ.get("BRIEFING_LINEAR", "")
    if cli.linear:
        linear = Setting(True, "command line --linear")
    elif env_linear.strip():
        wanted = env_linear.strip().lower() not in _FALSE_WORDS
        linear = Setting(wanted, f"environment BRIEFING_LINEAR={env_linear}")
    marking = parsed.marking
    levels = base.levels
    if marking.levels is not None:
        where = _where(file, text, ("marking", "levels"))
        levels = Setting(_check_levels(marking.levels, where), origin)
    floor_classification = pick(marking.floor_classification, base.floor_classification)
    floor_level = floor_classification.value.partition("//")[0]
    if floor_level.strip() and " ".join(floor_level.upper().split()) not in levels.value:
        where = _where(file, text, ("marking", "floor_classification"))
        raise ConfigError(
            f"{where}: {floor_level.strip()!r} is not one of the levels ({', '.join(levels.value)})"
        )
    state = pick(parsed.state, base.state)
    if cli.no_state:
        state = Setting(False, "command line --no-state")
    if secure.value:
        state = Setting(False, f"secure mode ({secure.source})")
    interval = pick(parsed.watch_interval, base.watch_interval)
    if not 0.2 <= interval.value <= 60:
        where = _where(file, text, ("watch_interval",))
        raise ConfigError(f"{where}: must be between 0.2 and 60 seconds")
    return Config(
        file=file,
        file_found=found,
        paths=paths,
        state=state,
        state_max_tlp=pick(parsed.state_max_tlp, base.state_max_tlp),
        watch=pick(parsed.watch, base.watch),
        watch_interval=interval,
        views=Setting(parsed.views, origin) if parsed.views else base.views,
        theme=pick(parsed.theme, base.theme),
        color=color,
        ascii=ascii_choice,
        mouse=mouse,
        secure=secure,
        linear=linear,
        layout=pick(parsed.layout, base.layout),
        floor_tlp=pick(marking.floor_tlp, base.floor_tlp),
        floor_classification=floor_classification,
        levels=levels,
        keymap=Setting(parsed.keymap, origin) if parsed.keymap else base.keymap,
        monochrome=monochrome,
        ascii_only=ascii_only,
    )


def _resolve(entry: str, file: Path) -> Path:
    """A library path from the file: ``~`` expanded, relative to the file's folder."""
    path = Path(entry).expanduser()
    return path if path.is_absolute() else file.parent / path


def _toml_value(value: object) -> str:
    """``value`` written as TOML (strings JSON-quoted: controls become escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _paths_source(config: Config) -> str:
    if config.paths.value:
        return config.paths.source
    return "default: $BRIEFING_PATH, else ./briefings, else the samples"


def describe(config: Config) -> str:
    """The effective configuration as TOML, each value commented with its source.

    Strings are quoted (controls escaped) and then sanitised, so a hostile
    config file cannot put a bidi override or an escape on the terminal.
    """
    status = "" if config.file_found else "  (not found: defaults apply)"
    rows: list[tuple[str, object, str]] = [
        ("paths", [str(path) for path in config.paths.value], _paths_source(config)),
        ("theme", config.theme.value, config.theme.source),
        ("color", config.color.value, config.color.source),
        ("ascii", config.ascii.value, config.ascii.source),
        ("mouse", config.mouse.value, config.mouse.source),
        ("secure", config.secure.value, config.secure.source),
        ("linear", config.linear.value, config.linear.source),
        ("layout", config.layout.value, config.layout.source),
        ("state", config.state.value, config.state.source),
        ("state_max_tlp", config.state_max_tlp.value, config.state_max_tlp.source),
        ("watch", config.watch.value, config.watch.source),
        ("watch_interval", config.watch_interval.value, config.watch_interval.source),
    ]
    lines = [f"# configuration file: {config.file}{status}"]
    width = 40

    def add(key: str, value: object, source: str) -> None:
        bare = re.fullmatch(r"[A-Za-z0-9_-]+", key)
        line = f"{key if bare else json.dumps(key, ensure_ascii=False)} = {_toml_value(value)}"
        lines.append(f"{line:<{width}} # {source}")

    for key, value, source in rows:
        add(key, value, source)
    monochrome, ascii_only = config.monochrome, config.ascii_only
    lines.append(f"# in effect: monochrome {_toml_value(monochrome.value)} ({monochrome.source})")
    lines.append(f"# in effect: ascii {_toml_value(ascii_only.value)} ({ascii_only.source})")
    lines += ["", "[views]" + ("" if config.views.value else f"  # {config.views.source}")]
    for name, query in config.views.value.items():
        add(name, query, config.views.source)
    lines += ["", "[marking]"]
    add("floor_tlp", config.floor_tlp.value, config.floor_tlp.source)
    add("floor_classification", config.floor_classification.value,
        config.floor_classification.source)  # fmt: skip
    add("levels", list(config.levels.value), config.levels.source)
    lines += ["", "[keymap]" + ("" if config.keymap.value else f"  # {config.keymap.source}")]
    for binding_id, keys in sorted(config.keymap.value.items()):
        add(binding_id, keys, config.keymap.source)
    return "\n".join(sanitize_block(line) for line in lines) + "\n"
