"""The files a library is made of: briefing files under the paths given, in a stable
order, and the key the parse cache and the watcher know each file by.

Light on purpose (no YAML): a warm start finds its files and reads the parse cache
without loading the YAML reader.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..format.problems import Problem

__all__ = ["FileKey", "file_key", "find_files", "walk_files"]

FileKey = tuple[int, int, int, int]
"""What must not change for a cached result to stand: size, mtime, ctime, inode."""


def file_key(info: os.stat_result) -> FileKey:
    """The cache key of a file from its ``stat``."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


_SUFFIXES = (".yaml", ".yml")


def find_files(paths: Iterable[Path | str]) -> Iterator[Path | Problem]:
    """Briefing files under ``paths``, recursively and in a stable order (``walk_files``,
    as ``Path`` objects)."""
    for found in walk_files(paths):
        yield Path(found) if isinstance(found, str) else found


def walk_files(
    paths: Iterable[Path | str], found: dict[str, os.stat_result] | None = None
) -> Iterator[str | Problem]:
    """Briefing files under ``paths``, recursively and in a stable order, each named as
    ``Path`` would (``./lib/a.yaml`` is ``lib/a.yaml``) without making one per file.

    Named files are yielded as they are (whatever their suffix); folders are
    walked for ``*.yaml``/``*.yml``, skipping hidden entries, surviving symlink
    loops (each real folder is visited once). Unreadable paths become problems.

    With ``found``, each file yielded whose ``stat`` works is put there as it is now
    (by its path): the parse cache and the watcher take it from there rather than
    each asking the file system for every file again.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        try:
            path = os.fspath(Path(given))
            info = os.stat(path)
        except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
            reason = getattr(error, "strerror", None) or error
            yield Problem(str(Path(given)), 1, 1, "error", "", f"cannot open: {reason}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, seen_dirs, found)
        else:
            if found is not None and stat.S_ISREG(info.st_mode):
                found[path] = info
            yield path


def _walk(
    folder: str,
    info: os.stat_result,
    seen: set[tuple[int, int]],
    found: dict[str, os.stat_result] | None,
) -> Iterator[str | Problem]:
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield Problem(folder, 1, 1, "error", "", f"cannot list: {error.strerror or error}")
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = name if folder == "." else entry.path  # as ``Path`` names it
        try:
            is_dir = entry.is_dir()
        except OSError as error:  # a symlink loop, say
            if name.endswith(_SUFFIXES):
                yield Problem(path, 1, 1, "error", "", f"cannot open: {error.strerror}")
            continue
        if is_dir:
            try:
                inside = entry.stat()
            except OSError:
                continue
            yield from _walk(path, inside, seen, found)
        elif name.endswith(_SUFFIXES):
            if found is not None:
                try:
                    found[path] = entry.stat()
                except OSError:
                    pass  # gone since listed: reading it says so
            yield path
