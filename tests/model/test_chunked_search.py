"""``briefing search``'s evaluation a few briefings at a time: parts that cannot hold a
word are not decoded; a damaged part is never what decides that a briefing is skipped."""

from __future__ import annotations

import pytest
from search_support import small_library

from briefing_tui.model import Briefing
from briefing_tui.model.format.header import header_of
from briefing_tui.model.search import index as index_module
from briefing_tui.model.search import part as part_module
from briefing_tui.model.search.chunked import could_match, search_chunks
from briefing_tui.model.search.index import PartSource, SearchIndex
from briefing_tui.model.search.part import part_bytes
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
