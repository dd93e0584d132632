"""The model is pure Python: importing all of it loads no Textual and no Rich."""

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
    assert "briefing_tui.model.loader" in report["submodules"]
    assert "briefing_tui.model.yaml_reader" in report["submodules"]
    assert report["ui"] == []


def test_the_probe_would_notice_a_ui_import() -> None:
    """The same check, fed a module that does import Rich, fails as it should."""
    probe = "import rich.text\n" + PROBE
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert "rich.text" in json.loads(done.stdout.splitlines()[-1])["ui"]
