"""The whole library's index kept between starts: read back whole, a changed file indexed
alone, a damaged or old file never trusted, the file private; and the splice that changes
an index's columns for a few briefings."""

from __future__ import annotations

import stat
import struct
import threading
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from library_support import age, make_library

from briefing_tui.model import Library, load_library
from briefing_tui.model.loading.codec import decode_result, encode_result
from briefing_tui.model.search import index as index_module
from briefing_tui.model.search import part as part_module
from briefing_tui.model.search import stored as stored_module
from briefing_tui.model.search.across_data import (
    AcrossPart,
    AcrossWhens,
    decode_across,
    encode_across,
)
from briefing_tui.model.search.columns import NameColumn, mask_width
from briefing_tui.model.search.data import KINDS, IndexData
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.part import IndexPart, assemble, part_of
from briefing_tui.model.search.splice import splice
from briefing_tui.model.search.stored import digests_of, finish_kept, index_file, save_index
from briefing_tui.model.state.records import content_hash

QUERIES = (
    "", "lai", "severity:>=high after:2018", "-has:source", "entity:e", "tag:trade OR kind:report",
    "actor:a", "speaker:e", "source:s", "tlp:amber", "status:final", "briefing:brf", "has:date",
    "type:incident", "role:organizer", "category:policy", "before:2019-06",
)  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    make_library(tmp_path / "lib", generated=8)
    return tmp_path / "lib"


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the briefings whose part was read or built in this process."""
    seen: list[str] = []
    decode, build = part_module.decode_part, part_module.part_of

    def decoding(stored: bytes, header: object) -> IndexPart | None:
        part = decode(stored, header)  # type: ignore[arg-type]
        seen.append(getattr(header, "id", "?"))
        return part

    def building(briefing: object) -> IndexPart:
        part = build(briefing)  # type: ignore[arg-type]
        seen.append(part.briefing_id)
        return part

    for module in (index_module, stored_module):
        monkeypatch.setattr(module, "decode_part", decoding)
        monkeypatch.setattr(module, "part_of", building)
    return seen


def load(folder: Path) -> Library:
    return load_library([folder], workers=0, cache_dir=folder.parent / "cache")


def kept_file(folder: Path) -> Path:
    file = index_file([folder], folder.parent / "cache")
    assert file is not None
    return file


def start(folder: Path) -> tuple[Library, SearchIndex]:
    """What the reader does at each start: the index (from the kept one when it can),
    then written for the next start when it differs."""
    library = load(folder)
    index = library.search_index(None, kept_file(folder))
    assert index is not None
    if not index.kept:
        assert save_index(kept_file(folder), index.data, digests_of(library.entries))
    return library, index


def assert_answers_as_built(index: SearchIndex, library: Library) -> None:
    built = SearchIndex.build(library.briefings)
    assert index.briefing_ids == built.briefing_ids
    for query in QUERIES:
        assert index.search(query).bits == built.search(query).bits, query
    assert index.entries(range(index.size)) == built.entries(range(built.size))


def test_a_warm_start_reads_the_kept_index_whole_and_indexes_no_briefing(
    folder: Path, indexed: list[str]
) -> None:
    start(folder)  # the first start: from the parts, then kept
    indexed.clear()
    library, index = start(folder)
    assert index.kept and index.rebuilt == 0
    assert indexed == []  # no part read, no briefing indexed
    assert_answers_as_built(index, library)


def test_an_index_from_the_parts_reads_each_part_only_when_it_is_reached(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library's worth of parts read before the first is used would sit in memory
    beside the columns they make (283 MB at 20,000 briefings)."""
    library = load(folder)
    steps: list[str] = []
    for entry in library.entries:
        stored = entry.index_part
        assert stored is not None

        def read(stored: bytes | msgspec.Raw = stored) -> bytes:
            steps.append("read")
            return bytes(stored)

        entry.defer_index_part(read)
    decode = part_module.decode_part

    def decoding(stored: bytes, header: object) -> IndexPart | None:
        steps.append("used")
        return decode(stored, header)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module, "decode_part", decoding)
    index = library.search_index()  # no kept index: from every briefing's part
    assert index is not None and not index.kept and index.rebuilt == 0
    assert steps == ["read", "used"] * len(library.entries)


