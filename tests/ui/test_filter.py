"""Filter (``f``): narrowing as you type, counts, panes, ``F``, errors, indexing."""

from __future__ import annotations

import pytest
from textual import events
from textual.message import Message
from textual.messages import Update
from textual.widgets import Static

from briefing_tui.app import BriefingApp
from briefing_tui.messages import SearchIndexReady
from briefing_tui.model import Briefing, Handling, Incident, PartialDate
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.filter_bar import QueryInput
from briefing_tui.widgets.item_list import ItemList

from .search_support import filter_error, filter_status, index_ready, seed_app, seed_screen
from .support import (
    AppPilot,
    app_with,
    focused,
    is_shown,
    loaded,
    open_briefing_screen,
    pane,
    visible_rows,
    wait_for,
)

SEVERE = ("high", "critical")


async def filter_for(pilot: AppPilot, query: str) -> None:
    await pilot.press("f", *query)
    await pilot.pause()


def tabs(screen: BriefingScreen) -> str:
    return str(screen.query_one("#pane-tabs").render())


async def test_severity_narrows_the_incidents_with_counts() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        incidents = screen.briefing.incidents
        severe = [i.title for i in incidents if i.severity in SEVERE]
        assert 0 < len(severe) < len(incidents)
        await pilot.press("2")
        await filter_for(pilot, "severity:>=high")
        shown = pane(screen, "incidents")
        assert [item.title for item in shown.rows.items] == severe
        assert shown.item_list.row_count == len(severe)
        assert filter_status(screen) == f"{len(severe)} of {len(incidents)} incidents"
        assert f"2 Inc {len(severe)}/{len(incidents)}(" in tabs(screen)  # shortened at 80, (unread)
        assert shown.detail.text().splitlines()[0] == severe[0]


async def test_the_filter_stays_across_panes_and_F_clears_it() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        total = len(screen.briefing.incidents)
        severe = sum(1 for i in screen.briefing.incidents if i.severity in SEVERE)
        await pilot.press("2")
        await filter_for(pilot, "severity:>=high")
        await pilot.press("escape")  # leaves the bar; the filter stays, and so does the bar
        await pilot.pause()
        assert focused(screen) is pane(screen, "incidents").item_list
        assert is_shown(screen.filter_bar)
        await pilot.press("3")
        await pilot.pause()
        quotes = len(screen.briefing.quotes)
        # severity does not apply to a quote: no quote is "high".
        assert filter_status(screen) == f"0 of {quotes} quotes"
        assert pane(screen, "quotes").item_list.row_count == 0
        assert "No item matches the filter" in pane(screen, "quotes").detail.text()
        await pilot.press("2")
        await pilot.pause()
        assert pane(screen, "incidents").item_list.row_count == severe
        assert filter_status(screen) == f"{severe} of {total} incidents"
        await pilot.press("F")
        await pilot.pause()
        assert pane(screen, "incidents").item_list.row_count == total
        assert pane(screen, "quotes").item_list.row_count == quotes
        assert not is_shown(screen.filter_bar)
        assert "/" not in tabs(screen)
        await pilot.press("f")
        await pilot.pause()
        assert screen.filter_bar.input.value == ""


async def test_the_filter_follows_into_a_briefing_opened_from_the_library() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("escape")  # up to the library
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, BriefingScreen))
        await filter_for(pilot, "tag:canada-china")
        library = pilot.app.screen
        assert isinstance(library, LibraryScreen)
        assert filter_status(library) == "1 of 1 briefings"
        await pilot.press("enter")  # the filter bar's enter: the results view
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen.query("#library-list").first().has_focus)
        await pilot.press("enter")
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        await pilot.pause()
        tagged = [i for i in screen.briefing.incidents if "canada-china" in i.tags]
        assert pane(screen, "incidents").item_list.row_count == len(tagged)
        assert is_shown(screen.filter_bar)
        assert screen.filter_bar.input.value == "tag:canada-china"


