"""Loading a whole library with ``load_stream``: cold, warm, against bare PyYAML.

Usage::

    python bench/bench_stream.py [--briefings 2000] [--repeat 1] [--workers N] [--dir DIR]

The library is generated once with ``bench/generate.py`` into ``bench/library/``
(git-ignored; reused while its marker file says it has ``--briefings`` files), unless
``--dir`` names a folder of briefings. One run prints, side by side:

- bare: read each file and ``yaml.load(data, Loader=yaml.CSafeLoader)``, serially in
  this process (plain Python objects, no checks): the yardstick;
- cold: ``load_stream`` with an empty cache folder (parses everything in worker
  processes, then writes the cache), and its ratio to bare (target <= 1.0);
- warm: ``load_stream`` again with that cache, in this process and as a fresh
  ``python`` process that also discovers the files (a second start of the reader);
- a bare Textual app's first paint (fresh process, headless), and warm's ratio to it
  (target <= 3);
- peak RSS of this process and of its largest child.

Times are wall-clock seconds (the best of ``--repeat`` runs, interleaved); the machine
load average is printed too, since other processes on a shared machine slow it all.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from briefing_tui.model.stream import discover, load_stream

BENCH = Path(__file__).resolve().parent

_WARM_START = """\
import sys, time
from pathlib import Path
from briefing_tui.model.stream import discover, load_stream
files, _ = discover([sys.argv[1]])
count = sum(1 for _ in load_stream(files, cache_dir=Path(sys.argv[2])))
assert count == len(files), count
"""

_BARE_TEXTUAL = """\
from textual.app import App

class Bare(App[None]):
    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""


def library_files(briefings: int, folder: Path | None) -> tuple[Path, list[Path]]:
    """The library folder and its files, generating ``bench/library`` first when needed."""
    if folder is None:
        folder = BENCH / "library"
        marker = folder / f".generated-{briefings}"
        if not marker.exists():
            print(f"generating {briefings} briefings into {folder} ...", flush=True)
            for old in folder.glob(".generated-*"):
                old.unlink()
            subprocess.run(
                [sys.executable, str(BENCH / "generate.py"), str(folder),
                 "--briefings", str(briefings)],
                check=True,
            )  # fmt: skip
            marker.touch()
    files, failures = discover([folder])
    if failures:
        raise SystemExit(failures[0].problems[0].format())
    return folder, files


def bare_pyyaml(files: Sequence[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def stream(files: Sequence[Path], cache: Path, workers: int | None) -> tuple[float, int]:
    """Load through ``load_stream``; the seconds to the first result, and the count."""
    start = time.perf_counter()
    first = 0.0
    count = 0
    for _ in load_stream(files, cache_dir=cache, workers=workers):
        if count == 0:
            first = time.perf_counter() - start
        count += 1
    return first, count


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def fresh_process(code: str, *args: str) -> float:
    """Wall time of a new ``python -c code args`` from launch to exit."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)

    root, files = library_files(args.briefings, args.dir)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"{len(files)} files, {megabytes:.1f} MB; {os.cpu_count()} CPUs; "
          f"load average before {os.getloadavg()[0]:.2f}")  # fmt: skip

    bare: list[float] = []
    cold: list[float] = []
    cold_first: list[float] = []
    warm: list[float] = []
    warm_first: list[float] = []
    warm_start: list[float] = []
    textual: list[float] = []
    cache_bytes = 0
    for _ in range(args.repeat):
        bare.append(timed(lambda: bare_pyyaml(files)))
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as folder:
            cache = Path(folder)
            begin = time.perf_counter()
            first, count = stream(files, cache, args.workers)
            cold.append(time.perf_counter() - begin)
            cold_first.append(first)
            assert count == len(files)
            cache_bytes = sum(path.stat().st_size for path in cache.iterdir())
            begin = time.perf_counter()
            first, _ = stream(files, cache, args.workers)
            warm.append(time.perf_counter() - begin)
            warm_first.append(first)
            warm_start.append(fresh_process(_WARM_START, str(root), folder))
        textual.append(fresh_process(_BARE_TEXTUAL))

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = [
        ("bare yaml.load (CSafeLoader), 1 process", min(bare), ""),
        ("load_stream cold (empty cache)", min(cold),
         f"{min(cold) / min(bare):.2f}x bare (target <= 1.0); first result "
         f"{min(cold_first):.3f} s; cache {cache_bytes / 1e6:.1f} MB"),
        ("load_stream warm, this process", min(warm),
         f"first result {min(warm_first):.3f} s"),
        ("warm second start (new python: discover + load)", min(warm_start),
         f"{min(warm_start) / min(textual):.2f}x bare Textual first paint (target <= 3)"),
        ("bare Textual app first paint (new python)", min(textual), ""),
    ]  # fmt: skip
    for label, seconds, note in rows:
        print(f"{label:<50} {seconds:7.2f} s  {note}")
    print(f"peak RSS: this process {own:.0f} MB, largest child {children:.0f} MB; "
          f"load average after {os.getloadavg()[0]:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
