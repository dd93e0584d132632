"""The entries whose own words hold a word typed: a cost that grows with the answer.

A :class:`~.index.SearchIndex` looks for a query's words in each entry's folded words
(``IndexData.texts``, a ``str`` per entry) and in the names the entry refers to (not
here: ``columns.py``). Typing a word asks for ``p``, ``pr``, ``pro``...: every answer is
inside the answer of a word inside it. So :class:`WordEntries` keeps the last answers
as arrays of entry numbers (4 bytes an entry, not a Python int), each with the *scope*
it is exact in (every entry, or the entries left by the other terms of an ``And``: ``a
b`` looks for ``b`` only among the matches of ``a``), and tests a word only on the
entries of the smallest kept answer of a word inside it whose scope covers the one
asked for. Only a word without such an answer (the first letter typed) is tested on every entry, or
on the scope given when that is small.

Testing an entry costs mostly reaching its text (1.4 million ``str`` objects spread over
memory), not the search in it. So an answer made by narrowing, of a word of
``WINDOWED_WORD`` letters or more and at most ``WINDOWED_BELOW`` entries, keeps per entry
where its word first occurs and the ``WINDOW`` characters from there, side by side: a
word typed on (``prote`` after ``prot``) first occurs where the shorter one does when its
window starts with it, which is tested on the windows alone; only the other entries'
texts are searched, after that place. The answers are those of testing every entry (a
property test checks it).
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import contains, getitem, not_
from typing import NamedTuple

from .bitset import bits_from_flags, bits_from_indices, indices_of

__all__ = ["KEPT_NUMBERS", "NARROW_BELOW", "WINDOW", "WordEntries"]

_FOUND = (-1).__lt__  # str.find's answer -> whether found

KEPT_NUMBERS = 1 << 22
"""Entry numbers and places the kept answers may hold in all (4 bytes each), a window
counted as WINDOW_WEIGHT of them (16 MB or so at most); the oldest answers are forgotten
first, the newest is always kept."""
WINDOW = 24
"""Characters of an entry's text kept from where the word first occurs (see above)."""
WINDOW_WEIGHT = 24
"""A window's memory, in entry numbers (a small ``str`` object is ~50 bytes and more)."""
WINDOWED_BELOW = 1 << 18
"""An answer of more entries keeps no windows (making them costs a pass over the texts)."""
WINDOWED_WORD = 3
"""The answer of a shorter word keeps no windows: few of its entries hold the word typed
on where they hold it (``t`` then ``th``), so its windows would be made for nothing."""
NARROW_BELOW = 1.5
"""A kept answer or a scope given is tested entry by entry only when it holds under
1/NARROW_BELOW of all entries (else every entry is: at C speed, that is quicker)."""


class _Answer(NamedTuple):
    word: str
    scope: int | None
    """The entries the answer is exact in (None: every entry)."""
    numbers: array[int]
    """The entries of ``scope`` whose own words hold ``word``, ascending."""
    bits: int
    """The same entries as a bitset."""
    places: array[int] | None = None
    """Per entry of ``numbers``, where ``word`` first occurs in its text (None: not kept)."""
    windows: list[str] | None = None
    """Per entry of ``numbers``, its text's ``WINDOW`` characters from its place."""


