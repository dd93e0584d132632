"""Text with a hanging indent: the lines a long line wraps to start under its text.

A bullet (``• ``), a link's arrow (``→ ``), a field's label or a key in help sits
alone at the margin; what wraps goes under the text it continues, as
``briefing show`` writes it. ``Hanging`` is a Textual visual: it wraps each line
to the width it is drawn at, so a widget holding one grows and shrinks with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

__all__ = ["Hanging", "hang"]

HangingLine = tuple[Content, int]
"""A line of text and the indent (cells) of the lines it wraps to."""


def hang(line: Content, width: int, indent: int) -> list[Content]:
    """``line`` wrapped to ``width``; every line after the first indented by ``indent``."""
    if width <= 0:
        return [line]
    lines = line.wrap(width)
    if len(lines) <= 1 or indent <= 0 or width - indent < 8:
        return lines or [Content("")]
    first = lines[0]
    rest = line[len(first.plain) :]
    skipped = len(rest.plain) - len(rest.plain.lstrip(" "))
    rest = rest[skipped:]
    margin = Content(" " * indent)
    return [first, *(margin + part for part in rest.wrap(width - indent))]


class Hanging(Visual):
    """Lines of text, each wrapped with its own hanging indent."""

    def __init__(self, lines: Sequence[HangingLine]) -> None:
        self.lines = tuple(lines)
        self._cache: tuple[int, list[Content]] | None = None

    @classmethod
    def of(cls, content: Content, indent: int) -> Hanging:
        """Every line of ``content`` (split at newlines) with the same ``indent``."""
        return cls([(line, indent) for line in content.split("\n", allow_blank=True)])

    def __str__(self) -> str:
        return self.plain

    @property
    def plain(self) -> str:
        """The text, unwrapped (one line per line given)."""
        return "\n".join(line.plain for line, _ in self.lines)

    def wrapped(self, width: int) -> list[Content]:
        """Every line as drawn at ``width`` (kept for the last width asked)."""
        if self._cache is None or self._cache[0] != width:
            lines = [part for line, indent in self.lines for part in hang(line, width, indent)]
            self._cache = (width, lines)
        return self._cache[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        joined = Content("\n").join(self.wrapped(width))
        return joined.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_length for line, _ in self.lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.wrapped(width))
