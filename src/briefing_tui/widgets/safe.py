"""The one path from file text to widget content.

Every string that comes from a briefing goes through ``line`` or ``block``:
the sanitiser makes control, escape and bidi characters visible, and the
result is wrapped as ``Content`` built from plain text, so Textual never parses
it as markup (a title like ``[@click=app.quit]`` stays those characters).
"""

from __future__ import annotations

from textual.content import Content

from ..model.sanitize import sanitize_block, sanitize_line, to_ascii

__all__ = ["block", "configure", "is_ascii", "line", "plain_block", "plain_line"]

_ascii_only = False


def configure(*, ascii_only: bool) -> None:
    """Choose ASCII output for the whole app (``--ascii``, old terminals)."""
    global _ascii_only
    _ascii_only = ascii_only


def plain_line(text: str | None) -> str:
    """Sanitised one-line text as a plain string (for list rows)."""
    cleaned = sanitize_line(text or "", ascii_only=_ascii_only)
    return to_ascii(cleaned) if _ascii_only else cleaned


def line(text: str | None) -> Content:
    """One line of file text, inert."""
    return Content(plain_line(text))


def plain_block(text: str | None) -> str:
    """Sanitised body text (newlines kept) as a plain string (what find looks in)."""
    cleaned = sanitize_block(text or "", ascii_only=_ascii_only)
    return to_ascii_block(cleaned) if _ascii_only else cleaned


def block(text: str | None) -> Content:
    """Body text from a file (newlines kept), inert."""
    return Content(plain_block(text))


def to_ascii_block(text: str) -> str:
    return "\n".join(to_ascii(part) for part in text.split("\n"))


def is_ascii() -> bool:
    """Whether the app draws ASCII only."""
    return _ascii_only
