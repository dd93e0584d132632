"""End to end: ``y`` reaches the terminal's clipboard by OSC 52 (tmux with
``set-clipboard on`` keeps what an application sends as a paste buffer), and in
secure mode nothing does."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest

from .tmux_support import DEADLINE, Pane, briefing_command

SEED = "briefings/canada-china-security-cooperation.yaml"
CITATION = (
    "brf-canada-china-security-cooperation/inc-two-michaels"
    ' Kidnapping and imprisonment of the "Two Michaels"'
)


def start(*options: str) -> Pane:
    command = briefing_command()
    term = Pane(f"briefing-copy-{uuid.uuid4().hex[:8]}", "reader")
    shell = f"{shlex.quote(command)} --no-cache {' '.join(options)} {SEED}; sleep 120"
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("TMUX", None)
    env.pop("BRIEFING_SECURE", None)
    term.open("env", "TERM=xterm-256color", "LANG=C.UTF-8", "sh", "-c", shell, env=env)
    term.tmux("set-option", "-g", "set-clipboard", "on")
    return term


def buffers(term: Pane) -> list[str]:
    done = subprocess.run(
        ["tmux", "-L", term.socket, "list-buffers", "-F", "#{buffer_name}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.split()


@pytest.fixture
def reader() -> Iterator[Pane]:
    term = start()
    try:
        yield term
    finally:
        term.kill_server()


@pytest.fixture
def secure_reader() -> Iterator[Pane]:
    term = start("--secure")
    try:
        yield term
    finally:
        term.kill_server()


def test_y_copies_the_citation_to_the_terminal_clipboard(reader: Pane) -> None:
    reader.wait_for("1 Sum")  # the briefing is open (the library's hints say Quit too)
    reader.keys("2")
    reader.wait_for("Kidnapping and imprisonment")
    reader.keys("y")
    reader.wait_for("Copied citation")
    end = time.monotonic() + DEADLINE
    while not buffers(reader) and time.monotonic() < end:
        time.sleep(0.05)  # polling tmux; returns as soon as the buffer is there
    assert reader.tmux("show-buffer") == CITATION


def test_y_in_secure_mode_sends_nothing(secure_reader: Pane) -> None:
    secure_reader.wait_for("1 Sum")  # the briefing is open, not the library
    secure_reader.keys("2")
    secure_reader.wait_for("Kidnapping and imprisonment")
    secure_reader.keys("y")
    secure_reader.wait_for("copying is off")
    assert buffers(secure_reader) == []
