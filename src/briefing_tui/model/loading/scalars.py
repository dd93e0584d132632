"""Scalar converters: YAML text to str, bool, numbers, dates and free data.

Every converter takes ``(node, ctx, path)``, returns the value or ``INVALID``
after reporting a problem at the node. The common case (an untagged scalar of
the expected kind) is checked inline first; everything unusual goes to a slow
path that finds the exact problem. Plain scalars are read by the YAML 1.2 core
schema, and only where the format expects a number, a boolean or free data: a
``title: NO`` stays the text ``NO``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Final

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..format.dates import PartialDate, parse_timestamp
from ..format.problems import Problem, Severity
from .yaml_reader import IMPLICIT, Limits

__all__ = [
    "INVALID",
    "Context",
    "FieldPath",
    "convert_any",
    "core_value",
    "describe",
    "format_path",
    "is_null",
    "plain_scalar",
    "scalar_text",
]

FieldPath = tuple[str | int, ...]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final[Any] = _Invalid()
"""Returned by a converter whose node had an error; the error is always reported
(counted in ``Context.errors``) before ``INVALID`` is returned."""

NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
TRUE: Final = frozenset({"true", "True", "TRUE"})
FALSE: Final = frozenset({"false", "False", "FALSE"})
_NOT_TEXT = NULLS | TRUE | FALSE
"""Plain scalars that a text field refuses: they are null or a boolean."""
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
_MAX_DIGITS = 4000
"""Longer integers are refused (Python refuses to convert more than 4,300 digits)."""


def format_path(path: FieldPath) -> str:
    """``("incidents", 2, "quotes", 0)`` -> ``incidents[2].quotes[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(slots=True)
class Context:
    """What one file's conversion collects."""

    path: str
    limits: Limits
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0
    ids: list[tuple[str, Node, FieldPath]] = field(default_factory=list)
    """Every ``id`` field: (id, node, path)."""
    refs: list[tuple[str, str, Node, FieldPath]] = field(default_factory=list)
    """Every reference: (collection, id, node, path)."""
    max_string: int = field(init=False)
    """``limits.max_string``, read once per scalar."""

    def __post_init__(self) -> None:
        self.max_string = self.limits.max_string

    def error(self, node: Node, path: FieldPath, message: str) -> Any:
        """Report an error at ``node``; returns ``INVALID``."""
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, "error", format_path(path), message)
        )
        self.errors += 1
        return INVALID

    def warn(self, node: Node, path: FieldPath, message: str) -> None:
        """Report a warning (a likely mistake) at ``node``."""
        self._report(node, path, "warning", message)

    def note(self, node: Node, path: FieldPath, message: str) -> None:
        """Report a note (legal, worth knowing; ``--strict`` leaves it) at ``node``."""
        self._report(node, path, "note", message)

    def _report(self, node: Node, path: FieldPath, severity: Severity, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, severity, format_path(path), message)
        )


def is_null(node: Node) -> bool:
    """An untagged plain empty value: ``~``, ``null`` or nothing at all."""
    return type(node) is ScalarNode and not node.style and node.value in NULLS


def describe(node: Node) -> str:
    """What a node holds, for messages: ``a list``, ``the boolean true``..."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if not isinstance(node, ScalarNode) or node.style:
        return "text"
    try:
        value = core_value(node.value)
    except ValueError:
        return "a number"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {node.value}"
    if isinstance(value, (int, float)):
        return f"the number {node.value}"
    return "text"


def plain_scalar(node: ScalarNode) -> Any:
    """A plain scalar by the YAML 1.2 core schema: null, bool, int, float or str.

    Raises ValueError for an integer too long to convert.
    """
    return core_value(node.value)


def core_value(value: str) -> Any:
    """The value of a plain scalar's text by the YAML 1.2 core schema (see above)."""
    if value in NULLS:
        return None
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    if _INT.fullmatch(value):
        if len(value) > _MAX_DIGITS:
            raise ValueError(f"this number has {len(value):,} digits; the limit is {_MAX_DIGITS:,}")
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return _SPECIAL_FLOATS.get(value, value)


def _quoted(node: Node) -> bool:
    """A scalar written quoted or as a block (``|``, ``>``): never null, bool or number."""
    return bool(getattr(node, "style", None))


def scalar_text(node: Node, ctx: Context, path: FieldPath, what: str) -> Any:
    """The text of a scalar node, or ``INVALID`` after reporting why not."""
    if node.tag != IMPLICIT:
        return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
    if not isinstance(node, ScalarNode):
        return ctx.error(node, path, f"expected {what}, got {describe(node)}")
    value: str = node.value
    if len(value) > ctx.max_string:
        return ctx.error(
            node, path, f"this text is {len(value):,} characters; the limit is {ctx.max_string:,}"
        )
    return value


# --- converters ----------------------------------------------------------------------


