"""Briefing data as YAML text the reader loads back unchanged."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["dump_briefing"]


def dump_briefing(data: dict[str, Any]) -> str:
    """Block-style YAML, keys in the given order, non-ASCII kept, controls escaped."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when built with it
    text: str = yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100,
        default_flow_style=False,
    )  # fmt: skip
    return text
