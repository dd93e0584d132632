"""Filtering a large library on every keystroke: index build, evaluation, ``briefing search``.

Usage::

    python bench/bench_filter.py [--briefings 2000] [--repeat 5] [--dir DIR] [--no-cli]

The library is generated once with ``bench/generate.py`` into ``bench/library/``
(git-ignored, shared with ``bench_stream.py``; reused while its marker file says it has
``--briefings`` files) unless ``--dir`` names a folder of briefings. Then:

1. load it with ``load_stream`` (the reader's loader; timed, not the subject here);
2. build a :class:`SearchIndex` over every kind of item (CPU and wall seconds, and the
   memory it adds, measured with tracemalloc on a second build);
3. type each query of ``QUERIES`` one character at a time, as the filter bar would:
   each keystroke parses the text so far (an invalid query keeps the old results) and,
   when it parses, evaluates it and computes what the UI shows: the count per kind and
   the entry numbers of the incidents. The whole typing is repeated ``--repeat`` times
   on a fresh index cache; each keystroke's time is its best over the repeats (other
   processes on a shared machine only ever add time), and the median and p95 over all
   keystrokes are reported, with the raw (all samples) figures beside them;
4. run ``briefing search QUERY PATH`` in a fresh process for a few queries (wall time of
   the whole command, and its own ``--timings`` line).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from bench_stream import library_folder

from briefing_tui.model import Library
from briefing_tui.model.loading.stream import discover, load_stream
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.query import QueryError, parse_query

QUERIES = (
    "severity:>=high after:2018",
    "tag:press-freedom -has:source",
    "josee OR muller",
    '"security threat" actor:minister',
    "lai",
    "detention category:arbitrary-detention date:2015..2020",
    "kind:paraphrase -verification:verified speaker:wei",
    "(protest OR strike) -determination:confirmed location:canada",
)
"""Typed one character at a time."""
CLI_QUERIES = ("severity:>=high after:2018", "josee OR muller", "zzzz-no-match")
_RUN_CLI = "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))"


def typing_times(index: SearchIndex, query: str) -> list[float]:
    """Seconds per keystroke of typing ``query`` into the filter bar, from an empty cache."""
    index.clear_cache()
    times: list[float] = []
    for end in range(1, len(query) + 1):
        began = time.perf_counter()
        try:
            result = index.search(parse_query(query[:end]))
        except QueryError:
            times.append(time.perf_counter() - began)
            continue
        for kind in ("incident", "quote", "source", "entity", "briefing"):
            result.count(kind)
        result.numbers("incident")
        times.append(time.perf_counter() - began)
    return times


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bench_typing(index: SearchIndex, repeat: int) -> None:
    best: list[float] = []
    raw: list[float] = []
    print("\nkeystrokes (ms: median / p95 / max of each keystroke's best run):")
    for query in QUERIES:
        runs = [typing_times(index, query) for _ in range(repeat)]
        per_key = [min(samples) for samples in zip(*runs, strict=True)]
        best += per_key
        raw += [t for run in runs for t in run]
        result = index.search(query)
        print(
            f"  {query!r:58} {statistics.median(per_key) * 1000:6.1f} "
            f"{percentile(per_key, 0.95) * 1000:6.1f} {max(per_key) * 1000:6.1f}   "
            f"{result.count('incident'):>6,} incidents {result.count('quote'):>6,} quotes"
        )
    print(
        f"  all {len(best)} keystrokes: median {statistics.median(best) * 1000:.1f} ms, "
        f"p95 {percentile(best, 0.95) * 1000:.1f} ms "
        f"(every sample: median {statistics.median(raw) * 1000:.1f} ms, "
        f"p95 {percentile(raw, 0.95) * 1000:.1f} ms)"
    )


def bench_cli(folder: Path) -> None:
    print("\nbriefing search (fresh process, parse cache warm):")
    for query in CLI_QUERIES:
        command = [sys.executable, "-c", _RUN_CLI, "search", query, str(folder), "--timings"]
        subprocess.run(command, capture_output=True, check=False)  # warm the parse cache
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - began
        lines = done.stdout.count("\n")
        timings = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        print(f"  {query!r:30} exit {done.returncode}, {lines:>6,} lines, {wall:.2f} s wall")
        print(f"      {timings.removeprefix('briefing: ')}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="an existing folder of briefings")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line runs")
    args = parser.parse_args(argv)
    folder = library_folder(args.briefings, args.dir)
    print(f"load average {os.getloadavg()[0]:.2f}")

    began = time.perf_counter()
    files, failures = discover([folder])
    library = Library.from_results([*failures, *load_stream(files)])
    print(
        f"loaded {len(library):,} briefings, {library.incident_count:,} incidents, "
        f"{library.quote_count:,} quotes in {time.perf_counter() - began:.2f} s"
    )

    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    index = SearchIndex.build(library.briefings)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    warm = time.perf_counter()
    index.warm()
    warm = time.perf_counter() - warm
    print(
        f"index: {index.size:,} entries built in {cpu:.2f} s CPU ({wall:.2f} s wall), "
        f"warmed in {warm * 1000:.0f} ms"
    )
    del index
    gc.collect()
    tracemalloc.start()
    index = SearchIndex.build(library.briefings)
    index.warm()
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"index memory: {size / 1e6:.1f} MB (tracemalloc, index and its columns)")

    bench_typing(index, args.repeat)
    if not args.no_cli:
        bench_cli(folder)
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
