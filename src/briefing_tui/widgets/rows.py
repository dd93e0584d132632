"""Row sources: how briefings, incidents, quotes, sources and entities read as list rows.

A ``TableRows`` formats its items into columns on demand (cells are sanitised
once and cached), so a list of 60,000 incidents costs only the rows on screen.

Columns have priorities by width: the main column (a title, a quote's text)
takes what is left and never less than half the row; the others shrink to
their ``min_width`` first, then the least important are dropped. Every cut
ends in ``…``; a cell with a ``compact`` form (dates) uses it before cutting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.cells import cell_len, set_cell_size

from ..model import (
    Briefing,
    BriefingHeader,
    Entity,
    FileResult,
    Incident,
    PartialDate,
    Quote,
    Source,
    When,
)
from .safe import is_ascii, plain_line

if TYPE_CHECKING:
    from ..views import SavedView

__all__ = [
    "ELLIPSIS",
    "MARK_WIDTH",
    "Column",
    "RowMark",
    "TableRows",
    "briefing_rows",
    "count_cell",
    "entity_rows",
    "fit",
    "incident_rows",
    "quote_rows",
    "source_rows",
    "when_cell",
]

T = TypeVar("T")

Highlighter = Callable[[str], Sequence[tuple[int, int]]]

ELLIPSIS = "…"
"""The mark of every cut (ASCII mode draws it as ``.``)."""


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with a final ``…``."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def count_cell(count: int) -> str:
    """A count as a list cell (the one place numbers in columns are formatted): never
    cut, at most 4 characters (``compact_count``)."""
    return compact_count(count)


MARK_WIDTH = 2
"""The reading marks in front of a row: its state letter, then ``!`` when flagged."""


@dataclass(frozen=True, slots=True)
class RowMark:
    """A row's reading state, drawn in front of it in plain letters (ASCII and
    NO_COLOR read the same): ``N`` unread; ``U`` updated (a briefing changed since it
    was read, an item added or changed since its briefing was last read, not seen
    since); ``!`` flagged (``letters``). Linear mode says it in words."""

    letter: str = " "
    flags: str = ""

    @property
    def cell(self) -> str:
        return self.letter + ("!" if self.flags else " ")


NO_MARK = RowMark()


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: a header, a width in cells (None: the main column), a getter.

    ``min_width`` is how far the column may shrink (the default: not at all);
    ``drop`` orders the dropping when a row is too narrow even then (1 first,
    then 2...; 0 is never dropped); ``compact`` gives a shorter honest form of
    a cell that does not fit, for a width.
    """

    header: str
    width: int | None
    value: Callable[[T], str]
    min_width: int | None = None
    drop: int = 0
    compact: Callable[[T, int], str] | None = None


