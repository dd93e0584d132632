"""The search index of a whole library, kept in the parse cache's folder between starts.

Putting the index together from each briefing's part (``part.py``) costs a decode and a
check per briefing: about 0.3 ms, six seconds at 20,000 briefings, on every start. So
once the index is made, its columns are written to one file (:func:`save_index`), and a
later start reads them back in one go (:func:`library_index`). The file lists, per
briefing in index order, its id and the digest of the part it was made from (the
``part_digest`` in the parse cache's head, worked out by the process that parsed the
file): a briefing whose digest differs now, or that is new, is indexed from its own
part and spliced in (``splice.py``, as a reload does); those gone are left out; the
order follows the library. Nothing else is indexed again.

The file is ``BRFI``, the CRC-32 of the rest and the length of its head (4 bytes each,
little-endian), the big columns, then the head (msgpack, :class:`_Stored`: the small
columns, and the lengths of the big ones). The words (a ``str`` per entry) come as chunks
of msgpack; the name tables as the buffers they are in memory (``columns.NameColumn``:
UTF-8 names and arrays), so reading them costs little more than reading their bytes (no
object per name); the across facts as chunks of msgpack. A start reads the head, then the
rest a chunk or a buffer at a time: a thread of its own reads and checks each chunk
(reading and the CRC let go of the interpreter) a few chunks ahead of the one decoded.
The reader's first answers (the counts of every entry) need neither the items' words,
the posted numbers, the across facts nor where each name starts: with ``finish_later``
every byte passes the CRC and the rest is checked as before, but those are decoded,
checked and found once those answers are drawn (:func:`finish_kept`), or when first
needed (``SearchIndex.finish_reading`` before any query but the empty one,
``SearchIndex.across_fit``, ``TextColumn.offsets``), never used before. It is never
trusted: a file of another
``INDEX_VERSION`` or ``PART_VERSION``, of another machine's byte order, whose CRC differs
or whose columns do not fit together (lengths, every entry number in range, each name
mask as wide as its briefing needs, the names' separators one per name, each briefing's
across facts within its counts) is ignored, and the index is made from the parts and
written again (two readers writing at once may leave one's
file half written: its CRC then fails). Like the parse cache it is written with mode 0600
(a temporary name, then renamed) in the private 0700 folder, and removed after
``UNUSED_DAYS`` unused (its name ends in ``.msgpack``).
"""

from __future__ import annotations

import hashlib
import os
import queue
import struct
import sys
import threading
import weakref
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from functools import partial
from io import BufferedReader
from itertools import accumulate, chain, cycle, repeat
from operator import attrgetter, mul, sub
from pathlib import Path
from typing import BinaryIO, Final, NamedTuple, TypeVar, cast

import msgspec

from ..collector import collector_paused
from ..format.result import FileResult
from ..locations import cache_dir, prepare_private_folder
from .across_data import AcrossPart, across_part_ok, decode_across
from .columns import NameColumn, mask_width
from .data import (
    BRIEFING_FIELDS,
    ENUM_FIELDS,
    HAS_FIELDS,
    KINDS,
    POSTED_FIELDS,
    TABLE_FIELDS,
    BriefingSpan,
    IndexData,
    Kind,
)
from .date_column import Dates
from .index import BriefingLoader, SearchIndex
from .part import PART_VERSION, IndexPart, decode_part, part_of
from .splice import splice

__all__ = [
    "INDEX_VERSION", "Digests", "Loaded", "Unread", "across_fit", "digests_of", "finish_kept",
    "index_file", "kept_index", "library_index", "load_index", "save_index",
]  # fmt: skip

INDEX_VERSION = 2
"""Bumped whenever the stored form of the columns changes."""
_MACHINE = f"{sys.byteorder} {array('i').itemsize} {array('q').itemsize}"
"""Arrays are stored as this machine has them."""
_START = struct.Struct("<4sII")
_MAGIC = b"BRFI"

Digests = list[tuple[str, int]]
"""Per briefing in index order: its id and its part's digest (0: unknown)."""


