"""The Entities view (``e`` from the library) and one entity's page."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.model.search.entities import group_cells
from briefing_tui.screens.entities import EntitiesScreen, EntityPage
from briefing_tui.widgets.banner import HandlingBanner

from .support import loaded, make_app, wait_for

LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library"


async def test_entities_rows_sort_filter_and_page() -> None:
    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await loaded(pilot)
        session = app.session
        await wait_for(pilot, lambda: session.across.ready)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EntitiesScreen))
        screen = app.screen
        assert isinstance(screen, EntitiesScreen)
        await wait_for(pilot, lambda: len(screen.rows) > 0)
        assert session.filter_state.index is not None
        everything = session.across.entity_rows(session.filter_state.index.everything)
        assert list(screen.rows.items) == everything  # what `briefing entities` prints
        assert screen.rows.cells(0)[-1] == group_cells(everything[0])[0]
        await pilot.press("s")  # most briefings first, then most incidents
        await pilot.press("s")
        counts = [group.incidents for group in screen.rows.items]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("f", *"severity:high", "escape")
        await wait_for(pilot, lambda: len(screen.rows) < len(everything))
        top = screen.rows.items[0]
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityPage))
        page = app.screen
        assert isinstance(page, EntityPage)
        lines = page.lines()
        briefings = len(top.briefing_ids)
        assert lines[0].startswith(f"In {briefings} briefing")
        assert page.title_text == f"{top.name} ({top.kind})"
        assert page.marking == screen.query_one(HandlingBanner).marking  # never lowered
        titles = {i.title for b in session.library.briefings for i in b.incidents}
        roles = [line for line in lines if line.startswith("  ") and not line.startswith("  said:")]
        texts = [line.split(": ", 1)[1].split("  ")[-1] for line in roles]  # role: [date  ]title
        assert texts and set(texts) <= titles


async def test_palette_opens_the_entities_view_from_the_library() -> None:
    from briefing_tui.commands import MarkedCommandPalette

    async with make_app(LIBRARY).run_test(size=(80, 24)) as pilot:
        app = await loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        await pilot.press(*"entities across")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EntitiesScreen))
