"""Incidents per period for a filter: the library's timeline, with honest precision.

:class:`Timeline` is built once per :class:`~.index.SearchIndex` (from the incidents'
dates kept in its columns, ``SearchIndex.across``: no briefing is decoded) and answers,
for the bitset of a filter's result, how many incidents fall in each week, month,
quarter or year. Each incident goes in exactly one row:

* a **period row** (``2018-12``) when its whole date interval lies inside that period:
  ``2018-12-10`` in the month ``2018-12``, ``2018-12`` in the quarter ``2018-Q4``, a
  range ``2018-12-01..2018-12-20`` in ``2018-12``;
* a **coarse row** when its date is coarser than the period: ``2018 (year only)`` for a
  year-only date in a monthly timeline, ``2018-12 (month only)`` for a month in a weekly
  one. Such an incident is never spread over, nor guessed into, the finer periods;
* a **range row** (``2018-03… (range)``) for a range that runs past the period it starts
  in (by the period its start falls in; ``…2018-06 (range)`` when only the end is known);
* the **undated** row, for an incident without a date.

Rows also count the incidents of high or critical severity and the approximate ones
(``when: {approximate: true}``). The per-row sets of entries are built once per period
as one array of row numbers over the entries, so a filter costs listing its incidents
(``flags_of``) and counting their row numbers: milliseconds.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import compress
from typing import TYPE_CHECKING, Literal, TypeAlias

import msgspec

from ..format.dates import PartialDate, Precision
from ..format.types import When
from .across_data import AcrossWhens, when_lines, when_of
from .bitset import bits_from_flags, bits_from_indices, flags_of
from .query import SEVERITY_LEVELS, fold

if TYPE_CHECKING:
    from .index import SearchIndex

__all__ = [
    "PERIODS",
    "Period",
    "RowKind",
    "Timeline",
    "TimelineRow",
    "bar",
    "row_notes",
    "row_query",
    "row_text",
]

Period: TypeAlias = Literal["week", "month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("week", "month", "quarter", "year")
"""Periods from the finest to the coarsest."""
RowKind: TypeAlias = Literal["period", "coarse", "range", "undated"]
_HIGH = frozenset({"high", "critical"})
_DAY = timedelta(days=1)
_PRECISION_WORD = {Precision.YEAR: "year only", Precision.MONTH: "month only"}


class TimelineRow(msgspec.Struct, frozen=True, gc=False):
    """One row of a timeline: a period (or a coarse date, a range, undated) and counts
    (a Struct: a weekly timeline of a long library makes thousands at each count)."""

    kind: RowKind
    label: str
    """``2018-12``, ``2018-W49``, ``2018-Q4``, ``2018``; ``2018 (year only)``;
    ``2018-03… (range)``; ``undated``."""
    count: int
    high: int
    """Incidents of high or critical severity."""
    approximate: int
    """Incidents whose date is marked approximate."""
    query: str
    """The filter term for exactly the incidents of the row (``timeline:month:2018-12``,
    ``query.PeriodRow``): what ``enter`` on the row adds to the filter."""


_Key: TypeAlias = tuple[int, int]
"""A period: (year, week/month/quarter number, 0 for a year)."""


def _period_key(moment: date, period: Period) -> _Key:
    if period == "week":
        year, week, _ = moment.isocalendar()
        return year, week
    if period == "month":
        return moment.year, moment.month
    if period == "quarter":
        return moment.year, (moment.month - 1) // 3 + 1
    return moment.year, 0


def _period_start(key: _Key, period: Period) -> date:
    year, number = key
    if period == "week":
        return date.fromisocalendar(year, number, 1)
    if period == "month":
        return date(year, number, 1)
    if period == "quarter":
        return date(year, 3 * number - 2, 1)
    return date(year, 1, 1)


def _next_key(key: _Key, period: Period) -> _Key:
    year, number = key
    if period == "week":
        return _period_key(_period_start(key, period) + timedelta(days=7), period)
    if period == "year":
        return year + 1, 0
    last = 12 if period == "month" else 4
    return (year, number + 1) if number < last else (year + 1, 1)


def _period_label(key: _Key, period: Period) -> str:
    year, number = key
    if period == "week":
        return f"{year:04d}-W{number:02d}"
    if period == "month":
        return f"{year:04d}-{number:02d}"
    if period == "quarter":
        return f"{year:04d}-Q{number}"
    return f"{year:04d}"


def _last_day(partial: PartialDate) -> date:
    """The last UTC day ``partial`` covers."""
    if partial.precision is Precision.INSTANT:
        return partial.start.date()
    end = partial.end
    if end.year == 9999 and end == datetime.max.replace(tzinfo=end.tzinfo):  # ends 9999
        return date(9999, 12, 31)
    return (end - _DAY).date()


_Slot: TypeAlias = tuple[int, str, str, RowKind, str]
"""Where an incident goes: (sort day as an ordinal, sort tie-break, label, kind, row) with
``row`` the row as ``timeline:`` names it (``2018``, ``2018-03..``, ``..2018-06``)."""


def _bounds(when: When | None) -> tuple[date, date] | None:
    """The first and the last day of ``when`` when both ends are known."""
    if when is None:
        return None
    first = when.at or when.start
    last = when.at or when.end
    if first is None or last is None:
        return None
    return first.start.date(), _last_day(last)


def _fitting_period(when: When | None, period: Period) -> _Key | None:
    """The period holding the whole of ``when``, if one does."""
    return _fitting(_bounds(when), period)


def _fitting(bounds: tuple[date, date] | None, period: Period) -> _Key | None:
    """The period holding the days ``bounds`` (``_bounds``), if one does."""
    if bounds is None:
        return None
    key = _period_key(bounds[0], period)
    return key if key == _period_key(bounds[1], period) else None


def _slot(when: When, period: Period) -> _Slot:
    """The labelled row of a dated incident that fits no single period."""
    first = when.at or when.start
    last = when.at or when.end
    if when.at is not None:  # a date coarser than the period
        at = when.at
        word = _PRECISION_WORD.get(at.precision, "date")
        return (at.start.toordinal(), "0", f"{at.text} ({word})", "coarse", at.text)
    if first is not None:
        key = _period_key(first.start.date(), period)
        start = _period_start(key, period).toordinal()
        if _fitting_period(When(at=first), period) is None:  # a start coarser than the period
            return (first.start.toordinal(), "2", f"{first.text}… (range)", "range",
                    f"{first.text}..")  # fmt: skip
        label = _period_label(key, period)
        return (start, "2", f"{label}… (range)", "range", f"{label}..")
    assert last is not None
    day = _last_day(last)
    shown = day.isoformat() if last.precision is Precision.INSTANT else last.text
    return (day.toordinal(), "3", f"…{shown} (range)", "range", f"..{shown}")


_Place: TypeAlias = tuple[_Key | None, _Slot | None]
"""Where incidents go: (a period, None) or (None, a labelled row); (None, None) undated."""
_UNDATED: _Place = (None, None)


@dataclass(slots=True)
class _Buckets:
    """One period's rows: per distinct date (as ``Timeline._whens``) the number of its row."""

    rows: list[int]
    places: list[_Place]
    """Row number -> where it is."""


