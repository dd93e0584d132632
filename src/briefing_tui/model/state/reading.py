"""The reading state as the reader asks about it: per briefing, per item, with its rules.

:class:`Reading` wraps a :class:`~.store.ReadingState` (kept on disk, or in memory in
secure mode) and answers "is it unread?", "updated?", "what changed?", and records
opens, item reads, flags. A briefing marked above the :class:`RecordPolicy` (default:
above TLP:AMBER+STRICT, or a banner that matches no level) is never recorded: its
state lives in memory for this session only, because the record itself would show
what restricted material someone read.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal, TypeAlias

from ..format.types import TLP_ORDER, Briefing, Handling, Incident, Quote
from ..marking import DEFAULT_LEVELS, parse_banner
from .records import (
    CHANGED,
    READ,
    BriefingRecord,
    Changes,
    content_hash,
    item_hashes,
    opened,
    read_items,
)
from .store import ReadingState

__all__ = ["BriefingHashes", "BriefingState", "ItemState", "Reading", "RecordPolicy"]

BriefingState: TypeAlias = Literal["unread", "updated", "read"]
"""A briefing: never opened (or marked unread), changed since it was read, or read."""
ItemState: TypeAlias = Literal["unread", "new", "read", ""]
"""An incident or quote: not read, added or changed since its briefing was last read
(and not read since), or read; ``""`` for anything else (no state of its own)."""


@dataclass(frozen=True, slots=True)
class RecordPolicy:
    """Which briefings may have a record on disk."""

    max_tlp: str = "amber+strict"
    max_classification: str | None = None
    """The highest classification level recorded; None: every recognised level."""
    levels: Sequence[str] = DEFAULT_LEVELS

    def allows(self, handling: Handling) -> bool:
        if handling.tlp_rank > TLP_ORDER.index(self.max_tlp):
            return False
        if handling.banner is None or not handling.banner.strip(" "):
            return True
        parsed = parse_banner(handling.banner, self.levels)
        if not parsed.recognised:
            return False
        if self.max_classification is None:
            return True
        return parsed.rank <= parse_banner(self.max_classification, self.levels).rank


@dataclass(frozen=True, slots=True)
class BriefingHashes:
    """The content hashes of one loaded briefing (computed once per loaded object)."""

    briefing: Briefing
    hash: int
    items: dict[str, int]


_ReadEntries: TypeAlias = tuple[
    BriefingHashes, Sequence[Incident | Quote], tuple[str, ...], tuple[int, ...]
]
"""A list's hashes and items, their ids, and the entry each has once read."""


