"""`q` ends the real program within a second, whatever the file: large valid files
(issue 17, item 4) and one far over the node limit, each opened alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .pty_app import PtyApp, base_environment

QUIT_WITHIN = 1.0
"""Seconds from `q` to the program's end."""

HEAD = 'schema: briefing/v1\nid: brf-big\ntitle: Big\ndate: "2026"\nhandling: {tlp: clear}\n'
SOURCE = "sources:\n  - {id: src-a, kind: article, title: A}\n"

FILES = {
    "refs": HEAD + "summary: S.\n" + SOURCE + "incidents:\n  - id: inc-a\n    title: T\n"
    "    sources: [" + ", ".join(["src-a"] * 10_000) + "]\n",
    "cited": HEAD
    + "summary: S.\n"
    + SOURCE
    + "incidents:\n"
    + "".join(f"  - {{id: inc-{i}, title: T, sources: [src-a]}}\n" for i in range(5_000)),
    "tags": HEAD + "summary: S.\ntags: [" + ", ".join(f"t{i}" for i in range(190_000)) + "]\n",
    "near-limit": HEAD
    + "summary: S.\nincidents:\n"
    + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(38_000)),
    "over-limit": HEAD
    + "summary: S.\nincidents:\n"
    + "".join(f"  - {{id: inc-{i}, title: T}}\n" for i in range(100_000)),
}


@pytest.mark.parametrize("name", list(FILES))
def test_q_ends_the_reader_within_a_second(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(FILES[name], encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    app = PtyApp(["--no-cache", str(path)], base_environment(home), cwd=home)
    app.wait_for(b"TLP:")
    app.send(b"q")
    sent = time.monotonic()
    assert app.finish() == 0
    took = time.monotonic() - sent
    assert took < QUIT_WITHIN, f"quitting took {took:.1f} s"
