"""How fast the reader opens and moves through a briefing of 60,000 incidents.

Run: ``python bench/bench_reader.py [COUNT]``. Builds the briefing in memory
(no YAML), runs the app headless at 80x24 and prints, in milliseconds: opening
the briefing screen, showing the incident pane, ``G`` (last row) and
``pagedown``, each measured until the app is idle again.
"""

from __future__ import annotations

import asyncio
import sys
import time

from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing, FileResult, Handling, Incident, PartialDate
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.widgets.item_list import ItemList


def huge(count: int) -> Briefing:
    incidents = tuple(
        Incident(id=f"inc-{n}", title=f"Generated incident number {n}", severity="low")
        for n in range(count)
    )
    return Briefing(
        schema="briefing/v1",
        id="brf-huge",
        title="Generated",
        date=PartialDate.parse("2026-01"),
        handling=Handling(tlp="clear"),
        summary="Scale benchmark.",
        incidents=incidents,
    )


async def measure(count: int) -> dict[str, float]:
    app = BriefingApp([], use_cache=False)
    app.session.library.extend([FileResult("huge.yaml", huge(count), ())])
    timings: dict[str, float] = {}
    started = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, BriefingScreen) or app.screen.focused is None:
            await pilot.pause()
        timings["open briefing (from app start)"] = time.perf_counter() - started
        for label, key in (("pane 2", "2"), ("G", "G"), ("pagedown", "pagedown"), ("g", "g")):
            begin = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            timings[label] = time.perf_counter() - begin
        item_list = app.screen.query_one("#incidents-list", ItemList)
        assert item_list.row_count == count
    return {label: seconds * 1000 for label, seconds in timings.items()}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    for label, ms in asyncio.run(measure(count)).items():
        print(f"{label:32} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
