"""Only the columns a query needs, read from the kept index (``briefing search``): the same
answers as the whole index, every byte still checked, and each column read checked as the
reader checks it; a file that indexes other briefings, or is damaged, is not used."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from search_support import filter_queries, small_library

from briefing_tui.model import Briefing, FileResult
from briefing_tui.model.search import kept_columns
from briefing_tui.model.search import stored as stored_module
from briefing_tui.model.search.data import TABLE_FIELDS
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.kept_columns import read_columns
from briefing_tui.model.search.needs import Needs, needs_of
from briefing_tui.model.search.part import assemble, part_bytes, part_of
from briefing_tui.model.search.query import parse_query
from briefing_tui.model.search.stored import Digests, load_index, save_index

LIBRARY = small_library()
BRIEFINGS = {briefing.id: briefing for briefing in LIBRARY}
DIGESTS: Digests = [(briefing.id, 1000 + number) for number, briefing in enumerate(LIBRARY)]


def _load(briefing_id: str) -> Briefing | None:
    return BRIEFINGS.get(briefing_id)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small library's index as the reader keeps it, in chunks of 16 words."""
    file = tmp_path_factory.mktemp("kept") / "index.msgpack"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stored_module, "CHUNK", 16)
        assert save_index(file, assemble(map(part_of, LIBRARY)), DIGESTS)
    return file


@pytest.fixture(scope="module")
def whole(kept: Path) -> SearchIndex:
    loaded = load_index(kept)
    assert loaded is not None
    return SearchIndex(loaded[0], _load)


def _needs(query: str) -> Needs:
    needs = needs_of(parse_query(query))
    assert needs is not None
    return needs


def _partial(file: Path, query: str) -> SearchIndex | None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept_columns, "CHUNK", 16)
        loaded = read_columns(file, _needs(query))
    if loaded is None:
        return None
    assert loaded[1] == DIGESTS
    return SearchIndex(loaded[0], _load)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(filter_queries)
def test_the_columns_a_query_needs_answer_it_as_the_whole_index(
    kept: Path, whole: SearchIndex, query: str
) -> None:
    partial = _partial(kept, query)
    assert partial is not None
    assert partial.search(query).bits == whole.search(query).bits


@pytest.mark.parametrize(
    ("query", "needs"),
    [
        ("severity:>=high has:source -status:draft tlp:amber", Needs()),
        ('lai -"jimmy lai"', Needs(frozenset({"lai", "jimmy lai"}), frozenset({"named"}))),
        ("actor:mps OR speaker:e", Needs(names=frozenset({"actor", "speaker"}))),
        ("tag:trade -role:victim", Needs(posted=frozenset({"tag", "role"}))),
        ("after:2018 briefing:gen", Needs(dates=True)),
        ("lai xid:cve", None),  # the across facts: the whole index
        ("timeline:year:2018", None),
    ],
)
def test_a_query_reads_the_columns_its_terms_look_in(query: str, needs: Needs | None) -> None:
    assert needs_of(parse_query(query)) == needs


def test_words_in_chunks_that_hold_none_of_them_are_not_decoded(
    kept: Path, whole: SearchIndex
) -> None:
    partial = _partial(kept, "josee")
    assert partial is not None
    texts, everything = partial.data.texts, whole.data.texts
    assert len(texts) == len(everything) > 3 * 16
    for at in range(0, len(texts), 16):
        chunk = everything[at : at + 16]
        held = any("josee" in text for text in chunk)
        assert texts[at : at + 16] == (chunk if held else [""] * len(chunk))
    assert texts.count("") > len(texts) // 2
    assert partial.search("josee").bits == whole.search("josee").bits != 0


def test_the_columns_a_query_does_not_need_are_not_read(kept: Path) -> None:
    partial = _partial(kept, "lai")
    assert partial is not None
    assert partial.data.across == [] and len(partial.data.dates.entries) == 0
    assert all(not table for table in partial.data.posted.values())
    assert list(partial.data.names) == ["named"]


def _results(digests: Digests) -> list[FileResult]:
    """The library's results, each with its part as the parse cache keeps it and
    the digest ``digests`` gives it."""
    results = []
    for briefing, (_, digest) in zip(LIBRARY, digests, strict=True):
        result = FileResult(f"{briefing.id}.yaml", briefing, ())
        result.index_part, result.part_digest = part_bytes(briefing), digest
        results.append(result)
    return results


