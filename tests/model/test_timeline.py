"""The timeline: every incident in exactly one row, never spread over finer periods."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.format.types import Briefing, Handling, Incident, When
from briefing_tui.model.search.bitset import bits_from_indices
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.timeline import PERIODS, Timeline


def _when(spec: tuple[str, ...] | None, approximate: bool = False) -> When | None:
    """``None`` undated; ``("2018",)`` at; ``("2018-03-02", "2018-05")`` a range; ``("",
    "2018")`` open start."""
    if spec is None:
        return None
    if len(spec) == 1:
        return When(at=PartialDate.parse(spec[0]), approximate=approximate)
    start, end = spec
    return When(
        start=PartialDate.parse(start) if start else None,
        end=PartialDate.parse(end) if end else None,
        approximate=approximate,
    )


Spec = tuple[tuple[str, ...] | None, bool, str | None]


def _briefing(specs: Sequence[Spec]) -> Briefing:
    incidents = tuple(
        Incident(id=f"inc-{n}", title=f"Incident {n}", when=_when(spec, approx),
                 severity=severity)  # type: ignore[arg-type]
        for n, (spec, approx, severity) in enumerate(specs)
    )  # fmt: skip
    return Briefing(
        schema="briefing/v1", id="brf-t", title="T", date=PartialDate.parse("2020"),
        handling=Handling(tlp="clear"), summary="s", incidents=incidents,
    )  # fmt: skip


def _counts(timeline: Timeline, bits: int, period: str) -> dict[str, int]:
    return {row.label: row.count for row in timeline.rows(bits, period) if row.count}  # type: ignore[arg-type]


MIXED: list[Spec] = [
    (("2018",), False, None),  # year only
    (("2018",), False, "high"),
    (("2018-12",), False, "critical"),  # month
    (("2018-12-10",), True, None),  # day, approximate
    (("2018-12-31",), False, None),
    (("2019-01-02T10:00:00Z",), False, None),  # instant
    (("2018-12-01", "2018-12-20"), False, None),  # range inside one month
    (("2018-11-20", "2019-02"), False, None),  # range across months
    (("", "2019-03"), False, None),  # open start
    (None, False, "high"),  # undated
]


def test_month_rows_keep_each_precision_apart() -> None:
    index = SearchIndex.build([_briefing(MIXED)])
    timeline = Timeline(index)
    rows = timeline.rows(index.everything, "month")
    shown = [(row.label, row.count, row.high, row.approximate) for row in rows]
    assert shown == [
        ("2018 (year only)", 2, 1, 0),
        ("2018-11… (range)", 1, 0, 0),
        ("2018-12", 4, 1, 1),
        ("2019-01", 1, 0, 0),
        ("…2019-03 (range)", 1, 0, 0),
        ("undated", 1, 1, 0),
    ]
    assert rows[2].query == "timeline:month:2018-12"
    for row in rows:  # enter on a row: the filter plus its term, exactly its incidents
        assert index.search(row.query).count("incident") == row.count, row.label
    assert [row.query for row in rows] == [
        "timeline:month:2018", "timeline:month:2018-11..", "timeline:month:2018-12",
        "timeline:month:2019-01", "timeline:month:..2019-03", "timeline:month:undated",
    ]  # fmt: skip
    # date:'s overlap rule would add the year-only dates and both ranges reaching into it
    assert index.search("date:2018-12").count("incident") == 4 + 2 + 1 + 1


def test_empty_periods_between_are_listed_with_zero() -> None:
    index = SearchIndex.build([_briefing([(("2018-01-05",), False, None),
                                          (("2018-04-05",), False, None)])])  # fmt: skip
    rows = Timeline(index).rows(index.everything, "month")
    assert [(row.label, row.count) for row in rows] == [
        ("2018-01", 1), ("2018-02", 0), ("2018-03", 0), ("2018-04", 1),
    ]  # fmt: skip


def test_week_and_quarter_labels_and_queries() -> None:
    index = SearchIndex.build([_briefing([(("2018-12-10",), False, None),
                                          (("2018-12",), False, None)])])  # fmt: skip
    timeline = Timeline(index)
    weeks = timeline.rows(index.everything, "week")
    assert [(r.label, r.count, r.query) for r in weeks] == [
        ("2018-12 (month only)", 1, "timeline:week:2018-12"),
        ("2018-W50", 1, "timeline:week:2018-W50"),
    ]
    quarters = timeline.rows(index.everything, "quarter")
    assert [(r.label, r.count, r.query) for r in quarters] == [
        ("2018-Q4", 2, "timeline:quarter:2018-Q4")
    ]
    for row in (*weeks, *quarters):
        assert index.search(row.query).count("incident") == row.count


def test_period_is_chosen_to_fit() -> None:
    specs: list[Spec] = [((f"{year}-{month:02d}-01",), False, None) for year in (2016, 2017, 2018)
             for month in (1, 6)]  # fmt: skip
    index = SearchIndex.build([_briefing(specs)])
    timeline = Timeline(index)
    assert timeline.choose_period(index.everything, 200) == "week"
    assert timeline.choose_period(index.everything, 20) == "quarter"
    assert timeline.choose_period(index.everything, 3) == "year"


def _reference_label(spec: tuple[str, ...] | None, period: str) -> str:
    """Where an incident belongs, worked out from the texts alone (month and year)."""
    width = 7 if period == "month" else 4
    if spec is None:
        return "undated"
    if len(spec) == 1:
        text = spec[0]
        if len(text) < width:
            return f"{text} (year only)"
        return text[:width]
    start, end = spec
    first = start[:width] if len(start) >= width else start + "-01"  # where its interval
    last = end[:width] if len(end) >= width else end + "-12"  # begins and ends
    if start and end and first == last:
        return first
    if start:
        return f"{start[:width]}… (range)" if len(start) >= width else f"{start}… (range)"
    return f"…{end} (range)"


_YEARS = st.integers(2015, 2019).map(str)
_MONTHS = st.tuples(_YEARS, st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}")
_DAYS = st.tuples(_MONTHS, st.integers(1, 28)).map(lambda p: f"{p[0]}-{p[1]:02d}")
_DATES = st.one_of(_YEARS, _MONTHS, _DAYS)
_RANGES = st.tuples(_DATES, _DATES).map(lambda p: tuple(sorted(p)))
_OPEN = st.one_of(_DATES.map(lambda d: (d, "")), _DATES.map(lambda d: ("", d)))
_SPECS = st.one_of(st.none(), _DATES.map(lambda d: (d,)), _RANGES, _OPEN)
_INCIDENTS = st.lists(
    st.tuples(_SPECS, st.booleans(), st.sampled_from([None, "low", "high", "critical"])),
    min_size=1, max_size=30,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(_INCIDENTS, st.data())
def test_counts_match_a_plain_reference(drawn: list[Spec], data: st.DataObject) -> None:
    specs: list[Spec] = [(spec, approx, sev) for spec, approx, sev in drawn
             if spec is None or len(spec) == 1 or not spec[0] or not spec[1]
             or PartialDate.parse(spec[0]).start < PartialDate.parse(spec[1]).end]  # fmt: skip
    index = SearchIndex.build([_briefing(specs)])
    timeline = Timeline(index)
    chosen = data.draw(st.sets(st.integers(0, max(0, len(specs) - 1))))
    numbers = list(index.span("brf-t", "incident"))
    bits = bits_from_indices([numbers[n] for n in chosen if n < len(numbers)], index.size)
    picked = [specs[n] for n in sorted(chosen) if n < len(specs)]
    for period in ("month", "year"):
        expected = Counter(_reference_label(spec, period) for spec, _, _ in picked)
        assert _counts(timeline, bits, period) == dict(expected)
    for period in PERIODS:  # every incident in exactly one row, high ones likewise
        rows = timeline.rows(bits, period)
        assert sum(row.count for row in rows) == len(picked)
        assert sum(row.high for row in rows) == sum(
            sev in {"high", "critical"} for *_, sev in picked
        )
        dated_approx = sum(a for spec, a, _ in picked if spec is not None)
        assert sum(row.approximate for row in rows) == dated_approx
        for row in rows:  # the row's term: exactly the incidents it counted, nothing else
            found = index.search(row.query).bits
            assert found & ~index.kind_bits("incident") == 0
            assert (found & bits).bit_count() == row.count, (period, row.label)
            assert (index.search(f"{row.query} severity:>=high").bits & bits).bit_count() == (
                row.high
            )