def test_a_changed_file_is_indexed_alone_and_kept_for_the_next_start(
    folder: Path, indexed: list[str]
) -> None:
    start(folder)
    changed = sorted(folder.rglob("brf-gen-*.yaml"))[2]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("title: ", "title: Zyxwvut ", 1), encoding="utf-8")
    age(changed)
    gone = sorted(folder.rglob("brf-gen-*.yaml"))[5]
    gone.unlink()
    indexed.clear()
    library, index = start(folder)
    assert not index.kept and index.rebuilt == 1
    assert len(indexed) == 1 and library.path_of(indexed[0]) == str(changed)
    assert index.search("zyxwvut").count("briefing") == 1
    assert_answers_as_built(index, library)
    indexed.clear()
    library, index = start(folder)
    assert index.kept and indexed == []
    assert_answers_as_built(index, library)


def _unpacked(data: bytes) -> tuple[Any, bytes]:
    """A stored index's head (decoded) and its chunks."""
    _, _, size = struct.unpack_from("<4sII", data)
    head = msgspec.msgpack.decode(data[len(data) - size :], type=stored_module._Stored)
    return head, data[12 : len(data) - size]


def _packed(head: Any, chunks: bytes) -> bytes:
    """A stored index again, its CRC right."""
    encoded = msgspec.msgpack.encode(head)
    check = zlib.crc32(encoded, zlib.crc32(chunks))
    return struct.pack("<4sII", b"BRFI", check, len(encoded)) + chunks + encoded


def _rewritten(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    """Damage that a CRC does not catch: the head decoded, changed, encoded, checked again."""

    def damage(data: bytes) -> bytes:
        head, chunks = _unpacked(data)
        fields = msgspec.structs.asdict(head)
        change(fields)
        return _packed(stored_module._Stored(**fields), chunks)

    return damage


def _set(name: str, value: Callable[[Any], object]) -> Callable[[dict[str, Any]], None]:
    def change(fields: dict[str, Any]) -> None:
        fields[name] = value(fields[name])

    return change


def _separator_dropped(data: bytes) -> bytes:
    """The first separator of the actors' names made a letter: a name fewer (a valid CRC)."""
    head, chunks = _unpacked(data)
    at = chunks.index(b"\xff", sum(head.texts))  # the names come after the words
    return _packed(head, chunks[:at] + b"a" + chunks[at + 1 :])


def _names_out_of_order(data: bytes) -> bytes:
    """A briefing's table said to start after the next one's (a valid CRC)."""
    head, chunks = _unpacked(data)
    at = sum(head.texts) + head.names["actor"][0]  # the first field's ``first``
    first = array("q", chunks[at : at + head.names["actor"][1]])
    first[1] = first[2] + 1
    return _packed(head, chunks[:at] + first.tobytes() + chunks[at + len(first.tobytes()) :])


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-100],  # cut short
        lambda data: data + b"\x00",  # longer than written
        lambda data: data[:50] + bytes([data[50] ^ 1]) + data[51:],  # a bit flipped: CRC
        lambda data: b"BRFX" + data[4:],
        _rewritten(_set("version", lambda version: version + 1)),  # another version
        _rewritten(_set("part_version", lambda version: version + 1)),
        _rewritten(_set("posted", lambda posted: {**posted, "tag": {"x": b"\xff\xff\xff\x7f"}})),
        _rewritten(_set("posted", lambda posted: {**posted, "role": {"x": b"\xff\xff\xff\xff"}})),
        _rewritten(_set("dates", lambda dates: (b"\xff" * 8 + dates[0][8:], *dates[1:]))),
        _rewritten(_set("keys", lambda keys: {**keys, "tlp": {"x": [10**6]}})),
        _rewritten(_set("counts", lambda counts: counts[4:] + counts[:4])),
        _rewritten(_set("dates", lambda dates: (dates[0], dates[1][8:], dates[2]))),
        _separator_dropped,
        _names_out_of_order,
    ],
    ids=["cut", "longer", "flipped", "magic", "version", "part version", "posted range",
         "posted negative", "dates negative", "keys range", "counts", "dates", "separator",
         "names order"],
)  # fmt: skip
def test_a_damaged_or_old_kept_index_is_ignored_and_made_again_from_the_parts(
    folder: Path, damage: Callable[[bytes], bytes], indexed: list[str]
) -> None:
    start(folder)
    file = kept_file(folder)
    file.write_bytes(damage(file.read_bytes()))
    _made_again(folder, indexed)


