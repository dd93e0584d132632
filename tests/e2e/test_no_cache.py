"""``briefing --no-cache``: the reader neither reads nor writes the parse cache."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

from .pty_app import PtyApp, base_environment

BENCH = Path(__file__).resolve().parents[2] / "bench"


def library(folder: Path, briefings: int) -> Path:
    """Generated briefings, modified a minute ago (recent files are never cached)."""
    spec = importlib.util.spec_from_file_location("bench_generate_no_cache", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    past = time.time() - 60
    for path in module.generate_library(folder, briefings=briefings, incidents=2, quotes=1):
        os.utime(path, (past, past))
    return folder


def read_library(home: Path, *args: str) -> None:
    app = PtyApp(list(args), base_environment(home), cwd=home)
    app.wait_for(b"5 briefings")
    app.send(b"q")
    assert app.finish() == 0


def cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache" / "briefing").glob("*.msgpack"))


def test_no_cache_writes_no_cache_file_and_the_default_does(tmp_path: Path) -> None:
    folder = library(tmp_path / "library", briefings=5)
    home = tmp_path / "home"
    home.mkdir()
    read_library(home, "--no-cache", str(folder))
    assert cache_files(home) == []
    read_library(home, str(folder))
    assert len(cache_files(home)) >= 1
