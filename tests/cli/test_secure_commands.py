"""Secure mode on the command line: a command neither reads nor writes the parse cache
(reading a cache file marks it used, a write), as the reader does not."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_support import SEED

from briefing_tui.cli import main

COMMANDS = [["search", "protest"], ["check"], ["entities"], ["timeline"], ["unread"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[argv[0] for argv in COMMANDS])
def test_a_command_in_secure_mode_leaves_the_cache_as_it_was(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(SEED, library)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "briefing"
    monkeypatch.setenv("BRIEFING_SECURE", "1")
    main([*command, str(library)])
    assert not cache.exists()
    monkeypatch.delenv("BRIEFING_SECURE")
    main([*command, str(library)])  # the same command writes the cache outside secure mode
    (written,) = [file for file in cache.iterdir() if not file.name.startswith("index-")]
    hour_ago = int(written.stat().st_mtime) - 3600
    os.utime(written, (hour_ago, hour_ago))
    before = written.read_bytes()
    monkeypatch.setenv("BRIEFING_SECURE", "1")
    main([*command, str(library)])
    assert written.stat().st_mtime == hour_ago and written.read_bytes() == before
