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

A cache file is ``BRFC``, the length of its head section (4 bytes, little-endian), the
head section (msgpack: version, limits, folder, and per file its name, key, encoded
header and problems, and the lengths of its index part and briefing), then every file's
index part and briefing one after another. Only the head section is read at start; a
part or a briefing is read from the file when asked for (``FileBlob``: a few files kept
open, each checked to be the very file read first), so a library's memory does not hold
its cache. Results parsed meanwhile live in memory until the cache file is written, then
are read from it too (``Region.move``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
import struct
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import msgspec

from ..locations import cache_dir, prepare_private_folder
from .codec import Pieces, Region
from .files import FileKey, file_key
from .limits import Limits
from .version import LOADER_VERSION

__all__ = [
    "RACY_WINDOW_NS",
    "UNUSED_DAYS",
    "FileKey",
    "ParseCache",
    "default_cache_dir",
    "file_key",
    "prepare_private_folder",
]

UNUSED_DAYS: Final = 30
"""A folder's cache file not read or written for this long is deleted."""

RACY_WINDOW_NS: Final = 3_000_000_000
"""A file modified this recently (ns) is not cached: a write in the same clock tick
as our read would leave its mtime unchanged (file systems count in coarse ticks)."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/briefing``, or ``~/.cache/briefing`` (XDG: relative values are ignored)."""
    return cache_dir(os.environ)


OPEN_FILES: Final = 32
"""Cache files kept open for reading parts and briefings (the least recently read closed)."""
_START = struct.Struct("<4sI")
_MAGIC = b"BRFC"


class _Entry(msgspec.Struct, array_like=True, frozen=True, gc=False):
    name: str
    key: FileKey
    head: msgspec.Raw
    """The header and problems (``codec``)."""
    part: int
    """The length of the index part, stored after the head section."""
    body: int
    """The length of the briefing, stored after its index part."""


_open: OrderedDict[FileBlob, int] = OrderedDict()
_open_lock = threading.Lock()


class FileBlob:
    """A cache file, read from at offsets: opened when first read (and kept open among
    the last ``OPEN_FILES`` read), always checked to be the same file (device, inode,
    size) as when its head section was read; ``OSError`` otherwise."""

    __slots__ = ("identity", "path")

    def __init__(self, path: Path, identity: tuple[int, int, int]) -> None:
        self.path = path
        self.identity = identity

    def keep_open(self, fd: int) -> None:
        """Use ``fd`` (this very file, open for reading) for the next reads."""
        with _open_lock:
            self._remember(fd)

    def _remember(self, fd: int) -> None:
        _open[self] = fd
        if len(_open) > OPEN_FILES:
            _, oldest = _open.popitem(last=False)
            os.close(oldest)

    def read(self, at: int, size: int) -> bytes:
        with _open_lock:  # not closed by another thread while read
            fd = _open.get(self)
            if fd is None:
                fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
                info = os.fstat(fd)
                if (info.st_dev, info.st_ino, info.st_size) != self.identity:
                    os.close(fd)
                    raise OSError(f"{self.path} is no longer the cache file read")
                self._remember(fd)
            else:
                _open.move_to_end(self)
            data = os.pread(fd, size, at)
        if len(data) != size:
            raise OSError(f"{self.path}: {size} bytes expected at {at}")
        return data


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
    entries: dict[str, tuple[FileKey, Pieces]]
    changed: bool
    seen: set[str] = field(default_factory=set)


class SpoolBlob:
    """Where results parsed meanwhile wait for the cache file to be written: a private
    temporary file in the cache folder (0600, removed at once: nothing to clean up), so a
    cold start of 20,000 files does not hold their bytes in memory."""

    __slots__ = ("_end", "_fd")

    def __init__(self, folder: Path) -> None:
        name = folder / f".spool.{secrets.token_hex(6)}.tmp"
        self._fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.unlink(name)
        self._end = 0

    def append(self, data: bytes | memoryview) -> int:
        """Write ``data`` at the end; its offset."""
        at = self._end
        written = 0
        while written < len(data):
            written += os.pwrite(self._fd, data[written:], at + written)
        self._end += written
        return at

    def read(self, at: int, size: int) -> bytes:
        data = os.pread(self._fd, size, at)
        if len(data) != size:
            raise OSError(f"the spool: {size} bytes expected at {at}")
        return data

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


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
        self._parents: dict[str, _Folder] = {}
        """A file's folder as its path names it -> its cache (no ``abspath`` per file)."""
        self._spool: SpoolBlob | None = None
        self._spool_failed = False

    @classmethod
    def open(cls, folder: Path | None, limits: Limits) -> ParseCache | None:
        """A cache in ``folder`` (default: ``default_cache_dir()``), or None if unusable."""
        folder = folder or default_cache_dir()
        return cls(folder, limits) if prepare_private_folder(folder) else None

    def lookup(self, path: Path | str, key: FileKey) -> Pieces | None:
        """The cached result of ``path`` (for ``decode_pieces``) if its key still matches."""
        shown = os.fspath(path)
        folder, slash, name = shown.rpartition(os.sep)
        cached = self._parents.get(folder + slash) or self._folder_of(shown)
        cached.seen.add(name)
        entry = cached.entries.get(name)
        if entry is None:
            return None
        if entry[0] != key:
            del cached.entries[name]
            cached.changed = True
            return None
        return entry[1]

    def store(self, path: Path | str, key: FileKey, pieces: Pieces) -> None:
        """Remember a freshly parsed result (``split_payload`` of ``encode_result``); its
        regions move into the cache file when it is written."""
        cached = self._folder_of(path)
        name = os.path.basename(path)
        cached.seen.add(name)
        head, part, body = pieces
        self._spool_out(part, body)
        cached.entries[name] = (key, (bytes(head), part, body))
        cached.changed = True

    def _spool_out(self, *regions: Region) -> None:
        """Move ``regions`` (in memory) to the spool file, if one can be made."""
        if self._spool is None and not self._spool_failed:
            try:
                self._spool = SpoolBlob(self.folder)
            except OSError:
                self._spool_failed = True  # kept in memory until written, as they are
        if self._spool is None:
            return
        try:
            for region in regions:
                region.move(self._spool, self._spool.append(region.read()))
        except OSError:
            pass  # the region not moved stays in memory

    def forget(self, path: Path | str) -> None:
        """Drop the entry of ``path`` (its payload did not decode)."""
        cached = self._folder_of(path)
        if cached.entries.pop(os.path.basename(path), None) is not None:
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

    def _folder_of(self, path: Path | str) -> _Folder:
        shown = os.fspath(path)
        folder, slash, _ = shown.rpartition(os.sep)
        cached = self._parents.get(folder + slash)
        if cached is None:
            cached = self._parents[folder + slash] = self._folder_at(shown)
        return cached

    def _folder_at(self, path: str) -> _Folder:
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
        empty = _Folder(real, file, {}, changed=True)
        try:
            fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return empty
        try:
            magic, size = _START.unpack(os.pread(fd, _START.size, 0))
            decoded = _decoder.decode(os.pread(fd, size, _START.size))
            info = os.fstat(fd)
        except (OSError, struct.error, msgspec.DecodeError):
            os.close(fd)
            return empty
        if magic != _MAGIC or (decoded.version, decoded.limits, decoded.folder) != (
            LOADER_VERSION,
            self._limits,
            real,
        ):
            os.close(fd)
            return empty
        blob = FileBlob(file, (info.st_dev, info.st_ino, info.st_size))
        at = _START.size + size
        entries: dict[str, tuple[FileKey, Pieces]] = {}
        for entry in decoded.entries:
            part = Region(blob, at, entry.part)
            body = Region(blob, at + entry.part, entry.body)
            at += entry.part + entry.body
            entries[entry.name] = (entry.key, (entry.head, part, body))
        if at != info.st_size or min((e.part for e in decoded.entries), default=0) < 0:
            os.close(fd)  # cut short, or lengths that do not add up: not trusted
            return empty
        blob.keep_open(fd)
        try:
            os.utime(file)  # marks it as in use (see ``_expire``)
        except OSError:
            pass
        return _Folder(real, file, entries, False)

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
        """Write the folder's cache file (to a temporary name, then renamed), one entry's
        bytes at a time; then every entry's regions are read from the new file."""
        named = list(cached.entries.items())
        rows = tuple(
            _Entry(name, key, msgspec.Raw(bytes(head)), part.size, body.size)
            for name, (key, (head, part, body)) in named
        )
        head_section = _encoder.encode(_FolderFile(LOADER_VERSION, self._limits, cached.real, rows))
        temporary = cached.file.with_name(f".{cached.file.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(_START.pack(_MAGIC, len(head_section)))
                handle.write(head_section)
                for _, (_, (_, part, body)) in named:
                    handle.write(part.read())
                    handle.write(body.read())
            info = os.fstat(fd)
            os.replace(temporary, cached.file)
        except OSError:
            os.close(fd)
            try:
                os.unlink(temporary)
            except OSError:
                pass
            return
        blob = FileBlob(cached.file, (info.st_dev, info.st_ino, info.st_size))
        blob.keep_open(fd)
        at = _START.size + len(head_section)
        for _, (_, (_, part, body)) in named:
            part.move(blob, at)
            body.move(blob, at + part.size)
            at += part.size + body.size
