"""The terminal cursor follows attention (screen readers and braille displays follow it).

Textual hides the cursor but moves it after every frame to ``App.cursor_position``;
tmux reports where it is (``#{cursor_x},#{cursor_y}``), as a screen reader sees it.
"""

from __future__ import annotations

import os
import shlex
import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from .tmux_support import DEADLINE, Pane, briefing_command

SEED = "briefings/canada-china-security-cooperation.yaml"
GLYPH_ART = [(0x2500, 0x259F), (0x2800, 0x28FF)]


def start(*arguments: str) -> Pane:
    command = briefing_command()
    term = Pane(f"briefing-cursor-{uuid.uuid4().hex[:8]}", "reader")
    shell = " ".join(shlex.quote(part) for part in (command, *arguments)) + "; sleep 120"
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("TMUX", None)
    env.pop("BRIEFING_LINEAR", None)
    term.open("env", "TERM=xterm-256color", "LANG=C.UTF-8", "sh", "-c", shell, env=env)
    return term


@pytest.fixture
def terminal() -> Iterator[Pane]:
    term = start(SEED)
    try:
        yield term
    finally:
        term.kill_server()


def cursor(term: Pane) -> tuple[int, int]:
    x, y = term.tmux("display", "-p", "-t", term.target, "#{cursor_x},#{cursor_y}").split(",")
    return int(x), int(y)


def line_of(lines: list[str], needle: str) -> int:
    return next(number for number, line in enumerate(lines) if needle in line)


def cursor_on(
    term: Pane, needle: str, column: Callable[[str], int] = lambda line: 1, below: int = 0
) -> None:
    """Wait until the cursor is ``below`` lines under the line holding ``needle``, at
    ``column`` of that line."""
    end = time.monotonic() + DEADLINE
    while True:
        lines = term.screen()
        if any(needle in line for line in lines):
            row = line_of(lines, needle)
            if cursor(term) == (column(lines[row]), row + below):
                return
        if time.monotonic() > end:
            raise AssertionError(
                f"cursor at {cursor(term)}, not on {needle!r}:\n" + "\n".join(lines)
            )
        time.sleep(0.05)  # polling the screen; returns as soon as the cursor is there


def test_the_cursor_follows_the_list_panes_help_and_the_bars(terminal: Pane) -> None:
    terminal.wait_for("1 Sum")  # shortened when unread counts fill the tabs
    terminal.keys("2")
    cursor_on(terminal, "Kidnapping and imprisonment")  # column 0 of the highlighted row
    terminal.keys("j", "j")
    cursor_on(terminal, "Targeting of Chinese Canadian")
    terminal.keys("k")
    cursor_on(terminal, "Interference in Canadian elections")
    terminal.keys("3")
    cursor_on(terminal, "the most active perpetrator")
    terminal.keys("?")
    cursor_on(terminal, "Keys  (esc or ? closes", lambda line: line.index("Keys"))
    terminal.keys("Escape")
    cursor_on(terminal, "the most active perpetrator")
    terminal.keys("/")
    terminal.wait_for("Find:")
    terminal.keys("C", "a")
    cursor_on(terminal, "Find:", lambda line: line.find("Ca") + 3)  # Textual's caret cell
    terminal.keys("Escape")
    cursor_on(terminal, "the most active perpetrator")
    terminal.keys("2", "enter")  # the detail: the cursor on its first line, under its rule
    cursor_on(terminal, "────────", lambda line: 1, below=1)
    terminal.keys("tab")  # the first link of the detail
    cursor_on(terminal, "→", lambda line: line.index("→"))


def test_linear_mode_reads_rows_as_sentences_without_glyph_art() -> None:
    term = start("--linear", SEED)
    try:
        term.wait_for("Pane 1 of 5: Summary.")  # the current pane in words
        term.keys("2")
        term.wait_for("Pane 2 of 5: Incidents, 9 unread.")  # none read: the list alone
        term.wait_for("Incident 1 of 9.")
        cursor_on(term, "Incident 1 of 9. Unread. Kidnapping")
        term.keys("j")
        cursor_on(term, "Incident 2 of 9. Unread. Interference")
        for keys in ((), ("?",)):
            term.keys(*keys)
            screen = term.text()
            assert not [ch for ch in screen if any(a <= ord(ch) <= b for a, b in GLYPH_ART)]
        term.wait_for("Keys")
        assert term.screen()[0].strip() == "TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE"
    finally:
        term.kill_server()
