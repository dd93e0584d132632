"""The reading state on disk: round trip, two writers, kill -9, merge, what is never kept."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest
from state_support import FakeClock, sample, variant

from briefing_tui.model.state import Reading, StateStore
from briefing_tui.model.state.records import BriefingRecord, read_items
from briefing_tui.model.state.store import LOG_NAME, read_log

SRC = Path(__file__).resolve().parents[2] / "src"


def _reading(folder: Path, clock: FakeClock | None = None) -> Reading:
    return Reading(StateStore.open(folder, clock=clock or FakeClock()))


def test_round_trip_keeps_reads_flags_and_changes(tmp_path: Path) -> None:
    briefing = sample()
    first, second = briefing.incidents[0].id, briefing.incidents[1].id
    reading = _reading(tmp_path)
    assert not reading.is_read(briefing.id)
    assert reading.open(briefing).describe({}) == ""  # first open: nothing "changed"
    reading.read_item(briefing, first)
    reading.set_flags(briefing, "ba")
    reading.set_flags(briefing, "x", item_id=second)
    reading.state.compact()

    again = _reading(tmp_path)
    assert again.state.notice is None
    assert again.is_read(briefing.id) and not again.is_updated(briefing)
    assert again.item_read(briefing, first) and not again.item_read(briefing, second)
    assert (again.flags(briefing.id), again.flags(briefing.id, second)) == ("ab", "x")
    folder_mode = stat.S_IMODE(os.stat(tmp_path).st_mode)
    assert folder_mode == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / LOG_NAME).st_mode) == 0o600


def test_an_edited_briefing_is_updated_and_says_what_changed(tmp_path: Path) -> None:
    briefing = sample()
    reading = _reading(tmp_path)
    reading.open(briefing)
    reading.read_item(briefing, briefing.incidents[0].id)
    reading.read_item(briefing, briefing.incidents[1].id)
    edited = msgspec.structs.replace(briefing.incidents[0], title="A new title")
    added = msgspec.structs.replace(briefing.incidents[2], id="inc-brand-new")
    newer = variant(
        briefing, incidents=(edited, *briefing.incidents[1:], added), quotes=briefing.quotes[1:]
    )
    reading = _reading(tmp_path)  # a later session reads the edited file
    assert reading.is_updated(newer)
    changes = reading.open(newer)
    assert changes.describe({}) == "1 incident added, 1 quote removed, 1 changed"
    assert not reading.is_updated(newer)
    assert reading.item_changed(newer, "inc-brand-new") and reading.item_changed(newer, edited.id)
    assert reading.item_read(newer, briefing.incidents[1].id)  # unchanged: still read
    reading.read_item(newer, edited.id)
    assert not reading.item_changed(newer, edited.id) and reading.item_read(newer, edited.id)


def test_nothing_but_ids_hashes_and_flags_is_written(tmp_path: Path) -> None:
    briefing = sample()
    reading = _reading(tmp_path)
    reading.mark_read([briefing])
    reading.state.compact()
    data = (tmp_path / LOG_NAME).read_bytes()
    assert briefing.id.encode() in data
    for text in (briefing.title, briefing.incidents[0].title, briefing.summary_text[:30]):
        assert text.encode() not in data


@pytest.mark.parametrize(
    ("tlp", "banner"),
    [("red", None), ("RED", "UNCLASSIFIED"), ("clear", "COSMIC PURPLE"), ("green", "SECRET\x1b")],
)
def test_a_restricted_briefing_leaves_no_record(
    tmp_path: Path, tlp: str, banner: str | None
) -> None:
    restricted = variant(sample(), briefing_id="brf-restricted", tlp=tlp, banner=banner)
    reading = _reading(tmp_path)
    reading.open(restricted)
    reading.read_item(restricted, restricted.incidents[0].id)
    reading.set_flags(restricted, "a")
    assert reading.is_read(restricted.id)  # this session still knows
    reading.state.compact()
    assert not (tmp_path / LOG_NAME).exists()
    assert not _reading(tmp_path).is_read(restricted.id)


def test_amber_strict_is_recorded_by_default(tmp_path: Path) -> None:
    strict = variant(sample(), tlp="amber+strict", banner="PROTECTED B")
    _reading(tmp_path).open(strict)
    assert _reading(tmp_path).is_read(strict.id)


def test_two_stores_at_once_lose_no_mark(tmp_path: Path) -> None:
    briefing = sample()
    one, two = _reading(tmp_path), _reading(tmp_path)
    one.open(briefing)
    two.read_item(briefing, briefing.incidents[0].id)
    one.read_item(briefing, briefing.incidents[1].id)
    assert one.item_read(briefing, briefing.incidents[0].id)  # caught up before appending
    two.state.compact()
    one.read_item(briefing, briefing.incidents[2].id)  # after the other compacted
    one.state.compact()
    final = _reading(tmp_path)
    assert final.is_read(briefing.id)
    assert all(final.item_read(briefing, item.id) for item in briefing.incidents[:3])


_WRITER = """
import sys
from pathlib import Path
from briefing_tui.model.state import StateStore
from briefing_tui.model.state.records import read_items
store = StateStore.open(Path(sys.argv[1]))
name, count = sys.argv[2], int(sys.argv[3])
for n in range(count):
    store.record(read_items("brf-" + name, [(f"inc-{n}", 4 * n + 4)], store.now()))
    if n % 50 == 49:
        store.compact()
print("done", flush=True)
if count == 0:
    n = 0
    while True:
        n += 1
        store.record(read_items("brf-" + name, [(f"inc-{n}", 4 * n + 4)], store.now()))