class _Stored(msgspec.Struct, array_like=True, gc=False):
    version: int
    part_version: int
    machine: str
    ids: list[str]
    digests: list[int]
    counts: bytes
    """``array("i")``: per briefing, its entries of each kind, in KINDS order."""
    texts: list[int]
    """The lengths of the chunks of ``list[str]`` that follow the head (``CHUNK`` each)."""
    codes: bytes
    has: bytes
    posted: dict[str, dict[str, bytes]]
    """``array("i")`` of entry numbers, per field and value."""
    names: dict[str, tuple[int, int, int]]
    """Per field (in TABLE_FIELDS order after the words), the bytes of its names' buffer,
    of ``first`` (``array("q")``) and of ``masks`` (``columns.NameColumn``)."""
    dates: tuple[bytes, bytes, bytes]
    """``array("q")``: entries, starts, ends."""
    keys: dict[str, dict[str, list[int]]]
    across: list[int]
    """The chunks of ``list[AcrossPart]`` (lengths), kept encoded as they are read."""


CHUNK: Final = 4096
"""Items per chunk of the big columns: each chunk is decoded on its own, so the thread
reading the index lets the UI's threads run between chunks (one decode of a whole column
would hold the interpreter for up to a second at 20,000 briefings)."""

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(_Stored)
_texts = msgspec.msgpack.Decoder(list[str])
_across = msgspec.msgpack.Decoder(list[msgspec.Raw])
T = TypeVar("T")


