"""What the reader remembers about one briefing: ids, content hashes, times; no text.

A :class:`BriefingRecord` is both an *event* (one thing the reader did: opened a
briefing, showed an item's detail, set a flag) and the *state* folded from events:
:func:`apply` lays a newer record over an older one, so the state file is just a log
of records and compacting it is folding it. :func:`merge` joins the states of two
machines (``briefing state merge``): the later action wins, and an item read on
either machine at the same content stays read.

Content hashes are 62-bit BLAKE2b digests of an object's canonical msgpack encoding:
an edited item (or briefing) hashes differently, the same content always the same.
An item's entry keeps two flag bits in the low bits of its hash:

* ``READ``: its detail was shown at that content;
* ``CHANGED``: it was added or edited since the briefing was opened before; cleared
  when it is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from ..format.types import Briefing, Incident, Quote

__all__ = [
    "CHANGED",
    "READ",
    "BriefingRecord",
    "Changes",
    "apply",
    "content_hash",
    "encoded_hash",
    "item_hashes",
    "merge",
    "opened",
    "read_items",
]

READ = 1
"""Low bit of an item entry: its detail was shown at this content."""
CHANGED = 2
"""Second bit: added or edited since the briefing was last opened, and not read since."""
_FLAGS = READ | CHANGED


def _enc_hook(value: object) -> object:
    return str(value)  # a PartialDate as written


_encoder = msgspec.msgpack.Encoder(enc_hook=_enc_hook)


def content_hash(value: Briefing | Incident | Quote) -> int:
    """A 62-bit hash of ``value``'s content, its two low bits clear (for the flags)."""
    try:
        data = _encoder.encode(value)
    except (TypeError, ValueError, OverflowError):  # an integer beyond 64 bits in extensions
        data = repr(value).encode("utf-8", "surrogatepass")
    return encoded_hash(data)


def encoded_hash(encoded: bytes) -> int:
    """``content_hash`` of a value from its msgpack encoding (dates as written), as the
    parse cache's codec makes it: no second encoding."""
    digest = hashlib.blake2b(encoded, digest_size=8).digest()
    return int.from_bytes(digest, "big") & ~_FLAGS & (2**62 - 1)


def item_hashes(briefing: Briefing) -> dict[str, int]:
    """The content hash of each incident and quote of ``briefing``, by id."""
    found: dict[str, int] = {}
    items: tuple[Incident | Quote, ...] = (*briefing.incidents, *briefing.quotes)
    for item in items:
        found.setdefault(item.id, content_hash(item))
    return found


class BriefingRecord(msgspec.Struct, array_like=True, omit_defaults=True, gc=False):
    """One briefing's reading state, or one event changing it (times in ns since 1970)."""

    id: str
    read_at: int = 0
    """When it was last opened (or marked read)."""
    unread_at: int = 0
    """When it was last marked unread: it is read when ``read_at > unread_at``."""
    hash: int = 0
    """Its content hash when last opened."""
    items: dict[str, int] = msgspec.field(default_factory=dict)
    """Incident and quote ids -> content hash | READ | CHANGED."""
    items_at: int = 0
    full: bool = False
    """``items`` lists every item at ``items_at`` (an open): items not in it are gone."""
    flags: dict[str, str] = msgspec.field(default_factory=dict)
    """Item id (``""``: the briefing) -> its flag letters (``""``: cleared)."""
    flags_at: int = 0

    @property
    def is_read(self) -> bool:
        return self.read_at > self.unread_at

    def is_updated(self, current_hash: int) -> bool:
        """Read, and its content changed since."""
        return self.is_read and self.hash != current_hash

    def item_read(self, item_id: str, current_hash: int) -> bool:
        """Whether the item's detail was shown at its current content."""
        return self.items.get(item_id, 0) == current_hash | READ

    def item_changed(self, item_id: str, current_hash: int) -> bool:
        """Added or edited since the briefing was opened before, and not read since."""
        entry = self.items.get(item_id, 0)
        return entry & CHANGED != 0 and entry & ~_FLAGS == current_hash

    def flags_of(self, item_id: str = "") -> str:
        return self.flags.get(item_id, "")


