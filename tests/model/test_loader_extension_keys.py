"""`extensions` keys are the same only when their YAML type and value are (not by
Python equality, where 1 == true == 1.0 and nan != nan)."""

from __future__ import annotations

import pytest
from loader_cases import MINIMAL, load_text, only_error


def _extensions(mapping: str) -> object:
    result = load_text(MINIMAL + f"extensions: {mapping}\n")
    assert result.briefing is not None, [p.format() for p in result.problems]
    return result.briefing.extensions


def test_one_and_true_zero_and_false_are_different_keys() -> None:
    extensions = _extensions("{1: a, true: b, 0: c, false: d, 1.0: e}")
    assert isinstance(extensions, dict)
    assert sorted(map(str, extensions.values())) == ["a", "b", "c", "d", "e"]
    assert extensions[1] == "a" and extensions[0] == "c"
    assert extensions["true"] == "b" and extensions["false"] == "d"


@pytest.mark.parametrize(
    "mapping", ["{a: 1, 'a': 2}", "{1: a, 0x1: b}", "{.nan: a, .NaN: b}", "{true: a, True: b}"]
)
def test_the_same_yaml_key_twice_is_still_a_duplicate(mapping: str) -> None:
    problem = only_error(load_text(MINIMAL + f"extensions: {mapping}\n"))
    assert "duplicate key" in problem.message
    assert problem.line == 7
