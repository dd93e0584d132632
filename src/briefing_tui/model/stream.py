"""Stream a library's files as they load, for a UI that fills in as it goes.

This first version loads in this process, one file after another; the large-
library work replaces the inside (process pool, parse cache) behind the same
signature.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .loader import FileResult, find_files, load_file
from .problems import Problem
from .yaml_reader import Limits

__all__ = ["discover", "load_stream"]


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[FileResult]]:
    """The files to load under ``paths``, and the paths that could not be opened."""
    files: list[Path] = []
    failures: list[FileResult] = []
    for found in find_files(paths):
        if isinstance(found, Problem):
            failures.append(FileResult(found.path, None, (found,)))
        else:
            files.append(found)
    return files, failures


def load_stream(
    files: Iterable[Path],
    *,
    limits: Limits | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> Iterator[FileResult]:
    """Yield each file's result as soon as it is ready (any order)."""
    del use_cache, workers  # used by the parallel, cached implementation
    for path in files:
        yield load_file(path, limits)
