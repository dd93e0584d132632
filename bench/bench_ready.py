"""The filter's first answers at a warm start with a kept search index, packages interleaved.

Usage::

    python bench/bench_ready.py --dir DIR --src OLD_SRC [--src NEW_SRC] [--runs 7]

``bench_app.py``'s row "filter ready, warm (index kept, f at once)", alone and as often as
asked: the real command in a pseudo-terminal of 80x24 with private XDG folders, ``f``
written as soon as the full library shows, timed from the spawn until the filter bar
first shows a count; then ``p`` typed at once, until its count (a word's answer needs
every column of the index: what a package leaves for after the first count shows
there). Each package has its own parse cache under ``--caches``, made once by a cold
start that waits until the reader keeps its search index; each run starts each package
in turn (their order alternating) on it, and checks that the kept index was read, not
made again (its file is the same file after the run: a new index is written under a
temporary name and renamed). ``--src -`` is the installed package. Prints the medians of
the seconds to the full library, to the first count and to the word's, of the gap
between the first two, and of the CPU seconds of the process (all its threads) then:
steadier than wall time on a busy machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench_app import (
    COUNT,
    CTRL_Q,
    Terminal,
    briefing_command,
    cpu_seconds,
    kept_index,
)
from bench_paint import environ_for, interleaved_arguments, print_command

WORD = b"p"
"""Typed as soon as the first count shows: its answer needs the items' words."""


def kept_file(cache: Path) -> Path | None:
    found = sorted((cache / "briefing").glob("index-*.msgpack"))
    return found[0] if found else None


def prepare(library: Path, environ: dict[str, str], total: int) -> None:
    """A cold start that fills the parse cache and waits until the index is kept."""
    terminal = Terminal([briefing_command(), str(library)], environ)
    terminal.wait_for(f"{total:,} briefing".encode(), timeout=max(120.0, total / 20))
    if not kept_index(terminal, timeout=60 + total / 200):
        raise SystemExit("the reader kept no search index")
    terminal.quit(b"q")


def ready_start(library: Path, environ: dict[str, str], total: int) -> dict[str, float]:
    """A start to the full library, ``f`` at once, until the bar's first count."""
    terminal = Terminal([briefing_command(), str(library)], environ)
    full = terminal.wait_for(f"{total:,} briefing".encode(), timeout=max(120.0, total / 20))
    full_cpu = cpu_seconds(terminal.pid)
    _, offset = terminal.send(b"f")
    ready = terminal.wait_for(COUNT, offset, timeout=120)
    ready_cpu = cpu_seconds(terminal.pid)
    _, offset = terminal.send(WORD)
    word = terminal.wait_for(COUNT, offset, timeout=120)
    word_cpu = cpu_seconds(terminal.pid)
    # ctrl+q (a priority binding) quits from the bar: an escape and a key after it can
    # arrive together on a busy machine (alt+key)
    terminal.quit(CTRL_Q)
    started = terminal.started
    return {
        "full": full - started,
        "ready": ready - started,
        "gap": ready - full,
        "full cpu": full_cpu,
        "ready cpu": ready_cpu,
        "gap cpu": ready_cpu - full_cpu,
        "word": word - started,
        "word cpu": word_cpu,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args, library, total = interleaved_arguments(argv, __doc__ or "", "bench-ready")
    samples: dict[str, dict[str, list[float]]] = {src: {} for src in args.src}
    with tempfile.TemporaryDirectory(prefix="bench-ready-") as folder:
        home = Path(folder)
        caches = {}
        for number, src in enumerate(args.src):
            name = f"{library.resolve().name}-{number}-{Path(src).resolve().parent.name}"
            caches[src] = args.caches / name
            if kept_file(caches[src]) is None:
                print(f"a parse cache and a kept index for {src}: a cold start", flush=True)
                prepare(library, environ_for(home, caches[src], src), total)
        for run in range(args.runs):
            for src in args.src if run % 2 == 0 else args.src[::-1]:
                before = kept_file(caches[src])
                assert before is not None
                inode = before.stat().st_ino
                started = ready_start(library, environ_for(home, caches[src], src), total)
                after = kept_file(caches[src])
                if after is None or after.stat().st_ino != inode:
                    raise SystemExit(f"{src}: the kept index was made again, not read")
                for what, value in started.items():
                    samples[src].setdefault(what, []).append(value)
            print(f"run {run + 1}/{args.runs}; load average {os.getloadavg()[0]:.2f}", flush=True)
    print(f"\nmedians of {args.runs} interleaved runs, 80x24 pty, {total:,} briefings")
    for src, found in samples.items():
        print(src)
        for what, values in found.items():
            every = " ".join(f"{value:.3f}" for value in values)
            print(f"  {what:<10} {statistics.median(values):7.3f} s   ({every})")
    print_command("bench/bench_ready.py", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
