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
  ``python`` process that also discovers the files (a second start of the reader).
  A warm load decodes each briefing's header only (all the library list needs);
  "warm, every briefing decoded" also reads each result's ``briefing``, as the
  reader's search index worker does once the full library is on screen;
- a bare Textual app's first paint (fresh process, headless), and warm's ratio to it
  (target <= 3);
- peak RSS of this process and of its largest child.

Times are the best of ``--repeat`` runs (interleaved): wall-clock seconds, and CPU
seconds of this process plus the children it reaped (workers, fresh pythons). On a
shared machine other processes stretch the wall clock, far less the CPU time; the
load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

import yaml

from briefing_tui.model.loading.stream import discover, load_stream

BENCH = Path(__file__).resolve().parent
T = TypeVar("T")

_WARM_START = """\
import sys, time
from pathlib import Path
from briefing_tui.model.loading.stream import discover, load_stream
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


def library_folder(briefings: int, folder: Path | None) -> Path:
    """The library folder, generating ``bench/library`` first when needed."""
    if folder is not None:
        return folder
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
    return folder


def library_files(briefings: int, folder: Path | None) -> tuple[Path, list[Path]]:
    """The library folder and its files, generating ``bench/library`` first when needed."""
    folder = library_folder(briefings, folder)
    files, failures = discover([folder])
    if failures:
        raise SystemExit(failures[0].problems[0].format())
    return folder, [Path(file) for file in files]


def bare_pyyaml(files: Sequence[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def stream(files: Sequence[Path], cache: Path, workers: int | None, decode: bool = False) -> float:
    """Load through ``load_stream`` (``decode``: and every briefing); the seconds to
    the first result."""
    start = time.perf_counter()
    first = 0.0
    count = 0
    for result in load_stream(files, cache_dir=cache, workers=workers):
        if count == 0:
            first = time.perf_counter() - start
        if decode:
            assert result.briefing is not None, result.path
        count += 1
    assert count == len(files), count
    return first


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(action: Callable[[], T]) -> tuple[float, float, T]:
    """Wall and CPU seconds (this process and the children it reaped) of ``action``,
    and what it returned."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    value = action()
    return time.perf_counter() - wall, cpu_seconds() - cpu, value


def fresh_process(code: str, *args: str) -> None:
    """Run a new ``python -c code args`` to its end."""
    subprocess.run([sys.executable, "-c", code, *args], check=True)


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

    runs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    firsts: dict[str, list[float]] = defaultdict(list)
    cache_bytes = 0
    for _ in range(args.repeat):
        runs["bare"].append(measure(partial(bare_pyyaml, files))[:2])
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as folder:
            cache = Path(folder)
            for phase in ("cold", "warm", "decoded"):
                load = partial(stream, files, cache, args.workers, phase == "decoded")
                wall_s, cpu_s, first = measure(load)
                runs[phase].append((wall_s, cpu_s))
                firsts[phase].append(first)
            cache_bytes = sum(path.stat().st_size for path in cache.iterdir())
            runs["start"].append(
                measure(partial(fresh_process, _WARM_START, str(root), folder))[:2]
            )
        runs["textual"].append(measure(partial(fresh_process, _BARE_TEXTUAL))[:2])

    wall = {name: min(w for w, _ in samples) for name, samples in runs.items()}
    cpu = {name: min(c for _, c in samples) for name, samples in runs.items()}
    rows = [
        ("bare", "bare yaml.load (CSafeLoader), 1 process", ""),
        ("cold", "load_stream cold (empty cache)",
         f"{wall['cold'] / wall['bare']:.2f}x bare (target <= 1.0); first result "
         f"{min(firsts['cold']):.3f} s; cache {cache_bytes / 1e6:.1f} MB"),
        ("warm", "load_stream warm, this process", f"first result {min(firsts['warm']):.3f} s"),
        ("decoded", "load_stream warm, every briefing decoded", "(the search index reads them)"),
        ("start", "warm second start (new python: discover + load)",
         f"{wall['start'] / wall['textual']:.2f}x bare Textual first paint (target <= 3)"),
        ("textual", "bare Textual app first paint (new python)", ""),
    ]  # fmt: skip
    print(f"{'':<50} {'wall':>7}    {'CPU':>7}")
    for name, label, note in rows:
        print(f"{label:<50} {wall[name]:7.2f} s  {cpu[name]:7.2f} s  {note}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MB, largest child {children:.0f} MB; "
          f"load average after {os.getloadavg()[0]:.2f}")  # fmt: skip
    print("CPU counts this process and its ended children (workers, fresh pythons).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
