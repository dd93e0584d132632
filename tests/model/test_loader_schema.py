"""Schema validation and cross-references: every problem, with its position and field."""

from __future__ import annotations

import pytest
from loader_cases import (
    FULL,
    MINIMAL,
    dedent,
    errors,
    load_text,
    notes,
    only_error,
    replace_line,
    warnings,
    with_fields,
)

from briefing_tui.model import Problem

# --- required fields and types ----------------------------------------------------


@pytest.mark.parametrize("name", ["schema", "id", "title", "date", "handling", "summary"])
def test_each_missing_required_field_is_an_error_at_the_document(name: str) -> None:
    text = "".join(ln + "\n" for ln in MINIMAL.splitlines() if not ln.startswith(name + ":"))
    problem = only_error(load_text(text))
    assert problem.field == name
    assert problem.message == f"missing required field {name!r}"
    assert (problem.line, problem.column) == (1, 1)


def test_a_missing_nested_field_is_reported_at_its_mapping() -> None:
    text = FULL.replace("    title: The report\n", "")
    problem = only_error(load_text(text))
    assert (
        problem.format()
        == "test.yaml:16:5: error: sources[1].title: missing required field 'title'"
    )


def test_missing_tlp_is_an_error() -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "handling:", "handling: {banner: X}")))
    assert problem.field == "handling.tlp"


@pytest.mark.parametrize(
    ("line", "new", "field", "message"),
    [
        ("title:", "title: [a, b]", "title", "expected text, got a list"),
        ("title:", "title: {a: b}", "title", "expected text, got a mapping"),
        ("handling:", "handling: clear", "handling", "expected a mapping, got text"),
        ("handling:", "handling: [clear]", "handling", "expected a mapping, got a list"),
        (
            "date:",
            "date: [2018]",
            "date",
            "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a list",
        ),
        ("summary:", "summary: [a]", "summary", "expected text or a mapping, got a list"),
        (
            "schema:",
            "schema: briefing/v2",
            "schema",
            "'briefing/v2' is not one of briefing/v1 (did you mean 'briefing/v1'?)",
        ),
    ],
)
def test_wrong_types_are_errors(line: str, new: str, field: str, message: str) -> None:
    problem = only_error(load_text(replace_line(MINIMAL, line, new)))
    assert (problem.field, problem.message) == (field, message)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("tags: a-tag\n", "tags", "expected a list, got text"),
        ("tags: {a: b}\n", "tags", "expected a list, got a mapping"),
        (
            "tags: [Not Kebab]\n",
            "tags[0]",
            "'Not Kebab' is not kebab-case (like arbitrary-detention)",
        ),
        ("language: english-language-x\n", "language", "is not a BCP 47 tag like fr-CA"),
        ("created: 2024-05-01\n", "created", "expected an RFC 3339 timestamp with an offset"),
        ("created: 2024-05-01T09:30:00\n", "created", "expected an RFC 3339 timestamp"),
        ("authors: [{organization: X}]\n", "authors[0].name", "missing required field 'name'"),
        ("related_briefings: [src-a]\n", "related_briefings[0]", "is not an id: brf-"),
    ],
)
def test_wrong_values_in_optional_fields_are_errors(extra: str, field: str, message: str) -> None:
    problem = only_error(load_text(MINIMAL + extra))
    assert problem.field == field
    assert message in problem.message


@pytest.mark.parametrize(
    ("written", "error"),
    [("80", None), ("0", None), ("100", None), ("101", "101 is above 100"), ("-1", "-1 is below 0"),
     ("'80'", "expected a whole number, got '80'"), ("80.5", "expected a whole number")],
)  # fmt: skip
def test_confidence_is_a_whole_number_from_0_to_100(written: str, error: str | None) -> None:
    text = FULL.replace(
        "    related: [inc-first]\n", f"    related: [inc-first]\n    confidence: {written}\n"
    )
    result = load_text(text)
    if error is None:
        assert result.briefing is not None
        assert result.briefing.incidents[1].confidence == int(written)
    else:
        problem = only_error(result)
        assert problem.field == "incidents[1].confidence"
        assert error in problem.message


