"""Hermetic tests: no test reads the user's config or writes the user's cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point XDG cache, config and state folders at fresh empty folders."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        folder = Path(home, name.lower())
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    for name in ("BRIEFING_CONFIG", "BRIEFING_PATH", "BRIEFING_SECURE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
