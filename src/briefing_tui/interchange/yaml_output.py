"""Briefing data as YAML text the reader loads back unchanged."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["dump_briefing"]

_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when built with it


class _Dumper(_BASE):  # type: ignore[misc]
    """Never anchors and aliases (the format forbids them), even for a value used twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_briefing(data: dict[str, Any]) -> str:
    """Block-style YAML, keys in the given order, non-ASCII kept, controls escaped."""
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
        default_flow_style=False,
    )  # fmt: skip
    return text
