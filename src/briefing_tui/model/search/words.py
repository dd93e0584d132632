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
on the scope given when that is small. The answers are those of testing every entry (a
property test checks it).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import compress, repeat
from operator import contains
from typing import NamedTuple

from .bitset import bits_from_flags, bits_from_indices, indices_of

__all__ = ["KEPT_NUMBERS", "NARROW_BELOW", "WordEntries"]

KEPT_NUMBERS = 1 << 22
"""Entry numbers the kept answers may hold in all (4 bytes each: 16 MB at most); the
oldest answers are forgotten first, the newest is always kept."""
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
        candidates = source.numbers
        found = bytes(map(contains, map(self._texts.__getitem__, candidates), repeat(word)))
        if found.count(1) == len(candidates):
            return source._replace(word=word)
        numbers = array("i", compress(candidates, found))
        return _Answer(word, source.scope, numbers, bits_from_indices(numbers, self._size))

    def _narrowest(self, word: str, within: int | None) -> _Answer | None:
        """The kept answer with the fewest entries of a word inside ``word`` whose scope
        covers ``within``'s."""
        best: _Answer | None = None
        for kept in self._kept:
            if kept.word not in word:
                continue
            if best is not None and len(kept.numbers) >= len(best.numbers):
                continue
            scope = kept.scope
            if scope is None or (within is not None and (within is scope or not within & ~scope)):
                best = kept
        return best

    def _keep(self, answer: _Answer) -> None:
        kept = self._kept
        kept[:] = [old for old in kept if (old.word, old.scope) != (answer.word, answer.scope)]
        kept.append(answer)
        total = sum(len(old.numbers) for old in kept)
        while total > KEPT_NUMBERS and len(kept) > 1:
            total -= len(kept.pop(0).numbers)
