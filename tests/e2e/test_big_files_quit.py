"""`q` ends the real program, whatever the file: large valid files (issue 17, item 4) and
one far over the node limit, each opened alone; and while a parse is known to be under
way (a parse that would take a minute), without waiting for it and leaving no process
behind. How fast is a benchmark's business (bench/bench_big_files.py: within a second);
the bound here only tells a hang from an end on a loaded machine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .pty_app import PtyApp, base_environment

HANG = 10.0
"""Seconds from `q` after which the program is taken to hang (the target, one second,
is measured by bench/bench_big_files.py; the parse of the last test lasts a minute)."""

HEAD = 'schema: briefing/v1\nid: brf-big\ntitle: Big\ndate: "2026"\nhandling: {tlp: clear}\n'
SOURCE = "sources:\n  - {id: src-a, kind: article, title: A}\n"

FILES = {
    "refs": HEAD + "summary: S.\n" + SOURCE + "incidents:\n  - id: inc-a\n    title: T\n"
    "    sources: [" + ", ".join(["src-a"] * 10_000) + "]\n",
    "cited": HEAD
    + "summary: S.\n"
    + SOURCE
    + "incidents:\n"
    + "".join(f"  - {{id: inc-{i}, title: T, sources: [src-a]}}\n" for i in range(5_000)),
    "tags": HEAD + "summary: S.\ntags: [" + ", ".join(f"t{i}" for i in range(190_000)) + "]\n",
    "near-limit": HEAD
    + "summary: S.\nincidents:\n"
    + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(38_000)),
    "over-limit": HEAD
    + "summary: S.\nincidents:\n"
    + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(100_000)),
}

PARSING = b"loaded 0 / 1"
"""The status line once the one file is found: its parse starts at once (on the loader's
thread), so `q` sent after this meets the parse under way, or its result."""
OPENED = b"Summary"
"""The briefing's screen: a file that parses quickly can open before the status line
showing it parse is ever drawn."""


def children(pid: int) -> dict[int, bytes]:
    """The processes ``pid`` started that still run: pid -> command line."""
    found: dict[int, bytes] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for child in (task / "children").read_text().split():
                found[int(child)] = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
    return found


def still_running(pid: int, command: bytes) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes() == command
    except OSError:
        return False


def quit_time(app: PtyApp) -> float:
    """Press `q`; the seconds until the program has ended (with status 0), every
    process it started ended too."""
    started = children(app.pid)
    app.send(b"q")
    sent = time.monotonic()
    assert app.finish(timeout=HANG + 5) == 0
    took = time.monotonic() - sent
    assert [pid for pid, command in started.items() if still_running(pid, command)] == []
    return took


@pytest.mark.parametrize("name", list(FILES))
def test_q_ends_the_reader(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(FILES[name], encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    app = PtyApp(["--no-cache", str(path)], base_environment(home), cwd=home)
    app.wait_until(lambda: PARSING in app.output or OPENED in app.output, "the file's load")
    took = quit_time(app)
    assert took < HANG, f"quitting took {took:.1f} s"


def test_q_ends_the_reader_while_a_parse_is_under_way(tmp_path: Path) -> None:
    """The parse (slow_parse_main.py: the same file parsed again and again for a minute)
    has begun when `q` is sent, and the program ends without waiting for it."""
    path = tmp_path / "near-limit.yaml"
    path.write_text(FILES["near-limit"], encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    started = tmp_path / "parse-started"
    environ = base_environment(home, BRIEFING_PARSE_STARTED=str(started))
    runner = Path(__file__).with_name("slow_parse_main.py")
    app = PtyApp(["--no-cache", str(path)], environ, cwd=home, runner=runner)
    app.wait_for(PARSING)
    app.wait_until(started.exists, "the parse's start")  # the loader's thread is parsing
    took = quit_time(app)
    assert took < HANG, f"quitting took {took:.1f} s"
