"""A query answered over a library a few hundred briefings at a time (``briefing search``).

The reader keeps one index of the whole library, because it answers query after query
(and keeps it between starts: ``stored.py``). ``briefing search`` answers one and prints
it in library order: from the index the reader kept when there is one (:func:`matching`),
else without ever holding the whole index: :func:`search_chunks` puts an index together
over ``CHUNK`` briefings at a time (from their stored parts, ``SearchIndex.from_sources``),
evaluates the query on it, keeps only which items matched (their kind and place in their
briefing) and lets that index go. Every term of the filter language is decided inside one
briefing (its words, its names, its fields, its reading state), so the answer is the one
an index of the whole library gives (``tests/model/test_filter_semantics.py`` checks it).

Most of the time goes to decoding parts, so a briefing that cannot match is not decoded:
a word is stored folded, as UTF-8, in the part's texts or names, so a part whose bytes
do not hold the word's bytes has no entry with that word (``could_match``). A part is
skipped so only when its CRC-32 holds; a damaged one goes the usual way (indexed again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import groupby, islice
from operator import itemgetter
from typing import NamedTuple, TypeAlias

import msgspec

from ..format.header import BriefingHeader
from .bitset import indices_of
from .data import IndexData, Kind
from .index import BriefingLoader, PartSource, SearchIndex
from .needs import Needs
from .part import IndexPart, append_part, decode_needed, narrowed, part_intact, part_of
from .query import And, Node, Or, Text

__all__ = ["CHUNK", "BriefingHits", "could_match", "matching", "needed_part", "search_chunks"]

CHUNK = 256
"""Briefings indexed at a time: an index over them is a few megabytes."""


class BriefingHits(NamedTuple):
    """The items of one briefing that match, in index order."""

    briefing_id: str
    hits: tuple[tuple[Kind, int], ...]
    """Each item's kind and its position in the briefing's list of that kind (0 for
    the briefing itself)."""


def search_chunks(
    sources: Iterable[PartSource],
    load: BriefingLoader,
    node: Node,
    kinds: Iterable[Kind],
    *,
    prepare: Callable[[SearchIndex], None] | None = None,
    chunk: int = CHUNK,
    needs: Needs | None = None,
) -> Iterator[BriefingHits]:
    """The briefings of ``sources`` (in that order) with items of ``kinds`` matching
    ``node``, each with its matching items; ``prepare`` is called on each chunk's
    index before the query (e.g. to give it the reading state). With ``needs``
    (``needs_of(node)``), only the columns it names are read of each part."""
    wanted_kinds = tuple(kinds)
    test = could_match(node)
    pending: Iterable[PartSource] = iter(sources)
    if test is not None:
        pending = (s for s in pending if s[1] is None or not part_intact(s[1]) or test(s[1]))
    while batch := list(islice(pending, chunk)):
        if needs is not None:
            index = _needed_index(batch, load, needs)
        else:
            found = SearchIndex.from_sources(batch, load)
            if found is None:  # nothing cancels it: never None here
                continue
            index = found
        if prepare is not None:
            prepare(index)
        yield from matching(index, node, wanted_kinds)


def _needed_index(sources: list[PartSource], load: BriefingLoader, needs: Needs) -> SearchIndex:
    """An index over ``sources`` with only the columns ``needs`` names (``decode_needed``),
    as ``SearchIndex.from_sources`` makes one with them all: a briefing whose part is
    missing or damaged indexed again."""
    data = IndexData()
    for header, stored in sources:
        part = needed_part(header, stored, load, needs)
        if part is not None:
            append_part(data, part)
    return SearchIndex(data, load)


def needed_part(
    header: BriefingHeader, stored: Bytes | None, load: BriefingLoader, needs: Needs
) -> IndexPart | None:
    """The columns ``needs`` names of a briefing's part as ``stored`` (``decode_needed``);
    when it is missing or damaged, of the briefing indexed again (None when it cannot be
    loaded)."""
    part = decode_needed(stored, header, needs) if stored is not None else None
    if part is None:
        briefing = load(header.id)
        if briefing is None:
            return None
        part = narrowed(part_of(briefing), needs)
    return part


def matching(index: SearchIndex, node: Node, kinds: Iterable[Kind]) -> Iterator[BriefingHits]:
    """The briefings of ``index`` (in index order) with items of ``kinds`` matching
    ``node``, each with its matching items."""
    wanted = 0
    for kind in kinds:
        wanted |= index.kind_bits(kind)
    found = index.evaluate(node) & wanted
    located = index.locate(indices_of(found))
    for briefing_id, items in groupby(located, key=itemgetter(0)):
        yield BriefingHits(briefing_id, tuple((kind, place) for _, kind, place in items))


Bytes: TypeAlias = bytes | msgspec.Raw


def could_match(node: Node) -> Callable[[Bytes], bool] | None:
    """A test of a stored part's bytes that is False only when none of its briefing's
    entries can match ``node``; None when there is none to make (a field, a negation...)."""
    match node:
        case Text(value=value):
            needle = value.encode()
            return lambda stored: needle in _bytes(stored)
        case And(items=items):
            tests = [test for test in map(could_match, items) if test is not None]
            if not tests:
                return None
            return lambda stored: all(test(stored) for test in tests)
        case Or(items=items):
            found = [could_match(item) for item in items]
            every = [test for test in found if test is not None]
            if len(every) != len(found):
                return None
            return lambda stored: any(test(stored) for test in every)
        case _:
            return None


def _bytes(stored: Bytes) -> bytes:
    return stored if isinstance(stored, bytes) else bytes(stored)
