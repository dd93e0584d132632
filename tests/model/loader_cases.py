"""Shared inputs and checks for the loader tests (tests/model/test_loader_*.py)."""

from __future__ import annotations

import textwrap
import unicodedata

from briefing_tui.model import FileResult, Problem, load_bytes

MINIMAL = """\
schema: briefing/v1
id: brf-minimal
title: A minimal briefing
date: 2018-12-10
handling: {tlp: clear}
summary: One line of summary.
"""
"""The smallest valid briefing: only the required fields."""

FULL = """\
schema: briefing/v1
id: brf-full
title: A briefing with every collection
date: 2019-03
handling:
  tlp: amber
  banner: UNCLASSIFIED
summary:
  text: Summary text.
  sources: [src-one]
  quotes: [q-one]
sources:
  - id: src-one
    kind: article
    title: The article
  - id: src-two
    kind: report
    title: The report
entities:
  - id: ent-person
    kind: person
    name: A Person
  - id: ent-place
    kind: location
    name: A Place
incidents:
  - id: inc-first
    title: The first incident
    when: 2018-12
    locations: [ent-place]
    actors:
      - {entity: ent-person, role: victim}
    sources: [src-one]
    quotes: [q-two]
  - id: inc-second
    title: The second incident
    related: [inc-first]
    sources: [src-two]
quotes:
  - id: q-one
    text: Words that were said.
    kind: direct
    source: src-one
    speaker: ent-person
  - id: q-two
    text: Other words.
    kind: paraphrase
    source: src-two
    speaker_label: an official
notes:
  - id: note-one
    text: A note about the first incident.
    about: [inc-first, ent-person]
"""
"""A valid briefing using every collection and every kind of reference."""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def load_text(text: str, path: str = "test.yaml") -> FileResult:
    """Load YAML text written in a test."""
    return load_bytes(path, text.encode("utf-8"))


def with_fields(extra: str, base: str = MINIMAL) -> str:
    """``base`` plus top-level lines (dedented)."""
    return base + dedent(extra)


def replace_line(base: str, old: str, new: str) -> str:
    """``base`` with the one line starting with ``old`` replaced by ``new``."""
    lines = base.splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"{old!r} must start exactly one line"
    lines[hits[0]] = new + "\n"
    return "".join(lines)


def errors(result: FileResult) -> list[Problem]:
    return [p for p in result.problems if p.severity == "error"]


def warnings(result: FileResult) -> list[Problem]:
    return [p for p in result.problems if p.severity == "warning"]


def notes(result: FileResult) -> list[Problem]:
    return [p for p in result.problems if p.severity == "note"]


def only_error(result: FileResult) -> Problem:
    """The file failed with exactly one error; return it."""
    found = errors(result)
    assert result.briefing is None, "the file should not load"
    assert len(found) == 1, [p.format() for p in result.problems]
    return found[0]


UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def terminal_unsafe(text: str) -> list[str]:
    """Characters a terminal could act on (controls, bidi, format, separators)."""
    return [c for c in text if unicodedata.category(c) in UNSAFE_CATEGORIES]
