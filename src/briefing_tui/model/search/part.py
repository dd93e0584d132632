"""One briefing's share of the index, stored beside it in the parse cache.

The worker process that parses a file also indexes it (``part_bytes``): the
columns of ``data.py`` for that briefing alone, entry numbers counted from the
briefing's first entry. A start whose files are all in the cache then puts the
index together from these parts (``assemble``: concatenation with offsets), and a
changed file re-indexes only itself.

A part read back is never trusted: ``decode_part`` checks its CRC-32, its version and that
every column has the length and every number the range it must; a part that
fails is ignored and its briefing indexed again (``SearchIndex.from_sources``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from itertools import chain

import msgspec

from ..format.header import BriefingHeader
from ..format.types import Briefing
from .across_data import AcrossPart, across_part_ok, decode_across, encode_across
from .build import IndexBuilder
from .columns import mask_width
from .data import (
    BRIEFING_FIELDS,
    ENUM_FIELDS,
    HAS_FIELDS,
    KIND_CODE,
    KINDS,
    POSTED_FIELDS,
    TABLE_FIELDS,
    BriefingSpan,
    IndexData,
)
from .folding import fold_text
from .needs import Needs

__all__ = [
    "NO_ACROSS", "PART_VERSION", "IndexPart", "append_part", "assemble", "decode_needed",
    "decode_part", "narrowed", "part_bytes", "part_intact", "part_of",
]  # fmt: skip

PART_VERSION = 3
"""Bumped whenever the index's columns, or how a briefing fills them, change."""


class IndexPart(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """The columns of one briefing (see ``data.py``); numbers relative to its start."""

    version: int
    briefing_id: str
    kinds: bytes
    """One byte per entry, its kind; the kinds come in KINDS order, each contiguous."""
    texts: list[str]
    codes: bytes
    has: bytes
    posted: dict[str, dict[str, list[int]]]
    names: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]]
    dates: tuple[list[int], list[int], list[int]]
    """Entries, starts, ends."""
    keys: dict[str, list[str]]
    """Per briefing-wide field, the briefing's folded values."""
    across: AcrossPart
    """What the entity index, the timeline and ``xid:`` need (``across_data.py``)."""


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(IndexPart)
_checked_decoder = msgspec.msgpack.Decoder(tuple[int, msgspec.Raw])
_builder = IndexBuilder()  # one per process: it remembers folded names across briefings


def part_of(briefing: Briefing) -> IndexPart:
    """Index one briefing alone."""
    _builder.add(briefing)
    data = _builder.finish()
    keys: dict[str, list[str]] = {name: [] for name in BRIEFING_FIELDS}
    for name, values in data.briefing_keys.items():
        for value in values:
            keys[name].append(value)
    return IndexPart(
        PART_VERSION,
        briefing.id,
        bytes(data.kinds),
        data.texts,
        bytes(data.codes),
        bytes(data.has),
        {name: {v: n.tolist() for v, n in data.posted[name].items()} for name in POSTED_FIELDS},
        {name: data.names[name].table(0) for name in TABLE_FIELDS},
        (data.dates.entries.tolist(), data.dates.starts.tolist(), data.dates.ends.tolist()),
        keys,
        decode_across(data.across[0], AcrossPart),
    )


def part_bytes(briefing: Briefing | None) -> bytes | None:
    """``part_of(briefing)`` encoded for the parse cache (None without a briefing),
    as the pair (CRC-32 of the part's encoding, that encoding)."""
    if briefing is None:
        return None
    body = _encoder.encode(part_of(briefing))
    return _encoder.encode((zlib.crc32(body), msgspec.Raw(body)))


def _kind_runs(kinds: bytes) -> bool:
    """Whether each kind's entries are contiguous and in KINDS order."""
    runs = b"".join(bytes((code,)) * kinds.count(code) for code in range(len(KINDS)))
    return runs == kinds


def part_intact(encoded: bytes | msgspec.Raw) -> bool:
    """Whether a stored part's CRC-32 holds (its columns are not checked: ``decode_part``)."""
    try:
        check, body = _checked_decoder.decode(encoded)
    except msgspec.DecodeError:
        return False
    return zlib.crc32(body) == check


def decode_part(encoded: bytes | msgspec.Raw, header: BriefingHeader) -> IndexPart | None:
    """The part of the briefing of ``header``, or None if it is damaged, old or not its."""
    try:
        check, body = _checked_decoder.decode(encoded)
        if zlib.crc32(body) != check:
            return None
        part = _decoder.decode(body)
    except msgspec.DecodeError:
        return None
    fits = _fits(part, header, len(part.texts), part.posted, part.names, part.dates)
    if not fits or not across_part_ok(part.across, header.incidents, header.quotes):
        return None
    return part


def _fits(
    part: IndexPart | _Columns,
    header: BriefingHeader,
    texts: int | None,
    posted: dict[str, dict[str, list[int]]],
    names: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]],
    dates: tuple[list[int], list[int], list[int]],
) -> bool:
    """Whether the columns read of a part (``texts`` words, None: not read) fit together
    and fit the briefing of ``header``."""
    size = len(part.kinds)
    if (
        part.version != PART_VERSION
        or part.briefing_id != header.id
        or (texts is not None and texts != size)
        or len(part.codes) != size * len(ENUM_FIELDS)
        or len(part.has) != size * len(HAS_FIELDS)
        or not _kind_runs(part.kinds)
        or part.kinds.count(KIND_CODE["briefing"]) != 1
        or part.kinds.count(KIND_CODE["incident"]) != header.incidents
        or part.kinds.count(KIND_CODE["quote"]) != header.quotes
        or set(part.posted) != set(POSTED_FIELDS)
        or set(part.names) != set(TABLE_FIELDS)
        or set(part.keys) != set(BRIEFING_FIELDS)
        or fold_text(header.id) not in part.keys["briefing"]
    ):
        return False
    entries, starts, ends = dates
    if not len(entries) == len(starts) == len(ends) or not _within(entries, size):
        return False
    lists = chain.from_iterable(table.values() for table in posted.values())
    if not _within(list(chain.from_iterable(lists)), size):  # every number, gathered in C
        return False
    width = (size + 7) // 8
    return all(
        len(found) == len(masks) and all(len(mask) <= width for mask in masks)
        for found, masks in names.values()
    )


