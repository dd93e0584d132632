"""Reading changed files again: the library, the index and what a reader is told."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from library_support import make_library

from briefing_tui.model import Library, load_library
from briefing_tui.model.format.types import Briefing
from briefing_tui.model.reload import (
    ReloadPlanner,
    first_problem,
    item_changes,
    library_notice,
    read_changes,
    reload_notice,
)
from briefing_tui.model.search import index as index_module
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.watch import FileChanges

QUERIES = ("", "lai", "severity:>=high after:2018", "-has:source", "entity:e", "tlp:amber",
           "status:final", "briefing:brf", "arctic", "walrus", "type:incident")  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    make_library(tmp_path / "lib", generated=8)
    return tmp_path / "lib"


def _load(folder: Path) -> Library:
    return load_library([folder], workers=0, use_cache=False)


def _index(library: Library) -> SearchIndex:
    index = library.search_index()
    assert index is not None
    return index


def _arctic(folder: Path) -> Path:
    return folder / "data" / "arctic-shipping-watch.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_file_replaces_its_briefing_and_the_index_follows(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _load(folder)
    index = _index(library)
    _edit(_arctic(folder), "title: Arctic shipping watch", "title: Walrus colony watch")
    changed = read_changes(FileChanges(changed=(str(_arctic(folder)),)), use_cache=False)
    updates = library.reload(changed.results, changed.removed)
    assert [update.changed for update in updates] == [True]
    assert changed.parts is not None and list(changed.parts) == ["brf-arctic-shipping-watch"]
    with monkeypatch.context() as patched:  # the part read with the file is used as it is
        patched.setattr(index_module, "part_of", lambda briefing: pytest.fail("indexed again"))
        index.update([header.id for header in library.headers], changed.parts)
    header = library.header("brf-arctic-shipping-watch")
    assert header is not None and header.title == "Walrus colony watch"
    fresh = _index(_load(folder))  # the same answers as an index of the files as they are
    for query in QUERIES:
        assert index.search(query).bits == fresh.search(query).bits, query


def test_removed_and_added_files_keep_the_index_in_library_order(folder: Path) -> None:
    library = _load(folder)
    index = _index(library)
    arctic = _arctic(folder)
    moved = folder / "elsewhere" / "moved.yaml"
    moved.parent.mkdir()
    arctic.rename(moved)
    changed = read_changes(FileChanges(added=(str(moved),), removed=(str(arctic),)))
    library.reload(changed.results, changed.removed)
    index.update([header.id for header in library.headers], changed.parts or {})
    assert index.briefing_ids == [header.id for header in library.headers]
    assert library.path_of("brf-arctic-shipping-watch") == str(moved)
    fresh = _index(_load(folder))
    assert {q: index.search(q).bits for q in QUERIES} == {q: fresh.search(q).bits for q in QUERIES}


def test_an_invalid_file_keeps_its_last_good_briefing_beside_its_failure(folder: Path) -> None:
    library = _load(folder)
    before = library.get("brf-arctic-shipping-watch")
    broken = len(library.broken)
    _edit(_arctic(folder), "status: draft", "status: [not, a, status]")
    changed = read_changes(FileChanges(changed=(str(_arctic(folder)),)))
    (update,) = library.reload(changed.results)
    assert update.after is update.before and not update.changed
    assert update.invalid is not None
    assert first_problem(update.invalid).startswith("arctic-shipping-watch.yaml:7:9: ")
    assert library.get("brf-arctic-shipping-watch") == before
    assert len(library.broken) == broken + 1
    _edit(_arctic(folder), "status: [not, a, status]", "status: final")
    changed = read_changes(FileChanges(changed=(str(_arctic(folder)),)))
    (update,) = library.reload(changed.results)
    assert update.changed and update.invalid is None
    assert len(library.broken) == broken  # its failure gone with the fix


def test_a_removed_file_takes_its_marking_out_of_the_library(folder: Path) -> None:
    library = _load(folder)
    arctic = library.get("brf-arctic-shipping-watch")
    assert arctic is not None and arctic.handling in library.handlings
    _arctic(folder).unlink()
    library.reload([], [str(_arctic(folder))])
    assert arctic.handling not in library.handlings  # it was the only one marked so
    assert library.handlings == _load(folder).handlings
    assert library.get("brf-arctic-shipping-watch") is None


def _with_items(briefing: Briefing, incidents: int, edited: bool = False) -> Briefing:
    items = list(briefing.incidents[:incidents])
    if edited:
        items[0] = msgspec.structs.replace(items[0], title="Edited")
    return msgspec.structs.replace(briefing, incidents=tuple(items))


def test_what_a_reader_is_told(folder: Path) -> None:
    briefing = _load(folder).get("brf-canada-china-security-cooperation")
    assert briefing is not None and len(briefing.incidents) == 9
    assert reload_notice(_with_items(briefing, 2), briefing) == "reloaded: 7 incidents added"
    assert reload_notice(briefing, _with_items(briefing, 2, edited=True)).endswith(
        "incidents removed, 1 changed"
    )
    assert item_changes(briefing, briefing).__bool__() is False
    assert reload_notice(briefing, briefing) == ""
    renamed = msgspec.structs.replace(briefing, title="Another title")
    assert reload_notice(briefing, renamed) == "reloaded: changed (the same incidents and quotes)"


def test_the_library_notice_counts_briefings_and_invalid_files(folder: Path) -> None:
    library = _load(folder)
    arctic = _arctic(folder)
    _edit(arctic, "status: draft", "status: [not, a, status]")
    (folder / "data" / "broken-draft.yaml").unlink()
    removed = str(next(path for path in folder.glob("*/*.yaml") if "data" not in str(path)))
    changed = read_changes(FileChanges(changed=(str(arctic),)))
    updates = library.reload(changed.results, [removed, str(folder / "data/broken-draft.yaml")])
    assert library_notice(updates) == "reloaded: 1 briefing removed, 1 file now invalid"
    assert library_notice([]) == "reloaded: no briefing changed"


def test_reloads_planned_in_the_watchers_thread_are_taken_in_order(folder: Path) -> None:
    """Two reloads planned before the reader takes the first: each plan is the index
    as it will be once the reader has taken every reload before it."""
    library = _load(folder)
    index = _index(library)
    planner = ReloadPlanner(library, index.data)
    arctic = _arctic(folder)
    _edit(arctic, "title: Arctic shipping watch", "title: Walrus colony watch")
    first = planner.plan(read_changes(FileChanges(changed=(str(arctic),))))
    moved = folder / "elsewhere" / "moved.yaml"
    moved.parent.mkdir()
    arctic.rename(moved)
    (folder / "data" / "broken-draft.yaml").unlink()
    second = planner.plan(read_changes(FileChanges(added=(str(moved),), removed=(str(arctic),))))
    for changed in (first, second):
        library.reload(changed.results, changed.removed)
        assert changed.plan is not None
        index.adopt(changed.plan.data)
        assert index.briefing_ids == [header.id for header in library.headers]
    fresh = _index(_load(folder))
    assert {q: index.search(q).bits for q in QUERIES} == {q: fresh.search(q).bits for q in QUERIES}
