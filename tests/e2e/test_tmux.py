"""End to end: the installed ``briefing`` command in tmux at 80x24, driven by keys.

The pane runs ``briefing FILE; echo EXIT=$?`` and stays open, so the exit status
is read from the screen. Every wait polls ``capture-pane`` until the expected
text appears, up to a deadline. The tmux server is private (its own socket) and
is killed at the end.
"""

from __future__ import annotations

import os
import shlex
import time
import uuid
from collections.abc import Iterator

import pytest

from .tmux_support import DEADLINE, Pane, briefing_command

SEED = "briefings/canada-china-security-cooperation.yaml"
BANNER = "TLP:CLEAR"
BRIEFING_OPEN = "1 Sum"
"""The briefing's pane tabs (shortened with unread counts): the briefing is open."""


@pytest.fixture
def terminal() -> Iterator[Pane]:
    command = briefing_command()
    term = Pane(f"briefing-e2e-{uuid.uuid4().hex[:8]}", "reader")
    shell = f"{shlex.quote(command)} {SEED}; echo EXIT=$?; sleep 120"
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("NO_COLOR", None)
    env.pop("TMUX", None)
    try:
        locale = ("TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
        term.open("env", *locale, "sh", "-c", shell, env=env)
        yield term
    finally:
        term.kill_server()


def test_reader_in_tmux_at_80x24(terminal: Pane) -> None:
    # The single briefing opens directly on its summary (its pane tabs: the library,
    # drawn first, shows the title and Quit too).
    terminal.wait_for(BRIEFING_OPEN)
    lines = terminal.wait_for("Quit")
    assert len(lines) == 24
    assert BANNER in lines[0] and "UNCLASSIFIED" in lines[0]
    assert BANNER in lines[22] and "UNCLASSIFIED" in lines[22]
    assert "Quit" in lines[23]  # the key hints, under the bottom banner

    terminal.keys("2")
    lines = terminal.wait_for("Kidnapping and imprisonment")
    assert any("Interference in Canadian elections" in line for line in lines)
    assert BANNER in lines[0] and BANNER in lines[22]

    terminal.keys("3")
    terminal.wait_for("Direct quote")  # the first quote's detail is drawn
    lines = terminal.wait_for("the most active perpetrator")
    assert any("Anita Anand" in line for line in lines)
    assert BANNER in lines[0] and BANNER in lines[22]

    # Follow a link: Tab to the quote's speaker, Enter, and land on the entity.
    terminal.keys("Tab", "Tab", "Enter")
    lines = terminal.wait_for("Kind: organization")
    assert any("Foreign interference inquiry" in line for line in lines)
    terminal.keys("BSpace")  # back to the quote, its detail as it was left
    lines = terminal.wait_for("Speaker: Foreign interference inquiry")
    assert not any("Kind: organization" in line for line in lines)

    terminal.keys("q")
    terminal.wait_for("EXIT=0")


def test_find_and_filter_in_tmux(terminal: Pane) -> None:
    terminal.wait_for(BRIEFING_OPEN)  # a / sent to the library opened its find bar
    terminal.wait_for("Quit")

    # Find on the summary: every mention of "lai", a counter, n walks them. Each key that
    # moves the focus (/, enter, f, escape) is followed by a look at the screen, as a user
    # does: Textual hands a key to the widget focused when it arrives, so keys sent in one
    # burst could reach the widget that had the focus before.
    terminal.keys("/")
    terminal.wait_for("Find:")
    terminal.keys("l", "a", "i")
    lines = terminal.wait_for("1/7")
    assert any(line.startswith(" Find:") and "lai" in line for line in lines)
    terminal.keys("Enter")
    terminal.wait_for("f Filter")  # the text's key hints: the focus is back on it
    terminal.keys("n")
    terminal.wait_for("2/7")
    terminal.keys("N", "N")
    terminal.wait_for("7/7")
    terminal.wait_for("search wrapped")
    terminal.keys("/", "Escape")  # a new empty search, closed: no highlights, no bar
    end = time.monotonic() + DEADLINE
    while any("Find:" in line for line in terminal.screen()):
        assert time.monotonic() < end, "the find bar stayed open"
        time.sleep(0.05)

    # Filter the incidents: 6 of the 9 are high; the seed has no dates at all.
    terminal.keys("2")
    terminal.wait_for("SEVERITY")
    terminal.keys("f")
    terminal.wait_for("Filter:")
    for key in "severity:>=high":
        terminal.keys(key)
    lines = terminal.wait_for("6 of 9 incidents")
    assert any("2 Inc 6/9" in line for line in lines)  # tabs shorten at 80 columns
    for key in " after:2018":
        terminal.keys(key)
    terminal.wait_for("0 of 9 incidents")
    terminal.wait_for("No item matches the filter")
    terminal.keys("Escape")  # back to the list (its key hints), the filter kept
    terminal.wait_for("Zoom")
    terminal.keys("F")
    lines = terminal.wait_for("Kidnapping and imprisonment")
    assert not any("of 9 incidents" in line for line in lines)
    assert BANNER in lines[0] and BANNER in lines[22]

    terminal.keys("q")
    terminal.wait_for("EXIT=0")
