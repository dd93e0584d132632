"""STIX marking definitions to a briefing's handling: markings only ever rise.

TLP 1.0 and TLP 2.0 marking-definition ids are known by id, so a bundle may cite them
without including them. Object-level and granular markings all count, and the most
restrictive wins. A statement marking becomes a handling statement. Any other marking is
unknown: the import is refused unless a TLP is given, and even then the unknown id is kept
in the banner, which ``model.marking`` ranks above every known level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.format.types import TLP_ORDER

__all__ = ["TLP_BY_ID", "UNKNOWN_MARKING_BANNER", "HandlingFound", "collect_markings"]

TLP_BY_ID: dict[str, str] = {
    # TLP 1.0, predefined in STIX 2.1 (section 7.2.1.4)
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
    # TLP 2.0, extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
}
"""The official TLP marking-definition ids and their TLP 2.0 level."""

UNKNOWN_MARKING_BANNER = "STIX "
"""The banner prefix for unknown markings; it matches no level, so it ranks above all."""


@dataclass(slots=True)
class HandlingFound:
    """What the markings of a briefing's objects say."""

    tlp: str | None = None
    statements: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)
    """Statement markings that carry a briefing's banner (``x_briefing_role: banner``)."""

    def raise_tlp(self, level: str) -> None:
        if self.tlp is None or TLP_ORDER.index(level) > TLP_ORDER.index(self.tlp):
            self.tlp = level

    def handling(self, given_tlp: str | None) -> dict[str, Any] | None:
        """The briefing's ``handling``, or None when a TLP must be given and was not."""
        if given_tlp is not None:
            self.raise_tlp(given_tlp)
        elif self.tlp is None or self.unknown:
            return None
        assert self.tlp is not None
        handling: dict[str, Any] = {"tlp": self.tlp}
        banners = list(dict.fromkeys(self.banners))
        if self.unknown:  # first, so the whole banner matches no level and ranks above all
            banners.insert(0, UNKNOWN_MARKING_BANNER + ", ".join(self.unknown))
        if banners:
            handling["banner"] = " + ".join(banners)
        if self.statements:
            handling["statements"] = list(dict.fromkeys(self.statements))
        return handling


def _definition_level(definition: Mapping[str, Any]) -> str | None:
    """The TLP level a bundled marking-definition states, if it is a TLP one."""
    if definition.get("definition_type") == "tlp":
        tlp = (definition.get("definition") or {}).get("tlp")
        if isinstance(tlp, str) and tlp.lower() in ("white", "green", "amber", "red"):
            return "clear" if tlp.lower() == "white" else tlp.lower()
    return None


def collect_markings(
    marked: Iterable[Mapping[str, Any]], definitions: Mapping[str, Mapping[str, Any]]
) -> HandlingFound:
    """The markings of ``marked`` objects, resolved through known ids and ``definitions``."""
    found = HandlingFound()
    refs: list[str] = []
    for obj in marked:
        refs.extend(ref for ref in obj.get("object_marking_refs") or () if isinstance(ref, str))
        for granular in obj.get("granular_markings") or ():
            if isinstance(granular, dict) and isinstance(granular.get("marking_ref"), str):
                refs.append(granular["marking_ref"])
    for ref in dict.fromkeys(refs):
        level = TLP_BY_ID.get(ref)
        definition = definitions.get(ref)
        if level is None and definition is not None:
            level = _definition_level(definition)
            statement = (definition.get("definition") or {}).get("statement")
            if definition.get("definition_type") == "statement" and isinstance(statement, str):
                banner = definition.get("x_briefing_role") == "banner"
                (found.banners if banner else found.statements).append(statement)
                continue
        if level is None:
            found.unknown.append(ref)
        else:
            found.raise_tlp(level)
    return found
