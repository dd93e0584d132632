"""Problems found in a briefing file, with a position: errors, warnings and notes.

An error stops the briefing from loading; a warning is a likely mistake (an unknown
key) that ``check --strict`` turns into an error; a note points at something legal
that a reader may want to know (an unsourced incident), and ``--strict`` leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..sanitize import sanitize_line

__all__ = ["BriefingLoadError", "Problem", "Severity", "problems_sorted"]

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    field: str
    """Where in the briefing, like ``incidents[2].quotes[0]``; empty for the whole file."""
    message: str

    def format(self) -> str:
        """``path:line:col: error: field: message``, safe to print to a terminal."""
        where = f"{self.field}: " if self.field else ""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"
        return sanitize_line(text)

    def as_warning_or_error(self, strict: bool) -> Problem:
        """With ``strict``, a warning becomes an error."""
        if strict and self.severity == "warning":
            return Problem(self.path, self.line, self.column, "error", self.field, self.message)
        return self


class BriefingLoadError(Exception):
    """The loader's own error: the only exception it lets escape."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__(problems[0].format() if problems else "could not load")


def problems_sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    """Problems in file order."""
    return tuple(sorted(problems, key=lambda p: (p.line, p.column)))
