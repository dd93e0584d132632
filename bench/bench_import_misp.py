"""``briefing import misp`` of 1,000 MISP events of real size, in one fresh process.

Usage::

    python bench/bench_import_misp.py [--events 1000] [--event FILE] [--src DIR]

``--src DIR`` runs the package found in ``DIR`` instead of the installed command (see
bench_import.py).

FILE defaults to ``../shared/corpora/misp/existing_event.json``.

The event (by default the corpus's 146 KB ``existing_event.json``: 49 objects, 4 galaxies)
is written ``--events`` times into a temporary folder, each copy with its own UUID, and
``briefing import misp`` is run once on all of them (``-o`` another temporary folder), so
the time includes reading, mapping, writing and the checks of each file written. The
target of issue 13 is 10 s. The import's CPU time (user + system, from ``getrusage``) is
printed beside the wall time: on a loaded machine it is the better guide to a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 10.0
RUN_CLI = "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument(
        "--event",
        type=Path,
        default=REPO.parent / "shared" / "corpora" / "misp" / "existing_event.json",
    )
    parser.add_argument("--src", type=Path, help="run the briefing_tui package in this folder")
    args = parser.parse_args()
    if not args.event.is_file():
        print(f"no file at {args.event}: give --event", file=sys.stderr)
        return 1
    data = json.loads(args.event.read_text("utf-8"))
    event = data.get("Event", data)
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "in"
        inputs.mkdir()
        for n in range(args.events):
            event["uuid"] = str(uuid.UUID(int=n + 1))
            (inputs / f"{n}.json").write_text(json.dumps({"Event": event}), "utf-8")
        program = [shutil.which("briefing") or "briefing"]
        if args.src is not None:
            os.environ["PYTHONPATH"] = str(args.src.resolve())
            program = [sys.executable, "-c", RUN_CLI]
        command = [
            *program, "import", "misp",
            *sorted(str(p) for p in inputs.iterdir()), "-o", str(Path(folder) / "out"),
            "--tlp", "green",
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        written = len(list((Path(folder) / "out").glob("*.yaml")))
    print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "(no summary)")
    print(
        f"{args.events:,} events ({args.event.stat().st_size:,} bytes each): {seconds:.2f} s"
        f" wall, {cpu:.2f} s CPU,"
        f" {written:,} files written (target {TARGET_SECONDS:.0f} s:"
        f" {'met' if seconds <= TARGET_SECONDS else 'NOT met'})"
    )
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
