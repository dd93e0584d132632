"""The entries of a search index in a reading state: ``is:unread``, ``flag:a``...

Kept apart from the index (which knows nothing of the state): :class:`StateBits` is
installed as the index's ``state_bits`` and computes, per term, a bitset over the
index's entries from the :class:`~.reading.Reading`, cached until the state changes.

* a briefing entry: the briefing is unread / read / updated (read, then its content
  changed) / flagged;
* an incident or quote: its detail was not / was shown at its current content;
  ``is:updated``: it was added or edited since the briefing was last opened and not
  read since; flagged: the item's own flags;
* a source or an entity has no state of its own: it follows its briefing.
"""

from __future__ import annotations

from ..search.bitset import bits_from_flags
from ..search.index import Kind, SearchIndex
from ..search.query import State
from .reading import Reading
from .records import BriefingRecord

__all__ = ["StateBits", "attach"]

_OWN_STATE: tuple[Kind, ...] = ("incident", "quote")


class StateBits:
    """``state_bits`` for one index and one reading state."""

    def __init__(self, index: SearchIndex, reading: Reading) -> None:
        self.index = index
        self.reading = reading
        self._cache: dict[State, int] = {}
        self._version = reading.version

    def __call__(self, term: State) -> int:
        if self._version != self.reading.version:
            self._cache.clear()
            self._version = self.reading.version
        bits = self._cache.get(term)
        if bits is None:
            bits = self._cache[term] = self._compute(term)
        return bits

    def _compute(self, term: State) -> int:
        """The entries in state ``term``: a briefing never read has no record, and is
        answered from its span alone; only briefings with a record are decoded (for the
        hashes of their content), so the cost follows what was read, not the library."""
        index, reading = self.index, self.reading
        flags = bytearray(index.size)
        for briefing_id in index.briefing_ids:
            span = index.span(briefing_id)
            record = reading.record_of(briefing_id)
            if record is None:
                if term.what == "unread":  # the briefing and every item in it
                    flags[span.start : span.stop] = b"\x01" * len(span)
                continue
            if term.what == "flagged":
                hashes = None
            else:
                hashes = reading.hashes(index.briefing(briefing_id))
            own = _briefing_matches(term, record, hashes.hash if hashes else 0)
            if own:
                flags[span.start : span.stop] = b"\x01" * len(span)
            for kind in _OWN_STATE:
                for number in index.span(briefing_id, kind):
                    item_id = index.item(number).id
                    flags[number] = _item_matches(
                        term, record, item_id, hashes.items.get(item_id, 0) if hashes else 0
                    )
        return bits_from_flags(flags)


def _briefing_matches(term: State, record: BriefingRecord | None, briefing_hash: int) -> bool:
    if term.what == "unread":
        return record is None or not record.is_read
    if record is None:
        return False
    if term.what == "read":
        return record.is_read
    if term.what == "updated":
        return record.is_updated(briefing_hash)
    return _flagged(record.flags_of(), term.letters)


def _item_matches(term: State, record: BriefingRecord | None, item_id: str, item_hash: int) -> bool:
    if term.what == "unread":
        return record is None or not record.item_read(item_id, item_hash)
    if record is None:
        return False
    if term.what == "read":
        return record.item_read(item_id, item_hash)
    if term.what == "updated":
        return record.item_changed(item_id, item_hash)
    return _flagged(record.flags_of(item_id), term.letters)


def _flagged(flags: str, letters: str) -> bool:
    return bool(flags) and all(letter in flags for letter in letters)


def attach(index: SearchIndex, reading: Reading) -> StateBits:
    """Install the reading state's bits on ``index``; returns them."""
    bits = StateBits(index, reading)
    index.state_bits = bits
    return bits
