"""``briefing import stix`` of the 75-object APT1 threat report, each run a fresh process.

Usage::

    python bench/bench_import.py [--runs 7] [--file ../shared/corpora/stix/apt1.json]

Each run spawns ``briefing import stix FILE -o - --tlp green`` (so the time includes the
interpreter's start, the imports, the JSON reading, the mapping, the YAML writing and the
strict load of what is written) and waits for its end; the median and the slowest run are
printed against the target of issue 13 (0.3 s). A bare ``python -c pass`` is timed the
same way as the floor.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.3


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--file", type=Path, default=REPO.parent / "shared" / "corpora" / "stix" / "apt1.json"
    )
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"no file at {args.file}: give --file", file=sys.stderr)
        return 1
    command = shutil.which("briefing") or "briefing"
    importing = [command, "import", "stix", str(args.file), "-o", "-", "--tlp", "green"]
    floor = [sys.executable, "-c", "pass"]
    imports: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        bare.append(timed(floor))
        imports.append(timed(importing))
    median = statistics.median(imports)
    print(f"python -c pass            median {statistics.median(bare):.3f} s")
    print(
        f"briefing import stix apt1 median {median:.3f} s, slowest {max(imports):.3f} s"
        f" (target {TARGET_SECONDS} s: {'met' if median <= TARGET_SECONDS else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
