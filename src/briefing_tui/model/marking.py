"""Handling markings: the banner a screen must show, never lower than its content.

The banner shows the most restrictive TLP label and the most restrictive
classification of everything on screen, and never less than a site floor.

Classifications are ranked by an ordered list of levels (configurable, least
restrictive first). A banner reads ``LEVEL // CAVEAT // CAVEAT``: the level is
matched without regard to case or spacing, and the text after each ``//`` is
kept as a caveat. When several banners share the top level, every distinct
caveat is kept, so combining never drops a caveat of the winning level.

A banner that matches no level, or holds any character the sanitiser would
replace (an escape, a bidi override ...) or a placeholder glyph (``␛``,
``⟨``), is shown as ``UNRECOGNISED MARKING: <text>`` and ranks above every
known level, so a file can never hide anything by writing a strange banner.

Pure Python: the text kept here is raw (unrecognised text as written); the UI
shows it through the sanitiser like any other file text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .format.types import TLP_ORDER, Handling
from .sanitize import PLACEHOLDER_CHARS, placeholder, sanitize_line, to_ascii

__all__ = [
    "DEFAULT_LEVELS",
    "UNRECOGNISED",
    "Classification",
    "Marking",
    "MarkingRules",
    "banner_line",
    "combine",
    "parse_banner",
    "rank_banner",
]

DEFAULT_LEVELS: tuple[str, ...] = (
    "UNCLASSIFIED",
    "PROTECTED A",
    "PROTECTED B",
    "PROTECTED C",
    "CONFIDENTIAL",
    "SECRET",
    "TOP SECRET",
)
"""Classification levels from least to most restrictive (configurable)."""

UNRECOGNISED = "UNRECOGNISED MARKING: "
"""The prefix of a banner that matches no level."""

_CAVEAT_SEPARATOR = " // "
_UNRECOGNISED_SEPARATOR = " | "


def _collapse(text: str) -> str:
    """Runs of plain spaces folded, ends trimmed (no other whitespace is touched)."""
    return " ".join(part for part in text.split(" ") if part)


def _normalise(text: str) -> str:
    return _collapse(text.upper())


@dataclass(frozen=True, slots=True)
class Classification:
    """One banner, parsed: its rank, its level and its caveats."""

    rank: int
    """Index in the levels; ``len(levels)`` when unrecognised."""
    level: str
    """The level as listed in the levels, or the banner as written if unrecognised."""
    caveats: tuple[str, ...] = ()
    recognised: bool = True

    @property
    def text(self) -> str:
        """How the banner reads: ``SECRET // REL TO CAN, USA``."""
        if not self.recognised:
            return UNRECOGNISED + self.level
        return _CAVEAT_SEPARATOR.join((self.level, *self.caveats))


def _is_suspicious(banner: str) -> bool:
    """Unsafe characters, or glyphs that imitate the sanitiser's placeholders."""
    # str.isprintable() is False for every character the sanitiser replaces
    # (and for any space but U+0020), which tests/model/test_sanitize.py checks.
    return not banner.isprintable() or any(ch in PLACEHOLDER_CHARS for ch in banner)


def parse_banner(banner: str, levels: Sequence[str] = DEFAULT_LEVELS) -> Classification:
    """Rank one banner against ``levels`` (least restrictive first).

    Only plain spaces are treated as spacing: any other whitespace or control
    character makes the banner unrecognised (it could hide or reorder text).
    """
    unrecognised = Classification(len(levels), banner, recognised=False)
    if _is_suspicious(banner):
        return unrecognised
    head, *rest = banner.split("//")
    known = [_normalise(level) for level in levels]
    level = _normalise(head)
    if level not in known:
        return unrecognised
    caveats = tuple(caveat for caveat in (_collapse(part) for part in rest) if caveat)
    return Classification(known.index(level), level, caveats)


def rank_banner(banner: str, levels: Sequence[str] = DEFAULT_LEVELS) -> tuple[int, str]:
    """The rank of a banner and how it reads (see ``parse_banner``)."""
    parsed = parse_banner(banner, levels)
    return parsed.rank, parsed.text


