"""The reading state on disk: round trip, two writers, kill -9, merge, what is never kept."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
import os
import sys
import time
from pathlib import Path
from briefing_tui.model.state import StateStore
from briefing_tui.model.state.records import read_items
folder, name, count, parent = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
deadline = time.monotonic() + 300


def orphaned():
    # Whoever started this writer (the test) is gone, or it ran too long: end, so an
    # interrupted or killed test run leaves no writer behind.
    return os.getppid() != parent or time.monotonic() > deadline


store = StateStore.open(folder)
for n in range(count):
    if orphaned():
        sys.exit(3)
    store.record(read_items("brf-" + name, [(f"inc-{n}", 4 * n + 4)], store.now()))
    if n % 50 == 49:
        store.compact()
print("done", flush=True)
n = 0
while count == 0 and not orphaned():
    n += 1
    store.record(read_items("brf-" + name, [(f"inc-{n}", 4 * n + 4)], store.now()))
"""

_STARTER = """
import os
import subprocess
import sys
writer = subprocess.Popen(
    [sys.executable, "-c", sys.argv[1], *sys.argv[2:], str(os.getpid())],
    stdout=subprocess.DEVNULL,
)
print(writer.pid, flush=True)
writer.wait()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def _writer(folder: Path, name: str, count: int) -> subprocess.Popen[str]:
    """A process recording ``count`` reads (0: without end, until killed or orphaned)."""
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(folder), name, str(count), str(os.getpid())],
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )


@contextmanager
def _writers(*started: subprocess.Popen[str]) -> Iterator[None]:
    """Kill the writers when the test ends however it ends (they also end by themselves
    when the test's process is gone: ``orphaned`` in ``_WRITER``)."""
    try:
        yield
    finally:
        for writer in started:
            if writer.poll() is None:
                writer.kill()
                writer.wait(timeout=30)
            if writer.stdout is not None:
                writer.stdout.close()


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie no one reaped is not)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return fields[0] not in ("Z", "X")


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    writers = [_writer(tmp_path, name, 300) for name in ("one", "two")]
    with _writers(*writers):
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
    with _writers(writer):
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


def test_an_endless_writer_ends_once_the_process_that_started_it_is_gone(
    tmp_path: Path,
) -> None:
    """The kill -9 test's writer never stops by itself: were the test run interrupted or
    killed before its cleanup, the writer must still end (it once ran on, three of them)."""
    starter = subprocess.Popen(
        [sys.executable, "-c", _STARTER, _WRITER, str(tmp_path), "orphan", "0"],
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    with _writers(starter):
        assert starter.stdout is not None
        pid = int(starter.stdout.readline())
        try:
            assert _until(lambda: _size(tmp_path / LOG_NAME) > 2_000, 60)  # it writes
            starter.send_signal(signal.SIGKILL)  # the test run, gone without cleaning up
            starter.wait(timeout=30)
            assert _until(lambda: not _running(pid), 30)
        finally:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_compaction_killed_before_its_rename_leaves_no_file_behind(tmp_path: Path) -> None:
    reading = _reading(tmp_path)
    reading.open(sample())
    reading.state.compact()
    log = (tmp_path / LOG_NAME).read_bytes()
    leftover = tmp_path / f".{LOG_NAME}.4242.tmp"  # written whole, then kill -9
    leftover.write_bytes(log)
    again = _reading(tmp_path)
    assert again.is_read(sample().id)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["state.lock", LOG_NAME]


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
