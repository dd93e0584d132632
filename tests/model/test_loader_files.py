"""Loading files and folders: what is walked, what is refused, what never raises."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from loader_cases import MINIMAL, errors, only_error, replace_line

from briefing_tui.model import (
    BriefingLoadError,
    FileResult,
    Library,
    Problem,
    find_files,
    load_briefing,
    load_bytes,
    load_file,
    load_library,
)
from briefing_tui.model.loading import loader as loader_module


def briefing_text(identifier: str, date: str = "2018-12-10") -> str:
    text = replace_line(MINIMAL, "id:", f"id: brf-{identifier}")
    return replace_line(text, "date:", f"date: {date}")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def finishes(work: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Run ``work`` in a thread; fail (instead of hanging) if it blocks."""
    outcome: list[Any] = []
    thread = threading.Thread(target=lambda: outcome.append(work()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the loader blocked"
    assert outcome, "the loader raised"
    return outcome[0]


def found_names(root: Path) -> list[str]:
    return [
        str(found.relative_to(root)) if isinstance(found, Path) else f"problem:{found.path}"
        for found in find_files([root])
    ]


# --- walking folders --------------------------------------------------------------


def test_folders_are_walked_recursively_for_yaml_and_yml_in_a_stable_order(
    tmp_path: Path,
) -> None:
    write(tmp_path / "b.yaml", briefing_text("b"))
    write(tmp_path / "a" / "deep" / "c.yml", briefing_text("c"))
    write(tmp_path / "a" / "d.yaml", briefing_text("d"))
    write(tmp_path / "notes.txt", "not a briefing")
    write(tmp_path / "README.md", "# not a briefing")
    write(tmp_path / "e.yaml.bak", "not a briefing")
    assert found_names(tmp_path) == ["a/d.yaml", "a/deep/c.yml", "b.yaml"]
    library = load_library([tmp_path])
    assert sorted(b.id for b in library) == ["brf-b", "brf-c", "brf-d"]
    assert library.broken == []


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "x.yaml", "broken: [")
    write(tmp_path / ".hidden.yaml", "broken: [")
    write(tmp_path / "sub" / ".cache" / "y.yaml", "broken: [")
    write(tmp_path / "sub" / "ok.yaml", briefing_text("ok"))
    assert found_names(tmp_path) == ["sub/ok.yaml"]


def test_a_named_file_is_loaded_whatever_its_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "briefing.txt", briefing_text("txt"))
    assert [b.id for b in load_library([path])] == ["brf-txt"]


def test_a_folder_named_like_a_yaml_file_is_walked_not_read(tmp_path: Path) -> None:
    write(tmp_path / "x.yaml" / "inner.yaml", briefing_text("inner"))
    assert found_names(tmp_path) == ["x.yaml/inner.yaml"]
    assert [b.id for b in load_library([tmp_path])] == ["brf-inner"]
    problem = only_error(load_file(tmp_path / "x.yaml"))
    assert "not a regular file" in problem.message


@pytest.mark.parametrize("name", ["nul\x00byte.yaml", "x" * 5000])
def test_impossible_paths_are_problems_not_exceptions(tmp_path: Path, name: str) -> None:
    assert "cannot read" in only_error(load_file(tmp_path / name)).message
    (broken,) = load_library([tmp_path / name]).broken
    assert "cannot open" in broken.problems[0].message


def test_a_missing_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    library = load_library([tmp_path / "nowhere"])
    (broken,) = library.broken
    assert "cannot open" in broken.problems[0].message


# --- refusing what is not a regular file ------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    write(tmp_path / "ok.yaml", briefing_text("ok"))
    result = finishes(lambda: load_file(fifo))
    assert "not a regular file" in only_error(result).message
    library = finishes(lambda: load_library([tmp_path]))
    assert [b.id for b in library] == ["brf-ok"]
    assert [r.path for r in library.broken] == [str(fifo)]


def test_a_fifo_swapped_in_after_the_stat_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is checked again on the open descriptor (opened non-blocking)."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    regular = write(tmp_path / "regular.yaml", briefing_text("r"))
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: real_stat(regular))
    result = finishes(lambda: load_file(fifo))
    assert "not a regular file" in only_error(result).message


def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    result = finishes(lambda: load_file(link))
    assert "not a regular file" in only_error(result).message
    library = finishes(lambda: load_library([tmp_path]))
    assert len(library.broken) == 1


def test_a_symlink_loop_is_survived(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "ok.yaml", briefing_text("ok"))
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    library = finishes(lambda: load_library([tmp_path]))
    assert [b.id for b in library] == ["brf-ok"]
    assert [Path(r.path).name for r in library.broken] == ["self.yaml"]
    assert "Too many levels of symbolic links" in library.broken[0].problems[0].message


def test_the_same_folder_given_twice_is_walked_once(tmp_path: Path) -> None:
    write(tmp_path / "ok.yaml", briefing_text("ok"))
    assert found_names(tmp_path) == ["ok.yaml"]
    assert len(list(find_files([tmp_path, tmp_path]))) == 1


