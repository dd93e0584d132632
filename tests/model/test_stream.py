"""``load_stream``: every file's result, the same whichever way it was obtained."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from library_support import DATA, age, by_path, make_library

from briefing_tui.model import FileResult, Limits, load_file
from briefing_tui.model.loading import workers as workers_module
from briefing_tui.model.loading.stream import POOL_THRESHOLD, discover, load_stream
from briefing_tui.model.loading.workers import Parsed, WorkerPool, parse_file


@pytest.fixture
def library(tmp_path: Path) -> list[Path]:
    return make_library(tmp_path / "lib")


def serial(files: list[Path]) -> list[FileResult]:
    return by_path([load_file(path) for path in files])


def test_discover_lists_the_files_and_the_paths_that_cannot_be_opened(
    library: list[Path], tmp_path: Path
) -> None:
    files, failures = discover([tmp_path / "lib", tmp_path / "missing"])
    assert sorted(files) == [str(path) for path in library]
    assert [failure.path for failure in failures] == [str(tmp_path / "missing")]
    assert "cannot open" in failures[0].problems[0].message


def test_worker_processes_give_what_load_file_gives(library: list[Path]) -> None:
    assert len(library) >= POOL_THRESHOLD
    results = list(load_stream(library, use_cache=False, workers=2))
    assert by_path(results) == serial(library)
    broken = [result for result in results if not result.ok]
    assert [Path(result.path).name for result in broken] == ["broken-draft.yaml"]
    assert any(result.notes for result in results)


def test_workers_apply_the_limits_given(library: list[Path]) -> None:
    tight = Limits(max_string=20)
    results = by_path(list(load_stream(library, use_cache=False, workers=2, limits=tight)))
    assert results == by_path([load_file(path, tight) for path in library])
    assert not any(result.ok for result in results)


@pytest.mark.parametrize("workers", [0, 1])
def test_one_worker_or_none_gives_the_same(library: list[Path], workers: int) -> None:
    assert by_path(list(load_stream(library, use_cache=False, workers=workers))) == serial(library)


def test_cached_and_uncached_loads_are_equal(library: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    uncached = by_path(list(load_stream(library, use_cache=False)))
    cold = by_path(list(load_stream(library, cache_dir=cache)))
    warm = by_path(list(load_stream(library, cache_dir=cache)))
    assert uncached == cold == warm == serial(library)
    assert [result.path for result in warm] == sorted(str(path) for path in library)


def test_a_warm_start_parses_nothing(
    library: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    expected = by_path(list(load_stream(library, cache_dir=cache)))

    def no_parsing(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(workers_module, "parse_file", no_parsing)
    monkeypatch.setattr(workers_module, "WorkerPool", no_parsing)
    assert by_path(list(load_stream(library, cache_dir=cache))) == expected


def test_a_warm_start_imports_no_parser(library: list[Path], tmp_path: Path) -> None:
    """Reading a library from the parse cache (and watching it) needs neither PyYAML nor
    the converter, the worker processes or the index parts: a warm start, whose first
    rows wait for it, does not import them."""
    cache = tmp_path / "cache"
    list(load_stream(library, cache_dir=cache))
    parser = ("yaml", "briefing_tui.model.loading.convert", "briefing_tui.model.loading.workers",
              "briefing_tui.model.search.part")  # fmt: skip
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing_tui.model.library import LibraryLoad\n"
        "from briefing_tui.model.watch import Watcher\n"
        "files = [Path(name) for name in sys.argv[2:]]\n"
        "Watcher(files)\n"
        "load = LibraryLoad(files, cache_dir=Path(sys.argv[1]))\n"
        "print(sum(result.ok for result in load))\n"
        f"print(sorted(name for name in {parser!r} if name in sys.modules))\n"
    )
    given = [sys.executable, "-c", script, str(cache), *map(str, library)]
    shown = subprocess.run(given, capture_output=True, text=True, check=True).stdout.split("\n")
    assert int(shown[0]) == len(library) - 1  # every file but the broken one
    assert shown[1] == "[]"


def test_cached_results_come_first_while_the_rest_is_parsed(
    library: list[Path], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    list(load_stream(library, cache_dir=cache))
    changed = library[: POOL_THRESHOLD + 2]
    for path in changed:
        path.write_bytes(path.read_bytes() + b"\n# edited\n")
    age(*changed)
    stream = load_stream(library, cache_dir=cache)
    first = next(stream)
    assert Path(first.path) not in changed
    rest = [first, *stream]
    assert by_path(rest) == serial(library)


@pytest.mark.parametrize("workers", [0, 1])
def test_files_are_parsed_last_path_first(library: list[Path], workers: int) -> None:
    """Libraries name folders and files by date: the newest are parsed first, so the
    reader's list fills from the top and each file joins the end of it."""
    results = list(load_stream(library, use_cache=False, workers=workers))
    assert [result.path for result in results] == [str(path) for path in reversed(library)]


