"""Partial dates: `2018`, `2018-12`, `2018-12-10` or an RFC 3339 timestamp.

A partial date keeps its precision and is always shown as written. For sorting it
stands for its earliest instant, with the coarser precision first on ties; for
filtering it stands for the half-open interval ``[start, end)`` it covers.
Dates without a time are taken as UTC days.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Final

__all__ = ["PartialDate", "Precision", "parse_timestamp"]


class Precision(IntEnum):
    """How much of a date is known; coarser precisions sort first on ties."""

    YEAR = 0
    MONTH = 1
    DAY = 2
    INSTANT = 3


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
)
_MAX: Final = datetime.max.replace(tzinfo=UTC)


def _add_months(year: int, month: int, months: int) -> datetime:
    total = year * 12 + (month - 1) + months
    new_year, new_month = divmod(total, 12)
    if new_year > 9999:
        return _MAX
    return datetime(new_year, new_month + 1, 1, tzinfo=UTC)


def parse_timestamp(text: str) -> datetime:
    """Parse an RFC 3339 timestamp with an offset; raises ValueError otherwise."""
    if not _TIMESTAMP.fullmatch(text):
        raise ValueError("expected an RFC 3339 timestamp with an offset, like 2024-05-01T09:30:00Z")
    value = datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    if value.tzinfo is None:  # pragma: no cover - the pattern demands an offset
        raise ValueError("a timestamp needs an offset (Z or +01:00)")
    return value


class PartialDate:
    """A date known to a year, a month, a day or an instant; immutable."""

    __slots__ = ("end", "precision", "start", "text")

    text: str
    """The date exactly as written in the file."""
    precision: Precision
    start: datetime
    """The earliest instant the date can mean (UTC)."""
    end: datetime
    """The first instant after the date (exclusive end of its interval)."""

    def __init__(self, text: str, precision: Precision, start: datetime, end: datetime) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("PartialDate is immutable")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a timestamp; raises ValueError."""
        match = _DATE.fullmatch(text)
        if match is None:
            if ":" not in text:  # not meant as a timestamp: name the partial forms first
                raise ValueError(
                    "expected YYYY, YYYY-MM or YYYY-MM-DD (such as 2021, 2021-07 or"
                    " 2021-07-15), or an RFC 3339 timestamp like 2024-05-01T09:30:00Z"
                )
            start = parse_timestamp(text)  # raises ValueError with a plain message
            return cls(text, Precision.INSTANT, start.astimezone(UTC), start.astimezone(UTC))
        year = int(match[1])
        if year < 1:
            raise ValueError("the year must be between 0001 and 9999")
        if match[2] is None:
            return cls(
                text, Precision.YEAR, datetime(year, 1, 1, tzinfo=UTC), _add_months(year, 1, 12)
            )
        month = int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {match[2]} is not between 01 and 12")
        if match[3] is None:
            return cls(
                text,
                Precision.MONTH,
                datetime(year, month, 1, tzinfo=UTC),
                _add_months(year, month, 1),
            )
        try:
            day = datetime(year, month, int(match[3]), tzinfo=UTC)
        except ValueError:
            raise ValueError(f"{text} is not a day of the calendar") from None
        end = day + timedelta(days=1) if day.date() < datetime.max.date() else _MAX
        return cls(text, Precision.DAY, day, end)

    @property
    def sort_key(self) -> tuple[datetime, int]:
        """Earliest instant, coarser precision first on ties."""
        return (self.start, int(self.precision))

    def overlaps(self, start: datetime | None, end: datetime | None) -> bool:
        """True when this date's interval overlaps ``[start, end)`` (None is open)."""
        own_end = (
            self.end
            if self.precision is not Precision.INSTANT
            else self.start + timedelta(microseconds=1)
        )
        return (end is None or self.start < end) and (start is None or own_end > start)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"PartialDate({self.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key == other.sort_key and self.text == other.text

    def __hash__(self) -> int:
        return hash((self.start, self.precision, self.text))

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key >= other.sort_key

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (PartialDate.parse, (self.text,))
