"""Memory of the reader's index worker, step by step, outside the UI.

Usage::

    python bench/bench_index_memory.py DIR CACHE [--from-parts] [--filters] [--save] [--trace]

Does what the reader does after a warm load of the library ``DIR`` (its parse cache in
``CACHE``, an ``XDG_CACHE_HOME`` a start of the reader or ``briefing check`` filled):
the library from the cache's heads, the search index (from the index kept in ``CACHE``,
or with ``--from-parts`` from every briefing's part, as the first warm start does), the
entity index, the filter's map and the timeline (``build_across``); with ``--filters``
the filter typed as ``bench_app.py`` types it (every prefix of its queries, each with
the timeline's rows and the entities it concerns); with ``--save`` the index written
(to a scratch file beside the kept one, which is left alone). After each step: its
seconds, the process's resident memory (VmRSS) and peak (VmHWM); with ``--trace`` also
what ``tracemalloc`` traces (much slower, and its own bookkeeping adds to the RSS).

``bench_app.py`` adds the reader's own memory (Textual, its screens: about 70 MB at
20,000 briefings) and the worker processes of a cold start.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import tracemalloc
from pathlib import Path

QUERIES = ("protest", "security threat", "detention")
"""As ``bench_app.FILTER_QUERIES``."""


def memory() -> str:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    rss, peak = (int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM"))
    return f"RSS {rss:5.0f} MB  peak {peak:5.0f} MB"


def report(step: str, began: float) -> None:
    traced = ""
    if tracemalloc.is_tracing():
        now, peak = tracemalloc.get_traced_memory()
        traced = f"  traced {now / 1e6:5.0f} MB (peak {peak / 1e6:.0f})"
        tracemalloc.reset_peak()
    print(f"{step:<26} {time.perf_counter() - began:6.2f} s  {memory()}{traced}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("cache", type=Path, help="the XDG_CACHE_HOME of the parse cache")
    for flag in ("--from-parts", "--filters", "--save", "--trace"):
        parser.add_argument(flag, action="store_true")
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = str(args.cache)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    if args.trace:
        tracemalloc.start()

    from briefing_tui.across import build_across
    from briefing_tui.model.library import Library, LibraryLoad
    from briefing_tui.model.search.stored import digests_of, index_file, save_index

    began = time.perf_counter()
    gc.disable()  # as the reader starts
    library = Library()
    library.extend(list(LibraryLoad([args.dir])))
    gc.enable()
    report("library (warm)", began)
    kept = index_file([args.dir])
    assert kept is not None
    began = time.perf_counter()
    index = library.search_index(None, None if args.from_parts else kept)
    assert index is not None
    report(f"search index (kept: {index.kept})", began)
    began = time.perf_counter()
    across = build_across(index)
    report("build_across", began)
    if args.filters:
        began = time.perf_counter()
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                bits = index.search(query[:end]).bits
                across.timeline.rows(bits, "month")
                across.entity_filter.groups(across.entities, bits)
        report("filters typed", began)
    if args.save:
        began = time.perf_counter()
        save_index(kept.with_name("scratch-index.msgpack"), index.data,
                   digests_of(library.entries))  # fmt: skip
        report("index saved", began)


if __name__ == "__main__":
    main()
