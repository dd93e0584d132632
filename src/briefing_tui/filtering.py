"""The reader's search state, kept by the app: the one filter and the session's history.

Pure Python (no Textual): the screens present it. The filter is app-wide, so it
stays while you move between panes and screens; each list shows its own count
for the same query (``3 of 12 incidents``). A query with an error keeps the
last valid tree and its matches, so the lists never empty on a typo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Literal, TypeAlias, overload

if TYPE_CHECKING:  # imported when first used, not at start-up (the first paint)
    from .model.search.index import Entry, SearchIndex, SearchResult
    from .model.search.query import Node, QueryError

Kind: TypeAlias = Literal["briefing", "incident", "quote", "source", "entity"]
"""An index kind (``model.index_data.Kind``)."""

__all__ = [
    "KIND_OF_PANE",
    "RESULT_KINDS",
    "EntrySequence",
    "FilterState",
    "History",
    "count_text",
]

KIND_OF_PANE: dict[str, Kind] = {
    "incidents": "incident",
    "quotes": "quote",
    "sources": "source",
    "entities": "entity",
}
"""The index kind of each list pane of a briefing."""

RESULT_KINDS: tuple[Kind, ...] = ("incident", "quote")
"""What the library-wide results view lists (as ``briefing search`` does by default)."""

NOUNS: dict[Kind, tuple[str, str]] = {
    "briefing": ("briefing", "briefings"),
    "incident": ("incident", "incidents"),
    "quote": ("quote", "quotes"),
    "source": ("source", "sources"),
    "entity": ("entity", "entities"),
}


def count_text(shown: int, total: int, noun: str) -> str:
    """``12 of 60,214 incidents``: the form every count of the filter takes."""
    return f"{shown:,} of {total:,} {noun}"


def noun_of(kind: Kind, count: int) -> str:
    """``incident`` or ``incidents``."""
    one, many = NOUNS[kind]
    return one if count == 1 else many


class FilterState:
    """The filter query as typed, its last valid syntax tree, and what it matches.

    ``version`` grows at every change of the matches, so a screen can tell
    whether what it shows is current.
    """

    def __init__(self) -> None:
        self.text = ""
        """The query as typed (possibly invalid)."""
        self.node: Node | None = None
        """The last valid query's tree (None: no filter, the empty query)."""
        self.error: QueryError | None = None
        """Why ``text`` does not parse; ``node`` is then the previous valid query."""
        self.index: SearchIndex | None = None
        """The library's index, once built (``None`` while indexing)."""
        self.result: SearchResult | None = None
        """The entries matching ``node`` (``None`` until the index is built)."""
        self.version = 0
        self._briefing_ids: list[str] = []
        self._briefing_digits: Callable[[str], tuple[str, ...]] | None = None
        """Picks the digits of the briefing entries from the result's bits written out
        in binary (at C speed: no walk over every entry in Python)."""

    @property
    def active(self) -> bool:
        """Whether a query narrows the lists."""
        return self.node is not None

    @property
    def ready(self) -> bool:
        """Whether the index is built, so counts and matches are known."""
        return self.result is not None

    def set_index(self, index: SearchIndex) -> None:
        """Use ``index`` (built in the background) and evaluate the query on it."""
        from operator import itemgetter

        self.index = index
        self._briefing_ids = index.briefing_ids
        last = index.size - 1  # "0{size}b": entry n is the digit at last - n
        # a briefing's own entry is the first of its span (``data.py``)
        places = [last - span.start for span in index.data.spans]
        self._briefing_digits = itemgetter(*places, *places[:1]) if places else None
        self._evaluate()

    def set_text(self, text: str) -> bool:
        """Take the query as typed now; True when the matches changed (``detent`` after
        ``deten`` often matches the very same entries: ``version`` stays, and the lists
        are not made again)."""
        from .model.search.query import All, QueryError, parse_query

        self.text = text
        try:
            parsed = parse_query(text)
        except QueryError as error:
            self.error = error
            return False
        self.error = None
        node = None if isinstance(parsed, All) else parsed
        if node == self.node and (self.result is not None or self.index is None):
            return False
        self.node = node
        before, self.result = self.result, self._answer()
        if before is not None and self.result is not None and self.result.bits == before.bits:
            return False  # the same matches (a word typed on): nothing to show anew
        self.version += 1
        return True

    def clear(self) -> bool:
        """No filter any more; True when something was filtered."""
        was = self.active or bool(self.text)
        self.text, self.error = "", None
        if self.active:
            self.node = None
            self._evaluate()
        return was

    def _evaluate(self) -> None:
        self.result = self._answer()
        self.version += 1

    def _answer(self) -> SearchResult | None:
        from .model.search.query import All

        index = self.index
        return index.search(self.node or All()) if index is not None else None

    def matches(self, kind: Kind, briefing_id: str | None = None) -> int | None:
        """How many entries of ``kind`` (in one briefing) match; None while indexing."""
        if self.result is None:
            return None
        return self.result.count(kind, briefing_id)

    def total(self, kind: Kind, briefing_id: str | None = None) -> int | None:
        """How many entries of ``kind`` (in one briefing) there are; None while indexing."""
        if self.index is None:
            return None
        return self.index.total(kind, briefing_id)

    def briefing_ids(self) -> list[str] | None:
        """The ids of the briefings that match, in library order; None while indexing."""
        if self.result is None or self.index is None:
            return None
        pick = self._briefing_digits
        if pick is None:
            return []
        digits = pick(format(self.result.bits, f"0{self.index.size}b"))
        return list(compress(self._briefing_ids, map("1".__eq__, digits)))

    def results(self, kinds: Sequence[Kind] = RESULT_KINDS) -> EntrySequence:
        """Every matching entry of ``kinds`` across the library, in index order."""
        if self.result is None or self.index is None:
            return EntrySequence(None, 0)
        index, mask = self.index, 0
        for kind in kinds:
            mask |= index.kind_bits(kind)
        return EntrySequence(index, self.result.bits & mask)

    def result_total(self, kinds: Sequence[Kind] = RESULT_KINDS) -> int:
        """How many entries of ``kinds`` the library has (0 while indexing)."""
        if self.index is None:
            return 0
        return sum(self.index.total(kind) for kind in kinds)