class _Writer:
    """Writes a stored index's chunks as they are encoded, each checked into the CRC (a
    library's worth of encoded bytes never sits in memory)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.check = 0

    def put(self, data: bytes | bytearray) -> int:
        self.handle.write(data)
        self.check = zlib.crc32(data, self.check)
        return len(data)

    def numbers(self, numbers: array[int]) -> int:
        return self.put(numbers.tobytes())

    def chunks(self, values: Sequence[object]) -> list[int]:
        """Write ``values`` in chunks of ``CHUNK``; their lengths."""
        return [self.put(_encoder.encode(values[at : at + CHUNK]))
                for at in range(0, len(values), CHUNK)]  # fmt: skip


class _Reader:
    """Reads a stored index's chunks ahead, in a thread of its own, each checked into the
    CRC: reading and checking let go of the interpreter, so they go on (on another core)
    while the chunks before are decoded, a few chunks ahead at most."""

    def __init__(self, handle: BufferedReader, sizes: list[tuple[int, int]]) -> None:
        """Read chunks of ``sizes`` (each its length, and how it is read: ``_BYTES``,
        ``_KEPT`` or ``_SKIPPED``) from where ``handle`` is."""
        self.handle = handle
        self.check = 0
        """The CRC-32 of the chunks read so far (see :meth:`close`)."""
        self.skipped_check = 0
        """The CRC-32 of the skipped chunks alone (after :meth:`close`)."""
        self.skipped_heads: list[bytes] = []
        """The first bytes of each skipped chunk (after :meth:`close`)."""
        self._ready: queue.Queue[bytes | bytearray | Exception] = queue.Queue(AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._read_all, args=(sizes,), name="kept-index", daemon=True
        )
        self._thread.start()

    def _read_all(self, sizes: list[tuple[int, int]]) -> None:
        skipping = memoryview(bytearray(max((n for n, how in sizes if how == _SKIPPED), default=0)))
        try:
            for size, how in sizes:
                data: bytes | bytearray | memoryview
                if how == _KEPT:
                    data = bytearray(size)
                    read = self.handle.readinto(data)
                elif how == _SKIPPED:  # checked, not kept: read again later (``Unread``)
                    data = skipping[:size]
                    read = self.handle.readinto(data)
                    self.skipped_check = zlib.crc32(data, self.skipped_check)
                    self.skipped_heads.append(bytes(data[:_LIST_HEAD]))
                else:
                    data = self.handle.read(size)  # no zeroed buffer first
                    read = len(data)
                if read != size:
                    self._put(msgspec.DecodeError("a stored index cut short"))
                    return
                self.check = zlib.crc32(data, self.check)
                if how != _SKIPPED and not self._put(cast("bytes | bytearray", data)):
                    return
        except Exception as error:  # raised where the chunk is taken
            self._put(error)

    def _put(self, item: bytes | bytearray | Exception) -> bool:
        """Hand ``item`` over; False when the reading is stopped meanwhile."""
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def close(self) -> int:
        """Stop reading (if not done yet); the CRC-32 of every chunk read."""
        self._stop.set()
        self._thread.join()
        return self.check

    def take(self) -> bytes | bytearray:
        """The next chunk (raises what reading it raised)."""
        item = self._ready.get()
        if isinstance(item, Exception):
            raise item
        return item

    def numbers(self) -> array[int]:
        """The next chunk, an ``array("q")``."""
        numbers = _array("q", self.take())
        if numbers is None:
            raise msgspec.DecodeError("a stored array of a partial item")
        return numbers

    def names(self) -> _StoredNames:
        names = self.take()
        first = self.numbers()
        masks = self.take()
        assert isinstance(names, bytearray) and isinstance(masks, bytearray)  # kept
        return _StoredNames(names, first, masks)

    def values(self, chunks: int, decoder: msgspec.msgpack.Decoder[list[T]]) -> list[T]:
        """The values of the next ``chunks`` chunks, decoded one chunk at a time."""
        values: list[T] = []
        for _ in range(chunks):
            values += decoder.decode(self.take())
        return values

    def raw(self, chunks: int) -> list[bytes]:
        """The next ``chunks`` chunks as read (each a msgpack list, decoded later)."""
        return [bytes(self.take()) for _ in range(chunks)]

    def encoded(self, chunks: int) -> list[bytes]:
        """The items of the next ``chunks`` chunks (each a msgpack list), as the bytes
        each item was encoded to."""
        items: list[bytes] = []
        for _ in range(chunks):
            items += map(bytes, _across.decode(self.take()))
        return items


AHEAD: Final = 8
"""Chunks a :class:`_Reader` reads ahead of their decoding, at most."""
_BYTES, _KEPT, _SKIPPED = range(3)
"""How a :class:`_Reader` reads a chunk: as ``bytes``; as a ``bytearray`` (kept as it
is read); checked into the CRC but not kept (read again later)."""
_LIST_HEAD = 5
"""Bytes that say how many items a msgpack list holds, at most (``_listed``)."""


def _sizes(stored: _Stored, later: bool = False) -> list[tuple[int, int]]:
    """The chunks after the start of a stored index, in file order: their lengths, and
    how each is read (``_Reader``; the words skipped with ``later``)."""
    names = [((names, _KEPT), (first, _BYTES), (masks, _KEPT))
             for names, first, masks in map(stored.names.__getitem__, TABLE_FIELDS)]  # fmt: skip
    words = _SKIPPED if later else _BYTES
    return [
        *((size, words) for size in stored.texts),
        *chain.from_iterable(names),
        *((size, _BYTES) for size in stored.across),
    ]


def index_file(roots: Iterable[Path | str], folder: Path | None = None) -> Path | None:
    """Where the index of the library under ``roots`` is kept (in ``folder``, by default
    the parse cache's), or None when that private folder cannot be had."""
    folder = folder or cache_dir(os.environ)
    if not prepare_private_folder(folder):
        return None
    real = "\0".join(sorted(os.path.realpath(root) for root in roots))
    return folder / f"index-{hashlib.sha256(os.fsencode(real)).hexdigest()[:32]}.msgpack"


def save_index(file: Path, data: IndexData, digests: Digests) -> bool:
    """Write the columns ``data`` of the briefings ``digests`` lists (in that order) to
    ``file``; whether it was written (not when they are not the briefings indexed)."""
    if [span.briefing_id for span in data.spans] != [briefing_id for briefing_id, _ in digests]:
        return False
    # One temporary name per index: a write cut short by quitting (the reader ends without
    # waiting for threads) leaves no file of hundreds of MB behind for the next to find.
    temporary = file.with_name(f".{file.name}.tmp")
    try:
        os.unlink(temporary)
    except OSError:
        pass
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(bytes(_START.size))  # written last, once the head is known
            writer = _Writer(handle)
            head = _encoder.encode(_head(data, digests, writer))
            writer.put(head)
            handle.seek(0)
            handle.write(_START.pack(_MAGIC, writer.check, len(head)))
        os.replace(temporary, file)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def _head(data: IndexData, digests: Digests, writer: _Writer) -> _Stored:
    """The head of the stored index of ``data``, its big columns written meanwhile."""
    counts = array("i")
    for span in data.spans:
        counts.extend(b - a for a, b in (span.kinds.get(kind, (0, 0)) for kind in KINDS))
    texts = writer.chunks(data.texts)
    columns = [(name, data.names[name]) for name in TABLE_FIELDS]  # read in this order
    names = {
        name: (
            writer.put(column.names.buffer),
            writer.numbers(column.first),
            writer.put(column.masks),
        )
        for name, column in columns
    }
    across = writer.chunks(list(map(msgspec.Raw, data.across)))
    return _Stored(
        INDEX_VERSION,
        PART_VERSION,
        _MACHINE,
        [briefing_id for briefing_id, _ in digests],
        [digest for _, digest in digests],
        counts.tobytes(),
        texts,
        _bin(data.codes),
        _bin(data.has),
        {
            name: {value: _bin(numbers) for value, numbers in table.items()}
            for name, table in data.posted.items()
        },
        names,
        (_bin(data.dates.entries), _bin(data.dates.starts), _bin(data.dates.ends)),
        {name: dict(table) for name, table in data.briefing_keys.items()},
        across,
    )


def _bin(column: array[int] | bytearray) -> bytes:
    """A column's bytes for the head, not copied: a view, which msgpack writes as the
    bytes it is read back as (copies of the small columns beside the encoded head were
    80 MB of a save's peak at 20,000 briefings)."""
    return cast(bytes, memoryview(column))


class Loaded(NamedTuple):
    """A kept index read back (:func:`load_index`)."""

    data: IndexData
    digests: Digests
    unread: Unread | None
    """What was left for later (``finish_later``), else None: every column is read."""


def load_index(file: Path, finish_later: bool = False) -> Loaded | None:
    """The columns kept in ``file`` and the briefings they index, or None when the file
    is missing, unreadable, damaged, old or does not fit together (see the module doc).
    With ``finish_later``, what the filter's first answers (the counts of every entry)
    do not need is left in ``Loaded.unread``: every byte has passed the CRC, but the
    items' words are not decoded (their number is checked), nor the posted numbers and
    the across facts checked; :class:`Unread` finishes them, before any is read."""
    found = _read_kept(file, partial(_read, later=finish_later))
    return None if found is None else _columns(*found, finish_later)


def _read_kept(file: Path, read: Callable[[BufferedReader], T | None]) -> T | None:
    """What ``read`` makes of the kept index ``file`` (None: missing, unreadable or not
    made); a file read is marked in use (see the parse cache's ``UNUSED_DAYS``)."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            found = read(handle)
    except OSError:
        return None
    if found is not None:
        with suppress(OSError):
            os.utime(file)
    return found


class _Head(NamedTuple):
    """A kept index file's head, read before its chunks (not trusted until the CRC of
    every byte, ``check``, is found as written)."""

    stored: _Stored
    head: bytes
    check: int
    end: int
    """Where the head begins: the chunks fill the file from its start up to here."""


def _read_head(handle: BufferedReader) -> _Head | None:
    """The head of the file ``handle`` reads (left just after the file's start)."""
    start = handle.read(_START.size)
    if len(start) != _START.size:
        return None
    magic, check, size = _START.unpack(start)
    end = os.fstat(handle.fileno()).st_size - size  # where the head begins
    if magic != _MAGIC or end < _START.size:
        return None
    head = os.pread(handle.fileno(), size, end)
    try:
        stored = _decoder.decode(head)
    except msgspec.DecodeError:
        return None
    return _Head(stored, head, check, end)


def _read(handle: BufferedReader, later: bool = False) -> tuple[_Stored, _Columns] | None:
    """The head and the big columns of the file ``handle`` reads: a chunk's bytes at a
    time (a library's worth of bytes never sits in memory beside its columns); with
    ``later``, the words and the across facts as read, not decoded."""
    found = _read_head(handle)
    if found is None:
        return None
    stored, head, check, end = found
    if set(stored.names) != set(TABLE_FIELDS):
        return None
    sizes = _sizes(stored, later)
    if min(size for size, _ in sizes) < 0 or sum(size for size, _ in sizes) != end - _START.size:
        return None  # chunks that do not fill the file up to the head
    reader = _Reader(handle, sizes)
    try:
        texts = None if later else reader.values(len(stored.texts), _texts)
        names = {name: reader.names() for name in TABLE_FIELDS}
        across = reader.raw if later else reader.encoded
        columns = _Columns(texts, names, across(len(stored.across)))
    except msgspec.DecodeError:
        return None
    finally:
        read = reader.close()
    if handle.tell() != end or zlib.crc32(head, read) != check:
        return None  # chunks that do not end where the head begins, or not as written
    if later:  # the words: read again, and checked against what was read now, later
        at = list(accumulate(stored.texts, initial=_START.size))
        words = _Words(os.dup(handle.fileno()), list(zip(at, stored.texts, strict=False)),
                       reader.skipped_check, sum(map(_listed, reader.skipped_heads)))  # fmt: skip
        columns = columns._replace(words=words)
    return stored, columns


class _Columns(NamedTuple):
    """The big columns of a stored index, decoded (but with ``later``)."""

    texts: list[str] | None
    """None with ``later``: see ``words``."""
    names: dict[str, _StoredNames]
    across: list[bytes]
    """Each briefing's ``encode_across``, as read (checked by ``across_fit``); with
    ``later``, the chunks as read."""
    words: _Words | None = None
    """With ``later``, where the words are, to be read again."""


class _Words:
    """The words of a kept index, checked into its CRC but not kept: where to read them
    again (``Unread.words``), from the file kept open (the same file even if another is
    renamed over it; closed by :meth:`close`, or when this is dropped)."""

    def __init__(self, fd: int, chunks: list[tuple[int, int]], check: int, listed: int) -> None:
        self.fd = fd
        self.chunks = chunks
        """Each chunk's place in the file and length."""
        self.check = check
        """The CRC-32 of the chunks as first read (their bytes were in the file's CRC)."""
        self.listed = listed
        """How many words the chunks list (not right when one is not a list)."""
        self.close = weakref.finalize(self, os.close, fd)


class _StoredNames(NamedTuple):
    """The buffers of a ``NameColumn`` as read."""

    names: bytearray
    first: array[int]
    masks: bytearray


def _array(code: str, data: bytes | bytearray) -> array[int] | None:
    numbers = array(code)
    if len(data) % numbers.itemsize:
        return None
    numbers.frombytes(data)
    return numbers


def _within(numbers: Sequence[int], size: int) -> bool:
    return not numbers or (min(numbers) >= 0 and max(numbers) < size)


_NON_NEGATIVE = bytes(range(0x80))
"""The top bytes of non-negative numbers."""


def _numbers_within(numbers: array[int], size: int) -> bool:
    """Whether every number of ``numbers`` is in ``range(size)``: one pass of ``max``,
    the signs read from each number's top byte (in C, not by a ``min``)."""
    if not numbers:
        return True
    width = numbers.itemsize
    top = memoryview(numbers).cast("B")[width - 1 if sys.byteorder == "little" else 0 :: width]
    return not bytes(top).translate(None, _NON_NEGATIVE) and max(numbers) < size


def _columns(stored: _Stored, columns: _Columns, finish_later: bool = False) -> Loaded | None:
    """The columns of ``stored`` if they fit together, else None (with ``finish_later``,
    what :class:`Unread` finishes is not yet)."""
    if (stored.version, stored.part_version, stored.machine) != (
        INDEX_VERSION,
        PART_VERSION,
        _MACHINE,
    ):
        return None
    briefings = len(stored.ids)
    words = columns.words
    later = words is not None
    if (
        len(stored.digests) != briefings
        or (not later and len(columns.across) != briefings)
        or set(columns.names) != set(TABLE_FIELDS)
    ):
        return None
    started = _start_data(stored, columns.texts)
    if started is None:
        return None
    data, size = started
    if words is not None and words.listed != size:
        return None  # the number of words, from each chunk's first bytes
    every = array("i")  # every posted number, checked in one go
    for name, encoded_table in stored.posted.items():
        posted = data.posted[name]
        for value, encoded in encoded_table.items():
            numbers = _array("i", encoded)
            if numbers is None:
                return None
            posted[value] = numbers
            every += numbers
    unread = Unread(words, every, columns.across) if words is not None else None
    if unread is None and not _numbers_within(every, size):
        return None
    del every
    if not _fill_tables(data, stored, columns.names, size, dates=True):
        return None
    digests = list(zip(stored.ids, stored.digests, strict=True))
    if unread is not None:
        if not finish_later and not unread.finish(data):
            return None
        return Loaded(data, digests, unread)
    data.across = columns.across
    if not finish_later and not across_fit(data):
        return None
    return Loaded(data, digests, None)


def _listed(chunk: bytes) -> int:
    """How many items the msgpack list ``chunk`` holds, from its first bytes (-1: not a
    list)."""
    first = chunk[0] if chunk else 0
    if first & 0xF0 == 0x90:  # fixarray
        return first & 0x0F
    if first == 0xDC and len(chunk) >= 3:  # array 16
        return int.from_bytes(chunk[1:3], "big")
    if first == 0xDD and len(chunk) >= 5:  # array 32
        return int.from_bytes(chunk[1:5], "big")
    return -(1 << 40)  # not a list: no sum of counts comes out right


class Unread:
    """What a kept index read with ``finish_later`` leaves for later (every byte of it
    passed the CRC): the items' words, to be read again from the file kept open (their
    number checked; the bytes read again must be those the CRC passed), the posted
    numbers not yet checked, the across facts as read. :meth:`words` decodes and checks
    the first two, :meth:`across` the last (``SearchIndex.finish_reading`` and
    ``across_fit`` run them once, before any is read); what does not fit is never read:
    the words are left empty, the posted numbers and the across facts out (the reader
    then makes the index again from the parts)."""

    def __init__(self, words: _Words, posted: array[int], across: list[bytes]) -> None:
        self._words: _Words | None = words
        self._posted = posted
        self._across = across

    def finish(self, data: IndexData) -> bool:
        """Every step now; whether what they read fits."""
        return self.words(data) and self.across(data)

    def read(self, data: IndexData) -> bool:
        """Every column read into ``data``, the across facts not checked yet (for a
        splice: see :func:`across_fit`); whether what was read fits."""
        return self.words(data) and self.split_across(data)

    def words(self, data: IndexData) -> bool:
        """Decode the words into ``data.texts`` and check the posted numbers; whether
        they fit (else neither is ever read)."""
        size = len(data.kinds)
        texts = self._read_words()
        fits = len(texts) == size and _numbers_within(self._posted, size)
        data.texts[:] = texts if fits else repeat("", size)
        if not fits:
            for table in data.posted.values():
                table.clear()
        self._words, self._posted = None, array("i")
        return fits

    def _read_words(self) -> list[str]:
        """The words read again and decoded, if their bytes are those first read (else
        none: a decoded word is not used before)."""
        words = self._words
        if words is None or not words.chunks:
            return []
        try:  # read and checked ahead in a thread of their own, as at first (``_Reader``)
            with os.fdopen(os.dup(words.fd), "rb") as handle:
                handle.seek(words.chunks[0][0])
                reader = _Reader(handle, [(length, _BYTES) for _, length in words.chunks])
                try:
                    texts = reader.values(len(words.chunks), _texts)
                finally:
                    check = reader.close()
        except (OSError, msgspec.DecodeError):
            return []
        finally:
            words.close()
        return texts if check == words.check else []

    def across(self, data: IndexData) -> bool:
        """Split the across facts into ``data.across`` and check them (:func:`across_fit`);
        whether they fit."""
        return self.split_across(data) and across_fit(data)

    def split_across(self, data: IndexData) -> bool:
        """Each briefing's across facts into ``data.across`` (once); whether there is one
        per briefing."""
        if self._across:
            found: list[bytes] = []
            try:
                for chunk in self._across:
                    found += map(bytes, _across.decode(chunk))
            except msgspec.DecodeError:
                found = []
            data.across[:] = found
            self._across = []
        return len(data.across) == len(data.spans)


def _start_data(stored: _Stored, texts: list[str] | None) -> tuple[IndexData, int] | None:
    """An index of the small columns of ``stored`` and the words ``texts`` (None: not
    read), and its number of entries; None when they do not fit together."""
    briefings = len(stored.ids)
    counts = _array("i", stored.counts)
    width = len(KINDS)
    if (
        counts is None
        or len(counts) != briefings * width
        or len(set(stored.ids)) != briefings
        or (counts and min(counts) < 0)
        or counts[0::width].count(1) != briefings  # one briefing entry each
    ):
        return None
    size = sum(counts)
    if (
        (texts is not None and len(texts) != size)
        or len(stored.codes) != size * len(ENUM_FIELDS)
        or len(stored.has) != size * len(HAS_FIELDS)
        or set(stored.posted) != set(POSTED_FIELDS)
        or set(stored.keys) != set(BRIEFING_FIELDS)
    ):
        return None
    data = IndexData(texts=texts if texts is not None else [], codes=bytearray(stored.codes),
                     has=bytearray(stored.has))  # fmt: skip
    data.kinds = bytearray(b"".join(map(mul, cycle(_KIND_BYTES), counts)))
    data.spans = _spans(stored.ids, counts)
    return data, size


def _fill_tables(
    data: IndexData, stored: _Stored, names: dict[str, _StoredNames], size: int, *, dates: bool
) -> bool:
    """Put the name tables of ``names``, the dates (when ``dates``) and the briefings' keys
    of ``stored`` in ``data``, each checked against the ``size`` entries and the briefings;
    False when one does not fit."""
    sizes = map(sub, map(attrgetter("stop"), data.spans), map(attrgetter("start"), data.spans))
    widths = list(map(mask_width, sizes))
    for name, buffers in names.items():
        column = NameColumn.of_buffers(*buffers, widths)
        if column is None:
            return False
        data.names[name] = column
    if dates:
        entries, starts, ends = (_array("q", encoded) for encoded in stored.dates)
        if entries is None or starts is None or ends is None:
            return False
        if not len(entries) == len(starts) == len(ends) or not _numbers_within(entries, size):
            return False
        data.dates = Dates(entries, starts, ends)
    for name, table in stored.keys.items():
        if not _within(list(chain.from_iterable(table.values())), len(stored.ids)):
            return False
        data.briefing_keys[name] = defaultdict(list, table)
    return True


def across_fit(data: IndexData) -> bool:
    """Whether each briefing's across facts read back (``IndexData.across``) fit it: they
    decode, and their positions and dates fit its counts of incidents and quotes."""
    for span, encoded in zip(data.spans, data.across, strict=True):
        try:
            part = decode_across(encoded, AcrossPart)
        except msgspec.DecodeError:
            return False
        incidents, quotes = (b - a for a, b in map(span.kinds.get, _COUNTED, repeat((0, 0))))
        if not across_part_ok(part, incidents, quotes):
            return False
    return True


_COUNTED: tuple[Kind, Kind] = ("incident", "quote")


def finish_kept(index: SearchIndex) -> bool:
    """What reading a kept index with ``finish_later`` left for later, done (the
    filter's first answers need none of it): the items' words decoded and the posted
    numbers checked (``SearchIndex.finish_reading``, else the first query does it),
    where each name of the name tables starts found (else the first query that looks in
    a table finds them), the across facts checked (``SearchIndex.across_fit``); whether
    those fit."""
    if not index.finish_reading():
        return False
    for column in index.data.names.values():
        column.names.find_offsets()
    return index.across_fit()


_KIND_BYTES = [bytes((code,)) for code in range(len(KINDS))]


def _spans(ids: list[str], counts: array[int]) -> list[BriefingSpan]:
    """Each briefing's span, from its counts of entries of each kind (put together in C:
    no Python step per briefing but the span's own ``__init__``)."""
    width, end = len(KINDS), len(counts)
    places = list(accumulate(counts, initial=0))
    kinds = [zip(places[k:end:width], places[k + 1 : end + 1 : width], strict=True)
             for k in range(width)]  # fmt: skip
    ranges = map(dict, map(zip, repeat(KINDS), zip(*kinds, strict=True)))
    return list(map(BriefingSpan, ids, places[0:end:width], places[width::width], ranges))


def digests_of(results: Sequence[FileResult]) -> Digests:
    """Per briefing of ``results``, its id and its part's digest (0: unknown)."""
    return [(r.header.id, r.part_digest or 0) for r in results if r.header is not None]


def library_index(
    results: Sequence[FileResult],
    load: BriefingLoader,
    file: Path | None,
    cancelled: Callable[[], bool] | None = None,
    finish_later: bool = False,
) -> SearchIndex | None:
    """The index of the briefings ``results`` hold, in that order.

    From ``file`` when it holds them all, each from the part its digest names (the
    index's ``kept`` is then True: nothing to write); else from it, each briefing that
    differs indexed from its own part (``rebuilt`` counts those); else from every
    briefing's part (``SearchIndex.from_sources``). None when ``cancelled()`` says so
    meanwhile. With ``finish_later``, what the filter's first answers do not need of
    ``file`` (see :func:`load_index`) is finished when first needed
    (``SearchIndex.finish_reading`` and ``across_fit``) or by :func:`finish_kept`, not
    before the index is returned: at 20,000 briefings the items' words alone take
    longer to decode than the rest of the index to read.
    """
    with collector_paused():  # a library's worth of columns: see ``collector_paused``
        return _library_index(results, load, file, cancelled, finish_later)


def _library_index(
    results: Sequence[FileResult],
    load: BriefingLoader,
    file: Path | None,
    cancelled: Callable[[], bool] | None,
    finish_later: bool,
) -> SearchIndex | None:
    entries = [result for result in results if result.header is not None]
    loaded = load_index(file, finish_later) if file is not None else None
    wanted = digests_of(entries)
    if loaded is not None and loaded.unread is not None and loaded.digests != wanted:
        # briefings to splice in: the columns whole first
        loaded = loaded if loaded.unread.read(loaded.data) else None
    if loaded is None:
        # each part read from the cache as it is reached: all of them at once would be
        # a library's worth of bytes (283 MB at 20,000 briefings) beside the columns
        sources = ((entry.header, entry.index_part) for entry in entries if entry.header)
        return SearchIndex.from_sources(sources, load, cancelled)
    index = _brought_up_to_date(entries, load, loaded, cancelled, wanted)
    if index is not None and finish_later:
        unread = loaded.unread
        if unread is not None and index.kept:
            index.left_to_read = unread.words
            index.across_check = unread.across
        else:
            index.across_check = across_fit
    return index


def kept_index(
    results: Sequence[FileResult], load: BriefingLoader, file: Path, most_changed: float = 1.0
) -> SearchIndex | None:
    """The index of the briefings ``results`` hold, in that order, from the index kept in
    ``file`` (each briefing that differs from it indexed from its own part, as
    :func:`library_index` does); None when ``file`` is missing or not trusted, or when
    more than the fraction ``most_changed`` of the briefings differ from it (the caller
    then indexes the parts its own way: ``briefing search`` a few at a time)."""
    with collector_paused():
        loaded = load_index(file)
        if loaded is None:
            return None
        entries = [result for result in results if result.header is not None]
        known = set(loaded[1])
        changed = sum(1 for key in digests_of(entries) if key not in known or not key[1])
        if changed > most_changed * len(entries):
            return None
        return _brought_up_to_date(entries, load, loaded, None)


def _brought_up_to_date(
    entries: list[FileResult],
    load: BriefingLoader,
    loaded: Loaded,
    cancelled: Callable[[], bool] | None,
    wanted: Digests | None = None,
) -> SearchIndex | None:
    """The index of ``entries`` (whose ``digests_of`` are ``wanted``, when known) from
    the ``loaded`` one, with the briefings that differ from it spliced in."""
    data, digests, _ = loaded
    wanted = digests_of(entries) if wanted is None else wanted
    if digests == wanted:
        index = SearchIndex(data, load)
        index.kept = True
        return index
    known = set(digests)
    changed: dict[str, IndexPart] = {}
    for entry, key in zip(entries, wanted, strict=True):
        if key in known and key[1]:
            continue
        if cancelled is not None and cancelled():
            return None
        assert entry.header is not None
        stored = entry.index_part
        part = decode_part(stored, entry.header) if stored is not None else None
        if part is None:
            briefing = load(entry.header.id)
            if briefing is None:
                continue
            part = part_of(briefing)
        changed[entry.header.id] = part
    index = SearchIndex(splice(data, (briefing_id for briefing_id, _ in wanted), changed), load)
    index.rebuilt = len(changed)
    return index
