"""Linear mode's list rows: each row reads as a sentence, its state in words.

``Incident 3 of 12. Unread. Jimmy Lai imprisoned for 20 years. Severity high. 2 sources.``

A screen reader speaks the row the terminal cursor is on; columns padded with
spaces and ``-`` for "none" read badly, so in linear mode (``configure``) an
``ItemList`` asks ``row_text`` here instead of its source. Kept apart from
``rows.py`` (the column layout) so either can change without the other.
"""

from __future__ import annotations

from typing import Any, Protocol

from rich.cells import cell_len, set_cell_size

from ..model import Entity, Incident, Quote, Source
from .rows import LibraryRow, RowMark, TableRows
from .safe import plain_line
from .view_rows import WithViews

__all__ = ["configure", "is_linear", "row_sentence", "row_text"]

_linear = False


def configure(*, linear: bool) -> None:
    """Choose linear rows for the whole app (``--linear``, ``BRIEFING_LINEAR``)."""
    global _linear
    _linear = linear


def is_linear() -> bool:
    return _linear


class Rows(Protocol):
    """What ``row_text`` needs of a list's source (``item_list.RowSource``)."""

    def row_text(self, index: int, width: int) -> str: ...


def row_text(source: Rows, index: int, width: int) -> str:
    """Row ``index`` of ``source`` as drawn: a sentence in linear mode, else its columns."""
    if _linear and isinstance(source, TableRows):
        sentence = row_sentence(source, index)
        return set_cell_size(sentence, width) if cell_len(sentence) > width else sentence
    return source.row_text(index, width)


def row_sentence(rows: TableRows[Any], index: int) -> str:
    """Row ``index`` as sentences: what it is, where in the list, its reading state,
    then its facts."""
    item = rows.items[index]
    number, count = index + 1, len(rows)
    listed = rows.items
    if isinstance(listed, WithViews):  # views first, then the briefings: each counted apart
        views = len(listed.views)
        number, count = (number, views) if index < views else (number - views, count - views)
    if isinstance(item, LibraryRow) and item.view is not None and rows.spanning is not None:
        counts = " ".join((rows.spanning(item, 1_000) or "").split())
        counts = counts.replace(" unread / ", " unread of ")  # words, not a slash
        return f"Saved view {number} of {count}. {_sentence(counts)}"
    noun, facts = _facts(rows, index, item)
    state = _state_words(rows.marks(item), isinstance(item, LibraryRow)) if rows.marks else []
    words = [f"{noun} {number} of {count}.", *state, *(_sentence(fact) for fact in facts if fact)]
    return " ".join(words)


def _state_words(mark: RowMark, briefing: bool) -> list[str]:
    """A row's reading marks in words: ``Unread.``, ``Updated since last read.``..."""
    words = []
    if mark.letter == "N":
        words.append("Unread.")
    elif mark.letter == "U":
        words.append("Updated since last read." if briefing else "New or changed since last read.")
    if mark.flags:
        words.append(f"Flagged {', '.join(mark.flags)}.")
    return words


def _sentence(fact: str) -> str:
    fact = fact.strip()
    return fact if fact.endswith((".", "?", "!")) else fact + "."


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _facts(rows: TableRows[Any], index: int, item: object) -> tuple[str, list[str]]:
    if isinstance(item, Incident):
        sources = len({*item.sources, *(item.when.sources if item.when else ())})
        return "Incident", [
            plain_line(item.title),
            f"Severity {item.severity}" if item.severity else "Severity not given",
            _plural(sources, "source") if sources else "Unsourced",
            f"When {plain_line(item.when.display())}" if item.when else "",
            f"Type {item.type}",
        ]
    if isinstance(item, Quote):
        speaker = _cell(rows, index, "SPEAKER") or "unnamed speaker"
        kind = "Paraphrase" if item.kind == "paraphrase" else f"{item.kind.capitalize()} quote"
        return "Quote", [f"{kind} of {speaker}: {plain_line(item.text)}"]
    if isinstance(item, Source):
        return "Source", [
            plain_line(item.title),
            f"Kind {item.kind}",
            f"Published {plain_line(item.published.text)}" if item.published else "",
            f"Reliability {item.reliability}" if item.reliability else "",
            "" if item.consulted else "Cited, not consulted",
        ]
    if isinstance(item, Entity):
        title = f", {plain_line(item.title)}" if item.title else ""
        return "Entity", [f"{plain_line(item.name)}{title}", f"Kind {item.kind}"]
    if isinstance(item, LibraryRow):
        return _library_facts(item)
    return "Row", [cell for cell in rows.cells(index) if cell.strip("- ")]


def _library_facts(row: LibraryRow) -> tuple[str, list[str]]:
    header = row.header
    if header is None:
        assert row.failure is not None
        problems = row.failure.errors or row.failure.problems
        first = problems[0].format() if problems else "it cannot be read"
        return "Broken file", [plain_line(first)]
    return "Briefing", [
        plain_line(header.title),
        plain_line(header.handling.tlp_label),
        f"Dated {plain_line(header.date.text)}",
        f"Status {header.status}",
        f"{_plural(header.incidents, 'incident')}, {_plural(header.quotes, 'quote')}",
    ]


def _cell(rows: TableRows[Any], index: int, header: str) -> str:
    """The cell of the column called ``header`` ('' when there is none)."""
    for column, cell in zip(rows.columns, rows.cells(index), strict=True):
        if column.header == header:
            return cell
    return ""
