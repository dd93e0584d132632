"""Quitting the real program in the middle of a cold load.

The reader parses in worker processes (``python -I -c ...``). Pressing ``q``
while they are busy must end the program promptly and leave none of them behind.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

from .pty_app import PtyApp, base_environment

BENCH = Path(__file__).resolve().parents[2] / "bench"


def generate(folder: Path, briefings: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate_e2e", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate_library(folder, briefings=briefings)


def worker_processes(parent: int) -> dict[int, bytes]:
    """The loader's worker processes among ``parent``'s children: pid -> command line."""
    found: dict[int, bytes] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
            command = Path("/proc", entry, "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"\0-I\0-c\0" in command:
            found[int(entry)] = command
    return found


def still_running(pid: int, command: bytes) -> bool:
    try:
        return Path("/proc", str(pid), "cmdline").read_bytes() == command
    except OSError:
        return False


def test_q_mid_load_ends_the_program_and_its_workers(tmp_path: Path) -> None:
    library = tmp_path / "library"
    generate(library, briefings=1000)  # 5 s of parsing or more: q lands mid-load
    home = tmp_path / "home"
    home.mkdir()
    app = PtyApp([str(library)], base_environment(home), cwd=home)
    app.wait_for(b"TLP:", b"loaded")
    deadline = time.monotonic() + 20
    workers: dict[int, bytes] = {}
    while not workers and time.monotonic() < deadline:
        workers = worker_processes(app.pid)
    assert workers, "no worker process started"
    app.send(b"q")
    sent = time.monotonic()
    assert app.finish() == 0
    took = time.monotonic() - sent
    assert b"1,000 briefings" not in app.output  # it quit before the load ended
    assert took < 10, f"quitting took {took:.1f} s"  # a hang; bench_app.py times it (0.2 s)
    # SIGKILL takes effect when the kernel next runs the worker: on a busy machine that
    # can be a moment after the program has ended, so await it (a survivor fails here).
    deadline = time.monotonic() + 5
    left = [pid for pid, command in workers.items() if still_running(pid, command)]
    while left and time.monotonic() < deadline:
        time.sleep(0.01)  # polls for the workers' end; returns as soon as it happens
        left = [pid for pid in left if still_running(pid, workers[pid])]
    assert left == []
