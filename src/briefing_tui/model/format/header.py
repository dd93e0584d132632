"""What a library list needs of a briefing, without the briefing itself.

A library of thousands of briefings is listed, sorted and marked from these
small headers alone: the parse cache stores each briefing's header beside it, so
a warm start decodes 2,000 headers instead of 60,000 incidents, and the full
briefings are decoded later (off the UI thread, for the search index) or when
one is opened.
"""

from __future__ import annotations

import msgspec

from .dates import PartialDate
from .types import Briefing, Handling

__all__ = ["BriefingHeader", "header_of"]


class BriefingHeader(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A briefing's id, title, date, status, handling and item counts."""

    id: str
    title: str
    date: PartialDate
    status: str
    handling: Handling
    incidents: int
    """How many incidents the briefing has."""
    quotes: int
    """How many quotes the briefing has."""


def header_of(briefing: Briefing) -> BriefingHeader:
    """The header of a loaded briefing."""
    return BriefingHeader(
        briefing.id,
        briefing.title,
        briefing.date,
        briefing.status,
        briefing.handling,
        len(briefing.incidents),
        len(briefing.quotes),
    )