def _made_again(folder: Path, indexed: list[str]) -> None:
    """The next start ignores the kept index: every part read, the same answers, and the
    index written again whole."""
    indexed.clear()
    library, index = start(folder)
    assert not index.kept
    assert sorted(indexed) == sorted(header.id for header in library.headers)  # every part
    assert_answers_as_built(index, library)
    indexed.clear()
    assert start(folder)[1].kept and indexed == []


def _whens(encoded: bytes) -> str:
    return decode_across(encoded, AcrossWhens).whens


def _across_not_fitting(data: IndexData) -> None:
    """The first briefing's facts given one date line more than it has incidents."""
    part = decode_across(data.across[0], AcrossPart)
    whens = _whens(data.across[0]) + "\n"
    data.across[0] = encode_across(msgspec.structs.replace(part, whens=whens))


def _wider(data: IndexData) -> None:
    """Each name's mask a byte wider than its briefing needs."""
    column, wider = data.names["named"], NameColumn()
    for ordinal, span in enumerate(data.spans):
        names, masks = column.table(ordinal)
        wider.append(names, masks, mask_width(span.stop - span.start) + 1)
    data.names["named"] = wider


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.texts.pop(),  # a column short
        lambda data: data.names["actor"].first.pop(),  # a briefing without its table
        _wider,  # masks beyond their briefing
        _across_not_fitting,
    ],
    ids=["texts", "names", "mask width", "across"],
)  # fmt: skip
def test_a_kept_index_whose_columns_do_not_fit_together_is_ignored(
    folder: Path, damage: Callable[[IndexData], object], indexed: list[str]
) -> None:
    library = load(folder)
    index = library.search_index()
    assert index is not None
    damage(index.data)
    assert save_index(kept_file(folder), index.data, digests_of(library.entries))
    _made_again(folder, indexed)


def test_across_facts_read_unchecked_fit_as_checked(folder: Path, indexed: list[str]) -> None:
    """The reader takes the kept index without checking its across facts (the filter does
    not read them): they are checked when first asked for, and then read as they were
    kept."""
    start(folder)
    library = load(folder)
    checked = library.search_index(None, kept_file(folder))
    unchecked = library.search_index(None, kept_file(folder), finish_later=True)
    assert checked is not None and unchecked is not None
    waiting = unchecked.across_check is not None
    assert unchecked.kept and waiting
    assert list(unchecked.across(AcrossPart)) == list(checked.across(AcrossPart))
    assert unchecked.across_check is None and unchecked.across_fit()  # checked once


def test_what_a_kept_index_leaves_for_later_is_finished_once(folder: Path) -> None:
    """The filter's first answers (the counts of every entry) need neither the items'
    words, the across facts nor where each name starts: the reader finishes them after
    (``finish_kept``), or the first query but the empty one decodes the words, and the
    first that looks in a name table finds its names then."""
    start(folder)
    library = load(folder)
    built = SearchIndex.build(library.briefings)
    index = library.search_index(None, kept_file(folder), finish_later=True)
    assert index is not None and index.kept
    names = [column.names for column in index.data.names.values()]
    assert not any(column.offsets_found for column in names)
    assert index.data.texts == [] and _words_waiting(index)  # not decoded yet
    every = index.search("")
    assert [every.count(kind) for kind in KINDS] == [built.total(kind) for kind in KINDS]
    assert _words_waiting(index)  # the counts did not need the words
    assert index.search("actor:a").bits == built.search("actor:a").bits
    assert not _words_waiting(index) and len(index.data.texts) == index.size
    assert index.data.names["actor"].names.offsets_found  # found for that query
    assert finish_kept(index) and all(column.offsets_found for column in names)
    assert index.across_check is None
    assert_answers_as_built(index, library)


def _words_waiting(index: SearchIndex) -> bool:
    return index.left_to_read is not None


