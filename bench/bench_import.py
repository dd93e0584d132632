"""``briefing import stix`` of the 75-object APT1 threat report, each run a fresh process.

Usage::

    python bench/bench_import.py [--runs 7] [--file ../shared/corpora/stix/apt1.json] [--src DIR]

``--src DIR`` runs the package found in ``DIR`` (such as another commit's ``src``, from
``git archive COMMIT src | tar -x -C /tmp/old``) instead of the installed command, for a
side-by-side comparison in one run.

Each run spawns ``briefing import stix FILE -o - --tlp green`` (so the time includes the
interpreter's start, the imports, the JSON reading, the mapping, the YAML writing and the
strict load of what is written) and waits for its end; the median and the slowest run are
printed against the target of issue 13 (0.3 s). A bare ``python -c pass`` is timed the
same way as the floor. The CPU time of each run (user + system, from ``getrusage``) is
printed too: on a loaded machine it is the better guide to the wall time on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.3
RUN_CLI = "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))"


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--file", type=Path, default=REPO.parent / "shared" / "corpora" / "stix" / "apt1.json"
    )
    parser.add_argument("--src", type=Path, help="run the briefing_tui package in this folder")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"no file at {args.file}: give --file", file=sys.stderr)
        return 1
    command = [shutil.which("briefing") or "briefing"]
    if args.src is not None:
        os.environ["PYTHONPATH"] = str(args.src.resolve())
        command = [sys.executable, "-c", RUN_CLI]
    importing = [*command, "import", "stix", str(args.file), "-o", "-", "--tlp", "green"]
    floor = [sys.executable, "-c", "pass"]
    imports: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    for _ in range(args.runs):
        bare.append(timed(floor))
        imports.append(timed(importing))
    for name, runs in (("python -c pass", bare), ("briefing import stix apt1", imports)):
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f"{name:<26} median {wall:.3f} s wall, {cpu:.3f} s CPU; slowest {max(runs)[0]:.3f} s")
    median = statistics.median(run[0] for run in imports)
    print(f"target {TARGET_SECONDS} s wall: {'met' if median <= TARGET_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
