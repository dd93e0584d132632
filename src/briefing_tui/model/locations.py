"""Where briefing keeps its files, following the XDG base directory rules.

Pure: every function takes the environment as a mapping, so tests (and secure
mode, which must write nothing) can point it anywhere. Nothing here creates a
folder unasked; callers that write decide whether they may (``prepare_private_folder``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "CONFIG_ENV_VAR",
    "cache_dir",
    "config_path",
    "prepare_private_folder",
    "state_dir",
]

CONFIG_ENV_VAR = "BRIEFING_CONFIG"
"""The environment variable that names the configuration file directly."""

APP_FOLDER = "briefing"


def _home(environ: Mapping[str, str]) -> Path:
    home = environ.get("HOME")
    return Path(home) if home else Path.home()


def _xdg(environ: Mapping[str, str], variable: str, fallback: str) -> Path:
    """``$variable`` when it is an absolute path (the spec ignores relative ones)."""
    value = environ.get(variable, "")
    if value and Path(value).is_absolute():
        return Path(value)
    return _home(environ) / fallback


def config_path(environ: Mapping[str, str]) -> Path:
    """``$BRIEFING_CONFIG``, else ``$XDG_CONFIG_HOME/briefing/config.toml``."""
    override = environ.get(CONFIG_ENV_VAR, "")
    if override:
        return Path(override).expanduser()
    return _xdg(environ, "XDG_CONFIG_HOME", ".config") / APP_FOLDER / "config.toml"


def cache_dir(environ: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/briefing`` (default ``~/.cache/briefing``)."""
    return _xdg(environ, "XDG_CACHE_HOME", ".cache") / APP_FOLDER


def state_dir(environ: Mapping[str, str]) -> Path:
    """``$XDG_STATE_HOME/briefing`` (default ``~/.local/state/briefing``)."""
    return _xdg(environ, "XDG_STATE_HOME", ".local/state") / APP_FOLDER


def prepare_private_folder(folder: Path) -> bool:
    """Create ``folder`` as 0700, or check that an existing one is ours and private."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(folder, 0o700)
    except OSError:
        return False
    return True