async def test_an_invalid_query_keeps_the_old_results_and_shows_where() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        severe = sum(1 for i in screen.briefing.incidents if i.severity in SEVERE)
        await pilot.press("2")
        await filter_for(pilot, "severity:>=high")
        await pilot.press(*" sevrity")
        await pilot.pause()
        before = pane(screen, "incidents").item_list.row_count  # the word "sevrity": none
        assert before == 0
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert pane(screen, "incidents").item_list.row_count == severe
        await pilot.press("space", '"')  # an unterminated quote, at column 17
        await pilot.pause()
        assert pane(screen, "incidents").item_list.row_count == severe
        assert filter_status(screen) == f"{severe} of {len(screen.briefing.incidents)} incidents"
        error = filter_error(screen)
        assert error.startswith("^ col 17:") and "unterminated quote" in error
        field = screen.filter_bar.input
        caret = field.region.x + field.styles.padding.left + len("severity:>=high ")
        line = screen.filter_bar.query_one(".filter-error")
        assert line.content_region.x == caret  # the caret, under the quote
        await pilot.press(*'canada"')
        await pilot.pause()
        assert not screen.filter_bar.has_class("-error")
        assert filter_error(screen) == "" or not is_shown(
            screen.filter_bar.query_one(".filter-error")
        )


async def test_seed_has_no_dates_so_after_2018_leaves_no_incident() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("2")
        await filter_for(pilot, "severity:>=high after:2018")
        total = len(screen.briefing.incidents)
        assert filter_status(screen) == f"0 of {total} incidents"
        assert pane(screen, "incidents").item_list.row_count == 0


async def test_up_recalls_an_earlier_filter() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await filter_for(pilot, "severity:high")
        await pilot.press("enter")
        await pilot.press("F", "f")
        await pilot.pause()
        await pilot.press("up")
        await pilot.pause()
        assert screen.filter_bar.input.value == "severity:high"
        assert screen.filter_state.active


async def test_the_bar_says_indexing_until_the_index_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(BriefingApp, "_build_index", lambda app: None)
    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        await filter_for(pilot, "severity:>=high")
        assert filter_status(screen) == "indexing…"
        total = len(screen.briefing.incidents)
        assert pane(screen, "incidents").item_list.row_count == total  # not yet narrowed
        app.post_message(SearchIndexReady(SearchIndex.build(app.session.library.briefings)))
        await wait_for(pilot, lambda: filter_status(screen) != "indexing…")
        severe = sum(1 for i in screen.briefing.incidents if i.severity in SEVERE)
        assert filter_status(screen) == f"{severe} of {total} incidents"
        assert pane(screen, "incidents").item_list.row_count == severe


async def test_counts_in_the_thousands_are_written_with_separators() -> None:
    """``1 of 1,200 incidents``: the bar's count as a reader (and bench_app.py) reads it."""
    briefing = Briefing(
        schema="briefing/v1",
        id="brf-many",
        title="Many incidents",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="Built in memory.",
        incidents=tuple(
            Incident(id=f"inc-{n}", title=f"Generated incident {n}") for n in range(1200)
        ),
    )
    async with app_with(briefing).run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("2")
        await filter_for(pilot, "1199")
        assert pane(screen, "incidents").item_list.row_count == 1
        assert filter_status(screen) == "1 of 1,200 incidents"


async def test_a_query_longer_than_the_field_scrolls_to_show_what_is_typed() -> None:
    """The field is laid out once, not at every key (``QueryInput``): it still follows
    the cursor when the query outgrows it."""
    query = "security threat detention protest canada minister witness gazette"
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await filter_for(pilot, query)
        field = screen.filter_bar.input
        assert field.value == query
        assert len(query) > field.content_region.width
        shown = field.render_line(0).text
        assert "gazette" in shown and "security" not in shown
        cursor_x = field.cursor_screen_offset.x
        assert field.content_region.x <= cursor_x <= field.content_region.right


async def test_a_key_is_drawn_with_its_answer_and_keys_waiting_are_filtered_once() -> None:
    """The field's repaint reaches the screen only once the filter holds the text it
    shows: a key's echo, the narrowed list and the counts are drawn in one frame (drawn
    alone, the echo put the answer a frame period or two after it). Keys that arrive
    together are all taken first, and the query runs once, for the latest text."""
    drawn: list[tuple[str, str]] = []
    """(the field's text, the filter's text) as each repaint of the field reached the screen."""
    app = seed_app()

    def field_repaints(message: Message) -> None:
        if isinstance(message, Update) and isinstance(message.widget, QueryInput):
            drawn.append((message.widget.value, app.session.filter_state.text))

    async with app.run_test(size=(80, 24), message_hook=field_repaints) as pilot:
        screen = await seed_screen(pilot)
        state = app.session.filter_state
        applied: list[str] = []
        set_text = state.set_text

        def recording(text: str) -> bool:
            applied.append(text)
            return set_text(text)

        state.set_text = recording  # type: ignore[method-assign]
        await filter_for(pilot, "sev")
        field = screen.filter_bar.input
        for character in "ere":  # waiting together in the field's queue
            field.post_message(events.Key(character, character))
        await wait_for(pilot, lambda: field.value == "severe" and state.text == "severe")
        await pilot.pause()
    assert applied == ["s", "se", "sev", "severe"]
    assert ("severe", "severe") in drawn
    assert all(shown == filtered for shown, filtered in drawn)


