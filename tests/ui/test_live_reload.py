"""Live reload: files changed while the reader runs are read again and shown.

The watcher's poll is driven here by a clock of the test's own (``watch_clock``) and by
calling the app's poll step (``poll_files``): a change is read once it looked the same on
two polls a watch interval apart. ``watch = "off"`` keeps the watcher's thread from
polling on its own, so only the test's steps poll (``ctrl+r`` still works).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from briefing_tui.app import BriefingApp
from briefing_tui.commands import MarkedCommandPalette
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.widgets.banner import HandlingBanner
from briefing_tui.widgets.detail import DetailView
from briefing_tui.widgets.item_list import ItemList

from .search_support import Notices, filter_status
from .support import (
    LIBRARY,
    AppPilot,
    detail_text,
    make_app,
    open_briefing_screen,
    pane,
    wait_for,
)

ARCTIC = "arctic-shipping-watch.yaml"
ARCTIC_ID = "brf-arctic-shipping-watch"
NEW_INCIDENT = """\
  - id: inc-new-sighting
    title: A third vessel was seen at dawn
    when: "2026-10-10"
    severity: high
"""


class StepClock:
    """The watcher's clock: moves only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _folder(tmp_path: Path) -> Path:
    """A copy of the test library (three briefings and a broken file) to change."""
    root = tmp_path / "lib"
    shutil.copytree(LIBRARY, root)
    return root


def _app(
    root: Path,
    clock: Callable[[], float],
    *,
    polling: bool = False,
    interval: float = 1.0,
    secure: bool = False,
) -> BriefingApp:
    watch = "poll" if polling else "off"
    return make_app(
        root,
        use_cache=not secure,
        watch_clock=clock,
        watch=watch,
        watch_interval=interval,
        secure=secure,
    )


async def _ready(pilot: AppPilot) -> BriefingApp:
    """Loaded, indexed, and watching."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await wait_for(pilot, lambda: app.session.filter_state.ready and app._watching)
    await pilot.pause()
    return app


async def _settle(pilot: AppPilot, clock: StepClock, done: Callable[[], bool]) -> None:
    """Poll twice, a watch interval apart (a change is read once it held still), and let
    the app show what changed until ``done()``."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    for _ in range(2):
        clock.now += 1.0
        app.poll_files()
    await wait_for(pilot, done)
    await pilot.pause()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _library_rows(app: BriefingApp) -> list[str]:
    item_list = app.screen.query_one(ItemList)
    source = item_list.source
    return [source.row_text(n, 80) for n in range(len(source))]


def _banner(app: BriefingApp) -> str:
    return app.screen.query_one("#banner-top", HandlingBanner).shown_text


def _file_state(screen: BriefingScreen) -> str:
    line = screen.query_one("#file-state", Static)
    return str(line.render()) if line.display else ""


