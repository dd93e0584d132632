"""CPU of reading the kept search index at a warm start, outside the UI.

Usage::

    python bench/bench_kept_index.py DIR CACHE [--runs 5] [--src SRC ...]

Does what the reader's index worker does at a warm start of the library ``DIR`` (its parse
cache and kept index in ``CACHE``, an ``XDG_CACHE_HOME`` that a start of the reader
filled): the library from the cache's heads, then the search index from the kept index
(``Library.search_index``), as far as the filter's first answers need it, then what it
leaves for after them (``stored.finish_kept``: where each name starts, the across facts
checked; a package without it checks them before). Each ``--src`` is a ``src`` folder of
another commit (``git archive COMMIT src | tar -x -C /tmp/old``), run in a process of its
own, the packages' runs interleaved. Per step the medians of the CPU seconds of the
calling thread (what holds up the filter's first answers: the UI thread shares the
interpreter with it), of the whole process (with the thread that reads the file ahead)
and of wall time, with the load average (the machine may be busy: prefer the CPU columns).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def measure(library_dir: Path) -> dict[str, list[float]]:
    """One run in this process: per step, thread, process and wall seconds."""
    import gc

    from briefing_tui.model.library import load_library
    from briefing_tui.model.search import stored

    library = load_library([library_dir], workers=0)
    file = stored.index_file([library_dir])
    if file is None or not file.exists():
        raise SystemExit(f"no kept index for {library_dir}: run the reader on it once")
    parameters = inspect.signature(library.search_index).parameters
    # what the first answers do not need is left for later: ``finish_later=True`` (or,
    # before it, ``check_across=False``); a package without either checks it all before
    later = {"finish_later": True} if "finish_later" in parameters else {"check_across": False}
    deferred = bool({"finish_later", "check_across"} & set(parameters))
    gc.collect()
    gc.disable()  # as ``collector_paused``
    steps: dict[str, list[float]] = {}

    def timed(step: str, work: object) -> None:
        began = (time.thread_time(), time.process_time(), time.perf_counter())
        work()  # type: ignore[operator]
        ended = (time.thread_time(), time.process_time(), time.perf_counter())
        steps[step] = [after - before for before, after in zip(began, ended, strict=True)]

    found: list[object] = []
    if deferred:
        timed("to the first answers", lambda: found.append(
            library.search_index(None, file, **later)))  # fmt: skip
        timed("after them (finish_kept)", lambda: stored.finish_kept(found[0]))  # type: ignore[arg-type]
    else:
        timed("to the first answers", lambda: found.append(library.search_index(None, file)))
    index = found[0]
    assert index is not None and index.kept, "the kept index was not used"  # type: ignore[attr-defined]
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("cache", type=Path, help="the XDG_CACHE_HOME of the parse cache")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", type=Path, action="append", default=[])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = str(args.cache.resolve())
    if args.one:  # a run in a process of its own, for ``main``
        print(json.dumps(measure(args.dir.resolve())))
        return
    sources = args.src or [Path(__file__).resolve().parent.parent / "src"]
    print(f"load average before {os.getloadavg()[0]:.2f}", flush=True)
    results: dict[Path, list[dict[str, list[float]]]] = {source: [] for source in sources}
    for _ in range(args.runs):
        for source in sources:
            environ = {**os.environ, "PYTHONPATH": str(source.resolve())}
            command = [sys.executable, __file__, str(args.dir), str(args.cache), "--one"]
            done = subprocess.run(command, env=environ, capture_output=True, text=True, check=True)
            results[source].append(json.loads(done.stdout))
    for source, runs in results.items():
        print(f"{source} (medians of {len(runs)} runs)")
        for step in runs[0]:
            thread, process, wall = (statistics.median(run[step][k] for run in runs)
                                     for k in range(3))  # fmt: skip
            print(f"  {step:<26} thread {thread * 1000:7.1f} ms  process {process * 1000:7.1f} ms"
                  f"  wall {wall * 1000:7.1f} ms")  # fmt: skip
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
