"""A scrollable detail view whose references are links you Tab to and follow.

With a find pattern set (``set_finder``), every match in the text is highlighted
(styled spans on plain ``Content``, never markup) and ``step_match`` walks them,
scrolling each into view; the view keeps where the find began (``start_find``),
as ``ItemList`` does for its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from . import safe
from .detail_parts import Body, Field, Heading, Link, LinkTarget, Part
from .hanging import Hanging

if TYPE_CHECKING:
    from ..model.search.find import Finder

__all__ = ["DetailView", "FollowLink", "LinkButton", "Match"]

Match = tuple[int, int, int]
"""A find match in a detail: (index of the part, start, end) in the part's text."""


@dataclass
class FollowLink(Message):
    """A link was followed: go to ``target``."""

    target: LinkTarget


def _arrow() -> str:
    return "-> " if safe.is_ascii() else "→ "


def link_content(label: str) -> Content:
    """A link's label as drawn: an arrow, then the label."""
    return Content(_arrow()) + safe.line(label)


FIELD_INDENT = 4
"""A field's value wraps this far in (as ``briefing show`` writes fields)."""
BULLETS = ("• ", "* ", "- ")


def hanging(part: Part, content: Content) -> Hanging:
    """``content`` (a part's text as drawn) with the hanging indent of its kind:
    a link's lines under its label, a field's four cells in, a bullet's under its text."""
    if isinstance(part, Link):
        return Hanging.of(content, len(_arrow()))
    if isinstance(part, Field):
        return Hanging.of(content, FIELD_INDENT)
    lines = content.split("\n", allow_blank=True)
    return Hanging([(line, 2 if line.plain.startswith(BULLETS) else 0) for line in lines])


