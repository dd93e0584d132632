"""The reading state kept on disk: an append-only log of records, compacted on exit.

Why a log and not SQLite: the state must merge across machines (``briefing state
merge``) and survive ``kill -9``. A log of :class:`~.records.BriefingRecord` events
whose fold is the state gives both at once: merging is folding two logs, a killed
writer leaves at most one torn record at the end (dropped on the next read), and the
format is ours to validate like any other untrusted file. SQLite's WAL would bring
crash safety but not merging, and a synced or copied database file is a known source
of corruption. One file, ``state.log`` in ``$XDG_STATE_HOME/briefing/``::

    header  b"BRFSTATE" + version (2 bytes, big-endian)
    frame   length (4 bytes) + CRC-32 of the payload (4) + CRC-32 of those 8 bytes (4)
            + payload: b"S" + a snapshot (msgpack: every briefing's record, as compacted)
                    or b"E" + one event (msgpack: a record laid over the state)

A compacted log is the header and one snapshot frame, whose records are decoded only
when a briefing is asked about: a state of 20,000 briefings opens in one decode call.

Every change is appended at once, under an exclusive ``flock`` of ``state.lock``,
by opening the file by name (so an append never lands in a file compacted away).
Before appending, a writer reads what other processes appended since it last looked
(two readers open at once lose no mark) and cuts off a torn frame a killed writer
left. Compacting writes the folded state to a temporary file and renames it over the
log. The folder is 0700 and the files 0600; a log that is a symlink, not a regular
file, owned by someone else, torn anywhere but in an event at its end (every log
begins with a whole snapshot), undecodable or of a newer version is never trusted:
it is renamed aside (``state.log.untrusted-...``), the state starts empty and
:attr:`StateStore.notice` says so, once. A read-only store (for ``briefing search``)
writes nothing: it ignores such a file instead.

Only ids, content hashes, flag letters and times are stored (see ``records.py``).
"""

from __future__ import annotations

import fcntl
import os
import stat
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import msgspec

from ..locations import prepare_private_folder
from .records import BriefingRecord, apply, merge

__all__ = [
    "LOG_NAME",
    "STATE_VERSION",
    "ReadingState",
    "StateError",
    "StateStore",
    "read_log",
]

STATE_VERSION: Final = 1
LOG_NAME: Final = "state.log"
LOCK_NAME: Final = "state.lock"
COMPACT_AFTER: Final = 1000
"""Events in the log at start that make it compacted then (a reader was killed)."""
MAGIC: Final = b"BRFSTATE"
_HEADER = MAGIC + struct.pack(">H", STATE_VERSION)
_FRAME = struct.Struct(">III")
_HEAD = struct.Struct(">II")
_MAX_FRAME = 256 * 1024 * 1024
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(BriefingRecord)
_EVENT, _SNAPSHOT = b"E", b"S"


class _Snapshot(msgspec.Struct, array_like=True, gc=False):
    last: int
    """The latest time of any event folded in (a clock set back still moves on)."""
    records: list[tuple[str, msgspec.Raw]]
    """Briefing id -> its encoded record."""


_snapshot_decoder = msgspec.msgpack.Decoder(_Snapshot)

Clock = Callable[[], int]


class StateError(Exception):
    """A state file that cannot be trusted; the message says why."""


