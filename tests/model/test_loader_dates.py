"""Partial dates and timestamps: parsing, precision, order and overlap."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from loader_cases import FULL, MINIMAL, load_text, only_error, replace_line

from briefing_tui.model import PartialDate, Precision
from briefing_tui.model.format.dates import parse_timestamp


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, 0, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2018", Precision.YEAR, utc(2018, 1, 1), utc(2019, 1, 1)),
        ("2018-12", Precision.MONTH, utc(2018, 12, 1), utc(2019, 1, 1)),
        ("2018-02", Precision.MONTH, utc(2018, 2, 1), utc(2018, 3, 1)),
        ("2018-12-10", Precision.DAY, utc(2018, 12, 10), utc(2018, 12, 11)),
        ("2020-02-29", Precision.DAY, utc(2020, 2, 29), utc(2020, 3, 1)),
        ("2018-12-10T09:30:00Z", Precision.INSTANT, utc(2018, 12, 10, 9, 30), None),
        ("2018-12-10T09:30:00+01:00", Precision.INSTANT, utc(2018, 12, 10, 8, 30), None),
        ("2018-12-31T22:00:00-05:00", Precision.INSTANT, utc(2019, 1, 1, 3, 0), None),
        (
            "2018-12-10t09:30:00.250z",
            Precision.INSTANT,
            utc(2018, 12, 10, 9, 30, micro=250000),
            None,
        ),
    ],
)
def test_parsing_keeps_the_text_and_its_precision(
    text: str, precision: Precision, start: datetime, end: datetime | None
) -> None:
    date = PartialDate.parse(text)
    assert str(date) == date.text == text
    assert date.precision is precision
    assert date.start == start
    if end is not None:
        assert date.end == end


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2019-02-29", "not a day of the calendar"),
        ("2018-04-31", "not a day of the calendar"),
        ("2018-12-32", "not a day of the calendar"),
        ("2018-13", "month 13 is not between 01 and 12"),
        ("2018-00", "month 00 is not between 01 and 12"),
        ("0000", "the year must be between 0001 and 9999"),
        ("2018-1", "RFC 3339"),
        ("18", "RFC 3339"),
        ("2018/12", "RFC 3339"),
        ("2018-12-10T09:30:00", "RFC 3339"),
        ("2018-12-10 09:30", "RFC 3339"),
        ("December 2018", "RFC 3339"),
        ("", "RFC 3339"),
        ("2018-12-10T25:00:00Z", "hour must be in 0..23"),
    ],
)
def test_invalid_dates_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(text)


def test_an_invalid_date_in_a_file_is_an_error_with_its_position() -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "date:", "date: 2019-02-29")))
    assert problem.format() == (
        "test.yaml:4:7: error: date: '2019-02-29' is not a date:"
        " 2019-02-29 is not a day of the calendar"
    )


def test_a_month_loads_as_written_never_padded() -> None:
    result = load_text(FULL)
    assert result.briefing is not None
    assert result.briefing.date.text == "2019-03"
    when = result.briefing.incidents[0].when
    assert when is not None and when.at is not None
    assert when.display() == "2018-12"
    assert when.at.precision is Precision.MONTH


def test_sorting_is_by_earliest_instant_coarser_first_on_ties() -> None:
    texts = [
        "2018-01-01T00:00:00Z",
        "2018-01-01",
        "2017-12-31T23:00:00-02:00",  # 2018-01-01T01:00Z
        "2018",
        "2017-12",
        "2018-01",
        "2018-01-01T00:00:00+01:00",  # 2017-12-31T23:00Z
    ]
    ordered = [str(d) for d in sorted(PartialDate.parse(t) for t in texts)]
    assert ordered == [
        "2017-12",
        "2018-01-01T00:00:00+01:00",
        "2018",
        "2018-01",
        "2018-01-01",
        "2018-01-01T00:00:00Z",
        "2017-12-31T23:00:00-02:00",
    ]


def test_comparison_operators_agree_with_sorting() -> None:
    year, month = PartialDate.parse("2018"), PartialDate.parse("2018-01")
    assert year < month and year <= month and month > year and month >= year
    assert not month < year
    assert year != month
    assert PartialDate.parse("2018") == PartialDate.parse("2018")
    assert len({PartialDate.parse("2018"), PartialDate.parse("2018")}) == 1


def test_dates_are_immutable_and_pickle() -> None:
    date = PartialDate.parse("2018-12")
    with pytest.raises(AttributeError):
        date.text = "2019"
    copy = pickle.loads(pickle.dumps(date))
    assert copy == date and copy.precision is Precision.MONTH


YEAR_2018 = (utc(2018, 1, 1), utc(2019, 1, 1))


@pytest.mark.parametrize(
    ("text", "window", "overlaps"),
    [
        ("2018-12", YEAR_2018, True),
        ("2018", YEAR_2018, True),
        ("2018-12-31", YEAR_2018, True),
        ("2019-01", YEAR_2018, False),
        ("2017", YEAR_2018, False),
        ("2018-12", (utc(2018, 12, 15), utc(2018, 12, 16)), True),  # a day inside the month
        ("2018-12-31T23:30:00-05:00", YEAR_2018, False),  # 2019-01-01T04:30Z
        ("2018-12-31T23:30:00+05:00", YEAR_2018, True),
        ("2018-12-31T23:59:59.999999Z", YEAR_2018, True),
        ("2019-01-01T00:00:00Z", YEAR_2018, False),  # the end is exclusive
        ("2018-06", (utc(2018, 7, 1), None), False),
        ("2018-07", (utc(2018, 7, 1), None), True),
        ("2018-07", (None, utc(2018, 7, 1)), False),
        ("1999", (None, None), True),
    ],
)
def test_overlap_with_a_half_open_window(
    text: str, window: tuple[datetime | None, datetime | None], overlaps: bool
) -> None:
    assert PartialDate.parse(text).overlaps(*window) is overlaps


def test_the_last_year_does_not_overflow() -> None:
    date = PartialDate.parse("9999-12-31")
    assert date.end > date.start
    assert PartialDate.parse("9999").overlaps(utc(9999, 6, 1), None)


def test_timestamps_keep_their_offset() -> None:
    value = parse_timestamp("2024-05-01T09:30:00+05:30")
    assert value.utcoffset() == timedelta(hours=5, minutes=30)
    assert value == datetime(2024, 5, 1, 4, 0, tzinfo=UTC)
    text = replace_line(
        FULL, "  - id: note-one", "  - id: note-one\n    created: 2024-05-01T09:30:00-04:00"
    )
    result = load_text(text)
    assert result.briefing is not None
    created = result.briefing.notes[0].created
    assert created is not None and created.tzinfo is not None
    assert created.utcoffset() == timezone(timedelta(hours=-4)).utcoffset(None)


@pytest.mark.parametrize("written", ["2024-05-01", "2024-05-01T09:30:00", "yesterday", "2024"])
def test_a_timestamp_field_needs_a_full_timestamp_with_an_offset(written: str) -> None:
    problem = only_error(load_text(MINIMAL + f"updated: {written}\n"))
    assert problem.field == "updated"
    assert "RFC 3339 timestamp with an offset" in problem.message


@pytest.mark.parametrize("written", ["07/2021", "2021-7", "July 2021"])
def test_a_wrong_partial_date_names_the_partial_forms_first(written: str) -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "date:", f"date: {written}")))
    assert problem.message.startswith(
        f"{written!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"
    ), problem.message