def apply(older: BriefingRecord | None, newer: BriefingRecord) -> BriefingRecord:
    """``newer`` (a later event of the same briefing) laid over ``older``."""
    if older is None:
        return newer
    last = newer if newer.read_at >= older.read_at else older
    if newer.items_at >= older.items_at:
        items = dict(newer.items) if newer.full else {**older.items, **newer.items}
        full = newer.full or older.full
    else:
        items, full = {**newer.items, **older.items}, older.full
    flags = (
        {**older.flags, **newer.flags}
        if newer.flags_at >= older.flags_at
        else {**newer.flags, **older.flags}
    )
    return BriefingRecord(
        id=older.id,
        read_at=last.read_at,
        unread_at=max(older.unread_at, newer.unread_at),
        hash=last.hash,
        items=items,
        items_at=max(older.items_at, newer.items_at),
        full=full,
        flags=flags,
        flags_at=max(older.flags_at, newer.flags_at),
    )


def merge(mine: BriefingRecord | None, other: BriefingRecord) -> BriefingRecord:
    """The state of one briefing kept on two machines: the later action wins, reads join.

    Unlike :func:`apply`, no item is dropped because the later open did not list it
    (the other machine may not have seen the newer file yet), and an item read on
    either machine at the same content stays read.
    """
    if mine is None:
        return other
    joined = apply(mine, other) if other.items_at >= mine.items_at else apply(other, mine)
    items = (
        {**mine.items, **other.items}
        if other.items_at >= mine.items_at
        else {
            **other.items,
            **mine.items,
        }
    )
    for item_id, entry in items.items():
        for side in (mine.items.get(item_id), other.items.get(item_id)):
            if side is not None and side & ~_FLAGS == entry & ~_FLAGS and side & READ:
                entry = (entry | READ) & ~CHANGED
        items[item_id] = entry
    joined.items = items
    return joined


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed in a briefing since it was last opened."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.edited)

    def describe(self, kinds: dict[str, str]) -> str:
        """``2 incidents added, 1 changed`` (``kinds``: item id -> incident/quote)."""
        parts: list[str] = []
        for verb, ids in (("added", self.added), ("removed", self.removed)):
            for kind in ("incident", "quote"):
                count = sum(1 for item in ids if kinds.get(item, _kind_of(item)) == kind)
                if count:
                    parts.append(f"{count} {kind}{'' if count == 1 else 's'} {verb}")
        if self.edited:
            parts.append(f"{len(self.edited)} changed")
        return ", ".join(parts)


def _kind_of(item_id: str) -> str:
    return "quote" if item_id.startswith("q-") else "incident"


def opened(
    previous: BriefingRecord | None, briefing_id: str, briefing_hash: int,
    current: dict[str, int], now: int,
) -> tuple[BriefingRecord, Changes]:  # fmt: skip
    """The event of opening a briefing whose items hash to ``current``, and what changed.

    Nothing changed on a first open. Items added or edited since the last open are
    marked CHANGED until read; items still the same keep their READ bit.
    """
    before = previous.items if previous is not None else {}
    first_open = previous is None or not previous.read_at
    items: dict[str, int] = {}
    added: list[str] = []
    edited: list[str] = []
    for item_id, item_hash in current.items():
        entry = before.get(item_id)
        if entry is not None and entry & ~_FLAGS == item_hash:
            items[item_id] = entry
        elif first_open:
            items[item_id] = item_hash
        else:
            items[item_id] = item_hash | CHANGED
            (added if entry is None else edited).append(item_id)
    removed = () if first_open else tuple(i for i in before if i not in current)
    event = BriefingRecord(
        briefing_id, read_at=now, hash=briefing_hash, items=items, items_at=now, full=True
    )
    return event, Changes(tuple(added), removed, tuple(edited))


def read_items(briefing_id: str, hashes: Iterable[tuple[str, int]], now: int) -> BriefingRecord:
    """The event of showing the details of items (id, content hash)."""
    items = {item_id: item_hash | READ for item_id, item_hash in hashes}
    return BriefingRecord(briefing_id, items=items, items_at=now)
