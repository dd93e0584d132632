"""The parse cache: results of files already read, so a second start skips YAML.

One cache file per folder of briefings, named by a hash of the folder's real path,
in ``$XDG_CACHE_HOME/briefing/`` (default ``~/.cache/briefing/``). Each entry is
keyed by the file's name, size, mtime, ctime and inode: any write, rename over,
``touch`` or ``chmod`` makes the key differ and the file is read again. A cache file
made by another ``LOADER_VERSION`` or with other ``Limits``, or one that does not
decode, is ignored and rewritten; nothing about the cache is ever shown to the user.
Entries of deleted files are dropped, and a cache file nobody has read for
``UNUSED_DAYS`` (its folder was moved or deleted) is removed.

The folder is created with mode 0700 and files are written with mode 0600 (to a
temporary name, then renamed). A folder owned by someone else is not used at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import msgspec

from ..locations import cache_dir, prepare_private_folder
from .codec import Payload
from .loader import LOADER_VERSION
from .yaml_reader import Limits

__all__ = [
    "RACY_WINDOW_NS",
    "UNUSED_DAYS",
    "FileKey",
    "ParseCache",
    "default_cache_dir",
    "file_key",
    "prepare_private_folder",
]

FileKey = tuple[int, int, int, int]
"""What must not change for a cached result to stand: size, mtime, ctime, inode."""

UNUSED_DAYS: Final = 30
"""A folder's cache file not read or written for this long is deleted."""

RACY_WINDOW_NS: Final = 3_000_000_000
"""A file modified this recently (ns) is not cached: a write in the same clock tick
as our read would leave its mtime unchanged (file systems count in coarse ticks)."""


def file_key(info: os.stat_result) -> FileKey:
    """The cache key of a file from its ``stat``."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/briefing``, or ``~/.cache/briefing`` (XDG: relative values are ignored)."""
    return cache_dir(os.environ)


class _Entry(msgspec.Struct, array_like=True, frozen=True, gc=False):
    name: str
    key: FileKey
    payload: msgspec.Raw


class _FolderFile(msgspec.Struct, array_like=True, frozen=True, gc=False):
    version: int
    limits: tuple[int, ...]
    folder: str
    entries: tuple[_Entry, ...]


_decoder = msgspec.msgpack.Decoder(_FolderFile)
_encoder = msgspec.msgpack.Encoder()


@dataclass(slots=True)
class _Folder:
    """The cache of one folder of briefings, as read and as it will be written."""

    real: str
    file: Path
    entries: dict[str, _Entry]
    changed: bool
    seen: set[str] = field(default_factory=set)


class ParseCache:
    """Cached results for files, looked up by path and ``FileKey``; see the module doc.

    Use ``lookup`` for each file, ``store`` each freshly parsed result, then ``save``.
    Not thread-safe: one loader uses one instance.
    """

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self._limits = dataclasses.astuple(limits)
        self._real: dict[str, str] = {}
        """Folder as given -> its real path (two paths may name one folder)."""
        self._folders: dict[str, _Folder] = {}
        """Real path of a folder -> its cache."""

    @classmethod
    def open(cls, folder: Path | None, limits: Limits) -> ParseCache | None:
        """A cache in ``folder`` (default: ``default_cache_dir()``), or None if unusable."""
        folder = folder or default_cache_dir()
        return cls(folder, limits) if prepare_private_folder(folder) else None

    def lookup(self, path: Path, key: FileKey) -> Payload | None:
        """The cached payload of ``path`` if its key still matches."""
        cached = self._folder_of(path)
        name = path.name
        cached.seen.add(name)
        entry = cached.entries.get(name)
        if entry is None:
            return None
        if entry.key != key:
            del cached.entries[name]
            cached.changed = True
            return None
        return entry.payload

    def store(self, path: Path, key: FileKey, payload: bytes) -> None:
        """Remember a freshly parsed result (``payload`` from ``encode_result``)."""
        cached = self._folder_of(path)
        cached.seen.add(path.name)
        cached.entries[path.name] = _Entry(path.name, key, msgspec.Raw(payload))
        cached.changed = True

    def forget(self, path: Path) -> None:
        """Drop the entry of ``path`` (its payload did not decode)."""
        cached = self._folder_of(path)
        if cached.entries.pop(path.name, None) is not None:
            cached.changed = True

    def save(self) -> None:
        """Write every folder's cache that changed; entries of deleted files are dropped.

        Cache files unused for ``UNUSED_DAYS`` (a folder moved or deleted) are removed.
        """
        for cached in self._folders.values():
            self._prune(cached)
            if cached.changed:
                self._write(cached)
                cached.changed = False
        self._expire()

    def _folder_of(self, path: Path) -> _Folder:
        parent = os.path.dirname(os.path.abspath(path))
        real = self._real.get(parent)
        if real is None:
            real = self._real[parent] = os.path.realpath(parent)
        cached = self._folders.get(real)
        if cached is None:
            cached = self._folders[real] = self._read(real)
        return cached

    def _read(self, real: str) -> _Folder:
        digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:32]
        file = self.folder / f"{digest}.msgpack"
        try:
            with open(file, "rb") as handle:
                decoded = _decoder.decode(handle.read())
        except (OSError, msgspec.DecodeError):
            return _Folder(real, file, {}, changed=True)
        if (decoded.version, decoded.limits, decoded.folder) != (
            LOADER_VERSION,
            self._limits,
            real,
        ):
            return _Folder(real, file, {}, changed=True)
        try:
            os.utime(file)  # marks it as in use (see ``_expire``)
        except OSError:
            pass
        return _Folder(real, file, {entry.name: entry for entry in decoded.entries}, False)

    def _prune(self, cached: _Folder) -> None:
        unseen = cached.entries.keys() - cached.seen
        if not unseen:
            return
        try:
            present = set(os.listdir(cached.real))
        except OSError:
            present = set()
        for name in unseen - present:
            del cached.entries[name]
            cached.changed = True

    def _expire(self) -> None:
        oldest = time.time() - UNUSED_DAYS * 86_400
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if not entry.name.endswith((".msgpack", ".tmp")):
                continue
            try:
                if entry.stat(follow_symlinks=False).st_mtime < oldest:
                    os.unlink(entry.path)
            except OSError:
                pass

    def _write(self, cached: _Folder) -> None:
        body = _FolderFile(
            LOADER_VERSION, self._limits, cached.real, tuple(cached.entries.values())
        )
        temporary = cached.file.with_name(f".{cached.file.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_encoder.encode(body))
            os.replace(temporary, cached.file)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
