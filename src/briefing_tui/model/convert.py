"""Turn a YAML node tree into typed objects, collecting every problem.

A converter is compiled once per annotation of ``types.py`` and then applied to
nodes. It reports each problem with its node's position and field path, keeps
going after an error (so a file's errors are all collected), and records ids and
references for the cross-reference check in ``references.py``.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import msgspec
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .dates import PartialDate, parse_timestamp
from .problems import Problem
from .types import Ref, Shorthand
from .yaml_reader import IMPLICIT, Limits

__all__ = ["INVALID", "Context", "FieldPath", "compile_type", "format_path", "plain_scalar"]

FieldPath = tuple[str | int, ...]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
"""Returned by a converter whose node had an error (already reported)."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip


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

    def error(self, node: Node, path: FieldPath, message: str) -> _Invalid:
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, "error", format_path(path), message)
        )
        self.errors += 1
        return INVALID

    def warn(self, node: Node, path: FieldPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(
                self.path, mark.line + 1, mark.column + 1, "warning", format_path(path), message
            )
        )


Converter = Callable[[Node, Context, FieldPath], Any]


def _is_plain(node: ScalarNode) -> bool:
    return not node.style


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = plain_scalar(node) if isinstance(node, ScalarNode) and _is_plain(node) else "text"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {node.value}"
    if isinstance(value, (int, float)):
        return f"the number {node.value}"
    return "text"


def plain_scalar(node: ScalarNode) -> Any:
    """A plain scalar by the YAML 1.2 core schema: null, bool, int, float or str."""
    value: str = node.value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if value in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value]
    return value


def _scalar_text(node: Node, ctx: Context, path: FieldPath, what: str) -> str | _Invalid:
    """The text of a scalar node, checking tags and the string limit."""
    if node.tag != IMPLICIT:
        return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
    if not isinstance(node, ScalarNode):
        return ctx.error(node, path, f"expected {what}, got {_describe(node)}")
    if len(node.value) > ctx.limits.max_string:
        return ctx.error(
            node, path, f"this text is {len(node.value):,} characters; the limit is "
            f"{ctx.limits.max_string:,}"
        )  # fmt: skip
    value: str = node.value
    return value


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and _is_plain(node) and node.value in _NULLS


# --- scalar converters -------------------------------------------------------


def _convert_str(node: Node, ctx: Context, path: FieldPath) -> Any:
    text = _scalar_text(node, ctx, path, "text")
    if isinstance(text, _Invalid) or not _is_plain(node):  # type: ignore[arg-type]
        return text
    if text in _NULLS:
        return ctx.error(node, path, "expected text, got an empty value")
    if text in _TRUE or text in _FALSE:
        return ctx.error(node, path, f"expected text, got the boolean {text}; put it in quotes")
    return text  # numbers written plainly are kept as the text written


def _convert_bool(node: Node, ctx: Context, path: FieldPath) -> Any:
    text = _scalar_text(node, ctx, path, "true or false")
    if isinstance(text, _Invalid):
        return text
    if _is_plain(node):  # type: ignore[arg-type]
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return ctx.error(node, path, f"expected true or false, got {text!r}")


def _convert_int(node: Node, ctx: Context, path: FieldPath) -> Any:
    text = _scalar_text(node, ctx, path, "a whole number")
    if isinstance(text, _Invalid):
        return text
    if _is_plain(node) and _INT.fullmatch(text):  # type: ignore[arg-type]
        return plain_scalar(node)  # type: ignore[arg-type]
    return ctx.error(node, path, f"expected a whole number, got {text!r}")


def _convert_float(node: Node, ctx: Context, path: FieldPath) -> Any:
    text = _scalar_text(node, ctx, path, "a number")
    if isinstance(text, _Invalid):
        return text
    value = plain_scalar(node) if _is_plain(node) else None  # type: ignore[arg-type]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return ctx.error(node, path, f"expected a number, got {text!r}")


