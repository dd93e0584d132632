"""One file's outcome: its briefing (or none) and every problem found in it."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from .header import BriefingHeader, header_of
from .problems import Problem
from .types import Briefing

__all__ = ["FileResult"]


class FileResult:
    """One file's outcome: a briefing when it has no errors, and every problem found.

    ``header`` (what a library list shows) is always at hand. A result read from
    the parse cache or sent by a worker process keeps its briefing encoded until
    ``briefing`` is first read; decoding then happens once, in whichever thread
    asks (two threads asking at once both get an equal briefing); so are the
    problems of a briefing that loaded (its warnings and notes, which no list shows).
    Results compare equal when their path, briefing and problems are equal, however
    they were made.
    """

    __slots__ = (
        "_briefing", "_decode", "_encoded", "_index_part", "_problems", "content_hash",
        "header", "part_digest", "path",
    )  # fmt: skip

    def __init__(self, path: str, briefing: Briefing | None, problems: tuple[Problem, ...]) -> None:
        self.path = path
        self._problems: tuple[Problem, ...] | Callable[[], tuple[Problem, ...]] = problems
        self.header = header_of(briefing) if briefing is not None else None
        self._briefing = briefing
        self._decode: Callable[[], Briefing | None] | None = None
        self._encoded: Callable[[], bytes | memoryview | None] | None = None
        self._index_part: bytes | msgspec.Raw | Callable[[], bytes | None] | None = None
        self.content_hash: int | None = None
        """The briefing's content hash (``model.state.records.content_hash``), when the
        process that parsed the file worked it out (stored in the parse cache)."""
        self.part_digest: int | None = None
        """A 64-bit digest of the stored ``index_part``, when stored: what a stored index
        (``model/search/stored.py``) is keyed by."""

    @classmethod
    def deferred(
        cls,
        path: str,
        header: BriefingHeader,
        problems: tuple[Problem, ...] | Callable[[], tuple[Problem, ...]],
        decode: Callable[[], Briefing | None],
        encoded: Callable[[], bytes | memoryview | None] | None = None,
    ) -> FileResult:
        """A result whose briefing ``decode()`` gives when first asked for, and whose
        ``encoded()`` are the bytes it is decoded from; ``problems`` may be made when
        first asked for too (a callable)."""
        result = cls.__new__(cls)  # every slot set here (20,000 at a warm start)
        result.path = path
        result._problems = problems
        result.header = header
        result._briefing = None
        result._decode = decode
        result._encoded = encoded
        result._index_part = None
        result.content_hash = None
        result.part_digest = None
        return result

    @property
    def index_part(self) -> bytes | msgspec.Raw | None:
        """The briefing's share of the search index, encoded (``model/search/part.py``),
        when the loader made one; it is checked before use, never trusted. A part kept
        in the parse cache is read from it each time it is asked for (not kept)."""
        part = self._index_part
        return part() if callable(part) else part

    @index_part.setter
    def index_part(self, part: bytes | msgspec.Raw | None) -> None:
        self._index_part = part

    def defer_index_part(self, read: Callable[[], bytes | None]) -> None:
        """The index part is what ``read()`` gives, when asked for."""
        self._index_part = read

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found in the file, in file order."""
        problems = self._problems
        if callable(problems):
            problems = self._problems = problems()
        return problems

    @property
    def briefing(self) -> Briefing | None:
        decode = self._decode
        if decode is not None:
            self._briefing = decode()
            self._decode = None
        return self._briefing

    def decode(self) -> Briefing | None:
        """The briefing, like ``briefing``, but a briefing still encoded is decoded
        without being kept (a library keeps only those recently asked for)."""
        decode = self._decode
        return decode() if decode is not None else self._briefing

    def encoded(self) -> bytes | memoryview | None:
        """The briefing as the loader keeps it encoded (``loading/codec.py``), read now,
        for a reader of a few of its items; None when it is not kept so (parsed in this
        process) or cannot be read: ask ``decode()`` then."""
        encoded = self._encoded
        return encoded() if encoded is not None else None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def notes(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "note")

    @property
    def ok(self) -> bool:
        return self.header is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileResult):
            return NotImplemented
        return (self.path, self.problems, self.briefing) == (
            other.path,
            other.problems,
            other.briefing,
        )

    __hash__ = None  # type: ignore[assignment]  # equal results may hash apart

    def __repr__(self) -> str:
        shown = f"path={self.path!r}, briefing={self.briefing!r}, problems={self.problems!r}"
        return f"FileResult({shown})"

    def __reduce__(
        self,
    ) -> tuple[type[FileResult], tuple[str, Briefing | None, tuple[Problem, ...]]]:
        return (FileResult, (self.path, self.briefing, self.problems))
