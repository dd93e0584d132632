"""Find (``/``): highlights as you type, the counter, ``n``/``N``, regex, escape, history."""

from __future__ import annotations

from briefing_tui.model import Briefing, Handling, Incident, PartialDate
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.detail import DetailView
from briefing_tui.widgets.item_list import ItemList

from .search_support import (
    Notices,
    detail_highlights,
    find_status,
    list_highlights,
    seed_app,
    seed_screen,
)
from .support import (
    LIBRARY,
    AppPilot,
    app_with,
    focused,
    is_shown,
    loaded,
    make_app,
    open_briefing_screen,
    pane,
    visible_rows,
    wait_for,
)


def summary(screen: BriefingScreen) -> DetailView:
    return screen.query_one("#summary-detail", DetailView)


def match_on_screen(detail: DetailView) -> bool:
    """Whether the current match's part is inside the detail's visible window."""
    assert detail.current is not None
    part = detail.matches[detail.current][0]
    region = list(detail.query("Static"))[part].virtual_region
    top, bottom = detail.scroll_y, detail.scroll_y + detail.scrollable_content_region.height
    return region.y < bottom and region.bottom > top


async def find(pilot: AppPilot, pattern: str) -> None:
    await pilot.press("slash", *pattern)
    await pilot.pause()


async def test_lai_highlights_every_mention_in_the_summary_with_a_counter() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        detail = summary(screen)
        expected = detail.text().lower().count("lai")
        assert expected >= 5
        await find(pilot, "lai")
        assert is_shown(screen.find_bar)
        assert find_status(screen) == f"1/{expected}"
        highlighted = detail_highlights(detail)
        assert len(highlighted) == expected
        assert {text.lower() for text in highlighted} == {"lai"}


async def test_enter_returns_to_the_text_and_n_walks_every_match_then_wraps() -> None:
    notices = Notices()
    async with seed_app().run_test(size=(80, 24), message_hook=notices) as pilot:
        screen = await seed_screen(pilot)
        detail = summary(screen)
        await find(pilot, "lai")
        total = len(detail.matches)
        await pilot.press("enter")
        await pilot.pause()
        assert focused(screen) is detail
        assert is_shown(screen.find_bar)  # the counter stays in sight
        for number in range(2, total + 1):
            await pilot.press("n")
            await pilot.pause()
            assert find_status(screen) == f"{number}/{total}"
            assert match_on_screen(detail)
        assert "search wrapped" not in notices.texts
        await pilot.press("n")
        await pilot.pause()
        assert find_status(screen) == f"1/{total}"
        assert notices.texts.count("search wrapped") == 1
        await pilot.press("N")
        await pilot.pause()
        assert find_status(screen) == f"{total}/{total}"
        assert notices.texts.count("search wrapped") == 2
        assert match_on_screen(detail)


async def test_in_a_list_n_moves_the_cursor_between_matching_rows() -> None:
    notices = Notices()
    async with seed_app().run_test(size=(80, 24), message_hook=notices) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("2")
        incidents = pane(screen, "incidents")
        rows = incidents.rows
        matching = [i for i in range(len(rows)) if "china" in rows.text_of(i).lower()]
        assert len(matching) >= 2 and matching[0] > 0
        await find(pilot, "china")
        # As you type, the cursor goes to the first matching row.
        assert incidents.item_list.cursor == matching[0]
        assert find_status(screen) == f"1/{len(matching)}"
        assert {text.lower() for text in list_highlights(incidents.item_list)} == {"china"}
        await pilot.press("enter")
        await pilot.pause()
        assert focused(screen) is incidents.item_list
        for number, row in enumerate(matching[1:], start=2):
            await pilot.press("n")
            await pilot.pause()
            assert incidents.item_list.cursor == row
            assert find_status(screen) == f"{number}/{len(matching)}"
        await pilot.press("n")
        await pilot.pause()
        assert incidents.item_list.cursor == matching[0]
        assert "search wrapped" in notices.texts
        await pilot.press("N")
        await pilot.pause()
        assert incidents.item_list.cursor == matching[-1]


async def test_the_highlighted_item_detail_shows_its_matches_too() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("2")
        await find(pilot, "lai")
        incidents = pane(screen, "incidents")
        detail = incidents.detail
        assert "Jimmy Lai" in detail.text()
        assert len(detail_highlights(detail)) == detail.text().lower().count("lai")


async def test_smartcase_a_capital_makes_the_pattern_case_sensitive() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        text = summary(screen).text()
        await find(pilot, "the")
        assert find_status(screen).endswith(f"/{text.lower().count('the')}")
        await pilot.press("escape", "slash", *"The")
        await pilot.pause()
        assert find_status(screen).endswith(f"/{text.count('The')}")
        assert text.count("The") < text.lower().count("the")


