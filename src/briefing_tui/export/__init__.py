"""A briefing as plain text, Markdown or JSON: for pipes, printing and screen readers.

Pure Python (no Textual or Rich). Every string from the file goes through
``briefing_tui.model.sanitize`` before it is written, so the output holds no
escape sequence, control or bidi character: a hostile file shows visible
placeholders (``␛``, ``⟨U+202E⟩``) instead. Markdown output also escapes the
characters Markdown gives a meaning to, so file text cannot make links, images,
HTML or headings; URLs are shown as code spans, never as links. JSON output is
the validated model, with every character that is not printable written as a
``\\uXXXX`` escape (the data is unchanged, the bytes are inert).

Text and Markdown share one walk over the briefing (``compose.py``); they differ
only in the writer that lays the lines out (``writers.py``).
"""

from __future__ import annotations

import re
from typing import Any, Literal

import msgspec

from ..model.format.dates import PartialDate
from ..model.format.types import Briefing
from ..model.marking import Marking, MarkingRules, banner_line
from .compose import compose
from .writers import MarkdownWriter, PlainWriter, TextWriter

__all__ = ["FORMATS", "Format", "render", "render_json", "render_markdown", "render_text"]

Format = Literal["text", "markdown", "json"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json")
"""The output formats of ``briefing show``."""

MIN_WIDTH = 20
"""Narrower widths are raised to this."""


def render(
    briefing: Briefing,
    output: Format = "text",
    width: int = 80,
    rules: MarkingRules | None = None,
    *,
    plain: bool = False,
) -> str:
    """``briefing`` in the ``output`` format (``width`` and ``plain`` apply to text only).

    Every format carries the banner that ``rules`` (the site's floor and levels)
    give the briefing's handling, as the reader shows it.
    """
    marking = (rules or MarkingRules()).marking([briefing.handling])
    if output == "json":
        return render_json(briefing, marking)
    if output == "markdown":
        return render_markdown(briefing, marking)
    return render_text(briefing, marking, width, plain=plain)


def render_text(
    briefing: Briefing, marking: Marking, width: int = 80, *, plain: bool = False
) -> str:
    """Plain text wrapped to ``width`` columns, the banner first and last.

    ``plain`` is for screen readers and braille: headings as words, no rules under
    them, no bullet marks or brackets (``PlainWriter``).
    """
    writer = (PlainWriter if plain else TextWriter)(max(width, MIN_WIDTH))
    compose(briefing, writer, marking)
    return writer.result()


def render_markdown(briefing: Briefing, marking: Marking) -> str:
    """Markdown with every Markdown-significant character of file text escaped."""
    writer = MarkdownWriter()
    compose(briefing, writer, marking)
    return writer.result()


def render_json(briefing: Briefing, marking: Marking) -> str:
    """``{"banner": ..., "briefing": ...}``: the banner line, then the validated briefing
    as indented JSON (partial dates as written).

    Every field that has a value is written: what the file spelled out, and the
    effective value of each field it left to its default (``status: final``,
    ``type: incident``), so a tool never needs the format's defaults. Fields with no
    value (null, an empty list) are left out.
    """
    if briefing.extensions is not None:
        briefing = msgspec.structs.replace(briefing, extensions=_string_keys(briefing.extensions))
    document = {"banner": banner_line(marking), "briefing": _effective(briefing)}
    encoded = msgspec.json.encode(document, enc_hook=_encode_extra)
    text = msgspec.json.format(encoded, indent=2).decode("utf-8")
    return _NOT_INERT.sub(_json_escape, text) + "\n"


# --- JSON ------------------------------------------------------------------------


def _effective(value: Any) -> Any:
    """Structs as dicts with their defaulted scalar fields filled in (see render_json)."""
    if isinstance(value, msgspec.Struct):
        out: dict[str, Any] = {}
        for info in msgspec.structs.fields(value):
            item = getattr(value, info.name)
            if item is None or item == ():
                continue
            out[info.encode_name] = _effective(item)
        return out
    if isinstance(value, tuple):
        return [_effective(item) for item in value]
    return value


def _encode_extra(value: object) -> object:
    if isinstance(value, PartialDate):
        return value.text
    raise NotImplementedError(f"cannot encode {type(value).__name__}")


def _string_keys(value: Any) -> Any:
    """``extensions`` with every mapping key a string (YAML allows ``~:`` and ``true:``)."""
    if isinstance(value, dict):
        return {_key_text(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    return str(key)


# Outside JSON strings there is only ASCII; inside, any character may be escaped.
_NOT_INERT = re.compile(r"[^\n\x20-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable():  # never true of a character sanitize treats as unsafe
        return char
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
