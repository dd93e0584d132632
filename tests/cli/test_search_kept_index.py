"""`briefing search` answers from the index the reader keeps, and prints what the parts print.

The reader keeps the whole search index in the parse cache's folder
(``model/search/stored.py``); ``briefing search`` answers from it when it is there, the
briefings changed since spliced in, and from the parse cache's parts a few briefings at
a time when it is missing or not trusted. Whichever way, and whether the matching items
are decoded alone from the parse cache or from their whole briefing, the output is the
same bytes.
"""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest
from cli_support import SEED, write_file, write_hostile
from generator_support import load_generator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_tui.cli import main
from briefing_tui.model import load_library
from briefing_tui.model.search.data import TABLE_FIELDS
from briefing_tui.model.search.stored import _Stored, digests_of, index_file, save_index


@dataclass(frozen=True)
class Caches:
    root: Path
    """The library."""
    kept: Path
    """An XDG_CACHE_HOME whose parse cache is warm and holds the reader's kept index."""
    parts: Path
    """The same parse cache without the kept index."""


def _age(root: Path) -> None:
    """Files modified a minute ago: out of the parse cache's racy window (else not cached)."""
    for path in root.rglob("*.yaml"):
        os.utime(path, (path.stat().st_mtime - 60, path.stat().st_mtime - 60))


def _keep_index(root: Path) -> Path:
    """Load ``root`` (warming the parse cache) and keep its index, as the reader does."""
    library = load_library([root])
    file = index_file([root])
    assert file is not None
    index = library.search_index(stored=file)
    assert index is not None
    assert save_index(file, index.data, digests_of(library.entries))
    return file


@pytest.fixture(scope="module")
def caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caches]:
    home = tmp_path_factory.mktemp("kept")
    root = home / "library"
    load_generator().generate_library(root, briefings=12, incidents=4, quotes=3)
    shutil.copy(SEED, root / "seed.yaml")
    write_hostile(root)
    _age(root)
    kept, parts = home / "kept", home / "parts"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(kept))
        file = _keep_index(root)
    shutil.copytree(kept, parts)
    (parts / "briefing" / file.name).unlink()
    yield Caches(root, kept, parts)


