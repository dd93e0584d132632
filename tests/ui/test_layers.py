"""Screens and widgets present the session they are given: none imports the app; the
session itself runs without Textual.

Every import statement counts, wherever it stands: at the top, inside a function
(a late import) or under ``TYPE_CHECKING``. The package-wide layer contracts are
``lint-imports`` ([tool.importlinter] in pyproject.toml, run by .ci/run).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import briefing_tui

PACKAGE = Path(briefing_tui.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """The absolute name of every module ``source`` (the text of ``module``) imports."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield name
            yield from (f"{name}.{alias.name}" for alias in node.names)


def imports_of_the_app(source: str, module: str, *, is_package: bool = False) -> list[str]:
    app = "briefing_tui.app"
    found = imported_modules(source, module, is_package=is_package)
    return [name for name in found if name == app or name.startswith(app + ".")]


def test_no_module_of_the_screens_or_widgets_imports_the_app() -> None:
    checked, offenders = 0, []
    for folder in ("screens", "widgets"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            module = module_name(path)
            found = imports_of_the_app(
                path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
            )
            offenders += [f"{module} imports {name}" for name in found]
            checked += 1
    assert checked >= 15  # every screen and widget module was read
    assert offenders == []


def test_the_check_finds_an_import_of_the_app_however_it_is_written() -> None:
    module = "briefing_tui.screens.library"
    written = [
        "from ..app import BriefingApp",
        "from .. import app",
        "import briefing_tui.app",
        "from briefing_tui.app import run_app",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..app import BriefingApp",
        "def late() -> None:\n    from ..app import BriefingApp",
    ]
    for source in written:
        assert imports_of_the_app(source, module), source
    harmless = "from textual.app import App\nfrom ..application import x\nfrom . import app"
    assert imports_of_the_app(harmless, module) == []


SESSION_PROBE = """
import json, sys
import briefing_tui.session, briefing_tui.filtering, briefing_tui.views, briefing_tui.across
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))))
"""


def ui_modules_loaded_by(probe: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_the_session_and_the_state_it_holds_run_without_textual() -> None:
    """``ReaderSession`` is plain Python: the app makes its signals and hands them over
    (``textual.signal`` is imported for the type alone), so the session, the filter,
    the saved views and the entity index can be used and tested without a terminal."""
    assert ui_modules_loaded_by(SESSION_PROBE) == []


def test_the_session_probe_would_notice_textual() -> None:
    assert "textual.signal" in ui_modules_loaded_by("import textual.signal\n" + SESSION_PROBE)
