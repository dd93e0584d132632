"""The file watcher: touch, rename over, delete and add, each seen once it holds still."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.model.watch import BUSIEST, SETTLE, FileChanges, FolderPoller, Watcher, scan


class StepClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    _write(root / "a.yaml", "a")
    _write(root / "sub" / "b.yml", "b")
    _write(root / "notes.txt", "not a briefing")
    _write(root / ".hidden.yaml", "hidden")
    return root


def test_scan_finds_briefing_files_like_the_loader(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    (root / "sub" / "loop").symlink_to(root)
    assert sorted(scan([root])) == [str(root / "a.yaml"), str(root / "sub" / "b.yml")]


def test_nothing_is_reported_for_files_present_at_start(tmp_path: Path) -> None:
    poller = FolderPoller.start([_folder(tmp_path)])
    assert not poller.poll() and not poller.poll()


def test_a_touched_file_is_reported_once_steady(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    poller = FolderPoller.start([root])
    os.utime(root / "a.yaml", ns=(1, 2_000_000_000))
    assert not poller.poll()  # changed since the last poll: maybe still being written
    assert poller.poll() == FileChanges(changed=(str(root / "a.yaml"),))
    assert not poller.poll()


def test_a_file_being_written_is_reported_after_the_last_write(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    poller = FolderPoller.start([root])
    with open(root / "a.yaml", "a", encoding="utf-8") as handle:
        for part in ("one", "two", "three"):
            handle.write(part)
            handle.flush()
            assert not poller.poll()
    assert poller.poll().changed == (str(root / "a.yaml"),)


def test_rename_over_is_one_change(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    poller = FolderPoller.start([root])
    temporary = _write(root / ".a.yaml.tmp", "new a")
    assert not poller.poll()
    os.replace(temporary, root / "a.yaml")
    assert not poller.poll()
    assert poller.poll() == FileChanges(changed=(str(root / "a.yaml"),))


def test_delete_and_add(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    poller = FolderPoller.start([root])
    (root / "a.yaml").unlink()
    _write(root / "new" / "c.yaml", "c")
    assert not poller.poll()
    assert poller.poll() == FileChanges(
        added=(str(root / "new" / "c.yaml"),), removed=(str(root / "a.yaml"),)
    )


def test_delete_then_recreate_between_polls_is_an_edit(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    poller = FolderPoller.start([root])
    (root / "a.yaml").unlink()
    assert not poller.poll()
    _write(root / "a.yaml", "rewritten by an editor")
    assert not poller.poll()
    assert poller.poll() == FileChanges(changed=(str(root / "a.yaml"),))


def test_the_watcher_polls_on_its_clock(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    clock = StepClock()
    watcher = Watcher([root], interval=1.0, clock=clock)
    _write(root / "d.yaml", "d")
    clock.now += 1.0
    assert not watcher.tick()  # first sight
    assert not watcher.tick()  # not due: no poll
    clock.now += 1.0
    assert watcher.tick().added == (str(root / "d.yaml"),)
    _write(root / "e.yaml", "e")
    assert watcher.now().added == (str(root / "e.yaml"),)  # ctrl+r: at once


def test_a_change_seen_once_is_looked_at_again_sooner(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    clock = StepClock()
    watcher = Watcher([root], interval=1.0, clock=clock)
    clock.now += 1.0
    assert not watcher.tick() and watcher.due_in() == 1.0  # nothing moving: a whole interval
    _write(root / "d.yaml", "d")
    clock.now += 1.0
    assert not watcher.tick()  # first sight
    assert watcher.due_in() == SETTLE
    clock.now += SETTLE
    assert watcher.tick().added == (str(root / "d.yaml"),)
    assert watcher.due_in() == 1.0


def test_a_library_slow_to_poll_is_polled_less_often(tmp_path: Path) -> None:
    """A poll that takes longer than BUSIEST of the interval (a library of 20,000 files)
    is followed by a longer wait, so that polling takes at most that share of the time;
    a change seen once is still looked at again after SETTLE."""
    root = _folder(tmp_path)
    clock = StepClock()
    watcher = Watcher([root], interval=1.0, clock=clock)

    class SlowPoller(FolderPoller):
        def poll(self) -> FileChanges:
            clock.now += 0.2  # the scan took 0.2 s
            return FolderPoller.poll(self)

    watcher.poller = SlowPoller.start([root])
    clock.now += 1.0
    assert not watcher.tick()
    assert watcher.due_in() == pytest.approx(0.2 / BUSIEST - 0.2)  # 4 s from its start
    clock.now += 1.0
    assert not watcher.tick()  # not due yet after an interval: no poll
    _write(root / "d.yaml", "d")
    clock.now += 3.0
    assert not watcher.tick()  # first sight of d.yaml
    assert watcher.due_in() == pytest.approx(SETTLE - 0.2)
    clock.now += SETTLE
    assert watcher.tick().added == (str(root / "d.yaml"),)


def test_scan_names_files_as_the_loader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library given as ``./lib``, ``lib/`` or ``.``: the watcher reports each file under
    the path the library lists it by, so a deleted file leaves the list."""
    from briefing_tui.model.loading.files import find_files

    _folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    for given in ("./lib", "lib/", "lib"):
        assert sorted(scan([given])) == sorted(str(p) for p in find_files([given]))
    monkeypatch.chdir(tmp_path / "lib")
    assert sorted(scan(["."])) == ["a.yaml", "sub/b.yml"]
    assert sorted(scan(["."])) == sorted(str(p) for p in find_files(["."]))


def test_a_watcher_starts_from_what_discovery_found(tmp_path: Path) -> None:
    """Made from the files' ``stat`` as the loader found them, a watcher knows what a scan
    would, without walking the folders again."""
    from briefing_tui.model.loading.files import walk_files

    root = _folder(tmp_path)
    found: dict[str, os.stat_result] = {}
    list(walk_files([root, root / "notes.txt"], found))
    poller = FolderPoller.start([root, root / "notes.txt"], found)
    assert poller.known == scan([root, root / "notes.txt"])
    assert not poller.poll() and not poller.poll()
