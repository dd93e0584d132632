"""The words typed, answered from earlier answers (``words.py``), against a plain scan.

``WordEntries`` tests a word only on the entries of a kept answer of a word inside it
(``pro`` after ``pr``), or of the scope an ``And`` gives; whatever was asked before, in
whatever order, within whatever scope, and however few answers it may keep, each answer
must be the entries a plain test of every entry finds.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.model.search import words
from briefing_tui.model.search.bitset import bits_from_indices
from briefing_tui.model.search.words import WordEntries

LETTERS = "abé ß-"
texts_lists = st.lists(st.text(LETTERS, max_size=12), min_size=1, max_size=40)
typed_words = st.text(LETTERS, min_size=1, max_size=5)


def plain(texts: list[str], word: str) -> int:
    """The entries holding ``word``, each tested."""
    return bits_from_indices([n for n, text in enumerate(texts) if word in text], len(texts))


@st.composite
def scopes(draw: st.DrawFn, size: int) -> int | None:
    """None (every entry) or a set of entries (a small one is tested entry by entry)."""
    if draw(st.booleans()):
        return None
    return bits_from_indices(draw(st.sets(st.integers(0, size - 1))), size)


@settings(max_examples=300, deadline=None)
@given(st.data(), texts_lists)
def test_every_answer_is_the_plain_scans_whatever_was_asked_before(
    data: st.DataObject, texts: list[str]
) -> None:
    entries = WordEntries(texts)
    for _ in range(data.draw(st.integers(1, 12))):
        word = data.draw(typed_words)
        within = data.draw(scopes(len(texts)))
        found = entries.matching(word, within)
        expected = plain(texts, word)
        if within is None:
            assert found == expected, word
        else:
            assert found & within == expected & within, word


@settings(max_examples=200, deadline=None)
@given(texts_lists, typed_words, st.data())
def test_typing_a_word_then_erasing_it_agrees_at_every_key(
    texts: list[str], word: str, data: st.DataObject
) -> None:
    entries = WordEntries(texts)
    within = data.draw(scopes(len(texts)))
    prefixes = [word[:end] for end in range(1, len(word) + 1)]
    for typed in prefixes + prefixes[-2::-1]:
        found = entries.matching(typed, within)
        expected = plain(texts, typed)
        scope = (1 << len(texts)) - 1 if within is None else within
        assert found & scope == expected & scope, typed


@settings(max_examples=100, deadline=None)
@given(texts_lists, st.lists(typed_words, min_size=1, max_size=8))
def test_answers_stay_right_when_few_can_be_kept(texts: list[str], asked: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "KEPT_NUMBERS", 3)  # the oldest answers are dropped at once
        entries = WordEntries(texts)
        for word in asked:
            assert entries.matching(word) == plain(texts, word), word


class _Read(list[str]):
    """Texts that note which are read one by one (a scan of every entry reads none so)."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__(texts)
        self.read: list[int] = []

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        self.read.append(number)
        return super().__getitem__(number)


def test_a_longer_word_is_tested_only_on_the_entries_of_the_word_inside_it() -> None:
    texts = _Read(["protest", "pro", "x", "y", "z", "w"])
    entries = WordEntries(texts)
    assert entries.matching("pro") == 0b11
    texts.read.clear()
    assert entries.matching("prot") == 0b1
    assert set(texts.read) == {0, 1}  # not the four without "pro"


def test_a_word_typed_at_its_front_is_found_before_where_the_earlier_word_was() -> None:
    # "ab" first occurs at 1 in "aab"; "aab" there at 0: looked for from 1 - 1
    entries = WordEntries(["aab", "ab", "b", "x", "y", "z", "w"])
    assert entries.matching("b") == 0b111
    assert entries.matching("ab") == 0b11
    assert entries.matching("aab") == 0b1
    assert entries.matching("xaab") == 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("ab -", max_size=14), min_size=4, max_size=30),
    st.lists(st.text("ab", min_size=1, max_size=6), min_size=1, max_size=4),
    st.integers(1, 5),
)
def test_words_typed_on_agree_with_a_plain_scan_whatever_the_window(
    texts: list[str], typed: list[str], window: int
) -> None:
    # each word typed on one letter at a time: tested on the kept windows (cut short by
    # the text's end or by ``window``) and after the shorter word's place
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "WINDOW", window)
        entries = WordEntries(texts + ["-"] * len(texts))  # every answer small: narrowed
        for word in typed:
            for end in range(1, len(word) + 1):
                prefix = word[:end]
                assert entries.matching(prefix) == plain(texts + ["-"] * len(texts), prefix)


def test_a_word_typed_on_is_found_after_the_shorter_words_first_place() -> None:
    # "pro" first occurs in "prove a protest" where "prot" does not: it is further on
    texts = ["prove a protest", "pro", "a protest", "x", "y", "z", "w", "v"]
    entries = WordEntries(texts)
    assert entries.matching("pr") == 0b111
    assert entries.matching("pro") == 0b111
    assert entries.matching("prot") == 0b101
    assert entries.matching("prote") == 0b101
    assert entries.matching("provo") == 0


def test_a_word_typed_on_is_found_further_on_where_most_windows_start_with_it() -> None:
    # "abab" is not where "aba" first is in "aba abab", but further on
    texts = ["aba abab", "abab", "ababx", "abab y", "x", "x", "x", "x", "x", "x"]
    entries = WordEntries(texts)
    for word in ("a", "ab", "aba"):
        assert entries.matching(word) == 0b1111
    assert entries.matching("abab") == 0b1111
    assert entries.matching("ababx") == 0b100
