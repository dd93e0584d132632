"""The orders a list can be sorted in (``s`` cycles them), and the keys of each list.

The first order of each list is its own (``None`` key): the library newest first, a
briefing's items in file order, results in library order. Items without a value for
the key (no date, no severity, a broken file) always come last, whatever the direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..model import Incident, Quote, When
from .rows import LibraryRow

__all__ = [
    "INCIDENT_SORTS",
    "LIBRARY_SORTS",
    "Sort",
    "severity_rank",
]

T = TypeVar("T")

SEVERITIES = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str | None) -> int | None:
    """``critical`` highest; None without a severity."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else None


@dataclass(frozen=True, slots=True)
class Sort(Generic[T]):
    """One order of a list: a name for the header, a key (None: the list's own order)."""

    name: str
    key: Callable[[T], Any] | None = None
    descending: bool = False

    @property
    def label(self) -> str:
        """``▼ date`` (descending) or ``▲ title``, for the list's header."""
        return f"{'▼' if self.descending else '▲'} {self.name}"

    def apply(self, items: Sequence[T]) -> Sequence[T]:
        """``items`` in this order (stable); items without a value last."""
        key = self.key
        if key is None:
            return items
        keyed = [(key(item), item) for item in items]
        valued = [pair for pair in keyed if pair[0] is not None]
        valued.sort(key=lambda pair: pair[0], reverse=self.descending)
        return [item for _, item in valued] + [item for value, item in keyed if value is None]


def _when_key(when: When | None) -> Any:
    date = when.sort_date if when is not None else None
    return date.sort_key if date is not None else None


def _header(getter: Callable[[Any], Any]) -> Callable[[LibraryRow], Any]:
    return lambda row: getter(row.header) if row.header is not None else None


LIBRARY_SORTS: tuple[Sort[LibraryRow], ...] = (
    Sort("date", descending=True),
    Sort("title", _header(lambda h: h.title.casefold())),
    Sort("TLP", _header(lambda h: h.handling.tlp_rank), descending=True),
    Sort("status", _header(lambda h: h.status)),
)
"""The library: newest first (as loaded), by title, most restrictive TLP, status."""

INCIDENT_SORTS: tuple[Sort[Incident], ...] = (
    Sort("file order"),
    Sort("date", lambda i: _when_key(i.when), descending=True),
    Sort("severity", lambda i: severity_rank(i.severity), descending=True),
)
"""A briefing's incidents: as in the file, newest first (partial-date order), most severe."""


def item_date_key(item: object) -> Any:
    """The sort key of an incident's ``when`` or a quote's ``said``."""
    if isinstance(item, Incident):
        return _when_key(item.when)
    return _when_key(item.said) if isinstance(item, Quote) else None
