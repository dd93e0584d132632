"""A compact binary form of one file's result, for worker processes and the parse cache.

``encode_result`` turns a ``FileResult`` into bytes: a 12-byte prefix (the lengths of
the three sections, little-endian), then the *head* (msgpack: the briefing's header, its
problems without the path, its content hash for "updated" and the digest of its index
part, both worked out by the process that parsed the file), the briefing's index part
(``model/search/part.py``) and the briefing itself (msgpack). ``decode_result``
rebuilds an equal ``FileResult`` for the path it is given: it decodes the head at once
and leaves the part and the briefing where they are (:class:`Region`: a slice of the
bytes, or of a parse cache file on disk), read and decoded only when asked for. A
library list needs only headers; a library of 20,000 briefings keeps neither their
bytes nor their objects in memory.

Partial dates travel as the text written in the file and are parsed again on the way
back (memoised: a library repeats the same dates a lot). Any change to this encoding
bumps ``LOADER_VERSION``, so that no cache written before it is read.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

from ..format.dates import PartialDate
from ..format.header import BriefingHeader
from ..format.problems import Problem, Severity
from ..format.result import FileResult
from ..format.types import Briefing, Entity, Incident, Quote, Source
from ..state.records import encoded_hash

if TYPE_CHECKING:
    from .limits import Limits

__all__ = ["Blob", "Pieces", "Region", "decode_items", "decode_pieces",
           "decode_result", "encode_result", "part_digest", "split_payload",
           "take_stamps"]  # fmt: skip

_PREFIX = struct.Struct("<III")
_ProblemRow = tuple[int, int, Severity, str, str]


class Blob(Protocol):
    """Where regions live: bytes in memory, or a cache file on disk."""

    def read(self, at: int, size: int) -> bytes | memoryview:
        """``size`` bytes from offset ``at``; ``OSError`` if they cannot be read."""
        ...


class BytesBlob:
    """A payload in memory (from a worker process, until the cache is written)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, at: int, size: int) -> memoryview:
        return memoryview(self.data)[at : at + size]


class Region:
    """Some bytes of a blob, read when asked for. ``where`` is replaced whole (one
    assignment) when the bytes move, e.g. from a worker's payload into the cache file
    just written; a reader in another thread sees the old place or the new, never half."""

    __slots__ = ("size", "where")

    def __init__(self, blob: Blob, at: int, size: int) -> None:
        self.where = (blob, at)
        self.size = size

    def read(self) -> bytes | memoryview:
        blob, at = self.where
        return blob.read(at, self.size)

    def move(self, blob: Blob, at: int) -> None:
        self.where = (blob, at)


class _Head(msgspec.Struct, array_like=True, frozen=True, gc=False):
    header: BriefingHeader | None
    problems: tuple[_ProblemRow, ...]
    content: int
    """The briefing's content hash (``content_hash``; 0 without a briefing)."""
    digest: int
    """The index part's digest (``part_digest``; 0 without a part)."""


def part_digest(part: bytes | memoryview) -> int:
    """A 64-bit digest of an index part as stored (``FileResult.part_digest``)."""
    return int.from_bytes(hashlib.blake2b(part, digest_size=8).digest(), "little")


Pieces = tuple[bytes | memoryview, Region, Region]
r"""A result as its head (encoded), its index part and its briefing (``Region``\s)."""


def _enc_hook(value: object) -> object:
    if isinstance(value, PartialDate):
        return value.text
    raise NotImplementedError(f"cannot encode {type(value).__name__}")


_MEMO_LIMIT = 200_000
_dates: dict[str, PartialDate] = {}


def _dec_hook(kind: type, value: Any) -> object:
    if kind is PartialDate and isinstance(value, str):
        date = _dates.get(value)
        if date is None:
            if len(_dates) >= _MEMO_LIMIT:
                _dates.clear()
            date = _dates[value] = PartialDate.parse(value)
        return date
    raise NotImplementedError(f"cannot decode {kind.__name__}")


_encoder = msgspec.msgpack.Encoder(enc_hook=_enc_hook)
_head_decoder = msgspec.msgpack.Decoder(_Head, dec_hook=_dec_hook)
_briefing_decoder = msgspec.msgpack.Decoder(Briefing, dec_hook=_dec_hook)


def encode_result(result: FileResult) -> bytes:
    """The result as bytes (see the module docstring), or ``ValueError`` if it cannot
    travel that way.

    Very rare briefings cannot (an integer beyond 64 bits in ``extensions``); the
    caller then keeps the result as it is and does not cache it.
    """
    rows: list[_ProblemRow] = []
    for problem in result.problems:
        if problem.path != result.path:
            raise ValueError("a problem names another file")
        rows.append(
            (problem.line, problem.column, problem.severity, problem.field, problem.message)
        )
    try:
        part = bytes(result.index_part or b"")
        body = _encoder.encode(result.briefing) if result.briefing is not None else b""
        content = encoded_hash(body) if result.briefing is not None else 0
        digest = part_digest(part) if part else 0
        head = _encoder.encode(_Head(result.header, tuple(rows), content, digest))
    except (TypeError, ValueError, OverflowError, NotImplementedError) as error:
        raise ValueError(f"cannot encode the result: {error}") from error
    return b"".join((_PREFIX.pack(len(head), len(part), len(body)), head, part, body))


