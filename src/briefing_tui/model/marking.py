"""Handling markings: the banner a screen must show, never lower than its content.

The banner shows the most restrictive TLP label and the most restrictive
classification of everything on screen, and never less than a site floor.
Classifications are ranked by an ordered list of levels; text after ``//`` is
kept as caveats. A banner that matches no level is shown as
``UNRECOGNISED MARKING: <text>`` and ranks above every known level, so a file
can never hide anything by writing a strange banner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .sanitize import contains_placeholder, sanitize_line
from .types import TLP_ORDER, Handling

__all__ = ["DEFAULT_LEVELS", "Marking", "combine", "rank_banner"]

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

_UNRECOGNISED = "UNRECOGNISED MARKING: "


@dataclass(frozen=True, slots=True)
class Marking:
    """What a banner line shows: a TLP level and a classification line."""

    tlp: str = "clear"
    """One of ``TLP_ORDER``."""
    classification: str = ""
    """The banner text as shown (already sanitised), or empty for none."""

    @property
    def tlp_label(self) -> str:
        return "TLP:" + self.tlp.upper()

    @property
    def text(self) -> str:
        """``TLP:AMBER  PROTECTED B // CAN EYES ONLY``."""
        return f"{self.tlp_label}  {self.classification}".rstrip()


def _normalise(banner: str) -> str:
    return " ".join(banner.upper().split())


def rank_banner(banner: str, levels: Sequence[str] = DEFAULT_LEVELS) -> tuple[int, str]:
    """The rank of a banner and how it is shown.

    ``SECRET//REL TO CAN, USA`` ranks as SECRET and keeps its caveats. A banner
    that matches no level, or holds an unsafe character, ranks above them all.
    """
    if contains_placeholder(banner):
        return len(levels), _UNRECOGNISED + sanitize_line(banner)
    head, _, caveats = banner.partition("//")
    level = _normalise(head)
    normalised = [_normalise(known) for known in levels]
    if level not in normalised:
        return len(levels), _UNRECOGNISED + sanitize_line(banner)
    shown = level + (" // " + " ".join(caveats.split()) if caveats.strip() else "")
    return normalised.index(level), shown


def combine(
    handlings: Iterable[Handling],
    *,
    floor: Marking | None = None,
    levels: Sequence[str] = DEFAULT_LEVELS,
) -> Marking:
    """The most restrictive marking of ``handlings``, never below ``floor``."""
    tlp_rank = TLP_ORDER.index(floor.tlp) if floor else 0
    best_rank, best_text = -1, ""
    candidates: list[str] = [floor.classification] if floor and floor.classification else []
    for handling in handlings:
        tlp_rank = max(tlp_rank, handling.tlp_rank)
        if handling.banner:
            candidates.append(handling.banner)
    for banner in candidates:
        rank, text = rank_banner(banner, levels)
        if rank > best_rank or (rank == best_rank and len(text) > len(best_text)):
            best_rank, best_text = rank, text
    return Marking(TLP_ORDER[tlp_rank], best_text)
