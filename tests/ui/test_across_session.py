"""The session's entity index and timeline: built with the search index, off the UI thread."""

from __future__ import annotations

from briefing_tui.model.search.entities import EntityIndex

from .search_support import seed_app
from .support import loaded, wait_for


async def test_entities_and_timeline_arrive_with_the_search_index() -> None:
    async with seed_app().run_test(size=(80, 24)) as pilot:
        app = await loaded(pilot)
        session = app.session
        await wait_for(pilot, lambda: session.across.ready)
        assert session.filter_state.index is not None
        everything = session.filter_state.index.everything
        rows = session.across.entity_rows(everything)
        expected = EntityIndex.build(session.library.briefings).groups()
        assert [group.key for group in rows] == [group.key for group in expected]
        timeline = session.across.timeline_rows(everything, None, 20)
        incidents = sum(len(b.incidents) for b in session.library.briefings)
        assert sum(row.count for row in timeline) == incidents