def search(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cache: Path,
    *argv: str | Path,
) -> tuple[int, str, str]:  # fmt: skip
    """Status, output, and how it was answered (``kept index`` or ``parts``)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    status = main(["search", "--timings", *(str(arg) for arg in argv)])
    captured = capsys.readouterr()
    how = "kept index" if "(kept index)" in captured.err else "parts"
    assert f"({how})" in captured.err, captured.err
    return status, captured.out, how


WORDS = ("protest", "police", "canada", '"press freedom"', "lai", "a", "zzz", "evil", "china")
FIELDS = (
    "severity:>=high", "severity:low", "has:source", "has:quote", "tag:protest", "kind:direct",
    "type:development", "actor:canada", "tlp:amber", "status:draft", "after:2010",
    "before:2015-06", "speaker:official", "source:gazette", "briefing:gen", "entity:prc",
    "is:unread", "is:read", "xid:cve",
)  # fmt: skip
leaves = st.sampled_from(WORDS + FIELDS)
terms = st.builds(lambda negated, leaf: f"-{leaf}" if negated else leaf, st.booleans(), leaves)
queries = st.one_of(
    st.lists(terms, min_size=1, max_size=3).map(" ".join),
    st.tuples(leaves, leaves).map(" OR ".join),
)
options = st.sampled_from(
    [(), ("--kind", "all"), ("--kind", "briefings"), ("--kind", "entities", "--kind", "sources"),
     ("--format", "json"), ("--kind", "all", "--format", "json")]
)  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries, chosen=options)
def test_the_kept_index_and_the_parts_print_the_same_bytes(
    caches: Caches,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    query: str,
    chosen: tuple[str, ...],
) -> None:
    kept = search(monkeypatch, capsys, caches.kept, *chosen, "--", query, caches.root)
    parts = search(monkeypatch, capsys, caches.parts, *chosen, "--", query, caches.root)
    assert (kept[2], parts[2]) == ("kept index", "parts")
    assert kept[:2] == parts[:2]


def test_items_decoded_alone_print_as_their_whole_briefing_does(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    """A cold run (every file parsed in this process: items from whole briefings) and a
    warm one (each item decoded alone from the parse cache) print the same, control
    characters of the hostile file sanitised alike."""
    cold = tmp_path / "cold"
    printed: dict[str, str] = {}
    for query in ("evil", "a", "-has:source"):
        shutil.rmtree(cold, ignore_errors=True)
        fresh = search(monkeypatch, capsys, cold, "--kind", "all", "--", query, caches.root)
        warm = search(monkeypatch, capsys, caches.kept, "--kind", "all", "--", query, caches.root)
        assert fresh[:2] == warm[:2]
        printed[query] = warm[1]
    assert "brf-hostile/inc-a  -  -  Inc ␛[31m" in printed["a"].splitlines()
    assert not any("\x1b" in out or "\u202e" in out for out in printed.values())


def test_a_file_changed_since_the_index_was_kept_is_spliced_in(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    root = tmp_path / "library"
    shutil.copytree(caches.root, root)
    kept = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(kept))
    _keep_index(root)
    seed = root / "seed.yaml"
    text = seed.read_text(encoding="utf-8").replace("Jimmy Lai", "Jimmy Quuxly")
    assert "Quuxly" in text
    write_file(root, "seed.yaml", text)
    _age(root)
    status, out, how = search(monkeypatch, capsys, kept, "quuxly", root)
    assert (status, how) == (0, "kept index")
    assert "brf-canada-china-security-cooperation/" in out
    shutil.rmtree(kept / "briefing")  # no kept index, no parse cache: every file parsed again
    assert search(monkeypatch, capsys, kept, "quuxly", root)[:2] == (status, out)


def test_a_damaged_kept_index_is_not_trusted(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    cache = tmp_path / "cache"
    shutil.copytree(caches.kept, cache)
    (file,) = (cache / "briefing").glob("index-*.msgpack")
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    file.write_bytes(bytes(data))
    damaged = search(monkeypatch, capsys, cache, "--kind", "all", "protest", caches.root)
    whole = search(monkeypatch, capsys, caches.kept, "--kind", "all", "protest", caches.root)
    assert (damaged[2], whole[2]) == ("parts", "kept index")
    assert damaged[:2] == whole[:2] and damaged[0] == 0


def test_secure_mode_does_not_touch_the_kept_index(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    """Reading the kept index marks it used (its mtime, for the cache's clean-up): a
    write that secure mode does not make; the answer comes from the parts, the same."""
    cache = tmp_path / "cache"
    shutil.copytree(caches.kept, cache)
    (file,) = (cache / "briefing").glob("index-*.msgpack")
    hour_ago = int(file.stat().st_mtime) - 3600
    os.utime(file, (hour_ago, hour_ago))
    monkeypatch.setenv("BRIEFING_SECURE", "1")
    secure = search(monkeypatch, capsys, cache, "protest", caches.root)
    assert secure[2] == "parts" and file.stat().st_mtime == hour_ago
    monkeypatch.delenv("BRIEFING_SECURE")
    assert search(monkeypatch, capsys, cache, "protest", caches.root) == (*secure[:2], "kept index")
    assert file.stat().st_mtime > hour_ago


def test_without_a_usable_cache_folder_every_file_is_parsed_and_prints_the_same(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    """No parse cache, no kept index (the cache folder cannot be made): every file is
    parsed in this process, each item printed from its whole briefing, the same."""
    blocked = write_file(tmp_path, "not-a-folder", "")
    for query in ("protest -severity:low", "canada OR evil"):
        alone = search(monkeypatch, capsys, blocked, "--kind", "all", "--", query, caches.root)
        kept = search(monkeypatch, capsys, caches.kept, "--kind", "all", "--", query, caches.root)
        assert (alone[2], kept[2]) == ("parts", "kept index")
        assert alone[:2] == kept[:2]
    assert blocked.read_text() == ""


def test_a_kept_index_that_most_briefings_differ_from_is_left_for_the_parts(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    """Parsed again (a new loader, files touched), every part's digest differs from the
    kept index's: splicing every briefing in would cost more than the parts."""
    cache = tmp_path / "cache"
    shutil.copytree(caches.kept, cache)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    library = load_library([caches.root])
    file = index_file([caches.root])
    index = library.search_index(stored=file)
    assert file is not None and index is not None
    stale = [(briefing_id, digest + 1) for briefing_id, digest in digests_of(library.entries)]
    assert save_index(file, index.data, stale)
    stale_answer = search(monkeypatch, capsys, cache, "--kind", "all", "protest", caches.root)
    kept_answer = search(monkeypatch, capsys, caches.kept, "--kind", "all", "protest", caches.root)
    assert (stale_answer[2], kept_answer[2]) == ("parts", "kept index")
    assert stale_answer[:2] == kept_answer[:2]


def _section_byte(data: bytes, section: str) -> int:
    """Where a byte of ``section`` of a kept index lies (``stored.py``'s layout)."""
    _, _, size = struct.unpack_from("<4sII", data)
    head = msgspec.msgpack.decode(data[len(data) - size :], type=_Stored)
    words = sum(head.texts)
    names = {name: 12 + words + sum(sum(head.names[other]) for other in TABLE_FIELDS[:number])
             for number, name in enumerate(TABLE_FIELDS)}  # fmt: skip
    places: dict[str, int] = {
        "words": 12 + words // 2, "named": names["named"] + 2, "actor": names["actor"] + 2,
        "across": len(data) - size - 3, "head": len(data) - size // 2,
    }  # fmt: skip
    return places[section]


@pytest.mark.parametrize("section", ["words", "named", "actor", "across", "head"])
def test_a_byte_changed_in_a_column_read_or_not_sends_the_search_to_the_parts(
    caches: Caches, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path, section: str,
) -> None:  # fmt: skip
    """A word reads the words and the ``named`` table of the kept index, not the actors'
    nor the across facts: a byte changed in any of them is caught all the same (the CRC
    covers every byte), and the parts print the same."""
    cache = tmp_path / "cache"
    shutil.copytree(caches.kept, cache)
    (file,) = (cache / "briefing").glob("index-*.msgpack")
    data = bytearray(file.read_bytes())
    data[_section_byte(bytes(data), section)] ^= 0x20
    file.write_bytes(bytes(data))
    for query in ("protest", "police -canada"):
        damaged = search(monkeypatch, capsys, cache, "--kind", "all", "--", query, caches.root)
        whole = search(monkeypatch, capsys, caches.kept, "--kind", "all", "--", query, caches.root)
        assert (damaged[2], whole[2]) == ("parts", "kept index")
        assert damaged[:2] == whole[:2] and damaged[0] == 0
