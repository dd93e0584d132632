"""A detail with thousands of links, values or key points opens at once and loses none of
them: a run of links is one widget drawing only the lines on screen (tab, j/k, g/G and
enter work in it), a long list of values is listed one a line, a long run of paragraphs is
one widget too (issue 17, item 4)."""

from __future__ import annotations

import msgspec
import pytest
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget

from briefing_tui.model import (
    Briefing,
    Handling,
    Incident,
    Note,
    PartialDate,
    Source,
    Summary,
)
from briefing_tui.screens.briefing import BriefingScreen, Location
from briefing_tui.widgets.attention import attention_point
from briefing_tui.widgets.detail import DetailView, LinkButton, LinkRows
from briefing_tui.widgets.detail_parts import Part, Value
from briefing_tui.widgets.detail_rows import TextRows, ValueRows

from .support import AppPilot, app_with, loaded, open_briefing_screen, wait_for

CITERS = 5_000
TAGS = 5_000


def cited_briefing(citers: int) -> Briefing:
    return Briefing(
        schema="briefing/v1",
        id="brf-cited",
        title="Cited",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="One source, cited by every incident.",
        sources=(Source(id="src-a", kind="article", title="The source"),),
        incidents=tuple(
            Incident(id=f"inc-{n}", title=f"Incident {n}", sources=("src-a",) * 3)
            for n in range(citers)
        ),
        tags=tuple(f"tag-{n}" for n in range(TAGS)),
    )


async def sources_detail(pilot: AppPilot) -> tuple[BriefingScreen, DetailView]:
    await loaded(pilot)
    screen = await open_briefing_screen(pilot)
    await pilot.press("4")  # the sources pane: its detail is the source's
    detail = screen.query_one("#sources-detail", DetailView)
    await wait_for(pilot, lambda: "Cited by" in detail.text())
    return screen, detail


def on_screen(detail: DetailView, text: str) -> bool:
    """Whether ``text`` is drawn on one of the detail's visible lines."""
    top = round(detail.scroll_y)
    bottom = top + detail.scrollable_content_region.height
    for child in detail.query_children(Widget):
        region = child.virtual_region
        for y in range(max(region.y, top), min(region.bottom, bottom)):
            line = child.render_lines(Region(0, y - region.y, child.size.width, 1))
            if line and text in line[0].text:
                return True
    return False


async def test_every_citer_of_a_source_cited_5000_times_is_listed_in_one_widget() -> None:
    async with app_with(cited_briefing(CITERS)).run_test(size=(80, 24)) as pilot:
        _, detail = await sources_detail(pilot)
        rows = detail.query_one(LinkRows)
        assert rows.count == CITERS
        assert f"Incident {CITERS - 1}" in detail.text()
        assert "more" not in detail.text()  # nothing is left out
        assert len(detail.children) < 20 and not detail.query(LinkButton)


async def test_tab_g_and_enter_reach_and_follow_the_last_citer_and_backspace_returns() -> None:
    async with app_with(cited_briefing(CITERS)).run_test(size=(80, 24)) as pilot:
        screen, detail = await sources_detail(pilot)
        await pilot.press("tab", "tab")  # the detail, then its first link
        rows = detail.query_one(LinkRows)
        assert screen.focused is rows and screen.location.link == 0
        await pilot.press("tab", "tab")
        assert rows.cursor == 2 and screen.location.link == 2
        await pilot.press("shift+tab")
        assert rows.cursor == 1
        assert not on_screen(detail, f"Incident {CITERS - 1}")
        await pilot.press("G")  # the last link of the run
        await pilot.pause()
        assert screen.location == Location("sources", "src-a", CITERS - 1)
        assert on_screen(detail, f"Incident {CITERS - 1}")
        point = attention_point(screen.focused)  # where the terminal cursor goes
        assert point is not None and screen.get_widget_at(*point)[0] is rows
        assert rows.entry_at(point.y - rows.region.y) == CITERS - 1
        await pilot.press("enter")
        assert screen.location == Location("incidents", f"inc-{CITERS - 1}")
        await pilot.press("backspace")
        await wait_for(pilot, lambda: screen.focused is detail.query_one(LinkRows))
        assert screen.location == Location("sources", "src-a", CITERS - 1)


async def test_tab_past_the_last_link_of_a_run_leaves_the_detail() -> None:
    async with app_with(cited_briefing(CITERS)).run_test(size=(80, 24)) as pilot:
        screen, detail = await sources_detail(pilot)
        await pilot.press("tab", "tab", "G")
        await pilot.press("tab")  # past the last link: on to the next list, as Textual does
        assert screen.focused is not None and detail not in screen.focused.ancestors_with_self


