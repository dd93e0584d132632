"""Many short strings as one buffer: the name tables of an index (``data.py``).

A :class:`TextColumn` holds its strings as UTF-8 in one ``bytearray``, each followed by
``SEPARATOR`` (0xFF, a byte that UTF-8 never uses), and an ``array`` of where each one
starts: the 1.1 million names of a 20,000-briefing library are a few objects, not a
``str``, a tuple and a ``bytes`` per name and table, and a kept index reads them back as
the bytes they are (the offsets are found again from the separators). A word is looked
for in the buffer itself: since a folded word is UTF-8 without 0xFF, a match lies inside
one string and starts on a character (UTF-8 is self-synchronising), so it is exactly a
match of ``word in string``.

A :class:`NameColumn` is one field's tables, one per briefing: its names in a
TextColumn, and per name the set of its briefing's entries that refer to it (a bit mask
as wide as the briefing needs), all in one more buffer.

The items' own words stay one ``str`` per entry (``IndexData.texts``): tested by ``in``,
which stops at the first match, they are searched twice as fast as in one buffer (where
a common word needs an object per string made anyway, or a Python step per match).
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from itertools import accumulate, chain, compress, groupby, islice, repeat
from operator import contains, not_, or_

__all__ = ["SEPARATOR", "NameColumn", "TextColumn", "encode", "mask_width", "rests_holding"]

SEPARATOR = b"\xff"
"""After each string: never part of UTF-8, so never part of a word looked for."""
SEGMENT = 4096
"""Strings per segment of :meth:`TextColumn.containing` (half a megabyte or so)."""
SPARSE = 32
"""A segment is searched by jumps when its word occurs there less than once per SPARSE
strings, else each of its strings is tested."""
_LATIN_SEPARATOR = SEPARATOR.decode("latin-1")
_FOUND = (-1).__lt__  # bytes.find's answer -> whether found
_CHUNK = 1 << 22
"""Bytes split at a time when offsets are found (no object per string kept)."""


def encode(text: str) -> bytes:
    """``text`` as stored in a column (UTF-8; a lone surrogate kept as its three bytes)."""
    return text.encode("utf-8", "surrogatepass")


def _offsets() -> array[int]:
    return array("q", [0])


class TextColumn:
    """Strings, numbered from 0, in one buffer (see the module docstring)."""

    __slots__ = ("_count", "_offsets", "buffer")

    def __init__(self, buffer: bytearray | None = None, offsets: array[int] | None = None) -> None:
        self.buffer = bytearray() if buffer is None else buffer
        """Each string's UTF-8, then SEPARATOR."""
        self._offsets: array[int] | None = _offsets() if offsets is None else offsets
        self._count = 0
        """How many strings there are while ``_offsets`` is not found yet."""

    @property
    def offsets(self) -> array[int]:
        """Where each string starts, and after the last, the buffer's length (so string
        ``i`` is ``buffer[offsets[i] : offsets[i + 1] - 1]``). A column read back
        (:meth:`of_buffer`) finds them from the separators when first asked for (from
        any thread: once)."""
        return self._offsets if self._offsets is not None else self.find_offsets()

    def find_offsets(self) -> array[int]:
        """:attr:`offsets`, found now if not known yet."""
        with _FINDING:
            offsets = self._offsets
            if offsets is None:
                offsets = self._offsets = _separated(self.buffer)
        return offsets

    def __len__(self) -> int:
        offsets = self._offsets
        return self._count if offsets is None else len(offsets) - 1

    def __getitem__(self, number: int) -> str:
        offsets = self.offsets
        start, stop = offsets[number], offsets[number + 1] - 1
        return self.buffer[start:stop].decode("utf-8", "surrogatepass")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextColumn):
            return NotImplemented
        return self.offsets == other.offsets and self.buffer == other.buffer

    __hash__ = None  # type: ignore[assignment]

    def extend(self, strings: Iterable[str]) -> None:
        """Add ``strings`` after those held."""
        encoded = [encode(text) for text in strings]
        if not encoded:
            return
        ends = accumulate(map(len, encoded), _plus_separator, initial=len(self.buffer))
        self.offsets.extend(islice(ends, 1, None))  # the first is already there
        self.buffer += SEPARATOR.join(encoded)
        self.buffer += SEPARATOR

    def extend_from(self, other: TextColumn, first: int, stop: int) -> None:
        """Add strings ``first`` to ``stop`` (excluded) of ``other`` after those held."""
        if stop <= first:
            return
        begin, end = other.offsets[first], other.offsets[stop]
        shift = len(self.buffer) - begin
        self.buffer += other.buffer[begin:end]
        moved = other.offsets[first + 1 : stop + 1]
        self.offsets.extend(map(shift.__add__, moved) if shift else moved)

    @classmethod
    def of_buffer(cls, buffer: bytearray, count: int) -> TextColumn | None:
        """The column of ``count`` strings held in ``buffer`` (each followed by SEPARATOR);
        None when it does not hold ``count``. Their offsets are found from the separators
        when first asked for (:attr:`offsets`): an object per string made and dropped, a
        third of a second for the 1.1 million names of 20,000 briefings."""
        if buffer.count(SEPARATOR) != count or (buffer and buffer[-1:] != SEPARATOR):
            return None
        column = cls(buffer)
        column._offsets, column._count = None, count
        return column

    @property
    def offsets_found(self) -> bool:
        """Whether :attr:`offsets` is known (not to be found when first asked for)."""
        return self._offsets is not None

    def containing(self, word: bytes) -> bytearray:
        """One byte per string: 1 when it holds ``word`` (UTF-8, no SEPARATOR).

        Per segment: none there (``count``): nothing to do; a few: ``find`` jumps from
        each to the next string; many: the segment's strings are made, each byte a
        character (Latin-1, so matching them is matching bytes), and tested by ``in``,
        which stops at the first match (``str`` is tested faster than ``bytes``).
        """
        count = len(self)
        flags = bytearray(count)
        buffer, offsets, view = self.buffer, self.offsets, memoryview(self.buffer)
        find, occurrences = buffer.find, buffer.count
        letters = word.decode("latin-1")
        dense = False  # the last segment was: test the next one string by string too
        for first in range(0, count, SEGMENT):
            stop = min(first + SEGMENT, count)
            begin, end = offsets[first], offsets[stop]
            if not dense:
                times = occurrences(word, begin, end)
                if not times:
                    continue
                dense = times * SPARSE > stop - first
            if dense:
                strings = bytes(view[begin : end - 1]).decode("latin-1").split(_LATIN_SEPARATOR)
                found = bytes(map(contains, strings, repeat(letters)))
                flags[first:stop] = found
                dense = found.count(1) * SPARSE > stop - first
                continue
            at = find(word, begin, end)
            while at >= 0:
                number = bisect_right(offsets, at, first, stop + 1) - 1
                flags[number] = 1
                at = find(word, offsets[number + 1], end)
        return flags

    def rests(self, word: bytes, numbers: Sequence[int]) -> list[bytes]:
        """Per string of ``numbers`` (each holds ``word``), its bytes from where ``word``
        first occurs to its end (see :func:`rests_holding`)."""
        buffer, offsets, view = self.buffer, self.offsets, memoryview(self.buffer)
        find = buffer.find
        return [bytes(view[find(word, offsets[n], offsets[n + 1]) : offsets[n + 1] - 1])
                for n in numbers]  # fmt: skip

    def containing_among(self, word: bytes, numbers: Sequence[int]) -> list[int]:
        """The strings of ``numbers`` (ascending) that hold ``word``."""
        get = self.offsets.__getitem__
        ends = map(get, map((1).__add__, numbers))
        found = map(_FOUND, map(self.buffer.find, repeat(word), map(get, numbers), ends))
        return list(compress(numbers, found))


