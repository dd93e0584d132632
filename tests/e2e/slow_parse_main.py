"""Run ``briefing`` (under the audit hooks of ``audited_main.py``) with a parse that takes
a minute: the reader's one-file parse reads the file again and again, and the first
read creates the file named by ``$BRIEFING_PARSE_STARTED``, so a test knows the parse is
under way before it presses ``q``. Used only by tests/e2e/test_big_files_quit.py."""

from __future__ import annotations

import os
import runpy
import time
from pathlib import Path

from briefing_tui.model.format.result import FileResult
from briefing_tui.model.loading import workers
from briefing_tui.model.loading.cache import FileKey
from briefing_tui.model.loading.yaml_reader import Limits

PARSE_SECONDS = 60.0

real_parse_file = workers.parse_file


def slow_parse_file(
    path: str, limits: Limits, *, index: bool = True
) -> tuple[FileResult, FileKey | None]:
    Path(os.environ["BRIEFING_PARSE_STARTED"]).touch()
    ends = time.monotonic() + PARSE_SECONDS
    result = real_parse_file(path, limits, index=index)
    while time.monotonic() < ends:  # real parsing, on the loader's thread, all along
        result = real_parse_file(path, limits, index=index)
    return result


vars(workers)["parse_file"] = slow_parse_file  # what load_stream calls for one file

runpy.run_path(str(Path(__file__).with_name("audited_main.py")), run_name="__main__")