# --- enums --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "hint"),
    [
        ("date:", "status: finall\ndate: 2018-12-10", "status", "final"),
        ("    kind: article", "    kind: artcle", "sources[0].kind", "article"),
        ("    kind: direct", "    kind: Direct", "quotes[0].kind", "direct"),
        ("    kind: person", "    kind: persn", "entities[0].kind", "person"),
    ],
)
def test_a_bad_enum_value_lists_the_choices_and_suggests_one(
    old: str, new: str, field: str, hint: str
) -> None:
    base = FULL if old.startswith(" ") else MINIMAL
    problem = only_error(load_text(replace_line(base, old, new)))
    assert problem.field == field
    assert problem.message.endswith(f"(did you mean {hint!r}?)")
    assert " is not one of " in problem.message


def test_a_bad_enum_value_far_from_any_choice_has_no_suggestion() -> None:
    problem = only_error(load_text(MINIMAL + "status: zzzzzz\n"))
    assert problem.message == "'zzzzzz' is not one of draft, final, superseded, withdrawn"


@pytest.mark.parametrize("tlp", ["clear", "CLEAR", "Amber+Strict", "red", "GREEN"])
def test_tlp_labels_are_accepted_in_any_case(tlp: str) -> None:
    result = load_text(replace_line(MINIMAL, "handling:", f"handling: {{tlp: {tlp}}}"))
    assert result.briefing is not None
    assert result.briefing.handling.tlp_label == "TLP:" + tlp.upper()


@pytest.mark.parametrize("tlp", ["white", "amber-strict", "TLP:RED", "'red '", "red\\n"])
def test_unknown_tlp_labels_are_errors(tlp: str) -> None:
    text = replace_line(MINIMAL, "handling:", f'handling: {{tlp: "{tlp}"}}')
    problem = only_error(load_text(text))
    assert problem.field == "handling.tlp"


# --- ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["brf_x", "brf-", "BRF-x", "brf-Upper", "brf-a b", "brf-x\\n", "x", "brf--x", "brf-é"]
)
def test_bad_briefing_ids_are_errors(bad: str) -> None:
    problem = only_error(load_text(replace_line(MINIMAL, "id:", f'id: "{bad}"')))
    assert (problem.field, problem.line, problem.column) == ("id", 2, 5)
    assert "is not an id: brf- then lowercase letters, digits and -._" in problem.message


@pytest.mark.parametrize("good", ["brf-x", "brf-2018.12_a-b", "brf-0"])
def test_good_briefing_ids_load(good: str) -> None:
    assert load_text(replace_line(MINIMAL, "id:", f"id: {good}")).ok


def test_an_id_of_another_collection_is_an_error_once() -> None:
    text = FULL.replace("  - id: src-two\n", "  - id: ent-two\n")
    result = load_text(text)
    assert result.briefing is None
    id_errors = [p for p in errors(result) if p.field == "sources[1].id"]
    assert len(id_errors) == 1
    assert "'ent-two' is not an id: src-" in id_errors[0].message


# --- cross-references ---------------------------------------------------------------


def test_an_unresolved_reference_is_an_error_at_the_reference() -> None:
    text = FULL.replace("    sources: [src-two]\n", "    sources: [src-three]\n")
    problem = only_error(load_text(text))
    assert problem.format() == (
        "test.yaml:38:15: error: incidents[1].sources[0]: "
        "'src-three' does not match any id in this file"
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("    speaker: ent-person", "    speaker: src-one", "quotes[0].speaker",
         "'src-one' is not an entity id (ent-...)"),
        ("    source: src-one", "    source: ent-person", "quotes[0].source",
         "'ent-person' is not a source id (src-...)"),
        ("    related: [inc-first]", "    related: [q-one]", "incidents[1].related[0]",
         "'q-one' is not an incident id (inc-...)"),
        ("    locations: [ent-place]", "    locations: [inc-first]", "incidents[0].locations[0]",
         "'inc-first' is not an entity id (ent-...)"),
    ],
)  # fmt: skip
def test_a_reference_to_the_wrong_collection_is_an_error(
    old: str, new: str, field: str, message: str
) -> None:
    problem = only_error(load_text(replace_line(FULL, old, new)))
    assert (problem.field, problem.message) == (field, message)


