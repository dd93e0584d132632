"""Timeline: the incidents the filter lets through, per week, month, quarter or year.

Rows like ``2018-12  ███▌  7  (2 high)``, the count always printed, so the view reads
without colour; ``#`` bars in ASCII mode. Coarser dates, ranges past a period and
undated incidents have labelled rows of their own (``model/search/timeline.py``). The
period is the finest whose rows fit the screen at first; ``+`` and ``-`` make it finer
or coarser. ``enter`` opens the results of the row: the filter plus the row's own term
(``timeline:month:2018-12``), which matches exactly the incidents the row counts (a
year-only date is not in a month's row, nor in its results).

Opened from a briefing (``t`` there), the timeline is of that briefing's incidents that
the filter lets through, and ``enter`` goes back to the briefing's Incidents pane with the
row's term added to the filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from ..model import Briefing
from ..model.marking import Marking
from ..session import ReaderSession
from ..widgets import safe
from ..widgets.banner import HandlingBanner
from ..widgets.item_list import ItemList
from ..widgets.key_hints import KeyHints
from ..widgets.rows import Column, TableRows
from .focus import FOCUS_BINDINGS
from .results import ResultsScreen
from .searchable import SearchableScreen

if TYPE_CHECKING:  # the timeline is imported when first built, not at start-up
    from ..model.search.timeline import Period, TimelineRow

__all__ = ["TimelineScreen", "timeline_rows"]

PERIOD_ORDER: tuple[Period, ...] = ("week", "month", "quarter", "year")
BAR_WIDTH = 24


def timeline_rows(rows: list[TimelineRow], unicode: bool) -> TableRows[TimelineRow]:
    """Rows of the timeline: the period, then its bar, count and notes."""
    from ..model.search.timeline import bar, row_notes

    peak = max((row.count for row in rows), default=0)
    label = max((len(row.label) for row in rows), default=6)
    count = max((len(str(row.count)) for row in rows), default=5)
    return TableRows(
        rows,
        [
            Column("PERIOD", max(label, 6), lambda row: row.label),
            Column("", BAR_WIDTH, lambda row: bar(row.count, peak, BAR_WIDTH, unicode)),
            Column("COUNT", max(count, 5), lambda row: str(row.count)),
            Column("", None, row_notes),
        ],
    )


class TimelineScreen(SearchableScreen):
    """The filter's incidents per period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_BINDINGS,
        Binding("plus", "finer", "Finer", tooltip="Shorter periods", id="timeline.finer"),
        Binding("minus", "coarser", "Coarser", tooltip="Longer periods", id="timeline.coarser"),
        Binding(
            "escape,backspace",
            "close",
            "Back",
            tooltip="Back where you were",
            id="timeline.close",
        ),
    ]

    def __init__(
        self, session: ReaderSession, marking: Marking, briefing: Briefing | None = None
    ) -> None:
        super().__init__(session)
        self.marking = marking
        self.briefing = briefing
        """Only this briefing's incidents (``t`` from a briefing); None: the library's."""
        self.period_opened = False
        """``enter`` chose a row (from a briefing: its Incidents pane shows that time)."""
        self.period: Period | None = None
        """None: the finest that fits, chosen when the rows are made."""
        self.rows: TableRows[TimelineRow] = timeline_rows([], True)

    def compose(self) -> ComposeResult:
        yield HandlingBanner(self.marking, id="banner-top")
        yield Static(id="timeline-status", markup=False)
        yield Static(id="timeline-header", classes="list-header", markup=False)
        yield ItemList(self.rows, id="timeline-list", empty_text="Indexing…")
        yield from self.compose_search_bars()
        yield HandlingBanner(self.marking, id="banner-bottom")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(ItemList).focus()
        self.session.signals.across_ready.subscribe(self, self._across_ready)

    def _across_ready(self, _: None) -> None:
        self.refresh_filter()

    def on_resize(self) -> None:
        header = self.query_one("#timeline-header", Static)
        header.update(Content(self.rows.header_text(max(self.size.width - 2, 20))))

    def apply_filter(self) -> None:
        state, across = self.filter_state, self.session.across
        rows: list[TimelineRow] = []
        timeline = across.timeline
        if state.result is not None and timeline is not None:
            bits = state.result.bits & self._scope()
            if self.period is None:
                self.period = timeline.choose_period(bits, max(self.size.height - 8, 8))
            rows = timeline.rows(bits, self.period)
        self.rows = timeline_rows(rows, not safe.is_ascii())
        item_list = self.query_one(ItemList)
        item_list.empty_text = (
            f"No incident matches the filter {self.clears_filter()}."
            if state.ready and self.session.across.ready
            else "Indexing…"
        )
        item_list.set_source(self.rows)
        self.on_resize()
        title = "" if self.briefing is None else f" of {safe.plain_line(self.briefing.title)}"
        self.query_one("#timeline-status", Static).update(
            Content(f"Timeline  {self.filter_status()}{title}"), layout=False
        )

    def _scope(self) -> int:
        """The entries the timeline may count: every one, or one briefing's."""
        from ..model.search.bitset import span_bits

        index = self.filter_state.index
        if self.briefing is None or index is None:
            return -1  # every bit
        span = index.span(self.briefing.id)
        return span_bits(span.start, span.stop)

    def filter_status(self) -> str:
        if not self.filter_state.ready or self.period is None:
            return "indexing…"
        total = sum(row.count for row in self.rows.items)
        return f"by {self.period}, {total:,} incident" + ("" if total == 1 else "s")

    def _change_period(self, step: int) -> None:
        if self.period is None:
            return
        at = PERIOD_ORDER.index(self.period) + step
        if 0 <= at < len(PERIOD_ORDER):
            self.period = PERIOD_ORDER[at]
            self.apply_filter()

    def action_finer(self) -> None:
        """``+``: shorter periods."""
        self._change_period(-1)

    def action_coarser(self) -> None:
        """``-``: longer periods."""
        self._change_period(1)

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        row = self.rows.items[message.index]
        state = self.filter_state
        text = f"{state.text} {row.query}".strip() if state.text.strip() else row.query
        state.set_text(text)
        if self.briefing is not None:  # back to the briefing, its incidents of that time
            self.period_opened = True
            self.dismiss()
            return
        self.app.push_screen(ResultsScreen(self.session, self.marking))

    def action_close(self) -> None:
        """Back where you were."""
        self.dismiss()
