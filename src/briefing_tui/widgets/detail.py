"""A scrollable detail view whose references are links you Tab to and follow.

With a find pattern set (``set_finder``), every match in the text is highlighted
(styled spans on plain ``Content``, never markup) and ``step_match`` walks them,
scrolling each into view; the view keeps where the find began (``start_find``),
as ``ItemList`` does for its rows.

A few links are a widget each (``LinkButton``, wrapped); a run of ``ROWS_FROM`` links or
more is one ``LinkRows``, a list of values one ``ValueRows`` and a run of ``ROWS_FROM``
paragraphs or more (key points) one ``TextRows`` (detail_rows.py), which draw only the
lines on screen: a source cited 5,000 times opens at once and every
citer can be reached. Tab and shift+tab walk every link in order, through both kinds.
"""

from __future__ import annotations

from bisect import bisect_left
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
from .detail_parts import Body, Field, Heading, Link, LinkTarget, Part, Value
from .detail_rows import FollowLink, LinkRows, TextRows, ValueRows
from .hanging import Hanging

if TYPE_CHECKING:
    from ..model.search.find import Finder

__all__ = ["DetailView", "FollowLink", "LinkButton", "LinkRows", "Match"]

Match = tuple[int, int, int]
"""A find match in a detail: (index of the part, start, end) in the part's text."""

ROWS_FROM = 20
"""A run of this many links or more is drawn as one ``LinkRows`` (a line each, only the
lines on screen drawn), and of paragraphs as one ``TextRows``; shorter runs are a
widget each."""


def _arrow() -> str:
    return "-> " if safe.is_ascii() else "→ "


def link_content(label: str) -> Content:
    """A link's label as drawn: an arrow, then the label."""
    return Content(_arrow() + safe.plain_line(label))


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


