"""Every reader a test runs is built by ``make_app`` (tests/ui/support.py), as the
command builds it from a ``Config``: a test that calls ``BriefingApp(...)`` itself is
one more factory to keep in step (five such calls, in four files, grew back after the
first clean-up).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FACTORY = TESTS / "ui" / "support.py"


def app_constructions(source: str) -> list[int]:
    """The lines of ``source`` that call ``BriefingApp(...)`` (by name or as an attribute)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "BriefingApp":
                lines.append(node.lineno)
    return lines


def test_only_make_app_builds_the_reader_in_the_tests() -> None:
    checked, offenders = 0, []
    for path in sorted(TESTS.rglob("*.py")):
        if path == FACTORY:
            continue
        found = app_constructions(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(TESTS)}:{line}" for line in found]
        checked += 1
    assert checked >= 100  # every test module was read
    assert app_constructions(FACTORY.read_text(encoding="utf-8"))  # the factory itself
    assert offenders == []


def test_the_check_finds_a_reader_built_by_hand() -> None:
    assert app_constructions("app = BriefingApp([LIBRARY], config=config)") == [1]
    assert app_constructions("import briefing_tui.app as a\napp = a.BriefingApp([])") == [2]
    # A subprocess probe's text and the type in an annotation build nothing here.
    harmless = 'PROBE = "BriefingApp([])"\ndef f(app: BriefingApp) -> BriefingApp: ...'
    assert app_constructions(harmless) == []
