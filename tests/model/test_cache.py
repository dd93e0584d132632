"""The parse cache: reused only while a file is unchanged, private, and never in the way."""

from __future__ import annotations

import os
import stat
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from library_support import age, by_path, make_library

from briefing_tui.model import FileResult, Limits, Problem, header_of, load_file
from briefing_tui.model.loading import cache as cache_module
from briefing_tui.model.loading import codec
from briefing_tui.model.loading import workers as workers_module
from briefing_tui.model.loading.cache import (
    UNUSED_DAYS,
    FileBlob,
    ParseCache,
    SpoolBlob,
    default_cache_dir,
    prepare_private_folder,
)
from briefing_tui.model.loading.codec import (
    decode_pieces,
    decode_result,
    encode_result,
    split_payload,
)
from briefing_tui.model.loading.loader import LOADER_VERSION
from briefing_tui.model.loading.stream import load_stream
from briefing_tui.model.loading.workers import parse_file


@pytest.fixture
def library(tmp_path: Path) -> list[Path]:
    return make_library(tmp_path / "lib", generated=6)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed (not taken from the cache) by ``load_stream(..., workers=0)``."""
    seen: list[str] = []

    def counting(path: str, limits: Limits, *, index: bool = True) -> object:
        seen.append(path)
        return parse_file(path, limits, index=index)

    monkeypatch.setattr(workers_module, "parse_file", counting)
    return seen


def load(
    files: list[Path], cache: Path, limits: Limits | None = None, use_cache: bool = True
) -> list[FileResult]:
    """Load in this process (``workers=0``), so that ``parsed`` sees every parse."""
    stream = load_stream(files, limits=limits, use_cache=use_cache, workers=0, cache_dir=cache)
    return by_path(list(stream))


def cache_files(cache: Path) -> list[Path]:
    return sorted(path for path in cache.iterdir() if path.is_file())


START = struct.Struct("<4sI")
"""A cache file's start: ``BRFC`` and the length of its head section."""


def unpack(data: bytes) -> tuple[list[Any], list[tuple[bytes, bytes]]]:
    """A cache file as its head section (decoded) and each entry's (part, briefing)."""
    _, size = START.unpack_from(data)
    head = msgspec.msgpack.decode(data[START.size : START.size + size])
    at, pieces = START.size + size, []
    for entry in head[3]:
        part, body = data[at : at + entry[3]], data[at + entry[3] : at + entry[3] + entry[4]]
        pieces.append((part, body))
        at += entry[3] + entry[4]
    return head, pieces


def pack(head: list[Any], pieces: list[tuple[bytes, bytes]]) -> bytes:
    for entry, (part, body) in zip(head[3], pieces, strict=True):
        entry[3:5] = [len(part), len(body)]
    section = msgspec.msgpack.encode(head)
    stored = b"".join(part + body for part, body in pieces)
    return START.pack(b"BRFC", len(section)) + section + stored


def rewrite_results(cache: Path, change: Callable[[int, list[object]], object]) -> None:
    """Replace each cache entry's result (``[header, problems, briefing]``: its head in
    the head section, its briefing after it) by ``change(number, result)``."""
    for path in cache_files(cache):
        head, pieces = unpack(path.read_bytes())
        for number, entry in enumerate(head[3]):
            part, body = pieces[number]
            briefing = msgspec.msgpack.decode(body) if body else None
            result = [*entry[2], briefing]
            changed = change(number, result)
            if isinstance(changed, list):
                entry[2] = changed[:2]
                body = b"" if changed[2] is None else msgspec.msgpack.encode(changed[2])
            else:
                entry[2] = changed
            pieces[number] = (part, body)
        path.write_bytes(pack(head, pieces))


def titles(results: list[FileResult]) -> dict[str, str]:
    return {Path(r.path).name: r.briefing.title for r in results if r.briefing is not None}


def test_second_load_reads_no_file_and_gives_the_same(
    library: list[Path], cache: Path, parsed: list[str]
) -> None:
    cold = load(library, cache)
    assert sorted(parsed) == sorted(str(path) for path in library)
    parsed.clear()
    assert load(library, cache) == cold == by_path([load_file(path) for path in library])
    assert parsed == []


