"""Untrusted JSON is read under limits; every refusal names the file and a position."""

from __future__ import annotations

import json

import pytest

from briefing_tui.interchange.json_input import InterchangeError, JsonLimits, pointer, read_json


def refusal(data: bytes, limits: JsonLimits | None = None) -> str:
    with pytest.raises(InterchangeError) as caught:
        read_json("in.json", data, limits)
    return str(caught.value)


def test_valid_json_is_decoded() -> None:
    assert read_json("in.json", b'{"a": [1, "\\u00e9"]}') == {"a": [1, "é"]}


def test_the_size_limit_is_checked_before_decoding() -> None:
    message = refusal(b"\xff" * 100, JsonLimits(max_bytes=10))
    assert message == "in.json: the file is 100 bytes; the limit is 10"


def test_invalid_utf8_is_named_by_line_column_and_offset() -> None:
    assert refusal(b'{\n "a": "x\xff"}') == "in.json: 2:9: not UTF-8: byte 0xff at offset 10"


def test_duplicate_keys_are_refused() -> None:
    assert refusal(b'{"id": 1, "id": 2}') == "in.json: duplicate key 'id'"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    assert refusal(f"[1, {constant}]".encode()) == f"in.json: {constant} is not a JSON number"


def test_syntax_errors_have_line_and_column() -> None:
    assert refusal(b'{"a": 1,\n}').startswith("in.json: 2:1: ")


def test_depth_is_bounded_and_names_the_pointer() -> None:
    message = refusal(b'{"x": [[[1]]]}', JsonLimits(max_depth=3))
    assert message == "in.json: /x/0/0: nested deeper than 3 levels"


def test_a_very_deep_file_is_an_error_not_a_recursion_error() -> None:
    assert "nested" in refusal(b"[" * 200_000 + b"]" * 200_000)


def test_the_number_of_values_is_bounded() -> None:
    assert refusal(b"[1, 2, 3, 4]", JsonLimits(max_values=3)) == "in.json: more than 3 values"


def test_pointers_escape_slash_and_tilde() -> None:
    assert pointer("objects", 3, "a/b~c") == "/objects/3/a~1b~0c"


def test_texts_the_reader_would_refuse_are_refused_with_their_pointer() -> None:
    long = refusal(b'{"a": [1, "' + b"x" * 20 + b'"]}', JsonLimits(max_string=10))
    assert long == "in.json: /a/1: a text of 20 characters; the limit is 10"
    assert refusal(b'{"a": {"b": "\\ud800"}}') == (
        "in.json: /a/b: a lone surrogate (\\ud800-\\udfff) is not Unicode"
    )
    assert refusal(b'{"\\udfff": 1}').startswith("in.json: /\udfff: a lone surrogate")
    huge = b"[" + b"9" * 4100 + b"]"
    assert refusal(huge) == "in.json: an integer of more than 4,000 digits"
    assert refusal(b"[-" + b"9" * 4400 + b"]") == "in.json: an integer of more than 4,000 digits"
    assert read_json("in.json", b"[-" + b"9" * 4000 + b"]") == [-int("9" * 4000)]
    too_large = "in.json: 1e400 (too large for a number) is not a JSON number"
    assert refusal(b'{"a": 1e400}') == too_large


@pytest.mark.parametrize("scalar", [b"null", b'"x"', b"3"])
def test_a_file_that_is_one_scalar_is_decoded(scalar: bytes) -> None:
    assert read_json("in.json", scalar) == json.loads(scalar)
