"""Run the real ``briefing`` program in a pseudo-terminal and keep every byte it writes.

The child gets a real terminal (``pty.fork``) of a chosen size; the test sends
keys as bytes, waits (with a deadline, never a fixed sleep) for text to appear in
what the program wrote, and finally has all of it, escape sequences included.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["RUNNER", "PtyApp", "base_environment"]

RUNNER = Path(__file__).with_name("audited_main.py")
"""Runs ``briefing_tui.cli.main`` (what the installed command runs) under audit hooks."""


def base_environment(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment: HOME and every XDG folder inside ``home``, a UTF-8 locale."""
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environ.update(extra)
    return environ


class PtyApp:
    """One run of the program in a pseudo-terminal."""

    def __init__(
        self,
        args: list[str],
        environ: Mapping[str, str],
        *,
        size: tuple[int, int] = (80, 24),
        cwd: Path | None = None,
        runner: Path = RUNNER,
    ) -> None:
        """``runner``: the script that runs the program (``RUNNER`` unless a test needs
        the program changed, e.g. ``slow_parse_main.py``)."""
        self.output = bytearray()
        self.status: int | None = None
        self.sent_at = 0
        """Where the output stood when the last key was sent."""
        columns, rows = size
        argv = [sys.executable, str(runner), *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: becomes the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                if cwd is not None:
                    os.chdir(cwd)
                os.execve(argv[0], argv, dict(environ))
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def _read(self, timeout: float) -> bool:
        """Read what is available within ``timeout``; False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        self.output += chunk
        return True

    def wait_for(self, *needles: bytes, timeout: float = 20) -> None:
        """Read until each of ``needles`` has been written since the last key was
        sent (since the start before any); fail at the deadline."""
        deadline = time.monotonic() + timeout

        def missing() -> list[bytes]:
            return [n for n in needles if self.output.find(n, self.sent_at) < 0]

        while missing():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(min(remaining, 0.2)):
                raise AssertionError(
                    f"never written: {missing()!r}; last bytes: {bytes(self.output[-600:])!r}"
                )

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
        """Keep reading the program's output until ``condition()`` holds; fail at the
        deadline, saying ``what`` never happened."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(min(remaining, 0.05)):
                raise AssertionError(f"{what} never happened; last bytes: {self.output[-600:]!r}")

    def send(self, keys: bytes) -> None:
        self.sent_at = len(self.output)
        os.write(self.fd, keys)

    def finish(self, timeout: float = 20) -> int:
        """Read to the end of output and reap the child; its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(0.2):
            pass
        while self.status is None and time.monotonic() < deadline:
            finished, status = os.waitpid(self.pid, os.WNOHANG)
            if finished:
                self.status = os.waitstatus_to_exitcode(status)
            else:
                time.sleep(0.01)  # polls for the exit; returns as soon as it happens
        os.close(self.fd)
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            raise AssertionError(f"the program did not end; last bytes: {self.output[-600:]!r}")
        return self.status
