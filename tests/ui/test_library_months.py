"""The library header's incidents per month for the filter: blocks with Unicode, numbers
in ASCII and linear mode; it follows the index and the filter, and fits 80 columns."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from briefing_tui.across import build_across
from briefing_tui.app import BriefingApp
from briefing_tui.cli import main
from briefing_tui.widgets import linear_rows, safe
from briefing_tui.widgets.month_sparkline import (
    MonthCounts,
    MonthSparkline,
    month_numbers,
    month_sparkline,
)

from .support import LIBRARY, AppPilot, across_ready, loaded, make_app, wait_for
from .test_linear import glyph_art


def header_line(app: BriefingApp) -> str:
    """The library's header line as drawn (status, then the months)."""
    status = app.screen.query_one("#library-status", Static)
    months = app.screen.query_one(MonthSparkline)
    assert status.region.y == months.region.y  # one line
    assert months.region.right <= app.size.width
    line = [" "] * app.size.width
    for widget in (status, months):
        text, x = widget.render_line(0).text, widget.content_region.x
        line[x : x + len(text)] = text
    return "".join(line).rstrip()


def cli_months(capsys: pytest.CaptureFixture[str], query: str, path: Path) -> list[int]:
    """The month rows' counts of ``briefing timeline QUERY PATH --by month``."""
    main(["timeline", "--by", "month", "--format", "csv", "--", query, str(path)])
    lines = capsys.readouterr().out.splitlines()[1:]
    return [int(line.split(",")[2]) for line in lines if line.split(",")[1] == "period"]


# --- the library header's incidents per month ----------------------------------------


def test_months_as_blocks_fit_the_width_latest_first() -> None:
    months = MonthCounts(tuple(f"2025-{n:02d}" for n in range(1, 13)), (0, 1, 2, 3, 7, 0) * 2)
    assert month_sparkline(months, 60) == (
        "incidents/month 2025-01 ▁▂▃▄█▁▁▂▃▄█▁ 2025-12 max 7"  # none ▁; any at least ▂
    )
    assert month_sparkline(months, 40) == "2025-01 ▁▂▃▄█▁▁▂▃▄█▁ 2025-12 max 7"
    assert month_sparkline(months, 28) == "2025-07 ▁▂▃▄█▁ 2025-12 max 7"  # the latest 6
    assert month_sparkline(months, 22) == "2025-07 ▁▂▃▄█▁ 2025-12"
    assert month_sparkline(months, 21) == ""  # fewer than six months would fit
    assert month_sparkline(MonthCounts(("2026-10",), (2,)), 80) == (
        "incidents/month 2026-10 █ max 2"
    )
    assert month_sparkline(MonthCounts(), 80) == ""


def test_months_as_numbers_have_no_glyph() -> None:
    months = MonthCounts(tuple(f"2025-{n:02d}" for n in range(1, 13)), (0, 1, 2, 3, 17, 0) * 2)
    assert month_numbers(months, 80) == (
        "incidents per month 2025-01..2025-12: 0 1 2 3 17 0 0 1 2 3 17 0"
    )
    assert month_numbers(months, 40) == "2025-03..2025-12: 2 3 17 0 0 1 2 3 17 0"
    assert month_numbers(months, 20) == ""
    assert month_numbers(months, 80).isascii()


async def header_becomes(pilot: AppPilot, expected: str) -> None:
    """Wait for the header to read ``expected`` (the months are counted in a thread)."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    try:
        await wait_for(pilot, lambda: header_line(app) == expected)
    except AssertionError:
        assert header_line(app) == expected  # the difference, shown
        raise


async def test_the_header_months_follow_the_index_and_the_filter(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli_months(capsys, "", LIBRARY) == [1, 0, 2]  # what the header shows
    assert cli_months(capsys, "date:2026-10", LIBRARY) == [2]
    monkeypatch.setattr(BriefingApp, "_build_index", lambda self: None)  # built below
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        status = "3 briefings, 1 broken file, 3 unread"
        assert header_line(app) == status  # no months before the index
        session = app.session
        index = session.library.search_index(lambda: False)
        assert index is not None
        session.set_index(index)
        session.set_across(build_across(index))
        months = "incidents/month 2026-08 ▅▁█ 2026-10 max 2"
        await header_becomes(pilot, status + months.rjust(80 - len(status)))
        await pilot.press("f", *"date:2026-10")
        months = "incidents/month 2026-10 █ max 2"
        await header_becomes(pilot, "1 of 3 briefings, 1 broken file" + months.rjust(80 - 31))
        await pilot.press(*" severity:critical")  # no dated incident is critical
        await header_becomes(pilot, "0 of 3 briefings, 1 broken file")


def _reader(*, ascii_only: bool = False, linear: bool = False) -> BriefingApp:
    return make_app(LIBRARY, ascii_only=ascii_only, linear=linear)


@pytest.mark.parametrize("mode", ["ascii", "linear"])
async def test_ascii_and_linear_headers_give_the_months_as_numbers(mode: str) -> None:
    app = _reader(ascii_only=mode == "ascii", linear=mode == "linear")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await across_ready(pilot)
            # Beside the unread count the words make way; the months stay.
            months = "2026-08..2026-10: 1 0 2"
            status = "3 briefings, 1 broken file, 3 unread"
            await header_becomes(pilot, status + months.rjust(80 - len(status)))
            assert app.screen.query_one(MonthSparkline).text.isascii()
            if mode == "linear":  # the block glyphs would be blanked: none is drawn
                assert glyph_art(app.export_screenshot()) == []
    finally:
        safe.configure(ascii_only=False)
        linear_rows.configure(linear=False)


async def test_a_newer_count_supersedes_one_still_running() -> None:
    """Typing fast: the months of the latest filter are shown, never a slower older count."""
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        months = app.screen.query_one(MonthSparkline)
        gate = threading.Event()

        def older() -> MonthCounts:
            gate.wait(5)
            return MonthCounts(("2020-01",), (9,))

        months.count(older)
        months.count(lambda: MonthCounts(("2021-01",), (1,)))
        await wait_for(pilot, lambda: not months.pending)
        assert months.months.labels == ("2021-01",)
        gate.set()
        # Only the counts' workers: the file watcher runs as long as the app does.
        counts = [worker for worker in app.workers if worker.group == "months"]
        await wait_for(pilot, lambda: all(worker.is_finished for worker in counts))
        await pilot.pause()
        assert months.months.labels == ("2021-01",)
        assert not months.pending


async def test_while_a_filter_is_typed_only_the_last_query_has_its_months_counted() -> None:
    """Counts asked for with a delay wait for the typing to pause: the earlier ones never
    run (their C loops would hold up the next keys), the last one is shown."""
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await across_ready(pilot)
        months = app.screen.query_one(MonthSparkline)
        ran: list[str] = []

        def counting(label: str) -> MonthCounts:
            ran.append(label)
            return MonthCounts((label,), (1,))

        for label in ("2020-01", "2020-02", "2020-03"):
            months.count(lambda label=label: counting(label), after=0.2)  # type: ignore[misc]
        assert months.pending
        await wait_for(pilot, lambda: not months.pending)
        assert ran == ["2020-03"]
        assert months.months.labels == ("2020-03",)
