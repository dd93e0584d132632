"""``briefing search``'s evaluation a few briefings at a time: parts that cannot hold a
word are not decoded; a damaged part is never what decides that a briefing is skipped."""

from __future__ import annotations

import zlib

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from search_support import filter_queries, small_library

from briefing_tui.model import Briefing
from briefing_tui.model.format.header import header_of
from briefing_tui.model.search import index as index_module
from briefing_tui.model.search import part as part_module
from briefing_tui.model.search.chunked import could_match, search_chunks
from briefing_tui.model.search.data import KINDS
from briefing_tui.model.search.index import PartSource, SearchIndex
from briefing_tui.model.search.needs import Needs, needs_of
from briefing_tui.model.search.part import IndexPart, decode_needed, part_bytes, part_of
from briefing_tui.model.search.query import parse_query

LIBRARY = small_library()
BY_ID = {briefing.id: briefing for briefing in LIBRARY}


def sources(briefings: list[Briefing]) -> list[PartSource]:
    return [(header_of(briefing), part_bytes(briefing)) for briefing in briefings]


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the briefings whose stored part was decoded."""
    seen: list[str] = []
    real = part_module.decode_part

    def counting(stored: bytes, header: object) -> object:
        seen.append(header.id)  # type: ignore[attr-defined]
        return real(stored, header)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module, "decode_part", counting)
    return seen


def ids(query: str, parts: list[PartSource]) -> list[str]:
    node = parse_query(query)
    return [m.briefing_id for m in search_chunks(parts, BY_ID.get, node, ("incident", "quote"))]


def test_only_the_parts_that_hold_the_word_are_decoded(decoded: list[str]) -> None:
    holding = [b.id for b in LIBRARY if "lai" in (part_bytes(b) or b"").decode("latin-1")]
    assert 0 < len(holding) < len(LIBRARY)
    found = ids("lai", sources(LIBRARY))
    assert found and set(found) <= set(holding)
    assert sorted(decoded) == sorted(holding)
    decoded.clear()
    assert ids("zzzz-nowhere", sources(LIBRARY)) == [] and decoded == []


def test_a_damaged_part_is_indexed_again_not_skipped(decoded: list[str]) -> None:
    whole = SearchIndex.build(LIBRARY).search("lai").entries()
    holder = next(entry.briefing.id for entry in whole)
    parts = sources(LIBRARY)
    place = next(n for n, (header, _) in enumerate(parts) if header.id == holder)
    header, stored = parts[place]
    assert stored is not None
    damaged = stored.replace(b"lai", b"xyz")  # the word gone, and the CRC no longer holds
    parts[place] = (header, damaged)
    assert holder in ids("lai", parts)  # indexed again from its briefing
    assert holder in decoded  # tried, and refused by its CRC-32


def test_only_words_give_a_test_of_the_bytes() -> None:
    assert could_match(parse_query("severity:high")) is None
    assert could_match(parse_query("-lai")) is None
    assert could_match(parse_query("lai OR severity:high")) is None  # either may hold
    either = could_match(parse_query("lai OR zzzz"))
    both = could_match(parse_query("lai zzzz severity:high"))
    assert either is not None and both is not None
    assert either(b"..lai..") and not either(b"..la..")
    assert not both(b"..lai..") and both(b"lai zzzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filter_queries)
def test_the_columns_a_query_needs_of_each_part_answer_it_as_every_column(query: str) -> None:
    """``briefing search`` reads of each part only the columns its query looks in
    (``needs_of``, ``decode_needed``), the words of a part without the query's as ``""``."""
    node = parse_query(query)
    needs = needs_of(node)
    assert needs is not None
    parts = sources(LIBRARY)
    every = list(search_chunks(parts, BY_ID.get, node, KINDS, chunk=2))
    assert list(search_chunks(parts, BY_ID.get, node, KINDS, chunk=2, needs=needs)) == every


def _needs(query: str) -> Needs:
    needs = needs_of(parse_query(query))
    assert needs is not None
    return needs


def _stored(part: IndexPart) -> bytes:
    """A part as the parse cache keeps it, its CRC right."""
    body = msgspec.msgpack.encode(part)
    return msgspec.msgpack.encode((zlib.crc32(body), msgspec.Raw(body)))


def test_a_part_is_read_for_the_columns_it_is_asked_for_and_checked_in_those() -> None:
    """Columns that do not fit, in a part whose CRC holds (written so): each is refused
    by a query that reads it, and not in the way of one that does not."""
    briefing = LIBRARY[1]  # the dated one: tags, names, dates
    header, part = header_of(briefing), part_of(briefing)
    bad = {
        "tag:detention": msgspec.structs.replace(
            part, posted={**part.posted, "tag": {"detention": [10**6]}}),
        "actor:mps": msgspec.structs.replace(
            part, names={**part.names, "actor": (part.names["actor"][0][1:],
                                                 part.names["actor"][1])}),
        "after:2018": msgspec.structs.replace(part, dates=([10**6], [0], [1])),
        "josee": msgspec.structs.replace(part, texts=part.texts[1:]),
    }  # fmt: skip
    for query, damaged in bad.items():
        stored = _stored(damaged)
        assert decode_needed(stored, header, _needs(query)) is None, query
        others = [other for other in bad if other != query]
        for other in others:
            read = decode_needed(stored, header, _needs(other))
            assert read is not None, (query, other)
    flipped = bytearray(_stored(part))
    flipped[len(flipped) // 2] ^= 0x20
    assert decode_needed(bytes(flipped), header, _needs("severity:high")) is None