class ReadingState:
    """Records by briefing id, folded in memory (secure mode keeps only this)."""

    def __init__(self, clock: Clock = time.time_ns) -> None:
        self._records: dict[str, BriefingRecord] = {}
        self._raw: dict[str, msgspec.Raw] = {}
        """Records as read from a snapshot, decoded when first asked for."""
        self.clock = clock
        self.version = 0
        """Changes on every change of the records (caches compare it)."""
        self.notice: str | None = None
        """Something to tell the user once (a state file set aside)."""
        self.kept = False
        """Whether the state outlives the process."""
        self._last = 0

    def get(self, briefing_id: str) -> BriefingRecord | None:
        raw = self._raw.pop(briefing_id, None)
        if raw is not None:
            self._records[briefing_id] = _decoder.decode(raw)
        return self._records.get(briefing_id)

    @property
    def records(self) -> dict[str, BriefingRecord]:
        """Every record, decoded."""
        for briefing_id in list(self._raw):
            self.get(briefing_id)
        return self._records

    def __len__(self) -> int:
        return len(self._records) + len(self._raw)

    def ids(self) -> list[str]:
        """The briefing ids that have a record (none is decoded)."""
        return [*self._records, *self._raw]

    def _adopt(self, snapshot: _Snapshot) -> None:
        for briefing_id, raw in snapshot.records:
            self._records.pop(briefing_id, None)
            self._raw[briefing_id] = raw
        self._last = max(self._last, snapshot.last)
        self.version += 1

    def _snapshot(self) -> _Snapshot:
        encoded = [(i, msgspec.Raw(_encoder.encode(r))) for i, r in self._records.items()]
        return _Snapshot(self._last, [*self._raw.items(), *encoded])

    def now(self) -> int:
        """A time for a new event: after every event known (a clock set back loses none)."""
        self._last = max(self.clock(), self._last + 1)
        return self._last

    def record(self, event: BriefingRecord) -> None:
        """Apply one event (and, for a stored state, keep it)."""
        self._fold(event)

    def record_all(self, events: list[BriefingRecord]) -> None:
        """Apply several events at once (a stored state appends them in one write)."""
        for event in events:
            self._fold(event)

    def _fold(self, event: BriefingRecord) -> None:
        self._records[event.id] = apply(self.get(event.id), event)
        self.version += 1
        self._last = max(self._last, event.read_at, event.unread_at, event.items_at, event.flags_at)

    def _fold_all(self, frames: list[BriefingRecord | _Snapshot]) -> None:
        for frame in frames:
            if isinstance(frame, _Snapshot):
                self._adopt(frame)
            else:
                self._fold(frame)

    def merge_records(self, records: Iterator[BriefingRecord]) -> int:
        """Join another machine's records (see ``records.merge``); how many there were."""
        count = 0
        for other in records:
            self._records[other.id] = merge(self.get(other.id), other)
            count += 1
        self.version += 1
        return count

    def clear(self) -> None:
        self._records.clear()
        self._raw.clear()
        self.version += 1

    def compact(self) -> None:
        """Nothing to do in memory."""

    def refresh(self) -> bool:
        """Pick up changes made by other processes; whether there were any."""
        return False


@dataclass(slots=True)
class _Parsed:
    frames: list[BriefingRecord | _Snapshot]
    valid_end: int
    """Offset after the last whole frame."""
    torn: bool


def _parse(data: bytes, start: int, *, whole_file: bool) -> _Parsed:
    """The frames of ``data`` from ``start``; raises StateError unless only the end is torn."""
    if whole_file:
        if len(data) < len(_HEADER) or not data.startswith(MAGIC):
            raise StateError("not a briefing state file (truncated or another format)")
        (version,) = struct.unpack_from(">H", data, len(MAGIC))
        if version != STATE_VERSION:
            raise StateError(f"state format version {version}, this reader knows {STATE_VERSION}")
        start = len(_HEADER)
        if len(data) == len(_HEADER):
            raise StateError(_CUT_SHORT)
    records: list[BriefingRecord | _Snapshot] = []
    offset, size = start, len(data)
    while offset < size:
        if size - offset < _FRAME.size:
            return _torn(records, offset, whole_file=whole_file)
        length, crc, head_crc = _FRAME.unpack_from(data, offset)
        if zlib.crc32(data[offset : offset + _HEAD.size]) != head_crc or length > _MAX_FRAME:
            raise StateError(f"a record at byte {offset} is damaged")
        end = offset + _FRAME.size + length
        if end > size:  # a write cut short: only ever at the end
            return _torn(records, offset, whole_file=whole_file)
        payload = data[offset + _FRAME.size : end]
        if zlib.crc32(payload) != crc:
            raise StateError(f"a record at byte {offset} is damaged")
        try:
            kind, body = payload[:1], payload[1:]
            if kind == _EVENT:
                records.append(_decoder.decode(body))
            elif kind == _SNAPSHOT:
                records.append(_snapshot_decoder.decode(body))
            else:
                raise StateError(f"a record at byte {offset} is of an unknown kind")
        except msgspec.DecodeError:
            raise StateError(f"a record at byte {offset} does not decode") from None
        offset = end
    return _Parsed(records, offset, torn=False)


_CUT_SHORT = "truncated: its first record, written whole, is cut short or missing"


