"""The find bar (``/``): a pattern typed here is found as you type, like ``less``.

The bar only reads the pattern and says how it went: it posts ``FindBar.Changed``
with a ready :class:`~briefing_tui.model.search.find.Finder` (or None when the pattern is
empty or an invalid regular expression), and the screen highlights and counts the
matches, then tells the bar the counter (``3/14``). An invalid regular expression
is caught by the Input's validator and shown in the bar, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from ..filtering import History
from . import safe

if TYPE_CHECKING:
    from ..model.search.find import Finder

__all__ = ["FindBar", "PatternValidator"]


class PatternValidator(Validator):
    """Accepts any text, and a regular expression only when ``Finder`` can use it."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__()
        self.bar = bar

    def validate(self, value: str) -> ValidationResult:
        from ..model.search.find import Finder, FindError  # not at start-up: the first paint

        if not self.bar.regex:
            return self.success()
        try:
            Finder(value, regex=True)
        except FindError as error:
            return self.failure(str(error))
        return self.success()


class FindBar(Horizontal):
    """``Find: [pattern] ^r literal 3/14``; shown by the screen with the ``-open`` class."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close",
            tooltip="Clear the highlights and close the find bar",
            id="find.close",
        ),
        Binding(
            "ctrl+r",
            "toggle_regex",
            "Regex",
            tooltip="Switch between literal text and a regular expression",
            id="find.regex",
        ),
        Binding("up", "recall(-1)", "Older", tooltip="Recall an earlier search", id="find.older"),
        Binding("down", "recall(1)", "Newer", tooltip="Recall a later search", id="find.newer"),
    ]

    @dataclass
    class Changed(Message):
        """The pattern changed: find with ``finder`` (None: nothing to find)."""

        bar: FindBar
        finder: Finder | None

    @dataclass
    class Finished(Message):
        """Enter: keep the highlights and go back to the text."""

        bar: FindBar

    @dataclass
    class Closed(Message):
        """Escape: clear the highlights and go back to the text."""

        bar: FindBar

    def __init__(self, history: History, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.history = history
        self.regex = False
        """Whether the pattern is a regular expression (``ctrl+r``)."""
        self.finder: Finder | None = None
        """The finder of the pattern as typed (None: empty or invalid)."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Find:"), classes="bar-prompt", markup=False)
        yield Input(
            placeholder="text to find (lower case: any case)",
            validators=[PatternValidator(self)],
            validate_on=["changed"],
            select_on_focus=False,
            id="find-input",
        )
        yield Static(classes="bar-mode", markup=False)
        yield Static(classes="bar-status", markup=False)

    def on_mount(self) -> None:
        self._show_mode()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def pattern(self) -> str:
        return self.input.value

    def open(self) -> None:
        """An empty pattern, focused (the screen shows the bar, ``-open``)."""
        self.history.reset()
        with self.prevent(Input.Changed):
            self.input.value = ""
        self.input.validate("")
        self.finder = None
        self.show_status("")
        self.screen.set_focus(self.input)  # now: the next key, typed at once, goes there

    def show_status(self, text: str, *, error: bool = False) -> None:
        """The counter (``3/14``), ``no match`` or an error, at the end of the bar."""
        status = self.query_one(".bar-status", Static)
        status.set_class(error, "-error")
        status.update(Content(text))

    def show_count(self, current: int | None, total: int | None) -> None:
        """``current/total``; ``…`` while counting; ``no match``."""
        if total is None:
            self.show_status("…")
        elif total == 0:
            self.show_status("no match")
        else:
            self.show_status(f"{current or 0}/{total}")

    def _show_mode(self) -> None:
        key = self.app.get_key_display(Binding("ctrl+r", "toggle_regex"))
        mode = self.query_one(".bar-mode", Static)
        mode.set_class(self.regex, "-regex")
        mode.update(Content(f"{key} {'regex' if self.regex else 'literal'}"))

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._find(event.value)

    def _find(self, pattern: str) -> None:
        from ..model.search.find import Finder

        result = self.input.validate(pattern)
        if result is not None and not result.is_valid:
            self.finder = None
            reason = result.failure_descriptions[0] if result.failure_descriptions else "invalid"
            self.show_status(safe.plain_line(reason), error=True)
        else:
            self.finder = Finder(pattern, regex=self.regex) if pattern else None
            if self.finder is None:
                self.show_status("")
        self.post_message(self.Changed(self, self.finder))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.history.add(event.value)
        self.post_message(self.Finished(self))

    def action_close(self) -> None:
        """Escape: clear and close."""
        if self.pattern:
            self.history.add(self.pattern)
        self.post_message(self.Closed(self))

    def action_toggle_regex(self) -> None:
        """Literal text, or a regular expression; the pattern is found again."""
        self.regex = not self.regex
        self._show_mode()
        self._find(self.pattern)

    def action_recall(self, step: int) -> None:
        """Up: an earlier search of this session; down: a later one."""
        text = self.history.older(self.pattern) if step < 0 else self.history.newer()
        if text is not None:
            self.input.value = text
            self.input.cursor_position = len(text)