async def _open_arctic_incidents(pilot: AppPilot) -> BriefingScreen:
    """The Arctic briefing open on its incidents, the cursor on the second one."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    app.open_briefing(ARCTIC_ID, "incidents", "inc-unsourced-sighting")
    screen = await open_briefing_screen(pilot)
    assert pane(screen, "incidents").selected_id == "inc-unsourced-sighting"
    return screen


async def test_a_touched_file_is_read_again_once_it_held_still(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    notices = Notices()
    async with _app(root, clock).run_test(size=(80, 24), message_hook=notices) as pilot:
        app = await _ready(pilot)
        screen = await _open_arctic_incidents(pilot)
        before = app.session.library.get(ARCTIC_ID)
        os.utime(root / ARCTIC, ns=(1, 2_000_000_000))
        clock.now += 1.0
        app.poll_files()
        await pilot.pause()
        assert app.session.library.get(ARCTIC_ID) is before  # not yet: it may be being written
        await _settle(pilot, clock, lambda: app.session.library.get(ARCTIC_ID) is not before)
        # the same content: no notice, the cursor where it was
        assert not [text for text in notices.texts if text.startswith("reloaded")]
        assert pane(screen, "incidents").selected_id == "inc-unsourced-sighting"


async def test_a_file_renamed_over_shows_its_new_title_in_the_library(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        text = (root / ARCTIC).read_text(encoding="utf-8")
        temporary = root / ".arctic.yaml.tmp"  # how editors and sync tools save
        temporary.write_text(text.replace("title: Arctic shipping watch", "title: Polar watch"))
        clock.now += 1.0
        app.poll_files()
        os.replace(temporary, root / ARCTIC)
        await _settle(pilot, clock, lambda: any("Polar watch" in r for r in _library_rows(app)))
        assert not any("Arctic shipping watch" in row for row in _library_rows(app))
        assert app.session.status_text() == "3 briefings, 1 broken file, 3 unread"


async def test_a_deleted_file_leaves_the_library_and_its_banner(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    notices = Notices()
    async with _app(root, clock).run_test(size=(80, 24), message_hook=notices) as pilot:
        app = await _ready(pilot)
        assert "TLP:AMBER" in _banner(app)  # the Arctic briefing is the only amber one
        (root / ARCTIC).unlink()
        await _settle(pilot, clock, lambda: "Arctic" not in "".join(_library_rows(app)))
        assert "TLP:AMBER" not in _banner(app)  # the library's banner made again
        assert app.session.status_text() == "2 briefings, 1 broken file, 2 unread"
        assert "reloaded: 1 briefing removed" in notices.texts


async def test_an_added_file_is_found_by_the_filter_at_once_without_a_rebuild(
    tmp_path: Path,
) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        index = app.session.filter_state.index
        assert index is not None
        await pilot.press("f", *"walrus")
        await wait_for(pilot, lambda: app.session.filter_state.text == "walrus")
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert filter_status(screen) == "0 of 3 briefings"
        text = (root / ARCTIC).read_text(encoding="utf-8")
        added = root / "new" / "walrus.yaml"
        added.parent.mkdir()
        added.write_text(
            text.replace("brf-arctic-shipping-watch", "brf-walrus-watch").replace(
                "title: Arctic shipping watch", "title: Walrus colony watch"
            ),
            encoding="utf-8",
        )
        await _settle(pilot, clock, lambda: filter_status(screen) == "1 of 4 briefings")
        assert app.session.filter_state.index is index  # updated in place, not rebuilt
        assert any("Walrus colony watch" in row for row in _library_rows(app))


async def test_the_open_briefing_keeps_its_pane_and_item_and_says_what_changed(
    tmp_path: Path,
) -> None:
    root, clock = _folder(tmp_path), StepClock()
    notices = Notices()
    async with _app(root, clock).run_test(size=(80, 24), message_hook=notices) as pilot:
        app = await _ready(pilot)
        screen = await _open_arctic_incidents(pilot)
        incidents = pane(screen, "incidents")
        assert incidents.item_list.cursor == 1
        _edit(root / ARCTIC, "  - id: inc-loitering\n", NEW_INCIDENT + "  - id: inc-loitering\n")
        await _settle(pilot, clock, lambda: len(screen.briefing.incidents) == 3)
        assert app.screen is screen and screen.current_pane == "incidents"
        assert incidents.selected_id == "inc-unsourced-sighting"  # by id: now the third row
        assert incidents.item_list.cursor == 2
        assert "Second vessel sighted by fishermen" in detail_text(screen, "incidents")
        assert "reloaded: 1 incident added" in notices.texts


async def test_when_the_highlighted_item_is_removed_the_cursor_stays_on_its_row(
    tmp_path: Path,
) -> None:
    root, clock = _folder(tmp_path), StepClock()
    _edit(root / ARCTIC, "quotes:\n", NEW_INCIDENT + "quotes:\n")  # three incidents
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        screen = await _open_arctic_incidents(pilot)
        incidents = pane(screen, "incidents")
        sighting = "  - id: inc-unsourced-sighting\n    title: Second vessel sighted by fishermen\n"
        _edit(root / ARCTIC, sighting + '    when: "2026-10"\n    severity: low\n', "")
        await _settle(pilot, clock, lambda: len(screen.briefing.incidents) == 2)
        assert incidents.item_list.cursor == 1  # the row where the reader was, not the top
        assert incidents.selected_id == "inc-new-sighting"
        await wait_for(
            pilot, lambda: "A third vessel was seen at dawn" in detail_text(screen, "incidents")
        )


async def test_the_open_briefing_keeps_its_scroll(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        app.open_briefing("brf-canada-china-security-cooperation")
        screen = await open_briefing_screen(pilot)
        summary = screen.query_one("#summary-detail", DetailView)
        await pilot.press(*"jjjjjj")
        await wait_for(pilot, lambda: summary.scroll_y == 6)
        seed = root / "canada-china-security-cooperation.yaml"
        _edit(seed, "status: final", "status: draft")
        await _settle(pilot, clock, lambda: screen.briefing.status == "draft")
        await wait_for(pilot, lambda: "Status: draft" in summary.text())
        await wait_for(pilot, lambda: summary.scroll_y == 6)
        assert summary.scroll_y == 6


async def test_the_banner_follows_the_file_at_once(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        await _open_arctic_incidents(pilot)
        assert "TLP:AMBER" in _banner(app)
        _edit(root / ARCTIC, "  tlp: amber\n", "  tlp: red\n")
        await _settle(pilot, clock, lambda: "TLP:RED" in _banner(app))
        bottom = app.screen.query_one("#banner-bottom", HandlingBanner).shown_text
        assert "TLP:RED" in bottom


async def test_an_invalid_file_keeps_its_last_good_version_until_fixed(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        screen = await _open_arctic_incidents(pilot)
        good = (root / ARCTIC).read_text(encoding="utf-8")
        _edit(root / ARCTIC, "    severity: low\n", "    severity: extreme\n")
        await _settle(pilot, clock, lambda: bool(_file_state(screen)))
        line = next(n for n, text in enumerate(good.splitlines(), 1) if "severity: low" in text)
        assert _file_state(screen).startswith(f"file now invalid: {ARCTIC}:{line}:15: ")
        assert "Second vessel sighted by fishermen" in detail_text(screen, "incidents")
        assert app.session.library.get(ARCTIC_ID) is not None  # still listed, still readable
        assert len(app.session.library.broken) == 2  # and listed with the broken files

        (root / ARCTIC).write_text(good.replace("severity: low", "severity: info"))
        await _settle(pilot, clock, lambda: not _file_state(screen))
        assert "Severity: info" in detail_text(screen, "incidents")
        assert len(app.session.library.broken) == 1


async def test_a_deleted_briefing_stays_readable_until_left(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        screen = await _open_arctic_incidents(pilot)
        await pilot.press("f", *"vessel", "enter")  # a filter on: the lists still show
        (root / ARCTIC).unlink()
        await _settle(pilot, clock, lambda: bool(_file_state(screen)))
        assert _file_state(screen) == f"file deleted: {ARCTIC} (readable until you leave it)"
        assert "Second vessel sighted by fishermen" in detail_text(screen, "incidents")
        assert pane(screen, "incidents").item_list.row_count == 2
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert not any("Arctic" in row for row in _library_rows(app))


async def test_a_briefing_whose_id_changes_in_its_file_is_not_said_deleted(
    tmp_path: Path,
) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        screen = await _open_arctic_incidents(pilot)
        _edit(root / ARCTIC, f"id: {ARCTIC_ID}\n", "id: brf-arctic-watch-2\n")
        await _settle(pilot, clock, lambda: bool(_file_state(screen)))
        assert _file_state(screen) == (
            f"id changed: {ARCTIC} now gives brf-arctic-watch-2 "
            "(this version readable until you leave it)"
        )
        assert "Second vessel sighted by fishermen" in detail_text(screen, "incidents")
        assert app.session.library.get("brf-arctic-watch-2") is not None


async def test_the_library_cursor_stays_on_its_row_when_a_newer_briefing_arrives(
    tmp_path: Path,
) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        item_list = app.screen.query_one(ItemList)
        assert "Canada" in _library_rows(app)[0]  # the newest, where the cursor is
        text = (root / ARCTIC).read_text(encoding="utf-8")
        newest = text.replace(ARCTIC_ID, "brf-newest")
        (root / "newest.yaml").write_text(newest.replace('"2026-10-14"', '"2026-12-01"'))
        await _settle(pilot, clock, lambda: len(_library_rows(app)) == 5)
        assert "Arctic" in _library_rows(app)[0]  # the new one (a copy of Arctic) on top
        assert item_list.cursor == 1 and "Canada" in _library_rows(app)[1]


async def test_ctrl_r_reads_changed_files_at_once(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    notices = Notices()
    async with _app(root, clock).run_test(size=(80, 24), message_hook=notices) as pilot:
        app = await _ready(pilot)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "reloaded: no file changed" in notices.texts)
        _edit(root / ARCTIC, "title: Arctic shipping watch", "title: Polar watch")
        await pilot.press("ctrl+r")  # no poll due on the watcher's clock: read now anyway
        await wait_for(pilot, lambda: any("Polar watch" in row for row in _library_rows(app)))
        assert "reloaded: 1 briefing changed" in notices.texts


async def test_the_palette_reloads_too(tmp_path: Path) -> None:
    root, clock = _folder(tmp_path), StepClock()
    async with _app(root, clock).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        _edit(root / ARCTIC, "title: Arctic shipping watch", "title: Polar watch")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkedCommandPalette))
        await pilot.press(*"reload changed", "enter")
        await wait_for(pilot, lambda: any("Polar watch" in row for row in _library_rows(app)))


async def test_the_watcher_polls_on_its_own(tmp_path: Path) -> None:
    """``watch = "poll"``: the watcher's thread polls every interval (a real clock)."""
    root = _folder(tmp_path)
    app = _app(root, time.monotonic, polling=True, interval=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        _edit(root / ARCTIC, "title: Arctic shipping watch", "title: Polar watch")
        await wait_for(pilot, lambda: any("Polar watch" in row for row in _library_rows(app)))


async def test_secure_mode_reloads_in_process_and_writes_no_cache(tmp_path: Path) -> None:
    """Polling only reads, so it stays on in secure mode; no parse cache is written."""
    root, clock = _folder(tmp_path), StepClock()
    cache = Path(os.environ["XDG_CACHE_HOME"])
    async with _app(root, clock, secure=True).run_test(size=(80, 24)) as pilot:
        app = await _ready(pilot)
        _edit(root / ARCTIC, "title: Arctic shipping watch", "title: Polar watch")
        await _settle(pilot, clock, lambda: any("Polar watch" in r for r in _library_rows(app)))
    assert list(cache.iterdir()) == []