def rests_holding(
    numbers: array[int], rests: list[bytes], word: bytes
) -> tuple[array[int], list[bytes]]:
    """Of strings ``numbers`` with their ``rests`` from where a word first occurs, those
    holding ``word``, which starts with that word, and their rests from where ``word``
    first occurs: it can occur nowhere before, so a string holds it when its rest does
    (mostly at once, where the rest starts with it)."""
    starts = bytearray(map(bytes.startswith, rests, repeat(word)))
    if starts.count(1) == len(starts):
        return numbers, rests
    later = {place: rests[place].find(word, 1)
             for place in compress(range(len(starts)), map(not_, starts))}  # fmt: skip
    found = {place: at for place, at in later.items() if at > 0}
    if found:
        rests = list(rests)
        for place, at in found.items():
            starts[place], rests[place] = 1, rests[place][at:]
    return array("i", compress(numbers, starts)), list(compress(rests, starts))


_from_bytes: Callable[[bytes | bytearray, str], int] = int.from_bytes  # type: ignore[assignment]


def _plus_separator(total: int, length: int) -> int:
    return total + length + 1


_FINDING = threading.Lock()
"""Held while a column finds its offsets (``TextColumn.offsets``)."""
_LINES = bytes.maketrans(b"\n\r" + SEPARATOR, b"  \n")
"""A buffer's bytes, each string's separator made the one line break (``splitlines``)."""


def _separated(buffer: bytearray) -> array[int]:
    """The offsets of the strings in ``buffer``, each followed by SEPARATOR: a few
    megabytes at a time, each string's length with its separator (``splitlines`` keeps
    the break) added up in C."""
    offsets, view = _offsets(), memoryview(buffer)
    at = 0
    while at < len(buffer):
        end = buffer.find(SEPARATOR, min(at + _CHUNK, len(buffer)) - 1) + 1
        lines = bytes(view[at:end]).translate(_LINES).splitlines(keepends=True)
        offsets.extend(islice(accumulate(map(len, lines), initial=at), 1, None))
        at = end
    return offsets


def mask_width(entries: int) -> int:
    """Bytes of a mask over a briefing of ``entries`` entries."""
    return (entries + 7) // 8