LinkWidget = LinkButton | LinkRows
"""What tab stops on in a detail: one link, or a run of them."""


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
        Binding(
            "tab",
            "step_link(True)",
            "Next link",
            tooltip="The next link (after the last: the next list or detail)",
            id="detail.next_link",
            show=False,
        ),
        Binding(
            "shift+tab",
            "step_link(False)",
            "Previous link",
            tooltip="The previous link (before the first: the detail itself)",
            id="detail.previous_link",
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
        self._texts: dict[int, Content] = {}
        """Each part's text as drawn, made when first needed."""
        self._widgets: list[Widget] = []
        self._widget_of: list[Widget] = []
        """The widget that draws each part (a run of links or values shares one)."""
        self._first_of: dict[Widget, int] = {}
        """The first part each widget draws."""

    def show(self, parts: Sequence[Part]) -> None:
        """Replace what is shown with ``parts`` and scroll to the top."""
        self.parts = parts
        self._texts = {}
        self.current = None
        self._find_matches()
        self.remove_children()
        self._widgets, self._widget_of, self._first_of = [], [], {}
        for first, count in _runs(parts):
            widget = self._widget(first, count)
            self._widgets.append(widget)
            self._widget_of.extend([widget] * count)
            self._first_of[widget] = first
        self.mount_all(self._widgets)
        self.scroll_home(animate=False)
        self.call_after_refresh(self.post_message, self.Scrolled(self))

    def _text(self, part: int) -> Content:
        text = self._texts.get(part)
        if text is None:
            text = self._texts[part] = self._content(self.parts[part])
        return text

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
    def _plain(part: Part) -> str:
        """The text of a part as drawn (sanitised), as a plain string: what find looks
        in, without the cost of a ``Content`` per part (190,000 tags: 0.7 s)."""
        if isinstance(part, (Heading, Value)):
            return safe.plain_line(part.text)
        if isinstance(part, Field):
            return part.label + ": " + safe.plain_line(part.value)
        if isinstance(part, Body):
            return safe.plain_block(part.text)
        return _arrow() + safe.plain_line(part.label)

    @classmethod
    def _content(cls, part: Part) -> Content:
        """The text of a part as drawn (sanitised, inert)."""
        return Content(cls._plain(part))

    def _hung(self, part: int, width: int) -> list[Content]:
        """Part ``part``'s lines as drawn at ``width``, with its hanging indent."""
        return hanging(self.parts[part], self._drawn(part)).wrapped(width)

    def _widget(self, first: int, count: int) -> Widget:
        """The widget for parts ``first`` .. ``first + count - 1`` (see ``_runs``)."""
        part = self.parts[first]
        if isinstance(part, Value):
            return ValueRows(self._drawn, first, count, classes="values")
        if isinstance(part, Body) and count > 1:
            return TextRows(self._drawn, first, count, classes="body-rows", wrap=self._hung)
        if isinstance(part, Link) and count > 1:
            links = [self.parts[n] for n in range(first, first + count)]
            targets = [link.target for link in links if isinstance(link, Link)]
            return LinkRows(self._drawn, first, targets, classes="link-rows")
        if isinstance(part, Link):
            return LinkButton(part.label, part.target, hanging(part, self._drawn(first)))
        if not isinstance(part, Heading):
            kind = "body"
            if isinstance(part, Field):
                kind = "field -gap" if part.gap else "field"
            return Static(hanging(part, self._drawn(first)), markup=False, classes=kind)
        return Static(self._drawn(first), markup=False, classes="heading")

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
        plain = self._plain
        for n, part in enumerate(self.parts):
            spans = finder.spans(plain(part))
            self.matches.extend((n, start, end) for start, end in spans)

    def _style(self, component: str) -> Style:
        return Style.from_rich_style(self.get_component_rich_style(component))

    def _drawn(self, part: int) -> Content:
        """Part ``part``'s text with its matches highlighted (the current one apart)."""
        content = self._text(part)
        if not self.matches or not self.is_attached:
            return content
        match, current = self._style("detail--match"), self._style("detail--match-current")
        chosen = self.matches[self.current] if self.current is not None else None
        # The matches are in reading order: this part's are found by bisection, so
        # drawing a line costs its own matches, not every match of the detail.
        first = bisect_left(self.matches, (part, -1, -1))
        for found in self.matches[first : bisect_left(self.matches, (part + 1, -1, -1))]:
            style = current if found == chosen else match
            content = content.stylize(style, found[1], found[2])
        return content

    def _restyle(self, parts: set[int] | None = None) -> None:
        touched = self._widgets if parts is None else {self._widget_of[n] for n in parts}
        for widget in touched:
            if isinstance(widget, ValueRows):
                widget.redraw()
            elif isinstance(widget, Static):
                n = self._first_of[widget]
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
            after = bisect_left(self.matches, (top, -1, -1))  # the first match from ``top``
            if forward:
                new, wrapped = (after, False) if after < len(self.matches) else (0, True)
            else:
                new, wrapped = (after - 1, False) if after else (len(self.matches) - 1, True)
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
        number = bisect_left(self.matches, (self._first_part_below(y), -1, -1))
        return number if number < len(self.matches) else 0

    def _first_part_below(self, y: float) -> int:
        for widget in self._widgets:
            region = widget.virtual_region
            if region.bottom > y:
                if isinstance(widget, ValueRows):
                    return widget.first + widget.entry_at(int(y) - region.y)
                return self._first_of[widget]
        return len(self.parts)

    def _scroll_to_match(self, number: int) -> None:
        if number != self.current or number >= len(self.matches):
            return
        part, start, _ = self.matches[number]
        widget = self._widget_of[part]
        if isinstance(widget, LinkRows):  # the matched link drawn whole
            widget.move_to(part - widget.first)
            self.call_after_refresh(self._scroll_to_line, widget, part, start)
            return
        self._scroll_to_line(widget, part, start)

    def _scroll_to_line(self, widget: Widget, part: int, start: int) -> None:
        """Scroll the line of ``widget`` that holds character ``start`` of ``part`` into view."""
        region = widget.virtual_region
        top = region.y
        if isinstance(widget, ValueRows):
            entry = part - widget.first
            top += widget.line_of(entry)
            wrapped = isinstance(widget, TextRows) or (
                isinstance(widget, LinkRows) and entry == widget.cursor
            )
            if not wrapped:  # one line, cut at the width
                start = 0
        line, offset = 0, 0
        width = widget.content_region.width
        indented = isinstance(widget, TextRows) or not isinstance(widget, ValueRows)
        if not indented:
            lines = self._text(part).wrap(width) if width > 0 and start else []
        else:
            lines = self._hung(part, width) if width > 0 else []
        for text in lines:
            shown = text.plain.lstrip(" ") if indented else text.plain
            offset += len(shown) + 1  # the space or newline where it broke
            if offset > start:
                break
            line += 1
        target = Region(region.x, top + line, max(region.width, 1), 1)
        self.scroll_to_region(target, animate=False, immediate=True)

    # --- links -----------------------------------------------------------

    def _link_widgets(self) -> list[LinkWidget]:
        return [w for w in self._widgets if isinstance(w, (LinkButton, LinkRows))]

    def link_number(self) -> int | None:
        """Which link has focus, counting every link of the detail in order (None: none)."""
        focused = self.screen.focused if self.is_attached else None
        number = 0
        for widget in self._link_widgets():
            if widget is focused:
                return number + (widget.cursor if isinstance(widget, LinkRows) else 0)
            number += widget.count if isinstance(widget, LinkRows) else 1
        return None

    def focus_link(self, number: int) -> None:
        """Focus link ``number`` (as counted by ``link_number``), if there is one."""
        for widget in self._link_widgets():
            if isinstance(widget, LinkRows):
                if number < widget.count:
                    widget.move_to(number)
                    self.screen.set_focus(widget)
                    return
                number -= widget.count
            elif number == 0:
                self.screen.set_focus(widget)
                return
            else:
                number -= 1

    def action_step_link(self, forward: bool) -> None:
        """Tab: the next link, through a run of links one at a time; past the last one
        (or before the first), focus moves on as everywhere else."""
        focused = self.screen.focused
        if isinstance(focused, LinkRows) and focused.parent is self:
            step = 1 if forward else -1
            if 0 <= focused.cursor + step < focused.count:
                focused.move_to(focused.cursor + step)
                return
        stops: list[Widget] = [self, *self._link_widgets()]
        here = stops.index(focused) if focused in stops else None
        if here is None or not 0 <= here + (1 if forward else -1) < len(stops):
            if forward:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        target = stops[here + (1 if forward else -1)]
        if isinstance(target, LinkRows):
            target.move_to(0 if forward else target.count - 1)
        # At once, as Textual's own tab does: a key typed just after (enter) must meet
        # the link, not the widget that had focus before (``focus()`` waits a turn).
        self.screen.set_focus(target)

    def text(self) -> str:
        """Everything shown, as plain text (for tests and search)."""
        lines = []
        for part in self.parts:
            if isinstance(part, Field):
                lines.append(f"{part.label}: {part.value}")
            else:
                lines.append(part.label if isinstance(part, Link) else part.text)
        return "\n".join(lines)


def _runs(parts: Sequence[Part]) -> list[tuple[int, int]]:
    """The parts as (first, count) per widget: a run of values is one, a run of
    ``ROWS_FROM`` links or paragraphs or more is one, anything else one part each."""
    runs: list[tuple[int, int]] = []
    n = 0
    while n < len(parts):
        kind = type(parts[n])
        end = n + 1
        if kind in (Link, Value, Body):
            while end < len(parts) and type(parts[end]) is kind:
                end += 1
            if kind is not Value and end - n < ROWS_FROM:
                end = n + 1
        runs.append((n, end - n))
        n = end
    return runs