def test_about_may_point_at_any_collection_but_must_resolve() -> None:
    text = replace_line(
        FULL, "    about: [inc-first", "    about: [inc-first, q-one, src-two, brf-full]"
    )
    assert load_text(text).ok
    text = replace_line(FULL, "    about: [inc-first", "    about: [inc-first, note-missing]")
    problem = only_error(load_text(text))
    assert problem.field == "notes[0].about[1]"
    assert problem.message == "'note-missing' does not match any id in this file"


def test_a_duplicate_id_is_an_error_naming_the_first() -> None:
    text = FULL.replace("  - id: src-two\n", "  - id: src-one\n").replace("[src-two]", "[src-one]")
    text = text.replace("source: src-two", "source: src-one")
    problem = only_error(load_text(text))
    assert problem.format() == (
        "test.yaml:16:9: error: sources[1].id: duplicate id 'src-one' (first at line 13)"
    )


def test_an_unsourced_incident_is_a_note_and_the_file_loads() -> None:
    text = FULL.replace("    sources: [src-two]\n", "")
    result = load_text(text)
    assert result.briefing is not None
    assert result.briefing.incidents[1].unsourced
    assert warnings(result) == []
    (problem,) = notes(result)
    assert problem.format() == (
        "test.yaml:35:9: note: incidents[1]: incident 'inc-second' is unsourced"
        " (no sources or quotes)"
    )


def test_a_quote_that_supports_nothing_is_a_note() -> None:
    text = FULL.replace("  quotes: [q-one]\n", "")
    result = load_text(text)
    assert result.briefing is not None
    (problem,) = notes(result)
    assert (problem.field, problem.line) == ("quotes[0]", 39)  # one line less above
    assert problem.message == "quote 'q-one' supports no incident and not the summary"


def test_a_quote_needs_a_speaker_or_a_label() -> None:
    text = FULL.replace("    speaker_label: an official\n", "")
    problem = only_error(load_text(text))
    assert (problem.field, problem.line, problem.column) == ("quotes[1]", 45, 5)
    assert "speaker" in problem.message


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("{at: 2018, start: 2017}", "use either 'at' or 'start'/'end', not both"),
        ("{start: 2019, end: 2018}", "'end' (2018) is before 'start' (2019)"),
        ("{start: 2018-12-02, end: 2018-12-01}", "is before"),
    ],
)
def test_when_rules(when: str, message: str) -> None:
    problem = only_error(load_text(replace_line(FULL, "    when:", f"    when: {when}")))
    assert problem.field == "incidents[0].when"
    assert message in problem.message


@pytest.mark.parametrize("when", ["2018-12", "{start: 2018, end: 2018}", "{text: 25 years ago}"])
def test_valid_whens(when: str) -> None:
    assert load_text(replace_line(FULL, "    when:", f"    when: {when}")).ok


# --- unknown keys -------------------------------------------------------------------


def test_an_unknown_key_is_a_warning_naming_it_and_its_line() -> None:
    result = load_text(MINIMAL + "titel: x\n")
    assert result.briefing is not None
    (problem,) = result.problems
    assert problem.format() == (
        "test.yaml:7:1: warning: titel: unknown field 'titel' (did you mean 'title'?);"
        " it is ignored"
    )