class NameColumn:
    """Per briefing, the names its entries refer to in one field, each with the set of
    the briefing's entries that refer to it: every briefing's names in one
    :class:`TextColumn`, their sets in one buffer."""

    __slots__ = ("first", "mask_at", "masks", "names", "owners")

    def __init__(
        self,
        names: TextColumn | None = None,
        first: array[int] | None = None,
        masks: bytearray | None = None,
        mask_at: array[int] | None = None,
    ) -> None:
        self.names = TextColumn() if names is None else names
        """Every name, folded, briefing after briefing."""
        self.first = _offsets() if first is None else first
        """Per briefing, the number of its first name; then the number of names."""
        self.masks = bytearray() if masks is None else masks
        """Per name, the entries referring to it, as a little-endian int's bytes (bit
        ``i``: the briefing's entry ``span.start + i``), each as wide as its briefing
        needs (``mask_width``)."""
        self.mask_at = _offsets() if mask_at is None else mask_at
        """Per briefing, where its names' masks start in ``masks``; then its length."""
        self.owners: array[int] | None = None
        """Per name, the ordinal of its briefing (see ``_owners``)."""

    def __len__(self) -> int:
        """Number of briefings."""
        return len(self.first) - 1

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NameColumn):
            return NotImplemented
        return (self.names, self.first, self.masks, self.mask_at) == (
            other.names, other.first, other.masks, other.mask_at,
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    def append(self, names: Sequence[str], masks: Iterable[bytes], width: int) -> None:
        """Add one briefing's table: its ``names`` and their ``masks`` (each at most
        ``width`` bytes)."""
        self.names.extend(names)
        self.first.append(len(self.names))
        for mask in masks:
            self.masks += mask
            self.masks += bytes(width - len(mask))
        self.mask_at.append(len(self.masks))

    def table(self, ordinal: int) -> tuple[tuple[str, ...], tuple[bytes, ...]]:
        """Briefing ``ordinal``'s names and their masks (without trailing zero bytes)."""
        first, stop = self.first[ordinal], self.first[ordinal + 1]
        names = tuple(self.names[number] for number in range(first, stop))
        width = self._width(ordinal)
        at = self.mask_at[ordinal]
        masks = tuple(bytes(self.masks[at + k * width : at + (k + 1) * width]).rstrip(b"\0")
                      for k in range(stop - first))  # fmt: skip
        return names, masks

    def _width(self, ordinal: int) -> int:
        count = self.first[ordinal + 1] - self.first[ordinal]
        return (self.mask_at[ordinal + 1] - self.mask_at[ordinal]) // count if count else 0

    def extend_from(self, other: NameColumn, first: int, stop: int) -> None:
        """Add the tables of briefings ``first`` to ``stop`` (excluded) of ``other``."""
        if stop <= first:
            return
        self.names.extend_from(other.names, other.first[first], other.first[stop])
        for mine, theirs, buffer in ((self.first, other.first, None),
                                     (self.mask_at, other.mask_at, other.masks)):  # fmt: skip
            shift = mine[-1] - theirs[first]
            moved = theirs[first + 1 : stop + 1]
            mine.extend(map(shift.__add__, moved) if shift else moved)
            if buffer is not None:
                self.masks += buffer[theirs[first] : theirs[stop]]

    @classmethod
    def of_buffers(
        cls, names: bytearray, first: array[int], masks: bytearray, widths: Sequence[int]
    ) -> NameColumn | None:
        """The column whose names are held in ``names`` (as a TextColumn's buffer), the
        first name of each briefing in ``first`` and their masks in ``masks``, for
        briefings of mask ``widths``; None when these do not fit together."""
        if len(first) != len(widths) + 1 or first[0] != 0:
            return None
        column = TextColumn.of_buffer(names, first[-1])
        counts = list(map(int.__sub__, first[1:], first[:-1]))
        if column is None or min(counts, default=0) < 0:
            return None
        mask_at = array("q", accumulate(map(int.__mul__, counts, widths), initial=0))
        if mask_at[-1] != len(masks):
            return None
        return cls(column, first, masks, mask_at)

    def entries(self, numbers: Sequence[int]) -> dict[int, int]:
        """Per briefing (ordinal) with one of the names ``numbers`` (ascending), the
        union of their masks (an int over its entries)."""
        first, mask_at, take = self.first, self.mask_at, self.masks.__getitem__
        found: dict[int, int] = {}
        for owner, group in groupby(numbers, self._owners().__getitem__):
            start, at = first[owner], mask_at[owner]
            width = (mask_at[owner + 1] - at) // (first[owner + 1] - start)
            base = at - start * width
            places = [base + number * width for number in group]
            masks = map(take, map(slice, places, map(width.__add__, places)))
            found[owner] = reduce(or_, map(_from_bytes, masks, repeat("little")), 0)
        return found

    def _owners(self) -> array[int]:
        """Per name, the ordinal of its briefing (made when first asked for)."""
        owners = self.owners
        if owners is None or len(owners) != len(self.names):
            counts = map(int.__sub__, self.first[1:], self.first[:-1])
            owners = array("i", chain.from_iterable(map(repeat, range(len(self)), counts)))
            self.owners = owners
        return owners
