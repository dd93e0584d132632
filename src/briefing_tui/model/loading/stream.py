"""Stream a library's files as they load, for a UI that fills in as it goes.

``load_stream`` yields each file's ``FileResult`` as soon as it is ready. Files
whose parse is in the cache (``cache.py``) come first, decoded in this process
while worker processes (``workers.py``) parse the rest; a few files are parsed
here without starting any process. The cache never changes what is yielded: a
cached result equals the one a fresh parse gives.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Generator, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..format.result import FileResult
from .cache import FileKey, ParseCache, file_key
from .codec import Pieces, decode_pieces, encode_result, split_payload, take_stamps
from .files import walk_files
from .limits import Limits

if TYPE_CHECKING:
    from .workers import Job, Parsed, WorkerPool

__all__ = ["MAX_WORKERS", "POOL_THRESHOLD", "discover", "load_stream"]

POOL_THRESHOLD = 20
"""Fewer files than this to parse are parsed in this process: starting a worker
costs about as much as parsing twenty files."""


def discover(
    paths: Iterable[Path | str], found: dict[str, os.stat_result] | None = None
) -> tuple[list[str], list[FileResult]]:
    """The files to load under ``paths`` (``walk_files``), and the paths that could not be
    opened; with ``found``, each file's ``stat`` as it was found (for ``load_stream``)."""
    files: list[str] = []
    failures: list[FileResult] = []
    for file in walk_files(paths, found):
        if isinstance(file, str):
            files.append(file)
        else:
            failures.append(FileResult(file.path, None, (file,)))
    return files, failures


def load_stream(
    files: Iterable[Path | str],
    *,
    limits: Limits | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    cache_dir: Path | None = None,
    settle: Callable[[], None] | None = None,
    found: Mapping[str, os.stat_result] | None = None,
) -> Generator[FileResult, None, None]:
    """Yield each file's result as soon as it is ready (any order).

    ``use_cache=False`` neither reads nor writes the parse cache; ``cache_dir``
    replaces its default folder. ``workers`` is the number of worker processes
    (default: one per CPU, at most ``MAX_WORKERS``; 0 parses everything in this
    process). The cache is
    written after the last result has been yielded. ``close()`` the generator to
    stop early: its worker processes are stopped at once.

    Files parsed in this process are given out first; the index parts and cache
    entries made for them follow once every such file is out, after ``settle()``
    (the reader waits there until it has drawn what it was given).

    ``found`` (``discover``'s) gives the files' ``stat`` as they were found: the parse
    cache is looked up with it rather than with another ``stat`` of every file (a file
    changed since is read again by the watcher, which was handed the same).
    """
    paths = [os.fspath(file) for file in files]
    limits = limits or Limits()
    cache = ParseCache.open(cache_dir, limits) if use_cache else None
    hits: list[tuple[int, Pieces]] = []
    jobs: list[Job] = []
    given = found or {}
    for index, path in enumerate(paths):
        payload = _lookup(cache, path, given.get(path)) if cache is not None else None
        if payload is None:
            jobs.append((index, path))
        else:
            hits.append((index, payload))
    # Last path first, the files to parse as the cache hits: libraries name folders and
    # files by date, so the newest come first and the reader's list fills from the top,
    # each joining the end of it (no insertion before every row loaded so far).
    jobs.reverse()
    count = min(_available_cpus(), MAX_WORKERS) if workers is None else workers
    pool: WorkerPool | None = None
    if count > 0 and len(jobs) >= POOL_THRESHOLD:
        from .workers import WorkerPool  # the parser too: not for a warm start

        pool = WorkerPool(count, limits)
    try:
        if pool is not None:
            pool.submit(jobs)
            jobs = []
        for done, (index, pieces) in enumerate(reversed(hits)):
            path = paths[index]
            try:
                yield decode_pieces(path, pieces, limits)
            except msgspec.DecodeError:  # a damaged entry: parse the file again
                assert cache is not None
                cache.forget(path)
                if pool is not None:
                    pool.submit([(index, path)])
                else:
                    jobs.append((index, path))
            if pool is not None and done % 8 == 0:
                for parsed in pool.poll(0):  # keep the workers' pipes flowing
                    yield _accept(parsed, paths, cache, limits)
        kept: list[tuple[int, FileResult, FileKey]] = []
        if jobs:
            from .workers import add_index_part, parse_file
        for index, shown in jobs:
            # The results first; their index parts, made only for the cache to keep,
            # after them (190,000 tags: 0.7 s; the search index makes a part that is
            # missing).
            result, key = parse_file(shown, limits, index=False)
            yield result
            if cache is not None and key is not None:
                kept.append((index, result, key))
        if kept and settle is not None:
            settle()
        for index, result, key in kept:
            add_index_part(result)
            try:
                pieces = split_payload(encode_result(result))
            except ValueError:
                continue
            assert cache is not None
            cache.store(paths[index], key, pieces)
            take_stamps(result, pieces)  # given out already: set before the index is built
        while pool is not None and pool.pending:
            for parsed in pool.poll(None):
                yield _accept(parsed, paths, cache, limits)
    finally:
        if pool is not None:
            pool.close()
    if cache is not None:
        cache.save()


MAX_WORKERS = 8
"""The default number of workers is one per CPU, up to this: each worker holds
about 25 MB, and past a few the parent's decoding of their results is the limit."""


def _available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - not Linux


def _lookup(cache: ParseCache, path: str, info: os.stat_result | None) -> Pieces | None:
    if info is None:
        try:
            info = os.stat(path)
        except OSError:
            return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return cache.lookup(path, file_key(info))


def _accept(
    parsed: Parsed, paths: list[str], cache: ParseCache | None, limits: Limits
) -> FileResult:
    """A worker's answer as a ``FileResult``, remembered by the cache when it may be."""
    path = paths[parsed.index]
    if parsed.payload is None:
        assert parsed.result is not None
        return parsed.result
    try:
        pieces = split_payload(parsed.payload)
        result = decode_pieces(path, pieces, limits)
    except msgspec.DecodeError:  # pragma: no cover - the codec round-trips what it encodes
        from .loader import load_file

        return load_file(path, limits)
    if cache is not None and parsed.key is not None:
        cache.store(path, parsed.key, pieces)
    return result
