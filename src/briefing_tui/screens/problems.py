"""The problems of a file that failed to load, each as ``file:line:col: message``."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..model import FileResult
from ..widgets import safe
from .overlay import Overlay

__all__ = ["ProblemsScreen"]


class ProblemsScreen(Overlay):
    """Every problem of one broken file (file text shown sanitised and inert)."""

    def __init__(self, beneath: Screen[Any], result: FileResult) -> None:
        count = len(result.problems)
        title = f"{result.path} did not load: {count} problem" + ("" if count == 1 else "s")
        super().__init__(beneath, safe.plain_line(title))
        self.result = result

    def compose_body(self) -> ComposeResult:
        lines = [safe.line(problem.format()) for problem in self.result.problems]
        yield Static(Content("\n").join(lines), id="problem-lines", markup=False)
