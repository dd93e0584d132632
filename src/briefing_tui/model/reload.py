"""Files that changed while the reader runs: read them again, and say what changed.

:func:`read_changes` runs in the watcher's thread: it loads the files the watcher
(``watch.py``) reported through the one library loader (``LibraryLoad``: the parse
cache, or in this process only when asked), and prepares each briefing's index part
there. A :class:`ReloadPlanner`, in the same thread, keeps a copy of the library to
work out the index's new order and put its columns together (``IndexPlan``): the slow
part of a change, off the UI thread. The reader then hands the :class:`ChangedFiles`
to the session, which applies the same reload to its library and adopts the plan.

:func:`item_changes` and :func:`reload_notice` say what a reload did, for a person:
``reloaded: 2 incidents added, 1 changed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .format.problems import Problem
from .format.result import FileResult
from .format.types import Briefing
from .library import FileUpdate, Library, LibraryLoad
from .search.data import IndexData
from .search.index import updated_data
from .search.part import IndexPart, decode_part, part_of
from .state.records import Changes, content_hash, item_hashes
from .watch import FileChanges

__all__ = [
    "ChangedFiles",
    "IndexPlan",
    "ReloadPlanner",
    "first_problem",
    "item_changes",
    "library_notice",
    "new_parts",
    "read_changes",
    "reload_notice",
]


@dataclass(frozen=True, slots=True)
class IndexPlan:
    """The search index after a reload: its columns."""

    data: IndexData


@dataclass(frozen=True, slots=True)
class ChangedFiles:
    """What the watcher saw change, read again: the new results, the removed paths, and
    each new briefing's index part (by briefing id)."""

    results: tuple[FileResult, ...] = ()
    removed: tuple[str, ...] = ()
    parts: dict[str, IndexPart] | None = None
    asked: bool = False
    """Asked for (``ctrl+r``): say so even when nothing changed."""
    plan: IndexPlan | None = None
    """The index after this reload (``ReloadPlanner``), when planned."""

    def __bool__(self) -> bool:
        return bool(self.results or self.removed)


def read_changes(
    changes: FileChanges, *, use_cache: bool = True, in_process: bool = False, asked: bool = False
) -> ChangedFiles:
    """Load the files ``changes`` added or changed; prepare their index parts."""
    paths = [Path(path) for path in (*changes.added, *changes.changed)]
    results: list[FileResult] = []
    if paths:
        load = LibraryLoad(paths, use_cache=use_cache, workers=0 if in_process else None)
        try:
            results = list(load)
        finally:
            load.close()
    parts: dict[str, IndexPart] = {}
    for result in results:
        if result.header is None:
            continue
        stored = result.index_part
        part = decode_part(stored, result.header) if stored is not None else None
        briefing = result.briefing  # decoded here, not on the UI thread
        if part is None and briefing is not None:
            part = part_of(briefing)
        if part is not None:
            parts[result.header.id] = part
    return ChangedFiles(tuple(results), changes.removed, parts, asked)


def new_parts(
    updates: Iterable[FileUpdate], parts: Mapping[str, IndexPart]
) -> dict[str, Briefing | IndexPart]:
    """What to index anew after ``updates``: each briefing the library holds now in place
    of another, by id (its part read with the file, else the briefing)."""
    found: dict[str, Briefing | IndexPart] = {}
    for update in updates:
        after = update.after
        if update.changed and after is not None and after.header is not None:
            briefing_id = after.header.id
            new = parts.get(briefing_id) or after.briefing
            if new is not None:
                found[briefing_id] = new
    return found


class ReloadPlanner:
    """The index after each reload, worked out in the watcher's thread.

    It keeps a copy of the library and the index's columns as they will be once the
    reader has taken every reload so far: reloads are planned and taken in the same
    order, so the copy's order is the library's.
    """

    def __init__(self, library: Library, data: IndexData) -> None:
        self.library = library.copy()
        self.data = data

    def plan(self, changed: ChangedFiles) -> ChangedFiles:
        """``changed`` with the index it leads to (``plan``)."""
        updates = self.library.reload(changed.results, changed.removed)
        order = (header.id for header in self.library.headers)
        self.data = updated_data(self.data, order, new_parts(updates, changed.parts or {}))
        return replace(changed, plan=IndexPlan(self.data))


def item_changes(before: Briefing, after: Briefing) -> Changes:
    """The incidents and quotes added, removed and edited from ``before`` to ``after``."""
    old, new = item_hashes(before), item_hashes(after)
    added = tuple(item for item in new if item not in old)
    removed = tuple(item for item in old if item not in new)
    edited = tuple(item for item, value in new.items() if old.get(item, value) != value)
    return Changes(added, removed, edited)


def _kinds(*briefings: Briefing) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for briefing in briefings:
        kinds.update((incident.id, "incident") for incident in briefing.incidents)
        kinds.update((quote.id, "quote") for quote in briefing.quotes)
    return kinds


def reload_notice(before: Briefing, after: Briefing) -> str:
    """What a reader of ``before`` is told when the file now gives ``after``
    (``""`` when nothing in it changed)."""
    changes = item_changes(before, after)
    if changes:
        return "reloaded: " + changes.describe(_kinds(before, after))
    if content_hash(before) != content_hash(after):
        return "reloaded: changed (the same incidents and quotes)"
    return ""


def first_problem(failure: FileResult) -> str:
    """``x.yaml:12:5: message``: where and why a file fails (its first error)."""
    problems: Sequence[Problem] = failure.errors or failure.problems
    if not problems:
        return Path(failure.path).name
    problem = problems[0]
    return f"{Path(problem.path).name}:{problem.line}:{problem.column}: {problem.message}"


def library_notice(updates: Iterable[FileUpdate]) -> str:
    """``reloaded: 1 briefing added, 2 changed, 1 removed, 1 file now invalid``."""
    added = changed = removed = invalid = 0
    for update in updates:
        if update.invalid is not None:
            invalid += 1
        elif update.before is None and update.after is not None:
            added += 1
        elif update.before is not None and update.after is None:
            removed += 1
        elif update.changed:
            changed += 1
    parts = []
    noun = "briefing" if added + changed + removed == 1 else "briefings"
    for count, verb in ((added, "added"), (changed, "changed"), (removed, "removed")):
        if count:
            parts.append(f"{count} {verb}")
    if parts:
        parts[0] = parts[0].replace(" ", f" {noun} ", 1)
    if invalid:
        parts.append(f"{invalid} file{'' if invalid == 1 else 's'} now invalid")
    return "reloaded: " + (", ".join(parts) if parts else "no briefing changed")