def split_payload(payload: bytes) -> Pieces:
    """``encode_result``'s bytes as their three pieces (``msgspec.DecodeError`` when the
    lengths do not add up)."""
    if len(payload) < _PREFIX.size:
        raise msgspec.DecodeError("a payload too short for its prefix")
    heads, parts, bodies = _PREFIX.unpack_from(payload)
    if _PREFIX.size + heads + parts + bodies != len(payload):
        raise msgspec.DecodeError("a payload whose lengths do not add up")
    blob = BytesBlob(payload)
    at = _PREFIX.size + heads
    head = memoryview(payload)[_PREFIX.size : at]
    return head, Region(blob, at, parts), Region(blob, at + parts, bodies)


def decode_result(path: str, payload: bytes, limits: Limits | None = None) -> FileResult:
    """The ``FileResult`` of ``path`` from ``encode_result``'s bytes (see
    :func:`decode_pieces`)."""
    return decode_pieces(path, split_payload(payload), limits)


def decode_pieces(path: str, pieces: Pieces, limits: Limits | None = None) -> FileResult:
    """The ``FileResult`` of ``path`` from its pieces.

    Raises ``msgspec.DecodeError`` (or its subclass ``ValidationError``) when the
    header or problems are damaged. Damage inside the briefing shows only when it
    is decoded: the file is then read again (``load_file`` with ``limits``), so a
    damaged cache entry costs a parse, never a wrong or missing briefing. The index
    part is read when asked for (``FileResult.index_part``), and checked before use.
    """
    head, part, body = pieces
    decoded = _head_decoder.decode(head)
    rows = decoded.problems
    if decoded.header is None:
        return FileResult(path, None, _problems(path, rows))
    # The problems of a briefing that loaded (warnings, notes) are made when asked for:
    # no list shows them (a warm start of 20,000 files: 11,000 problems).
    problems = partial(_problems, path, rows) if rows else ()
    decode = partial(_briefing, path, body, limits)
    result = FileResult.deferred(path, decoded.header, problems, decode, partial(_read, body))
    result.content_hash = decoded.content
    if part.size:
        result.defer_index_part(partial(_read_part, part))
        result.part_digest = decoded.digest
    return result


def _problems(path: str, rows: tuple[_ProblemRow, ...]) -> tuple[Problem, ...]:
    return tuple(Problem(path, *row) for row in rows)


def take_stamps(result: FileResult, pieces: Pieces) -> None:
    """Give ``result`` (parsed in this process) the content hash and part digest that
    its encoding ``pieces`` carry, as a result read from them has."""
    decoded = _head_decoder.decode(pieces[0])
    if decoded.header is not None:
        result.content_hash = decoded.content
        if pieces[1].size:
            result.part_digest = decoded.digest


def _read_part(part: Region) -> bytes | None:
    try:
        return bytes(part.read())
    except OSError:  # the cache file went away: the part is made again
        return None


def _read(body: Region) -> bytes | memoryview | None:
    try:
        return body.read()
    except OSError:
        return None


_item_decoders: dict[str, msgspec.msgpack.Decoder[Any]] = {
    "sources": msgspec.msgpack.Decoder(Source, dec_hook=_dec_hook),
    "entities": msgspec.msgpack.Decoder(Entity, dec_hook=_dec_hook),
    "incidents": msgspec.msgpack.Decoder(Incident, dec_hook=_dec_hook),
    "quotes": msgspec.msgpack.Decoder(Quote, dec_hook=_dec_hook),
}


@cache
def _collections_decoder(names: frozenset[str]) -> msgspec.msgpack.Decoder[Any]:
    """A decoder of a briefing's lists ``names`` only, each item left encoded (every
    other field is skipped over)."""
    fields = [(name, tuple[msgspec.Raw, ...], ()) for name in sorted(names)]
    return msgspec.msgpack.Decoder(msgspec.defstruct("Collections", fields, gc=False))


def decode_items(
    encoded: bytes | memoryview, wanted: Sequence[tuple[str, int]]
) -> list[Source | Entity | Incident | Quote]:
    """Some items of a briefing kept encoded (``FileResult.encoded``): per
    ``(collection, position)`` of ``wanted``, that item of ``briefing.<collection>``
    (``sources``, ``entities``, ``incidents`` or ``quotes``). Only those items are
    decoded, the rest of the briefing is skipped over in C: a command that prints a
    few items of many briefings reads each several times faster than whole.
    ``msgspec.DecodeError`` when the bytes are damaged, ``IndexError`` when a
    position is beyond its list (decode the briefing then)."""
    lists = _collections_decoder(frozenset(name for name, _ in wanted)).decode(encoded)
    return [
        _item_decoders[name].decode(getattr(lists, name)[position]) for name, position in wanted
    ]


def _briefing(path: str, body: Region, limits: Limits | None) -> Briefing | None:
    try:
        return _briefing_decoder.decode(body.read())
    except (msgspec.DecodeError, OSError):
        from .loader import load_file  # a damaged entry: rare, so imported only then

        return load_file(path, limits).briefing