READ_AT_LEAST = 1 << 12
"""Entries of the bitset an :class:`EntrySequence` reads at a time, at first (then
twice as many each time)."""


class EntrySequence(Sequence["Entry"]):
    """The entries of a bitset of an index, in index order, each looked up when its row
    is drawn. The entry numbers are read out of the bitset only as far as asked for: a
    keystroke that matches a million entries costs the rows shown, not a list of a
    million numbers."""

    def __init__(self, index: SearchIndex | None, bits: int) -> None:
        self.source = index
        self._bits = bits
        self._size = bits.bit_count()
        self._numbers: list[int] = []
        self._read_to = 0
        """The entries below this number are read into ``_numbers``."""

    @property
    def numbers(self) -> list[int]:
        """Every entry number, ascending."""
        self._read(self._size)
        return self._numbers

    def _read(self, count: int) -> None:
        """Read the bitset until ``count`` numbers (or all of them) are known."""
        from .model.search.bitset import indices_of

        numbers, bits = self._numbers, self._bits
        while len(numbers) < count:
            left = bits >> self._read_to
            if not left:
                return
            width = max(READ_AT_LEAST, self._read_to)
            numbers += indices_of(left & ((1 << width) - 1), self._read_to)
            self._read_to += width

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, position: int) -> Entry: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[Entry]: ...

    def __getitem__(self, position: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(position, slice):
            return [self[number] for number in range(*position.indices(self._size))]
        if not -self._size <= position < self._size:
            raise IndexError(position)
        position %= self._size
        self._read(position + 1)
        assert self.source is not None  # there is no entry without an index
        return self.source.entry(self._numbers[position])

    def __iter__(self) -> Iterator[Entry]:
        return (self[position] for position in range(self._size))


class History:
    """Earlier searches of this session, recalled with up and down (never saved to disk)."""

    def __init__(self, limit: int = 100) -> None:
        self.entries: list[str] = []
        self.limit = limit
        self._position = 0
        self._draft = ""

    def add(self, text: str) -> None:
        """Remember ``text`` as the newest entry (once; blank text is not kept)."""
        if text.strip():
            if text in self.entries:
                self.entries.remove(text)
            self.entries.append(text)
            del self.entries[: -self.limit]
        self.reset()

    def reset(self) -> None:
        """Start recalling from the newest entry again."""
        self._position = len(self.entries)
        self._draft = ""

    def older(self, current: str) -> str | None:
        """The entry before the one shown (``current`` is kept as the draft); None at the top."""
        if self._position == 0:
            return None
        if self._position == len(self.entries):
            self._draft = current
        self._position -= 1
        return self.entries[self._position]

    def newer(self) -> str | None:
        """The entry after the one shown, then the draft; None when already at the draft."""
        if self._position >= len(self.entries):
            return None
        self._position += 1
        if self._position == len(self.entries):
            return self._draft
        return self.entries[self._position]