@dataclass(slots=True)
class _Tally:
    """The incidents of one filter's result, per distinct date (``Timeline._whens``)."""

    bits: int
    """The result's incidents."""
    count: Counter[int]
    high: Counter[int]


@dataclass(slots=True)
class _Counts:
    """Incidents per row number, with the high and approximate ones."""

    count: Counter[int]
    """Row number -> incidents (a missing row reads 0 and is not added, as in ``rows``)."""
    high: Counter[int]
    approximate: Counter[int]

    def row(self, code: int, kind: RowKind, label: str, query: str) -> TimelineRow:
        return TimelineRow(kind, label, self.count.get(code, 0), self.high.get(code, 0),
                           self.approximate.get(code, 0), query)  # fmt: skip


def _severity_flags() -> bytes:
    """The table turning a severity column byte (rank + 1) into 1 for high or critical."""
    table = bytearray(256)
    for level in _HIGH:
        table[SEVERITY_LEVELS.index(level) + 1] = 1
    return bytes(table)


_HIGH_FLAGS = _severity_flags()


class Timeline:
    """The incidents of one search index, ready to be counted by period for any filter.

    Incidents are numbered by their distinct date (a library repeats its dates): per
    entry the number of its date, so a filter's count is one count of those numbers (in
    C), and each period's rows are worked out once per distinct date, not per incident.
    """

    def __init__(self, index: SearchIndex) -> None:
        self._size = index.size
        codes = array("i", [-1]) * self._size
        distinct: dict[str, int] = {}  # an incident's date line -> its code
        for briefing_id, part in index.across(AcrossWhens):
            span = index.span(briefing_id, "incident")
            if span:
                lines = when_lines(part, len(span))[: len(span)]
                lines += [""] * (len(span) - len(lines))  # never longer nor shorter
                found = [distinct.setdefault(line, len(distinct)) for line in lines]
                codes[span.start : span.stop] = array("i", found)
        self._codes = codes
        """Per entry, its date's number in ``_whens`` (-1: not an incident)."""
        self._whens = [when_of(line) for line in distinct]
        """The distinct dates of the incidents (None: undated)."""
        self._rough = [when is not None and when.approximate for when in self._whens]
        self._firsts = [_first_day(when) for when in self._whens]
        self._bounds = [_bounds(when) for when in self._whens]
        self.incident_bits = index.kind_bits("incident")
        self.high = bits_from_flags(index.severity_codes().translate(_HIGH_FLAGS))
        self.high &= self.incident_bits
        """The entries of high or critical incidents."""
        self._buckets: dict[Period, _Buckets] = {}
        self._tally: _Tally | None = None

    def _build(self, period: Period) -> _Buckets:
        found = self._buckets.get(period)
        if found is not None:
            return found
        numbers: dict[_Place, int] = {}
        rows: list[int] = []  # per distinct date, its row number
        for when, bounds in zip(self._whens, self._bounds, strict=True):
            key = _fitting(bounds, period)
            if key is not None:
                place: _Place = (key, None)
            elif when is None or when.sort_date is None:
                place = _UNDATED
            else:
                place = (None, _slot(when, period))
            rows.append(numbers.setdefault(place, len(numbers)))
        found = self._buckets[period] = _Buckets(rows, list(numbers))
        return found

    def _tally_of(self, bits: int) -> _Tally:
        """The incidents of ``bits`` per distinct date (the last one asked kept: the rows
        and the choice of period ask for the same)."""
        bits &= self.incident_bits
        tally = self._tally
        if tally is None or tally.bits != bits:
            codes, size = self._codes, self._size
            # each incident's date number read out as it is counted, not a list of
            # entry numbers first (600,000 int objects at 20,000 briefings)
            tally = _Tally(
                bits,
                Counter(compress(codes, flags_of(bits, size))),
                Counter(compress(codes, flags_of(bits & self.high, size))),
            )
            self._tally = tally
        return tally

    def _counts(self, tally: _Tally, buckets: _Buckets) -> _Counts:
        rows, rough = buckets.rows, self._rough
        counts = _Counts(Counter(), Counter(), Counter())
        count, approximate = counts.count, counts.approximate
        for code, number in tally.count.items():
            row = rows[code]
            count[row] += number
            if rough[code]:
                approximate[row] += number
        high = counts.high
        for code, number in tally.high.items():
            high[rows[code]] += number
        return counts

    def _date_span(self, bits: int) -> tuple[date, date] | None:
        """The first and the last day where a dated incident of ``bits`` begins."""
        firsts = self._firsts
        found = [day for code in self._tally_of(bits).count if (day := firsts[code])]
        if not found:
            return None
        return date.fromordinal(min(found)), date.fromordinal(max(found))

    def span_of(self, bits: int, period: Period) -> int:
        """How many periods lie between the first and the last dated incident of ``bits``
        (inclusive), gaps counted."""
        span = self._date_span(bits)
        if span is None:
            return 0
        first, last = (_period_key(day, period) for day in span)
        return _count_between(first, last, period)

    def rows(self, bits: int, period: Period) -> list[TimelineRow]:
        """The rows for the entries ``bits`` (a filter's result): periods from the first to
        the last with an incident (empty ones in between included, with 0), coarse and
        range rows in date order among them, then ``undated`` if any."""
        buckets = self._build(period)
        counts = self._counts(self._tally_of(bits), buckets)
        codes = {place: code for code, place in enumerate(buckets.places)}
        placed: list[tuple[tuple[int, str], TimelineRow]] = []
        keys = [key for key, _ in (buckets.places[c] for c in counts.count) if key is not None]
        if keys:
            key, last = min(keys), max(keys)
            while True:
                code = codes.get((key, None), -1)
                label = _period_label(key, period)
                row = counts.row(code, "period", label, row_query(period, label))
                placed.append(((_period_start(key, period).toordinal(), "1"), row))
                if key == last:
                    break
                key = _next_key(key, period)
        undated: TimelineRow | None = None
        for code in counts.count:
            place = buckets.places[code]
            if place == _UNDATED:
                undated = counts.row(code, "undated", "undated", row_query(period, "undated"))
            elif place[1] is not None:
                ordinal, tie, label, kind, name = place[1]
                row = counts.row(code, kind, label, row_query(period, name))
                placed.append(((ordinal, tie + label), row))
        placed.sort(key=lambda pair: pair[0])
        rows = [row for _, row in placed]
        if undated is not None:
            rows.append(undated)
        return rows

    def entries_in(self, period: Period, row: str) -> int:
        """The incidents a timeline by ``period`` counts in ``row`` (``row_query``, folded):
        what ``timeline:PERIOD:ROW`` matches; none for a row that does not exist."""
        buckets = self._build(period)
        wanted = {number for number, place in enumerate(buckets.places)
                  if fold(_row_name(place, period)) == row}  # fmt: skip
        codes = {code for code, number in enumerate(buckets.rows) if number in wanted}
        if not codes:
            return 0
        found = compress(range(self._size), map(codes.__contains__, self._codes))
        return bits_from_indices(found, self._size)

    def choose_period(self, bits: int, fit: int) -> Period:
        """The finest period whose rows for ``bits`` fit in ``fit`` lines (else ``year``)."""
        span = self._date_span(bits)
        if span is None:
            return "year"
        for period in PERIODS:
            first, last = (_period_key(day, period) for day in span)
            if _count_between(first, last, period) <= fit:
                return period
        return "year"


