"""End to end in tmux: the Linux console (``TERM=linux``) and ``NO_COLOR=1``.

The installed ``briefing`` runs on the hostile briefing in an 80x24 tmux pane on a
private server. Each wait polls ``capture-pane`` until the expected text appears,
up to a deadline.
"""

from __future__ import annotations

import re
import shlex
import uuid
from collections.abc import Callable, Iterator

import pytest

from .tmux_support import Pane, briefing_command

ESCAPES = "tests/data/hostile/escapes.yaml"

Start = Callable[..., Pane]


@pytest.fixture
def start() -> Iterator[Start]:
    command = briefing_command()
    panes: list[Pane] = []

    def run(*environment: str) -> Pane:
        pane = Pane(f"briefing-e2e6-{uuid.uuid4().hex[:8]}", "r")
        panes.append(pane)
        shell = f"{shlex.quote(command)} {ESCAPES}; echo EXIT=$?; sleep 120"
        pane.open("env", "-u", "NO_COLOR", "-u", "TMUX", *environment, "sh", "-c", shell)
        return pane

    yield run
    for pane in panes:
        pane.kill_server()


def test_the_linux_console_gets_ascii_and_a_whole_banner(start: Start) -> None:
    pane = start("TERM=linux", "LANG=C.UTF-8")
    lines = pane.wait_for("PWNBIDI")
    assert all(line.isascii() for line in lines), [line for line in lines if not line.isascii()]
    assert lines[0].strip() == "TLP:RED  UNRECOGNISED MARKING: SECRET<ESC>[8m"
    assert lines[22].strip() == lines[0].strip()
    text = "\n".join(lines)
    assert "<ESC>]52;c;UFdOQ0xJUEJPQVJE<BEL>" in text
    assert "<U+202E>PWNBIDI<U+202C>" in text
    pane.keys("2")
    lines = pane.wait_for("PWNOVERWRITE")
    assert all(line.isascii() for line in lines)
    assert any(re.fullmatch(r"-{80}", line) for line in lines)  # the split, in ASCII
    # Too small: the notice, never a cut banner; and back.
    pane.tmux("resize-window", "-t", "r", "-x", "40", "-y", "10")
    lines = pane.wait_for("Terminal too small")
    assert not any("TLP" in line for line in lines)
    pane.tmux("resize-window", "-t", "r", "-x", "80", "-y", "24")
    lines = pane.wait_for("TLP:RED")
    assert "TLP:RED" in lines[0]
    pane.keys("q")
    pane.wait_for("EXIT=0")


def test_no_color_draws_without_colour(start: Start) -> None:
    pane = start("TERM=xterm-256color", "LANG=C.UTF-8", "NO_COLOR=1")
    pane.wait_for("PWNBIDI")
    pane.keys("2")
    pane.wait_for("PWNOVERWRITE")
    lines = pane.screen(escapes=True)
    sgr = [p for line in lines for p in re.findall(r"\x1b\[([0-9;:]*)m", line)]
    # tmux itself resets to the default colours (39, 49); nothing sets a colour.
    colours = [p for p in sgr for n in p.split(";") if n and n not in ("39", "49") and (
        30 <= int(n) <= 49 or 90 <= int(n) <= 107)]  # fmt: skip
    assert colours == []
    # The banner is bold, underlined (TLP:RED) and in reverse video instead.
    banner_attributes = set(";".join(re.findall(r"\x1b\[([0-9;]*)m", lines[0])).split(";"))
    assert {"1", "4", "7"} <= banner_attributes
    assert "TLP:RED" in lines[0]
    pane.keys("q")
    pane.wait_for("EXIT=0")
