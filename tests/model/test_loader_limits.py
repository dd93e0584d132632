"""The loader's limits: file size, nesting depth, string length, alias bombs."""

from __future__ import annotations

import gc
import itertools
import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from loader_cases import MINIMAL, errors, load_text, only_error, replace_line

from briefing_tui.model import Limits, load_bytes, load_file
from briefing_tui.model.loading import loader, yaml_reader

MIB = 1024 * 1024
# Durations below are CPU time of this process (time.process_time), which other
# processes on a busy machine do not inflate; the bounds are 50-100x the usual.


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the size of every ``os.read`` result from now on."""
    sizes: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    return sizes


# --- file size --------------------------------------------------------------------


def test_a_6_mib_file_is_refused_quickly_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(MINIMAL.encode() + b"# " + b"x" * (6 * MIB) + b"\n")
    reads = _count_reads(monkeypatch)
    start = time.process_time()
    problem = only_error(load_file(path))
    assert time.process_time() - start < 0.5
    assert "the limit is 5,242,880" in problem.message
    assert (problem.line, problem.column) == (1, 1)
    assert sum(reads) == 0


def test_a_file_that_grows_after_its_size_was_taken_is_read_only_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size from stat can be stale (a file being written, a /proc file)."""
    path = tmp_path / "growing.yaml"
    path.write_bytes(MINIMAL.encode() + b"# " + b"x" * (6 * MIB) + b"\n")
    real_stat, real_fstat = os.stat, os.fstat

    def stale(info: os.stat_result) -> os.stat_result:
        fields = list(info)
        fields[6] = 100  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda p, *a, **k: stale(real_stat(p, *a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: stale(real_fstat(fd)))
    reads = _count_reads(monkeypatch)
    problem = only_error(load_file(path))
    assert sum(reads) == 5 * MIB + 1
    assert "5,242,881 bytes; the limit is 5,242,880" in problem.message


def test_the_size_limit_can_be_set_and_is_inclusive(tmp_path: Path) -> None:
    data = MINIMAL.encode()
    path = tmp_path / "small.yaml"
    path.write_bytes(data)
    assert load_file(path, Limits(max_bytes=len(data))).ok
    problem = only_error(load_file(path, Limits(max_bytes=len(data) - 1)))
    assert f"the limit is {len(data) - 1}" in problem.message


def test_load_bytes_applies_the_size_limit_too() -> None:
    problem = only_error(load_bytes("big.yaml", b"x" * (5 * MIB + 1)))
    assert "5,242,881 bytes" in problem.message


# --- nesting depth ----------------------------------------------------------------


def _nested_lists(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_free_data_nested_64_deep_loads() -> None:
    assert load_text(MINIMAL + f"extensions:\n  x: {_nested_lists(63)}\n").ok


@pytest.mark.parametrize("levels", [65, 100, 900])
def test_free_data_nested_deeper_than_64_is_one_error(levels: int) -> None:
    problem = only_error(load_text(MINIMAL + f"extensions:\n  x: {_nested_lists(levels)}\n"))
    assert problem.line == 8
    assert "deeper than 64" in problem.message


def test_the_depth_limit_can_be_set() -> None:
    text = MINIMAL + f"extensions:\n  x: {_nested_lists(10)}\n"
    assert load_bytes("d.yaml", text.encode(), Limits(max_depth=20)).ok
    assert not load_bytes("d.yaml", text.encode(), Limits(max_depth=5)).ok


@pytest.mark.parametrize("opener", ["[", "{", "- "])
@pytest.mark.parametrize("where", ["top", "extensions"])
def test_100000_nested_openers_on_one_line_give_a_one_line_error(opener: str, where: str) -> None:
    deep = opener * 100_000
    text = deep + "\n" if where == "top" else MINIMAL + "extensions:\n  " + deep + "\n"
    start = time.process_time()
    result = load_text(text)
    assert time.process_time() - start < 2
    assert result.briefing is None
    problem = errors(result)[0]
    assert len(errors(result)) == 1
    assert "\n" not in problem.format()
    assert problem.line == (1 if where == "top" else 8)
    assert problem.column > 1
    assert "too deep" in problem.message


def test_2000_nested_block_mappings_give_a_one_line_error() -> None:
    deep = "".join("  " * level + f"k{level}:\n" for level in range(2000))
    result = load_text(
        MINIMAL + "extensions:\n" + "".join("  " + ln + "\n" for ln in deep.split("\n"))
    )
    problem = only_error(result)
    assert "\n" not in problem.format()
    assert problem.line > 7 and problem.column > 1


def test_deep_nesting_under_an_unknown_field_is_still_limited() -> None:
    result = load_text(MINIMAL + f"later: {_nested_lists(70)}\n")
    assert result.briefing is None
    assert any("deeper than 64" in p.message for p in errors(result))


# --- string length ----------------------------------------------------------------


def test_a_string_longer_than_1_mib_is_an_error() -> None:
    text = replace_line(MINIMAL, "title:", "title: " + "x" * (MIB + 1))
    problem = only_error(load_text(text))
    assert (problem.line, problem.column, problem.field) == (3, 8, "title")
    assert "1,048,577 characters; the limit is 1,048,576" in problem.message


def test_a_string_of_exactly_1_mib_loads() -> None:
    result = load_text(replace_line(MINIMAL, "title:", "title: " + "x" * MIB))
    assert result.briefing is not None
    assert len(result.briefing.title) == MIB


@pytest.mark.parametrize(
    "extra",
    [
        "extensions:\n  long: {}\n",
        "extensions:\n  ? {}\n  : 1\n",
        "ignored_field: {}\n",
        "tags: [{}]\n",
    ],
)
def test_long_strings_are_limited_everywhere(extra: str) -> None:
    text = MINIMAL + extra.format("y" * (MIB + 10))
    result = load_text(text)
    assert result.briefing is None
    assert any("the limit is 1,048,576" in p.message for p in errors(result))


def test_the_string_limit_counts_characters() -> None:
    text = replace_line(MINIMAL, "title:", "title: " + "\u00e9" * 600)
    assert load_bytes("s.yaml", text.encode(), Limits(max_string=600)).ok
    assert not load_bytes("s.yaml", text.encode(), Limits(max_string=599)).ok


# --- alias bombs ------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_the_billion_laughs_bomb_is_refused_in_well_under_a_second() -> None:
    assert len(BILLION_LAUGHS.encode()) == 342
    start = time.process_time()
    result = load_text(BILLION_LAUGHS)
    assert time.process_time() - start < 0.25
    assert result.briefing is None
    first = errors(result)[0]
    assert (first.line, first.column) == (1, 4)
    assert "anchors (&) are not allowed: 'a'" in first.message
    assert len(result.problems) <= 20


def test_the_bomb_inside_a_valid_briefing_is_refused_too() -> None:
    bomb = "".join("  " + line + "\n" for line in BILLION_LAUGHS.splitlines())
    start = time.process_time()
    result = load_text(MINIMAL + "extensions:\n" + bomb)
    assert time.process_time() - start < 0.25
    assert result.briefing is None


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "&a [*a]\n", "a: &a {b: *a}\n"])
def test_self_referencing_aliases_are_refused(text: str) -> None:
    result = load_text(text)
    assert result.briefing is None
    assert any("anchors" in p.message for p in errors(result))