def accented() -> Briefing:
    return Briefing(
        schema="briefing/v1",
        id="brf-accents",
        title="Josée Tremblay and José Álvarez",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="Josée met Jose; JOSÉE left.",
        incidents=(Incident(id="inc-a", title="Nothing here"),),
    )


async def test_accents_are_ignored_both_ways() -> None:
    async with app_with(accented()).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await find(pilot, "josee")
        assert find_status(screen) == "1/3"  # the title, Josée, JOSÉE
        assert {text.casefold() for text in detail_highlights(summary(screen))} == {"josée"}
        await pilot.press("escape", "slash", *"José")
        await pilot.pause()
        assert find_status(screen) == "1/4"  # José, Josée, Jose, Josée (capital J: case counts)


async def test_regex_toggle_and_an_invalid_regex_shown_in_the_bar() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        detail = summary(screen)
        text = detail.text()
        await pilot.press("slash", "ctrl+r", *"Lai|Michael")
        await pilot.pause()
        mode = str(screen.find_bar.query_one(".bar-mode").render())
        assert mode.endswith("regex")
        assert find_status(screen) == f"1/{text.count('Lai') + text.count('Michael')}"
        await pilot.press("(")
        await pilot.pause()
        status = screen.find_bar.query_one(".bar-status")
        assert status.has_class("-error")
        assert find_status(screen).startswith("col ")
        assert screen.find_bar.input.has_class("-invalid")
        assert detail.matches == [] and detail_highlights(detail) == []
        await pilot.press("backspace")
        await pilot.pause()
        assert not status.has_class("-error") and detail.matches
        await pilot.press("ctrl+r")  # back to literal: "Lai|Michael" is found as text
        await pilot.pause()
        assert str(screen.find_bar.query_one(".bar-mode").render()).endswith("literal")
        assert find_status(screen) == "no match"


async def test_escape_clears_the_highlights_and_puts_the_cursor_back() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await pilot.press("2")
        item_list: ItemList = pane(screen, "incidents").item_list
        await find(pilot, "china")
        assert item_list.cursor != 0 and list_highlights(item_list)
        await pilot.press("escape")
        await pilot.pause()
        assert item_list.cursor == 0
        assert list_highlights(item_list) == []
        assert not is_shown(screen.find_bar)
        assert focused(screen) is item_list
        await pilot.press("n")  # nothing to find any more: a notice, no move
        await pilot.pause()
        assert item_list.cursor == 0


async def test_up_and_down_recall_the_searches_of_the_session() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        screen = await seed_screen(pilot)
        await find(pilot, "lai")
        await pilot.press("enter")
        await find(pilot, "canada")
        await pilot.press("enter", "slash")
        await pilot.pause()
        field = screen.find_bar.input
        assert field.value == ""
        await pilot.press(*"dra")
        await pilot.press("up")
        assert field.value == "canada"
        await pilot.press("up")
        assert field.value == "lai"
        await pilot.press("up")  # the oldest stays
        assert field.value == "lai"
        await pilot.press("down")
        assert field.value == "canada"
        await pilot.press("down")  # back to what was being typed
        assert field.value == "dra"
        await pilot.press("up")
        await pilot.pause()
        assert find_status(screen).endswith(f"/{len(summary(screen).matches)}")
        assert summary(screen).matches  # the recalled search is found at once


async def test_find_on_the_library_moves_to_the_matching_briefing() -> None:
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        item_list = screen.query_one(ItemList)
        await find(pilot, "arctic")
        assert find_status(screen) == "1/1"
        assert "Arctic shipping watch" in visible_rows(item_list)[item_list.cursor]
        assert {text.lower() for text in list_highlights(item_list)} == {"arctic"}


def huge(count: int) -> Briefing:
    return Briefing(
        schema="briefing/v1",
        id="brf-huge",
        title="Many incidents",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="Built in memory.",
        incidents=tuple(
            Incident(id=f"inc-{n}", title=f"Generated incident {n}") for n in range(count)
        ),
    )


async def test_a_long_list_is_counted_in_the_background_and_n_still_walks_it() -> None:
    count = 60_000
    async with app_with(huge(count)).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("2")
        item_list = pane(screen, "incidents").item_list
        await find(pilot, "incident 5999")  # 5999 and 59990 to 59999: 11 rows
        await wait_for(pilot, lambda: find_status(screen) == "1/11", timeout=20)
        assert item_list.cursor == 5999
        await pilot.press("enter", "n")
        await pilot.pause()
        assert item_list.cursor == 59990
        assert find_status(screen) == "2/11"
        await pilot.press("G", "n")  # from the last row, n wraps to the first match
        await pilot.pause()
        assert item_list.cursor == 5999
