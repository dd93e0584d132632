"""What ``y`` copies: a line of text for the item under the cursor.

An incident or entity is copied as its citation (``brf-id/inc-id title``), a briefing
as ``brf-id title``, a quote with its speaker and its source, a source as its URL (its
citation when it has none). The text is file text, and it travels inside an OSC 52
sequence: it goes through the one sanitising path (``model.sanitize``), so it holds
no ESC, BEL or C1 control, and no line break.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Briefing, BriefingLinks, Entity, Incident, Quote, Source
from ..model.sanitize import sanitize_line
from .detail_parts import LinkTarget, quote_line

__all__ = ["Copied", "briefing_copy", "item_copy", "link_copy"]


@dataclass(frozen=True, slots=True)
class Copied:
    """Text for the clipboard (inert) and what it is, for the notice."""

    text: str
    what: str

    @classmethod
    def of(cls, text: str, what: str) -> Copied:
        return cls(sanitize_line(text).strip(), what)


def briefing_copy(briefing_id: str, title: str) -> Copied:
    """A briefing: ``brf-id title``."""
    return Copied.of(f"{briefing_id} {title}", "citation")


def _source_text(links: BriefingLinks, source_id: str) -> str:
    source = links.items.get(source_id)
    if not isinstance(source, Source):
        return source_id
    text = source.title + (f", {source.publisher}" if source.publisher else "")
    return text + (f" <{source.url}>" if source.url else "")


def item_copy(briefing: Briefing, links: BriefingLinks, item: object) -> Copied:
    """An item of ``briefing`` (the briefing itself for anything else)."""
    if isinstance(item, Quote):
        text = f"{quote_line(item, links)} — {_source_text(links, item.source)}"
        return Copied.of(f"{text} [{briefing.id}/{item.id}]", "quote")
    if isinstance(item, Source) and item.url:
        return Copied.of(item.url, "URL")
    if isinstance(item, (Incident, Source, Entity)):
        name = item.name if isinstance(item, Entity) else item.title
        return Copied.of(f"{briefing.id}/{item.id} {name}", "citation")
    return briefing_copy(briefing.id, briefing.title)


def link_copy(briefing: Briefing, links: BriefingLinks, target: LinkTarget) -> Copied:
    """What a link in a detail points to (in this briefing, or another one's id)."""
    if target.briefing_id != briefing.id:
        return Copied.of(target.briefing_id, "briefing id")
    if target.item_id is None:
        return briefing_copy(briefing.id, briefing.title)
    item = links.items.get(target.item_id)
    if item is None:
        return Copied.of(f"{briefing.id}/{target.item_id}", "citation")
    return item_copy(briefing, links, item)
