"""Date intervals of searchable items, and which items overlap a query's date range.

Every date is reduced to a *day key*, the int ``yyyymmdd`` of a UTC day (ordered like
the days). An item's dates cover the half-open interval ``[start, end)`` of day keys;
FORMAT.md's rule is that a date filter matches an item whose interval overlaps the
filter's range. Instants (full timestamps) cover their own UTC day, which against
day-aligned query ranges gives the same answer as the instant itself.

:class:`DateColumn` answers "which items overlap ``[a, b)``" as a bitset (see
``bitset.py``): items whose start is before ``b`` AND items whose end is after ``a``.
Each half is a prefix of the items sorted by that key; bitsets of the prefixes at
``STEPS`` evenly spaced cut points are built on the second query (the first, maybe the
only one, as from the command line, takes the prefix directly), and a query adds the
few items between the nearest cut point and its own position.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..format.dates import PartialDate, Precision
from ..format.types import When
from .bitset import bits_from_indices
from .query import DateRange, Day

__all__ = [
    "NO_END", "NO_START", "DateColumn", "Dates", "date_interval", "range_keys", "when_interval",
]  # fmt: skip

NO_START = 0
"""Day key before every day: an interval open at the start."""
NO_END = 10000_01_01
"""Day key after every day (1 January 10000): an interval open at the end."""
STEPS = 128
"""Cut points per column: memory is ``STEPS`` bitsets, a query scans ``1/STEPS`` of it."""

_LAST_DAY = date(9999, 12, 31)


def _day_key(moment: datetime) -> int:
    return moment.year * 10000 + moment.month * 100 + moment.day


_intervals: dict[str, tuple[int, int]] = {}


def date_interval(partial: PartialDate) -> tuple[int, int]:
    """The day keys ``[start, end)`` that a partial date covers."""
    found = _intervals.get(partial.text)  # the text defines the date; days recur a lot
    if found is None:
        if len(_intervals) > 100_000:
            _intervals.clear()
        found = _intervals[partial.text] = _date_interval(partial)
    return found


def _date_interval(partial: PartialDate) -> tuple[int, int]:
    start = _day_key(partial.start)
    if partial.precision is Precision.INSTANT:
        if partial.start.date() >= _LAST_DAY:
            return start, NO_END
        return start, _day_key(partial.start + timedelta(days=1))
    if partial.end.time() != time(0):  # the end of 9999 is past the calendar: datetime.max
        return start, NO_END
    return start, _day_key(partial.end)


def when_interval(when: When | None) -> tuple[int, int] | None:
    """The day keys a ``when``/``said`` covers, or None when it gives no date."""
    if when is None:
        return None
    if when.at is not None:
        return date_interval(when.at)
    if when.start is None and when.end is None:
        return None
    start = date_interval(when.start)[0] if when.start is not None else NO_START
    end = date_interval(when.end)[1] if when.end is not None else NO_END
    return start, end


def _key(day: Day) -> int:
    return day[0] * 10000 + day[1] * 100 + day[2]


def range_keys(dates: DateRange) -> tuple[int, int]:
    """A query's ``[start, end)`` as day keys (open ends become NO_START/NO_END)."""
    start = NO_START if dates.start is None else _key(dates.start)
    end = NO_END if dates.end_exclusive is None else _key(dates.end_exclusive)
    return start, end


@dataclass(slots=True)
class Dates:
    """The day keys ``[start, end)`` of dated entries, as compact arrays."""

    entries: array[int] = field(default_factory=lambda: array("q"))
    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))

    def add(self, entry: int, start: int, end: int) -> None:
        self.entries.append(entry)
        self.starts.append(start)
        self.ends.append(end)


class _Prefixes:
    """Entries sorted by a key; the set of those whose key is below a bound."""

    def __init__(self, entries: array[int], keys: array[int], size: int) -> None:
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self.keys = array("q", map(keys.__getitem__, order))
        self.entries = array("q", map(entries.__getitem__, order))
        self.size = size
        self.step = max(1, -(-len(order) // STEPS))
        self._cuts: list[int] | None = None
        self._asked = False

    def cuts(self) -> list[int]:
        """``cuts[j]``: the set of the first ``j * step`` entries."""
        if self._cuts is None:
            cuts, bits = [0], 0
            for begin in range(0, len(self.entries), self.step):
                chunk = self.entries[begin : begin + self.step]
                bits |= bits_from_indices(chunk, self.size)
                cuts.append(bits)
            self._cuts = cuts
        return self._cuts

    def below(self, bound: int) -> int:
        """The set of entries whose key is ``< bound``."""
        count = bisect_left(self.keys, bound)
        if self._cuts is None and not self._asked:  # one question may be all there is
            self._asked = True
            return bits_from_indices(self.entries[:count], self.size)
        cut = count // self.step
        rest = self.entries[cut * self.step : count]
        return self.cuts()[cut] | (bits_from_indices(rest, self.size) if rest else 0)


class DateColumn:
    """The date intervals of a set of entries, queried by overlap."""

    def __init__(self, dates: Dates, size: int) -> None:
        self._starts = _Prefixes(dates.entries, dates.starts, size)
        self._ends = _Prefixes(dates.entries, array("q", (-end for end in dates.ends)), size)

    def overlapping(self, start: int, end: int) -> int:
        """The entries whose interval overlaps the day keys ``[start, end)``."""
        if start >= end:
            return 0
        return self._starts.below(end) & self._ends.below(-start)

    def warm(self) -> None:
        """Build the cut points now rather than on the first date query."""
        self._starts.cuts()
        self._ends.cuts()
