"""Search a library fast enough to filter on every keystroke.

:class:`SearchIndex` holds one *entry* per searchable item (briefings, incidents,
quotes, sources, entities; see ``index_data.py``) and evaluates a query's syntax
tree (``query.py``) to the set of matching entries, as a Python int used as a bitset
(``bitset.py``): ``And``/``Or``/``Not`` are ``&``/``|``/``& ~``, which CPython runs in
C. Leaves, all compared folded (case and accents ignored):

* words and phrases: inside the item's own words (title, description, quote text,
  tags, ids...) or inside a name it refers to (its actors, locations, speaker, the
  entities it is about, the sources it cites; a briefing refers to all of its items'),
  tested with ``map`` of ``str.__contains__`` at C speed (the names: in one buffer per
  field, ``columns.py``; those of a word typed are looked for only among the names of
  the word before it, when that is inside it). The items' words are tested only on the
  entries of a kept answer of a word inside this one (``jos`` after ``jo``), or on those
  already left by the other terms of an ``And`` (``a b`` looks for ``b`` among the
  matches of ``a``), when that is small: ``words.py``, so a key costs what its answer
  holds, not the library;
* ``tag:``, ``category:``, ``role:``, ``type:``, ``determination:``, ``verification:``,
  ``kind:``, ``tlp:``, ``status:``: the exact value; ``severity:`` with ``>=`` and
  friends: the matching levels;
* ``actor:``, ``location:``, ``speaker:``, ``source:``, ``briefing:``: inside a name
  (an entity's name or one of its aliases, a speaker's label, a source's title or
  publisher, a briefing's id or title); ``entity:``: any entity an item involves;
* ``has:``, and dates by FORMAT.md's overlap rule (``index_dates.py``);
* ``is:`` and ``flag:`` (the reading state): the set given by :attr:`SearchIndex.state_bits`
  (``model/state/bits.py`` computes it from the state; none without one). Results of
  nodes holding such a term are not cached: the state changes as the user reads.

A field that does not apply to an item never matches it: ``severity:high`` holds for
no quote, so ``-severity:high`` holds for every quote. Results of nodes are kept in a
small LRU cache, so each keystroke re-evaluates little. Not thread-safe: use one index
from one thread at a time.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import compress
from typing import TYPE_CHECKING, NamedTuple, TypeAlias, assert_never

import msgspec

from ..format.header import BriefingHeader
from ..format.types import Briefing
from .across_data import Shape, decode_across
from .bitset import bits_from_flags, bits_from_indices, flags_of, span_bits
from .build import IndexBuilder
from .columns import encode, rests_holding
from .data import (
    COLLECTION,
    ENUM_FIELDS,
    HAS_FIELDS,
    KIND_CODE,
    KINDS,
    NAME_FIELDS,
    VOCABULARY,
    IndexData,
    Kind,
    SearchItem,
)
from .date_column import DateColumn, range_keys
from .part import IndexPart, append_part, decode_part, part_of
from .query import (
    SEVERITY_LEVELS,
    All,
    And,
    Compare,
    DateRange,
    Field,
    Has,
    Node,
    Not,
    Or,
    PeriodRow,
    State,
    Text,
    parse_query,
)
from .results import Entry, SearchResult, text_terms
from .splice import splice
from .words import NARROW_BELOW, WordEntries

if TYPE_CHECKING:  # made when first asked for
    from .timeline import Timeline

__all__ = [
    "KINDS", "BriefingLoader", "Entry", "IndexBuilder", "Kind", "PartSource", "SearchIndex",
    "SearchItem", "SearchResult", "has_state", "has_words", "text_terms", "updated_data",
]  # fmt: skip

BriefingLoader: TypeAlias = Callable[[str], Briefing | None]
"""A briefing by id (``Library.get``): an index keeps numbers, and looks items up."""
PartSource: TypeAlias = tuple[BriefingHeader, bytes | msgspec.Raw | None]
"""A briefing's header and its index part as stored, if any."""

