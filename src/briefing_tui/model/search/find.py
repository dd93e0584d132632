"""Find inside text, the way ``less`` does: every match of a pattern, for highlighting.

:class:`Finder` is built once per pattern and asked for the matches of each text shown
(a list row, a detail paragraph): ``Finder("josee").spans("Josée Tremblay")`` is
``[(0, 5)]``. The rules:

* **smartcase**: a pattern without capitals ignores case; with one it respects case
  (in a regular expression, letters right after a backslash, like ``\\W``, don't count);
* **accents ignored** both ways: ``josee`` finds ``Josée`` and ``José`` finds ``Jose``.
  Text is folded one character at a time (NFKD, combining marks dropped, casefolded
  when case is ignored) with a map from folded offsets back to the original ones, so
  spans are always offsets into the text as given, even where folding changes lengths
  (``ß`` -> ``ss``, ``ﬁ`` -> ``fi``, ``e`` + combining acute -> ``e``);
* **literal** by default; ``regex=True`` takes a Python regular expression, and an
  invalid one raises :class:`FindError` (message, position in the pattern), never any
  other exception.

Runaway regular expressions: the text searched comes from the files (a description of
200,000 ``a``), so any pattern may meet the text that makes it backtrack. Regular
expressions run on the ``regex`` engine, which stops a match after a timeout (Python's
``re`` cannot be interrupted): each finder has a time budget (:data:`FIND_BUDGET`) for
its slow searches; once spent, it finds nothing more and says so
(:attr:`Finder.stopped_after_ms`), so no pattern holds the reader for longer. Before
that, as a first guard, :class:`Finder` refuses *nested repetition*
(a repeated group that itself contains a repetition, like ``(a+)+`` or
``(\\w+\\s?)*``), the shape behind exponential backtracking, with a FindError that
points at the outer repetition. Each unbounded repetition of an atom that matches
almost anything (``.*``, ``[^,]+``, ``\\S+``) multiplies the worst case by the length
of the text, so a regular expression searches at most 200,000 characters of a text
with none, 20,000 with one, 1,000 with two, and more than two are refused (about half
a second at worst on a laptop). Other shapes (overlapping alternatives, backreferences)
are left to the time budget.
"""

from __future__ import annotations

import re
import time
import unicodedata
import warnings
from collections.abc import Iterable
from functools import lru_cache
from itertools import repeat

import regex as untrusted_re

from .folding import fold_text, strip_marks

__all__ = ["FIND_BUDGET", "MAX_REGEX_TEXT", "FindError", "Finder"]

FIND_BUDGET = 0.25
"""Seconds a regular expression may spend in slow searches (each over ``_SLOW``) before
its finder stops: the longest the reader can be held by one pattern."""
_SLOW = 0.002
"""A search of one text taking longer than this counts against the budget (the many
quick searches of a long list do not)."""

MAX_REGEX_TEXT = 200_000
"""A regular expression searches at most this many characters of one text."""
_SPREAD_LIMITS = (MAX_REGEX_TEXT, 20_000, 1_000)
"""Characters searched by a regular expression with 0, 1, 2 repetitions like ``.*``;
each multiplies the worst case by the text's length (Python's ``re`` backtracks)."""

_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(,?)(\d*)\}")
_GROUP_HEAD = re.compile(r"\?(?:P<\w+>|P=\w+\)|#[^)]*\)|[:=!>|]|<[=!]|[aiLmsux-]+[:)]|\(\w+\))?")


