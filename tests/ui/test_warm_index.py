"""A warm start of the reader: the filter's index read back whole from the one kept by the
start before, and the content hashes for "updated" from the parse cache (no briefing
decoded); a file changed meanwhile is indexed alone."""

from __future__ import annotations

import os
import time
from pathlib import Path

import msgspec
import pytest
from generator_support import load_generator

from briefing_tui.app import BriefingApp
from briefing_tui.model import FileResult, load_file
from briefing_tui.model.format.types import Briefing
from briefing_tui.model.search import part as part_module
from briefing_tui.model.search import stored as stored_module
from briefing_tui.model.search.across_data import AcrossPart, decode_across, encode_across
from briefing_tui.model.search.part import IndexPart
from briefing_tui.model.search.stored import index_file
from briefing_tui.model.state.records import content_hash

from .support import make_app, wait_for

BRIEFINGS = 12


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    load_generator().generate_library(root, briefings=BRIEFINGS, incidents=3, quotes=2)
    _age(*root.rglob("*.yaml"))
    return root


def _age(*paths: Path) -> None:
    """Out of the parse cache's racy window (files changed this instant are not kept)."""
    past = time.time() - 60
    for path in paths:
        os.utime(path, (past, past))


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the reader decodes or indexes: ``decode <path>``, ``part <briefing id>``."""
    seen: list[str] = []
    decode = FileResult.decode
    read_part, build_part = part_module.decode_part, part_module.part_of

    def decoding(result: FileResult) -> Briefing | None:
        seen.append(f"decode {result.path}")
        return decode(result)

    def reading(stored: bytes, header: object) -> IndexPart | None:
        seen.append(f"part {getattr(header, 'id', '?')}")
        return read_part(stored, header)  # type: ignore[arg-type]

    def building(briefing: Briefing) -> IndexPart:
        seen.append(f"part {briefing.id}")
        return build_part(briefing)

    monkeypatch.setattr(FileResult, "decode", decoding)
    monkeypatch.setattr(stored_module, "decode_part", reading)
    monkeypatch.setattr(stored_module, "part_of", building)
    return seen


async def _start(library: Path) -> BriefingApp:
    """Run the reader until its index, entity index and hashes are ready and the index
    for the next start is kept; then quit."""
    kept = index_file([library])
    assert kept is not None
    written = kept.stat().st_mtime_ns if kept.exists() else None
    app = make_app(library, use_cache=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session.across.ready, timeout=30)
        index = app.session.filter_state.index
        assert index is not None
        if not index.kept:  # written after the entity index: wait for the new file
            await wait_for(
                pilot,
                lambda: kept.exists() and kept.stat().st_mtime_ns != written,
                timeout=30,
            )
    return app


async def test_a_warm_start_reads_the_kept_index_and_decodes_no_briefing(
    library: Path, work: list[str]
) -> None:
    cold = await _start(library)
    cold_index = cold.session.filter_state.index
    assert cold_index is not None and not cold_index.kept
    work.clear()
    warm = await _start(library)
    index = warm.session.filter_state.index
    assert index is not None and index.kept
    assert work == []  # no part read, no briefing decoded
    expected = {}
    for path in library.rglob("*.yaml"):
        briefing = load_file(path).briefing
        assert briefing is not None
        expected[briefing.id] = content_hash(briefing)
    assert warm.session.reading.current == expected  # what "updated" compares
    assert index.search("incident").bits == cold_index.search("incident").bits


async def test_a_file_changed_between_starts_is_indexed_alone(
    library: Path, work: list[str]
) -> None:
    await _start(library)
    changed = sorted(library.rglob("*.yaml"))[3]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("title: ", "title: Zyxwvut ", 1), encoding="utf-8")
    _age(changed)
    work.clear()
    app = await _start(library)
    index = app.session.filter_state.index
    assert index is not None and not index.kept and index.rebuilt == 1
    changed_id = next(h.id for h in app.session.library.headers if h.title.startswith("Zyxwvut"))
    assert work == [f"part {changed_id}"]  # its own part only; nothing decoded
    assert index.search("zyxwvut").count("briefing") == 1
    work.clear()
    again = await _start(library)
    assert again.session.filter_state.index is not None
    assert again.session.filter_state.index.kept and work == []


async def test_kept_across_facts_that_do_not_fit_are_made_again_from_the_parts(
    library: Path,
) -> None:
    """The filter answers from the kept index before its across facts are checked; facts
    that do not fit are never read: the index is made again from the parts (the entity
    index with it) and kept anew."""
    await _start(library)
    kept = index_file([library])
    assert kept is not None
    loaded = stored_module.load_index(kept)
    assert loaded is not None
    data, digests, _ = loaded
    first = decode_across(data.across[0], AcrossPart)
    data.across[0] = encode_across(msgspec.structs.replace(first, whens=first.whens + "\n"))
    assert stored_module.save_index(kept, data, digests)
    app = await _start(library)
    index = app.session.filter_state.index
    assert index is not None and not index.kept and index.across_fit()
    entities = app.session.across.entities
    assert entities is not None and entities.groups()
    assert app.session.across.timeline is not None
    again = await _start(library)
    assert again.session.filter_state.index is not None
    assert again.session.filter_state.index.kept
    assert again.session.filter_state.index.across_fit()


async def test_kept_words_that_do_not_decode_are_made_again_from_the_parts(
    library: Path,
) -> None:
    """The filter's first count comes from the kept index before its words are decoded;
    words that do not decode (the CRC right) are never read: the index is made again
    from the parts, answers as before, and is kept anew."""
    first = await _start(library)
    before = first.session.filter_state.index
    assert before is not None
    answer = before.search("incident").bits
    kept = index_file([library])
    assert kept is not None
    loaded = stored_module.load_index(kept)
    assert loaded is not None
    data, digests, _ = loaded
    data.texts[0] = 7  # type: ignore[call-overload]
    assert stored_module.save_index(kept, data, digests)
    app = await _start(library)
    index = app.session.filter_state.index
    assert index is not None and not index.kept and index.finish_reading()
    assert index.search("incident").bits == answer
    again = await _start(library)
    assert again.session.filter_state.index is not None
    assert again.session.filter_state.index.kept
