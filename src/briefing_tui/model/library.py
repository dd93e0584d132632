"""A library of briefings and the back-links a reader follows.

Ids of sources, quotes and the rest are file-local, so links are kept per
briefing (``BriefingLinks``) and built on first use: a library of thousands of
files pays only for the briefings someone opens.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left, bisect_right, insort
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, KeysView
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .format.header import BriefingHeader
from .format.problems import Problem
from .format.result import FileResult
from .format.types import Briefing, Entity, Handling, Incident, Note, Quote, Source

if TYPE_CHECKING:
    from .format.dates import PartialDate
    from .loading.yaml_reader import Limits
    from .search.index import SearchIndex

RECENT = 64
"""Briefings a library keeps decoded (the last asked for): opened ones, result rows."""

__all__ = ["BriefingLinks", "FileUpdate", "Item", "Library", "LibraryLoad", "load_library"]

Item = Source | Entity | Incident | Quote | Note
"""Any object with an id inside a briefing."""


@dataclass(frozen=True, slots=True)
class BriefingLinks:
    """Everything one briefing's objects point at, read backwards."""

    items: dict[str, Item]
    """id -> object."""
    supported_by: dict[str, tuple[str, ...]]
    """quote id -> ids of the incidents it supports."""
    cited_by: dict[str, tuple[str, ...]]
    """source id -> ids of what cites it (incidents, quotes, entities, ``summary``)."""
    appears_in: dict[str, tuple[str, ...]]
    """entity id -> ids of incidents, quotes, entities and notes it appears in."""
    about: dict[str, tuple[str, ...]]
    """any id -> ids of the notes and quotes that are about it."""

    @classmethod
    def build(cls, briefing: Briefing) -> BriefingLinks:
        items: dict[str, Item] = {}
        for collection in (
            briefing.sources, briefing.entities, briefing.incidents, briefing.quotes, briefing.notes
        ):  # fmt: skip
            for item in collection:
                items.setdefault(item.id, item)
        supported: defaultdict[str, list[str]] = defaultdict(list)
        cited: defaultdict[str, list[str]] = defaultdict(list)
        appears: defaultdict[str, list[str]] = defaultdict(list)
        about: defaultdict[str, list[str]] = defaultdict(list)

        def add(table: defaultdict[str, list[str]], key: str, value: str) -> None:
            if value not in table[key]:
                table[key].append(value)

        if not isinstance(briefing.summary, str):
            for source in briefing.summary.sources:
                add(cited, source, "summary")
        for incident in briefing.incidents:
            for quote_id in incident.quotes:
                add(supported, quote_id, incident.id)
            when_sources = incident.when.sources if incident.when else ()
            for source in (*incident.sources, *when_sources):
                add(cited, source, incident.id)
            for actor in incident.actors:
                add(appears, actor.entity, incident.id)
            for location in incident.locations:
                add(appears, location, incident.id)
        for quote in briefing.quotes:
            add(cited, quote.source, quote.id)
            if quote.original_source:
                add(cited, quote.original_source, quote.id)
            if quote.speaker:
                add(appears, quote.speaker, quote.id)
            for target in quote.about:
                add(about, target, quote.id)
        for entity in briefing.entities:
            for source in entity.sources:
                add(cited, source, entity.id)
            if entity.parent:
                add(appears, entity.parent, entity.id)
            for member in entity.members:
                add(appears, member, entity.id)
        for note in briefing.notes:
            for target in note.about:
                add(about, target, note.id)
                if target.startswith("ent-"):
                    add(appears, target, note.id)

        def freeze(table: defaultdict[str, list[str]]) -> dict[str, tuple[str, ...]]:
            return {key: tuple(values) for key, values in table.items()}

        return cls(items, freeze(supported), freeze(cited), freeze(appears), freeze(about))


@dataclass(frozen=True, slots=True)
class FileUpdate:
    """What a reload did to one file of a library (``Library.reload``)."""

    path: str
    before: FileResult | None
    """The briefing the file gave before (None: it gave none)."""
    after: FileResult | None
    """The briefing it gives now (None: deleted, or it fails with no good version kept).
    ``after is before`` when the file became invalid: the last good version stays."""
    invalid: FileResult | None = None
    """The file's failure now (its problems), when it does not load."""

    @property
    def changed(self) -> bool:
        """Whether the library holds another briefing for this file than before."""
        return self.after is not self.before


