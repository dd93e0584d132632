"""Drawing for every terminal: true monochrome, ASCII only, and a minimum size.

Textual's own ``NO_COLOR`` support turns colours grey, which still writes
colour codes and makes TLP:RED and TLP:AMBER look alike. Here monochrome is a
line filter that removes every colour from every segment, so the terminal
receives attributes only (bold, reverse, underline); the stylesheet then marks
what colour used to (``App:nocolor`` rules in ``briefing.tcss``).

ASCII mode (the Linux console, VT100s, non-UTF-8 locales) is a line filter too:
whatever Textual draws (borders, scroll bar ends, ellipses, arrows) leaves as
ASCII of the same width. File text is already ASCII by then (``widgets.safe``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.keys import format_key

__all__ = [
    "MIN_HEIGHT",
    "MIN_WIDTH",
    "AsciiOnly",
    "WithoutColour",
    "WithoutGlyphArt",
    "key_display",
    "to_ascii_cells",
]

MIN_WIDTH = 50
"""Below this many columns the app shows a notice instead of a cut layout."""
MIN_HEIGHT = 12
"""Below this many rows likewise."""


@lru_cache(maxsize=4096)
def _without_colour(style: Style) -> Style:
    return style.without_color


class WithoutColour(LineFilter):
    """Removes foreground and background colours; keeps bold, reverse, underline."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else _without_colour(style), control)
            for text, style, control in segments
        ]


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x2500, 0x2580):  # box drawing
        name = chr(cp)
        if name in "─━═┄┅┈┉╌╍╴╶╸╺╼╾":
            table[cp] = "-"
        elif name in "│┃║┆┇┊┋╎╏╵╷╹╻╽╿":
            table[cp] = "|"
        else:
            table[cp] = "+"
    for cp in range(0x2580, 0x25A0):  # block elements: scroll bar ends, tall borders
        table[cp] = " "
    table.update({ord(c): "#" for c in "█▓▒░"})
    table.update({ord(k): v for k, v in _SYMBOLS.items()})
    return table


_SYMBOLS = {
    "…": ".",
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "•": "*",
    "·": ".",
    "—": "-",
    "–": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "⏎": "<",
    "⌫": "<",
    "✓": "v",
    "✗": "x",
    "▶": ">",
    "◀": "<",
    "▼": "v",
    "▲": "^",
    "\u00a0": " ",
}

_ASCII_TABLE = _table()


@lru_cache(maxsize=4096)
def to_ascii_cells(text: str) -> str:
    """``text`` in ASCII, cell for cell (a wide character becomes two ``?``)."""
    if text.isascii():
        return text
    converted = text.translate(_ASCII_TABLE)
    if converted.isascii():
        return converted
    return "".join(ch if ch.isascii() else "?" * cell_len(ch) for ch in converted)


class AsciiOnly(LineFilter):
    """Turns every character Textual draws into ASCII of the same width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        converted: list[Segment] = []
        for segment in segments:
            text, style, control = segment
            if control or text.isascii():
                converted.append(segment)
            else:
                converted.append(Segment(to_ascii_cells(text), style, control))
        return converted


_GLYPH_ART = re.compile("[\u2500-\u259f\u2800-\u28ff]")
"""Box drawing, block elements (scroll bars, sparklines) and braille patterns."""


class WithoutGlyphArt(LineFilter):
    """Linear mode: box drawing, block and braille glyphs become spaces (none is read aloud)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment
            if segment.control or not _GLYPH_ART.search(segment.text)
            else Segment(_GLYPH_ART.sub(" ", segment.text), segment.style, segment.control)
            for segment in segments
        ]


_KEY_WORDS = {"enter": "enter", "backspace": "bksp", "escape": "esc", "delete": "del"}
_ASCII_KEY_WORDS = {**_KEY_WORDS, "up": "up", "down": "down", "left": "left", "right": "right"}


def key_display(key: str, shown: str, *, ascii_only: bool) -> str:
    """How ``key`` (Textual shows it as ``shown``) reads: words for glyphs a font may lack."""
    words = _ASCII_KEY_WORDS if ascii_only else _KEY_WORDS
    if key in words:
        shown = shown.replace(format_key(key), words[key])
    return to_ascii_cells(shown) if ascii_only else shown