def _titled(number: int, title: str) -> Briefing:
    return Briefing(
        schema="briefing/v1",
        id=f"brf-{number:03}",
        title=title,
        date=PartialDate.parse(f"2026-01-{number % 28 + 1:02}"),
        handling=Handling(tlp="clear"),
        summary="Built in memory.",
    )


async def test_the_library_scrollbar_follows_the_rows_a_filter_leaves() -> None:
    """The list's scrollbar is shown while the rows overflow the list, sized for the
    rows left (the list is not laid out again for a new number of rows)."""
    briefings = [_titled(n, f"Harbour strike {n}") for n in range(20)]
    briefings += [_titled(n, f"Harbour fire {n}") for n in range(20, 30)]
    briefings += [_titled(n, f"Airport closure {n}") for n in range(30, 60)]
    async with app_with(*briefings).run_test(size=(80, 24)) as pilot:
        app = await index_ready(pilot)
        item_list = app.screen.query_one(ItemList)
        assert 11 < item_list.container_size.height < 20

        def scrollbar() -> int | None:
            """The rows the scrollbar is sized for (None: no scrollbar)."""
            if not item_list.show_vertical_scrollbar:
                return None
            return item_list.vertical_scrollbar.window_virtual_size

        assert scrollbar() == 60
        await filter_for(pilot, "harbour")
        assert item_list.row_count == 30 and scrollbar() == 30
        await pilot.press("space", "s")  # the counts keep their width: 20 of 60
        await pilot.pause()
        assert item_list.row_count == 20 and scrollbar() == 20
        await pilot.press(*"trike", "space", "1")  # strike 1 and 10 to 19
        await pilot.pause()
        assert item_list.row_count == 11 and scrollbar() is None
        assert "Harbour strike 19" in visible_rows(item_list)[0]
        await pilot.press(*["backspace"] * len("trike 1"))
        await pilot.pause()
        assert item_list.row_count == 20 and scrollbar() == 20


async def test_the_counts_keep_their_width_while_a_query_is_typed() -> None:
    """A narrower count is drawn in the width of the widest since the bar opened (the
    field beside it does not move); the library's status line does the same."""
    briefings = [_titled(n, f"Harbour strike {n}") for n in range(12)]
    briefings += [_titled(n, f"Airport closure {n}") for n in range(12, 14)]
    async with app_with(*briefings).run_test(size=(80, 24)) as pilot:
        app = await index_ready(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await filter_for(pilot, "harbour")
        field = screen.filter_bar.input
        status = screen.query_one("#library-status", Static)
        wide = (field.size.width, status.size.width)
        assert filter_status(screen) == "12 of 14 briefings"
        await pilot.press("space", "1")  # Harbour strike 1, 10 and 11
        await pilot.pause()
        assert filter_status(screen) == "3 of 14 briefings"
        assert str(status.render()) == "3 of 14 briefings"
        assert (field.size.width, status.size.width) == wide


async def test_typing_a_word_on_keeps_the_briefings_that_hold_it_further_on() -> None:
    """``prot`` after ``pro``: a briefing whose first ``pro`` is not the ``prot`` stays."""
    titles = ["Prove a protest", "Protest in the capital", "Provisions", "Proverbs"]
    briefings = [
        Briefing(schema="briefing/v1", id=f"brf-{n}", title=title,
                 date=PartialDate.parse("2026-01"), handling=Handling(tlp="clear"),
                 summary="Built in memory.")
        for n, title in enumerate(titles + [f"Weekly note {n}" for n in range(8)])
    ]  # fmt: skip
    async with app_with(*briefings).run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("f")
        shown: list[str] = []
        for key in ("p", "r", "o", "v", "backspace", "t", "e", "s", "t"):
            await pilot.press(key)
            await wait_for(pilot, lambda: screen.filter_status().startswith(tuple("0123456789")))
            shown.append(filter_status(screen))
        assert shown == [
            *["4 of 12 briefings"] * 3,
            "3 of 12 briefings",
            "4 of 12 briefings",
            *["2 of 12 briefings"] * 4,
        ]
