"""Briefing data as YAML text the reader loads back unchanged.

The briefing is written in block style. Its ``extensions`` (the imported originals, kept
verbatim: often most of the file) are written as JSON, which is YAML flow style, in one
``json.dumps`` pass, with every character YAML would not take raw written as an escape.
The importer loads the rest back with the reader's loader; the originals, decoded from
JSON by ``json_input`` (which refuses texts the loader would refuse), are checked for
the loader's size and node limits (``verbatim_problem``) rather than parsed again, which
cost four times the rest of the import.
tests/model/test_yaml_output.py shows the loader reads such JSON back as the same value.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..model.loading.yaml_reader import Limits

__all__ = ["dump_briefing", "split_briefing", "verbatim_problem"]

_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when built with it
_NOT_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""What YAML does not print raw (DEL, C1) or the loader refuses raw (NEL, LS, PS, BOM)."""


class _Dumper(_BASE):  # type: ignore[misc]
    """Never anchors and aliases (the format forbids them), even for a value used twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def split_briefing(data: dict[str, Any]) -> tuple[str, str]:
    """The YAML of ``data`` as (the briefing in block style, its ``extensions`` as JSON)."""
    head = {key: value for key, value in data.items() if key != "extensions"}
    text: str = yaml.dump(
        head, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
        default_flow_style=False,
    )  # fmt: skip
    extensions = data.get("extensions")
    if not extensions:
        return text, ""
    lines = ["extensions:\n"]
    for key, value in extensions.items():
        flow = json.dumps(value, ensure_ascii=False, allow_nan=False)
        lines.append(f"  {json.dumps(key)}: {_NOT_RAW.sub(_escape, flow)}\n")
    return text, "".join(lines)


def dump_briefing(data: dict[str, Any]) -> str:
    """The whole file: block-style YAML, keys in the given order, non-ASCII kept, controls
    escaped, the extensions in JSON flow style."""
    head, extensions = split_briefing(data)
    return head + extensions


def verbatim_problem(data: dict[str, Any], size: int, limits: Limits | None = None) -> str | None:
    """Why the loader would refuse the file of ``data`` (``size`` bytes) for its
    ``extensions`` written as JSON, or None: its size and number of values (the texts and
    the nesting are within the loader's limits already: ``json_input`` checked them)."""
    limits = limits or Limits()
    if size > limits.max_bytes:
        return f"the file would be {size:,} bytes; the limit is {limits.max_bytes:,}"
    count = 1
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        count += len(item)
        if type(item) is dict:
            count += len(item)
            item = item.values()
        for child in item:
            if type(child) is dict or type(child) is list:
                stack.append(child)
    if count > limits.max_nodes:
        return f"more than {limits.max_nodes:,} values"
    return None