def test_unknown_keys_in_nested_objects_are_warnings() -> None:
    text = replace_line(
        FULL, "    related: [inc-first]", "    related: [inc-first]\n    severty: high"
    )
    result = load_text(text)
    assert result.briefing is not None
    (problem,) = result.problems
    assert (problem.severity, problem.field, problem.line) == (
        "warning",
        "incidents[1].severty",
        38,
    )
    assert "did you mean 'severity'?" in problem.message


def test_strict_turns_warnings_into_errors() -> None:
    (problem,) = load_text(MINIMAL + "titel: x\n").problems
    strict = problem.as_warning_or_error(strict=True)
    assert strict.severity == "error"
    assert strict.format().startswith("test.yaml:7:1: error: titel:")
    assert problem.as_warning_or_error(strict=False) is problem


# --- all errors at once -------------------------------------------------------------


def test_a_file_with_five_distinct_errors_reports_five() -> None:
    text = dedent(
        """
        schema: briefing/v1
        id: brf-five
        date: 2018-13
        handling: {tlp: purple}
        summary: ok
        status: finall
        sources:
          - {id: src-a, kind: artcle, title: x}
        """
    )
    result = load_text(text)
    assert result.briefing is None
    assert [p.format() for p in result.problems] == [
        "test.yaml:1:1: error: title: missing required field 'title'",
        "test.yaml:3:7: error: date: '2018-13' is not a date: month 13 is not between 01 and 12",
        "test.yaml:4:17: error: handling.tlp: 'purple' is not a TLP 2.0 label:"
        " clear, green, amber, amber+strict or red",
        "test.yaml:6:9: error: status: 'finall' is not one of draft, final, superseded,"
        " withdrawn (did you mean 'final'?)",
        "test.yaml:8:23: error: sources[0].kind: 'artcle' is not one of article, report,"
        " statement, transcript, broadcast, web, social, dataset, document, other"
        " (did you mean 'article'?)",
    ]


def test_schema_and_reference_errors_are_reported_together() -> None:
    text = replace_line(FULL, "    kind: direct", "    kind: drect")
    text = text.replace("    sources: [src-two]\n", "    sources: [src-three]\n")
    result = load_text(text)
    assert [(p.field, p.line) for p in errors(result)] == [
        ("incidents[1].sources[0]", 38),
        ("quotes[0].kind", 42),
    ]


def test_a_broken_collection_does_not_flood_unresolved_references() -> None:
    text = FULL.replace("sources:\n  - id: src-one", "sources: oops\nx:\n  - id: src-one")
    result = load_text(text)
    assert [p.field for p in errors(result)] == ["sources"]


def test_problems_are_in_file_order() -> None:
    text = MINIMAL + "zzz: 1\nstatus: bad\naaa: 2\n"
    result = load_text(text)
    assert [p.line for p in result.problems] == [7, 8, 9]


def test_problem_format_is_path_line_col_severity_field_message() -> None:
    problem = Problem("dir/file.yaml", 12, 3, "error", "incidents[2].quotes[0]", "bad thing")
    assert problem.format() == "dir/file.yaml:12:3: error: incidents[2].quotes[0]: bad thing"
    whole = Problem("file.yaml", 1, 1, "warning", "", "whole-file thing")
    assert whole.format() == "file.yaml:1:1: warning: whole-file thing"


def test_a_flow_style_briefing_reports_exact_columns() -> None:
    text = with_fields(
        """
        incidents: [{id: inc-a, title: t, sources: [src-x], severity: hgh}]
        """
    )
    result = load_text(text)
    assert [(p.field, p.line, p.column) for p in errors(result)] == [
        ("incidents[0].sources[0]", 7, 45),
        ("incidents[0].severity", 7, 63),
    ]


@pytest.mark.parametrize("value", ['"briefing/v1"', "hello", "5", "[1, 2]"])
def test_extensions_must_be_a_mapping(value: str) -> None:
    problem = only_error(load_text(MINIMAL + f"extensions: {value}\n"))
    assert problem.field == "extensions"
    assert problem.message.startswith("expected a mapping, got ")
