"""A regular expression that backtracks over long file text stops within its time budget,
says so in the find bar, and leaves the reader answering keys."""

from __future__ import annotations

import pytest

from briefing_tui.model import Briefing, Handling, Incident, PartialDate
from briefing_tui.model.search.find import FIND_BUDGET

from .search_support import find_status
from .support import app_with, is_shown, loaded, open_briefing_screen, wait_for


def long_text() -> Briefing:
    return Briefing(
        schema="briefing/v1",
        id="brf-long",
        title="Long",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="a" * 200_000,  # within the string limit; the file supplies it
        incidents=(Incident(id="inc-a", title="Nothing here"),),
    )


@pytest.mark.parametrize("pattern", [r"(a+)\1b", r"(a|aa)*b"])
async def test_a_runaway_regex_is_stopped_and_said_so(pattern: str) -> None:
    async with app_with(long_text()).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        await pilot.press("slash", "ctrl+r", *pattern)
        stopped = f"search stopped after {round(FIND_BUDGET * 1000)} ms"
        if pattern == r"(a|aa)*b":  # fast on the regex engine: found nothing, in time
            await wait_for(pilot, lambda: find_status(screen) in ("no match", stopped))
        else:
            await wait_for(pilot, lambda: find_status(screen) == stopped)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not is_shown(screen.find_bar))