def test_many_aliases_give_a_bounded_number_of_problems() -> None:
    text = MINIMAL + "extensions:\n  a: &a x\n  b: [" + ", ".join(["*a"] * 50_000) + "]\n"
    start = time.process_time()
    result = load_text(text)
    assert time.process_time() - start < 2
    assert result.briefing is None
    assert 1 < len(result.problems) <= 20


# --- numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["extensions:\n  big: {}\n", "ignored: {}\n"])
def test_an_integer_too_long_to_convert_is_an_error_not_a_crash(where: str) -> None:
    problem = only_error(load_text(MINIMAL + where.format("9" * 5000)))
    assert problem.line == 7 or problem.line == 8
    assert "5,000 digits; the limit is 4,000" in problem.message


def test_a_long_integer_in_a_number_field_is_an_error() -> None:
    text = MINIMAL + "incidents:\n  - {id: inc-a, title: t, confidence: " + "1" * 5000 + "}\n"
    result = load_text(text)
    assert result.briefing is None
    assert any("digits" in p.message for p in errors(result))


# --- nodes per file: each costs time to build, so their number is bounded ---------------

# MINIMAL has 15 nodes: the mapping, 6 keys, 5 values, the handling mapping and its 2.
_TAGS = MINIMAL + "tags: [" + ", ".join(f"t{i}" for i in range(100)) + "]\n"


