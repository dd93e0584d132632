"""Saved views (watch lists): named queries from ``[views]`` in config.toml.

A part of the :class:`~.session.ReaderSession` (``session.views``). The library lists
them above the briefings, each with its counts (``12 unread / 40``: the incidents and
quotes the query lets through, and how many of those are unread), like newsboat's
query feeds; ``enter`` opens one as a results list. Each query is parsed once: one
that does not parse is kept, with its error (shown with a caret), never dropped.
Counts need the search index; they are computed when asked for and kept until the
index or the reading state changes.

Plain Python, like the session. The reader never writes the configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model.search.index import SearchIndex
    from .model.search.query import Node, QueryError
    from .model.state import Reading

__all__ = ["SavedView", "SavedViews", "ViewCounts"]


@dataclass(frozen=True, slots=True)
class ViewCounts:
    """What a view's row shows: unread incidents and quotes, and all of them."""

    unread: int
    total: int


@dataclass(frozen=True, slots=True)
class SavedView:
    """One ``name = "query"`` of ``[views]`` (both as written: untrusted text)."""

    name: str
    query: str
    node: Node | None
    """The parsed query; None when it does not parse (``error`` says why)."""
    error: QueryError | None = None

    @property
    def broken(self) -> bool:
        return self.node is None

    def caret_text(self) -> str:
        """Why the query does not parse, with a caret under the place: two lines."""
        error = self.error
        if error is None:
            return ""
        return f"{self.query}\n{' ' * error.position}{'^' * error.length} {error.message}"


class SavedViews:
    """The views of the configuration, in its order, with their counts."""

    def __init__(self, views: Mapping[str, str]) -> None:
        self.views: list[SavedView] = []
        if views:  # the query language only when there are views (start-up stays light)
            self._parse(views)
        self._counts: dict[str, ViewCounts] = {}
        self._counted_for: tuple[object, ...] | None = None

    def _parse(self, views: Mapping[str, str]) -> None:
        from .model.search.query import QueryError, parse_query

        for name, query in views.items():
            try:
                self.views.append(SavedView(name, query, parse_query(query)))
            except QueryError as error:
                self.views.append(SavedView(name, query, None, error))

    def __len__(self) -> int:
        return len(self.views)

    def counts(
        self, view: SavedView, index: SearchIndex | None, reading: Reading, version: object = None
    ) -> ViewCounts | None:
        """``view``'s counts over ``index`` (None while indexing, or for a broken view).
        ``version``: anything that changes when the index's content may have (the size
        of the library, the filter's version); ``forget`` after a reload."""
        if index is None or view.node is None:
            return None
        key = (id(index), version, reading.version)
        if key != self._counted_for:
            self._counts.clear()
            self._counted_for = key
        found = self._counts.get(view.name)
        if found is None:
            found = self._counts[view.name] = _count(view.node, index)
        return found

    def forget(self) -> None:
        """Count again when next asked (a briefing's content changed)."""
        self._counted_for = None


def _count(node: Node, index: SearchIndex) -> ViewCounts:
    from .model.search.query import State

    matching = index.evaluate(node) & (index.kind_bits("incident") | index.kind_bits("quote"))
    unread = matching & index.evaluate(State("unread"))
    return ViewCounts(unread.bit_count(), matching.bit_count())
