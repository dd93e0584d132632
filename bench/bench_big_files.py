"""Issue 17, item 4: `check` and loading of large valid files, and files over the limits.

Usage::

    python bench/bench_big_files.py [--runs 3]

Writes each file into a temporary folder and times ``load_file`` (what ``check`` and
the reader's loader run) in this process: the median of ``--runs``. Targets: 2 s for a
file within the limits; a file over the node limit is refused quickly. CPU time is
shown beside the wall time: on a shared machine the wall time says more about the load.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from briefing_tui.model import load_file

HEAD = 'schema: briefing/v1\nid: brf-big\ntitle: Big\ndate: "2026"\nhandling: {tlp: clear}\n'
SOURCE = "sources:\n  - {id: src-a, kind: article, title: A}\n"


def files() -> dict[str, str]:
    return {
        "10,000 references in one list": HEAD + "summary: S.\n" + SOURCE
        + "incidents:\n  - id: inc-a\n    title: T\n    sources: ["
        + ", ".join(["src-a"] * 10_000) + "]\n",
        "5,000 incidents citing one source": HEAD + "summary: S.\n" + SOURCE + "incidents:\n"
        + "".join(f"  - {{id: inc-{i}, title: T, sources: [src-a]}}\n" for i in range(5_000)),
        "190,000 tags (near the node limit)": HEAD + "summary: S.\ntags: ["
        + ", ".join(f"t{i}" for i in range(190_000)) + "]\n",
        "38,000 tiny incidents (near the limit)": HEAD + "summary: S.\nincidents:\n"
        + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(38_000)),
        "100,000 tiny incidents (over: refused)": HEAD + "summary: S.\nincidents:\n"
        + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(100_000)),
        "2,400,000 nodes (over: refused)": HEAD + "summary: S.\nextensions: ["
        + ",".join(["1"] * 2_400_000) + "]\n",
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        for label, text in files().items():
            path = Path(folder) / "big.yaml"
            path.write_text(text, encoding="utf-8")
            times, cpu = [], []
            for _ in range(runs):
                began, began_cpu = time.perf_counter(), time.process_time()
                result = load_file(path)
                times.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            verdict = "loads" if result.ok else result.errors[0].message[:40]
            size = f"{len(text.encode()) / 1e6:.1f} MB"
            wall, used = statistics.median(times), statistics.median(cpu)
            print(f"{label:40} {size:>7} {wall:6.2f} s wall {used:5.2f} s CPU  {verdict}")


if __name__ == "__main__":
    main()
