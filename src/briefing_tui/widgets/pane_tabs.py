"""The pane tabs line of a briefing: the five tabs, then the briefing's title and how
far the detail is scrolled, fitted to the width.

The tabs shorten before they would leave no room for a short title:
``2 Incidents 3/12``, then ``2 Inc 3/12``, then ``2 3/12``; four unread items in the
list add ``(4)`` (``2 Incidents 3/12 (4)``, shortened ``2 Inc 3/12(4)``); the title takes what is
left (cut with ``…``), and goes before the percentage when there is no room.
The title is file text: sanitised, inert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content

from .rows import fit
from .safe import plain_line

__all__ = ["Tab", "tabs_line"]

SHORT_TITLES = {
    "Summary": "Sum",
    "Incidents": "Inc",
    "Quotes": "Quo",
    "Sources": "Src",
    "Entities": "Ent",
}
"""Each pane's title where the full ones do not fit."""


@dataclass(frozen=True, slots=True)
class Tab:
    """One pane tab: its key, title and (with a filter) count such as ``3/12``."""

    key: str
    title: str
    count: str = ""
    unread: int = 0
    """Its incidents or quotes not read yet, shown as ``(4)`` (as mail readers do)."""


def _labels(tabs: Sequence[Tab], form: int) -> list[str]:
    labels = []
    for tab in tabs:
        title = (tab.title, SHORT_TITLES.get(tab.title, tab.title[:3]), "")[form]
        count = tab.count
        if tab.unread:  # shortened, the unread count goes right after a filter count
            unread = f"({tab.unread})"
            count = f"{count}{unread}" if count and form else f"{count} {unread}".strip()
        words = " ".join(part for part in (tab.key, title, count) if part)
        labels.append(f" {words} ")
    return labels


def tabs_line(
    tabs: Sequence[Tab], current: int, width: int, title: str = "", percent: int | None = None
) -> Content:
    """The tabs (``current`` reversed), then ``title`` and ``percent`` at the right."""
    shown = f"{percent}%" if percent is not None else ""
    clean = plain_line(title)
    # Room kept for the title (a short one whole, else 12 cells) and the percentage.
    reserve = min(cell_len(clean), 12) + (cell_len(shown) + 1 if shown else 0) + 2
    labels = _labels(tabs, 2)
    for form in (0, 1):
        candidate = _labels(tabs, form)
        if sum(cell_len(label) for label in candidate) + len(candidate) - 1 + reserve <= width:
            labels = candidate
            break
    used = sum(cell_len(label) for label in labels) + len(labels) - 1
    line = Content(" ").join(
        Content.styled(label, "reverse" if n == current else "") for n, label in enumerate(labels)
    )
    room = width - used - 2 - (cell_len(shown) + 1 if shown else 0)
    right = shown
    if clean and room >= 8:
        right = (fit(clean, room).rstrip() + (" " + shown if shown else "")).strip()
    if right and used + 2 + cell_len(right) <= width:
        gap = width - used - cell_len(right) - 1
        line = line + Content(" " * gap) + Content(right)
    return line