@dataclass(slots=True)
class Library:
    """Briefings loaded from files, newest first, plus the files that failed.

    Kept as ``FileResult``s: listing, sorting and marking use their headers
    only, and a briefing is decoded when first asked for (``get``, ``briefings``),
    so a library from the parse cache is on screen before its briefings are.
    """

    entries: list[FileResult] = field(default_factory=list)
    """The files that loaded, newest briefing first."""
    results: list[FileResult] = field(default_factory=list)
    """Every file's outcome, in the order added."""
    _by_id: dict[str, FileResult] = field(default_factory=dict)
    _links: dict[str, BriefingLinks] = field(default_factory=dict)
    _recent: OrderedDict[str, Briefing] = field(default_factory=OrderedDict)
    _recent_lock: threading.Lock = field(default_factory=threading.Lock)
    _order: list[tuple[int, int, str, str]] = field(default_factory=list)
    """The place key of each of ``entries``, in the same order (ascending:
    ``_place_key``), so a briefing's place is one bisection."""
    _handlings: dict[tuple[str, str | None], tuple[tuple[int, int], Handling]] = field(
        default_factory=dict
    )
    """(TLP, banner) -> the newest briefing's date order (``_date_order``) with it, and
    its handling."""
    broken: list[FileResult] = field(default_factory=list)
    """Files that did not load, in the order added."""

    @classmethod
    def from_results(cls, results: Iterable[FileResult]) -> Library:
        library = cls()
        library.extend(results)
        return library

    def _skip(self, holder: FileResult, kept: str) -> None:
        """``holder`` loses its id to ``kept``: it becomes a failed file, in place."""
        assert holder.header is not None
        place = self.position(holder.header.id)
        assert place is not None
        del self.entries[place], self._order[place]
        del self._by_id[holder.header.id]
        number = next(n for n, known in enumerate(self.results) if known is holder)
        self.results[number] = _skipped(holder, kept)
        self.broken[:] = sorted(  # rare: a clash
            (result for result in self.results if not result.ok), key=_failure_key
        )

    def copy(self) -> Library:
        """Another library holding the same results, changed apart from this one (the
        watcher's thread works out a reload's order on a copy: ``model.reload``)."""
        return Library(
            list(self.entries), list(self.results), dict(self._by_id),
            _order=list(self._order), _handlings=dict(self._handlings), broken=list(self.broken),
        )  # fmt: skip

    def reload(
        self, results: Iterable[FileResult], removed: Iterable[str] = ()
    ) -> list[FileUpdate]:
        """Files changed on disk: take their new ``results`` and forget the ``removed``
        paths. A file that fails now keeps its last good briefing in the library (beside
        its failure, listed with the broken files), so a half-saved edit hides nothing."""
        by_path = {entry.path: entry for entry in self.entries}
        updates: list[FileUpdate] = []
        for path in removed:
            before = by_path.pop(path, None)
            if before is not None:
                self._remove_entry(before)
            self._remove_failures(path)
            updates.append(FileUpdate(path, before, None))
        for result in results:
            path = result.path
            before = by_path.get(path)
            self._remove_failures(path)
            if not result.ok and before is not None:  # the last good version stays
                self.results.append(result)
                self._add_failure(result)
                updates.append(FileUpdate(path, before, before, result))
                continue
            if before is not None:
                self._remove_entry(before)
            self._add(result)
            added = self.results[-1]
            updates.append(FileUpdate(path, before, added if added.ok else None,
                                      None if added.ok else added))  # fmt: skip
        self._handlings.clear()  # a briefing may have left: the marking is made again
        for header in self.headers:
            self._note_handling(header)
        return updates

    def _remove_entry(self, entry: FileResult) -> None:
        assert entry.header is not None
        briefing_id = entry.header.id
        place = self.position(briefing_id)
        assert place is not None
        del self.entries[place], self._order[place]
        del self._by_id[briefing_id]
        self.results[:] = [result for result in self.results if result is not entry]
        self._links.pop(briefing_id, None)
        with self._recent_lock:
            self._recent.pop(briefing_id, None)

    def _add_failure(self, result: FileResult) -> None:
        """List a failed file with the broken files, kept in path order whatever order
        the files were parsed in."""
        insort(self.broken, result, key=_failure_key)

    def _remove_failures(self, path: str) -> None:
        if any(failure.path == path for failure in self.broken):
            self.broken[:] = [failure for failure in self.broken if failure.path != path]
            self.results[:] = [r for r in self.results if r.ok or r.path != path]

    def extend(self, results: Iterable[FileResult]) -> None:
        """Add files' outcomes; keeps briefings sorted newest first (ties: by path). Each
        result is inserted in its place: the cost of a batch grows with the batch (and
        the briefings of its dates), not with the library loaded so far."""
        for result in results:
            self._add(result)

    def _add(self, result: FileResult) -> None:
        header = result.header
        holder = self._by_id.get(header.id) if header is not None else None
        if holder is not None and _path_key(result.path) < _path_key(holder.path):
            self._skip(holder, kept=result.path)  # the file whose path sorts first wins
            holder = None
        if header is not None and holder is not None:
            result, header = _skipped(result, kept=holder.path), None
        self.results.append(result)
        if header is None:
            self._add_failure(result)
            return
        date_order = _date_order(header.date)
        self._note_handling(header, date_order)
        self._by_id[header.id] = result
        path = result.path
        key = (*date_order, path.casefold(), path)  # ``_place_key``
        order = self._order
        if not order or key >= order[-1]:  # the common case: files come newest first
            self.entries.append(result)
            order.append(key)
            return
        place = bisect_right(order, key)
        self.entries.insert(place, result)
        order.insert(place, key)

    def _note_handling(
        self, header: BriefingHeader, date_order: tuple[int, int] | None = None
    ) -> None:
        handling = header.handling
        order = _date_order(header.date) if date_order is None else date_order
        pair = (handling.tlp, handling.banner)
        seen = self._handlings.get(pair)
        if seen is None or order < seen[0]:  # a newer briefing with it
            self._handlings[pair] = (order, handling)

    @property
    def handlings(self) -> list[Handling]:
        """Each distinct (TLP, banner) of the briefings, in the order of the newest
        briefing with it: what the library's marking combines, kept as files are added
        (thousands of briefings share a few)."""
        ordered = sorted(self._handlings.values(), key=lambda seen: seen[0])
        return [handling for _, handling in ordered]

    @property
    def headers(self) -> list[BriefingHeader]:
        """Every briefing's header, newest first (nothing is decoded)."""
        return [entry.header for entry in self.entries if entry.header is not None]

    @property
    def briefings(self) -> list[Briefing]:
        """Every briefing, newest first (decoding each: keep the list only as long as
        it is needed)."""
        return [b for entry in self.entries if (b := entry.decode()) is not None]

    def get(self, briefing_id: str) -> Briefing | None:
        """The briefing ``briefing_id``; the ``RECENT`` last asked for stay decoded,
        the others are decoded again when asked for (memory does not grow with the
        library). Safe from any thread."""
        entry = self._by_id.get(briefing_id)
        if entry is None:
            return None
        with self._recent_lock:
            briefing = self._recent.get(briefing_id)
            if briefing is not None:
                self._recent.move_to_end(briefing_id)
                return briefing
        briefing = entry.decode()
        if briefing is not None:
            with self._recent_lock:
                self._recent[briefing_id] = briefing
                if len(self._recent) > RECENT:
                    self._recent.popitem(last=False)
        return briefing

    def search_index(
        self,
        cancelled: Callable[[], bool] | None = None,
        stored: Path | None = None,
        finish_later: bool = False,
    ) -> SearchIndex | None:
        """The search index of every briefing, newest first: from the index kept in the
        file ``stored`` (``model/search/stored.py``), each briefing that differs from it
        (or every one, without it) from the part stored with it (those missing or
        damaged are indexed again); None if ``cancelled()`` says so meanwhile. With
        ``finish_later``, what the filter's first answers do not need of ``stored`` is
        finished when first needed (``stored.library_index``)."""
        from .search.stored import library_index  # the index, only when asked for

        return library_index(self.entries, self.get, stored, cancelled, finish_later)

    def position(self, briefing_id: str) -> int | None:
        """Where the briefing ``briefing_id`` is in ``entries`` (None: not loaded);
        found by its date, not by a walk over the library."""
        entry = self._by_id.get(briefing_id)
        if entry is None or entry.header is None:
            return None
        key = _place_key(entry.header, entry.path)
        for place in range(bisect_left(self._order, key), bisect_right(self._order, key)):
            if self.entries[place] is entry:
                return place
        return None

    def result(self, briefing_id: str) -> FileResult | None:
        """The file's outcome that holds the briefing ``briefing_id`` (None: not loaded)."""
        return self._by_id.get(briefing_id)

    @property
    def ids(self) -> KeysView[str]:
        """The id of every briefing (a set, kept as files are added)."""
        return self._by_id.keys()

    def header(self, briefing_id: str) -> BriefingHeader | None:
        entry = self._by_id.get(briefing_id)
        return entry.header if entry is not None else None

    def path_of(self, briefing_id: str) -> str | None:
        entry = self._by_id.get(briefing_id)
        return entry.path if entry is not None else None

    def links(self, briefing: Briefing) -> BriefingLinks:
        """The back-links of one briefing, built once."""
        links = self._links.get(briefing.id)
        if links is None:
            links = self._links[briefing.id] = BriefingLinks.build(briefing)
        return links

    def __iter__(self) -> Iterator[Briefing]:
        return iter(self.briefings)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def incident_count(self) -> int:
        return sum(header.incidents for header in self.headers)

    @property
    def quote_count(self) -> int:
        return sum(header.quotes for header in self.headers)