class LinkButton(Static, can_focus=True):
    """One reference; Enter follows it. Its label is file text, drawn inert."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "follow",
            "Follow",
            id="detail.follow",
            tooltip="Follow the focused link (backspace comes back)",
        ),
    ]

    def __init__(
        self, label: str, target: LinkTarget, content: Content | Hanging | None = None
    ) -> None:
        """``content``: the label as drawn, when not ``link_content(label)`` (highlights)."""
        super().__init__(content or link_content(label), markup=False, classes="link")
        self.target = target

    def action_follow(self) -> None:
        self.post_message(FollowLink(self.target))


class DetailView(VerticalScroll, can_focus=True, inherit_bindings=False):
    """Shows a list of ``Part``s; rebuilt whenever the selected item changes.

    Textual's scrolling keys are not inherited: the text wraps (nothing to scroll
    sideways), and the view binds its own keys for the rest.
    """

    ALLOW_MAXIMIZE = True
    """``z`` zooms a detail to the full screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down", "scroll_down", "Down", tooltip="Scroll down", id="detail.down", show=False
        ),
        Binding("k,up", "scroll_up", "Up", tooltip="Scroll up", id="detail.up", show=False),
        Binding(
            "g,home", "scroll_home", "Top", tooltip="Scroll to the top", id="detail.top", show=False
        ),
        Binding(
            "G,end",
            "scroll_end",
            "Bottom",
            tooltip="Scroll to the bottom",
            id="detail.bottom",
            show=False,
        ),
        Binding(
            "pagedown,space,ctrl+f",
            "page_down",
            "Page down",
            tooltip="One page down",
            id="detail.page_down",
            show=False,
        ),
        Binding(
            "pageup,b,ctrl+b",
            "page_up",
            "Page up",
            tooltip="One page up",
            id="detail.page_up",
            show=False,
        ),
        Binding(
            "ctrl+d",
            "half_down",
            "Half down",
            tooltip="Half a page down",
            id="detail.half_down",
            show=False,
        ),
        Binding(
            "ctrl+u",
            "half_up",
            "Half up",
            tooltip="Half a page up",
            id="detail.half_up",
            show=False,
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail--match", "detail--match-current"}

    @dataclass
    class Scrolled(Message):
        """The detail scrolled, or its text changed (``percent`` may differ)."""

        detail: DetailView

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.parts: Sequence[Part] = ()
        self.finder: Finder | None = None
        """The find pattern whose matches are highlighted (None: no highlights)."""
        self.matches: list[Match] = []
        """Every match of ``finder`` in the parts, in reading order."""
        self.current: int | None = None
        """Index in ``matches`` of the current match (``n``/``N``), if any."""
        self._origin_y = 0.0
        """The scroll position when the find began (``start_find``)."""
        self._texts: list[Content] = []
        self._widgets: list[Widget] = []

    def show(self, parts: Sequence[Part]) -> None:
        """Replace what is shown with ``parts`` and scroll to the top."""
        self.parts = parts
        self._texts = [self._content(part) for part in parts]
        self.current = None
        self._find_matches()
        self.remove_children()
        self._widgets = [self._widget(part, self._drawn(n)) for n, part in enumerate(parts)]
        self.mount_all(self._widgets)
        self.scroll_home(animate=False)
        self.call_after_refresh(self.post_message, self.Scrolled(self))

    def action_half_down(self) -> None:
        self.scroll_to(y=self.scroll_y + max(self.scrollable_content_region.height // 2, 1),
                       animate=False)  # fmt: skip

    def action_half_up(self) -> None:
        self.scroll_to(y=self.scroll_y - max(self.scrollable_content_region.height // 2, 1),
                       animate=False)  # fmt: skip

    @property
    def percent(self) -> int | None:
        """How far down the text is scrolled (0-100); None when it all fits."""
        if self.max_scroll_y <= 0:
            return None
        return round(100 * min(self.scroll_y, self.max_scroll_y) / self.max_scroll_y)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    def on_resize(self) -> None:
        self.post_message(self.Scrolled(self))

    @staticmethod
    def _content(part: Part) -> Content:
        """The text of a part as drawn (sanitised, inert)."""
        if isinstance(part, Heading):
            return safe.line(part.text)
        if isinstance(part, Field):
            return Content(part.label + ": ") + safe.line(part.value)
        if isinstance(part, Body):
            return safe.block(part.text)
        return link_content(part.label)

    @staticmethod
    def _widget(part: Part, content: Content) -> Widget:
        if isinstance(part, Link):
            return LinkButton(part.label, part.target, hanging(part, content))
        if not isinstance(part, Heading):
            kind = "body"
            if isinstance(part, Field):
                kind = "field -gap" if part.gap else "field"
            return Static(hanging(part, content), markup=False, classes=kind)
        return Static(content, markup=False, classes="heading")

    # --- find ------------------------------------------------------------

    def set_finder(self, finder: Finder | None) -> None:
        """Highlight every match of ``finder`` (None: none), with no current match."""
        self.finder = finder
        self.current = None
        self._find_matches()
        self._restyle()

    def _find_matches(self) -> None:
        finder = self.finder
        self.matches = []
        if finder is None:
            return
        for n, text in enumerate(self._texts):
            self.matches.extend((n, start, end) for start, end in finder.spans(text.plain))

    def _style(self, component: str) -> Style:
        return Style.from_rich_style(self.get_component_rich_style(component))

    def _drawn(self, part: int) -> Content:
        """Part ``part``'s text with its matches highlighted (the current one apart)."""
        content = self._texts[part]
        if not self.matches or not self.is_attached:
            return content
        match, current = self._style("detail--match"), self._style("detail--match-current")
        chosen = self.matches[self.current] if self.current is not None else None
        for found in self.matches:
            if found[0] == part:
                style = current if found == chosen else match
                content = content.stylize(style, found[1], found[2])
        return content

    def _restyle(self, parts: set[int] | None = None) -> None:
        for n, widget in enumerate(self._widgets):
            if parts is None or n in parts:
                assert isinstance(widget, Static)
                part, drawn = self.parts[n], self._drawn(n)
                shown = drawn if isinstance(part, Heading) else hanging(part, drawn)
                widget.update(shown, layout=False)

    def start_find(self) -> None:
        """A find begins: remember the scroll position (``cancel_find`` comes back to it)."""
        self._origin_y = self.scroll_y

    def seek_first_match(self) -> None:
        """As the pattern is typed: the first match from where the find began is current."""
        self.select_match(self.first_match_from(self._origin_y))

    def cancel_find(self) -> None:
        """The find is abandoned: scrolled back to where it began."""
        self.scroll_to(y=self._origin_y, animate=False)

    def find_count(self) -> tuple[int | None, int | None]:
        """(the number of the current match, None if none; how many) for the counter."""
        return (None if self.current is None else self.current + 1), len(self.matches)

    def step_match(self, forward: bool = True) -> bool | None:
        """Make the next (or previous) match current and scroll to it; whether it
        wrapped around (None: nothing matches)."""
        if not self.matches:
            return None
        old = self.current
        if old is None:
            top = self._first_part_below(self.scroll_y)
            after = [i for i, found in enumerate(self.matches) if found[0] >= top]
            if forward:
                new, wrapped = (after[0], False) if after else (0, True)
            else:
                before = [i for i in range(len(self.matches)) if i not in after]
                new, wrapped = (before[-1], False) if before else (len(self.matches) - 1, True)
        else:
            step = 1 if forward else -1
            new = (old + step) % len(self.matches)
            wrapped = (new < old) if forward else (new > old)
        self.select_match(new)
        return wrapped

    def select_match(self, number: int | None) -> None:
        """Make match ``number`` current (None: none) and scroll it into view."""
        old = self.current
        self.current = number
        touched = {self.matches[n][0] for n in (old, number) if n is not None}
        self._restyle(touched)
        if number is not None:
            self.call_after_refresh(self._scroll_to_match, number)

    def first_match_from(self, y: float) -> int | None:
        """The first match in a part that starts at or below line ``y`` (else the first)."""
        if not self.matches:
            return None
        top = self._first_part_below(y)
        for number, found in enumerate(self.matches):
            if found[0] >= top:
                return number
        return 0

    def _first_part_below(self, y: float) -> int:
        for n, widget in enumerate(self._widgets):
            if widget.virtual_region.bottom > y:
                return n
        return len(self._widgets)

    def _scroll_to_match(self, number: int) -> None:
        if number != self.current or number >= len(self.matches):
            return
        part, start, _ = self.matches[number]
        widget = self._widgets[part]
        region = widget.virtual_region
        line, offset = 0, 0
        width = widget.content_region.width
        drawn = hanging(self.parts[part], self._texts[part])
        for text in drawn.wrapped(width) if width > 0 else ():
            offset += len(text.plain.lstrip(" ")) + 1  # the space or newline where it broke
            if offset > start:
                break
            line += 1
        target = Region(region.x, region.y + line, max(region.width, 1), 1)
        self.scroll_to_region(target, animate=False, immediate=True)

    def text(self) -> str:
        """Everything shown, as plain text (for tests and search)."""
        lines = []
        for part in self.parts:
            if isinstance(part, Field):
                lines.append(f"{part.label}: {part.value}")
            else:
                lines.append(part.label if isinstance(part, Link) else part.text)
        return "\n".join(lines)