def _torn(records: list[BriefingRecord | _Snapshot], offset: int, *, whole_file: bool) -> _Parsed:
    """The frames before a torn one. A killed writer tears only an event it appended;
    the first frame (the snapshot every log begins with) is written to a temporary file
    renamed over the log, so a file torn there was cut short some other way (a partial
    copy, a full disk) and is not trusted: cutting it back would lose the whole state."""
    if whole_file and not records:
        raise StateError(_CUT_SHORT)
    return _Parsed(records, offset, torn=True)


def _frame(record: BriefingRecord | _Snapshot) -> bytes:
    kind = _SNAPSHOT if isinstance(record, _Snapshot) else _EVENT
    payload = kind + _encoder.encode(record)
    head = _HEAD.pack(len(payload), zlib.crc32(payload))
    return head + struct.pack(">I", zlib.crc32(head)) + payload


def _read_trusted(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes of ``path``, or None if absent; raises StateError if not trusted."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if os.path.islink(path):
            raise StateError("it is a symbolic link") from None
        raise StateError(f"it cannot be read: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StateError("it is not a regular file")
        if info.st_uid != os.getuid():
            raise StateError("it belongs to another user")
        with os.fdopen(os.dup(fd), "rb", buffering=0) as handle:
            return handle.readall(), info
    finally:
        os.close(fd)


def read_log(path: Path) -> list[BriefingRecord]:
    """Every record of a state file (``briefing state merge``); raises StateError."""
    found = _read_trusted(path)
    if found is None:
        raise StateError("no such file")
    state = ReadingState()
    state._fold_all(_parse(found[0], 0, whole_file=True).frames)
    return list(state.records.values())


class StateStore(ReadingState):
    """A :class:`ReadingState` kept in ``folder`` (see the module doc)."""

    def __init__(self, folder: Path, *, writable: bool, clock: Clock = time.time_ns) -> None:
        super().__init__(clock)
        self.folder = folder
        self.log = folder / LOG_NAME
        self.writable = writable
        self.kept = writable
        self._identity: tuple[int, int] | None = None
        self._size = 0
        self._frames = 0

    @classmethod
    def open(
        cls, folder: Path, *, writable: bool = True, clock: Clock = time.time_ns
    ) -> StateStore:
        """The state kept in ``folder``. When writable the folder is created (0700);
        when it cannot be, the state is kept in memory and ``notice`` says so."""
        store = cls(folder, writable=writable, clock=clock)
        if writable and not prepare_private_folder(folder):
            store.writable = store.kept = False
            store.notice = f"state not kept: {folder} is not a private folder of this user"
            return store
        if writable:
            with store._locked():
                store._remove_stale_temporaries()
                store._load()
                if store._frames > COMPACT_AFTER:
                    store._write_compacted()
        else:
            store._load()
        return store

    def _remove_stale_temporaries(self) -> None:
        """Under the lock: a compaction's temporary file still there is a killed
        writer's (a live one holds the lock while it writes): it would stay for good."""
        for path in self.folder.glob(f".{LOG_NAME}.*.tmp"):
            try:
                path.unlink()
            except OSError:
                pass

    # --- reading -----------------------------------------------------------------------

    def _load(self) -> None:
        ReadingState.clear(self)
        self._identity, self._size, self._frames = None, 0, 0
        try:
            found = _read_trusted(self.log)
            if found is None:
                return
            data, info = found
            parsed = _parse(data, 0, whole_file=True)
        except StateError as error:
            self._distrust(str(error))
            return
        self._fold_all(parsed.frames)
        self._frames = sum(isinstance(frame, BriefingRecord) for frame in parsed.frames)
        self._identity = (info.st_dev, info.st_ino)
        self._size = parsed.valid_end
        if parsed.torn and self.writable:
            self._truncate(parsed.valid_end)

    def _distrust(self, reason: str) -> None:
        if not self.writable:
            self.notice = f"state file {self.log} not used: {reason}"
            return
        stamp = f"{LOG_NAME}.untrusted-{time.strftime('%Y%m%dT%H%M%S')}"
        aside, n = self.log.with_name(stamp), 1
        while os.path.lexists(aside):  # one set aside earlier in the same second is kept
            n += 1
            aside = self.log.with_name(f"{stamp}-{n}")
        try:
            os.rename(self.log, aside)
        except OSError as error:
            self.writable = self.kept = False
            self.notice = f"state not kept: {self.log} ({reason}) cannot be set aside: {error}"
            return
        self.notice = (
            f"state file not trusted ({reason}): set aside as {aside.name}; starting with no state"
        )

    def _truncate(self, size: int) -> None:
        try:
            fd = os.open(self.log, os.O_WRONLY | os.O_NOFOLLOW)
            try:
                os.ftruncate(fd, size)
            finally:
                os.close(fd)
        except OSError:
            pass

    def refresh(self) -> bool:
        """Read what other processes wrote since this one last looked."""
        try:
            info = os.stat(self.log, follow_symlinks=False)
        except OSError:
            info = None
        identity = (info.st_dev, info.st_ino) if info else None
        if identity == self._identity and (info is None or info.st_size == self._size):
            return False
        if not self.writable:
            self._load()
            return True
        with self._locked():
            return self._catch_up()

    def _catch_up(self) -> bool:
        """Under the lock: fold records appended by others, or reload a replaced file."""
        try:
            info = os.stat(self.log, follow_symlinks=False)
        except OSError:
            info = None
        identity = (info.st_dev, info.st_ino) if info else None
        if info is None or identity != self._identity or info.st_size < self._size:
            before = self.version
            self._load()
            return self.version != before
        if info.st_size == self._size:
            return False
        try:
            with open(self.log, "rb") as handle:
                handle.seek(self._size)
                tail = handle.read()
            parsed = _parse(tail, 0, whole_file=False)
        except (OSError, StateError):
            self._load()
            return True
        self._fold_all(parsed.frames)
        self._frames += len(parsed.frames)
        self._size += parsed.valid_end
        if parsed.torn:
            self._truncate(self._size)
        return bool(parsed.frames)

    # --- writing -----------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def record(self, event: BriefingRecord) -> None:
        """Apply ``event`` and append it to the log at once."""
        if not self.writable:
            self._fold(event)
            return
        try:
            with self._locked():
                self._catch_up()
                self._fold(event)
                self._append(_frame(event))
        except OSError as error:
            self.writable = self.kept = False
            self.notice = f"state not kept: {self.log}: {error.strerror}"

    def record_all(self, events: list[BriefingRecord]) -> None:
        """Apply ``events`` and append them under one lock, in one write (``M`` on a
        library of thousands); a ``kill -9`` meanwhile keeps the whole frames written."""
        if not self.writable or not events:
            super().record_all(events)
            return
        try:
            with self._locked():
                self._catch_up()
                for event in events:
                    self._fold(event)
                if self._identity is None:
                    self._write_compacted()
                    return
                frames = b"".join(_frame(event) for event in events)
                self._append(frames, count=len(events))
        except OSError as error:
            self.writable = self.kept = False
            self.notice = f"state not kept: {self.log}: {error.strerror}"

    def _append(self, frame: bytes, count: int = 1) -> None:
        if self._identity is None:
            self._write_compacted()  # creates the file with its header
            return
        fd = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        try:
            os.write(fd, frame)
        finally:
            os.close(fd)
        self._size += len(frame)
        self._frames += count

    def _write_compacted(self) -> None:
        """Under the lock: the folded state to a new file renamed over the log."""
        temporary = self.folder / f".{LOG_NAME}.{os.getpid()}.tmp"
        body = _HEADER + _frame(self._snapshot())
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, body)
            os.fsync(fd)
            info = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temporary, self.log)
        self._identity, self._size = (info.st_dev, info.st_ino), len(body)
        self._frames = 0

    def compact(self) -> None:
        """Fold the log into one record per briefing (on exit)."""
        if not self.writable:
            return
        try:
            with self._locked():
                self._catch_up()
                if self._identity is not None or len(self):
                    self._write_compacted()
        except OSError:
            pass

    def merge_records(self, records: Iterator[BriefingRecord]) -> int:
        """Join another machine's records and write the result (compacted) at once."""
        if not self.writable:
            return super().merge_records(records)
        with self._locked():
            self._catch_up()
            count = super().merge_records(records)
            self._write_compacted()
        return count

    def clear(self) -> None:
        """Forget everything: the log is removed."""
        super().clear()
        if not self.writable:
            return
        with self._locked():
            try:
                os.unlink(self.log)
            except FileNotFoundError:
                pass
            self._identity, self._size, self._frames = None, 0, 0
