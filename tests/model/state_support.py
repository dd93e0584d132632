"""Briefings to read in the reading-state tests, and a clock that only moves when told."""

from __future__ import annotations

from pathlib import Path

import msgspec

from briefing_tui.model import Briefing, Handling, load_file

REPO = Path(__file__).resolve().parents[2]
SINGLE = REPO / "tests" / "data" / "single" / "canada-china-security-cooperation.yaml"


def sample() -> Briefing:
    briefing = load_file(SINGLE).briefing
    assert briefing is not None and len(briefing.incidents) >= 2
    return briefing


def variant(briefing: Briefing, *, briefing_id: str | None = None, **changes: object) -> Briefing:
    """``briefing`` with other fields (``tlp`` and ``banner`` go into its handling)."""
    handling = briefing.handling
    if "tlp" in changes or "banner" in changes:
        handling = Handling(
            tlp=str(changes.pop("tlp", handling.tlp)),
            banner=changes.pop("banner", handling.banner),  # type: ignore[arg-type]
        )
    return msgspec.structs.replace(
        briefing, id=briefing_id or briefing.id, handling=handling, **changes
    )


class FakeClock:
    """Nanoseconds that advance by one second per reading."""

    def __init__(self, start: int = 1_700_000_000 * 10**9) -> None:
        self.now = start

    def __call__(self) -> int:
        self.now += 10**9
        return self.now
