"""The entity index, the timeline and ``xid:`` from the facts stored in each index part.

A start from the parse cache builds them without decoding briefings; what they answer
equals what the briefings themselves give; a damaged fact is never trusted.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import msgspec
import pytest
from library_support import REPO, age, make_library

from briefing_tui.across import AcrossLibrary, build_across
from briefing_tui.model import FileResult, Library, load_library
from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.format.types import Actor, Entity, Incident, Quote, When
from briefing_tui.model.search.entities import EntityFilter, EntityIndex
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.part import IndexPart
from briefing_tui.model.search.timeline import PERIODS, Timeline

QUERIES = ("", "lai", "severity:>=high", "kind:person", "has:quote", "xid:wikidata:q16")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Generated briefings and the seed briefing as it is now (it names Wikidata ids)."""
    make_library(tmp_path / "lib", generated=8)
    seed = tmp_path / "lib" / "data" / "canada-china-security-cooperation.yaml"
    shutil.copy(REPO / "briefings" / seed.name, seed)
    age(seed)
    return tmp_path / "lib"


def load(folder: Path) -> Library:
    return load_library([folder], workers=0, cache_dir=folder.parent / "cache")


def index_of(library: Library) -> SearchIndex:
    index = library.search_index()
    assert index is not None
    return index


def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, count every briefing decoded (their paths)."""
    decoded: list[str] = []
    real = FileResult.decode

    def counting(result: FileResult) -> object:
        decoded.append(result.path)
        return real(result)

    monkeypatch.setattr(FileResult, "decode", counting)
    monkeypatch.setattr(FileResult, "briefing", property(counting))
    return decoded


def group_rows(index: EntityIndex, filtered: EntityFilter, bits: int) -> list[tuple[object, ...]]:
    return [
        (g.key, g.name, g.kind, g.briefing_ids, g.incidents, g.first, g.last, g.external_ids,
         tuple(m.entity.id for m in g.mentions), [p.group.key for p in index.possible_matches(g)])
        for g in filtered.groups(index, bits)
    ]  # fmt: skip


def test_a_warm_start_builds_entities_and_timeline_without_decoding_a_briefing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(folder)  # cold: writes the cache
    library = load(folder)
    built = SearchIndex.build(library.briefings)
    entities, timeline = EntityIndex.build(library.briefings), Timeline(built)
    filtered = EntityFilter(built, entities)
    expected = {
        query: (group_rows(entities, filtered, bits := built.search(query).bits),
                [timeline.rows(bits, period) for period in PERIODS])
        for query in QUERIES
    }  # fmt: skip
    decoded = no_decoding(monkeypatch)
    index = index_of(library)
    across = build_across(index)
    assert decoded == [] and index.rebuilt == 0
    for query in QUERIES:
        bits = index.search(query).bits
        rows = group_rows(across.entities, across.entity_filter, bits)
        assert (rows, [across.timeline.rows(bits, p) for p in PERIODS]) == expected[query], query
    assert len(group_rows(across.entities, across.entity_filter, index.everything)) > 8


def test_the_entity_filter_lists_the_entities_of_the_matching_items(folder: Path) -> None:
    """Against a plain reference from the matching entries themselves: an entity listed
    when it matches, or an incident it is an actor or a location in, or a quote it said."""
    index = SearchIndex.build(load(folder).briefings)
    entities = EntityIndex.from_index(index)
    filtered = EntityFilter(index, entities)
    for query in (*QUERIES, "severity:>=medium", "kind:direct", "type:development"):
        result = index.search(query)
        mentioned: set[tuple[str, str]] = set()
        for entry in result.entries():
            known = {entity.id for entity in entry.briefing.entities}
            item = entry.item
            if entry.kind == "entity":
                refs = {item.id}
            elif isinstance(item, Incident):
                refs = {actor.entity for actor in item.actors} | set(item.locations)
            elif isinstance(item, Quote):
                refs = {item.speaker} if item.speaker is not None else set()
            else:
                refs = set()
            mentioned |= {(entry.briefing.id, ref) for ref in refs & known}
        groups = {g.key: g for key in mentioned if (g := entities.group_of(*key)) is not None}
        expected = sorted(groups.values(), key=lambda g: (g.sort_name, g.key))
        assert filtered.groups(entities, result.bits) == expected, query


def test_after_a_reload_the_entities_and_the_timeline_are_those_of_the_new_index(
    folder: Path,
) -> None:
    """A briefing replaced in place (as a reload does): its new entity is listed, for the
    whole library and for a filter, and its new incident is counted and found by its
    row's term, as in a library built afresh with it."""
    library = load(folder)
    index = index_of(library)
    across = AcrossLibrary()
    across.set_parts(build_across(index))
    before = library.briefings[0]
    newcomer = Entity(id="ent-zed-newcomer", kind="person", name="Zed Newcomer")
    incident = Incident(id="inc-zed-arrives", title="Zed arrives",
                        when=When(at=PartialDate.parse("2031-05-05")),
                        actors=(Actor(entity=newcomer.id, role="party"),))  # fmt: skip
    after = msgspec.structs.replace(
        before, entities=(*before.entities, newcomer), incidents=(*before.incidents, incident)
    )
    index.replace(before.id, after)
    across.briefing_changed(after)
    across.index_changed(index)
    fresh = SearchIndex.build([after, *library.briefings[1:]])
    rebuilt = build_across(fresh)
    for query in ("", "zed", "severity:>=high", "kind:person"):
        bits = index.search(query).bits
        assert [g.key for g in across.entity_rows(bits)] == [
            g.key for g in rebuilt.entity_filter.groups(rebuilt.entities, fresh.search(query).bits)
        ], query
        for period in PERIODS:
            assert across.timeline_rows(bits, period, 0) == rebuilt.timeline.rows(
                fresh.search(query).bits, period
            ), (query, period)
    assert "Zed Newcomer" in [g.name for g in across.entity_rows(index.everything)]
    assert index.search("timeline:year:2031").count("incident") == 1