CACHE_SIZE = 256
"""Results of query nodes remembered by an index."""
NAME_HITS = 8
"""Words whose matching names an index remembers (the next word typed is looked for
only among the names of an earlier word inside it)."""
NAME_RESTS_BELOW = 1 << 15
"""A remembered word of at most this many names keeps their rests (``_name_numbers``;
~70 bytes each: a few MB a word, NAME_HITS words)."""
_NAME_FIELDS = {name: (name,) for name in NAME_FIELDS}
_TEXT_NAMES = ("named",)  # the union of TEXT_NAME_FIELDS, kept as one table
_EXACT_FIELDS = ("tag", "category", "role")
_BRIEFING_EXACT = ("tlp", "status")
_RANKS = {"<": lambda r, v: r < v, "<=": lambda r, v: r <= v, "=": lambda r, v: r == v,
          ">=": lambda r, v: r >= v, ">": lambda r, v: r > v}  # fmt: skip


class _NameHits(NamedTuple):
    """The names of a field holding a remembered word."""

    numbers: array[int]
    """Their numbers in the field's column, ascending."""
    rests: list[bytes] | None
    """Per name, its UTF-8 from where the word first occurs (None: not kept)."""


class SearchIndex:
    """Every searchable item of some briefings, and the evaluation of queries over them."""

    def __init__(self, data: IndexData, load: BriefingLoader | None = None) -> None:
        """An index over the columns of an :class:`IndexBuilder` (see :meth:`build`), of
        stored parts (:meth:`from_sources`) or of a stored index (``stored.py``); ``load``
        gives a briefing by id when an entry's item is asked for and ``data`` does not
        hold it."""
        self._load = load or data.briefings.get
        self.rebuilt = 0
        """How many briefings were indexed again because their stored part was missing,
        damaged or old (``from_sources``), or differed from a stored index (``stored.py``)."""
        self.kept = False
        """Read back whole from a stored index (``stored.py``): nothing to write again."""
        self.across_check: Callable[[IndexData], bool] | None = None
        """Set when the across facts are read back but not checked yet (``stored.py``):
        :meth:`across_fit` asks it once, before any is read."""
        self._across_damaged = False
        self.left_to_read: Callable[[IndexData], bool] | None = None
        """Set when a kept index is read back for the filter's first answers only
        (``stored.py``): the items' words are not decoded yet, nor the posted numbers
        checked; :meth:`finish_reading` runs it once, before a query other than the
        empty one is evaluated."""
        self._reading = threading.Lock()
        self._reading_damaged = False
        self._use(data)

    def _use(self, data: IndexData) -> None:
        self._data = data
        self.size = len(data.kinds)
        """Number of entries."""
        self.everything = span_bits(0, self.size)
        """The set of all entries."""
        self._spans = {span.briefing_id: span for span in data.spans}
        self._starts = [span.start for span in data.spans]
        self._kind_bits = {kind: self._codes_bits(data.kinds, {KIND_CODE[kind]}) for kind in KINDS}
        self._columns: dict[str, bytes] = {}
        self._dates: DateColumn | None = None
        self._timeline: Timeline | None = None
        self._cache: OrderedDict[Node, int] = OrderedDict()
        self._name_cache: dict[tuple[str, tuple[str, ...]], int] = {}
        self._name_hits: dict[tuple[str, str], _NameHits] = {}
        self._words = WordEntries(data.texts)
        self.state_bits: Callable[[State], int] | None = None
        """The entries in a reading state (``is:unread``...); None: no state, no entry."""

    @classmethod
    def build(
        cls, briefings: Iterable[Briefing], kinds: Iterable[Kind] = KINDS, words: bool = True
    ) -> SearchIndex:
        """Index ``briefings`` (entries of ``kinds`` only), in the order given; see
        :class:`IndexBuilder` for ``words``."""
        builder = IndexBuilder(kinds, words)
        for briefing in briefings:
            builder.add(briefing)
        return cls(builder.finish())

    @classmethod
    def from_sources(
        cls,
        sources: Iterable[PartSource],
        load: BriefingLoader,
        cancelled: Callable[[], bool] | None = None,
    ) -> SearchIndex | None:
        """An index over briefings from their stored parts, in the order given.

        Each source is a briefing's header and its part as stored (``part.py``), or
        None. A part that is missing or fails ``decode_part`` is not used: its
        briefing is loaded (``load(id)``) and indexed again (counted in ``rebuilt``).
        ``cancelled`` is asked every 64 briefings: when it says so, None at once. The
        parts are not kept: only the columns they make.
        """
        data = IndexData()
        rebuilt = 0
        for number, (header, stored) in enumerate(sources):
            if cancelled is not None and number % 64 == 0 and cancelled():
                return None
            part = decode_part(stored, header) if stored is not None else None
            if part is None:
                briefing = load(header.id)
                if briefing is None:
                    continue
                part = part_of(briefing)
                rebuilt += 1
            append_part(data, part)
        index = cls(data, load)
        index.rebuilt = rebuilt
        return index

    # --- briefings changed (live reload) ------------------------------------------------

    def _editable(self) -> IndexData:
        if not self.changeable:
            raise TypeError("only an index made from parts or a stored index can be changed")
        return self._data

    def replace(self, briefing_id: str, briefing: Briefing | IndexPart) -> None:
        """Index ``briefing`` in place of the briefing ``briefing_id`` (same position).

        Only that briefing is indexed (a ready part, e.g. from a worker, is used as
        it is); the other briefings' columns are copied (``splice.py``), and every
        cached answer is forgotten. Raises ``KeyError`` when ``briefing_id`` is not
        indexed. Call it from the thread that uses the index.
        """
        order = self.briefing_ids
        if briefing_id not in self._spans:
            raise KeyError(briefing_id)
        part = _as_part(briefing)
        order[order.index(briefing_id)] = part.briefing_id
        self.update(order, {part.briefing_id: part})

    def insert(self, position: int, briefing: Briefing | IndexPart) -> None:
        """Index one more briefing, at ``position`` in the order of briefings."""
        part = _as_part(briefing)
        order = self.briefing_ids
        order.insert(position, part.briefing_id)
        self.update(order, {part.briefing_id: part})

    def remove(self, briefing_id: str) -> None:
        """Stop indexing the briefing ``briefing_id`` (``KeyError`` if it is not)."""
        if briefing_id not in self._spans:
            raise KeyError(briefing_id)
        self.update([other for other in self.briefing_ids if other != briefing_id], {})

    def update(self, order: Iterable[str], changed: Mapping[str, Briefing | IndexPart]) -> None:
        """Several briefings changed at once (a reload): index the briefings ``order``
        names, in that order; each ``changed`` one from its new part (a briefing is
        indexed), every other copied from the columns (see :func:`updated_data`). Same
        thread rule as :meth:`replace`; :meth:`adopt` takes columns made in another
        thread."""
        self.adopt(updated_data(self._editable(), order, changed))

    @property
    def changeable(self) -> bool:
        """Whether briefings can be replaced, added and removed (made from parts or a
        stored index, not from briefings in this process)."""
        return not self._data.items

    @property
    def data(self) -> IndexData:
        """The columns of the index (``data.py``); never change them in place."""
        return self._data

    def adopt(self, data: IndexData) -> None:
        """Be the index of the columns ``data`` (``updated_data``, done in another thread:
        the slow part of a change); every cached answer is forgotten. Same thread rule as
        :meth:`replace`."""
        self._editable()
        self._use(data)

    # --- entries ----------------------------------------------------------------------

    def briefing(self, briefing_id: str) -> Briefing:
        """The indexed briefing ``briefing_id`` (decoded from the library if need be)."""
        return self._briefing(briefing_id)

    def _briefing(self, briefing_id: str) -> Briefing:
        briefing = self._load(briefing_id)
        if briefing is None:
            raise LookupError(f"briefing {briefing_id!r} is indexed but cannot be loaded")
        return briefing

    def entry(self, number: int) -> Entry:
        """The entry numbered ``number`` (0 <= number < size)."""
        span = self._data.spans[_span_index(self._starts, number)]
        return Entry(self._briefing(span.briefing_id), KINDS[self._data.kinds[number]],
                     self.item(number))  # fmt: skip

    def item(self, number: int) -> SearchItem:
        """The item of entry ``number``."""
        if self._data.items:
            return self._data.items[number]
        span = self._data.spans[_span_index(self._starts, number)]
        kind = KINDS[self._data.kinds[number]]
        briefing = self._briefing(span.briefing_id)
        if kind == "briefing":
            return briefing
        items: tuple[SearchItem, ...] = getattr(briefing, COLLECTION[kind])
        return items[number - span.kinds[kind][0]]

    def locate(self, numbers: Iterable[int]) -> Iterator[tuple[str, Kind, int]]:
        """Where each entry of ``numbers`` is: its briefing's id, its kind, and its
        position in the briefing's list of that kind (0 for the briefing itself); no
        briefing is decoded."""
        spans, starts, kinds = self._data.spans, self._starts, self._data.kinds
        for number in numbers:
            span = spans[_span_index(starts, number)]
            kind = KINDS[kinds[number]]
            yield span.briefing_id, kind, number - span.kinds[kind][0]

    def entries(self, numbers: Iterable[int]) -> list[Entry]:
        """The entries numbered ``numbers``, in that order."""
        return [self.entry(number) for number in numbers]

    def span(self, briefing_id: str, kind: Kind | None = None) -> range:
        """Entry numbers of one briefing, or of its items of ``kind`` (empty if none)."""
        span = self._spans.get(briefing_id)
        if span is None:
            return range(0)
        if kind is None:
            return range(span.start, span.stop)
        return range(*span.kinds.get(kind, (0, 0)))

    @property
    def briefings(self) -> Iterator[Briefing]:
        """The indexed briefings, in index order (each decoded when reached)."""
        return (self._briefing(briefing_id) for briefing_id in self.briefing_ids)

    def across(self, shape: type[Shape]) -> Iterator[tuple[str, Shape]]:
        """Per indexed briefing, in index order, its id and its across-library facts
        (``across_data.py``: entities, incident dates, external ids) as ``shape`` reads
        them, read from the index's columns: no briefing is decoded, and the facts only
        one briefing at a time (the index keeps them encoded)."""
        if not self.across_fit():
            return  # facts that do not fit their briefings are never read
        spans, parts = self._data.spans, self._data.across
        for span, encoded in zip(spans, parts, strict=True):
            yield span.briefing_id, decode_across(encoded, shape)

    def across_fit(self) -> bool:
        """Whether the across facts fit their briefings: checked by ``across_check``
        when first asked (then never again); when they do not, :meth:`across` reads none
        (the index's owner then makes the index again from the parts)."""
        check = self.across_check
        if check is not None:
            self._across_damaged = not check(self._data)
            self.across_check = None
        return not self._across_damaged

    def finish_reading(self) -> bool:
        """Run ``left_to_read`` if it is set (once, from any thread: another waits for
        it); whether what it read fits (else it left the words empty and the posted
        numbers out: never read)."""
        with self._reading:
            finish = self.left_to_read
            if finish is not None:
                self._reading_damaged = not finish(self._data)
                self._words = WordEntries(self._data.texts)
                self.left_to_read = None
        return not self._reading_damaged

    def severity_codes(self) -> bytes:
        """One byte per entry, its severity's rank + 1 (0: none; ``SEVERITY_LEVELS``)."""
        return self._column("severity")

    @property
    def briefing_ids(self) -> list[str]:
        """The ids of the indexed briefings, in index order."""
        return [span.briefing_id for span in self._data.spans]

    def kind_bits(self, kind: Kind) -> int:
        """The set of entries of ``kind``."""
        return self._kind_bits[kind]

    def total(self, kind: Kind | None = None, briefing_id: str | None = None) -> int:
        """How many entries there are (of ``kind``, in ``briefing_id``): "12 of TOTAL"."""
        return SearchResult(self, All(), self.everything).count(kind, briefing_id)

    # --- evaluation ---------------------------------------------------------------------

    def search(self, query: str | Node) -> SearchResult:
        """The entries matching ``query``; raises ``QueryError`` when it is malformed."""
        node = parse_query(query) if isinstance(query, str) else query
        return SearchResult(self, node, self.evaluate(node))

    def evaluate(self, node: Node, within: int | None = None) -> int:
        """The set of entries matching ``node``.

        With ``within``, the answer need only be right inside ``within`` (callers AND
        it): ``a b`` looks for the words of ``b`` only among the entries matching ``a``.
        """
        if self.left_to_read is not None and not isinstance(node, All):
            self.finish_reading()  # the words and the posted numbers, before any is read
        cache = self._cache
        found = cache.get(node)
        if found is not None:
            cache.move_to_end(node)
            return found
        small = within is not None and within.bit_count() * NARROW_BELOW < self.size
        if (small and has_words(node)) or has_state(node):  # answers not to keep
            return self._evaluate(node, within)
        bits = self._evaluate(node, None)
        cache[node] = bits
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
        return bits

    def _evaluate(self, node: Node, within: int | None) -> int:
        match node:
            case All():
                return self.everything
            case Text(value=value):
                return self._text(value, within)
            case Field(name=name, value=value):
                return self._field(name, value)
            case Compare(op=op, value=value):
                wanted = {rank + 1 for rank, _ in enumerate(SEVERITY_LEVELS)
                          if _RANKS[op](rank, SEVERITY_LEVELS.index(value))}  # fmt: skip
                return self._codes_bits(self._column("severity"), wanted)
            case Has(what=what):
                return self._codes_bits(self._column(f"has:{what}"), {1})
            case State():
                return self.state_bits(node) & self.everything if self.state_bits else 0
            case DateRange():
                return self._date_column().overlapping(*range_keys(node))
            case PeriodRow(period=period, row=row):
                return self.timeline().entries_in(period, row)
            case Not(item=item):
                scope = self.everything if within is None else within
                return scope & ~self.evaluate(item, within)
            case And(items=items):
                bits = self.everything if within is None else within
                for item in sorted(items, key=_cheap_first):
                    bits &= self.evaluate(item, bits)
                    if not bits:
                        break
                return bits
            case Or(items=items):
                bits = 0
                for item in items:
                    bits |= self.evaluate(item, within)
                return bits
            case _:
                assert_never(node)

    def _text(self, value: str, within: int | None) -> int:
        """Entries whose own words, or a name they refer to, contain ``value``."""
        return self._words.matching(value, within) | self._names(value, _TEXT_NAMES)

    def _names(self, value: str, fields: tuple[str, ...]) -> int:
        """Entries referring, in one of ``fields``, to a name containing ``value``."""
        key = (value, fields)
        bits = self._name_cache.get(key)
        if bits is not None:
            return bits
        data = self._data
        hits = [self._name_numbers(value, field, encode(value)) for field in fields]
        same = {earlier for _, earlier in hits}
        if len(same) == 1 and (earlier := same.pop()) is not None:
            bits = self._name_cache.get((earlier, fields))  # the same names: the same entries
            if bits is not None:
                self._name_cache[key] = bits
                return bits
        found: dict[int, int] = {}  # briefing ordinal -> its entries
        for field, (numbers, _) in zip(fields, hits, strict=True):
            for ordinal, mask in data.names[field].entries(numbers).items():
                found[ordinal] = found.get(ordinal, 0) | mask
        flags = bytearray(self.size) if found else bytearray()
        for ordinal, mask in found.items():
            span = data.spans[ordinal]
            width = span.stop - span.start
            flags[span.start : span.stop] = flags_of(mask & ((1 << width) - 1), width)
        bits = self._name_cache[key] = bits_from_flags(flags)
        if len(self._name_cache) > CACHE_SIZE:
            del self._name_cache[next(iter(self._name_cache))]
        return bits

    def _name_numbers(self, value: str, field: str, word: bytes) -> tuple[array[int], str | None]:
        """The names of ``field`` (numbers in its column) that contain ``value``; only
        among those of a remembered word inside ``value`` when there is one (typing),
        which comes second when it has the very same names (else None). A remembered
        word of few names keeps each name's rest from where it first occurs
        (``TextColumn.rests``): a word typed on is looked for in those alone."""
        remembered = self._name_hits
        names = self._data.names[field].names
        within: _NameHits | None = None
        source: str | None = None
        for (earlier, where), hits in remembered.items():
            if where == field and earlier in value:
                if within is None or len(hits.numbers) <= len(within.numbers):
                    within, source = hits, earlier  # of equal ones the newest (rests)
        rests: list[bytes] | None = None
        if within is None:
            flags = names.containing(word)
            numbers = array("i", compress(range(len(flags)), flags) if flags.count(1) else ())
        elif within.rests is not None and source is not None and value.startswith(source):
            numbers, rests = rests_holding(within.numbers, within.rests, word)
        else:
            numbers = array("i", names.containing_among(word, within.numbers))
        if rests is None and len(numbers) <= NAME_RESTS_BELOW:
            rests = names.rests(word, numbers)
        remembered[(value, field)] = _NameHits(numbers, rests)
        if len(remembered) > NAME_HITS:
            del remembered[next(iter(remembered))]
        same = within is not None and len(numbers) == len(within.numbers)
        return numbers, (source if same else None)

    def _field(self, name: str, value: str) -> int:
        data = self._data
        if name in _EXACT_FIELDS:
            return bits_from_indices(data.posted[name].get(value, ()), self.size)
        if name in _NAME_FIELDS:
            return self._names(value, _NAME_FIELDS[name])
        if name in _BRIEFING_EXACT:
            return self._briefing_bits(data.briefing_keys[name].get(value, ()))
        if name == "xid":
            from .xid import xid_bits

            return xid_bits(self, value)
        if name == "briefing":
            ordinals = [o for key, found in data.briefing_keys[name].items() if value in key
                        for o in found]  # fmt: skip
            return self._briefing_bits(ordinals)
        code = VOCABULARY[name].get(value)  # type, determination, verification, kind
        return self._codes_bits(self._column(name), {code}) if code else 0

    def _briefing_bits(self, ordinals: Iterable[int]) -> int:
        flags = bytearray(self.size)
        for ordinal in set(ordinals):
            span = self._data.spans[ordinal]
            flags[span.start : span.stop] = b"\x01" * (span.stop - span.start)
        return bits_from_flags(flags)

    def _column(self, name: str) -> bytes:
        """One byte per entry: a single-valued field's codes, or a ``has:`` flag."""
        column = self._columns.get(name)
        if column is None:
            if name.startswith("has:"):
                offset = [f"has:{what}" for what in HAS_FIELDS].index(name)
                column = bytes(self._data.has[offset :: len(HAS_FIELDS)])
            else:
                offset = ENUM_FIELDS.index(name)
                column = bytes(self._data.codes[offset :: len(ENUM_FIELDS)])
            self._columns[name] = column
        return column

    def _codes_bits(self, column: bytes | bytearray, codes: set[int]) -> int:
        """The entries whose byte in ``column`` is one of ``codes``."""
        table = bytes(1 if code in codes else 0 for code in range(256))
        return bits_from_flags(column.translate(table))

    def timeline(self) -> Timeline:
        """The incidents by period (``timeline.py``), made when first asked for: the
        Timeline view's counts and ``timeline:`` terms come from the same rows."""
        timeline = self._timeline
        if timeline is None:
            from .timeline import Timeline

            timeline = self._timeline = Timeline(self)
        return timeline

    def _date_column(self) -> DateColumn:
        if self._dates is None:
            self._dates = DateColumn(self._data.dates, self.size)
        return self._dates

    def clear_cache(self) -> None:
        """Forget the results of earlier queries (they stay right: this only frees memory)."""
        self._cache.clear()
        self._name_cache.clear()
        self._name_hits.clear()
        self._words.clear()

    def warm(self) -> None:
        """Do now the work otherwise done by the first date or field query."""
        self._date_column().warm()
        for name in (*ENUM_FIELDS, *(f"has:{what}" for what in HAS_FIELDS)):
            self._column(name)


