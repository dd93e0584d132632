"""What the library, briefing and results screens share for the reading state.

The keys (each with an id, in help and the README's table under ``reading``):

* ``m`` toggles read/unread of what is highlighted: a briefing in the library, an
  incident or quote in a list (the briefing itself on the summary pane);
* ``M`` marks everything in view read: the briefings listed, or the incidents and
  quotes listed;
* ``u`` goes to the next unread (or updated) thing: the next row, then (in a
  briefing) the other list, then the next unread briefing of the library's list;
* ``!`` then a letter ``a``-``z`` flags what is highlighted with it (the same letter
  again takes it away), like mutt's ``F`` and newsboat's flags (``F`` clears the
  filter here); any other key cancels.

The marks in front of rows (``N`` unread, ``U`` updated, ``!`` flagged) come from
:func:`briefing_mark` and :func:`item_mark`. Every change goes through the session,
which records it (or keeps it in memory only: secure mode, ``--no-state``, and
briefings marked above ``state_max_tlp``) and publishes ``reading_changed``.
"""

from __future__ import annotations

import string
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

from ..model import Briefing
from ..model.state import Reading
from ..session import ReaderSession
from ..widgets.rows import NO_MARK, RowMark
from .searchable import SearchableScreen

__all__ = ["READING_BINDINGS", "ReadingScreen", "briefing_mark", "item_mark"]

READING_BINDINGS: list[BindingType] = [
    Binding(
        "m",
        "toggle_read",
        "Read/unread",
        tooltip="Mark the highlighted briefing or item read, or unread again",
        id="reading.toggle",
        show=False,
    ),
    Binding(
        "M",
        "mark_all_read",
        "All read",
        tooltip="Mark everything listed read",
        id="reading.all_read",
        show=False,
    ),
    Binding(
        "u",
        "next_unread",
        "Next unread",
        tooltip="The next unread or updated item, then the next unread briefing",
        id="reading.next_unread",
        show=False,
    ),
    Binding(
        "exclamation_mark",
        "flag",
        "Flag",
        tooltip="Flag the highlighted briefing or item: then a letter a-z (again: unflag)",
        id="reading.flag",
        show=False,
    ),
]
"""The keys of the reading state, on the library, a briefing and the results."""

_BRIEFING_LETTERS = {"unread": "N", "updated": "U", "read": " "}
_ITEM_LETTERS = {"unread": "N", "new": "U", "read": " ", "": " "}


def briefing_mark(reading: Reading, briefing_id: str) -> RowMark:
    """``N`` unread, ``U`` updated since read, ``!`` flagged (no briefing decoded)."""
    return RowMark(
        _BRIEFING_LETTERS[reading.briefing_state(briefing_id)], reading.flags(briefing_id)
    )


def item_mark(reading: Reading, briefing: Briefing, item_id: str) -> RowMark:
    """``N`` unread, ``U`` added or changed since the briefing was last read, ``!``."""
    state = reading.item_state(briefing, item_id)
    if not state:
        return NO_MARK
    return RowMark(_ITEM_LETTERS[state], reading.flags(briefing.id, item_id))


class ReadingScreen(SearchableScreen):
    """A searchable screen whose rows have a reading state (see the module doc).

    Subclasses say what is highlighted (``reading_target``), what is listed
    (``mark_all_read``), where the next unread thing is (``next_unread``) and redraw
    their marks (``show_reading``)."""

    BINDINGS: ClassVar[list[BindingType]] = READING_BINDINGS

    def __init__(self, session: ReaderSession) -> None:
        super().__init__(session)
        self._flagging: tuple[Briefing, str] | None = None
        """What ``!`` will flag with the next key (None: no flag pending)."""

    def on_mount(self) -> None:  # Textual calls SearchableScreen.on_mount too
        self.session.signals.reading_changed.subscribe(self, self._reading_changed)

    def _reading_changed(self, _: None) -> None:
        if self.is_mounted:
            self.show_reading()

    # --- hooks -------------------------------------------------------------------

    def reading_target(self) -> tuple[Briefing, str] | None:
        """The highlighted briefing and item id (``""``: the briefing itself)."""
        return None

    def show_reading(self) -> None:
        """Redraw the marks and counts (the reading state changed)."""

    def mark_all_read(self) -> str:
        """Mark everything listed read; what was marked (for the notice)."""
        return ""

    def next_unread(self) -> bool:
        """Go to the next unread thing; False when there is none."""
        return False

    # --- actions ------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        """``m``: read becomes unread and the other way round."""
        target = self.reading_target()
        if target is None:
            self.notify("Nothing here has a read state.", markup=False)
            return
        briefing, item_id = target
        now_read = self.session.toggle_read(briefing, item_id)
        what = "Item" if item_id else "Briefing"
        self.notify(f"{what} marked {'read' if now_read else 'unread'}.", timeout=2, markup=False)

    def action_mark_all_read(self) -> None:
        """``M``: everything listed read."""
        marked = self.mark_all_read()
        self.notify(marked or "Everything listed is read already.", timeout=3, markup=False)

    def action_next_unread(self) -> None:
        """``u``: the next unread row, then further (see each screen)."""
        if not self.next_unread():
            self.notify("Nothing unread further on.", markup=False)

    def action_flag(self) -> None:
        """``!``: the next key is the flag letter."""
        target = self.reading_target()
        if target is None:
            self.notify("Nothing here can be flagged.", markup=False)
            return
        self._flagging = target
        flags = self.session.reading.flags(target[0].id, target[1])
        now = f" (now: {', '.join(flags)})" if flags else ""
        self.notify(
            f"Flag with a letter a-z{now}; the same letter again unflags; any other key cancels.",
            timeout=4,
            markup=False,
        )

    def on_key(self, event: events.Key) -> None:
        """The key after ``!``: a letter flags (or unflags), anything else cancels."""
        target, self._flagging = self._flagging, None
        if target is None:
            return
        event.stop()
        event.prevent_default()
        letter = event.character or ""
        if len(letter) != 1 or letter not in string.ascii_lowercase:
            self.notify("No flag set.", timeout=2, markup=False)
            return
        briefing, item_id = target
        flags = self.session.toggle_flag(briefing, letter, item_id)
        what = "Item" if item_id else "Briefing"
        shown = f"flagged {', '.join(flags)}" if flags else "not flagged"
        self.notify(f"{what} {shown}.", timeout=3, markup=False)
