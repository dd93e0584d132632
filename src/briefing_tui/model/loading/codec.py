"""A compact binary form of one file's result, for worker processes and the parse cache.

``encode_result`` turns a ``FileResult`` into msgpack bytes (the briefing's header,
its problems, the briefing and its index part, without the path); ``decode_result`` rebuilds an
equal ``FileResult`` for the path it is given. It decodes the header and the
problems at once and leaves the briefing encoded until the result's ``briefing``
is first read: a library list needs only headers. Partial dates travel as the
text written in the file and are parsed again on the way back (memoised: a
library repeats the same dates a lot). Any change to this encoding bumps
``LOADER_VERSION``, so that no cache written before it is read.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import msgspec

from ..format.dates import PartialDate
from ..format.header import BriefingHeader
from ..format.problems import Problem, Severity
from ..format.result import FileResult
from ..format.types import Briefing

if TYPE_CHECKING:
    from .yaml_reader import Limits

__all__ = ["Payload", "decode_result", "encode_result"]

Payload = bytes | msgspec.Raw
"""An encoded result: bytes from a worker, or a view into a cache file."""

_NO_PART = msgspec.Raw(b"\xc0")  # msgpack's nil: no index part
_ProblemRow = tuple[int, int, Severity, str, str]


class _Result(msgspec.Struct, array_like=True, frozen=True, gc=False):
    header: BriefingHeader | None
    problems: tuple[_ProblemRow, ...]
    briefing: Briefing | None
    index_part: msgspec.Raw
    """Encoded by ``model/search/part.py``, or msgpack's nil (``_NO_PART``)."""


class _Deferred(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """``_Result`` as read back: the briefing stays bytes (a view, not a copy)."""

    header: BriefingHeader | None
    problems: tuple[_ProblemRow, ...]
    briefing: msgspec.Raw
    index_part: msgspec.Raw


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
_decoder = msgspec.msgpack.Decoder(_Deferred, dec_hook=_dec_hook)
_briefing_decoder = msgspec.msgpack.Decoder(Briefing, dec_hook=_dec_hook)


def encode_result(result: FileResult) -> bytes:
    """The result as msgpack bytes, or ``ValueError`` if it cannot travel that way.

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
        part = result.index_part
        if part is None:
            part = _NO_PART
        elif isinstance(part, bytes):
            part = msgspec.Raw(part)
        return _encoder.encode(_Result(result.header, tuple(rows), result.briefing, part))
    except (TypeError, ValueError, OverflowError, NotImplementedError) as error:
        raise ValueError(f"cannot encode the result: {error}") from error


def decode_result(path: str, payload: Payload, limits: Limits | None = None) -> FileResult:
    """The ``FileResult`` of ``path`` from ``encode_result``'s bytes.

    Raises ``msgspec.DecodeError`` (or its subclass ``ValidationError``) when the
    header or problems are damaged. Damage inside the briefing shows only when it
    is decoded: the file is then read again (``load_file`` with ``limits``), so a
    damaged cache entry costs a parse, never a wrong or missing briefing.
    """
    decoded = _decoder.decode(payload)
    problems = tuple(Problem(path, *row) for row in decoded.problems)
    if decoded.header is None:
        return FileResult(path, None, problems)
    decode = partial(_briefing, path, decoded.briefing, limits)
    result = FileResult.deferred(path, decoded.header, problems, decode)
    if len(decoded.index_part) > 1:  # not nil
        result.index_part = decoded.index_part  # a view, as the briefing's bytes are
    return result


def _briefing(path: str, encoded: msgspec.Raw, limits: Limits | None) -> Briefing | None:
    try:
        return _briefing_decoder.decode(encoded)
    except msgspec.DecodeError:
        from .loader import load_file  # a damaged entry: rare, so imported only then

        return load_file(path, limits).briefing
