"""Files that YAML 1.1 (libyaml) and YAML 1.2 (the format) would read differently
are refused; positions count lines as the format does (LF, CRLF, CR)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_cases import MINIMAL, load_text, only_error, replace_line

from briefing_tui.model import Handling, load_bytes

HEAD = "schema: briefing/v1\nid: brf-x\ntitle: T\ndate: 2018-12-10\nsummary: Routine summary.\n"

ISSUE_FILE = (
    HEAD + '# reviewer notes{sep}extensions: "\n'
    "handling: {{tlp: red, banner: TOP SECRET}}\n"
    '# end" {sep}handling: {{tlp: clear, banner: UNCLASSIFIED}}\n'
)


@pytest.mark.parametrize(
    ("sep", "name", "escape"),
    [("\x85", "NEL", "\\N"), ("\u2028", "LS", "\\L"), ("\u2029", "PS", "\\P")],
)
def test_a_line_break_only_yaml_1_1_knows_is_refused_where_it_stands(
    sep: str, name: str, escape: str
) -> None:
    result = load_text(ISSUE_FILE.format(sep=sep))
    assert result.briefing is None
    first = result.errors[0]
    assert (first.line, first.column) == (6, 17)
    assert name in first.message and escape in first.message
    assert "double-quoted" in first.message


def test_a_handling_hidden_behind_a_comment_is_refused() -> None:
    text = replace_line(
        MINIMAL, "handling:", "# handling is set by the site\x85handling: {tlp: clear}"
    )
    problem = only_error(load_text(text))
    assert (problem.line, problem.column) == (5, 30)


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_a_raw_separator_is_refused_inside_quoted_text_too(char: str) -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "title:", f'title: "a{char}b"')))
    assert (problem.line, problem.column) == (3, 10)


def test_the_escapes_the_message_suggests_load() -> None:
    result = load_text(replace_line(MINIMAL, "title:", 'title: "a\\Nb\\Lc\\Pd"'))
    assert result.briefing is not None
    assert result.briefing.title == "a\x85b\u2028c\u2029d"


def test_a_byte_order_mark_inside_the_file_is_refused() -> None:
    # libyaml skips a BOM at the start of any line: it would read "handling" here.
    text = replace_line(MINIMAL, "handling:", "\ufeffhandling: {tlp: clear}")
    problem = only_error(load_text(text))
    assert (problem.line, problem.column) == (5, 1)
    assert "U+FEFF" in problem.message


# --- item 2: positions with other line ends -------------------------------------------


def test_a_separator_in_a_comment_is_reported_on_its_own_line() -> None:
    text = MINIMAL.replace("date:", "# x\x85y\ndate:")
    problem = only_error(load_text(text))
    assert (problem.line, problem.column) == (4, 4)


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_invalid_utf8_positions_count_every_line_end(end: str) -> None:
    data = MINIMAL.replace("\n", end).encode() + b"subtitle: caf\xff" + end.encode()
    problem = only_error(load_bytes("t.yaml", data))
    assert (problem.line, problem.column) == (7, 14)


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_schema_error_positions_count_cr_line_ends(end: str) -> None:
    text = replace_line(MINIMAL, "date:", "date: 2018-13").replace("\n", end)
    problem = only_error(load_bytes("t.yaml", text.encode()))
    assert (problem.line, problem.column, problem.field) == (4, 7, "date")


# --- the property: what loads reads the same in YAML 1.2 -------------------------------

_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\n\ufeff", "\t\n"]
_LINES = [
    "# a comment",
    'extensions: "',
    '# end"',
    "extensions: |",
    "  kept",
    "handling: {tlp: red, banner: TOP SECRET}",
    "handling: {tlp: clear, banner: UNCLASSIFIED}",
    "handling:",
    "  tlp: clear",
    "  tlp: amber",
    "  banner: SECRET",
    '  banner: "SECRET',
    '  x"',
    "subtitle: a",
]
_YAML_1_1_ONLY = str.maketrans({"\x85": "_", "\u2028": "_", "\u2029": "_", "\ufeff": "_"})


def _yaml_1_2_reading(text: str) -> str:
    """The same file for a YAML 1.2 reader: the characters that only break lines (or
    vanish) in YAML 1.1 are ordinary text there, as ``_`` is."""
    return text.translate(_YAML_1_1_ONLY)


def _handling(text: str) -> Handling | None:
    result = load_bytes("p.yaml", text.encode())
    return result.briefing.handling if result.briefing else None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_LINES), st.sampled_from(_BREAKS)), max_size=8))
def test_no_file_loads_whose_yaml_1_2_reading_has_another_handling(
    lines: list[tuple[str, str]],
) -> None:
    text = HEAD + "".join(line + end for line, end in lines)
    shown = _handling(text)
    if shown is not None:
        assert _handling(_yaml_1_2_reading(text)) == shown