def test_the_words_left_for_later_are_decoded_once_whoever_asks_first(folder: Path) -> None:
    """The reader's index worker finishes a kept index while the filter may already ask
    a word of it: the words are decoded once (the other waits), then answer as built."""
    start(folder)
    library = load(folder)
    index = library.search_index(None, kept_file(folder), finish_later=True)
    assert index is not None
    runs: list[str] = []
    left = index.left_to_read
    assert left is not None

    def finishing(data: IndexData) -> bool:
        runs.append(threading.current_thread().name)
        return left(data)

    index.left_to_read = finishing
    threads = [threading.Thread(target=index.finish_reading, name=f"t{n}") for n in range(4)]
    for thread in threads:
        thread.start()
    assert index.search("lai").bits == SearchIndex.build(library.briefings).search("lai").bits
    for thread in threads:
        thread.join()
    assert len(runs) == 1 and finish_kept(index)
    assert_answers_as_built(index, library)


def test_the_words_left_for_later_are_read_again_only_as_they_were_checked(
    folder: Path,
) -> None:
    """The words are checked into the file's CRC but not kept: they are read again from
    the file as it was opened, later; bytes changed in place meanwhile are never used,
    and a file written anew (renamed over it) does not change what is read."""
    start(folder)
    library = load(folder)
    built = SearchIndex.build(library.briefings)
    file = kept_file(folder)
    changed = library.search_index(None, file, finish_later=True)
    assert changed is not None and _words_waiting(changed)
    with file.open("r+b") as handle:  # a word's letter changed in place
        handle.seek(40)
        letter = handle.read(1)
        handle.seek(40)
        handle.write(bytes([letter[0] ^ 0x20]))
    assert not changed.finish_reading()
    assert changed.data.texts == [""] * changed.size  # never read
    start(folder)  # the damaged file ignored, the index kept again
    renamed = library.search_index(None, file, finish_later=True)
    assert renamed is not None and renamed.kept
    other = file.with_name("other.msgpack")
    other.write_bytes(file.read_bytes()[:100])
    other.replace(file)  # another file renamed over it (as a save does)
    assert renamed.finish_reading()
    assert_answers_as_built(renamed, library)
    assert renamed.search("lai").bits == built.search("lai").bits


def _words_not_decoding(data: IndexData) -> None:
    """An item's words kept as a number (the writer encodes what it is given)."""
    data.texts[1] = 7  # type: ignore[call-overload]


def _posted_beyond(data: IndexData) -> None:
    """A tag posted on an entry the index does not have."""
    data.posted["tag"]["beyond"] = array("i", [len(data.kinds) + 3])


def _kept_damaged_read_for_first_answers(
    folder: Path, damage: Callable[[IndexData], object], indexed: list[str]
) -> tuple[Library, SearchIndex]:
    """The library of ``folder`` and its index kept with ``damage`` done (its CRC right),
    read by a later start for the first answers only: taken as kept, nothing indexed."""
    library = load(folder)
    index = library.search_index()
    assert index is not None
    damage(index.data)
    assert save_index(kept_file(folder), index.data, digests_of(library.entries))
    indexed.clear()
    later = load(folder).search_index(None, kept_file(folder), finish_later=True)
    assert later is not None and later.kept and indexed == []
    return library, later


@pytest.mark.parametrize(
    "damage", [_words_not_decoding, _posted_beyond], ids=["words", "posted range"]
)
def test_what_was_left_for_later_and_does_not_fit_is_never_read(
    folder: Path, damage: Callable[[IndexData], object], indexed: list[str]
) -> None:
    """A kept index (its CRC right) whose words do not decode, or whose posted numbers
    are out of range, answers the first counts; what does not fit is found before it is
    read: no word and no posting of it is ever used, and the next start (as one that
    checks all before) ignores the file."""
    library, later = _kept_damaged_read_for_first_answers(folder, damage, indexed)
    built = SearchIndex.build(library.briefings)
    assert later.search("").count("briefing") == built.total("briefing")
    assert not later.finish_reading() and not finish_kept(later)
    assert later.data.texts == [""] * later.size  # the words never read
    assert not any(later.data.posted.values())  # nor the postings
    assert later.search("tag:beyond").bits == 0
    _made_again(folder, indexed)  # checked at once, as by default: the file is ignored