class FindError(ValueError):
    """An invalid find pattern; ``position`` is the 0-based offset of the problem in it."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message, position)
        self.message, self.position = message, position

    def __str__(self) -> str:
        return f"col {self.position + 1}: {self.message}"


@lru_cache(maxsize=8192)
def _fold_char(char: str, casefold: bool) -> str:
    if casefold:
        return fold_text(char)
    return strip_marks(unicodedata.normalize("NFKD", char))


def _fold_mapped(text: str, casefold: bool) -> tuple[str, list[int] | None]:
    """``text`` folded, and the original offset of each folded character (None: same)."""
    if text.isascii():
        return (text.lower() if casefold else text), None
    pieces: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        folded = _fold_char(char, casefold)
        pieces.append(folded)
        origin.extend(repeat(offset, len(folded)))
    return "".join(pieces), origin


def _smartcase(pattern: str, regex: bool) -> bool:
    """True (respect case) when the pattern has a capital, not counting regex escapes."""
    if not regex:
        return any(char.isupper() for char in pattern)
    return any(char.isupper() for char in re.sub(r"\\.", "", pattern))


def _fold_pattern(pattern: str) -> str:
    """A regular expression with accented letters made plain, keeping every offset."""
    chars = []
    for char in pattern:
        plain = char if char.isascii() else strip_marks(unicodedata.normalize("NFKD", char))
        chars.append(plain if len(plain) == 1 else char)
    return "".join(chars)


def _repeats(quantifier: re.Match[str]) -> bool | None:
    """Whether a quantifier allows more than one repetition; None: not a quantifier."""
    text = quantifier.group()
    if text == "{}":
        return None  # a literal brace pair
    if text in "*+?":
        return text != "?"
    low, comma, high = quantifier.groups()
    if not comma:
        return int(low) > 1
    return not high or int(high) > 1


def _risks(pattern: str) -> tuple[int | None, list[int]]:
    """Where ``pattern`` may run away: (offset of a nested repetition or None, offsets of
    unbounded repetitions of a broad atom such as ``.*``, ``[^,]+``, ``\\S*``).

    Only called on patterns that compile, so the syntax is known to be sound.
    """
    repeats = [False]  # per open group: does it contain a repetition?
    closed = False  # the previous atom is a group that contains a repetition
    broad = False  # the previous atom matches almost anything
    spread: list[int] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        quantifier = _QUANTIFIER.match(pattern, i)
        many = _repeats(quantifier) if quantifier else None
        if char == "\\":
            i, closed, broad = i + 2, False, pattern[i + 1 : i + 2] in ("S", "W", "D")
        elif char == "[":
            end = i + 1 + (pattern[i + 1 : i + 2] == "^")
            end += pattern[end : end + 1] == "]"
            while pattern[end] != "]":
                end += 2 if pattern[end] == "\\" else 1
            i, closed, broad = end + 1, False, pattern[i + 1 : i + 2] == "^"
        elif char == "(":
            head = _GROUP_HEAD.match(pattern, i + 1)
            i, closed, broad = (head.end() if head else i + 1), False, False
            repeats.append(False)
        elif char == ")":
            inner = repeats.pop()
            repeats[-1] = repeats[-1] or inner
            i, closed, broad = i + 1, inner, False
        elif quantifier is not None and many is not None:
            if many and closed:
                return i, spread
            if broad and (quantifier.group() in "*+" or (quantifier[2] and not quantifier[3])):
                spread.append(i)
            repeats[-1] = repeats[-1] or many
            i, closed, broad = quantifier.end(), False, False
            if i < len(pattern) and pattern[i] in "?+":  # lazy or possessive
                i += 1
        else:
            i, closed, broad = i + 1, False, char == "."
    return None, spread


class Finder:
    """All matches of one pattern in any text, as ``(start, end)`` offsets."""

    def __init__(self, pattern: str, regex: bool = False) -> None:
        """Raises FindError when ``regex`` is true and ``pattern`` is not a valid one."""
        self.pattern = pattern
        self.regex = regex
        self.case_sensitive = _smartcase(pattern, regex)
        """Whether case counts (smartcase: the pattern has a capital)."""
        self._casefold = not self.case_sensitive and not regex
        self._limit = MAX_REGEX_TEXT
        self._spent = 0.0
        self.stopped_after_ms: int | None = None
        """Set once the time budget is spent: from then on nothing is found."""
        self._untrusted: untrusted_re.Pattern[str] | None = None
        self._compiled: re.Pattern[str] | None = None
        if not regex:
            literal = fold_text(pattern) if self._casefold else _fold_char_run(pattern)
            self._compiled = re.compile(re.escape(literal)) if literal else None
            return
        source = _fold_pattern(pattern)
        flags = untrusted_re.VERSION0 | (0 if self.case_sensitive else untrusted_re.IGNORECASE)
        try:
            with warnings.catch_warnings():  # "possible nested set": never printed over the UI
                warnings.simplefilter("ignore")
                re.compile(source)  # Python's syntax and messages; the guards read it so
                self._untrusted = untrusted_re.compile(source, flags)
        except (re.error, untrusted_re.error) as error:
            position = getattr(error, "pos", None) or 0
            message = getattr(error, "msg", None) or str(error)
            raise FindError(message, min(position, max(0, len(pattern) - 1))) from None
        except (RecursionError, OverflowError, ValueError, RuntimeError) as error:
            raise FindError(f"the expression is too complex ({type(error).__name__})", 0) from None
        nested, spread = _risks(source)
        if nested is not None:
            raise FindError(
                "a repeated group that repeats inside, like (a+)+, can take forever: simplify it",
                nested,
            )
        if len(spread) > len(_SPREAD_LIMITS) - 1:
            raise FindError(
                f"more than {len(_SPREAD_LIMITS) - 1} repetitions like .* can take forever",
                spread[len(_SPREAD_LIMITS) - 1],
            )
        self._limit = _SPREAD_LIMITS[len(spread)]

    @classmethod
    def for_terms(cls, terms: Iterable[str]) -> Finder:
        """A finder of any of ``terms`` (literal, ignoring case and accents), for highlighting
        the words of a filter query."""
        folded = sorted({fold_text(term) for term in terms if term.strip()}, key=len, reverse=True)
        finder = cls("")
        finder.pattern = " ".join(folded)
        finder._compiled = re.compile("|".join(map(re.escape, folded))) if folded else None
        return finder

    def _regex_spans(self, folded: str) -> list[tuple[int, int]]:
        """The matches of the untrusted pattern, within what is left of the time budget."""
        assert self._untrusted is not None
        if self.stopped_after_ms is not None:
            return []
        began = (
            time.thread_time()
        )  # this thread's CPU: a busy machine's pauses are not the pattern's
        try:
            matches = self._untrusted.finditer(folded, timeout=FIND_BUDGET - self._spent)
            found = [m.span() for m in matches if m.end() > m.start()]
        except TimeoutError:
            found = []
            self._spent = FIND_BUDGET
        else:
            took = time.thread_time() - began
            if took > _SLOW:
                self._spent += took
        if self._spent >= FIND_BUDGET:
            self.stopped_after_ms = round(FIND_BUDGET * 1000)
            return []
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every non-empty, non-overlapping match in ``text``, in order, as offsets into it."""
        if (self._compiled is None and self._untrusted is None) or not text:
            return []
        folded, origin = _fold_mapped(text, self._casefold)
        if self._untrusted is not None:
            found = self._regex_spans(folded[: self._limit])
        else:
            assert self._compiled is not None
            found = [m.span() for m in self._compiled.finditer(folded) if m.end() > m.start()]
        if origin is None:
            return found
        spans: list[tuple[int, int]] = []
        for start, end in found:
            first = origin[start]
            last = origin[end - 1]
            stop = len(text) if end == len(origin) else max(last + 1, origin[end])
            if spans and first < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], stop))
            else:
                spans.append((first, stop))
        return spans

    def count(self, text: str) -> int:
        """How many matches ``text`` has."""
        return len(self.spans(text))


def _fold_char_run(text: str) -> str:
    """``text`` with accents dropped but case kept (as the text is folded, per character)."""
    return "".join(_fold_char(char, False) for char in text)
