"""The search index from parts stored in the parse cache: used, never trusted, changed in place."""

from __future__ import annotations

import zlib
from pathlib import Path

import msgspec
import pytest
from library_support import age, make_library

from briefing_tui.model import Library, load_library
from briefing_tui.model.loading.loader import FileResult
from briefing_tui.model.loading.stream import discover, load_stream
from briefing_tui.model.search import index as index_module
from briefing_tui.model.search import part as part_module
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.part import IndexPart, part_of

QUERIES = (
    "", "lai", "severity:>=high after:2018", "-has:source", "entity:e", "tag:trade OR kind:report",
    "actor:a", "speaker:e", "source:s", "tlp:amber", "status:final", "briefing:brf", "has:date",
    "type:incident", "role:organizer", "category:policy",
)  # fmt: skip


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the briefings indexed (a part built) in this process."""
    seen: list[str] = []
    real = part_module.part_of

    def counting(briefing: object) -> IndexPart:
        part = real(briefing)  # type: ignore[arg-type]
        seen.append(part.briefing_id)
        return part

    monkeypatch.setattr(part_module, "part_of", counting)
    monkeypatch.setattr(index_module, "part_of", counting)
    return seen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    make_library(tmp_path / "lib", generated=8)
    return tmp_path / "lib"


def index_of(library: Library) -> SearchIndex:
    index = library.search_index()
    assert index is not None
    return index


def test_a_cancelled_index_stops_and_gives_nothing(folder: Path) -> None:
    assert load(folder).search_index(lambda: True) is None  # asked before the first


def load(folder: Path) -> Library:
    """Load in this process (``workers=0``: ``indexed`` sees every part built)."""
    return load_library([folder], workers=0, cache_dir=folder.parent / "cache")


def test_an_index_of_parts_answers_as_one_built_from_the_briefings(folder: Path) -> None:
    library = load(folder)
    parts, built = index_of(library), SearchIndex.build(library.briefings)
    assert parts.size == built.size > 0
    for query in QUERIES:
        assert parts.search(query).bits == built.search(query).bits, query
    assert parts.entries(range(parts.size)) == built.entries(range(built.size))


def test_files_parsed_here_without_a_cache_are_indexed_once_when_the_index_is_built(
    folder: Path, indexed: list[str]
) -> None:
    """No part is made while such a file loads (nothing would keep it, and its result would
    wait for it: 0.6 s for 190,000 tags); the index makes each briefing's part once."""
    library = load_library([folder], use_cache=False, workers=0)
    assert indexed == []
    assert all(entry.index_part is None for entry in library.entries)
    index = index_of(library)
    assert sorted(indexed) == sorted(b.id for b in library.briefings)
    built = SearchIndex.build(library.briefings)
    for query in QUERIES:
        assert index.search(query).bits == built.search(query).bits, query


def test_a_file_parsed_here_is_given_out_before_its_part_is_made_for_the_cache(
    folder: Path,
) -> None:
    """The part is made after the result has been handed on (the reader shows a big
    briefing meanwhile), and still kept in the cache with the file."""
    cache = folder.parent / "cache"
    files, _ = discover([folder])
    assert files
    seen: list[bool] = []
    results = []
    for result in load_stream(files, workers=0, cache_dir=cache):
        seen.append(result.index_part is None)
        results.append(result)
    assert seen == [True] * len(files)
    assert all(result.index_part is not None for result in results if result.ok)
    warm = list(load_stream(files, workers=0, cache_dir=cache))
    assert all(result.index_part is not None for result in warm if result.ok)


def test_the_parts_of_files_parsed_here_are_made_once_all_are_out_and_settled(
    folder: Path,
) -> None:
    """Every file parsed in this process is given out, then ``settle`` is called (the
    reader waits there until it has drawn them), and only then are their parts made
    and kept in the cache."""
    cache = folder.parent / "cache"
    files, _ = discover([folder])
    events: list[str] = []
    results: list[FileResult] = []

    def settle() -> None:
        events.append("settle")
        assert all(result.index_part is None for result in results)

    for result in load_stream(files, workers=0, cache_dir=cache, settle=settle):
        events.append("result")
        results.append(result)
    assert events == ["result"] * len(files) + ["settle"]
    assert all(result.index_part is not None for result in results if result.ok)
    warm = list(load_stream(files, workers=0, cache_dir=cache, settle=settle))
    assert events.count("settle") == 1  # all from the cache: nothing to settle for
    assert all(result.index_part is not None for result in warm if result.ok)