class LibraryLoad:
    """A library being loaded: ``total`` files, whose results come as they are ready.

    The one way a library is loaded (the reader, ``check``, ``search`` and
    ``load_library`` all use it): discovery, then the parse cache and worker
    processes of ``loading.stream``. Iterate for the results (the paths that could
    not be opened first); ``close()`` stops the worker processes at once.
    """

    def __init__(
        self,
        paths: Iterable[Path | str],
        *,
        limits: Limits | None = None,
        use_cache: bool = True,
        workers: int | None = None,
        cache_dir: Path | None = None,
        settle: Callable[[], None] | None = None,
    ) -> None:
        from .loading.stream import discover, load_stream  # the YAML loader, only when loading

        self.found: dict[str, os.stat_result] = {}
        """Each file's ``stat`` as discovery found it, before any was read (the watcher
        starts from it: ``model.watch.Watcher``'s ``found``)."""
        self.files, self.failures = discover(paths, self.found)
        self.total = len(self.files) + len(self.failures)
        """How many results the load gives."""
        self._stream = load_stream(
            self.files,
            limits=limits,
            use_cache=use_cache,
            workers=workers,
            cache_dir=cache_dir,
            settle=settle,
            found=self.found,
        )

    def __iter__(self) -> Iterator[FileResult]:
        yield from self.failures
        yield from self._stream

    def close(self) -> None:
        self._stream.close()


