"""Cold loads only, side by side: where the CPU of a cold start goes, per file.

Usage::

    python bench/bench_cold.py --dir DIR [--runs 3] [--src OLD_SRC] [--src NEW_SRC]

Runs the real ``briefing`` command on the library in ``DIR`` in an 80x24 pseudo-terminal
(``bench_app.Terminal``), each time with a fresh, empty cache, until the full library is
listed (``2,000 briefings``), then quits. With ``--src`` (repeatable) each run starts every
package folder given in turn (another commit's ``src``, from ``git archive COMMIT src |
tar -x -C /tmp/old``), so two versions meet the same load; without it, the installed one.
Per run it prints the seconds to the full library and the CPU seconds (user + system, from
/proc) at that moment of the reader's UI thread, of its other threads (the loading thread,
Textual's input and output threads) and of its worker processes (sampled every 0.1 s while
they run: they end with the load), then the medians and each as milliseconds per file.
At each sample it also notes what every worker was doing (``/proc/PID/syscall``): running
(or ready to run), blocked writing a reply (the reader is slow to read its pipe), or blocked
reading its next job (it was given none): "idle" is the share of samples blocked.
CPU time is steadier than wall time on a busy machine, but still grows with the load
average (printed with each run): compare versions only within one run of this script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from bench_app import Terminal, briefing_command, environment
from bench_stream import library_files

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(stat_file: Path) -> float | None:
    """User and system CPU seconds of a process or thread from its /proc ``stat`` file."""
    try:
        fields = stat_file.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def worker_state(pid: int) -> str | None:
    """What worker ``pid`` is doing: "running", "writing" (blocked in write: its reply pipe
    is full), "reading" (blocked in read: waiting for a job), or None (gone, or another
    system call)."""
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return None
    if not call or call[0] == "running":
        return "running"
    return {"1": "writing", "0": "reading"}.get(call[0])


class ColdTerminal(Terminal):
    """A ``Terminal`` that also keeps the CPU seconds of each worker process it has seen."""

    workers: dict[int, float]
    states: dict[str, int]
    """How many samples found a worker running, "writing" (blocked on its reply pipe) or
    "reading" (blocked waiting for a job)."""

    def sample_memory(self) -> None:
        super().sample_memory()
        if not hasattr(self, "workers"):
            self.workers, self.states = {}, {"running": 0, "writing": 0, "reading": 0}
        for pid in self.children():
            seconds = cpu_seconds(Path(f"/proc/{pid}/stat"))
            if seconds is not None:
                self.workers[pid] = max(self.workers.get(pid, 0.0), seconds)
            state = worker_state(pid)
            if state is not None:
                self.states[state] += 1

    def idle(self) -> tuple[float, float]:
        """The share of samples that found a worker blocked writing, and reading."""
        total = sum(self.states.values()) or 1
        return self.states["writing"] / total, self.states["reading"] / total

    def cpu(self) -> tuple[float, float, float]:
        """CPU seconds so far of the UI thread, the other threads, the workers."""
        self.sample_memory()
        tasks = Path(f"/proc/{self.pid}/task")
        ui = cpu_seconds(tasks / str(self.pid) / "stat") or 0.0
        others = sum(
            cpu_seconds(task / "stat") or 0.0
            for task in tasks.glob("*")
            if task.name != str(self.pid)
        )
        return ui, others, sum(self.workers.values())


def cold_run(library: Path, total: int, environ: dict[str, str]) -> tuple[float, ...]:
    """Seconds to the full library, the CPU seconds then (``ColdTerminal.cpu``), and the
    workers' idle shares (``ColdTerminal.idle``)."""
    terminal = ColdTerminal([briefing_command(), str(library)], environ)
    terminal.workers, terminal.states = {}, {"running": 0, "writing": 0, "reading": 0}
    terminal.wait_for(b"TLP:")
    shown = f"{total:,} briefing".encode()
    full = terminal.wait_for(shown, timeout=max(300.0, total / 10)) - terminal.started
    cpu = terminal.cpu()
    idle = terminal.idle()
    terminal.quit(b"q")
    return (full, *cpu, *idle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="the library's folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--src", type=Path, action="append", default=[], help="a package folder (repeatable)"
    )
    args = parser.parse_args()
    library, files = library_files(0, args.dir)
    total = len(files)
    versions: list[Path | None] = [src.resolve() for src in args.src] or [None]
    rows: dict[Path | None, list[tuple[float, ...]]] = {version: [] for version in versions}
    print(f"{total:,} files; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        home = Path(folder)
        for run in range(args.runs):
            for number, version in enumerate(versions):
                environ = environment(home, home / f"cache-{run}-{number}")
                if version is not None:
                    environ["PYTHONPATH"] = str(version)
                load = os.getloadavg()[0]
                row = cold_run(library, total, environ)
                rows[version].append(row)
                full, ui, others, workers, writing, reading = row
                print(f"run {run + 1}/{args.runs} {version or 'installed'}: full {full:.2f} s; "
                      f"CPU UI thread {ui:.2f} s, other threads {others:.2f} s, "
                      f"workers {workers:.2f} s; workers idle {writing:.0%} writing, "
                      f"{reading:.0%} reading; load average {load:.2f}", flush=True)  # fmt: skip
    print(f"medians of {args.runs} interleaved cold runs, 80x24 pty, {total:,} files")
    for version, results in rows.items():
        full, ui, others, workers, writing, reading = (
            statistics.median(r[i] for r in results) for i in range(6)
        )
        per_file = " ".join(f"{s / total * 1000:.2f}" for s in (ui, others, workers))
        print(f"{version or 'installed'}: full {full:.2f} s; CPU UI thread {ui:.2f} s, "
              f"other threads {others:.2f} s, workers {workers:.2f} s "
              f"(ms per file: {per_file}); workers idle {writing:.0%} writing, "
              f"{reading:.0%} reading")  # fmt: skip
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