def test_a_warm_start_uses_the_stored_parts_and_a_changed_file_reindexes_only_itself(
    folder: Path, indexed: list[str]
) -> None:
    cold = load(folder)
    assert sorted(indexed) == sorted(header.id for header in cold.headers)
    indexed.clear()
    warm = load(folder)
    index = index_of(warm)
    assert indexed == [] and index.rebuilt == 0  # nothing indexed again
    assert index.search("lai").bits == index_of(cold).search("lai").bits

    changed = next(path for path in sorted(folder.rglob("brf-gen-*.yaml")))
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("title: ", "title: Zyxwvut ", 1), encoding="utf-8")
    age(changed)
    indexed.clear()
    again = load(folder)
    index = index_of(again)
    assert len(indexed) == 1 and index.rebuilt == 0  # its worker made its part
    assert index.search("zyxwvut").count("briefing") == 1
    assert again.path_of(indexed[0]) == str(changed)


@pytest.mark.parametrize(
    "damage",
    [
        lambda part: b"\x93\x01\x02",  # not a part at all
        lambda part: msgspec.msgpack.encode(msgspec.structs.replace(part, version=0)),  # old
        lambda part: msgspec.msgpack.encode(msgspec.structs.replace(part, briefing_id="brf-x")),
        lambda part: msgspec.msgpack.encode(msgspec.structs.replace(part, texts=part.texts[1:])),
        lambda part: msgspec.msgpack.encode(msgspec.structs.replace(
            part, posted={**part.posted, "tag": {"x": [10**6]}})),  # out of range
        lambda part: msgspec.msgpack.encode(msgspec.structs.replace(
            part, kinds=part.kinds[::-1])),  # kinds out of order
    ],
    ids=["garbage", "old", "another briefing", "short column", "out of range", "kinds order"],
)  # fmt: skip
def test_a_damaged_or_old_part_is_ignored_and_the_briefing_indexed_again(
    folder: Path, damage: object, indexed: list[str]
) -> None:
    library = load(folder)
    expected = SearchIndex.build(library.briefings)
    for entry in library.entries:
        assert entry.header is not None and entry.index_part is not None
        _, body = msgspec.msgpack.decode(entry.index_part, type=tuple[int, msgspec.Raw])
        damaged = damage(msgspec.msgpack.decode(body, type=IndexPart))  # type: ignore[operator]
        entry.index_part = msgspec.msgpack.encode((zlib.crc32(damaged), msgspec.Raw(damaged)))
    indexed.clear()
    index = index_of(library)
    assert index.rebuilt == len(library) == len(indexed)
    for query in QUERIES:
        assert index.search(query).bits == expected.search(query).bits, query


def test_a_damaged_part_in_the_cache_file_costs_a_reindex_never_a_wrong_answer(
    folder: Path,
) -> None:
    expected = index_of(load(folder))
    for file in (folder.parent / "cache").iterdir():
        data = file.read_bytes()
        file.write_bytes(data.replace(b"lai", b"xyz"))  # inside parts and briefings alike
    library = load(folder)
    index = index_of(library)
    built = SearchIndex.build(library.briefings)
    for query in QUERIES:
        assert index.search(query).bits == built.search(query).bits, query
    assert expected.size == index.size


def test_one_briefing_is_replaced_removed_and_inserted_in_place(folder: Path) -> None:
    library = load(folder)
    index = index_of(library)
    ids = index.briefing_ids
    before = {query: index.search(query).bits for query in QUERIES}
    second = library.get(ids[1])
    assert second is not None
    renamed = msgspec.structs.replace(second, title="Qwertyuiop")
    index.replace(ids[1], renamed)
    assert index.briefing_ids == ids
    assert index.search("qwertyuiop").numbers("briefing") == [index.span(ids[1]).start]
    index.replace(ids[1], part_of(second))
    assert {query: index.search(query).bits for query in QUERIES} == before
    index.remove(ids[1])
    assert index.briefing_ids == [ids[0], *ids[2:]] and index.span(ids[1]) == range(0)
    index.insert(1, second)
    assert {query: index.search(query).bits for query in QUERIES} == before
    with pytest.raises(KeyError):
        index.remove("brf-not-there")


def test_a_library_keeps_only_recently_asked_briefings_decoded(folder: Path) -> None:
    library = load(folder)
    first = library.headers[0].id
    briefing = library.get(first)
    assert briefing is not None and library.get(first) is briefing  # kept while recent
    for header in library.headers[1:]:
        library.get(header.id)
    assert library.get(first) == briefing  # decoded again when asked for, equal
