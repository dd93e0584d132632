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


def test_a_longer_word_is_tested_only_on_the_entries_of_the_word_inside_it() -> None:
    tested: list[str] = []

    class Counted(str):
        def __contains__(self, word: object) -> bool:
            tested.append(self)
            return super().__contains__(word)  # type: ignore[operator]

    texts = [Counted(text) for text in ["protest", "pro", "x", "y", "z", "w"]]
    entries = WordEntries(texts)
    assert entries.matching("pro") == 0b11
    tested.clear()
    assert entries.matching("prot") == 0b1
    assert sorted(tested) == ["pro", "protest"]  # not the four without "pro"