class _Columns(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """An :class:`IndexPart` as ``decode_needed`` reads it: each big column left encoded."""

    version: int
    briefing_id: str
    kinds: bytes
    texts: msgspec.Raw
    codes: bytes
    has: bytes
    posted: dict[str, msgspec.Raw]
    names: dict[str, msgspec.Raw]
    dates: msgspec.Raw
    keys: dict[str, list[str]]
    across: msgspec.Raw


_columns_decoder = msgspec.msgpack.Decoder(_Columns)
_texts_decoder = msgspec.msgpack.Decoder(list[str])
_posted_decoder = msgspec.msgpack.Decoder(dict[str, list[int]])
_names_decoder = msgspec.msgpack.Decoder(tuple[tuple[str, ...], tuple[bytes, ...]])
_dates_decoder = msgspec.msgpack.Decoder(tuple[list[int], list[int], list[int]])
NO_ACROSS = AcrossPart((), "", ())
"""The across facts of a part read by ``decode_needed`` (they are not read)."""


def decode_needed(
    encoded: bytes | msgspec.Raw, header: BriefingHeader, needs: Needs
) -> IndexPart | None:
    """The part of the briefing of ``header`` with only the columns ``needs`` names (as
    ``needs.py`` says for one query) and the small ones, every other column empty (the
    across facts ``NO_ACROSS``), or None if it is damaged, old or not its; the items'
    words, when they hold none of ``needs.words``, as ``""`` each (not decoded). Each
    column read is checked as ``decode_part`` checks it (the CRC covers every byte)."""
    try:
        check, body = _checked_decoder.decode(encoded)
        if zlib.crc32(body) != check:
            return None
        part = _columns_decoder.decode(body)
        size = len(part.kinds)
        texts: list[str] = []
        if needs.words:
            raw = bytes(part.texts)
            if any(word.encode("utf-8", "surrogatepass") in raw for word in needs.words):
                texts = _texts_decoder.decode(raw)
            else:
                texts = [""] * size
        posted = {name: _posted_decoder.decode(part.posted[name]) for name in needs.posted}
        names = {name: _names_decoder.decode(part.names[name]) for name in needs.names}
        dates = _dates_decoder.decode(part.dates) if needs.dates else ([], [], [])
    except (msgspec.DecodeError, KeyError):
        return None
    if not _fits(part, header, len(texts) if needs.words else None, posted, names, dates):
        return None
    return IndexPart(
        PART_VERSION, part.briefing_id, part.kinds, texts, part.codes, part.has,
        {name: posted.get(name, {}) for name in POSTED_FIELDS}, names, dates, part.keys,
        NO_ACROSS,
    )  # fmt: skip


def narrowed(part: IndexPart, needs: Needs) -> IndexPart:
    """``part`` with only the columns ``needs`` names and the small ones, as
    ``decode_needed`` reads it (a briefing indexed again beside parts read so)."""
    return msgspec.structs.replace(
        part,
        texts=part.texts if needs.words else [],
        posted={name: part.posted[name] if name in needs.posted else {}
                for name in POSTED_FIELDS},
        names={name: part.names[name] for name in needs.names},
        dates=part.dates if needs.dates else ([], [], []),
        across=NO_ACROSS,
    )  # fmt: skip


def _within(numbers: list[int], size: int) -> bool:
    return not numbers or (min(numbers) >= 0 and max(numbers) < size)


def assemble(parts: Iterable[IndexPart]) -> IndexData:
    """The columns of an index over ``parts``, one after another."""
    data = IndexData()
    for part in parts:
        append_part(data, part)
    return data


def append_part(data: IndexData, part: IndexPart) -> None:
    """Add the columns of ``part`` after those of ``data``'s briefings."""
    ordinal = len(data.spans)
    start = len(data.kinds)
    shift = start.__add__
    data.kinds += part.kinds
    data.texts += part.texts
    data.codes += part.codes
    data.has += part.has
    for name, table in part.posted.items():
        posted = data.posted[name]
        for value, numbers in table.items():
            posted[value].extend(map(shift, numbers) if start else numbers)
    width = mask_width(len(part.kinds))
    for name, (names, masks) in part.names.items():
        data.names[name].append(names, masks, width)
    entries, starts, ends = part.dates
    data.dates.entries.extend(map(shift, entries))
    data.dates.starts.extend(starts)
    data.dates.ends.extend(ends)
    for name, values in part.keys.items():
        for value in values:
            data.briefing_keys[name][value].append(ordinal)
    data.across.append(encode_across(part.across))
    ranges = {}
    position = start
    for code, kind in enumerate(KINDS):
        count = part.kinds.count(code)
        ranges[kind] = (position, position + count)
        position += count
    data.spans.append(BriefingSpan(part.briefing_id, start, len(data.kinds), ranges))