def test_xid_decodes_only_the_briefings_that_hold_the_id(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load(folder)
    index = index_of(library)
    decoded = no_decoding(monkeypatch)
    found = index.search("xid:wikidata:q16")
    assert found.count("entity") == 1 and found.count("briefing") == 1
    assert decoded == [str(folder / "data" / "canada-china-security-cooperation.yaml")]
    decoded.clear()
    assert index.search("xid:wikidata:q999999999").bits == 0 and decoded == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda facts: msgspec.structs.replace(facts, whens=facts.whens + "\n"),  # one line more
        lambda facts: msgspec.structs.replace(facts, entities=tuple(
            msgspec.structs.replace(e, incident_refs=(10**6,)) for e in facts.entities)),
        lambda facts: msgspec.structs.replace(facts, entities=tuple(
            msgspec.structs.replace(e, quote_refs=(-1,)) for e in facts.entities)),
    ],
    ids=["date lines", "incident out of range", "quote out of range"],
)  # fmt: skip
def test_damaged_facts_are_ignored_and_the_briefing_indexed_again(
    folder: Path, damage: object
) -> None:
    library = load(folder)
    built = SearchIndex.build(library.briefings)
    entities = EntityIndex.build(library.briefings)
    expected = group_rows(entities, EntityFilter(built, entities), built.everything)
    damaged_count = 0
    for entry in library.entries:
        assert entry.header is not None and entry.index_part is not None
        _, body = msgspec.msgpack.decode(entry.index_part, type=tuple[int, msgspec.Raw])
        part = msgspec.msgpack.decode(body, type=IndexPart)
        if not part.across.entities:
            continue
        changed = msgspec.structs.replace(part, across=damage(part.across))  # type: ignore[operator]
        encoded = msgspec.msgpack.encode(changed)
        entry.index_part = msgspec.msgpack.encode((zlib.crc32(encoded), msgspec.Raw(encoded)))
        damaged_count += 1
    index = index_of(library)
    assert damaged_count > 0 and index.rebuilt == damaged_count
    across = build_across(index)
    assert group_rows(across.entities, across.entity_filter, index.everything) == expected


def test_a_date_that_does_not_parse_reads_as_undated_never_an_error(folder: Path) -> None:
    library = load(folder)
    for entry in library.entries:
        assert entry.index_part is not None
        _, body = msgspec.msgpack.decode(entry.index_part, type=tuple[int, msgspec.Raw])
        part = msgspec.msgpack.decode(body, type=IndexPart)
        lines = ["2018-13-45|||" if line else line for line in part.across.whens.split("\n")]
        across = msgspec.structs.replace(part.across, whens="\n".join(lines))
        encoded = msgspec.msgpack.encode(msgspec.structs.replace(part, across=across))
        entry.index_part = msgspec.msgpack.encode((zlib.crc32(encoded), msgspec.Raw(encoded)))
    index = index_of(library)
    timeline = build_across(index).timeline
    incidents = index.kind_bits("incident").bit_count()
    rows = timeline.rows(index.everything, "year")
    assert [(row.kind, row.count) for row in rows] == [("undated", incidents)]
