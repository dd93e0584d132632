"""Across the library: the filter on the library, the results view, and the CLI agreeing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

from briefing_tui.cli import main
from briefing_tui.model import Briefing, Handling, Incident, PartialDate
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.rows import when_cell

from .search_support import filter_status, generated_library, index_ready
from .support import AppPilot, app_with, make_app, open_briefing_screen, visible_rows, wait_for

QUERIES = ("severity:>=high after:2018", "protest OR strike", "-has:source", "")


def cli_refs(
    capsys: pytest.CaptureFixture[str], query: str, path: Path, *options: str
) -> list[str]:
    """The ``brf/item`` refs ``briefing search [OPTIONS] QUERY PATH`` prints, in its order."""
    status = main(["search", *options, "--", query, str(path)])
    out = capsys.readouterr().out
    lines = out.splitlines()[1:-1]  # between the two banner lines
    refs = [line.split("  ", 1)[0] for line in lines]
    assert status == (0 if refs else 1)
    return refs


async def open_results(pilot: AppPilot, query: str) -> ResultsScreen:
    """On the library: filter with ``query`` and press enter for the results."""
    await pilot.press("F", "f", *query, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ResultsScreen)
    await pilot.pause()
    return screen


def shown_refs(screen: ResultsScreen) -> list[str]:
    return [entry.ref for entry in screen.rows.items]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_library(tmp_path_factory.mktemp("generated"))


async def test_the_results_view_lists_what_briefing_search_prints(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = {query: cli_refs(capsys, query, library) for query in QUERIES}
    assert len({len(refs) for refs in expected.values()}) > 1  # the queries differ
    briefings = cli_refs(capsys, "severity:>=high after:2018", library, "--kind", "briefings")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        for query, refs in expected.items():
            results = await open_results(pilot, query)
            assert shown_refs(results) == refs, query
            total = len(app.session.library.briefings) * 10  # 6 incidents and 4 quotes each
            assert filter_status(results) == f"{len(refs):,} of {total:,} incidents and quotes"
            await pilot.press("backspace")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
        await pilot.press("F", "f", *"severity:>=high after:2018")
        await pilot.pause()
        library_screen = pilot.app.screen
        assert isinstance(library_screen, LibraryScreen)
        listed = [row.header.id for row in library_screen.rows.items if row.header]
        assert listed == briefings
        total = len(app.session.library.briefings)
        assert filter_status(library_screen) == f"{len(briefings)} of {total} briefings"


async def test_enter_opens_the_briefing_at_the_item_and_backspace_returns(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    switched: list[str | None] = []  # every pane the briefing screen's switcher left
    original = ContentSwitcher.watch_current

    def watch(switcher: ContentSwitcher, old: str | None, new: str | None) -> None:
        if switcher.id == "panes":
            switched.append(old)
        original(switcher, old, new)

    monkeypatch.setattr(ContentSwitcher, "watch_current", watch)
    async with make_app(library).run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        results = await open_results(pilot, "protest OR strike")
        assert len(results.rows) > 3
        await pilot.press("j", "j", "j")
        entry = results.rows.items[3]
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        await pilot.pause()
        assert screen.briefing.id == entry.briefing.id
        pane = "incidents" if entry.kind == "incident" else "quotes"
        assert screen.query_one(ContentSwitcher).current == pane
        assert "summary" not in switched  # opened at the item: no summary painted first
        assert screen.location.pane == pane
        assert screen.location.item_id == entry.item_id
        await pilot.press("backspace")
        await wait_for(pilot, lambda: pilot.app.screen is results)
        assert results.query_one(ItemList).cursor == 3
        assert results.query_one(ItemList).has_focus


async def test_r_on_the_library_lists_every_incident_and_quote(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        count = sum(len(b.incidents) + len(b.quotes) for b in app.session.library.briefings)
        assert len(screen.rows) == count
        first = app.session.library.briefings[0]
        row = visible_rows(screen.query_one(ItemList))[0]
        # The item's own date (issue 11), not its briefing's: as `briefing search` prints.
        incident = first.incidents[0]
        assert incident.when is not None and incident.when.display() != first.date.text
        assert row[3:].split()[0] == when_cell(incident.when, 12)  # after the marks
        assert first.title[:10] in row
        assert first.incidents[0].title[:10] in row


def many_incidents(count: int) -> list[Briefing]:
    big = Briefing(
        schema="briefing/v1",
        id="brf-big",
        title="Sixty thousand incidents",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="Built in memory for a scale test.",
        incidents=tuple(
            Incident(id=f"inc-{n}", title=f"Generated incident {n}", severity="low")
            for n in range(count)
        ),
    )
    small = Briefing(
        schema="briefing/v1",
        id="brf-small",
        title="A small one",
        date=PartialDate.parse("2025-01"),
        handling=Handling(tlp="clear"),
        summary="Small.",
        incidents=(Incident(id="inc-x", title="A high one", severity="high"),),
    )
    return [big, small]


async def test_sixty_thousand_results_scroll_and_filter_at_once() -> None:
    count = 60_000
    app = app_with(*many_incidents(count))
    async with app.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        item_list = screen.query_one(ItemList)
        await wait_for(pilot, lambda: item_list.row_count == count + 1)
        await pilot.press("G")
        await pilot.pause()
        assert item_list.cursor == count
        assert any("A high one" in row for row in visible_rows(item_list))
        await pilot.press("f", *"severity:high")
        await pilot.pause()
        assert item_list.row_count == 1
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"low")
        await pilot.pause()
        assert item_list.row_count == count
        assert not item_list.children  # rows are drawn lines, not 60,000 widgets
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("enter")  # the big briefing, its 60,000 incidents: one filtered
        screen_b = await open_briefing_screen(pilot)
        assert isinstance(screen_b, BriefingScreen)
        await pilot.press("2")
        await pilot.pause()
        assert screen_b.query_one("#incidents-list", ItemList).row_count == count