def test_a_file_with_more_nodes_than_the_limit_is_an_error_at_the_first_one_too_many() -> None:
    result = load_bytes("n.yaml", _TAGS.encode(), Limits(max_nodes=50))
    problem = only_error(result)
    assert "more than 50 nodes" in problem.message
    # node 51 is the 34th tag (15 + the tags key + the list + 33 tags before it)
    assert (problem.line, problem.column) == (
        7,
        len("tags: [") + 1 + sum(len(f"t{i}, ") for i in range(33)),
    )


@pytest.mark.parametrize("tags", [20_000, 200_000])
def test_the_default_limit_counts_every_node(tags: int) -> None:
    text = MINIMAL + "tags: [" + ", ".join(["t"] * tags) + "]\n"
    result = load_bytes("n.yaml", text.encode())
    assert result.ok == (15 + tags <= Limits().max_nodes)


def test_a_file_far_over_the_limit_is_refused_before_it_is_built() -> None:
    text = MINIMAL + "tags: [" + ", ".join(["t"] * 600_000) + "]\n"
    problem = only_error(load_bytes("n.yaml", text.encode()))
    assert "more than 200,000 nodes" in problem.message and problem.line == 7


# The densest characters: each may start a node (and a lone ``?`` makes three).
_DENSE = "?:-,[]{} \na"


def _composed_nodes(text: str) -> int | None:
    """How many nodes libyaml composes ``text`` into (None: not valid YAML)."""
    loader_ = yaml_reader._NodeLoader(text)
    try:
        loader_.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader_.dispose()
    return loader_.nodes


def test_no_short_text_has_more_nodes_than_its_length_allows() -> None:
    """The bound that lets a small file skip the second parse (``most_nodes``),
    checked on every text of up to four of the densest characters."""
    worst = 0
    for length in range(1, 5):
        for letters in itertools.product(_DENSE, repeat=length):
            text = "".join(letters)
            nodes = _composed_nodes(text)
            if nodes is not None:
                worst = max(worst, nodes)
                assert nodes <= yaml_reader.most_nodes(text)
    assert worst >= 3  # the bound is met, not vacuous: '?' alone is three nodes


@given(st.lists(st.sampled_from(["? ", "?", "- ", "-\n", ": ", ":", ",", "[", "]", "{", "}",
                                 "a", "\n", " ", "? :", "[?]", "{?,?}"]), max_size=80))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_no_text_has_more_nodes_than_its_length_allows(pieces: list[str]) -> None:
    text = "".join(pieces)
    nodes = _composed_nodes(text)
    if nodes is not None:
        assert nodes <= yaml_reader.most_nodes(text)


def test_a_file_too_short_to_be_over_the_limit_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Most briefings cannot hold 200,000 nodes: no event count before they are built;
    a file that could still gets it, and one over a small limit is still refused."""
    counted: list[int] = []
    raw_parse = yaml_reader._NodeLoader.raw_parse

    def counting(self: yaml_reader._NodeLoader) -> int:
        counted.append(1)
        events: int = raw_parse(self)
        return events

    monkeypatch.setattr(yaml_reader._NodeLoader, "raw_parse", counting, raising=False)
    assert load_bytes("ok.yaml", _TAGS.encode()).ok
    assert counted == []
    text = MINIMAL + "tags: [" + ", ".join(["t"] * 30_000) + "]\n"  # 90,000 characters
    assert load_bytes("many.yaml", text.encode()).ok
    assert counted == [1]
    assert (
        "more than 50 nodes"
        in only_error(load_bytes("n.yaml", _TAGS.encode(), Limits(max_nodes=50))).message
    )


# --- the cycle collector: its collections made a big file's load super-linear ------------


def test_the_collector_is_paused_while_a_file_loads_and_running_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    real_read_yaml = yaml_reader.read_yaml

    def watching_read_yaml(*args: object) -> object:
        seen.append(gc.isenabled())
        return real_read_yaml(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "read_yaml", watching_read_yaml)
    assert gc.isenabled()
    assert load_bytes("ok.yaml", MINIMAL.encode()).ok
    assert load_bytes("bad.yaml", b"id: [").problems  # a failed load resumes it too
    assert seen == [False, False] and gc.isenabled()
    gc.disable()  # paused by someone else: left paused
    try:
        load_bytes("ok.yaml", MINIMAL.encode())
        assert not gc.isenabled()
    finally:
        gc.enable()