def test_a_changed_file_is_spliced_into_a_kept_index_read_for_the_first_answers(
    folder: Path, indexed: list[str]
) -> None:
    """A briefing changed since the index was kept is spliced in: the rest of the kept
    index is read whole first (the words with it), then answers as one made afresh."""
    start(folder)
    changed = sorted(folder.rglob("brf-gen-*.yaml"))[1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("title: ", "title: Zyxwvut ", 1), encoding="utf-8")
    age(changed)
    indexed.clear()
    library = load(folder)
    index = library.search_index(None, kept_file(folder), finish_later=True)
    assert index is not None and not index.kept and index.rebuilt == 1
    assert index.left_to_read is None and len(index.data.texts) == index.size
    assert index.search("zyxwvut").count("briefing") == 1
    assert finish_kept(index)
    assert_answers_as_built(index, library)


def test_across_facts_read_unchecked_that_do_not_fit_are_never_read(
    folder: Path, indexed: list[str]
) -> None:
    library, unchecked = _kept_damaged_read_for_first_answers(folder, _across_not_fitting, indexed)
    assert_answers_as_built(unchecked, library)  # the rest of the kept index is used
    assert list(unchecked.across(AcrossWhens)) == []  # checked first: never read
    assert not unchecked.across_fit()
    assert list(unchecked.across(AcrossPart)) == []
    _made_again(folder, indexed)  # checked at once, as by default: the file is ignored


def test_the_kept_index_is_private(folder: Path) -> None:
    file = kept_file(folder)
    stale = file.with_name(f".{file.name}.tmp")
    stale.write_bytes(b"a write cut short when the reader quit")
    start(folder)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    assert [path.name for path in file.parent.iterdir() if path.name.endswith(".tmp")] == []
    assert start(folder)[1].kept


def test_the_kept_index_is_written_only_for_the_briefings_it_indexes(folder: Path) -> None:
    library = load(folder)
    index = library.search_index()
    assert index is not None
    digests = digests_of(library.entries)
    assert not save_index(kept_file(folder), index.data, digests[1:])
    assert not kept_file(folder).exists()


@pytest.mark.parametrize("seed", range(6))
def test_a_spliced_index_answers_as_one_put_together_afresh(folder: Path, seed: int) -> None:
    """Reorder, leave out and replace briefings: the same answers as assembling the
    parts in the new order."""
    import random

    library = load(folder)
    briefings = {briefing.id: briefing for briefing in library.briefings}
    parts = {briefing_id: part_of(briefing) for briefing_id, briefing in briefings.items()}
    ids = list(parts)
    data = assemble(parts[briefing_id] for briefing_id in ids)
    chance = random.Random(seed)
    order = chance.sample(ids, k=chance.randint(1, len(ids)))
    if seed % 2:
        order.sort(key=ids.index)  # long runs kept in order
    replaced = chance.sample(order, k=chance.randint(0, len(order)))
    renamed = {
        briefing_id: part_of(msgspec.structs.replace(briefings[briefing_id], title="Qwerty"))
        for briefing_id in replaced
    }
    spliced = SearchIndex(splice(data, order, renamed))
    expected = SearchIndex(assemble(renamed.get(b, parts[b]) for b in order))
    assert spliced.briefing_ids == order
    for query in (*QUERIES, "qwerty"):
        assert spliced.search(query).bits == expected.search(query).bits, query
    for briefing_id in order:
        assert spliced.span(briefing_id) == expected.span(briefing_id)
        assert spliced.span(briefing_id, "quote") == expected.span(briefing_id, "quote")
    assert list(spliced.across(AcrossPart)) == list(expected.across(AcrossPart))


def test_the_parse_cache_carries_each_briefings_content_hash_and_part_digest(
    folder: Path,
) -> None:
    library = load(folder)
    for entry in load(folder).entries:  # from the cache
        briefing = library.get(entry.header.id) if entry.header else None
        assert briefing is not None and entry.content_hash == content_hash(briefing)
        assert entry.part_digest
    again = decode_result(entry.path, encode_result(entry))
    assert again.content_hash == entry.content_hash
