"""What evaluating one query reads of an index: the columns ``briefing search`` reads.

A fresh ``briefing search`` answers one query: it reads only the columns its terms look
in, from the index the reader keeps (``kept_columns.py``) or from the parts
(``chunked.py``), every other column left empty. :func:`needs_of` says which, as
``SearchIndex`` evaluates each term: a word looks in the items' words and the ``named``
table; ``actor:`` and the other name fields in their table; ``tag:``, ``category:``,
``role:`` in their postings; dates in the date column; ``xid:`` and ``timeline:`` in the
across facts (None: the whole index then). Every other term reads the small columns
(kinds, codes, ``has:`` flags, briefing-wide fields), always there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .data import NAME_FIELDS, POSTED_FIELDS
from .query import And, DateRange, Field, Node, Not, Or, PeriodRow, Text

__all__ = ["Needs", "needs_of"]


@dataclass(frozen=True)
class Needs:
    """The columns a query reads beside the small ones in the file's head."""

    words: frozenset[str] = frozenset()
    """Its words and phrases (folded): the items' words are read when there is one."""
    names: frozenset[str] = frozenset()
    """The name tables (``TABLE_FIELDS``) it looks in."""
    posted: frozenset[str] = frozenset()
    """The postings (``POSTED_FIELDS``) it looks up."""
    dates: bool = False


@dataclass
class _Found:
    words: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    posted: set[str] = field(default_factory=set)
    dates: bool = False


def needs_of(node: Node) -> Needs | None:
    """What evaluating ``node`` reads (as ``SearchIndex`` evaluates it); None when it
    reads the across facts (``xid:``, ``timeline:``): read the whole index then."""
    found = _Found()
    if not _gather(node, found):
        return None
    return Needs(frozenset(found.words), frozenset(found.names), frozenset(found.posted),
                 found.dates)  # fmt: skip


def _gather(node: Node, found: _Found) -> bool:
    match node:
        case Text(value=value):
            found.words.add(value)
            found.names.add("named")
        case Field(name=name):
            if name == "xid":
                return False
            if name in POSTED_FIELDS:
                found.posted.add(name)
            elif name in NAME_FIELDS:
                found.names.add(name)
        case DateRange():
            found.dates = True
        case PeriodRow():
            return False
        case Not(item=item):
            return _gather(item, found)
        case And(items=items) | Or(items=items):
            return all([_gather(item, found) for item in items])
        case _:  # All, Compare, Has, State: the head's columns (or none)
            pass
    return True
