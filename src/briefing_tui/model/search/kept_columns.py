"""Only the columns one query needs, read from the index the reader keeps (``briefing search``).

The reader reads its kept index whole (``stored.py``): it answers query after query. A
fresh ``briefing search`` answers one, and at 20,000 briefings reading every column,
checking it and freeing it at the end took most of the command's time: the across facts
(entities, timeline, external ids) alone cost 0.7 s to check, and no filter term but
``xid:`` and ``timeline:`` reads them. So ``needs.py`` says what a query's terms read
(its words: the items' words and the ``named`` table; ``actor:`` and the other name
fields: their table; ``tag:``, ``category:``, ``role:``: their postings; dates: the
date column), and :func:`read_columns` reads those, leaving every other column empty
(the name tables not read are left out): the index it makes answers that query, and
only it. The small columns in the file's head (kinds, codes, ``has:`` flags,
briefing-wide fields) are always read. As the reader does (``stored.kept_index``),
:func:`kept_columns` indexes each briefing that differs from the file from its own part
(the same columns only) and splices it in.

The items' words come in chunks (``stored.CHUNK`` strings each, as msgpack): a chunk
whose bytes hold none of the query's words (each stored folded, as UTF-8, so an entry
holding a word holds its bytes) is not decoded, each of its entries read as ``""``,
which holds none of them either: the answer is the same, and a rare word decodes few.

Nothing is trusted that the whole index would not be: every byte of the file still
goes through its CRC-32 (the columns not needed are read into a small buffer and
dropped: a CRC costs far less than decoding), its versions must be this program's, and
each column read is checked as ``stored.py`` checks it (lengths, every entry number in
range, each name mask as wide as its briefing needs); a file that fails is not used
(``briefing search`` answers from the parts then).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import partial
from io import BufferedReader
from itertools import chain
from math import ceil
from pathlib import Path

import msgspec

from ..format.result import FileResult
from .chunked import needed_part
from .data import (
    TABLE_FIELDS,
    IndexData,
)
from .index import BriefingLoader, SearchIndex
from .needs import Needs
from .part import PART_VERSION, IndexPart
from .splice import splice
from .stored import (
    _MACHINE,
    _START,
    CHUNK,
    INDEX_VERSION,
    Digests,
    _array,
    _fill_tables,
    _read_head,
    _read_kept,
    _start_data,
    _Stored,
    _StoredNames,
    _texts,
    _within,
    digests_of,
)

__all__ = ["kept_columns", "read_columns"]

SKIP_BUFFER = 1 << 20
"""Bytes read at a time from the columns a query does not need (for their CRC only)."""


def kept_columns(
    results: Sequence[FileResult],
    load: BriefingLoader,
    file: Path,
    needs: Needs,
    most_changed: float = 1.0,
) -> SearchIndex | None:
    """The index of the briefings ``results`` hold, in that order, with the columns
    ``needs`` names (:func:`read_columns`), as ``stored.kept_index`` makes it with them
    all: each briefing that differs from the file indexed from its own part (those
    columns only: ``chunked.needed_part``) and spliced in; None when the file is not
    trusted, or when more than the fraction ``most_changed`` of the briefings differ."""
    loaded = read_columns(file, needs)
    if loaded is None:
        return None
    data, digests = loaded
    entries = [result for result in results if result.header is not None]
    wanted = digests_of(entries)
    if digests == wanted:
        return SearchIndex(data, load)
    known = set(digests)
    differ = [entry for entry, key in zip(entries, wanted, strict=True)
              if key not in known or not key[1]]  # fmt: skip
    if len(differ) > most_changed * len(entries):
        return None
    changed: dict[str, IndexPart] = {}
    for entry in differ:
        assert entry.header is not None
        part = needed_part(entry.header, entry.index_part, load, needs)
        if part is not None:
            changed[entry.header.id] = part
    index = SearchIndex(splice(data, (briefing_id for briefing_id, _ in wanted), changed), load)
    index.rebuilt = len(changed)
    return index


def read_columns(file: Path, needs: Needs) -> tuple[IndexData, Digests] | None:
    """The columns ``needs`` names of the index kept in ``file``, and its small ones
    (every other column empty), and the briefings it indexes (their ids and part
    digests, in order); None when the file is missing, unreadable, damaged, old, or
    its columns do not fit together (see the module doc)."""
    found = _read_kept(file, partial(_read, needs=needs))
    if found is None:
        return None
    stored = found[0]
    data = _fitted(*found, needs)
    if data is None:
        return None
    return data, list(zip(stored.ids, stored.digests, strict=True))


class _Sections:
    """Reads the sections after the file's start one after another, each checked into
    the CRC; those not needed through one small buffer."""

    def __init__(self, handle: BufferedReader) -> None:
        self.handle = handle
        self.check = 0
        self._scratch = memoryview(bytearray(SKIP_BUFFER))

    def take(self, size: int) -> bytearray:
        data = bytearray(size)
        if self.handle.readinto(data) != size:
            raise msgspec.DecodeError("a stored index cut short")
        self.check = zlib.crc32(data, self.check)
        return data

    def skip(self, size: int) -> None:
        while size > 0:
            view = self._scratch[: min(size, SKIP_BUFFER)]
            got = self.handle.readinto(view)
            if not got:
                raise msgspec.DecodeError("a stored index cut short")
            self.check = zlib.crc32(view[:got], self.check)
            size -= got

    def texts(self, lengths: list[int], size: int, words: frozenset[str]) -> list[str]:
        """The items' words, ``size`` in chunks of ``lengths``: a chunk that holds none
        of ``words`` as ``""`` each (not decoded)."""
        if len(lengths) != ceil(size / CHUNK):
            raise msgspec.DecodeError("stored words in other chunks")
        needles = [word.encode("utf-8", "surrogatepass") for word in words]
        texts: list[str] = []
        for number, length in enumerate(lengths):
            chunk = self.take(length)
            count = min(CHUNK, size - number * CHUNK)
            if not any(needle in chunk for needle in needles):
                texts += [""] * count
                continue
            strings = _texts.decode(chunk)
            if len(strings) != count:
                raise msgspec.DecodeError("a chunk of stored words of another length")
            texts += strings
        return texts


def _read(
    handle: BufferedReader, needs: Needs
) -> tuple[_Stored, list[str] | None, dict[str, _StoredNames]] | None:
    """The head, the items' words (None: not needed) and the name tables needed of the
    file ``handle`` reads, every byte of it checked against its CRC."""
    found = _read_head(handle)
    if found is None:
        return None
    stored, head, check, end = found
    if (
        (stored.version, stored.part_version, stored.machine)
        != (INDEX_VERSION, PART_VERSION, _MACHINE)
        or len(stored.digests) != len(stored.ids)
        or set(stored.names) != set(TABLE_FIELDS)
        or min(sizes := [*stored.texts, *stored.across, *chain(*stored.names.values())],
               default=0) < 0
        or sum(sizes) != end - _START.size  # no section read beyond the file's bytes
        or (counts := _array("i", stored.counts)) is None
    ):  # fmt: skip
        return None
    reader = _Sections(handle)
    try:
        texts = None
        if needs.words:
            texts = reader.texts(stored.texts, sum(counts), needs.words)
        else:
            reader.skip(sum(stored.texts))
        names: dict[str, _StoredNames] = {}
        for name in TABLE_FIELDS:  # in the order they are written
            table = stored.names[name]
            if name in needs.names:
                buffer_size, first_size, masks_size = table
                buffer = reader.take(buffer_size)
                first = _array("q", reader.take(first_size))
                if first is None:
                    return None
                names[name] = _StoredNames(buffer, first, reader.take(masks_size))
            else:
                reader.skip(sum(table))
        reader.skip(sum(stored.across))
    except msgspec.DecodeError:
        return None
    if handle.tell() != end or zlib.crc32(head, reader.check) != check:
        return None  # sections that do not end where the head begins, or not as written
    return stored, texts, names


def _fitted(
    stored: _Stored, texts: list[str] | None, names: dict[str, _StoredNames], needs: Needs
) -> IndexData | None:
    """The columns read, if they fit together (as ``stored.py`` checks them), else None."""
    started = _start_data(stored, texts)
    if started is None:
        return None
    data, size = started
    for name in needs.posted:
        posted = data.posted[name]
        for value, encoded in stored.posted[name].items():
            numbers = _array("i", encoded)
            if numbers is None or not _within(numbers, size):
                return None
            posted[value] = numbers
    data.names = {}  # only those read: a splice copies each table it holds
    if not _fill_tables(data, stored, names, size, dates=needs.dates):
        return None
    return data
