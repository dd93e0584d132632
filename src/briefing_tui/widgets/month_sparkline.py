"""The library header's incidents per month for the filter: a sparkline, or the numbers.

With Unicode, one block per month: ``incidents/month 2026-03 ▂▅█▁▃ 2026-07 max 7``, from
the first month holding a dated incident of the filter to the last (the latest months when
they do not all fit). ``▁`` is a month without any; a month with any is ``▂`` at least, so
a small count never looks like none; the peak is printed, so it reads without colour.

In ASCII mode and in linear mode (a screen reader reads no block glyph) the same months
as numbers: ``incidents per month 2026-03..2026-07: 1 3 7 0 2``.

Only incidents dated within one month are counted: a coarser date, a range across months
and an undated incident have rows of their own in the Timeline view (``t``) and are never
spread over months here. The counts are the timeline's (``model/search/timeline.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import work
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from . import safe
from .linear_rows import is_linear

if TYPE_CHECKING:
    from ..model.search.timeline import TimelineRow

__all__ = ["MonthCounts", "MonthSparkline", "month_counts", "month_numbers", "month_sparkline"]

LEVELS = "▁▂▃▄▅▆▇█"
"""``LEVELS[0]`` a month without incidents; 1 to 7 a share of the peak, rounded up."""
MIN_MONTHS = 6
"""Fewer months than this (when there are more) is not worth the room: nothing is drawn."""


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """Consecutive months (``2026-03``) and the incidents dated within each."""

    labels: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()

    def last(self, months: int) -> MonthCounts:
        """The latest ``months`` months."""
        start = max(len(self.labels) - months, 0)
        return MonthCounts(self.labels[start:], self.counts[start:])


def month_counts(rows: Sequence[TimelineRow]) -> MonthCounts:
    """The month rows of a monthly timeline (its coarse, range and undated rows left out)."""
    months = [row for row in rows if row.kind == "period"]
    return MonthCounts(tuple(r.label for r in months), tuple(r.count for r in months))


def _blocks(counts: Sequence[int]) -> str:
    peak = max(counts, default=0)
    return "".join(LEVELS[ceil(7 * count / peak) if count else 0] for count in counts)


def month_sparkline(months: MonthCounts, width: int) -> str:
    """The months as blocks with their first and last label and the peak, in at most
    ``width`` cells: the latest months that fit, shorter words first; ``""`` when fewer
    than ``MIN_MONTHS`` would fit."""
    total = len(months.counts)
    if not total:
        return ""
    for prefix, with_peak in (("incidents/month ", True), ("", True), ("", False)):
        peak = f" max {max(months.counts)}" if with_peak else ""
        room = width - cell_len(prefix) - 16 - len(peak)  # two labels and their spaces
        if room >= min(total, MIN_MONTHS):
            shown = months.last(room)
            peak = f" max {max(shown.counts)}" if with_peak else ""
            blocks = _blocks(shown.counts)
            last = f" {shown.labels[-1]}" if len(shown.labels) > 1 else ""
            return f"{prefix}{shown.labels[0]} {blocks}{last}{peak}"
    return ""


def month_numbers(months: MonthCounts, width: int) -> str:
    """The months as numbers (no glyph): ``incidents per month 2026-03..2026-07: 1 3 7``,
    the latest that fit in ``width`` cells; ``""`` when fewer than ``MIN_MONTHS`` fit."""
    total = len(months.counts)
    if not total:
        return ""
    for prefix in ("incidents per month ", ""):
        room = width - len(prefix) - len("2026-03..2026-07:")
        shown = 0
        for count in reversed(months.counts):
            room -= len(str(count)) + 1
            if room < 0:
                break
            shown += 1
        if shown >= min(total, MIN_MONTHS):
            part = months.last(shown)
            numbers = " ".join(map(str, part.counts))
            last = f"..{part.labels[-1]}" if len(part.labels) > 1 else ""
            return f"{prefix}{part.labels[0]}{last}: {numbers}"
    return ""


class MonthSparkline(Widget):
    """One line at the right of the library's header: the filter's incidents per month.

    Nothing until the index is built or when no incident of the filter is dated. The
    months are counted in a thread (``count``): the first count of an index builds the
    timeline's per-month sets, which takes a while on a large library.
    """

    @dataclass
    class Counted(Message):
        """A thread counted the months of count number ``number``."""

        months: MonthCounts
        number: int

    DEFAULT_CSS = """
    MonthSparkline {
        width: 1fr;
        height: 1;
        padding: 0 0 0 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.months = MonthCounts()
        self._asked = 0
        """How many counts were asked for: only the latest one is shown."""
        self._shown = 0
        """The number of the count shown."""
        self._waiting: Timer | None = None
        """The timer of a count asked for with ``after``, until its thread starts."""

    def show(self, months: MonthCounts) -> None:
        """Show ``months`` (drawn only when they changed)."""
        if months != self.months:
            self.months = months
            self.refresh()

    def count(self, months: Callable[[], MonthCounts] | None, *, after: float = 0.0) -> None:
        """Show what ``months()`` counts, worked out in a thread (None: nothing to show);
        a newer count supersedes an older one still running or waiting.

        With ``after``, the thread starts only once no newer count was asked for during
        ``after`` seconds: while a filter is typed, the count (C loops over every match,
        which hold the interpreter lock for their whole run) does not delay the keys."""
        self._asked += 1
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        if months is None:
            self._shown = self._asked
            self.show(MonthCounts())
        elif after > 0:
            number = self._asked
            self._waiting = self.set_timer(after, lambda: self._count(months, number))
        else:
            self._count(months, self._asked)

    @work(thread=True, exclusive=True, group="months", exit_on_error=False)
    def _count(self, months: Callable[[], MonthCounts], number: int) -> None:
        counted = months()
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(counted, number))

    def on_month_sparkline_counted(self, message: Counted) -> None:
        message.stop()
        if message.number == self._asked:
            self._shown = message.number
            self.show(message.months)

    @property
    def pending(self) -> bool:
        """Whether the latest count is still being worked out."""
        return self._shown != self._asked

    @property
    def text(self) -> str:
        """The line as drawn at the widget's width."""
        width = self.content_region.width
        if safe.is_ascii() or is_linear():
            return month_numbers(self.months, width)
        return month_sparkline(self.months, width)

    def render(self) -> Content:
        text = self.text
        return Content(" " * max(self.content_region.width - cell_len(text), 0) + text)
