"""The main process's share per file while a library loads, at any size.

Usage::

    python bench/bench_batches.py [--briefings 2000] [--dir DIR] [--batch 100]

Loads the library as the reader does (``LibraryLoad``: parse cache and worker
processes) and, every ``--batch`` results, does what the UI thread does with a
batch: ``Library.extend``, the library list's rows (``_AllRows``), the banner's
marking and the cursor's row. Prints the seconds of that work per file over the
first and the last tenth of the load: equal shares mean the cost grows with the
files, not with the library loaded so far. Run it at 2,000 and at 20,000.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from bench_stream import library_folder

from briefing_tui.model import FileResult, Library
from briefing_tui.model.library import LibraryLoad
from briefing_tui.model.marking import combine
from briefing_tui.screens.library import _AllRows
from briefing_tui.widgets.rows import briefing_rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args(argv)
    folder = library_folder(args.briefings, args.dir)
    library = Library()
    spent: list[tuple[int, float]] = []  # (files in the batch, seconds of UI work)
    pending: list[FileResult] = []
    load = LibraryLoad([folder])

    def take() -> None:
        began = time.perf_counter()
        library.extend(pending)
        rows = briefing_rows(_AllRows(library))
        combine(library.handlings)
        if len(rows):
            row = rows.items[len(rows) // 2]
            if row.header is not None:
                library.position(row.header.id)
        spent.append((len(pending), time.perf_counter() - began))
        pending.clear()

    try:
        for result in load:
            pending.append(result)
            if len(pending) >= args.batch:
                take()
    finally:
        load.close()
    if pending:
        take()
    tenth = max(1, len(spent) // 10)
    for name, part in (("first tenth", spent[:tenth]), ("last tenth", spent[-tenth:])):
        files = sum(count for count, _ in part)
        seconds = sum(took for _, took in part)
        print(f"{name:<12} {files:6,} files  {seconds * 1e6 / files:8.1f} us of UI work per file")
    total = sum(took for _, took in spent)
    print(
        f"all          {len(library):6,} briefings {total:.3f} s of UI work in {len(spent)} batches"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
