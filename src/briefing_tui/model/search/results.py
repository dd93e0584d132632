"""What a search of a :class:`~.index.SearchIndex` gives back, shaped for the UI.

A :class:`SearchResult` is a set of entry numbers (a bitset). The UI asks it for
counts ("12 of 60,214" per pane: :meth:`SearchResult.count` and
:meth:`~.index.SearchIndex.total`), for the rows to show (:meth:`SearchResult.numbers`
across the library, :meth:`SearchResult.positions` inside one briefing's list) and for
the words to highlight (:attr:`SearchResult.terms`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..format.types import Briefing
from .bitset import indices_of, span_bits
from .data import Kind, SearchItem
from .query import And, Node, Or, Text

if TYPE_CHECKING:
    from .index import SearchIndex

__all__ = ["Entry", "SearchResult", "text_terms"]


class Entry(NamedTuple):
    """One searchable item and the briefing it is in."""

    briefing: Briefing
    kind: Kind
    item: SearchItem

    @property
    def item_id(self) -> str:
        """The item's id (the briefing's own id for a briefing)."""
        return self.item.id

    @property
    def ref(self) -> str:
        """``brf-id/item-id`` (just ``brf-id`` for a briefing)."""
        if self.kind == "briefing":
            return self.briefing.id
        return f"{self.briefing.id}/{self.item.id}"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The entries of ``index`` that match the query ``node``: the bitset ``bits``."""

    index: SearchIndex
    node: Node
    bits: int

    def _scope(self, kind: Kind | None, briefing_id: str | None) -> tuple[int, int]:
        """(matching bits of the scope, shifted to start at 0; the scope's first entry)."""
        if briefing_id is not None:
            span = self.index.span(briefing_id, kind)
            return (self.bits >> span.start) & span_bits(0, len(span)), span.start
        if kind is not None:
            return self.bits & self.index.kind_bits(kind), 0
        return self.bits, 0

    def count(self, kind: Kind | None = None, briefing_id: str | None = None) -> int:
        """How many entries match (only of ``kind``, only in ``briefing_id``, when given)."""
        return self._scope(kind, briefing_id)[0].bit_count()

    def numbers(self, kind: Kind | None = None, briefing_id: str | None = None) -> list[int]:
        """The matching entry numbers, ascending (of ``kind``, in ``briefing_id``)."""
        bits, first = self._scope(kind, briefing_id)
        return indices_of(bits, first)

    def positions(self, briefing_id: str, kind: Kind) -> list[int]:
        """Which items of one briefing's collection of ``kind`` match, by position.

        For a list of ``briefing.incidents`` in file order, ``[0, 3]`` means
        ``briefing.incidents[0]`` and ``briefing.incidents[3]``.
        """
        return indices_of(self._scope(kind, briefing_id)[0])

    def ids(self, briefing_id: str, kind: Kind) -> frozenset[str]:
        """The ids of the matching items of ``kind`` in one briefing."""
        return frozenset(self.index.item(n).id for n in self.numbers(kind, briefing_id))

    def entries(self, kind: Kind | None = None, briefing_id: str | None = None) -> list[Entry]:
        """The matching entries, in index order."""
        return self.index.entries(self.numbers(kind, briefing_id))

    @property
    def terms(self) -> tuple[str, ...]:
        """The folded words and phrases the query looks for, to highlight in the items."""
        return text_terms(self.node)

    def __contains__(self, number: object) -> bool:
        """Whether entry ``number`` matches."""
        return isinstance(number, int) and number >= 0 and bool(self.bits >> number & 1)


def text_terms(node: Node) -> tuple[str, ...]:
    """The folded words and phrases of ``node`` that are not negated, in order, once each."""
    found: dict[str, None] = {}

    def walk(part: Node) -> None:
        if isinstance(part, Text):
            found.setdefault(part.value)
        elif isinstance(part, (And, Or)):
            for item in part.items:
                walk(item)

    walk(node)
    return tuple(found)