class WordEntries:
    """The entries of ``texts`` holding a word, with the last answers kept (see the module
    docstring). Not thread-safe, like the index that owns it."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._size = len(texts)
        self._kept: list[_Answer] = []
        """Newest last."""

    def clear(self) -> None:
        """Forget every kept answer (they stay right: this only frees memory)."""
        self._kept.clear()

    def matching(self, word: str, within: int | None = None) -> int:
        """The set (bitset) of entries whose words hold ``word``; with ``within``, exact
        only inside ``within`` (the caller ANDs it)."""
        source = self._narrowest(word, within)
        if source is not None and len(source.numbers) * NARROW_BELOW >= self._size:
            source = None  # most entries: testing them all is quicker
        if within is not None:
            count = within.bit_count()
            small = count * NARROW_BELOW < self._size
            if small and (source is None or count < len(source.numbers)):
                source = _Answer(word, within, array("i", indices_of(within)), within)
        if source is None:  # every entry tested, at C speed
            flags = bytes(map(contains, self._texts, repeat(word)))
            bits = bits_from_flags(flags)
            if flags.count(1) * NARROW_BELOW < self._size:  # else no use for narrowing
                numbers = array("i", compress(range(self._size), flags))
                self._keep(_Answer(word, None, numbers, bits))
            return bits
        answer = self._narrowed(word, source)
        self._keep(answer)
        return answer.bits

    def _narrowed(self, word: str, source: _Answer) -> _Answer:
        """The entries of ``source`` that hold ``word`` (typing a word on, often all)."""
        places, windows = source.places, source.windows
        if places is not None and windows is not None and word.startswith(source.word):
            if len(word) <= WINDOW:
                return self._typed_on(word, source, places, windows)
        return self._searched(word, source)

    def _searched(self, word: str, source: _Answer, starts: array[int] | None = None) -> _Answer:
        """The entries of ``source`` holding ``word``, each text searched (from ``starts``,
        where given: none of them holds ``word`` before)."""
        candidates, texts = source.numbers, map(self._texts.__getitem__, source.numbers)
        if starts is None:
            found = array("i", map(str.find, texts, repeat(word)))
        else:
            found = array("i", map(str.find, texts, repeat(word), starts))
        if -1 in found:
            flags = bytes(map(_FOUND, found))
            numbers = array("i", compress(candidates, flags))
            found = array("i", compress(found, flags))
            bits = bits_from_indices(numbers, self._size)
        else:
            numbers, bits = candidates, source.bits
        return _Answer(word, source.scope, numbers, bits, *self._windows(word, numbers, found))

    def _windows(
        self, word: str, numbers: array[int], places: array[int]
    ) -> tuple[array[int] | None, list[str] | None]:
        """``places`` and the windows of the entries ``numbers`` there, when kept."""
        if len(numbers) > WINDOWED_BELOW or not WINDOWED_WORD <= len(word) < WINDOW:
            return None, None
        return places, self._cut(numbers, places)

    def _cut(self, numbers: Iterable[int], places: Sequence[int]) -> list[str]:
        """The windows of the texts of ``numbers`` at ``places``."""
        ends = map(WINDOW.__add__, places)
        return list(map(getitem, map(self._texts.__getitem__, numbers), map(slice, places, ends)))

    def _typed_on(
        self, word: str, source: _Answer, places: array[int], windows: list[str]
    ) -> _Answer:
        """The entries of ``source`` holding ``word``, which starts with ``source.word``:
        where a window starts with ``word``, it first occurs there; in the other entries
        it can occur only after the place of ``source.word``."""
        starts = bytearray(map(str.startswith, windows, repeat(word)))
        confirmed = starts.count(1)
        if confirmed == len(starts):
            return source._replace(word=word)
        if confirmed * 2 < len(starts):  # most to search: at C speed, from their places
            return self._searched(word, source, places)
        numbers, text = source.numbers, self._texts.__getitem__
        others = list(compress(range(len(starts)), map(not_, starts)))  # positions
        starts_after = map((1).__add__, map(places.__getitem__, others))
        texts = map(text, map(numbers.__getitem__, others))
        later = array("i", map(str.find, texts, repeat(word), starts_after))
        if later and max(later) >= 0:  # found further on in some: their places anew
            found = bytes(map(_FOUND, later))
            moved, placed = list(compress(others, found)), array("i", compress(later, found))
            places, windows = array("i", places), list(windows)
            deque(map(starts.__setitem__, moved, repeat(1)), maxlen=0)
            deque(map(places.__setitem__, moved, placed), maxlen=0)
            deque(
                map(windows.__setitem__, moved, self._cut(map(numbers.__getitem__, moved), placed)),
                maxlen=0,
            )
        kept = array("i", compress(numbers, starts))
        bits = bits_from_indices(kept, self._size)
        places, windows = array("i", compress(places, starts)), list(compress(windows, starts))
        return _Answer(word, source.scope, kept, bits, places, windows)

    def _narrowest(self, word: str, within: int | None) -> _Answer | None:
        """The kept answer with the fewest entries of a word inside ``word`` whose scope
        covers ``within``'s; of equal ones the newest (the longest word typed, which may
        keep its windows where a shorter one with the same entries does not)."""
        best: _Answer | None = None
        for kept in self._kept:
            if kept.word not in word:
                continue
            if best is not None and len(kept.numbers) > len(best.numbers):
                continue
            scope = kept.scope
            if scope is None or (within is not None and (within is scope or not within & ~scope)):
                best = kept
        return best

    def _keep(self, answer: _Answer) -> None:
        kept = self._kept
        kept[:] = [old for old in kept if (old.word, old.scope) != (answer.word, answer.scope)]
        kept.append(answer)
        while _held(kept) > KEPT_NUMBERS and len(kept) > 1:
            kept.pop(0)


def _held(answers: list[_Answer]) -> int:
    """The numbers kept answers hold (a window counted as ``WINDOW_WEIGHT``), each array
    or list counted once however many answers share it (``prote`` after ``prot``)."""
    seen: set[int] = set()
    total = 0
    for answer in answers:
        for part, weight in (
            (answer.numbers, 1),
            (answer.places, 1),
            (answer.windows, WINDOW_WEIGHT),
        ):
            if part is not None and id(part) not in seen:
                seen.add(id(part))
                total += len(part) * weight
    return total
