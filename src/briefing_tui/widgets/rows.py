"""Row sources: how briefings, incidents, quotes, sources and entities read as list rows.

A ``TableRows`` formats its items into fixed columns on demand (cells are
sanitised once and cached), so a list of 60,000 incidents costs only the rows
on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Generic, TypeVar

from rich.cells import cell_len, set_cell_size

from ..model import Briefing, BriefingHeader, Entity, FileResult, Incident, Quote, Source
from .safe import plain_line

__all__ = [
    "Column",
    "TableRows",
    "briefing_rows",
    "entity_rows",
    "incident_rows",
    "quote_rows",
    "source_rows",
]

T = TypeVar("T")

Highlighter = Callable[[str], Sequence[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: a header, a width in cells (None = take the rest), a getter."""

    header: str
    width: int | None
    value: Callable[[T], str]


class TableRows(Generic[T]):
    """Items shown as rows of columns; only formatted when drawn."""

    def __init__(self, items: Sequence[T], columns: Sequence[Column[T]]) -> None:
        self.items = items
        self.columns = columns
        self._cells: dict[int, list[str]] = {}
        self.highlighter: Highlighter | None = None
        """Set by search: spans of a row's text to highlight."""

    def __len__(self) -> int:
        return len(self.items)

    def cells(self, index: int) -> list[str]:
        cells = self._cells.get(index)
        if cells is None:
            item = self.items[index]
            cells = self._cells[index] = [plain_line(c.value(item)) for c in self.columns]
        return cells

    def _join(self, parts: Sequence[str], width: int) -> str:
        fixed = sum((c.width or 0) + 1 for c in self.columns)
        flex = max(width - fixed, 8)
        out = []
        for column, part in zip(self.columns, parts, strict=True):
            size = column.width if column.width is not None else flex
            out.append(set_cell_size(part, size) if column.width is not None else part)
        line = " ".join(out)
        return set_cell_size(line, width) if cell_len(line) > width else line

    def row_text(self, index: int, width: int) -> str:
        return self._join(self.cells(index), width)

    def header_text(self, width: int) -> str:
        return self._join([c.header for c in self.columns], width)

    def row_highlights(self, index: int, text: str) -> Sequence[tuple[int, int]]:
        return self.highlighter(text) if self.highlighter else ()

    def text_of(self, index: int) -> str:
        """All of a row's cells as one string (for search)."""
        return " ".join(self.cells(index))


def _when(incident: Incident) -> str:
    return incident.when.display() if incident.when else "-"


def _title_mark(incident: Incident) -> str:
    # First, so a narrow column never cuts the mark off.
    return ("(unsourced) " if incident.unsourced else "") + incident.title


def incident_rows(incidents: Sequence[Incident]) -> TableRows[Incident]:
    return TableRows(
        incidents,
        [
            Column("DATE", 12, _when),
            Column("SEVERITY", 8, lambda i: i.severity or "-"),
            Column("TYPE", 11, lambda i: i.type),
            Column("TITLE", None, _title_mark),
        ],
    )


def _speaker_name(briefing: Briefing) -> Callable[[Quote], str]:
    names = {entity.id: entity.name for entity in briefing.entities}

    def speaker(quote: Quote) -> str:
        if quote.speaker:
            return names.get(quote.speaker, quote.speaker)
        return quote.speaker_label or "?"

    return speaker


def quote_rows(briefing: Briefing, quotes: Sequence[Quote] | None = None) -> TableRows[Quote]:
    return TableRows(
        briefing.quotes if quotes is None else quotes,
        [
            Column("KIND", 11, lambda q: q.kind),
            Column("SPEAKER", 18, _speaker_name(briefing)),
            Column("TEXT", None, lambda q: q.text),
        ],
    )


def source_rows(sources: Sequence[Source]) -> TableRows[Source]:
    return TableRows(
        sources,
        [
            Column("KIND", 10, lambda s: s.kind),
            Column("PUBLISHED", 10, lambda s: s.published.text if s.published else "-"),
            Column("TITLE", None, lambda s: s.title + (f" — {s.publisher}" if s.publisher else "")),
        ],
    )


ENTITY_KINDS = (
    "person", "organization", "government", "group", "country", "location",
    "law", "agreement", "document", "event", "other",
)  # fmt: skip
"""Entity kinds in the format's order: the order of the groups in the entity list."""


def entities_by_kind(entities: Sequence[Entity]) -> list[Entity]:
    """Entities grouped by kind (in the format's order of kinds), then by name."""
    order = {kind: rank for rank, kind in enumerate(ENTITY_KINDS)}
    return sorted(entities, key=lambda e: (order.get(e.kind, len(order)), e.name.casefold()))


def entity_rows(entities: Sequence[Entity]) -> TableRows[Entity]:
    return TableRows(
        entities_by_kind(entities),
        [
            Column("KIND", 12, lambda e: e.kind),
            Column("NAME", None, lambda e: e.name + (f" ({e.title})" if e.title else "")),
        ],
    )


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """A library list row: a briefing (its header), or a file that failed to load."""

    header: BriefingHeader | None
    failure: FileResult | None = None


def _library_cell(
    getter: Callable[[BriefingHeader], str], broken: str = ""
) -> Callable[[LibraryRow], str]:
    def cell(row: LibraryRow) -> str:
        return getter(row.header) if row.header is not None else broken

    return cell


def compact_count(number: int) -> str:
    """A count in at most 4 characters, never cut: ``9999``, ``20k``, ``100k``, ``3M``
    (rounded down, so a count is never overstated)."""
    if number < 10_000:
        return str(number)
    if number < 1_000_000:
        return f"{number // 1_000}k"
    return f"{number // 1_000_000}M"


def _failure_text(row: LibraryRow) -> str:
    if row.header is not None:
        return row.header.title
    assert row.failure is not None
    first = row.failure.errors[0] if row.failure.errors else row.failure.problems[0]
    # The file's name, not its whole path: the row is narrow (Enter shows every problem).
    return replace(first, path=PurePath(first.path).name).format()


def briefing_rows(rows: Sequence[LibraryRow]) -> TableRows[LibraryRow]:
    return TableRows(
        rows,
        [
            Column("DATE", 10, _library_cell(lambda b: b.date.text, "-")),
            Column("TLP", 16, _library_cell(lambda b: b.handling.tlp_label, "-")),
            Column("INC", 4, _library_cell(lambda b: compact_count(b.incidents))),
            Column("Q", 4, _library_cell(lambda b: compact_count(b.quotes))),
            Column("STATUS", 10, _library_cell(lambda b: b.status, "broken")),
            Column("TITLE", None, _failure_text),
        ],
    )