@lru_cache(maxsize=64)
def _layout(
    columns: tuple[tuple[int | None, int | None, int], ...], width: int, lead: int = 0
) -> tuple[int, ...]:
    """Each column's width in a row of ``width`` cells; 0 for a dropped column.

    ``columns`` holds (width, min_width, drop) of each column. The columns that
    may be dropped shrink first (in their drop order), then the others; then
    the droppable ones go, until the main column has half the row. ``lead``
    cells at the start of the row (the reading marks) are taken before any column.
    """
    sizes = [w if w is not None else 0 for w, _, _ in columns]
    main = [n for n, (w, _, _) in enumerate(columns) if w is None]
    shown = [n for n, (w, _, _) in enumerate(columns) if w is not None]
    least_first = sorted(shown, key=lambda n: (columns[n][2] == 0, columns[n][2], -n))

    def overflow() -> int:
        used = lead + sum(sizes[n] + 1 for n in shown)
        return used + (max(width // 2, 8) if main else 0) - width

    for n in least_first:  # shrink first
        excess = overflow()
        if excess <= 0:
            break
        floor = columns[n][1]
        if floor is not None and floor < sizes[n]:
            sizes[n] -= min(excess, sizes[n] - floor)
    for n in least_first:  # then drop
        if overflow() <= 0:
            break
        if columns[n][2] > 0:
            shown.remove(n)
            sizes[n] = 0
    for n in main:
        sizes[n] = max(width - lead - sum(sizes[m] + 1 for m in shown), 1)
    if not main and shown:
        sizes[shown[-1]] = max(width - lead - sum(sizes[m] + 1 for m in shown[:-1]), 1)
    return tuple(sizes)


class TableRows(Generic[T]):
    """Items shown as rows of columns; only formatted when drawn."""

    def __init__(
        self,
        items: Sequence[T],
        columns: Sequence[Column[T]],
        preview: Callable[[T], str] | None = None,
    ) -> None:
        self.items = items
        self.columns = columns
        self.preview_of = preview
        """The full text of a row for the preview line (default: its main column)."""
        self._cells: dict[int, list[str]] = {}
        self.highlighter: Highlighter | None = None
        """Set by search: spans of a row's text to highlight."""
        self.marks: Callable[[T], RowMark] | None = None
        """Set by the screen: each row's reading marks, drawn in front of its columns
        and never cached (they change as things are read)."""
        self.spanning: Callable[[T, int], str | None] | None = None
        """A row drawn across every column to a width (a saved view), or None."""

    def __len__(self) -> int:
        return len(self.items)

    def with_items(self, items: Sequence[T]) -> TableRows[T]:
        """The same columns over other items (the filter's matches, another order)."""
        rows = TableRows(items, self.columns, self.preview_of)
        rows.highlighter = self.highlighter
        rows.marks = self.marks
        rows.spanning = self.spanning
        return rows

    def cells(self, index: int) -> list[str]:
        cells = self._cells.get(index)
        if cells is None:
            item = self.items[index]
            cells = self._cells[index] = [plain_line(c.value(item)) for c in self.columns]
        return cells

    def sizes(self, width: int) -> tuple[int, ...]:
        """Each column's width in a row of ``width`` cells (0: dropped), after the
        reading marks when the rows have them."""
        key = tuple((c.width, c.min_width, c.drop) for c in self.columns)
        return _layout(key, width, MARK_WIDTH + 1 if self.marks is not None else 0)

    def _join(self, parts: Sequence[str], width: int, item: T | None) -> str:
        """The cells of a row of ``width`` cells (the marks' room included)."""
        out = []
        last = len(self.columns) - 1
        for number, (column, part, size) in enumerate(
            zip(self.columns, parts, self.sizes(width), strict=True)
        ):
            if not size:
                continue
            if item is not None and column.compact is not None and cell_len(part) > size:
                part = column.compact(item, size)
            cell = fit(part, size)
            out.append(cell.rstrip() if number == last else cell)
        return " ".join(out)

    def row_text(self, index: int, width: int) -> str:
        item = self.items[index]
        prefix = "" if self.marks is None else self.marks(item).cell + " "
        if self.spanning is not None:
            whole = self.spanning(item, width - len(prefix))
            if whole is not None:
                return prefix + whole
        return prefix + self._join(self.cells(index), width, item)

    def header_text(self, width: int, right: str = "") -> str:
        """The column headers over ``width`` cells, with ``right`` at the right end."""
        prefix = " " * (MARK_WIDTH + 1) if self.marks is not None else ""
        left = prefix + self._join([c.header for c in self.columns], width, None)
        if not right or cell_len(right) + 8 > width:
            return left
        return fit(left.rstrip(), width - cell_len(right) - 1) + " " + right

    def row_highlights(self, index: int, text: str) -> Sequence[tuple[int, int]]:
        return self.highlighter(text) if self.highlighter else ()

    def text_of(self, index: int) -> str:
        """All of a row's cells as one string (for search)."""
        return " ".join(self.cells(index))

    def preview(self, index: int) -> str:
        """The full text of row ``index`` (sanitised) for the line under the list."""
        item = self.items[index]
        if self.preview_of is not None:
            return plain_line(self.preview_of(item))
        for column, cell in zip(self.columns, self.cells(index), strict=True):
            if column.width is None:
                return cell
        return self.text_of(index)


# --- dates in columns -------------------------------------------------------------


def _same_year_end(start: PartialDate, end: PartialDate) -> str:
    """``end`` without the year it shares with ``start`` (``07-07`` after ``2021-04``)."""
    if start.text[:4] == end.text[:4] and len(end.text) > 4:
        return end.text[5:]
    return end.text


def _arrow() -> str:
    """``→`` between the two ends of a range (``>`` in ASCII mode)."""
    return ">" if is_ascii() else "→"


def _when_forms(when: When) -> list[str]:
    """Honest forms of a date, longest first: each a true statement of it."""
    mark = "~" if when.approximate else ""
    if when.at is not None:
        text = when.at.text
        forms = [mark + text]
        if len(text) > 10:  # a timestamp: its day
            forms.append(mark + text[:10] + ELLIPSIS)
        return forms
    start, end = when.start, when.end
    if start is not None and end is not None:
        short = _same_year_end(start, end)
        to = _arrow()
        forms = [f"{mark}{start.text}{to}{end.text}", f"{mark}{start.text}{to}{short}"]
        if short != end.text and len(start.text) >= 7:
            forms.append(f"{mark}{start.text}{to}{short[: len(start.text) - 5]}")
        forms.append(f"{mark}{start.text}{ELLIPSIS}")
        return forms
    if start is not None:
        return [f"{mark}{start.text}{_arrow()}"]
    if end is not None:
        return [f"{mark}{_arrow()}{end.text}"]
    return [plain_line(when.text)] if when.text else ["-"]


def when_cell(when: When | None, width: int = 1_000) -> str:
    """A date as a list cell of at most ``width`` cells: the longest honest form that fits.

    ``2021-04→2021-07-07``, then ``2021-04→07-07``, ``2021-04→07``, ``2021-04…``;
    ``~2006`` when approximate; the source's words (cut with ``…``) when that is all.
    """
    if when is None:
        return "-"
    forms = _when_forms(when)
    for form in forms:
        if cell_len(form) <= width:
            return form
    return forms[-1]


def _when_compact(incident: Incident, width: int) -> str:
    return when_cell(incident.when, width)


def _title_mark(incident: Incident) -> str:
    # First, so a narrow column never cuts the mark off.
    return ("(unsourced) " if incident.unsourced else "") + incident.title


def incident_rows(incidents: Sequence[Incident]) -> TableRows[Incident]:
    return TableRows(
        incidents,
        [
            Column("DATE", 12, lambda i: when_cell(i.when), compact=_when_compact),
            Column("SEVERITY", 8, lambda i: i.severity or "-", drop=2),
            Column("TYPE", 11, lambda i: i.type, min_width=4, drop=1),
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
            Column("KIND", 11, lambda q: q.kind, min_width=5, drop=1),
            Column("SPEAKER", 24, _speaker_name(briefing), min_width=10, drop=2),
            Column("TEXT", None, lambda q: q.text),
        ],
    )


def source_rows(sources: Sequence[Source]) -> TableRows[Source]:
    return TableRows(
        sources,
        [
            Column("KIND", 10, lambda s: s.kind, min_width=5, drop=1),
            Column("PUBLISHED", 10, lambda s: s.published.text if s.published else "-", drop=2),
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
            Column("KIND", 12, lambda e: e.kind, min_width=6),
            Column("NAME", None, lambda e: e.name + (f" ({e.title})" if e.title else "")),
        ],
    )


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """A library list row: a briefing (its header), a file that failed to load, or a
    saved view (listed above the briefings)."""

    header: BriefingHeader | None
    failure: FileResult | None = None
    view: SavedView | None = None


def _library_cell(
    getter: Callable[[BriefingHeader], str], broken: str = ""
) -> Callable[[LibraryRow], str]:
    def cell(row: LibraryRow) -> str:
        if row.header is not None:
            return getter(row.header)
        return "" if row.view is not None else broken

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
    if row.view is not None:
        return f"{row.view.name}: {row.view.query}"
    assert row.failure is not None
    first = row.failure.errors[0] if row.failure.errors else row.failure.problems[0]
    # The file's name, not its whole path: the row is narrow (Enter shows every problem).
    return replace(first, path=PurePath(first.path).name).format()


def briefing_rows(rows: Sequence[LibraryRow]) -> TableRows[LibraryRow]:
    """Date, TLP (``CLEAR``: the header says TLP), counts, status, then the title."""
    return TableRows(
        rows,
        [
            Column("DATE", 10, _library_cell(lambda b: b.date.text, "-")),
            Column("TLP", 7, _library_cell(lambda b: b.handling.tlp.upper(), "-"), min_width=5),
            Column("INC", 4, _library_cell(lambda b: count_cell(b.incidents)), drop=1),
            Column("Q", 4, _library_cell(lambda b: count_cell(b.quotes)), drop=1),
            Column("STATUS", 10, _library_cell(lambda b: b.status, "broken"), min_width=6, drop=2),
            Column("TITLE", None, _failure_text),
        ],
    )