def test_an_unreadable_file_is_handled(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.yaml", briefing_text("locked"))
    path.chmod(0)
    try:
        result = load_file(path)
        if os.access(path, os.R_OK):  # root reads it anyway
            assert result.ok
        else:
            assert "cannot read: Permission denied" in only_error(result).message
    finally:
        path.chmod(0o644)


# --- one bad file does not stop the others ----------------------------------------


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path / "1.yaml", briefing_text("one", "2019"))
    bad = write(tmp_path / "2.yaml", briefing_text("two") + "status: finall\ntitle: again\n")
    write(tmp_path / "3.yaml", briefing_text("three", "2020-05"))
    write(tmp_path / "4.yaml", "\x00\x01 binary junk")
    library = load_library([tmp_path])
    assert [b.id for b in library] == ["brf-three", "brf-one"]  # newest first
    assert [Path(r.path).name for r in library.broken] == ["2.yaml", "4.yaml"]
    first = library.broken[0].errors[0]
    assert first.format() == (
        f"{bad}:7:9: error: status: 'finall' is not one of draft, final, superseded,"
        " withdrawn (did you mean 'final'?)"
    )


def test_a_briefing_id_used_twice_keeps_the_first_file(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", briefing_text("same"))
    write(tmp_path / "b.yaml", briefing_text("same"))
    library = load_library([tmp_path])
    assert len(library) == 1 and library.path_of("brf-same") == str(first)
    (broken,) = library.broken
    assert f"already used by {first}" in broken.problems[0].message


def test_of_two_files_with_one_id_the_path_that_sorts_first_wins_in_any_order(
    tmp_path: Path,
) -> None:
    first = write(tmp_path / "a.yaml", briefing_text("same"))
    second = write(tmp_path / "B.yaml", "# a comment first\n" + briefing_text("same"))
    for order in ([first, second], [second, first]):
        library = Library.from_results([load_file(path) for path in order])
        assert len(library) == 1 and library.path_of("brf-same") == str(first), order
        (broken,) = library.broken
        (clash,) = broken.errors
        assert broken.path == str(second)
        assert (clash.line, clash.column, clash.field) == (3, 5, "id")
        assert clash.message == (
            f"briefing id 'brf-same' is already used by {first}; this file is skipped"
        )
        assert [r.path for r in library.results] == [str(p) for p in order]


def test_library_from_results_keeps_every_outcome() -> None:
    good = load_bytes("g.yaml", MINIMAL.encode())
    bad = load_bytes("b.yaml", b"[")
    library = Library.from_results([good, bad])
    assert [r.path for r in library.results] == ["g.yaml", "b.yaml"]
    assert library.get("brf-minimal") is good.briefing


# --- the only exception that can escape -------------------------------------------


@pytest.mark.parametrize(
    "error",
    [ValueError("boom"), RecursionError(), KeyError("k"), TypeError("t"), MemoryError()],
)
def test_load_bytes_turns_any_internal_failure_into_a_problem(
    monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def explode(*args: object) -> object:
        raise error

    monkeypatch.setattr(loader_module, "_briefing_converter", lambda: explode)
    result = load_bytes("x.yaml", MINIMAL.encode())
    problem = only_error(result)
    assert (problem.path, problem.line, problem.column) == ("x.yaml", 1, 1)
    with pytest.raises(BriefingLoadError) as caught:
        load_briefing_from_bytes(monkeypatch, MINIMAL.encode())
    assert caught.value.problems == result.problems


def load_briefing_from_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> object:
    """``load_briefing`` on a file holding ``data`` (without touching the disk)."""
    monkeypatch.setattr(
        loader_module, "load_file", lambda path, limits=None: load_bytes("x.yaml", data)
    )
    return load_briefing("x.yaml")


@pytest.mark.parametrize("kind", ["missing", "folder", "broken"])
def test_load_briefing_raises_only_briefing_load_error(tmp_path: Path, kind: str) -> None:
    path = {
        "missing": tmp_path / "missing.yaml",
        "folder": tmp_path,
        "broken": write(tmp_path / "broken.yaml", "title: [unclosed\n"),
    }[kind]
    with pytest.raises(BriefingLoadError) as caught:
        load_briefing(path)
    assert caught.value.problems
    assert str(caught.value) == caught.value.problems[0].format()


def test_load_briefing_returns_the_briefing(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.yaml", MINIMAL)
    assert load_briefing(path).id == "brf-minimal"


def test_a_load_error_lists_errors_not_warnings(tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", MINIMAL + "titel: x\nstatus: nope\n")
    with pytest.raises(BriefingLoadError) as caught:
        load_briefing(path)
    assert [p.severity for p in caught.value.problems] == ["error"]


def test_file_result_sorts_problems_by_severity_views() -> None:
    result = load_bytes("w.yaml", (MINIMAL + "titel: x\nstatus: nope\n").encode())
    assert isinstance(result, FileResult)
    assert [p.field for p in result.warnings] == ["titel"]
    assert [p.field for p in result.errors] == ["status"]
    assert not result.ok
    assert all(isinstance(p, Problem) for p in errors(result))