@dataclass(frozen=True, slots=True)
class Marking:
    """What a banner line shows: a TLP level and a classification line."""

    tlp: str = "clear"
    """One of ``TLP_ORDER``."""
    classification: str = ""
    """The classification as it reads (raw file text: sanitise to show), or empty."""
    rank: int = -1
    """The classification's rank in the levels; -1 for none."""

    @property
    def tlp_rank(self) -> int:
        return TLP_ORDER.index(self.tlp)

    @property
    def tlp_label(self) -> str:
        return "TLP:" + self.tlp.upper()

    @property
    def text(self) -> str:
        """``TLP:AMBER  PROTECTED B // CAN EYES ONLY``."""
        return f"{self.tlp_label}  {self.classification}".rstrip()


def _merge(top: list[Classification]) -> str:
    """The reading of the banners that share the top rank, keeping every caveat."""
    if not top[0].recognised:
        distinct = list(dict.fromkeys(parsed.level for parsed in top))
        return UNRECOGNISED + _UNRECOGNISED_SEPARATOR.join(distinct)
    caveats: dict[str, str] = {}
    for parsed in top:
        for caveat in parsed.caveats:
            caveats.setdefault(caveat.casefold(), caveat)
    return Classification(top[0].rank, top[0].level, tuple(caveats.values())).text


def combine(
    handlings: Iterable[Handling],
    *,
    floor: Marking | None = None,
    levels: Sequence[str] = DEFAULT_LEVELS,
) -> Marking:
    """The most restrictive marking of ``handlings``, never below ``floor``.

    ``floor.classification`` is a banner like any other (``PROTECTED A``). A
    banner of nothing but spaces counts as no banner.
    """
    tlp_rank = floor.tlp_rank if floor else 0
    banners: list[str] = [floor.classification] if floor and floor.classification else []
    for handling in handlings:
        tlp_rank = max(tlp_rank, handling.tlp_rank)
        if handling.banner is not None and handling.banner.strip(" "):
            banners.append(handling.banner)
    parsed = [parse_banner(banner, levels) for banner in dict.fromkeys(banners)]
    if not parsed:
        return Marking(TLP_ORDER[tlp_rank])
    best = max(p.rank for p in parsed)
    top = [p for p in parsed if p.rank == best]
    return Marking(TLP_ORDER[tlp_rank], _merge(top), best)


@dataclass(frozen=True, slots=True)
class MarkingRules:
    """A site's marking rules: the floor and the ranked levels (from the configuration).

    ``marking`` is the one way every output that carries a banner (the reader's
    screens, ``show`` in every format, ``search``) computes it.
    """

    floor: Marking | None = None
    levels: tuple[str, ...] = DEFAULT_LEVELS

    def marking(self, handlings: Iterable[Handling]) -> Marking:
        """The banner of content under ``handlings``: ``combine`` with these rules."""
        return combine(handlings, floor=self.floor, levels=self.levels)


_BREAKS = "\t\n\x0b\x0c\r\x85\u2028\u2029"


def _visible_breaks(text: str, ascii_only: bool) -> str:
    """Line breaks and tabs as placeholders: in a banner even these are shown, not folded."""
    if text.isprintable():
        return text
    return "".join(placeholder(c, ascii_only=ascii_only) if c in _BREAKS else c for c in text)


def banner_line(marking: Marking, *, ascii_only: bool = False) -> str:
    """How a banner reads on one line, safe to print: ``TLP:AMBER  PROTECTED B``.

    The classification goes through the sanitiser; its line breaks and tabs are
    shown as placeholders rather than folded to spaces.
    """
    classification = sanitize_line(
        _visible_breaks(marking.classification, ascii_only), ascii_only=ascii_only
    ).strip(" ")
    if ascii_only:
        classification = to_ascii(classification)
    return f"{marking.tlp_label}  {classification}".rstrip()