def row_query(period: Period, row: str) -> str:
    """The filter term for one row of a timeline by ``period``: ``timeline:month:2018-12``."""
    return f"timeline:{period}:{row}"


def _row_name(place: _Place, period: Period) -> str:
    """A row as ``timeline:`` names it: its period's label, the labelled row's name, or
    ``undated``."""
    key, slot = place
    if key is not None:
        return _period_label(key, period)
    return slot[4] if slot is not None else "undated"


def _first_day(when: When | None) -> int:
    """The day ordinal where ``when`` begins (its end's last day when open at the start;
    0: undated)."""
    if when is None:
        return 0
    first = when.at or when.start
    if first is not None:
        return first.start.toordinal()
    if when.end is not None:
        return _last_day(when.end).toordinal()
    return 0


def _count_between(first: _Key, last: _Key, period: Period) -> int:
    if period == "week":
        days = _period_start(last, period) - _period_start(first, period)
        return days.days // 7 + 1
    if period == "year":
        return last[0] - first[0] + 1
    per_year = 12 if period == "month" else 4
    return (last[0] - first[0]) * per_year + last[1] - first[1] + 1


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, peak: int, width: int, unicode: bool = True) -> str:
    """A bar of ``count`` against ``peak`` over ``width`` cells: full blocks and an eighth
    (``███▌``), or ``#`` only in ASCII; a count above 0 always shows at least a sliver."""
    if count <= 0 or peak <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * min(count, peak) / peak))
    if not unicode:
        return "#" * max(1, round(eighths / 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def row_notes(row: TimelineRow) -> str:
    """``(2 high, 1 approximate)``, or nothing."""
    notes = [f"{row.high} high"] if row.high else []
    if row.approximate:
        notes.append(f"{row.approximate} approximate")
    return f"({', '.join(notes)})" if notes else ""


def row_text(row: TimelineRow, peak: int, width: int, unicode: bool = True) -> str:
    """The bar, the count (always printed) and notes: ``███▌  7  (2 high)``; the label goes
    before it, aligned by the caller."""
    notes = row_notes(row)
    extra = f"  {notes}" if notes else ""
    return f"{bar(row.count, peak, width, unicode):<{width}}  {row.count}{extra}"
