"""Issue 17, item 4: `check` and loading of large valid files, and files over the limits.

Usage::

    python bench/bench_big_files.py [--runs 3] [--reader [--cache]]

Writes each file into a temporary folder and times ``load_file`` (what ``check`` and
the reader's loader run) in this process: the median of ``--runs``. Targets: 2 s for a
file within the limits; a file over the node limit is refused quickly. CPU time is
shown beside the wall time: on a shared machine the wall time says more about the load.

``--reader`` also runs the real ``briefing --no-cache FILE`` in an 80x24 pseudo-terminal
for each file and prints: seconds to the briefing's screen (``Summary``), to the answer
to the first key (``?`` opens help: the screen is usable), the reader's CPU seconds by
then, and how long ``q`` takes to end it (targets: 2 s, 2 s, 1 s). A file that does not
load shows its problems instead of the briefing: ``open`` is then the time to those.
``--cache`` runs the reader with its parse cache (an empty one: the first open of each
file, which also makes the index part the cache keeps) instead of ``--no-cache``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench_app import Terminal, briefing_command, environment

from briefing_tui.model import load_file

HEAD = 'schema: briefing/v1\nid: brf-big\ntitle: Big\ndate: "2026"\nhandling: {tlp: clear}\n'
SOURCE = "sources:\n  - {id: src-a, kind: article, title: A}\n"


def files() -> dict[str, str]:
    return {
        "10,000 references in one list": HEAD + "summary: S.\n" + SOURCE
        + "incidents:\n  - id: inc-a\n    title: T\n    sources: ["
        + ", ".join(["src-a"] * 10_000) + "]\n",
        "5,000 incidents citing one source": HEAD + "summary: S.\n" + SOURCE + "incidents:\n"
        + "".join(f"  - {{id: inc-{i}, title: T, sources: [src-a]}}\n" for i in range(5_000)),
        "2,000 notes about one incident": HEAD + "summary: S.\n"
        + "incidents:\n  - {id: inc-a, title: T}\nnotes:\n"
        + "".join(f"  - {{id: note-{i}, text: N., about: [inc-a]}}\n" for i in range(2_000)),
        "190,000 tags (near the node limit)": HEAD + "summary: S.\ntags: ["
        + ", ".join(f"t{i}" for i in range(190_000)) + "]\n",
        "38,000 tiny incidents (near the limit)": HEAD + "summary: S.\nincidents:\n"
        + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(38_000)),
        "100,000 tiny incidents (over: refused)": HEAD + "summary: S.\nincidents:\n"
        + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(100_000)),
        "2,400,000 nodes (over: refused)": HEAD + "summary: S.\nextensions: ["
        + ",".join(["1"] * 2_400_000) + "]\n",
    }  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reader_run(path: Path, home: Path, *, cache: bool = False) -> str:
    """The reader on one file: open, usable, its CPU, quit (seconds); with ``cache``, the
    first open with an empty parse cache."""
    options = [] if cache else ["--no-cache"]
    cache_home = Path(tempfile.mkdtemp(prefix="cache-", dir=home)) if cache else home
    environ = environment(home, cache_home)
    terminal = Terminal([briefing_command(), *options, str(path)], environ)
    opened = terminal.wait_for(b"Summary") if "refused" not in path.name else None
    if opened is None:  # not loaded: the library lists the broken file
        opened = terminal.wait_for(b"broken file")
    moment, offset = terminal.send(b"?")
    usable = terminal.wait_for(b"Keys", since=offset)
    cpu = cpu_seconds(terminal.pid)
    terminal.settle()
    quit_seconds = terminal.quit(b"q")
    del moment
    return (
        f"open {opened - terminal.started:5.2f} s  usable {usable - terminal.started:5.2f} s"
        f"  {cpu:5.2f} s CPU  q {quit_seconds:4.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reader", action="store_true", help="also time the reader")
    parser.add_argument("--cache", action="store_true", help="the reader with an empty parse cache")
    arguments = parser.parse_args()
    runs = arguments.runs
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    with tempfile.TemporaryDirectory() as folder:
        for label, text in files().items():
            path = Path(folder) / "big.yaml"
            path.write_text(text, encoding="utf-8")
            times, cpu = [], []
            for _ in range(runs):
                began, began_cpu = time.perf_counter(), time.process_time()
                result = load_file(path)
                times.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            verdict = "loads" if result.ok else result.errors[0].message[:40]
            size = f"{len(text.encode()) / 1e6:.1f} MB"
            wall, used = statistics.median(times), statistics.median(cpu)
            print(f"{label:40} {size:>7} {wall:6.2f} s wall {used:5.2f} s CPU  {verdict}")
            if arguments.reader:
                named = path.rename(path.with_name("refused.yaml" if not result.ok else "big.yaml"))
                home = Path(folder) / "home"
                home.mkdir(exist_ok=True)
                shown = reader_run(named, home, cache=arguments.cache)
                print(f"{'':40}   reader: {shown}")
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    main()
