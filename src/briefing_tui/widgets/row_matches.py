"""Which rows of a list a find pattern matches (for the counter and ``n``/``N``).

Only the rows on screen are highlighted as they are drawn (``TableRows.highlighter``);
counting and walking the matches needs every row's text. A literal pattern is tested
with ``in`` on each row's folded text (folded once per list and kept), so 60,000 rows
take milliseconds; a regular expression runs ``Finder.spans`` on each row, and the
caller runs that in a worker for long lists.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress, repeat
from operator import contains
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from .rows import TableRows

if TYPE_CHECKING:
    from ..model.search.find import Finder

__all__ = ["SYNC_ROWS", "matching_rows", "row_texts"]

SYNC_ROWS = 5_000
"""Lists up to this long are searched at once; longer ones in a worker."""
CHECK_EVERY = 1_000
"""Rows searched between two looks at whether the search was cancelled."""

_texts: WeakKeyDictionary[TableRows[Any], list[str]] = WeakKeyDictionary()
_folded: WeakKeyDictionary[TableRows[Any], list[str]] = WeakKeyDictionary()


def row_texts(rows: TableRows[Any]) -> list[str]:
    """Every row's whole text (all its cells, sanitised), kept with the rows."""
    texts = _texts.get(rows)
    if texts is None or len(texts) != len(rows):
        texts = _texts[rows] = [rows.text_of(index) for index in range(len(rows))]
    return texts


def _folded_texts(rows: TableRows[Any]) -> list[str]:
    from ..model.search.folding import fold_many

    folded = _folded.get(rows)
    if folded is None or len(folded) != len(rows):
        folded = _folded[rows] = fold_many(row_texts(rows))
    return folded


def matching_rows(
    rows: TableRows[Any], finder: Finder, cancelled: Callable[[], bool] = lambda: False
) -> list[int] | None:
    """Indices of the rows in which ``finder`` matches, ascending; None when cancelled."""
    if not finder.pattern or not len(rows):
        return []
    from ..model.search.folding import fold_text

    texts = row_texts(rows)
    if not finder.regex:
        needle = fold_text(finder.pattern)
        folded = _folded_texts(rows)
        candidates = list(compress(range(len(folded)), map(contains, folded, repeat(needle))))
        if not finder.case_sensitive:
            return candidates
        # Case counts: the folded text finds a superset; Finder decides.
        return [index for index in candidates if finder.spans(texts[index])]
    found: list[int] = []
    for start in range(0, len(texts), CHECK_EVERY):
        if cancelled():
            return None
        stop = min(start + CHECK_EVERY, len(texts))
        found.extend(index for index in range(start, stop) if finder.spans(texts[index]))
    return found
