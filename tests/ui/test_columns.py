"""Lists at 80 columns (issue 11): titles first, every cut marked, dates that read as dates,
the row under the cursor readable in full, and where the cursor is."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip

from briefing_tui.model import PartialDate, When
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.list_frame import ListFrame, ListHeader, RowPreview
from briefing_tui.widgets.rows import ELLIPSIS, Column, TableRows, when_cell

from .support import (
    LIBRARY,
    SINGLE,
    loaded,
    make_app,
    open_briefing_screen,
    visible_rows,
    wait_for,
)


def _date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def test_a_range_reads_as_a_range_in_every_width() -> None:
    when = When(start=_date("2021-04"), end=_date("2021-07-07"))
    assert when_cell(when) == "2021-04→2021-07-07"
    assert when_cell(when, 13) == "2021-04→07-07"
    assert when_cell(when, 12) == "2021-04→07"
    assert when_cell(when, 9) == "2021-04…"
    assert when_cell(When(at=_date("2006"), approximate=True)) == "~2006"
    assert when_cell(When(start=_date("2019"))) == "2019→"
    assert when_cell(When(text="some 5 years")) == "some 5 years"
    assert when_cell(When(at=_date("2024-05-01T09:30:00Z")), 12) == "2024-05-01…"


def test_the_title_takes_at_least_half_of_an_80_column_row_and_cuts_show_an_ellipsis() -> None:
    long_title = "Critical infrastructure — an assessment of the threats to the grid and ports"
    rows = TableRows(
        [long_title],
        [
            Column("DATE", 10, lambda t: "2026-11"),
            Column("WHO", 30, lambda t: "A very long name of an organisation", min_width=8),
            Column("N", 3, lambda t: "12", drop=1),
            Column("TITLE", None, lambda t: t),
        ],
    )
    text = rows.row_text(0, 78)
    title_start = text.index("Critical")
    assert cell_len(text) - title_start >= 39
    assert text.endswith(ELLIPSIS)
    assert "A very long name" in text and f"{ELLIPSIS} " in text  # the name cut, marked
    narrow = rows.row_text(0, 40)
    assert "12" not in narrow  # the count is dropped before the title goes below half
    assert cell_len(narrow) - narrow.index("Critical") >= 20


async def test_library_rows_say_clear_under_tlp_and_the_preview_has_the_whole_title() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        rows = [row for row in visible_rows(screen.query_one(ItemList)) if row.strip()]
        assert rows[0][3:].split()[1] == "CLEAR"  # after the reading marks
        assert "TLP:" not in rows[0]
        assert rows[0].endswith(ELLIPSIS)  # the seed's long title is cut, visibly
        title = app.session.library.headers[0].title
        assert cell_len(rows[0]) - rows[0].index("Canada") >= 39
        preview = screen.query_one(RowPreview)
        assert str(preview.render()).replace("\n", " ") == title
        header = str(screen.query_one(ListHeader).render())
        assert header.split()[:2] == ["DATE", "TLP"] and header.endswith("1/4")
        await pilot.press("j")
        await wait_for(pilot, lambda: str(screen.query_one(ListHeader).render()).endswith("2/4"))
        assert str(preview.render()) == "Arctic shipping watch"


async def test_find_highlights_the_match_in_the_preview_even_where_the_row_is_cut() -> None:
    app = make_app(LIBRARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("slash", *"findings")  # the end of the seed's title: cut in the row
        preview = screen.query_one(RowPreview)

        def highlighted() -> list[str]:
            content = preview.render()
            assert isinstance(content, Content)
            return [content.plain[span.start : span.end] for span in content.spans]

        await wait_for(pilot, lambda: highlighted() == ["Findings"])
        row = visible_rows(screen.query_one(ItemList))[0]
        assert "Findings" not in row


async def test_a_panes_header_is_whole_in_the_first_frame_that_shows_the_pane(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The incidents' header was made while their pane was hidden (no width) and drawn
    as ``DATE  TIT…`` until the pane's resize came round (seen at 80x24 over tmux)."""
    drawn: list[str] = []
    render_lines = ListHeader.render_lines

    def recording(header: ListHeader, crop: Region) -> list[Strip]:
        strips = render_lines(header, crop)
        frame = header.parent
        if isinstance(frame, ListFrame) and frame.item_list.id == "incidents-list":
            drawn.append("".join(strip.text for strip in strips).rstrip())
        return strips

    monkeypatch.setattr(ListHeader, "render_lines", recording)
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        drawn.clear()
        await pilot.press("2")
        await wait_for(pilot, lambda: bool(drawn))
        assert drawn[0].split()[:4] == ["DATE", "SEVERITY", "TYPE", "TITLE"], drawn[0]
        assert drawn[0].endswith("1/9")
