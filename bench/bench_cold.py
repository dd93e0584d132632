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


class ColdTerminal(Terminal):
    """A ``Terminal`` that also keeps the CPU seconds of each worker process it has seen."""

    workers: dict[int, float]

    def sample_memory(self) -> None:
        super().sample_memory()
        if not hasattr(self, "workers"):
            self.workers = {}
        for pid in self.children():
            seconds = cpu_seconds(Path(f"/proc/{pid}/stat"))
            if seconds is not None:
                self.workers[pid] = max(self.workers.get(pid, 0.0), seconds)

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
    """Seconds to the full library, and the CPU seconds then (``ColdTerminal.cpu``)."""
    terminal = ColdTerminal([briefing_command(), str(library)], environ)
    terminal.workers = {}
    terminal.wait_for(b"TLP:")
    shown = f"{total:,} briefing".encode()
    full = terminal.wait_for(shown, timeout=max(300.0, total / 10)) - terminal.started
    cpu = terminal.cpu()
    terminal.quit(b"q")
    return (full, *cpu)


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
                full, ui, others, workers = cold_run(library, total, environ)
                rows[version].append((full, ui, others, workers))
                print(f"run {run + 1}/{args.runs} {version or 'installed'}: full {full:.2f} s; "
                      f"CPU UI thread {ui:.2f} s, other threads {others:.2f} s, "
                      f"workers {workers:.2f} s; load average {load:.2f}", flush=True)  # fmt: skip
    print(f"medians of {args.runs} interleaved cold runs, 80x24 pty, {total:,} files")
    for version, results in rows.items():
        full, ui, others, workers = (statistics.median(r[i] for r in results) for i in range(4))
        per_file = " ".join(f"{s / total * 1000:.2f}" for s in (ui, others, workers))
        print(f"{version or 'installed'}: full {full:.2f} s; CPU UI thread {ui:.2f} s, "
              f"other threads {others:.2f} s, workers {workers:.2f} s "
              f"(ms per file: {per_file})")  # fmt: skip
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