"""


def _writer(folder: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(folder), name, str(count)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    writers = [_writer(tmp_path, name, 300) for name in ("one", "two")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    store = StateStore.open(tmp_path)
    assert store.notice is None
    for name in ("one", "two"):
        record = store.get("brf-" + name)
        assert record is not None and len(record.items) == 300


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_kill_9_mid_write_leaves_a_readable_state(tmp_path: Path) -> None:
    writer = _writer(tmp_path, "busy", 0)
    assert writer.stdout is not None and writer.stdout.readline() == "done\n"
    log = tmp_path / LOG_NAME
    deadline = time.monotonic() + 60
    while _size(log) < 20_000 and time.monotonic() < deadline:
        os.sched_yield()
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    store = StateStore.open(tmp_path)
    assert store.notice is None
    record = store.get("brf-busy")
    assert record is not None and len(record.items) > 100
    store.record(read_items("brf-after", [("inc-x", 8)], store.now()))  # still appendable
    assert StateStore.open(tmp_path).get("brf-after") is not None


def test_a_torn_last_record_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.record(read_items("brf-a", [("inc-1", 4)], store.now()))
    store.record(read_items("brf-b", [("inc-1", 4)], store.now()))
    log = tmp_path / LOG_NAME
    log.write_bytes(log.read_bytes()[:-3])  # the last append cut short
    again = StateStore.open(tmp_path)
    assert again.notice is None
    assert again.get("brf-a") is not None and again.get("brf-b") is None
    again.record(read_items("brf-c", [("inc-1", 4)], again.now()))
    final = StateStore.open(tmp_path)
    assert final.get("brf-a") is not None and final.get("brf-c") is not None


def test_merge_joins_two_machines(tmp_path: Path) -> None:
    briefing = sample()
    other = variant(briefing, briefing_id="brf-only-on-laptop")
    desk = _reading(tmp_path / "desk")
    laptop = _reading(tmp_path / "laptop", FakeClock(start=1_800_000_000 * 10**9))
    desk.open(briefing)
    desk.read_item(briefing, briefing.incidents[0].id)
    laptop.open(briefing)  # later, not knowing the desk's read
    laptop.read_item(briefing, briefing.incidents[1].id)
    laptop.open(other)
    laptop.set_flags(briefing, "w")
    laptop.state.compact()
    merged = desk.state.merge_records(iter(read_log(tmp_path / "laptop" / LOG_NAME)))
    assert merged == 2
    after = _reading(tmp_path / "desk")
    assert after.is_read(other.id) and after.flags(briefing.id) == "w"
    assert after.item_read(briefing, briefing.incidents[0].id)
    assert after.item_read(briefing, briefing.incidents[1].id)


def _untrusted(tmp_path: Path, kind: str) -> bytes:
    log = tmp_path / LOG_NAME
    store = StateStore.open(tmp_path)
    store.record(read_items("brf-a", [("inc-1", 4)], store.now()))
    store.record(read_items("brf-b", [("inc-1", 4)], store.now()))
    data = log.read_bytes()
    if kind == "truncated":
        log.write_bytes(data[:5])
    elif kind == "cut in its snapshot":  # a partial copy: no writer ever tears the first frame
        log.write_bytes(data[:40])
    elif kind == "header only":
        log.write_bytes(data[:10])
    elif kind == "corrupt":
        log.write_bytes(data[:12] + b"\xff" * 6 + data[18:])
    elif kind == "newer":
        log.write_bytes(data[:8] + b"\x00\x09" + data[10:])
    elif kind == "other owner":
        os.chown(log, 12345, 12345)
    elif kind == "symlink":
        target = tmp_path / "elsewhere"
        log.rename(target)
        log.symlink_to(target)
    elif kind == "folder":
        log.unlink()
        log.mkdir()
    return log.read_bytes() if log.is_file() else b""


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "cut in its snapshot",
        "header only",
        "corrupt",
        "newer",
        "other owner",
        "symlink",
        "folder",
    ],
)
def test_an_untrusted_state_file_is_set_aside(tmp_path: Path, kind: str) -> None:
    data = _untrusted(tmp_path, kind)
    store = StateStore.open(tmp_path)
    assert store.notice is not None and "set aside" in store.notice
    assert store.records == {}
    aside = [path for path in tmp_path.iterdir() if ".untrusted-" in path.name]
    assert len(aside) == 1
    if kind in ("truncated", "cut in its snapshot", "header only"):
        assert aside[0].stat().st_size == len(data)  # renamed whole, never cut shorter
    store.record(read_items("brf-new", [("inc-1", 4)], store.now()))
    again = StateStore.open(tmp_path)
    assert again.notice is None and list(again.records) == ["brf-new"]


def test_files_set_aside_in_the_same_second_are_all_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda *_: "20261207T222735")
    for n in range(3):
        (tmp_path / LOG_NAME).write_bytes(b"not a state file %d" % n)
        assert "set aside" in str(StateStore.open(tmp_path).notice)
    aside = sorted(p.read_bytes() for p in tmp_path.iterdir() if ".untrusted-" in p.name)
    assert aside == [b"not a state file %d" % n for n in range(3)]


def test_a_read_only_store_writes_nothing(tmp_path: Path) -> None:
    _untrusted(tmp_path, "corrupt")
    before = sorted(path.name for path in tmp_path.iterdir())
    store = StateStore.open(tmp_path, writable=False)
    assert store.notice is not None and "not used" in store.notice
    store.record(BriefingRecord("brf-x", read_at=5))
    store.compact()
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    missing = StateStore.open(tmp_path / "absent", writable=False)
    assert missing.records == {} and not (tmp_path / "absent").exists()
