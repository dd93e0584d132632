"""Load briefing files: bytes -> YAML nodes -> typed ``Briefing`` + problems.

The only exception this module lets escape is ``BriefingLoadError`` (from
``load_briefing``); ``load_file`` and ``find_files`` never raise at all: every
failure becomes a ``Problem`` with a position.
"""

from __future__ import annotations

import os
import re
import stat
from functools import cache
from pathlib import Path

from ..collector import collector_paused
from ..format.problems import BriefingLoadError, Problem, problems_sorted
from ..format.result import FileResult
from ..format.types import Briefing
from .convert import Context, Converter, compile_type
from .files import find_files
from .rules import check_references
from .version import LOADER_VERSION
from .yaml_reader import Limits, read_yaml

__all__ = [
    "LOADER_VERSION",
    "FileResult",
    "find_files",
    "load_briefing",
    "load_bytes",
    "load_file",
    "load_standard_input",
    "read_file",
]

STDIN_NAME = "<stdin>"
"""The file name that messages give a briefing read from standard input."""


@cache
def _briefing_converter() -> Converter:
    """Compiled on first use, so importing the model stays cheap."""
    return compile_type(Briefing)


def _failure(path: str, message: str) -> FileResult:
    return FileResult(path, None, (Problem(path, 1, 1, "error", "", message),))


def load_bytes(path: str, data: bytes, limits: Limits | None = None) -> FileResult:
    """Load one briefing from bytes; ``path`` is used in messages only."""
    with collector_paused():
        return _load_bytes(path, data, limits or Limits())


def _load_bytes(path: str, data: bytes, limits: Limits) -> FileResult:
    try:
        read = read_yaml(path, data, limits)
        if read.node is None:
            return FileResult(path, None, problems_sorted(read.problems))
        ctx = Context(path, limits)
        briefing = _briefing_converter()(read.node, ctx, ())
        check_references(briefing if isinstance(briefing, Briefing) else None, ctx)
        ok = ctx.errors == 0 and isinstance(briefing, Briefing)
        return FileResult(path, briefing if ok else None, problems_sorted(ctx.problems))
    except RecursionError:
        return _failure(path, "the file is nested too deeply to read")
    except MemoryError:  # pragma: no cover - depends on the machine
        return _failure(path, "the file needs more memory than is available")
    except Exception as error:
        return _failure(path, f"internal error while loading ({type(error).__name__}: {error})")


def read_file(path: Path | str, limits: Limits) -> tuple[bytes, os.stat_result] | FileResult:
    """The one way a briefing file is read: its bytes and the ``fstat`` of what was read,
    or the failure to report. Refuses anything but a regular file, without blocking on
    FIFOs, and never reads more than ``limits.max_bytes + 1`` bytes."""
    shown = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return _failure(shown, "not a regular file (a device, FIFO or folder); skipped")
        if info.st_size > limits.max_bytes:
            return _failure(
                shown, f"the file is {info.st_size:,} bytes; the limit is {limits.max_bytes:,}"
            )
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # swapped after the stat
                return _failure(shown, "not a regular file; skipped")
            data = _read_at_most(fd, info.st_size, limits.max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as error:
        return _failure(shown, f"cannot read: {error.strerror or error}")
    except ValueError as error:  # a NUL byte in the path
        return _failure(shown, f"cannot read: {error}")
    return data, info


def load_file(path: Path | str, limits: Limits | None = None) -> FileResult:
    """Load one file (read by ``read_file``)."""
    limits = limits or Limits()
    read = read_file(path, limits)
    if isinstance(read, FileResult):
        return read
    return load_bytes(str(path), read[0], limits)


def load_standard_input(fd: int = 0, limits: Limits | None = None) -> FileResult:
    """Load one briefing piped in on ``fd`` (an editor's buffer), named ``<stdin>``."""
    limits = limits or Limits()
    try:
        data = _read_at_most(fd, 0, limits.max_bytes + 1)
    except OSError as error:
        return _failure(STDIN_NAME, f"cannot read: {error.strerror or error}")
    return load_bytes(STDIN_NAME, data, limits)


def id_position(path: str, briefing_id: str, limits: Limits | None = None) -> tuple[int, int]:
    """Line and column of the top-level ``id:`` value that declares ``briefing_id`` in
    the file at ``path``; (1, 1) when it cannot be read or found."""
    read = read_file(path, limits or Limits())
    if isinstance(read, FileResult):  # gone, or no longer a file it would load
        return (1, 1)
    data = read[0]
    quoted = re.escape(briefing_id.encode())
    found = re.search(rb"^(id:[ \t]*)(['\"]?)" + quoted + rb"\2[ \t]*(#.*)?\r?$", data, re.M)
    if found is None:
        return (1, 1)
    return (data.count(b"\n", 0, found.start()) + 1, len(found[1]) + 1)


def _read_at_most(fd: int, expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes: one read of the expected size, more only if the file grew."""
    chunks: list[bytes] = []
    total = 0
    want = min(expected + 1, limit)
    while total < limit:
        chunk = os.read(fd, min(want, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 1 << 16
    return b"".join(chunks)


def load_briefing(path: Path | str, limits: Limits | None = None) -> Briefing:
    """Load one file or raise ``BriefingLoadError`` with all its problems."""
    result = load_file(path, limits)
    if result.briefing is None:
        raise BriefingLoadError(result.errors or result.problems)
    return result.briefing
