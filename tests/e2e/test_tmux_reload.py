"""End to end: a file edited in another program while the reader shows it (tmux, 80x24).

The installed ``briefing`` runs with its default watcher (a poll every second); the test
writes the file the way editors do (a temporary file renamed over it) and waits, with a
deadline, for the new incident and the notice to be drawn.
"""

from __future__ import annotations

import os
import shlex
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux_support import Pane, briefing_command

LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(LIBRARY, root)
    return root


@pytest.fixture
def terminal(folder: Path) -> Iterator[Pane]:
    command = briefing_command()
    term = Pane(f"briefing-reload-{uuid.uuid4().hex[:8]}", "reader")
    shell = f"{shlex.quote(command)} {shlex.quote(str(folder))}; echo EXIT=$?; sleep 120"
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("TMUX", None)
    try:
        locale = ("TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
        term.open("env", *locale, "sh", "-c", shell, env=env)
        yield term
    finally:
        term.kill_server()


def test_an_edit_made_while_the_briefing_is_shown_appears_on_screen(
    terminal: Pane, folder: Path
) -> None:
    terminal.wait_for("3 briefings, 1 broken file")
    terminal.keys("j", "Enter")
    terminal.wait_for("1 Sum")  # the briefing's pane tabs (shortened with unread counts): open
    terminal.keys("2")
    terminal.wait_for("Vessel loitered near a cable landing")
    path = folder / "arctic-shipping-watch.yaml"
    text = path.read_text(encoding="utf-8")
    added = (
        "  - id: inc-new-sighting\n"
        "    title: A third vessel was seen at dawn\n"
        '    when: "2026-10-10"\n'
        "    severity: high\n"
        "quotes:\n"
    )
    temporary = folder / ".arctic.tmp"
    temporary.write_text(text.replace("quotes:\n", added, 1), encoding="utf-8")
    os.replace(temporary, path)
    lines = terminal.wait_for("A third vessel was seen at")  # cut after the reading marks
    assert "TLP:AMBER" in lines[0]  # still the briefing, its banner on top
    terminal.wait_for("reloaded: 1 incident added")
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