def load_library(
    paths: Iterable[Path | str],
    limits: Limits | None = None,
    *,
    use_cache: bool = True,
    workers: int | None = None,
    cache_dir: Path | None = None,
    in_file_order: bool = False,
) -> Library:
    """Load every briefing under ``paths`` (see ``LibraryLoad``). ``in_file_order`` adds
    the results in the order of the files (for stable output) rather than as they come."""
    load = LibraryLoad(
        paths, limits=limits, use_cache=use_cache, workers=workers, cache_dir=cache_dir
    )
    try:
        results = list(load)
    finally:
        load.close()
    if in_file_order:
        order = {path: number for number, path in enumerate(load.files)}
        results.sort(key=lambda result: order.get(result.path, -1))
    return Library.from_results(results)


def _failure_key(result: FileResult) -> tuple[str, str]:
    return _path_key(result.path)


def _path_key(path: str) -> tuple[str, str]:
    return (path.casefold(), path)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _place_key(header: BriefingHeader, path: str) -> tuple[int, int, str, str]:
    """Ascending in the library's order: newest briefing first (the latest earliest
    instant, then the finest precision: ``PartialDate.sort_key`` descending), briefings
    of one date by path (whatever order their files loaded in, so every start lists, and
    indexes, a library in the same order)."""
    return (*_date_order(header.date), path.casefold(), path)


_DATE_ORDERS: dict[str, tuple[int, int]] = {}
_DATE_ORDERS_LIMIT = 100_000


def _date_order(date: PartialDate) -> tuple[int, int]:
    """Ascending from the newest date: ``PartialDate.sort_key`` descending, as integers
    (microseconds, precision), worked out once per date's text (a library of 20,000
    briefings has a few thousand dates; the text alone makes the date)."""
    order = _DATE_ORDERS.get(date.text)
    if order is None:
        if len(_DATE_ORDERS) >= _DATE_ORDERS_LIMIT:
            _DATE_ORDERS.clear()
        when, precision = date.sort_key
        order = _DATE_ORDERS[date.text] = (-((when - _EPOCH) // _MICROSECOND), -precision)
    return order


def _skipped(result: FileResult, kept: str) -> FileResult:
    """``result`` as a failure: its briefing id is already ``kept``'s.

    Of two files with one id, the one whose path sorts first (case folded) is kept,
    whatever order they load in; the error stands on the other's ``id:`` line.
    """
    assert result.header is not None
    from .loading.loader import id_position  # reads the file: only on a clash

    line, column = id_position(result.path, result.header.id)
    clash = Problem(
        result.path, line, column, "error", "id",
        f"briefing id {result.header.id!r} is already used by {kept}; this file is skipped",
    )  # fmt: skip
    return FileResult(result.path, None, (clash, *result.problems))