@pytest.mark.parametrize("query", ["lai", "actor:mps OR tag:press-freedom", "after:2019 -josee"])
def test_briefings_changed_since_are_spliced_in_from_their_parts(
    kept: Path, whole: SearchIndex, query: str
) -> None:
    needs = _needs(query)
    changed = [(briefing_id, digest + 1) for briefing_id, digest in DIGESTS]
    cases = [
        (_results(DIGESTS), 0),
        (_results([*DIGESTS[:-2], *changed[-2:]]), 2),  # two files changed since
        (_results(DIGESTS)[::-1], 0),  # in another order
        (_results(DIGESTS)[1:], 0),  # a file gone
    ]
    for results, rebuilt in cases:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(kept_columns, "CHUNK", 16)
            index = kept_columns.kept_columns(results, _load, kept, needs, most_changed=0.5)
        assert index is not None and index.rebuilt == rebuilt
        order = [result.header.id for result in results if result.header]
        assert index.briefing_ids == order
        expected = SearchIndex.build([BRIEFINGS[briefing_id] for briefing_id in order])
        assert index.search(query).bits == expected.search(query).bits
    mostly = kept_columns.kept_columns(_results(changed), _load, kept, needs, most_changed=0.5)
    assert mostly is None
    missing = kept.with_name("missing")
    assert kept_columns.kept_columns(_results(DIGESTS), _load, missing, needs) is None


def _sections(data: bytes) -> tuple[Any, bytes]:
    """The head of a kept index (decoded), and its sections (between its start and head)."""
    _, _, size = struct.unpack_from("<4sII", data)
    head = msgspec.msgpack.decode(data[len(data) - size :], type=stored_module._Stored)
    return head, data[12 : len(data) - size]


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]


def _packed(head: Any, chunks: bytes) -> bytes:
    """A kept index again, its CRC right."""
    encoded = msgspec.msgpack.encode(head)
    check = zlib.crc32(encoded, zlib.crc32(chunks))
    return struct.pack("<4sII", b"BRFI", check, len(encoded)) + chunks + encoded


@pytest.mark.parametrize("where", ["words", "named", "actor", "across", "head", "start"])
def test_a_byte_changed_anywhere_is_caught_even_in_a_column_not_read(
    kept: Path, tmp_path: Path, where: str
) -> None:
    data = kept.read_bytes()
    head, sections = _sections(data)
    words = sum(head.texts)
    named = words + sum(sum(head.names[name]) for name in TABLE_FIELDS[:-1])
    places = {
        "words": 12 + words // 2,
        "named": 12 + named + 3,
        "actor": 12 + words + 3,  # a table the query does not look in
        "across": 12 + len(sections) - 5,
        "head": len(data) - 40,
        "start": 6,  # the CRC itself
    }
    damaged = tmp_path / "index.msgpack"
    damaged.write_bytes(_flip(data, places[where]))
    assert _partial(damaged, "lai") is None
    assert _partial(kept, "lai") is not None


def _posted_out_of_range(head: Any) -> None:
    head.posted["tag"]["x"] = b"\xff\xff\xff\x7f"


def _dates_short(head: Any) -> None:
    head.dates = (head.dates[0][8:], *head.dates[1:])


def _words_in_other_chunks(head: Any) -> None:
    head.texts = [*head.texts[:-2], sum(head.texts[-2:])]


def _keys_out_of_range(head: Any) -> None:
    head.keys["tlp"]["x"] = [10**6]


def _sections_beyond_the_file(head: Any) -> None:
    """A length no file holds: refused before any byte is read (no terabyte allocated)."""
    head.texts = [10**12, *head.texts[1:]]


@pytest.mark.parametrize(
    ("change", "query", "answered"),
    [
        (_posted_out_of_range, "tag:trade", "lai"),
        (_dates_short, "after:2018", "lai"),
        (_words_in_other_chunks, "lai", "severity:high"),
        (_keys_out_of_range, "tlp:amber", None),  # read for every query
        (_sections_beyond_the_file, "lai", None),
    ],
)
def test_a_column_read_that_does_not_fit_is_not_trusted(
    kept: Path, tmp_path: Path, change: Any, query: str, answered: str | None
) -> None:
    """Damage a CRC does not catch (the file written so): a query that reads the column
    gets no index; one that does not read it is answered."""
    head, sections = _sections(kept.read_bytes())
    change(head)
    damaged = tmp_path / "index.msgpack"
    damaged.write_bytes(_packed(head, sections))
    assert _partial(damaged, query) is None
    if answered is not None:
        assert _partial(damaged, answered) is not None
