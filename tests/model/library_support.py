"""A small library on disk for the streaming and cache tests.

Four hand-written files (one broken, one with a warning) in ``<root>/data/`` plus
synthetic briefings from ``bench/generate.py`` in ``<root>/<year>/`` folders. Every
file's mtime is set a minute back: files modified within the last few seconds are
deliberately not cached (see ``cache.RACY_WINDOW_NS``).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from generator_support import load_generator

from briefing_tui.model import FileResult

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "library"


def make_library(root: Path, generated: int = 30) -> list[Path]:
    """Write the library under ``root``; its files in a stable order."""
    (root / "data").mkdir(parents=True)
    files = [Path(shutil.copy(source, root / "data")) for source in sorted(DATA.glob("*.yaml"))]
    made = load_generator().generate_library(root, briefings=generated, incidents=4, quotes=3)
    files += [Path(path) for path in made]
    age(*files)
    return sorted(files)


def age(*paths: Path, seconds: float = 60) -> None:
    """Set the files' mtime ``seconds`` back, out of the cache's racy window."""
    past = time.time() - seconds
    for path in paths:
        os.utime(path, (past, past))


def by_path(results: list[FileResult]) -> list[FileResult]:
    return sorted(results, key=lambda result: result.path)
