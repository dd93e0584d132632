"""The reading state and the file watcher: poll cost, and a large state's load time and size.

Usage::

    python bench/bench_state.py [--briefings 2000] [--polls 50] [--dir DIR]
                                [--state-briefings 20000] [--state-items 30]
                                [--items 60000] [--only-marks]

- poll: ``FolderPoller.poll`` over the bench library (generated into ``bench/library``
  by ``bench/generate.py`` unless ``--dir``): median and worst CPU milliseconds per
  poll (target: median <= 20 ms), and what watching costs at the default 1 s interval
  as a share of one core (target for an idle reader: <= 2 %);
- state: a state of ``--state-briefings`` read briefings with ``--state-items`` read
  items each (default 20,000 and 30: 600,000 items), written and compacted, then
  opened again: its size on disk (target <= 20 MB) and the median wall and CPU time
  of ``StateStore.open`` over 5 opens (target <= 100 ms; on a shared machine the CPU
  time is the steadier figure), with the peak memory the load allocates (tracemalloc).
  A compacted state is one snapshot whose records are decoded when first asked for;
- marks: what the reader's marks cost over the bench library: the content hashes the
  index worker computes for every briefing (decoding included, and apart), the library
  status line's count of unread and updated briefings with every briefing read, and a
  pane tab's unread count over one briefing of ``--items`` incidents (the tabs count at
  each read); medians of 5.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import msgspec
from bench_stream import library_folder

from briefing_tui.model import Incident, load_library
from briefing_tui.model.state import Reading, ReadingState
from briefing_tui.model.state.records import READ, BriefingRecord, content_hash
from briefing_tui.model.state.store import LOG_NAME, StateStore
from briefing_tui.model.watch import FolderPoller


def bench_poll(folder: Path, polls: int) -> None:
    poller = FolderPoller.start([folder])
    files = len(poller.known)
    times: list[float] = []
    for _ in range(polls):
        began = time.process_time()
        poller.poll()
        times.append((time.process_time() - began) * 1000)
    median = statistics.median(times)
    print(
        f"poll of {files} files: median {median:.1f} ms CPU, worst {max(times):.1f} ms "
        f"(target median <= 20 ms); watching every 1 s costs {median / 10:.1f} % of a core "
        "(target <= 2 %)"
    )


def bench_state(briefings: int, items: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = StateStore.open(Path(folder))
        now = time.time_ns()
        records = (
            BriefingRecord(
                f"brf-bench-{number:06d}", read_at=now, hash=number << 2, items_at=now, full=True,
                items={f"inc-item-{n:04d}": ((number * 7919 + n) << 2) | READ
                       for n in range(items)},
            )
            for number in range(briefings)
        )  # fmt: skip
        store.merge_records(records)
        size = (Path(folder) / LOG_NAME).stat().st_size
        opens: list[float] = []
        cpu: list[float] = []
        for _ in range(5):
            began, began_cpu = time.perf_counter(), time.process_time()
            again = StateStore.open(Path(folder))
            opens.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            assert len(again.records) == briefings
            del again
        tracemalloc.start()
        StateStore.open(Path(folder))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(
        f"state of {briefings} briefings, {briefings * items} items: {size / 1e6:.1f} MB on "
        f"disk (target <= 20 MB); open median {statistics.median(opens):.0f} ms wall, "
        f"{statistics.median(cpu):.0f} ms CPU (target <= 100 ms), "
        f"allocating {peak / 1e6:.0f} MB at peak"
    )


def _median_ms(work: object, runs: int = 5) -> float:
    assert callable(work)
    times = []
    for _ in range(runs):
        began = time.process_time()
        work()
        times.append((time.process_time() - began) * 1000)
    return statistics.median(times)


def bench_marks(folder: Path, items: int) -> None:
    library = load_library([folder], use_cache=True)
    entries = [entry for entry in library.entries if entry.header is not None]
    decoded = [briefing for entry in entries if (briefing := entry.decode()) is not None]
    decode_ms = _median_ms(lambda: [entry.decode() for entry in entries])
    hash_ms = _median_ms(lambda: {b.id: content_hash(b) for b in decoded})
    reading = Reading(ReadingState())
    reading.mark_read(decoded)
    reading.know_content({b.id: content_hash(b) for b in decoded})
    ids = [b.id for b in decoded]
    count_ms = _median_ms(lambda: reading.count_states(ids))
    big = msgspec.structs.replace(
        decoded[0],
        incidents=tuple(Incident(id=f"inc-{n}", title=f"Incident {n}") for n in range(items)),
    )
    reading.open(big)
    reading.read_item(big, "inc-1")
    tab_ms = _median_ms(lambda: reading.unread_items(big, big.incidents))
    print(
        f"marks over {len(decoded)} briefings: decoding {decode_ms:.0f} ms CPU, content "
        f"hashes {hash_ms:.0f} ms CPU more; status count {count_ms:.1f} ms; unread count "
        f"of {items} incidents {tab_ms:.1f} ms (medians of 5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--polls", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--state-briefings", type=int, default=20_000)
    parser.add_argument("--state-items", type=int, default=30)
    parser.add_argument("--items", type=int, default=60_000)
    parser.add_argument("--only-marks", action="store_true", help="only the marks figures")
    args = parser.parse_args()
    folder = library_folder(args.briefings, args.dir)
    if not args.only_marks:
        bench_poll(folder, args.polls)
        bench_state(args.state_briefings, args.state_items)
    bench_marks(folder, args.items)


if __name__ == "__main__":
    main()