class Reading:
    """The reading state of a session (see the module doc)."""

    def __init__(self, state: ReadingState, policy: RecordPolicy | None = None) -> None:
        self.state = state
        self.policy = policy or RecordPolicy()
        self.memory = ReadingState(state.clock)
        """The state of briefings the policy keeps off the disk."""
        self._hashes: dict[str, BriefingHashes] = {}
        self._entries: dict[tuple[str, int], _ReadEntries] = {}
        self.current: dict[str, int] = {}
        """The content hash of each loaded briefing, as far as known (``know_content``,
        and every briefing whose hashes were computed): what ``updated`` compares."""
        self._known = 0

    @property
    def version(self) -> tuple[int, int, int]:
        """Changes whenever any answer may change."""
        return self.state.version, self.memory.version, self._known

    @property
    def kept(self) -> bool:
        """Whether the state outlives this session (``state not kept`` when not)."""
        return self.state.kept

    def hashes(self, briefing: Briefing) -> BriefingHashes:
        known = self._hashes.get(briefing.id)
        if known is None or known.briefing is not briefing:
            known = BriefingHashes(briefing, content_hash(briefing), item_hashes(briefing))
            self._hashes[briefing.id] = known
            if self.current.get(briefing.id) != known.hash:
                self.current[briefing.id] = known.hash
                self._known += 1
        return known

    def know_content(self, hashes: Mapping[str, int]) -> None:
        """The content hashes of loaded briefings (``content_hash``, computed off the
        UI thread): the library can tell which read briefings were updated."""
        self.current.update(hashes)
        self._known += 1

    def content_changed(self, briefing: Briefing) -> Changes:
        """The content of ``briefing`` (its id) is now this one (a file reloaded): its
        hashes are computed afresh; what changed since it was last read (nothing for a
        briefing never opened)."""
        self._hashes.pop(briefing.id, None)
        hashes = self.hashes(briefing)
        record = self.record_of(briefing.id)
        if record is None or not record.read_at:
            return Changes()
        _, changes = opened(record, briefing.id, hashes.hash, hashes.items, 0)
        return changes

    def is_policy_kept(self, briefing: Briefing) -> bool:
        """Whether marks of ``briefing`` may be recorded (False: memory only, always)."""
        return self.policy.allows(briefing.handling)

    def _target(self, briefing: Briefing) -> ReadingState:
        return self.state if self.policy.allows(briefing.handling) else self.memory

    def record_of(self, briefing_id: str) -> BriefingRecord | None:
        return self.memory.get(briefing_id) or self.state.get(briefing_id)

    # --- questions ---------------------------------------------------------------------

    def is_read(self, briefing_id: str) -> bool:
        record = self.record_of(briefing_id)
        return record is not None and record.is_read

    def briefing_state(self, briefing_id: str) -> BriefingState:
        """Unread, updated (its content hash differs from the one read), or read.
        Needs no decoded briefing: an unknown content hash counts as unchanged."""
        record = self.record_of(briefing_id)
        if record is None or not record.is_read:
            return "unread"
        current = self.current.get(briefing_id)
        return "updated" if current is not None and current != record.hash else "read"

    def count_states(self, briefing_ids: Iterable[str]) -> tuple[int, int]:
        """How many of ``briefing_ids`` are unread, and how many updated.

        Given a set (the library's ids) holding more briefings than there are records,
        only the briefings with a record are looked at: one without is unread (a library
        of 20,000 read a few at a time is counted without a walk over every briefing).
        """
        if isinstance(briefing_ids, AbstractSet) and (
            len(self.memory) + len(self.state) < len(briefing_ids)
        ):
            unread, updated = len(briefing_ids), 0
            for briefing_id in {*self.memory.ids(), *self.state.ids()}:
                if briefing_id in briefing_ids:
                    state = self.briefing_state(briefing_id)
                    unread -= state != "unread"
                    updated += state == "updated"
            return unread, updated
        unread = updated = 0
        for briefing_id in briefing_ids:
            state = self.briefing_state(briefing_id)
            unread += state == "unread"
            updated += state == "updated"
        return unread, updated

    def item_state(self, briefing: Briefing, item_id: str) -> ItemState:
        """Read at its content; new (added or edited since the briefing was last
        opened, not read since); or unread."""
        item_hash = self.hashes(briefing).items.get(item_id)
        if item_hash is None:
            return ""
        record = self.record_of(briefing.id)
        if record is None:
            return "unread"
        entry = record.items.get(item_id)
        if entry == item_hash | READ:
            return "read"
        if record.read_at and (entry is None or entry & ~(READ | CHANGED) != item_hash):
            return "new"  # the file changed since the last open
        return "new" if entry is not None and entry & CHANGED else "unread"

    def is_updated(self, briefing: Briefing) -> bool:
        record = self.record_of(briefing.id)
        return record is not None and record.is_updated(self.hashes(briefing).hash)

    def item_read(self, briefing: Briefing, item_id: str) -> bool:
        record = self.record_of(briefing.id)
        item_hash = self.hashes(briefing).items.get(item_id)
        return record is not None and item_hash is not None and record.item_read(item_id, item_hash)

    def item_changed(self, briefing: Briefing, item_id: str) -> bool:
        record = self.record_of(briefing.id)
        item_hash = self.hashes(briefing).items.get(item_id)
        return (
            record is not None and item_hash is not None and record.item_changed(item_id, item_hash)
        )

    def unread_items(self, briefing: Briefing, items: Sequence[Incident | Quote]) -> int:
        """How many of ``items`` (of ``briefing``) were not read at their content (a list
        of 60,000 is counted in a few milliseconds: the pane tabs count at each read)."""
        record = self.record_of(briefing.id)
        if record is None:
            return len(items)
        ids, read = self._read_entries(briefing, items)
        return sum(map(operator.ne, map(record.items.get, ids), read))

    def _read_entries(
        self, briefing: Briefing, items: Sequence[Incident | Quote]
    ) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The ids of ``items`` and the entry each has once read (kept per list)."""
        hashes = self.hashes(briefing)
        key = (briefing.id, id(items))
        known = self._entries.get(key)
        if known is None or known[0] is not hashes or known[1] is not items:
            ids = tuple(item.id for item in items)
            read = tuple(hashes.items.get(item_id, -READ - 1) | READ for item_id in ids)
            known = self._entries[key] = (hashes, items, ids, read)
        return known[2], known[3]

    def flags(self, briefing_id: str, item_id: str = "") -> str:
        record = self.record_of(briefing_id)
        return record.flags_of(item_id) if record is not None else ""

    # --- actions -----------------------------------------------------------------------

    def open(self, briefing: Briefing) -> Changes:
        """Record that ``briefing`` was opened; what changed since it was opened before."""
        target = self._target(briefing)
        hashes = self.hashes(briefing)
        event, changes = opened(
            self.record_of(briefing.id), briefing.id, hashes.hash, hashes.items, target.now()
        )
        target.record(event)
        return changes

    def read_item(self, briefing: Briefing, item_id: str) -> None:
        """Record that an item's detail was shown (nothing if already read)."""
        item_hash = self.hashes(briefing).items.get(item_id)
        if item_hash is None or self.item_read(briefing, item_id):
            return
        target = self._target(briefing)
        target.record(read_items(briefing.id, [(item_id, item_hash)], target.now()))

    def mark_read(self, briefings: Iterable[Briefing]) -> None:
        """Mark briefings and all their items read (kept in one write per state)."""
        events: dict[int, tuple[ReadingState, list[BriefingRecord]]] = {}
        for briefing in briefings:
            target = self._target(briefing)
            hashes = self.hashes(briefing)
            now = target.now()
            previous = self.record_of(briefing.id)
            event, _ = opened(previous, briefing.id, hashes.hash, hashes.items, now)
            read = read_items(briefing.id, hashes.items.items(), now)
            events.setdefault(id(target), (target, []))[1].extend((event, read))
        for target, pending in events.values():
            target.record_all(pending)

    def mark_unread(self, briefing: Briefing, item_id: str = "") -> None:
        """Mark a briefing (or one of its items) unread."""
        target = self._target(briefing)
        now = target.now()
        if item_id:
            item_hash = self.hashes(briefing).items.get(item_id, 0)
            target.record(BriefingRecord(briefing.id, items={item_id: item_hash}, items_at=now))
        else:
            target.record(BriefingRecord(briefing.id, unread_at=now))

    def toggle_read(self, briefing: Briefing, item_id: str = "") -> bool:
        """Flip read/unread of a briefing or item; whether it is read now."""
        if item_id:
            if self.item_read(briefing, item_id):
                self.mark_unread(briefing, item_id)
                return False
            self.read_item(briefing, item_id)
            return True
        if self.is_read(briefing.id):
            self.mark_unread(briefing)
            return False
        self.mark_read([briefing])
        return True

    def set_flags(self, briefing: Briefing, letters: str, item_id: str = "") -> None:
        """Set the flag letters of a briefing or item (``""`` clears them)."""
        cleaned = "".join(sorted({c for c in letters.lower() if "a" <= c <= "z"}))
        target = self._target(briefing)
        target.record(BriefingRecord(briefing.id, flags={item_id: cleaned}, flags_at=target.now()))