def test_a_file_changed_in_size_is_read_again(
    library: list[Path], cache: Path, parsed: list[str]
) -> None:
    load(library, cache)
    parsed.clear()
    target = library[-1]
    text = target.read_text()
    old_title = titles(load([target], cache))[target.name]
    target.write_text(text.replace(f'title: "{old_title}"', 'title: "A longer, new title"', 1))
    age(target)
    assert titles(load(library, cache))[target.name] == "A longer, new title"
    assert parsed == [str(target)]


def test_a_file_changed_in_place_with_the_same_size_is_read_again(
    library: list[Path], cache: Path, parsed: list[str]
) -> None:
    load(library, cache)
    parsed.clear()
    target = library[-1]
    before = target.stat()
    old_title = titles(load([target], cache))[target.name]
    new_title = ("X" if old_title[0] != "X" else "Y") + old_title[1:]
    target.write_text(target.read_text().replace(old_title, new_title, 1))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert target.stat().st_size == before.st_size
    assert titles(load(library, cache))[target.name] == new_title
    assert parsed == [str(target)]


def test_deleted_files_are_gone_and_added_ones_appear(
    library: list[Path], cache: Path, tmp_path: Path
) -> None:
    load(library, cache)
    gone = tmp_path / "lib" / "data" / "arctic-shipping-watch.yaml"
    kept = [path for path in library if path != gone]
    gone.unlink()
    added = tmp_path / "lib" / "data" / "added.yaml"
    added.write_bytes(kept[-1].read_bytes().replace(b"id: brf-", b"id: brf-added-", 1))
    age(added)
    results = load([*kept, added], cache)
    assert [r.path for r in results] == sorted(str(p) for p in [*kept, added])
    assert results == by_path([load_file(path) for path in [*kept, added]])
    names = b"".join(path.read_bytes() for path in cache_files(cache))
    assert gone.name.encode() not in names and b"added.yaml" in names


def test_cache_files_unused_for_a_month_are_removed(
    library: list[Path], cache: Path, tmp_path: Path
) -> None:
    load(library, cache)
    used = cache_files(cache)
    month_ago = time.time() - (UNUSED_DAYS + 1) * 86_400
    for path in used:
        os.utime(path, (month_ago, month_ago))
    load(library[:1], cache)  # reads (so keeps) the cache of one folder only
    assert len(cache_files(cache)) == 1
    load(library, cache)
    assert len(cache_files(cache)) == len(used)


def test_a_file_just_written_is_parsed_again_next_time(
    library: list[Path], cache: Path, parsed: list[str]
) -> None:
    target = library[0]
    target.write_bytes(target.read_bytes())  # mtime now: a write could follow unseen
    load(library, cache)
    parsed.clear()
    load(library, cache)
    assert parsed == [str(target)]


def test_other_limits_do_not_reuse_the_cache(library: list[Path], cache: Path) -> None:
    load(library, cache)
    tight = Limits(max_string=20)
    results = load(library, cache, limits=tight)
    assert results == by_path([load_file(path, tight) for path in library])
    assert any("limit" in p.message for r in results for p in r.problems)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: os.urandom(len(data)),
        lambda data: b"",
        lambda data: pack([LOADER_VERSION + 1, *unpack(data)[0][1:]], unpack(data)[1]),
        lambda data: pack(
            [*unpack(data)[0][:3], [["x", [1, 2, 3, 4], b"\xc1", 0, 0]]], [(b"", b"")]
        ),
        lambda data: data + b"x",  # lengths that do not add up
    ],
    ids=["truncated", "random", "empty", "old-version", "bad-entry", "longer"],
)
def test_a_damaged_cache_is_rebuilt_silently(
    library: list[Path], cache: Path, parsed: list[str], damage: Callable[[bytes], bytes]
) -> None:
    expected = load(library, cache)
    for path in cache_files(cache):
        path.write_bytes(damage(path.read_bytes()))
    assert load(library, cache) == expected
    parsed.clear()
    assert load(library, cache) == expected
    assert parsed == []


def test_a_damaged_entry_is_parsed_again(
    library: list[Path], cache: Path, parsed: list[str]
) -> None:
    expected = load(library, cache)
    rewrite_results(cache, lambda number, result: {"not": "a result"})
    parsed.clear()
    assert load(library, cache) == expected
    assert sorted(parsed) == sorted(str(path) for path in library)