async def test_find_reaches_a_citer_far_down_the_run() -> None:
    async with app_with(cited_briefing(CITERS)).run_test(size=(80, 24)) as pilot:
        _, detail = await sources_detail(pilot)
        assert not on_screen(detail, "Incident 4321")
        await pilot.press("tab")  # the detail: find searches it
        await pilot.press("slash", *"Incident 4321", "enter")
        await pilot.pause()
        assert detail.current is not None
        assert on_screen(detail, "Incident 4321")


async def summary_showing(pilot: AppPilot, text: str) -> DetailView:
    """The opened briefing's summary detail, once it shows ``text``."""
    await loaded(pilot)
    screen = await open_briefing_screen(pilot)
    summary = screen.query_one("#summary-detail", DetailView)
    await wait_for(pilot, lambda: text in summary.text())
    return summary


async def test_5000_tags_are_listed_one_a_line_and_the_last_is_reached_by_scrolling() -> None:
    async with app_with(cited_briefing(10)).run_test(size=(80, 24)) as pilot:
        summary = await summary_showing(pilot, f"Tags: {TAGS:,}")
        assert summary.query_one(ValueRows).count == TAGS
        assert f"tag-{TAGS - 1}" in summary.text()
        assert not on_screen(summary, f"tag-{TAGS - 1}")
        summary.focus()
        await pilot.press("G")
        await pilot.pause()
        assert on_screen(summary, f"tag-{TAGS - 1}")


async def test_5000_key_points_are_one_widget_and_find_reaches_one_far_down() -> None:
    points = tuple(f"Point {n}: " + "words that wrap " * 8 for n in range(5_000))
    briefing = msgspec.structs.replace(
        cited_briefing(10), summary=Summary(text="Many points.", key_points=points)
    )
    async with app_with(briefing).run_test(size=(80, 24)) as pilot:
        summary = await summary_showing(pilot, "Point 4999")
        assert summary.query_one(TextRows).count == len(points)
        assert not on_screen(summary, "Point 4321:")
        summary.focus()
        await pilot.press("slash", *"Point 4321:", "enter")
        await pilot.pause()
        assert on_screen(summary, "Point 4321:")


async def test_find_walks_thousands_of_matches_backwards_to_the_last_tag() -> None:
    async with app_with(cited_briefing(10)).run_test(size=(80, 24)) as pilot:
        summary = await summary_showing(pilot, f"Tags: {TAGS:,}")
        summary.focus()
        await pilot.press("slash", *"tag-", "enter")
        await pilot.pause()
        assert len(summary.matches) >= TAGS and summary.current == 0
        await pilot.press("N")  # before the first: wraps to the last match, the last tag
        await pilot.pause()
        assert summary.current == len(summary.matches) - 1
        assert on_screen(summary, f"tag-{TAGS - 1}")


async def test_find_in_5000_tags_makes_the_drawn_text_only_of_the_lines_it_draws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Find looks in each part's plain text: the text as drawn (a ``Content``) is made only
    for the lines on screen (190,000 tags: one for every tag took 0.7 s at the first key)."""
    made: list[Part] = []
    real = DetailView._content

    def counted(part: Part) -> Content:
        made.append(part)
        return real(part)

    monkeypatch.setattr(DetailView, "_content", staticmethod(counted))
    async with app_with(cited_briefing(10)).run_test(size=(80, 24)) as pilot:
        summary = await summary_showing(pilot, f"Tags: {TAGS:,}")
        summary.focus()
        await pilot.press("slash", *"tag-4321", "enter")
        await wait_for(pilot, lambda: on_screen(summary, "tag-4321"))
        assert [summary.parts[part] for part, _, _ in summary.matches] == [Value("tag-4321")]
        assert len(made) < 200  # a few screens' lines, not 5,000


async def test_2000_notes_are_paragraphs_of_one_widget_in_the_summary_and_the_incident() -> None:
    notes = tuple(
        Note(id=f"note-{n}", kind="caveat", text=f"Note text {n}.", about=("inc-0",))
        for n in range(2_000)
    )
    briefing = msgspec.structs.replace(cited_briefing(1), notes=notes)
    async with app_with(briefing).run_test(size=(80, 24)) as pilot:
        summary = await summary_showing(pilot, "Notes (2,000)")
        assert "Caveat: note-1999. Note text 1999. (about: Incident 0)" in summary.text()
        assert summary.query_one(TextRows).count == len(notes)
        await pilot.press("2")  # the incident: its notes about it, in the same form
        detail = summary.screen.query_one("#incidents-detail", DetailView)
        await wait_for(pilot, lambda: "Note text 1999." in detail.text())
        assert detail.query_one(TextRows).count == len(notes)
