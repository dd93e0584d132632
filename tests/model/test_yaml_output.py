"""Imported briefings are written as YAML: the originals under ``extensions`` as JSON flow
style, which the reader's loader reads back as the very same values."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.interchange.json_input import read_json
from briefing_tui.interchange.yaml_output import dump_briefing, split_briefing, verbatim_problem
from briefing_tui.model import Limits, load_bytes

BRIEFING: dict[str, Any] = {
    "schema": "briefing/v1",
    "id": "brf-x",
    "title": "X",
    "date": "2024",
    "handling": {"tlp": "clear"},
    "summary": "S",
}
texts = st.text(st.characters(exclude_categories=["Cs"]))  # no lone surrogates: refused
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_the_loader_reads_the_json_flow_originals_back_unchanged(original: Any) -> None:
    value = read_json("x.json", json.dumps(original).encode("utf-8"))  # as imports get them
    data = {**BRIEFING, "extensions": {"misp": {"Event": value}}}
    text = dump_briefing(data)
    assert verbatim_problem(data, len(text.encode("utf-8"))) is None
    loaded = load_bytes("x.yaml", text.encode("utf-8"))
    assert not loaded.problems and loaded.briefing is not None, loaded.problems
    assert loaded.briefing.extensions == {"misp": {"Event": value}}


def test_controls_and_line_separators_are_escaped_not_written_raw() -> None:
    event = {"info": "a\x85b\u2028c\u2029d\x7f\x9b\ufeff\x1b"}
    _, extensions = split_briefing({**BRIEFING, "extensions": {"misp": event}})
    assert extensions == (
        'extensions:\n  "misp": {"info": "a\\u0085b\\u2028c\\u2029d\\u007f\\u009b\\ufeff\\u001b"}\n'
    )
    loaded = load_bytes(
        "x.yaml", dump_briefing({**BRIEFING, "extensions": {"misp": event}}).encode()
    )
    assert loaded.briefing is not None and loaded.briefing.extensions == {"misp": event}


def test_a_file_over_the_loaders_size_or_node_limits_is_named() -> None:
    data = {**BRIEFING, "extensions": {"misp": {"values": list(range(50))}}}
    assert verbatim_problem(data, 10, Limits(max_bytes=5)) == (
        "the file would be 10 bytes; the limit is 5"
    )
    assert verbatim_problem(data, 10, Limits(max_nodes=40)) == "more than 40 values"
    assert verbatim_problem(data, 10, Limits(max_nodes=80)) is None