def test_results_keep_the_path_as_given(library: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    list(load_stream(library, cache_dir=cache, workers=0))
    alias = tmp_path / "alias"
    alias.symlink_to(tmp_path / "lib")
    through_alias = [alias / path.relative_to(tmp_path / "lib") for path in library]
    warm = by_path(list(load_stream(through_alias, cache_dir=cache, workers=0)))
    assert warm == serial(through_alias)
    broken = next(result for result in warm if not result.ok)
    assert broken.problems[0].path == str(alias / "data" / "broken-draft.yaml")


def test_unreadable_and_odd_paths_are_reported_not_cached(
    library: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "lib" / "data" / "folder.yaml"
    folder.mkdir()
    missing = tmp_path / "lib" / "data" / "gone.yaml"
    odd = [folder, missing]
    cache = tmp_path / "cache"
    for _ in range(2):
        results = by_path(list(load_stream([*library, *odd], cache_dir=cache)))
        assert results == serial([*library, *odd])
    messages = {Path(r.path).name: r.problems[0].message for r in results if not r.ok}
    assert "not a regular file" in messages["folder.yaml"]
    assert "cannot read" in messages["gone.yaml"]


def test_a_briefing_msgpack_cannot_carry_still_loads(tmp_path: Path) -> None:
    text = (DATA / "protected-supply-review.yaml").read_bytes()
    big = tmp_path / "big.yaml"
    big.write_bytes(text + b"extensions: {huge: 123456789012345678901234567890}\n")
    age(big)
    expected = load_file(big)
    assert expected.briefing is not None and expected.briefing.extensions is not None
    cache = tmp_path / "cache"
    for workers in (0, 1):
        assert list(load_stream([big], cache_dir=cache, workers=workers)) == [expected]
    pool = WorkerPool(1, Limits())
    try:
        pool.submit([(7, str(big))])
        answers: list[Parsed] = []
        while pool.pending:
            answers += pool.poll(10)
    finally:
        pool.close()
    assert [(answer.index, answer.key, answer.result) for answer in answers] == [
        (7, None, expected)
    ]


def test_a_worker_that_dies_costs_only_the_file_it_was_reading(library: list[Path]) -> None:
    pool = WorkerPool(1, Limits(), chunk_size=4)
    try:
        pool.submit([(index, str(path)) for index, path in enumerate(library)])
        answers: list[Parsed] = []
        while not answers:
            answers += pool.poll(10)
        (pid,) = pool.pids
        os.kill(pid, signal.SIGKILL)
        while pool.pending:
            answers += pool.poll(10)
        assert pool.pids and pool.pids != [pid]
    finally:
        pool.close()
    assert sorted(answer.index for answer in answers) == list(range(len(library)))
    lost = [answer.result for answer in answers if answer.result is not None]
    assert len(lost) == 1 and lost[0] is not None
    assert "the reading process stopped on this file" in lost[0].problems[0].message
    assert f"signal {int(signal.SIGKILL)}" in lost[0].problems[0].message
    kept = [answer for answer in answers if answer.payload is not None]
    assert len(kept) == len(library) - 1


@pytest.mark.parametrize("executable", ["/nonexistent/python", "/bin/false"])
def test_without_workers_everything_is_parsed_here(
    library: list[Path], monkeypatch: pytest.MonkeyPatch, executable: str
) -> None:
    monkeypatch.setattr(sys, "executable", executable)
    assert by_path(list(load_stream(library, use_cache=False))) == serial(library)


def children() -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


def test_stopping_early_stops_the_workers(library: list[Path]) -> None:
    before = children()
    stream = load_stream(library, use_cache=False, workers=2)
    next(stream)
    assert children() - before
    stream.close()
    assert children() == before


def test_workers_never_import_the_ui() -> None:
    code = (
        "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
        "import briefing_tui.model.loading.workers; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    path = json.dumps([entry for entry in sys.path if entry])
    out = subprocess.run(
        [sys.executable, "-I", "-c", code, path], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_parse_file_gives_no_key_to_a_file_just_written(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.yaml"
    fresh.write_bytes((DATA / "protected-supply-review.yaml").read_bytes())
    result, key = parse_file(str(fresh), Limits())
    assert result == load_file(fresh) and key is None
    age(fresh)
    assert parse_file(str(fresh), Limits())[1] is not None
