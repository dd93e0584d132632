"""The YAML rules of FORMAT.md: plain YAML 1.2 data, one document, no tags,
no anchors or aliases, no duplicate keys, UTF-8 only."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from loader_cases import (
    FULL,
    MINIMAL,
    errors,
    load_text,
    only_error,
    replace_line,
    with_fields,
)

from briefing_tui.model import PartialDate, Precision, load_bytes, load_file

# --- YAML 1.2 scalars -------------------------------------------------------------


def test_unquoted_date_stays_the_date_as_written() -> None:
    result = load_text(MINIMAL)
    assert result.briefing is not None
    assert result.briefing.date == PartialDate.parse("2018-12-10")
    assert result.briefing.date.text == "2018-12-10"
    assert result.briefing.date.precision is Precision.DAY


@pytest.mark.parametrize("written", ["2018", "2018-12", "'2018-12'", '"2018"'])
def test_partial_dates_keep_their_precision_quoted_or_not(written: str) -> None:
    result = load_text(replace_line(MINIMAL, "date:", f"date: {written}"))
    assert result.briefing is not None
    assert str(result.briefing.date) == written.strip("'\"")


@pytest.mark.parametrize("word", ["NO", "no", "yes", "Yes", "on", "OFF", "y", "n", "Off"])
def test_yaml_1_1_booleans_are_text(word: str) -> None:
    text = replace_line(MINIMAL, "title:", f"title: {word}")
    text += f"subtitle: {word}\n"
    result = load_text(text)
    assert result.briefing is not None, [p.format() for p in result.problems]
    assert result.briefing.title == word
    assert result.briefing.subtitle == word


@pytest.mark.parametrize("written", ["12", "1e3", "0x10", "3.50", "-0", ".inf"])
def test_numbers_in_text_fields_are_kept_as_written(written: str) -> None:
    result = load_text(replace_line(MINIMAL, "title:", f"title: {written}"))
    assert result.briefing is not None
    assert result.briefing.title == written


@pytest.mark.parametrize("word", ["true", "false", "True", "FALSE"])
def test_a_real_boolean_where_text_is_expected_is_an_error_with_a_hint(word: str) -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "title:", f"title: {word}")))
    assert (problem.line, problem.column, problem.field) == (3, 8, "title")
    assert "quotes" in problem.message


def test_a_quoted_boolean_word_is_text() -> None:
    result = load_text(replace_line(MINIMAL, "title:", 'title: "true"'))
    assert result.briefing is not None
    assert result.briefing.title == "true"


@pytest.mark.parametrize(
    ("written", "expected"),
    [("false", False), ("true", True), ("False", False), ("TRUE", True)],
)
def test_boolean_fields_take_only_true_and_false(written: str, expected: bool) -> None:
    text = FULL.replace(
        "    title: The report\n", f"    title: The report\n    consulted: {written}\n"
    )
    result = load_text(text)
    assert result.briefing is not None
    assert result.briefing.sources[1].consulted is expected


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "1", "0", '"true"'])
def test_yaml_1_1_booleans_are_not_booleans(written: str) -> None:
    text = FULL.replace(
        "    title: The report\n", f"    title: The report\n    consulted: {written}\n"
    )
    problem = only_error(load_text(text))
    assert problem.field == "sources[1].consulted"
    assert "expected true or false" in problem.message


def test_free_data_is_read_by_the_yaml_1_2_core_schema() -> None:
    text = with_fields(
        """
        extensions:
          answer: yes
          flag: true
          day: 2018-12-10
          hex: 0x1F
          octal: 0o17
          sexagesimal: 1:30
          float: 1.5e3
          infinity: -.inf
          empty: ~
          blank:
          quoted: "12"
        """
    )
    result = load_text(text)
    assert result.briefing is not None and result.briefing.extensions is not None
    ext = result.briefing.extensions
    assert ext["answer"] == "yes"
    assert ext["flag"] is True
    assert ext["day"] == "2018-12-10"
    assert ext["hex"] == 31
    assert ext["octal"] == 15
    assert ext["sexagesimal"] == "1:30"
    assert ext["float"] == 1500.0
    assert math.isinf(ext["infinity"]) and ext["infinity"] < 0
    assert ext["empty"] is None and ext["blank"] is None
    assert ext["quoted"] == "12"


def test_an_empty_required_text_is_an_error() -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "title:", "title:")))
    assert problem.field == "title"
    assert "empty" in problem.message


# --- one document -----------------------------------------------------------------


def test_a_second_document_is_an_error_at_its_start() -> None:
    problem = only_error(load_text(MINIMAL + "---\ntitle: another\n"))
    assert (problem.line, problem.column) == (7, 1)
    assert "single document" in problem.message


def test_explicit_start_and_end_markers_of_one_document_are_fine() -> None:
    assert load_text("---\n" + MINIMAL + "...\n").ok


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n...\n"])
def test_an_empty_file_is_an_error(text: str) -> None:
    problem = only_error(load_text(text))
    assert "empty" in problem.message


@pytest.mark.parametrize(("text", "got"), [("- a\n- b\n", "a list"), ("hello\n", "text")])
def test_the_document_must_be_a_mapping(text: str, got: str) -> None:
    problem = only_error(load_text(text))
    assert problem.message == f"expected a mapping, got {got}"


# --- no tags ----------------------------------------------------------------------

_EXPLOITS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    "!!python/object/new:os.system [touch {marker}]",
    '!!python/name:os.system ""',
]


@pytest.mark.parametrize("exploit", _EXPLOITS)
@pytest.mark.parametrize("where", ["document", "field", "extensions", "unknown field", "list"])
def test_python_tags_are_errors_and_nothing_is_executed(
    tmp_path: Path, exploit: str, where: str
) -> None:
    marker = tmp_path / "executed"
    value = exploit.format(marker=marker)
    text = {
        "document": value + "\n",
        "field": replace_line(MINIMAL, "title:", f"title: {value}"),
        "extensions": MINIMAL + f"extensions:\n  run: {value}\n",
        "unknown field": MINIMAL + f"run: {value}\n",
        "list": MINIMAL + f"tags:\n  - {value}\n",
    }[where]
    path = tmp_path / "exploit.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_file(path)
    assert result.briefing is None
    tag_errors = [p for p in errors(result) if "tags are not allowed" in p.message]
    assert len(tag_errors) == 1, [p.format() for p in result.problems]
    assert "python/" in tag_errors[0].message
    expected_line = text.splitlines().index(next(ln for ln in text.splitlines() if "!!" in ln)) + 1
    assert tag_errors[0].line == expected_line
    assert tag_errors[0].column == text.splitlines()[expected_line - 1].index("!!") + 1
    assert not marker.exists(), "the tag's command ran"


@pytest.mark.parametrize(
    "tag", ["!!str", "!!int", "!!binary", "!local", "!<tag:example.com,2024:x>"]
)
def test_every_explicit_tag_is_refused_even_harmless_ones(tag: str) -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "title:", f"title: {tag} x")))
    assert (problem.line, problem.column, problem.field) == (3, 8, "title")
    assert "tags are not allowed" in problem.message


def test_a_tag_on_a_key_is_refused() -> None:
    result = load_text(MINIMAL.replace("title:", "!!str title:"))
    assert result.briefing is None
    assert [(p.line, p.column) for p in errors(result) if "tags are not" in p.message] == [(3, 1)]


# --- no anchors or aliases --------------------------------------------------------


def test_an_unused_anchor_is_an_error_at_the_anchor() -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "title:", "title: &t A title")))
    assert (problem.line, problem.column) == (3, 8)
    assert "anchors" in problem.message and "'t'" in problem.message


def test_an_alias_is_an_error() -> None:
    text = replace_line(MINIMAL, "title:", "title: &t A title") + "subtitle: *t\n"
    result = load_text(text)
    assert result.briefing is None
    assert [(p.line, p.column) for p in errors(result)] == [(3, 8), (7, 11)]
    assert "aliases" in errors(result)[1].message


@pytest.mark.parametrize(
    "extra",
    [
        'extensions: {"a":&x b, "c":*x}\n',  # flow pair with no space after ':'
        "extensions: [&x a, *x]\n",
        "extensions:\n- &x {a: 1}\n- *x\n",
        "extensions: {? &x a : b}\n",
        "extensions:\n  a: &x\n    b: 1\n",
        "extensions:\t&x [1]\n",
    ],
)
def test_anchors_are_found_wherever_yaml_allows_them(extra: str) -> None:
    result = load_text(MINIMAL + extra)
    assert result.briefing is None
    assert any("anchors" in p.message for p in errors(result))


def test_text_that_only_looks_like_anchors_loads() -> None:
    text = replace_line(MINIMAL, "title:", "title: R&D *highlights* & more:*x")
    text += "subtitle: '&quoted *text'\n"
    result = load_text(text)
    assert result.briefing is not None
    assert result.briefing.title == "R&D *highlights* & more:*x"
    assert result.briefing.subtitle == "&quoted *text"


# --- duplicate keys ---------------------------------------------------------------


def test_a_duplicate_top_level_key_is_an_error_naming_the_first() -> None:
    problem = only_error(load_text(MINIMAL + "title: Another title\n"))
    assert (problem.line, problem.column, problem.field) == (7, 1, "title")
    assert "duplicate key 'title' (first at line 3)" in problem.message


@pytest.mark.parametrize(
    "handling",
    [
        "handling:\n  tlp: red\n  tlp: clear\n",
        "handling:\n  tlp: clear\n  tlp: red\n",
        "handling: {tlp: red, tlp: clear}\n",
        "handling:\n  tlp: red\n  'tlp': clear\n",
    ],
)
def test_a_duplicate_tlp_fails_the_file_instead_of_picking_a_value(handling: str) -> None:
    text = replace_line(MINIMAL, "handling:", handling.rstrip("\n"))
    result = load_text(text)
    assert result.briefing is None
    assert any("duplicate key 'tlp'" in p.message for p in errors(result))


def test_duplicate_keys_inside_free_data_are_errors() -> None:
    problem = only_error(load_text(MINIMAL + "extensions:\n  a: 1\n  b: 2\n  a: 3\n"))
    assert (problem.line, problem.field) == (10, "extensions.a")
    assert "duplicate key" in problem.message


def test_duplicate_keys_inside_a_list_item_are_errors() -> None:
    text = FULL.replace("    kind: report\n", "    kind: report\n    kind: article\n")
    problem = only_error(load_text(text))
    assert problem.field == "sources[1].kind"


# --- UTF-8 only -------------------------------------------------------------------


def test_invalid_utf8_is_an_error_naming_line_and_column() -> None:
    data = MINIMAL.replace("A minimal", "A mi\u00e9nimal").encode("utf-8")
    data = data.replace("\u00e9".encode(), b"\xff")
    result = load_bytes("bad.yaml", data)
    problem = only_error(result)
    assert (problem.line, problem.column) == (3, 12)
    assert problem.format().startswith("bad.yaml:3:12: error: invalid UTF-8 (byte ff)")


def test_a_truncated_utf8_sequence_at_the_end_is_an_error() -> None:
    problem = only_error(load_bytes("t.yaml", MINIMAL.encode() + b"subtitle: caf\xc3"))
    assert (problem.line, problem.column) == (7, 14)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_errors(codec: str) -> None:
    problem = only_error(load_bytes("wide.yaml", MINIMAL.encode(codec)))
    assert (problem.line, problem.column) == (1, 1)
    assert "UTF-8" in problem.message


def test_a_utf8_bom_is_accepted_and_positions_stay_right() -> None:
    data = b"\xef\xbb\xbf" + replace_line(MINIMAL, "date:", "date: 2018-13").encode()
    problem = only_error(load_bytes("bom.yaml", data))
    assert (problem.line, problem.column, problem.field) == (4, 7, "date")
    assert load_bytes("bom.yaml", b"\xef\xbb\xbf" + MINIMAL.encode()).ok


def test_columns_count_characters_not_bytes() -> None:
    text = replace_line(
        MINIMAL, "handling:", 'handling: {banner: "\u00e9t\u00e9 \u2014", tlp: purple}'
    )
    problem = only_error(load_text(text))
    assert problem.field == "handling.tlp"
    assert problem.column == len('handling: {banner: "\u00e9t\u00e9 \u2014", tlp: ') + 1


@pytest.mark.parametrize(("char", "code"), [("\x1b", "001B"), ("\x00", "0000"), ("\x07", "0007")])
def test_raw_control_characters_are_errors_with_a_position(char: str, code: str) -> None:
    text = replace_line(MINIMAL, "title:", f"title: \u00e9\u00e9{char}x")
    problem = only_error(load_text(text))
    assert (problem.line, problem.column) == (3, 10)
    assert code in problem.message


@pytest.mark.parametrize("indent", ["\t", " \t", "\t "])
def test_a_tab_in_the_indentation_is_named_as_such(indent: str) -> None:
    text = MINIMAL.replace("handling: {tlp: clear}", f"handling:\n{indent}tlp: clear")
    problem = only_error(load_text(text))
    assert problem.message == "invalid YAML: tab character in indentation; YAML indents with spaces"
    assert problem.line == 6


@pytest.mark.parametrize("indent", ["\t", "\t ", "  \t"])
def test_a_tab_after_a_line_with_a_value_is_named_too(indent: str) -> None:
    """After ``title: A minimal briefing`` libyaml reads a tab-indented line as the
    title's continuation and says "found a tab character that violates indentation"."""
    text = MINIMAL.replace("date: 2018-12-10", f"{indent}date: 2018-12-10")
    problem = only_error(load_text(text))
    assert problem.message == "invalid YAML: tab character in indentation; YAML indents with spaces"
    assert problem.line == 4
