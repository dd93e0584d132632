"""How a detail reads at 80 columns: each item listed once, notes apart, hanging indents."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from briefing_tui.screens.help import HelpScreen
from briefing_tui.widgets.detail import DetailView, LinkButton

from .support import SINGLE, loaded, make_app, open_briefing_screen, pane, wait_for

TRADE_DEAL = "inc-trade-deal-law-enforcement-statement"
CARNEY = "Identified China as Canada's greatest security threat."


def drawn_lines(widget: Widget) -> list[str]:
    """The lines of ``widget`` as painted (its content, at its width)."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def part_starting(detail: DetailView, text: str) -> Static:
    for widget in detail.query(Static):
        if str(widget.render()).startswith(text):
            return widget
    raise AssertionError(f"no part starts with {text!r}")


async def test_a_quote_about_an_incident_is_listed_once_under_quotes() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        assert pane(screen, "incidents").select(TRADE_DEAL)
        text = pane(screen, "incidents").detail.text()
        assert text.count(CARNEY) == 1
        quotes, notes = text.index("\nQuotes\n"), text.index("\nNotes about it\n")
        assert quotes < text.index(CARNEY) < notes
        assert "Caveat: No dates in the source" in text[notes:]


async def test_notes_about_an_item_are_apart_and_wrapped_lines_hang() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        incidents = pane(screen, "incidents")
        assert incidents.select(TRADE_DEAL)
        detail = incidents.detail
        await pilot.press("enter")
        await wait_for(pilot, lambda: detail.has_focus)
        await pilot.pause()
        caveat = part_starting(detail, "Caveat: ")
        assessment = part_starting(detail, "Assessment: ")
        between = detail.children[detail.children.index(assessment) - 1]
        assert assessment.virtual_region.y == between.virtual_region.bottom + 1  # a blank line
        assert (
            caveat.virtual_region.y
            == detail.children[detail.children.index(caveat) - 1].virtual_region.bottom
        )  # the first note right under its heading
        source = next(
            link for link in detail.query(LinkButton) if link.target.item_id == "src-article"
        )
        lines = drawn_lines(source)
        assert len(lines) >= 2 and lines[0].startswith("→ Canada's Security")
        assert all(line.startswith("  ") and line[2] != " " for line in lines[1:]), lines
        await pilot.press("1")
        summary = screen.query_one("#summary-detail", DetailView)
        await pilot.pause()
        tags = drawn_lines(part_starting(summary, "Tags: "))
        assert len(tags) >= 2
        assert all(line.startswith("    ") and line[4] != " " for line in tags[1:]), tags
        point = drawn_lines(part_starting(summary, "• "))
        assert len(point) >= 2
        assert all(line.startswith("  ") and line[2] != " " for line in point[1:]), point


async def test_help_descriptions_wrap_under_themselves() -> None:
    app = make_app(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_briefing_screen(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        lines = drawn_lines(app.screen.query_one("#help-keys", Static))
        find = next(n for n, line in enumerate(lines) if line.startswith("  /  "))
        column = lines[find].index("Find")
        following = lines[find + 1]
        assert following[:column].strip() == "" and following[column] != " ", lines[find : find + 2]