def test_cache_folder_is_0700_and_files_0600(library: list[Path], cache: Path) -> None:
    permissive = os.umask(0)  # even when the umask would allow everything
    try:
        load(library, cache)
    finally:
        os.umask(permissive)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert cache_files(cache)
    for path in cache_files(cache):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_open_cache_folder_is_made_private(library: list[Path], cache: Path) -> None:
    cache.mkdir(mode=0o755)
    os.chmod(cache, 0o755)
    load(library, cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert cache_files(cache)


def test_a_folder_of_someone_else_is_not_used(
    library: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir(mode=0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)
    assert load(library, cache) == by_path([load_file(path) for path in library])
    assert list(cache.iterdir()) == []


def test_a_symlink_as_cache_folder_is_not_used(
    library: list[Path], cache: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache.symlink_to(elsewhere)
    load(library, cache)
    assert list(elsewhere.iterdir()) == []


def test_no_cache_neither_reads_nor_writes(
    library: list[Path], cache: Path, parsed: list[str]
) -> None:
    load(library, cache)
    parsed.clear()
    results = load(library, cache, use_cache=False)
    assert sorted(parsed) == sorted(str(path) for path in library)
    other = cache.parent / "never"
    load(library, other, use_cache=False)
    assert not other.exists()
    assert results == by_path([load_file(path) for path in library])


def test_xdg_cache_home_is_honoured(
    library: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "briefing"
    list(load_stream(library, workers=0))
    assert cache_files(tmp_path / "xdg" / "briefing")


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "briefing"


def test_folders_with_the_same_file_names_keep_their_own_results(
    tmp_path: Path, cache: Path
) -> None:
    first = make_library(tmp_path / "one", generated=0)
    second = make_library(tmp_path / "two", generated=0)
    target = second[-1]
    target.write_bytes(target.read_bytes().replace(b"title:", b"title: Other\n# ", 1))
    age(target)
    for _ in range(2):
        assert load(first, cache) == by_path([load_file(path) for path in first])
        assert load(second, cache) == by_path([load_file(path) for path in second])


def test_one_folder_named_two_ways_in_one_load_is_cached_once(
    library: list[Path], cache: Path, tmp_path: Path, parsed: list[str]
) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(tmp_path / "lib")
    half = len(library) // 2
    mixed = library[:half] + [alias / p.relative_to(tmp_path / "lib") for p in library[half:]]
    load(mixed, cache)
    parsed.clear()
    assert load(library, cache) == by_path([load_file(path) for path in library])
    assert parsed == []


def test_a_warm_load_gives_headers_and_decodes_a_briefing_only_when_asked(
    library: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = load(library, cache)
    decoded: list[str] = []
    decode = codec._briefing

    def counting(path: str, encoded: codec.Region, limits: Limits | None) -> object:
        decoded.append(path)
        return decode(path, encoded, limits)

    monkeypatch.setattr(codec, "_briefing", counting)
    warm = load(library, cache)
    assert decoded == []
    assert [r.header for r in warm] == [r.header for r in expected]
    assert all(r.header == header_of(r.briefing) for r in expected if r.briefing is not None)
    first = next(r for r in warm if r.ok)
    assert first.briefing == next(r.briefing for r in expected if r.path == first.path)
    assert decoded == [first.path]
    assert first.briefing is first.briefing  # decoded once, then kept
    assert decoded == [first.path]


def test_a_warm_load_makes_the_problems_of_a_briefing_that_loaded_only_when_asked(
    library: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No list shows a loaded briefing's warnings and notes: a warm start makes none
    (20,000 files: 11,000 problems), yet each result gives the same problems as parsed."""
    expected = load(library, cache)
    assert any(r.ok and r.problems for r in expected)  # the generated files have notes
    made: list[str] = []

    def counting(path: str, *fields: Any) -> Problem:
        made.append(path)
        return Problem(path, *fields)

    monkeypatch.setattr(codec, "Problem", counting)
    warm = load(library, cache)
    assert set(made) == {r.path for r in expected if not r.ok and r.problems}
    made.clear()
    assert [r.problems for r in warm] == [r.problems for r in expected]
    assert set(made) == {r.path for r in expected if r.ok and r.problems}
    first = next(r for r in warm if r.ok and r.problems)
    assert first.problems is first.problems  # made once, then kept


def test_a_damaged_briefing_behind_a_good_header_is_parsed_again(
    library: list[Path], cache: Path
) -> None:
    """A briefing that does not decode, or is missing, is read from its file."""
    expected = load(library, cache)

    def damage(number: int, result: list[object]) -> list[object]:
        return [*result[:2], None if number % 2 else {"not": "a briefing"}]

    rewrite_results(cache, damage)
    warm = load(library, cache)
    assert [r.header for r in warm] == [r.header for r in expected]
    assert [r.briefing for r in warm] == [r.briefing for r in expected]


def test_results_parsed_meanwhile_are_read_from_the_cache_file_once_written(
    library: list[Path], cache: Path
) -> None:
    """A worker's bytes wait in a private spool file (removed at once) until the cache is
    written; then each result's index part and briefing are read from the cache file
    (memory does not hold the library, even on a cold start)."""
    files = [path for path in library if load_file(path).ok]
    store = ParseCache(cache, Limits())
    assert prepare_private_folder(cache)
    results = []
    for path in files:
        parsed_now, key = parse_file(str(path), Limits())
        assert key is not None
        pieces = split_payload(encode_result(parsed_now))
        store.store(path, key, pieces)
        results.append((decode_pieces(str(path), pieces), pieces))
    assert all(isinstance(pieces[2].where[0], SpoolBlob) for _, pieces in results)
    assert all(result.briefing == load_file(path).briefing
               for (result, _), path in zip(results, files, strict=True))  # fmt: skip
    store.save()
    assert {path.suffix for path in cache.iterdir()} == {".msgpack"}  # no spool left
    for (result, pieces), path in zip(results, files, strict=True):
        assert isinstance(pieces[1].where[0], FileBlob) and isinstance(pieces[2].where[0], FileBlob)
        assert result.briefing == load_file(path).briefing
        assert result.index_part is not None


def retitled(body: bytes) -> bytes:
    """The encoded briefing with another title of the same length (same size)."""
    if not body:
        return body
    title = msgspec.msgpack.decode(body)["title"].encode()
    return body.replace(title, b"Z" * len(title), 1)


def test_a_cache_file_replaced_after_its_head_was_read_costs_a_parse_never_a_wrong_briefing(
    library: list[Path], cache: Path
) -> None:
    expected = load(library, cache)
    warm = load(library, cache)
    with cache_module._open_lock:  # as if other cache files had been read since
        for fd in cache_module._open.values():
            os.close(fd)
        cache_module._open.clear()
    for path in cache_files(cache):  # another reader writes it anew: another inode
        head, pieces = unpack(path.read_bytes())
        pieces = [(part, retitled(body)) for part, body in pieces]  # same places, other titles
        replacement = path.with_name("replacement")
        replacement.write_bytes(pack(head, pieces))
        os.replace(replacement, path)
    assert [r.briefing for r in warm] == [r.briefing for r in expected]


SEED_FILE = (
    Path(__file__).resolve().parents[2] / "briefings" / "canada-china-security-cooperation.yaml"
)


def test_items_decoded_alone_are_those_of_the_whole_briefing() -> None:
    """``briefing search`` decodes only the items it prints (``codec.decode_items``)."""
    result = decode_result(str(SEED_FILE), encode_result(load_file(SEED_FILE)))
    briefing, encoded = result.decode(), result.encoded()
    assert briefing is not None and encoded is not None
    wanted = [
        (name, position)
        for name in ("sources", "entities", "incidents", "quotes")
        for position in range(len(getattr(briefing, name)))
    ]
    assert len(wanted) > 20
    expected = [getattr(briefing, name)[position] for name, position in wanted]
    assert codec.decode_items(encoded, wanted[::-1]) == expected[::-1]
    assert codec.decode_items(encoded, [("quotes", 1)]) == [briefing.quotes[1]]
    with pytest.raises(IndexError):
        codec.decode_items(encoded, [("incidents", len(briefing.incidents))])
    with pytest.raises(msgspec.DecodeError):
        codec.decode_items(bytes(encoded)[: len(encoded) // 2], [("quotes", 0)])