def _convert_partial_date(node: Node, ctx: Context, path: FieldPath) -> Any:
    text = _scalar_text(node, ctx, path, "a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if isinstance(text, _Invalid):
        return text
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        return ctx.error(node, path, f"{text!r} is not a date: {error}")


def _convert_timestamp(node: Node, ctx: Context, path: FieldPath) -> Any:
    text = _scalar_text(node, ctx, path, "a timestamp")
    if isinstance(text, _Invalid):
        return text
    try:
        return parse_timestamp(text)
    except ValueError as error:
        return ctx.error(node, path, f"{text!r}: {error}")


def _convert_any(node: Node, ctx: Context, path: FieldPath, depth: int = 0) -> Any:
    """Free data (``extensions``): plain YAML 1.2 values, depth-limited."""
    if depth > ctx.limits.max_depth:
        return ctx.error(node, path, f"nesting is deeper than {ctx.limits.max_depth} levels")
    if node.tag != IMPLICIT:
        return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
    if isinstance(node, ScalarNode):
        text = _scalar_text(node, ctx, path, "a value")
        return plain_scalar(node) if text is not INVALID and _is_plain(node) else text
    if isinstance(node, SequenceNode):
        return [_convert_any(item, ctx, (*path, i), depth + 1) for i, item in enumerate(node.value)]
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _convert_any(key_node, ctx, path, depth + 1)
        if isinstance(key, (list, dict)):
            ctx.error(key_node, path, "keys must be plain values")
            continue
        if key in out:
            ctx.error(key_node, (*path, str(key)), f"duplicate key {key!r}")
            continue
        out[key] = _convert_any(value_node, ctx, (*path, str(key)), depth + 1)
    return out


_SCALARS: dict[Any, Converter] = {
    str: _convert_str,
    bool: _convert_bool,
    int: _convert_int,
    float: _convert_float,
    PartialDate: _convert_partial_date,
    datetime: _convert_timestamp,
    Any: _convert_any,
}


# --- constraints and composite converters -------------------------------------


def _pattern_check(pattern: str, description: str | None) -> Callable[[Any], str | None]:
    # JSON Schema's `$` ends the text; Python's also matches before a final newline.
    compiled = re.compile(pattern.removesuffix("$") + r"\Z" if pattern.endswith("$") else pattern)
    wanted = description or f"of the form {pattern}"

    def check(value: Any) -> str | None:
        return None if compiled.search(value) else f"{value!r} is not {wanted}"

    return check


def _range_check(low: float | None, high: float | None) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if low is not None and value < low:
            return f"{value} is below {low}"
        if high is not None and value > high:
            return f"{value} is above {high}"
        return None

    return check


def _constrained(inner: Converter, metas: tuple[Any, ...]) -> Converter:
    checks: list[Callable[[Any], str | None]] = []
    for meta in metas:
        if isinstance(meta, msgspec.Meta):
            if meta.pattern is not None:
                checks.append(_pattern_check(meta.pattern, meta.description))
            if meta.ge is not None or meta.le is not None:
                checks.append(_range_check(meta.ge, meta.le))
    refs = [meta.collection for meta in metas if isinstance(meta, Ref)]

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        value = inner(node, ctx, path)
        if value is INVALID:
            return value
        for check in checks:
            message = check(value)
            if message is not None:
                return ctx.error(node, path, message)
        if refs:
            ctx.refs.append((refs[0], value, node, path))
        return value

    return convert


def _literal(choices: tuple[Any, ...]) -> Converter:
    allowed = {str(choice): choice for choice in choices}
    shown = ", ".join(allowed)

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        text = _scalar_text(node, ctx, path, f"one of {shown}")
        if isinstance(text, _Invalid):
            return text
        if text in allowed:
            return allowed[text]
        close = difflib.get_close_matches(text.lower(), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return ctx.error(node, path, f"{text!r} is not one of {shown}{hint}")

    return convert


def _sequence(item: Converter) -> Converter:
    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if node.tag != IMPLICIT:
            return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
        if not isinstance(node, SequenceNode):
            if _is_null(node):
                return ()
            return ctx.error(node, path, f"expected a list, got {_describe(node)}")
        values = [item(child, ctx, (*path, i)) for i, child in enumerate(node.value)]
        return tuple(v for v in values if v is not INVALID)

    return convert


def _optional(inner: Converter) -> Converter:
    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        return None if _is_null(node) else inner(node, ctx, path)

    return convert


def _union(options: list[Any], optional: bool) -> Converter:
    """One converter per kind of node (text, list, mapping) among ``options``."""
    by_kind: dict[type, Converter] = {}
    for option in options:
        converter = compile_type(option)
        base = (
            typing.get_args(option)[0] if typing.get_origin(option) is typing.Annotated else option
        )
        if isinstance(base, type) and issubclass(base, msgspec.Struct):
            by_kind.setdefault(MappingNode, converter)
        elif typing.get_origin(base) is tuple:
            by_kind.setdefault(SequenceNode, converter)
        else:
            by_kind.setdefault(ScalarNode, converter)

    kinds = {ScalarNode: "text", SequenceNode: "a list", MappingNode: "a mapping"}
    expected = " or ".join(kinds[kind] for kind in kinds if kind in by_kind)

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if optional and _is_null(node):
            return None
        converter = by_kind.get(type(node))
        if converter is None:
            if node.tag != IMPLICIT:
                return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
            return ctx.error(node, path, f"expected {expected}, got {_describe(node)}")
        return converter(node, ctx, path)

    return convert


def _struct(cls: type[msgspec.Struct], shorthand: str | None) -> Converter:
    fields: dict[str, tuple[str, Converter, bool]] = {}
    required: list[str] = []
    for info in msgspec.structs.fields(cls):
        fields[info.encode_name] = (info.name, compile_type(info.type), _is_optional(info.type))
        if info.required:
            required.append(info.encode_name)
    names = list(fields)

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if node.tag != IMPLICIT:
            return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
        if not isinstance(node, MappingNode):
            if shorthand is not None and isinstance(node, ScalarNode):
                return _build(
                    cls, {shorthand: fields[shorthand][1](node, ctx, path)}, node, ctx, path
                )
            return ctx.error(node, path, f"expected a mapping, got {_describe(node)}")
        errors_before = ctx.errors
        values: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _scalar_text(key_node, ctx, path, "a field name")
            if isinstance(key, _Invalid):
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                ctx.error(key_node, (*path, key), f"duplicate key {key!r} (first at line {first})")
                continue
            seen[key] = key_node
            spec = fields.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                ctx.warn(key_node, (*path, key), f"unknown field {key!r}{hint}; it is ignored")
                _convert_any(value_node, ctx, (*path, key))  # the YAML rules still apply
                continue
            attribute, converter, optional = spec
            if optional and _is_null(value_node):
                continue
            if key == "id" and isinstance(value_node, ScalarNode):
                ctx.ids.append((value_node.value, value_node, path))
            values[attribute] = converter(value_node, ctx, (*path, key))
        for key in required:
            if key not in seen:
                ctx.error(node, (*path, key), f"missing required field {key!r}")
        if ctx.errors != errors_before:
            return INVALID
        return _build(cls, values, node, ctx, path)

    return convert


def _build(cls: type[msgspec.Struct], values: dict[str, Any], node: Node, ctx: Context,
           path: FieldPath) -> Any:  # fmt: skip
    from .rules import check_struct

    if any(value is INVALID for value in values.values()):
        return INVALID
    obj = cls(**values)
    for message in check_struct(obj):
        ctx.error(node, path, message)
    return obj


def _is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(
        None
    ) in typing.get_args(tp)


_cache: dict[Any, Converter] = {}


def compile_type(tp: Any) -> Converter:
    """The converter for one annotation of ``types.py`` (cached)."""
    try:
        return _cache[tp]
    except (KeyError, TypeError):
        pass
    converter = _compile(tp)
    try:
        _cache[tp] = converter
    except TypeError:  # pragma: no cover - unhashable annotation
        pass
    return converter


def _compile(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *metas = typing.get_args(tp)
        shorthand = next((m.field for m in metas if isinstance(m, Shorthand)), None)
        if shorthand is not None:
            return _struct(base, shorthand)
        return _constrained(compile_type(base), tuple(metas))
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        options = [a for a in args if a is not type(None)]
        optional = len(options) != len(args)
        if len(options) == 1:
            inner = compile_type(options[0])
            return inner if not optional else _optional(inner)
        return _union(options, optional)
    if origin is tuple:
        return _sequence(compile_type(typing.get_args(tp)[0]))
    if origin is dict:
        return _convert_any
    if origin is typing.Literal:
        return _literal(typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _struct(tp, None)
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"no converter for {tp!r}")  # pragma: no cover - a bug in types.py