def convert_str(node: Node, ctx: Context, path: FieldPath) -> Any:
    """Text; a plain null or boolean is refused, plain numbers stay as written."""
    if node.tag == IMPLICIT and type(node) is ScalarNode:
        value: str = node.value
        if len(value) <= ctx.max_string and (node.style or value not in _NOT_TEXT):
            return value
    text = scalar_text(node, ctx, path, "text")
    if text is INVALID or _quoted(node):
        return text
    if text in NULLS:
        return ctx.error(node, path, "expected text, got an empty value")
    return ctx.error(node, path, f"expected text, got the boolean {text}; put it in quotes")


def convert_bool(node: Node, ctx: Context, path: FieldPath) -> Any:
    """``true`` or ``false`` (any case form of the core schema), unquoted."""
    text = scalar_text(node, ctx, path, "true or false")
    if text is INVALID:
        return text
    if not _quoted(node):
        if text in TRUE:
            return True
        if text in FALSE:
            return False
    return ctx.error(node, path, f"expected true or false, got {text!r}")


def _number(node: Node, ctx: Context, path: FieldPath, what: str) -> Any:
    text = scalar_text(node, ctx, path, what)
    if text is INVALID:
        return text
    if _quoted(node):
        return ctx.error(node, path, f"expected {what}, got {text!r}")
    try:
        return core_value(text)
    except ValueError as error:
        return ctx.error(node, path, str(error))


def convert_int(node: Node, ctx: Context, path: FieldPath) -> Any:
    """A whole number written plainly."""
    value = _number(node, ctx, path, "a whole number")
    if value is INVALID or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return ctx.error(node, path, f"expected a whole number, got {node.value!r}")


def convert_float(node: Node, ctx: Context, path: FieldPath) -> Any:
    """Any number written plainly."""
    value = _number(node, ctx, path, "a number")
    if value is INVALID:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return ctx.error(node, path, f"expected a number, got {node.value!r}")


_dates: dict[str, PartialDate] = {}
"""Parsed dates by text; they are immutable, so files share them."""


def convert_partial_date(node: Node, ctx: Context, path: FieldPath) -> Any:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a timestamp, kept as written."""
    if node.tag == IMPLICIT and type(node) is ScalarNode:
        known = _dates.get(node.value)
        if known is not None:
            return known
    text = scalar_text(node, ctx, path, "a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if text is INVALID:
        return text
    try:
        date = PartialDate.parse(text)
    except ValueError as error:
        return ctx.error(node, path, f"{text!r} is not a date: {error}")
    if len(_dates) >= 10_000:
        _dates.clear()
    _dates[text] = date
    return date


def convert_timestamp(node: Node, ctx: Context, path: FieldPath) -> Any:
    """An RFC 3339 timestamp with an offset."""
    text = scalar_text(node, ctx, path, "a timestamp")
    if text is INVALID:
        return text
    try:
        return parse_timestamp(text)
    except ValueError as error:
        return ctx.error(node, path, f"{text!r}: {error}")


def convert_any(node: Node, ctx: Context, path: FieldPath, depth: int = 0) -> Any:
    """Free data (``extensions``): plain YAML 1.2 values, depth-limited."""
    if depth > ctx.limits.max_depth:
        return ctx.error(node, path, f"nesting is deeper than {ctx.limits.max_depth} levels")
    if node.tag != IMPLICIT:
        return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
    if isinstance(node, ScalarNode):
        text = scalar_text(node, ctx, path, "a value")
        if text is INVALID or node.style:
            return text
        try:
            return core_value(text)
        except ValueError as error:
            return ctx.error(node, path, str(error))
    if isinstance(node, SequenceNode):
        return [convert_any(item, ctx, (*path, i), depth + 1) for i, item in enumerate(node.value)]
    out: dict[Any, Any] = {}
    seen: set[tuple[type, str]] = set()
    for key_node, value_node in node.value:
        key = convert_any(key_node, ctx, path, depth + 1)
        if key is INVALID:
            continue
        if isinstance(key, (list, dict)):
            ctx.error(key_node, path, "keys must be plain values")
            continue
        # Keys are the same only with the same YAML type and value: Python finds
        # 1 == True == 1.0, and never finds nan == nan.
        identity = (type(key), repr(key))
        if identity in seen:
            ctx.error(key_node, (*path, str(key)), f"duplicate key {key!r}")
            continue
        seen.add(identity)
        if key in out:  # equal in Python only (1 and true): kept apart by its YAML text
            key = _yaml_text(key)
            if key in out:
                ctx.error(key_node, (*path, key), f"the key {key!r} is given twice")
                continue
        out[key] = convert_any(value_node, ctx, (*path, str(key)), depth + 1)
    return out


def _yaml_text(value: object) -> str:
    """A scalar as YAML 1.2 writes it: ``true``, ``null``, ``1``, ``.nan``."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    return str(value)
