"""Change an index's columns for a few briefings, without putting all of them together again.

:func:`splice` makes the columns of the briefings an order names: a briefing given a
new part is added from it (``part.append_part``); every other is copied from the
columns it had, a run of consecutive briefings at a time (slices, at C speed, their
entry numbers shifted). A reload (``SearchIndex.update``) and a warm start whose stored
index (``stored.py``) differs in a few briefings both use it, so an index keeps only
its columns: no decoded part per briefing stays in memory for a later change.

Entry numbers in ``posted`` and ``dates.entries`` come briefing after briefing (each
briefing's numbers lie in its span, in no particular order inside it), so the numbers
of a run of briefings are found by bisecting at the run's first and last entry.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping

from .data import ENUM_FIELDS, HAS_FIELDS, BriefingSpan, IndexData
from .part import IndexPart, append_part

__all__ = ["splice"]

_Run = tuple[int, int]
"""Briefings ``first`` to ``stop`` (ordinals, ``stop`` excluded) of the old columns."""


def splice(data: IndexData, order: Iterable[str], changed: Mapping[str, IndexPart]) -> IndexData:
    """The columns of the briefings ``order`` names, in that order: each in ``changed``
    from its part, every other from ``data`` (a briefing in neither is left out)."""
    ordinals = {span.briefing_id: number for number, span in enumerate(data.spans)}
    pieces: list[IndexPart | _Run] = []
    for briefing_id in order:
        part = changed.get(briefing_id)
        if part is not None:
            pieces.append(part)
            continue
        old = ordinals.get(briefing_id)
        if old is None:
            continue
        last = pieces[-1] if pieces else None
        if isinstance(last, tuple) and last[1] == old:
            pieces[-1] = (last[0], old + 1)
        else:
            pieces.append((old, old + 1))
    spliced = IndexData()
    moved = array("i", [-1]) * len(data.spans)  # old ordinal -> new, -1: left out
    for piece in pieces:
        if isinstance(piece, IndexPart):
            append_part(spliced, piece)
        else:
            first, stop = piece
            for old in range(first, stop):
                moved[old] = len(spliced.spans) + old - first
            _copy_run(data, first, stop, spliced)
    _copy_keys(data, moved, spliced)
    return spliced


def _copy_run(data: IndexData, first: int, stop: int, into: IndexData) -> None:
    """Add briefings ``first`` to ``stop`` of ``data`` after those of ``into`` (but their
    ``briefing_keys``: see :func:`_copy_keys`)."""
    spans = data.spans[first:stop]
    begin, end = spans[0].start, spans[-1].stop
    shift = len(into.kinds) - begin
    into.kinds += data.kinds[begin:end]
    into.texts += data.texts[begin:end]
    enums, flags = len(ENUM_FIELDS), len(HAS_FIELDS)
    into.codes += data.codes[begin * enums : end * enums]
    into.has += data.has[begin * flags : end * flags]
    for name, table in data.posted.items():
        posted = into.posted[name]
        for value, numbers in table.items():
            low, high = bisect_left(numbers, begin), bisect_left(numbers, end)
            if low < high:
                run = numbers[low:high]
                posted[value].extend(map(shift.__add__, run) if shift else run)
    for name, column in data.names.items():
        into.names[name].extend_from(column, first, stop)
    dates = data.dates
    low, high = bisect_left(dates.entries, begin), bisect_left(dates.entries, end)
    run = dates.entries[low:high]
    into.dates.entries.extend(map(shift.__add__, run) if shift else run)
    into.dates.starts.extend(dates.starts[low:high])
    into.dates.ends.extend(dates.ends[low:high])
    into.across += data.across[first:stop]
    if not shift:
        into.spans += spans
        return
    for span in spans:
        kinds = {kind: (a + shift, b + shift) for kind, (a, b) in span.kinds.items()}
        into.spans.append(BriefingSpan(span.briefing_id, span.start + shift,
                                       span.stop + shift, kinds))  # fmt: skip


def _copy_keys(data: IndexData, moved: array[int], into: IndexData) -> None:
    """The briefing-wide values of the briefings copied from ``data`` (``moved``: each old
    ordinal's new one), beside those of the new parts already in ``into``."""
    for name, table in data.briefing_keys.items():
        keys = into.briefing_keys[name]
        for value, ordinals in table.items():
            kept = [moved[ordinal] for ordinal in ordinals if moved[ordinal] >= 0]
            if kept:
                keys[value].extend(kept)
