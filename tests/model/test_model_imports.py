"""The model is pure Python (no Textual or Rich); start-up imports only what a first frame needs."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, pkgutil, sys
import briefing_tui.model as model
names = [m.name for m in pkgutil.walk_packages(model.__path__, "briefing_tui.model.")]
for name in names:
    __import__(name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"submodules": names, "ui": ui}))
"""


def test_importing_the_whole_model_loads_no_textual_or_rich() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert "briefing_tui.model.loading.loader" in report["submodules"]
    assert "briefing_tui.model.loading.yaml_reader" in report["submodules"]
    assert report["ui"] == []


def test_the_probe_would_notice_a_ui_import() -> None:
    """The same check, fed a module that does import Rich, fails as it should."""
    probe = "import rich.text\n" + PROBE
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert "rich.text" in json.loads(done.stdout.splitlines()[-1])["ui"]


START_PROBE = """
import json, sys
import briefing_tui.cli, briefing_tui.app
late = ["yaml", "briefing_tui.model.loading.loader", "briefing_tui.model.loading.stream",
        "briefing_tui.screens.briefing"]
print(json.dumps([name for name in late if name in sys.modules]))
"""


def test_the_reader_starts_without_the_yaml_loader_or_the_briefing_screen() -> None:
    """What the first frame does not need is imported after it (the loading
    thread imports the loader; opening a briefing imports its screen)."""
    done = subprocess.run(
        [sys.executable, "-c", START_PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


BUILT_PROBE = """
import json, sys
from pathlib import Path
from briefing_tui.app import BriefingApp
BriefingApp([Path("briefings")])  # the default configuration: no [keymap]
late = ["briefing_tui.screens.briefing", "briefing_tui.screens.help",
        "briefing_tui.screens.results", "briefing_tui.screens.problems"]
print(json.dumps([name for name in late if name in sys.modules]))
"""


def test_the_reader_built_without_a_keymap_imports_no_screen_it_does_not_show() -> None:
    """Only a ``[keymap]`` needs every binding id, which imports every screen; help,
    results and problems are imported when first opened."""
    done = subprocess.run(
        [sys.executable, "-c", BUILT_PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_loader_names_of_the_model_package_load_on_first_use() -> None:
    probe = (
        "import sys, briefing_tui.model as model\n"
        "before = 'yaml' in sys.modules\n"
        "print(before, model.load_file.__module__, 'yaml' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "briefing_tui.model.loading.loader", "True"]
