"""Writers that lay a briefing out as plain text or as Markdown.

Both take file text through ``briefing_tui.model.sanitize``; the Markdown writer
also backslash-escapes what Markdown would interpret, and shows URLs as code spans.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import ClassVar

from ..model.sanitize import sanitize_block, sanitize_line

__all__ = ["MarkdownWriter", "PlainWriter", "TextWriter", "Writer", "markdown_escape"]


class TextWriter:
    """Plain text: underlined headings, indented items, wrapped to a width."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []
        self.tight = False

    def inline(self, text: str) -> str:
        return sanitize_line(text).strip()

    def escape(self, safe_text: str) -> str:
        """Already sanitised text, ready to write (nothing to escape in plain text)."""
        return safe_text

    def ident(self, identifier: str) -> str:
        return f"[{sanitize_line(identifier)}]"

    def url(self, url: str) -> str:
        return sanitize_line(url).strip()

    def quoted(self, text: str) -> str:
        return f"“{self.inline(text)}”"

    def banner(self, text: str) -> None:
        self.lines.append(text)

    def heading(self, level: int, text: str) -> None:
        self._gap()
        wrapped = self._wrap(text.upper() if level == 2 else text, 0)
        self.lines.extend(wrapped)
        if level <= 2:
            self.lines.append(("=" if level == 1 else "-") * max(map(len, wrapped)))

    def paragraph(self, text: str, indent: int = 0) -> None:
        self._gap()
        for line in sanitize_block(text).split("\n"):
            self.lines.extend(self._wrap(line, indent) if line.strip() else [""])

    def fields(self, pairs: Iterable[tuple[str, str]], indent: int = 0) -> None:
        self._gap()
        for label, value in pairs:
            self.lines.extend(self._wrap(f"{label}: {value}", indent, indent + 4))

    def bullets(self, items: Iterable[str], indent: int = 0) -> None:
        self._gap()
        for item in items:
            self.lines.extend(self._wrap(f"- {item}", indent, indent + 2))

    def item(self, title: str, level: int = 3) -> None:
        self._gap()
        self.lines.extend(self._wrap(title, 0, 4))
        self.tight = True  # the item's first block follows without a blank line

    def result(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines) + "\n"

    def _gap(self) -> None:
        if self.lines and self.lines[-1] and not self.tight:
            self.lines.append("")
        self.tight = False

    def _wrap(self, text: str, indent: int, hanging: int | None = None) -> list[str]:
        return textwrap.wrap(
            text,
            self.width,
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent if hanging is None else hanging),
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]


class PlainWriter(TextWriter):
    """Plain text for screen readers and braille: headings as words, no rules or marks.

    Nothing is drawn that a screen reader would read aloud as punctuation: no ``=====``
    or ``-----`` under headings, no bullet dashes, no brackets around ids.
    """

    HEADING_WORDS: ClassVar[Mapping[int, str]] = {1: "Briefing", 2: "Section", 3: "Part"}
    """What a heading of each level is called (deeper levels are items)."""

    def ident(self, identifier: str) -> str:
        return f"(id {sanitize_line(identifier)})"

    def heading(self, level: int, text: str) -> None:
        self._gap()
        word = self.HEADING_WORDS.get(level, "Part")
        self.lines.extend(self._wrap(f"{word}: {text}.", 0, 4))

    def bullets(self, items: Iterable[str], indent: int = 0) -> None:
        self._gap()
        for item in items:
            self.lines.extend(self._wrap(item, indent, indent + 2))


# Characters that mean something anywhere in a line (emphasis, code, links, images,
# HTML, entities, strikethrough, tables, math, headings' closing #), plus the ``:``
# of ``scheme://`` and the ``.`` of ``www.`` that GitHub turns into links.
_MARKDOWN_INLINE = re.compile(r"[\\`*_{}\[\]()<>!&~|$@^#]|(?<=[A-Za-z0-9]):(?=//)|(?<=\b[wW]{3})\.")
# What means something only at the start of a line: lists, quotes, setext underlines.
_MARKDOWN_LINE_START = re.compile(r"^(?:[-+=>]|\d+\.)")


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown: backslash-escape everything Markdown would interpret."""
    text = _MARKDOWN_INLINE.sub(lambda match: "\\" + match.group(), text)
    return _MARKDOWN_LINE_START.sub(
        lambda match: match.group()[:-1] + "\\" + match.group()[-1], text, count=1
    )


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


class MarkdownWriter:
    """CommonMark: headings, bullet lists, paragraphs; file text escaped."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def inline(self, text: str) -> str:
        return markdown_escape(sanitize_line(text).strip())

    def escape(self, safe_text: str) -> str:
        """Already sanitised text with what Markdown would interpret escaped."""
        return markdown_escape(safe_text)

    def ident(self, identifier: str) -> str:
        return self.url(identifier)

    def url(self, url: str) -> str:
        text = sanitize_line(url).strip()
        fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return f"{fence}{pad}{text}{pad}{fence}"

    def quoted(self, text: str) -> str:
        return f"“{self.inline(text)}”"

    def banner(self, text: str) -> None:
        self._gap()
        self.lines.append(f"**{text}**")

    def heading(self, level: int, text: str) -> None:
        self._gap()
        self.lines.append(f"{'#' * level} {text}")

    def paragraph(self, text: str, indent: int = 0) -> None:
        for paragraph in _BLANK_LINES.split(sanitize_block(text)):
            if paragraph.strip():
                self._gap()
                self.lines.append(self.inline(" ".join(paragraph.split())))

    def fields(self, pairs: Iterable[tuple[str, str]], indent: int = 0) -> None:
        self.bullets((f"**{label}:** {value}" for label, value in pairs), indent)

    def bullets(self, items: Iterable[str], indent: int = 0) -> None:
        self._gap()
        self.lines.extend(f"- {item}" for item in items)

    def item(self, title: str, level: int = 3) -> None:
        self.heading(level, title)

    def result(self) -> str:
        return "\n".join(self.lines) + "\n"

    def _gap(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")


Writer = TextWriter | MarkdownWriter
"""Either writer: they have the same methods (``PlainWriter`` is a ``TextWriter``)."""
