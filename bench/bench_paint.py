"""First paint and a warm full library of two packages, interleaved, without the cold load.

Usage::

    python bench/bench_paint.py --dir DIR --src OLD_SRC [--src NEW_SRC] [--runs 7]

``bench_app.py``'s way (the real command in a pseudo-terminal of 80x24, private XDG
folders, each program started once untimed first: ``warm_up``), its quick rows only, so
that a change to start-up can be compared in minutes at 20,000 briefings: each run starts
the bare Textual app, then, for each package in turn (their order alternating), a cold
start to its first paint (an empty cache, quit at once) and a warm start to the full
library. Each package has its own parse cache, made once by a cold start under
``--caches``; a warm start finds no kept search index in it, as ``bench_app.py``'s warm
start does not. ``--src -`` is the installed package. Prints the medians, their ratios
to the bare app's, and the CPU seconds of each process (all its threads) when its banner
and its full library were written: steadier than wall time on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench_app import (
    BARE_APP,
    CTRL_Q,
    Terminal,
    briefing_command,
    cpu_seconds,
    environment,
    warm_up,
)


def environ_for(home: Path, cache: Path, src: str) -> dict[str, str]:
    """``bench_app.environment`` with ``src`` first on the path (``-``: none)."""
    environ = environment(home, cache)
    environ.pop("PYTHONPATH", None)
    if src != "-":
        environ["PYTHONPATH"] = str(Path(src).resolve())
    return environ


def briefing_start(
    library: Path, environ: dict[str, str], total: int, *, full: bool
) -> dict[str, float]:
    """Seconds to the banner (and to the full library), and the CPU seconds then."""
    terminal = Terminal([briefing_command(), str(library)], environ)
    times = {"paint": terminal.wait_for(b"TLP:") - terminal.started}
    times["paint cpu"] = cpu_seconds(terminal.pid)
    if full:
        needle = f"{total:,} briefing".encode()
        times["full"] = terminal.wait_for(needle, timeout=max(120.0, total / 20)) - terminal.started
        times["full cpu"] = cpu_seconds(terminal.pid)
    terminal.quit(b"q")
    return times


def interleaved_arguments(
    argv: Sequence[str] | None, description: str, caches: str
) -> tuple[argparse.Namespace, Path, int]:
    """The options of a bench that runs packages interleaved (``--dir``, ``--src`` once
    per package, ``--runs``, ``--caches``, by default ``caches`` in the temporary folder),
    the library and its number of files (printed with the load average)."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, required=True, help="a folder of briefings")
    parser.add_argument("--src", action="append", required=True, help="a package's folder")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--caches", type=Path, default=Path(tempfile.gettempdir()) / caches)
    args = parser.parse_args(argv)
    library: Path = args.dir
    total = sum(1 for _ in library.rglob("*.y*ml"))
    print(f"{total:,} files; load average before {os.getloadavg()[0]:.2f}", flush=True)
    return args, library, total


def print_command(script: str, args: argparse.Namespace) -> None:
    """The last lines of an interleaved bench: the load average and the command to repeat."""
    print(f"load average after {os.getloadavg()[0]:.2f}")
    sources = " ".join(f"--src {src}" for src in args.src)
    print(f"command: python {script} --dir {args.dir} {sources} --runs {args.runs}")


def main(argv: Sequence[str] | None = None) -> int:
    args, library, total = interleaved_arguments(argv, __doc__ or "", "bench-paint")
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-paint-") as folder:
        home = Path(folder)
        script = home / "bare_app.py"
        script.write_text(BARE_APP)
        bare_environ = environ_for(home, home / "bare", "-")
        warm_up([sys.executable, str(script)], bare_environ, b"READY", CTRL_Q)
        caches = {}
        for number, src in enumerate(args.src):
            name = f"{library.resolve().name}-{number}-{Path(src).resolve().parent.name}"
            caches[src] = args.caches / name
            if not (caches[src] / "briefing").is_dir():
                print(f"a parse cache for {src}: a cold start", flush=True)
                briefing_start(library, environ_for(home, caches[src], src), total, full=True)
            else:  # what a cold start would have compiled (``warm_up``)
                environ = environ_for(home, home / f"warm-up-{number}", src)
                warm_up([briefing_command(), str(library)], environ, b"TLP:", b"q")
        for run in range(args.runs):
            bare = Terminal([sys.executable, str(script)], environ_for(home, home / "bare", "-"))
            samples.setdefault("bare: paint", []).append(bare.wait_for(b"READY") - bare.started)
            samples.setdefault("bare: paint cpu", []).append(cpu_seconds(bare.pid))
            bare.quit(CTRL_Q)
            for src in args.src if run % 2 == 0 else args.src[::-1]:
                cold = home / f"cold-{run}"
                started = briefing_start(library, environ_for(home, cold, src), total, full=False)
                for what, value in started.items():
                    samples.setdefault(f"{src}: cold {what}", []).append(value)
                for kept in (caches[src] / "briefing").glob("index-*.msgpack"):
                    kept.unlink()  # as bench_app's warm start: no kept search index
                started = briefing_start(
                    library, environ_for(home, caches[src], src), total, full=True
                )
                for what, value in started.items():
                    samples.setdefault(f"{src}: warm {what}", []).append(value)
            print(f"run {run + 1}/{args.runs}; load average {os.getloadavg()[0]:.2f}", flush=True)
    floor = statistics.median(samples["bare: paint"])
    floor_cpu = statistics.median(samples["bare: paint cpu"])
    print(f"\nmedians of {args.runs} interleaved runs, 80x24 pty, {total:,} briefings")
    for label, values in samples.items():
        median = statistics.median(values)
        base = floor_cpu if label.endswith("cpu") else floor
        painted = "paint" in label.rsplit(": ", 1)[1]  # not the package's folder name
        ratio = f"{median / base:.2f}x the bare app's" if painted else ""
        print(f"{label:<60} {median:7.3f} s  {ratio}")
    print_command("bench/bench_paint.py", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
