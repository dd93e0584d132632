"""Loader speed against bare PyYAML, over the same files, in one run.

Usage::

    python bench/bench_load.py [--briefings 2000] [--repeat 3] [--dir DIR] [--profile]

The bench library is generated once with ``bench/generate.py`` into
``bench/out/load-<briefings>/`` (reused on later runs) unless ``--dir`` names an
existing folder of briefing files. Then, over the same files and serially in this
process, it times:

(a) reading each file's bytes and ``yaml.load(data, Loader=yaml.CSafeLoader)``;
(b) ``briefing_tui.model.load_file`` of each file (read, YAML rules, conversion
    into typed objects, every schema and cross-reference check).

Each measurement is repeated ``--repeat`` times, interleaved (a, b, a, b, ...), and
the best time of each is reported, with the ratio b/a (the target is <= 1.2).
The ratio is taken on CPU time of this process, which other processes on a busy
machine disturb far less than the wall clock (also printed).
``--profile`` also prints a cProfile of one pass of (b).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from briefing_tui.model import load_file

BENCH = Path(__file__).resolve().parent
TARGET_RATIO = 1.2


def library_files(briefings: int, folder: Path | None) -> list[Path]:
    """The bench files, generating the library first when needed."""
    if folder is None:
        folder = BENCH / "out" / f"load-{briefings}"
        marker = folder / ".complete"
        if not marker.exists():
            print(f"generating {briefings} briefings into {folder} ...", flush=True)
            subprocess.run(
                [sys.executable, str(BENCH / "generate.py"), str(folder),
                 "--briefings", str(briefings)],
                check=True,
            )  # fmt: skip
            marker.touch()
    return sorted(p for p in folder.rglob("*.y*ml") if p.is_file())


def bare_pyyaml(files: Sequence[Path]) -> None:
    """(a) Read bytes and build plain Python objects with libyaml's safe loader."""
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def our_loader(files: Sequence[Path]) -> None:
    """(b) The full loader: every rule, typed objects, problems."""
    for path in files:
        load_file(path)


def timed(run: Callable[[Sequence[Path]], None], files: Sequence[Path]) -> tuple[float, float]:
    """(CPU seconds of this process, wall-clock seconds) of one pass."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    run(files)
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="an existing library folder")
    parser.add_argument("--profile", action="store_true", help="cProfile one pass of (b)")
    args = parser.parse_args(argv)

    files = library_files(args.briefings, args.dir)
    if not files:
        print("no briefing files found", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in files)
    results = [load_file(p) for p in files]  # warms the page cache and checks the files
    loaded = sum(1 for r in results if r.ok)
    incidents = sum(len(r.briefing.incidents) for r in results if r.briefing is not None)
    del results
    print(
        f"{len(files)} files, {size / 1e6:.1f} MB, {loaded} load without errors, "
        f"{incidents:,} incidents"
    )

    cpu_a = cpu_b = wall_a = wall_b = float("inf")
    for round_number in range(1, args.repeat + 1):
        a = timed(bare_pyyaml, files)
        b = timed(our_loader, files)
        cpu_a, wall_a = min(cpu_a, a[0]), min(wall_a, a[1])
        cpu_b, wall_b = min(cpu_b, b[0]), min(wall_b, b[1])
        print(
            f"  round {round_number}: (a) {a[0]:.2f} s cpu / {a[1]:.2f} s wall"
            f"   (b) {b[0]:.2f} s cpu / {b[1]:.2f} s wall   b/a {b[0] / a[0]:.2f} cpu"
        )

    count = len(files)
    print(f"best of {args.repeat} (CPU time of this process; wall clock in brackets):")
    for name, cpu, wall in (
        ("(a) bare yaml.load CSafeLoader", cpu_a, wall_a),
        ("(b) briefing load_file        ", cpu_b, wall_b),
    ):
        print(f"{name}: {cpu:6.2f} s  {cpu / count * 1e3:5.2f} ms/file  ({wall:.2f} s wall)")
    ratio = cpu_b / cpu_a
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(
        f"ratio b/a: {ratio:.2f} cpu, {wall_b / wall_a:.2f} wall"
        f"  ({verdict} the {TARGET_RATIO} target)"
    )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(our_loader, files)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
