"""Saved views as rows of the library: above the briefings, each with its counts.

``Serious since 2024                              12 unread / 40``

A view's name and query are configuration text, shown inert like file text (through
``safe``); a view whose query does not parse is listed as broken, and ``enter`` on it
says why with a caret under the place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, overload

from rich.cells import cell_len

from ..views import SavedView, ViewCounts
from .rows import LibraryRow, fit
from .safe import plain_line

__all__ = ["WithViews", "broken_view_text", "view_row_text"]


def view_row_text(view: SavedView, counts: ViewCounts | None, width: int) -> str:
    """The view's name at the left, its counts (``…`` while indexing) at the right."""
    if view.broken:
        right = "broken query (enter: why)"
    elif counts is None:
        right = "…"
    else:
        right = f"{counts.unread:,} unread / {counts.total:,}"
    room = width - cell_len(right) - 2
    if room < 8:
        return fit(f"{plain_line(view.name)} {right}", width).rstrip()
    return fit(plain_line(view.name), room) + "  " + right


def broken_view_text(view: SavedView) -> str:
    """Why a view's query does not parse: its name, the query and a caret line."""
    error = view.error
    name, query = plain_line(view.name), plain_line(view.query)
    if error is None:
        return f"View {name}: {query}"
    before = cell_len(plain_line(view.query[: error.position]))
    under = max(cell_len(plain_line(view.query[error.position : error.position + error.length])), 1)
    return f"View {name} does not parse:\n{query}\n{' ' * before}{'^' * under} {error.message}"


class WithViews(Sequence[LibraryRow]):
    """The saved views' rows, then the briefing rows (``rows``, in their order)."""

    def __init__(self, views: Sequence[LibraryRow], rows: Sequence[LibraryRow]) -> None:
        self.views = views
        self.rows = rows

    @classmethod
    def over(cls, views: Sequence[SavedView], rows: Sequence[LibraryRow]) -> Sequence[LibraryRow]:
        """``rows`` with the views above (``rows`` itself when there are none)."""
        if not views:
            return rows
        return cls([LibraryRow(None, view=view) for view in views], rows)

    def __len__(self) -> int:
        return len(self.views) + len(self.rows)

    @overload
    def __getitem__(self, index: int) -> LibraryRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[LibraryRow]: ...

    def __getitem__(self, index: int | slice) -> LibraryRow | Sequence[LibraryRow]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < len(self.views):
            return self.views[index]
        return self.rows[index - len(self.views)]

    def position(self, row: LibraryRow, key: Callable[[LibraryRow], Any]) -> int | None:
        """Where the row showing what ``row`` shows (same ``key``) is now."""
        wanted = key(row)
        for number, view in enumerate(self.views):
            if key(view) == wanted:
                return number
        if row.view is not None:
            return None
        inner = getattr(self.rows, "position", None)  # the whole library: found by date
        found = (
            inner(row)
            if inner is not None
            else next((n for n, shown in enumerate(self.rows) if key(shown) == wanted), None)
        )
        return None if found is None else found + len(self.views)
