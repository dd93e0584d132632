"""A detail view draws at most MAX_LINKS links per section and says how many more there
are: a source cited by 5,000 incidents opens at once."""

from __future__ import annotations

from briefing_tui.model import Briefing, Handling, Incident, PartialDate, Source
from briefing_tui.widgets.detail import DetailView, LinkButton
from briefing_tui.widgets.detail_parts import MAX_LINKS

from .support import app_with, loaded, open_briefing_screen, wait_for


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
        tags=tuple(f"tag-{n}" for n in range(5_000)),
    )


async def test_a_source_cited_5000_times_lists_its_first_links_and_counts_the_rest() -> None:
    async with app_with(cited_briefing(5_000)).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await open_briefing_screen(pilot)
        summary = screen.query_one("#summary-detail", DetailView)
        assert "… and 4,800 more" in summary.text()
        await pilot.press("4")  # the sources pane: its detail is the source's
        detail = screen.query_one("#sources-detail", DetailView)
        await wait_for(pilot, lambda: "Cited by" in detail.text())
        assert len(detail.query(LinkButton)) == MAX_LINKS
        assert "4,800 more" in detail.text()
