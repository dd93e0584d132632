"""The name tables' buffers (``model/search/columns.py``): a word is found in exactly the
strings that hold it (never across two, wherever it sits, whatever the characters), and
the buffers read back from their bytes are the ones written."""

from __future__ import annotations

from array import array
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing_tui.model.search import columns
from briefing_tui.model.search.columns import (
    NameColumn,
    TextColumn,
    encode,
    mask_width,
    rests_holding,
)

ALPHABET = st.sampled_from(["a", "b", "ab", "é", "ж", "北京", "ÿ", "\n", "\r", " ", "\x00", "𝄞"])
strings = st.lists(st.lists(ALPHABET, max_size=6).map("".join), max_size=40)


def column_of(texts: list[str]) -> TextColumn:
    column = TextColumn()
    column.extend(texts[: len(texts) // 2])
    column.extend(texts[len(texts) // 2 :])
    return column


@st.composite
def texts_and_word(draw: st.DrawFn) -> tuple[list[str], str]:
    texts: list[str] = draw(strings)
    piece: bool = draw(st.booleans())
    if texts and piece:  # a piece of one of them, or of two side by side
        joined = "".join(texts[draw(st.integers(0, len(texts) - 1)) :][:2])
        start = draw(st.integers(0, len(joined)))
        word = joined[start : draw(st.integers(start, len(joined)))]
    else:
        word = draw(st.lists(ALPHABET, max_size=3).map("".join))
    return texts, word or "a"


@settings(max_examples=400, deadline=None)
@given(texts_and_word(), st.sampled_from([1, 2, 5, 4096]), st.sampled_from([1, 3, 32]))
def test_a_word_is_found_in_the_strings_that_hold_it_and_no_other(
    case: tuple[list[str], str], segment: int, sparse: int
) -> None:
    texts, word = case
    column = column_of(texts)
    expected = [word in text for text in texts]
    with (
        mock.patch.object(columns, "SEGMENT", segment),
        mock.patch.object(columns, "SPARSE", sparse),
    ):  # every way of searching a segment, at every place of the buffer
        assert list(map(bool, column.containing(encode(word)))) == expected
    numbers = range(0, len(texts), 2)
    found = column.containing_among(encode(word), numbers)
    assert found == [number for number in numbers if expected[number]]
    assert [column[number] for number in range(len(texts))] == texts


def test_a_word_across_two_names_matches_neither() -> None:
    column = column_of(["ministry", "josée müller", "北京市"])
    assert list(column.containing(encode("tryjo"))) == [0, 0, 0]
    assert list(column.containing(encode("ministry"))) == [1, 0, 0]  # the first, whole
    assert list(column.containing(encode("ller"))) == [0, 1, 0]  # the end of one
    assert list(column.containing(encode("京市"))) == [0, 0, 1]  # the end of the buffer
    assert list(column.containing(encode("é"))) == [0, 1, 0]


def test_a_lone_surrogate_is_kept_and_found() -> None:
    column = column_of(["a\ud800b", "c"])
    assert column[0] == "a\ud800b"
    assert list(column.containing(encode("\ud800"))) == [1, 0]


@given(strings)
def test_a_column_read_from_its_bytes_is_the_column_written(texts: list[str]) -> None:
    column = column_of(texts)
    again = TextColumn.of_buffer(bytearray(column.buffer), len(texts))
    assert again is not None and len(again) == len(texts)
    found_when_read = again.offsets_found
    with mock.patch.object(columns, "_CHUNK", 7):  # offsets found a few bytes at a time
        assert again == column
    assert again.offsets_found and not found_when_read  # found when first asked for
    assert TextColumn.of_buffer(bytearray(column.buffer), len(texts) + 1) is None
    assert TextColumn.of_buffer(column.buffer + b"x", len(texts)) is None


@given(strings, st.integers(0, 40), st.integers(0, 40))
def test_strings_copied_from_another_column_are_those_strings(
    texts: list[str], first: int, stop: int
) -> None:
    column = TextColumn()
    column.extend(["before"])
    column.extend_from(column_of(texts), min(first, len(texts)), min(stop, len(texts)))
    assert column == column_of(["before", *texts[min(first, len(texts)) : stop]])


tables = st.lists(
    st.tuples(st.integers(1, 20), st.lists(st.tuples(ALPHABET, st.integers(0)), max_size=5)),
    max_size=6,
)


def names_of(briefings: list[tuple[int, list[tuple[str, int]]]]) -> NameColumn:
    column = NameColumn()
    for size, named in briefings:
        masks = [(mask % (1 << size)).to_bytes(mask_width(size), "little") for _, mask in named]
        column.append([name for name, _ in named], [mask.rstrip(b"\0") for mask in masks],
                      mask_width(size))  # fmt: skip
    return column


@given(tables)
def test_name_tables_give_back_each_briefings_names_and_entries(
    briefings: list[tuple[int, list[tuple[str, int]]]],
) -> None:
    column = names_of(briefings)
    assert len(column) == len(briefings)
    number, expected = 0, dict[int, int]()
    for ordinal, (size, named) in enumerate(briefings):
        names, masks = column.table(ordinal)
        assert list(names) == [name for name, _ in named]
        assert [int.from_bytes(m, "little") for m in masks] == [m % (1 << size) for _, m in named]
        for _, mask in named:
            if number % 2 == 0:
                expected[ordinal] = expected.get(ordinal, 0) | mask % (1 << size)
            number += 1
    assert column.entries(range(0, number, 2)) == expected
    widths = [mask_width(size) for size, _ in briefings]
    again = NameColumn.of_buffers(
        bytearray(column.names.buffer), array("q", column.first), bytearray(column.masks), widths
    )
    assert again == column
    if column.masks:  # a mask a byte wider than its briefing needs
        wider = [width + 1 for width in widths]
        assert NameColumn.of_buffers(column.names.buffer, column.first, column.masks, wider) is None
    copied = NameColumn()
    copied.extend_from(column, 1, len(briefings))
    assert copied == names_of(briefings[1:])


@settings(max_examples=300, deadline=None)
@given(texts_and_word(), st.lists(ALPHABET, min_size=1, max_size=3).map("".join))
@example((["aab", "b", "xab", "a"], "a"), "b")  # "ab" after the first "a" of "aab"
def test_a_word_typed_on_is_found_in_the_rests_of_the_shorter_words_names(
    case: tuple[list[str], str], more: str
) -> None:
    # "jo" then "jos": the names holding "jo", each from where "jo" first occurs
    texts, word = case
    column = column_of(texts)
    holding = array("i", [number for number, text in enumerate(texts) if word in text])
    rests = column.rests(encode(word), holding)
    assert rests == [encode(texts[n][texts[n].index(word) :]) for n in holding]
    longer = word + more
    found, longer_rests = rests_holding(holding, rests, encode(longer))
    expected = [number for number, text in enumerate(texts) if longer in text]
    assert list(found) == expected
    assert longer_rests == column.rests(encode(longer), expected)
