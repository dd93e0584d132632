"""The tmux pane the end-to-end tests drive: a private server, polled screens.

Each wait polls ``capture-pane`` until the expected text appears, up to a deadline.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 20.0


class Pane:
    """One tmux pane (session ``target``) on a private server (``socket``)."""

    def __init__(self, socket: str, target: str) -> None:
        self.socket = socket
        self.target = target

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self, *, escapes: bool = False) -> list[str]:
        escape_flag = ["-e"] if escapes else []
        return self.tmux("capture-pane", "-p", *escape_flag, "-t", self.target).splitlines()

    def text(self) -> str:
        return "\n".join(self.screen())

    def keys(self, *keys: str) -> None:
        """Send the keys one ``send-keys`` at a time."""
        for key in keys:
            self.tmux("send-keys", "-t", self.target, key)

    def wait_for(self, needle: str, deadline: float = DEADLINE) -> list[str]:
        """Poll the screen until ``needle`` is on it; the screen's lines."""
        end = time.monotonic() + deadline
        while True:
            lines = self.screen()
            if any(needle in line for line in lines):
                return lines
            if time.monotonic() > end:
                raise AssertionError(f"{needle!r} not on screen:\n" + "\n".join(lines))
            time.sleep(0.05)  # polling the screen; returns as soon as the text is there

    def open(self, *command: str, env: Mapping[str, str] | None = None) -> None:
        """Start the server with an 80x24 session running ``command`` from the root."""
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", self.target,
             "-x", "80", "-y", "24", "-c", str(ROOT), *command],
            check=True, env=env,
        )  # fmt: skip

    def kill_server(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def briefing_command() -> str:
    """The installed ``briefing`` command; tmux must be there too."""
    command = shutil.which("briefing")
    assert command is not None, "the briefing command is not installed (pip install -e .)"
    assert shutil.which("tmux") is not None, "tmux is needed (apt-get install tmux)"
    return command
