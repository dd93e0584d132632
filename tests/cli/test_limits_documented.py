"""docs/format.md lists every limit in one table, with the values the code uses: a limit
changed in the code without the docs (or the other way round) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing_tui.interchange.json_input import JsonLimits
from briefing_tui.model import Limits
from briefing_tui.model.loading import scalars
from briefing_tui.model.search import entities, find, query
from briefing_tui.terminal import MIN_HEIGHT, MIN_WIDTH

FORMAT = Path(__file__).resolve().parents[2] / "docs" / "format.md"
README = Path(__file__).resolve().parents[2] / "README.md"


def limits_table() -> dict[str, str]:
    """The table under ``## Limits``: what -> its limit."""
    section = FORMAT.read_text(encoding="utf-8").split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (?!What|---)([^|]+?) \| ([^|]+?) \|", section, re.M)
    return dict(rows)


def the_code() -> dict[str, list[str]]:
    """What each row must say, from the constants themselves."""
    files, json = Limits(), JsonLimits()
    spread = find._SPREAD_LIMITS
    return {
        "File size": [f"{files.max_bytes // 1024 // 1024} MiB", f"{files.max_bytes:,} bytes"],
        "Nesting depth": [f"{files.max_depth} levels"],
        "One string": [f"{files.max_string:,} characters"],
        "Nodes per file": [f"{files.max_nodes:,}"],
        "Digits in one number": [f"{scalars._MAX_DIGITS:,}"],
        "A filter query": [
            f"{query.MAX_QUERY_LENGTH:,} characters",
            f"{query._MAX_DEPTH} nested parentheses",
        ],
        "A regular expression in find": [f"{round(find.FIND_BUDGET * 1000)} ms"],
        "Text one regular expression searches": [
            f"{spread[0]:,} characters",
            f"{spread[1]:,} with one",
            f"{spread[2]:,} with two",
            f"more than {('one', 'two', 'three')[len(spread) - 2]}",
        ],
        "`briefing import` of a JSON file": [
            f"{json.max_bytes // 1024 // 1024} MiB",
            f"nesting depth {json.max_depth}",
            f"{json.max_values:,} values",
        ],
        "Entities across the library": [f"more than {entities.DEFAULT_MAX_BRIEFINGS} briefings"],
        "The terminal": [f"{MIN_WIDTH} columns by {MIN_HEIGHT} lines"],
    }


def test_the_limits_table_has_a_row_for_every_limit_and_no_other() -> None:
    assert sorted(limits_table()) == sorted(the_code())


@pytest.mark.parametrize("what", list(the_code()))
def test_each_documented_limit_is_the_one_the_code_uses(what: str) -> None:
    written = limits_table()[what]
    for value in the_code()[what]:
        assert value in written, f"{what}: docs say {written!r}, the code {value!r}"


def test_the_nodes_limit_in_the_prose_and_the_readme_points_to_the_table() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    assert f"about {Limits().max_nodes // 5:,} such incidents" in text
    assert "docs/format.md#limits" in README.read_text(encoding="utf-8")
