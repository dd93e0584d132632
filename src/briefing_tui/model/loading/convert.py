"""Turn a YAML node tree into typed objects, collecting every problem.

A converter is compiled once per annotation of ``types.py`` and then applied to
nodes. It reports each problem with its node's position and field path, keeps
going after an error (so a file's errors are all collected), and records ids and
references for the cross-reference check in ``rules.py``.

Speed: this runs on every node of every file, so the common case (an untagged
node of the expected kind, a known key, a valid value) is tested inline, with
no call per check; messages are only built on the way to an error.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import msgspec
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..format.dates import PartialDate
from ..format.types import Constraint, ExternalIdRules, Ref, Shorthand
from .rules import STRUCT_RULES
from .scalars import (
    INVALID,
    NULLS,
    Context,
    FieldPath,
    convert_any,
    convert_bool,
    convert_float,
    convert_int,
    convert_partial_date,
    convert_str,
    convert_timestamp,
    describe,
    format_path,
    is_null,
    plain_scalar,
    scalar_text,
)
from .yaml_reader import IMPLICIT

__all__ = ["INVALID", "Context", "FieldPath", "compile_type", "format_path", "plain_scalar"]

Converter = Callable[[Node, Context, FieldPath], Any]

_SCALARS: dict[Any, Converter] = {
    str: convert_str,
    bool: convert_bool,
    int: convert_int,
    float: convert_float,
    PartialDate: convert_partial_date,
    datetime: convert_timestamp,
    Any: convert_any,
}


def _not_a(kind: str, node: Node, ctx: Context, path: FieldPath) -> Any:
    """The error for a node that is not ``kind`` (or carries a tag)."""
    if node.tag != IMPLICIT:
        return ctx.error(node, path, f"tags are not allowed (found {node.tag})")
    return ctx.error(node, path, f"expected {kind}, got {describe(node)}")


# --- constraints ---------------------------------------------------------------------

Check = tuple[Callable[[Any], object], Callable[[Any], str]]
"""A test that is truthy for a good value, and the message for a bad one."""


def _pattern_check(pattern: str, description: str | None) -> Check:
    # JSON Schema's `$` ends the text; Python's also matches before a final newline.
    compiled = re.compile(pattern.removesuffix("$") + r"\Z" if pattern.endswith("$") else pattern)
    wanted = description or f"of the form {pattern}"
    return compiled.search, lambda value: f"{value!r} is not {wanted}"


def _range_check(low: float | None, high: float | None) -> Check:
    def test(value: Any) -> bool:
        return (low is None or value >= low) and (high is None or value <= high)

    def message(value: Any) -> str:
        return f"{value} is below {low}" if low is not None and value < low else (
            f"{value} is above {high}"
        )  # fmt: skip

    return test, message


def _constrained(inner: Converter, metas: tuple[Any, ...]) -> Converter:
    checks: list[Check] = []
    for meta in metas:
        if isinstance(meta, (msgspec.Meta, Constraint)):
            if meta.pattern is not None:
                checks.append(_pattern_check(meta.pattern, meta.description))
            if meta.ge is not None or meta.le is not None:
                checks.append(_range_check(meta.ge, meta.le))
    collection = next((meta.collection for meta in metas if isinstance(meta, Ref)), None)

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        value = inner(node, ctx, path)
        if value is INVALID:
            return value
        for test, message in checks:
            if not test(value):
                return ctx.error(node, path, message(value))
        if collection is not None:
            ctx.refs.append((collection, value, node, path))
        return value

    return convert


# --- composite converters ------------------------------------------------------------


def _literal(choices: tuple[Any, ...]) -> Converter:
    allowed = {str(choice): choice for choice in choices}
    shown = ", ".join(allowed)

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if node.tag == IMPLICIT and type(node) is ScalarNode:
            choice = allowed.get(node.value)
            if choice is not None:
                return choice
        text = scalar_text(node, ctx, path, f"one of {shown}")
        if text is INVALID:
            return text
        close = difflib.get_close_matches(text.lower(), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return ctx.error(node, path, f"{text!r} is not one of {shown}{hint}")

    return convert


def _sequence(item: Converter) -> Converter:
    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if node.tag != IMPLICIT or type(node) is not SequenceNode:
            return (
                () if node.tag == IMPLICIT and is_null(node) else _not_a("a list", node, ctx, path)
            )
        errors_before = ctx.errors
        values = [item(child, ctx, (*path, i)) for i, child in enumerate(node.value)]
        if ctx.errors == errors_before:  # then no item is INVALID
            return tuple(values)
        return tuple(value for value in values if value is not INVALID)

    return convert


def _optional(inner: Converter) -> Converter:
    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if type(node) is ScalarNode and not node.style and node.value in NULLS:
            return None
        return inner(node, ctx, path)

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
        if optional and is_null(node):
            return None
        converter = by_kind.get(type(node))
        if converter is None:
            return _not_a(expected, node, ctx, path)
        return converter(node, ctx, path)

    return convert


def _external_ids(rules: ExternalIdRules) -> Converter:
    """A mapping scheme -> id text; known schemes checked for their form, others ``x-``."""
    known = {
        scheme: _pattern_check(pattern, f"{description}, as {scheme!r} needs")
        for scheme, pattern, description in rules.known
    }
    other_test, _ = _pattern_check(rules.other_scheme, rules.other_description)
    shown = ", ".join(known)

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if node.tag == IMPLICIT and is_null(node):
            return {}
        if node.tag != IMPLICIT or type(node) is not MappingNode:
            return _not_a("a mapping of scheme to id", node, ctx, path)
        errors_before = ctx.errors
        found: dict[str, str] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            scheme = scalar_text(key_node, ctx, path, "a scheme name")
            if scheme is INVALID:
                continue
            where = (*path, scheme)
            if scheme in seen:
                first = seen[scheme].start_mark.line + 1
                ctx.error(key_node, where, f"duplicate key {scheme!r} (first at line {first})")
                continue
            seen[scheme] = key_node
            check = known.get(scheme)
            if check is None and not other_test(scheme):
                ctx.error(
                    key_node, where,
                    f"unknown id scheme {scheme!r}: use one of {shown}, or a name starting"
                    f" with x- ({rules.other_description})",
                )  # fmt: skip
                continue
            value = convert_str(value_node, ctx, where)
            if value is INVALID:
                continue
            if check is not None and not check[0](value):
                ctx.error(value_node, where, check[1](value))
                continue
            found[scheme] = value
        return found if ctx.errors == errors_before else INVALID

    return convert


StructRules = Callable[[Any], Iterable[str]]


def _struct(cls: type[msgspec.Struct], shorthand: str | None) -> Converter:
    fields: dict[str, tuple[str, Converter, bool]] = {}
    required: list[str] = []
    for info in msgspec.structs.fields(cls):
        fields[info.encode_name] = (info.name, compile_type(info.type), _is_optional(info.type))
        if info.required:
            required.append(info.encode_name)
    names = list(fields)
    rules: StructRules | None = STRUCT_RULES.get(cls)

    def build(values: dict[str, Any], node: Node, ctx: Context, path: FieldPath) -> Any:
        obj = cls(**values)
        if rules is not None:
            for message in rules(obj):
                ctx.error(node, path, message)
        return obj

    def unusual_key(key_node: Node, ctx: Context, path: FieldPath) -> Any:
        return scalar_text(key_node, ctx, path, "a field name")

    def unknown_key(
        key: str, key_node: Node, value_node: Node, ctx: Context, path: FieldPath
    ) -> None:
        close = difflib.get_close_matches(key, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        ctx.warn(key_node, (*path, key), f"unknown field {key!r}{hint}; it is ignored")
        convert_any(value_node, ctx, (*path, key))  # the YAML rules still apply

    def convert(node: Node, ctx: Context, path: FieldPath) -> Any:
        if node.tag != IMPLICIT or type(node) is not MappingNode:
            if shorthand is not None and node.tag == IMPLICIT and type(node) is ScalarNode:
                value = fields[shorthand][1](node, ctx, path)
                return value if value is INVALID else build({shorthand: value}, node, ctx, path)
            return _not_a("a mapping", node, ctx, path)
        errors_before = ctx.errors
        max_string = ctx.max_string
        values: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not (
                key_node.tag == IMPLICIT and type(key_node) is ScalarNode and len(key) <= max_string
            ):
                key = unusual_key(key_node, ctx, path)
                if key is INVALID:
                    continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                ctx.error(key_node, (*path, key), f"duplicate key {key!r} (first at line {first})")
                continue
            seen[key] = key_node
            spec = fields.get(key)
            if spec is None:
                unknown_key(key, key_node, value_node, ctx, path)
                continue
            attribute, converter, optional = spec
            if (
                optional
                and type(value_node) is ScalarNode
                and not value_node.style
                and value_node.value in NULLS
            ):
                continue
            if key == "id" and type(value_node) is ScalarNode:
                ctx.ids.append((value_node.value, value_node, path))
            values[attribute] = converter(value_node, ctx, (*path, key))
        for key in required:
            if key not in seen:
                ctx.error(node, (*path, key), f"missing required field {key!r}")
        if ctx.errors != errors_before:  # also: no value is INVALID otherwise
            return INVALID
        return build(values, node, ctx, path)

    return convert


def _is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(
        None
    ) in typing.get_args(tp)


def _free_mapping(node: Node, ctx: Context, path: FieldPath) -> Any:
    """``extensions``: a mapping of free data (any other value is an error)."""
    if not isinstance(node, MappingNode):
        return _not_a("a mapping", node, ctx, path)
    return convert_any(node, ctx, path)


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
        id_rules = next((m for m in metas if isinstance(m, ExternalIdRules)), None)
        if id_rules is not None:
            return _external_ids(id_rules)
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
        return _free_mapping
    if origin is typing.Literal:
        return _literal(typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _struct(tp, None)
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"no converter for {tp!r}")  # pragma: no cover - a bug in types.py
