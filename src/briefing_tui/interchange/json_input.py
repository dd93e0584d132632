"""Untrusted JSON read under limits: every refusal names the file and a position.

Size is checked before decoding; the text must be UTF-8 (a bad byte is named by its
offset, line and column); duplicate keys, ``NaN`` and ``Infinity`` are refused; nesting
depth and the number of values are bounded, and a ``RecursionError`` never escapes.
The stdlib parser is used rather than msgspec because only it reports duplicate keys.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["InterchangeError", "JsonLimits", "pointer", "read_json"]


@dataclass(frozen=True, slots=True)
class JsonLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 48
    """Below the YAML loader's 64: imported originals are nested under ``extensions``."""
    max_values: int = 1_000_000
    max_string: int = 1024 * 1024
    """The reader's limit on one text: an imported original must load as a briefing."""


class InterchangeError(Exception):
    """A file that cannot be imported: ``file: where: message``."""

    def __init__(self, path: str, where: str, message: str) -> None:
        super().__init__(f"{path}: {where}: {message}" if where else f"{path}: {message}")
        self.path = path
        self.where = where
        self.message = message


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901): ``pointer("objects", 3, "name")`` -> ``/objects/3/name``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _LongInteger(ValueError):
    pass


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > _DIGITS:
        raise _LongInteger
    return int(digits)


def _finite(digits: str) -> float:
    value = float(digits)
    if value in (math.inf, -math.inf):
        raise _Constant(f"{digits[:40]} (too large for a number)")
    return value


def _no_constant(name: str) -> Any:
    raise _Constant(name)


class _Constant(ValueError):
    pass


def read_json(path: str, data: bytes, limits: JsonLimits | None = None) -> Any:
    """The decoded JSON value of ``data``; raises ``InterchangeError``."""
    limits = limits or JsonLimits()
    if len(data) > limits.max_bytes:
        raise InterchangeError(
            path, "", f"the file is {len(data):,} bytes; the limit is {limits.max_bytes:,}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(data[: error.start].decode("utf-8", "replace"), error.start)
        raise InterchangeError(
            path,
            f"{line}:{column}",
            f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
        ) from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_no_constant,
            parse_int=_integer,
            parse_float=_finite,
        )
    except _Duplicate as error:
        raise InterchangeError(path, "", f"duplicate key {error.key!r}") from None
    except _Constant as error:
        raise InterchangeError(path, "", f"{error} is not a JSON number") from None
    except _LongInteger:
        raise InterchangeError(path, "", f"an integer of more than {_DIGITS:,} digits") from None
    except json.JSONDecodeError as error:
        raise InterchangeError(path, f"{error.lineno}:{error.colno}", error.msg) from None
    except RecursionError:
        raise InterchangeError(path, "", "the JSON is nested too deeply") from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise InterchangeError(path, "", str(error)) from None
    scalars = len(text) > limits.max_string or _SUSPECT.search(text) is not None
    _check_shape(path, value, limits, scalars)
    return value


_SUSPECT = re.compile(r"\\u[dD][89a-fA-F]")
"""A surrogate escape: the text may hold what a briefing cannot."""


def _check_shape(path: str, value: Any, limits: JsonLimits, scalars: bool) -> None:
    """Depth, value count, and (when ``scalars``) texts and numbers a briefing can hold,
    walked without recursion.

    The walk keeps no positions: only when something is wrong is the value walked again
    (``_refuse``) to name it by its JSON pointer. Without ``scalars`` (a file shorter
    than the longest text, with no surrogate escape or long number) only containers are
    visited.
    """
    count = -1  # the list around the value is not one of its values
    stack: list[tuple[Any, int]] = [([value], 0)]
    while stack:
        item, depth = stack.pop()
        count += 1
        if depth > limits.max_depth:
            _refuse(path, value, limits, f"nested deeper than {limits.max_depth} levels")
        children = item.values() if type(item) is dict else item
        if not scalars:
            count += len(item) if type(item) is dict else 0
            for child in children:
                if type(child) is dict or type(child) is list:
                    stack.append((child, depth + 1))
                else:
                    count += 1
            if count > limits.max_values:
                raise InterchangeError(path, "", f"more than {limits.max_values:,} values")
            continue
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
                continue
            count += 1
            if kind is str and (len(child) > limits.max_string or not child.isprintable()):
                _check_text(path, value, limits, child)
        if type(item) is dict:
            count += len(item)
            for key in item:
                if len(key) > limits.max_string or not key.isprintable():
                    _check_text(path, value, limits, key)
        if count > limits.max_values:
            raise InterchangeError(path, "", f"more than {limits.max_values:,} values")


_DIGITS = 4000
"""The reader's limit on the digits of an integer."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(path: str, value: Any, limits: JsonLimits, text: str) -> None:
    if len(text) > limits.max_string:
        _refuse(path, value, limits, f"a text of {len(text):,} characters; the limit is "
                f"{limits.max_string:,}", text)  # fmt: skip
    if _SURROGATE.search(text):
        _refuse(path, value, limits, "a lone surrogate (\\ud800-\\udfff) is not Unicode", text)


def _refuse(path: str, value: Any, limits: JsonLimits, message: str, text: Any = None) -> None:
    """Raise ``message`` at the pointer of ``text`` (or of the first value too deep)."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 1, ())]
    while stack:
        item, depth, where = stack.pop()
        if text is None and isinstance(item, dict | list) and depth > limits.max_depth:
            raise InterchangeError(path, pointer(*where), message)
        if isinstance(item, dict | list):
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if text is not None and (child is text or key is text):
                    raise InterchangeError(path, pointer(*where, key), message)
                stack.append((child, depth + 1, (*where, key)))
    raise InterchangeError(path, "", message)  # pragma: no cover - the value has it