def updated_data(
    data: IndexData, order: Iterable[str], changed: Mapping[str, Briefing | IndexPart]
) -> IndexData:
    """The columns of the briefings ``order`` names, in that order: each ``changed`` one
    from its new part (a briefing is indexed), every other copied from ``data`` (a
    briefing in neither is left out)."""
    parts = {briefing_id: _as_part(new) for briefing_id, new in changed.items()}
    return splice(data, order, parts)


def _as_part(briefing: Briefing | IndexPart) -> IndexPart:
    return briefing if isinstance(briefing, IndexPart) else part_of(briefing)


def _cheap_first(node: Node) -> int:
    """Evaluate cheap, selective nodes of an ``And`` first: words scan every text."""
    return 1 if isinstance(node, Text) else 2 if isinstance(node, (And, Or, Not)) else 0


def has_words(node: Node) -> bool:
    """Whether ``node`` has words or phrases (negated or not)."""
    if isinstance(node, Text):
        return True
    if isinstance(node, Not):
        return has_words(node.item)
    return isinstance(node, (And, Or)) and any(has_words(item) for item in node.items)


def has_state(node: Node) -> bool:
    """Whether ``node`` has a reading-state term (``is:unread``, ``flag:a``)."""
    if isinstance(node, State):
        return True
    if isinstance(node, Not):
        return has_state(node.item)
    return isinstance(node, (And, Or)) and any(has_state(item) for item in node.items)


def _span_index(starts: list[int], number: int) -> int:
    return bisect_right(starts, number) - 1
