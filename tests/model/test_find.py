"""Find in text as `/` does: smartcase, accents ignored, literal or regex, never a crash."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.model.search.find import FIND_BUDGET, MAX_REGEX_TEXT, Finder, FindError


def found(pattern: str, text: str, regex: bool = False) -> list[str]:
    return [text[start:end] for start, end in Finder(pattern, regex).spans(text)]


def test_a_lowercase_pattern_ignores_case() -> None:
    assert found("lai", "Jimmy Lai, LAI, lai") == ["Lai", "LAI", "lai"]
    assert not Finder("lai").case_sensitive


def test_a_capital_makes_the_pattern_respect_case() -> None:
    assert found("Lai", "Jimmy Lai, LAI, lai") == ["Lai"]
    assert Finder("Lai").case_sensitive


def test_accents_are_ignored_both_ways() -> None:
    assert found("josee", "Josée, JOSÉE and Josee") == ["Josée", "JOSÉE", "Josee"]
    assert found("José", "Jose, José, jose") == ["Jose", "José"]
    assert found("muller", "Müller") == ["Müller"]


def test_spans_point_into_the_original_text_when_folding_changes_lengths() -> None:
    decomposed = unicodedata.normalize("NFD", "Josée Müller")  # e + combining acute
    assert found("josee", decomposed) == [decomposed[:6]]  # the accent is highlighted too
    assert found("ss", "Straße") == ["ß"]
    assert found("fi", "ﬁne ﬁsh") == ["ﬁ", "ﬁ"]
    assert found("ne", "ﬁne") == ["ne"]


def test_matches_are_all_found_in_order_without_overlap() -> None:
    assert Finder("aa").spans("aaaaa") == [(0, 2), (2, 4)]
    assert Finder("a").spans("banana") == [(1, 2), (3, 4), (5, 6)]
    assert Finder("x").spans("banana") == []
    assert Finder("").spans("banana") == []
    assert Finder("a").spans("") == []


def test_literal_by_default() -> None:
    assert found("a.c", "abc a.c") == ["a.c"]
    assert found("(", "f(x)") == ["("]


def test_regex_mode() -> None:
    assert found(r"\bla\w+", "Lai lazy blah", regex=True) == ["Lai", "lazy"]
    assert found(r"\d{4}", "in 2018 and 2021", regex=True) == ["2018", "2021"]
    assert found("Lai|Jim", "Jimmy Lai, lai", regex=True) == ["Jim", "Lai"]
    assert found("jos(e|é)e", "JOSÉE", regex=True) == ["JOSÉE"]


def test_escapes_like_W_do_not_count_as_capitals() -> None:
    assert not Finder(r"lai\W", regex=True).case_sensitive
    assert found(r"lai\W", "LAI! lai.", regex=True) == ["LAI!", "lai."]


def test_a_regex_matching_empty_text_highlights_nothing() -> None:
    assert Finder("x*", regex=True).spans("abc") == []
    assert found("b*", "abbc", regex=True) == ["bb"]


@pytest.mark.parametrize(
    ("pattern", "position"),
    [("(a", 0), ("a)", 1), ("*", 0), ("[a-", 0), ("a{2,1}", 2), ("x\\", 1)],
)
def test_an_invalid_regex_is_a_find_error_with_a_position(pattern: str, position: int) -> None:
    with pytest.raises(FindError) as caught:
        Finder(pattern, regex=True)
    assert caught.value.position == position
    assert caught.value.message


@pytest.mark.parametrize("pattern", ["(a+)+$", r"(\w+\s?)*$", "(a*)*b", "((ab)+c)+", "(?:x+){2,}"])
def test_nested_repetition_is_refused_where_the_outer_repeat_is(pattern: str) -> None:
    with pytest.raises(FindError) as caught:
        Finder(pattern, regex=True)
    assert pattern[caught.value.position] in "*+{"
    assert "repeat" in caught.value.message


@pytest.mark.parametrize("pattern", ["(ab)+", "(a|b)+", "(?:x*)?", "(a{1})+", r"\(a+\)+", "[(+]+"])
def test_repetition_that_cannot_explode_is_allowed(pattern: str) -> None:
    Finder(pattern, regex=True)


@pytest.mark.parametrize("pattern", [r"x.*y", r"x.*[^,]+y", r"x\S+y"])
def test_patterns_that_backtrack_polynomially_search_a_bounded_text(pattern: str) -> None:
    finder = Finder(pattern, regex=True)
    text = "x" + "a" * MAX_REGEX_TEXT + "y"
    began = time.perf_counter()
    assert finder.spans(text) == []  # the y is past what such a pattern searches
    assert finder.spans("xaay") == [(0, 4)]
    assert time.perf_counter() - began < 30


def test_more_than_two_broad_repetitions_are_refused() -> None:
    with pytest.raises(FindError) as caught:
        Finder(r"a.*b.+c\S*d", regex=True)
    assert caught.value.position == 9
    Finder(r"\w+\s+\w+\s+\w+", regex=True)  # narrow classes do not count


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=12), st.text(max_size=40))
def test_any_pattern_gives_a_finder_or_a_find_error_and_spans_never_fail(
    pattern: str, text: str
) -> None:
    for regex in (False, True):
        try:
            finder = Finder(pattern, regex)
        except FindError as error:
            assert regex
            assert 0 <= error.position <= max(0, len(pattern) - 1)
            continue
        spans = finder.spans(text)
        ends = [0, *(edge for span in spans for edge in span)]
        assert ends == sorted(ends), spans  # in order, not overlapping
        assert all(start < end <= len(text) for start, end in spans)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcABC .", min_size=1, max_size=5), st.text(alphabet="abcABC .", max_size=40)
)
def test_ascii_literal_search_agrees_with_a_plain_regex(pattern: str, text: str) -> None:
    flags = 0 if any(c.isupper() for c in pattern) else re.IGNORECASE
    expected = [m.span() for m in re.finditer(re.escape(pattern), text, flags)]
    assert Finder(pattern).spans(text) == expected


def test_terms_of_a_filter_are_found_together() -> None:
    finder = Finder.for_terms(["lai", "jimmy lai", "josee"])
    assert [
        ("JIMMY LAI and Josée Laï")[s:e] for s, e in finder.spans("JIMMY LAI and Josée Laï")
    ] == [
        "JIMMY LAI",
        "Josée",
        "Laï",
    ]
    assert Finder.for_terms([]).spans("anything") == []


# --- the time budget: file text can make any pattern backtrack -------------------------


@pytest.mark.parametrize("pattern", [r"(a|aa)*b", r"\w+ing", r"(a+)\1b", r"(?<=a)a*b", r"a*a*b"])
def test_no_pattern_runs_past_the_budget_over_long_file_text(pattern: str) -> None:
    finder = Finder(pattern, regex=True)
    text = "a" * 200_000
    assert finder.spans(text) == []
    if finder.stopped_after_ms is not None:
        assert finder.stopped_after_ms == round(FIND_BUDGET * 1000)
        assert finder.spans("aab") == []  # stopped: nothing more is searched


def test_a_backreference_that_backtracks_is_stopped() -> None:
    finder = Finder(r"(a+)\1b", regex=True)
    assert finder.spans("a" * 200_000) == []
    assert finder.stopped_after_ms == round(FIND_BUDGET * 1000)


def test_quick_searches_of_a_long_list_never_spend_the_budget() -> None:
    finder = Finder(r"ca.e", regex=True)
    assert all(finder.spans(f"the case, row {i}") == [(4, 8)] for i in range(20_000))
    assert finder.stopped_after_ms is None
