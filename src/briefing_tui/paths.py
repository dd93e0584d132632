"""Where briefings are read from when no path is given on the command line.

In order: the folders and files in ``$BRIEFING_PATH`` (separated like ``$PATH``),
else ``./briefings`` when it is a folder, else the samples shipped inside the
package. Pure: the environment and the working folder are passed in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["ENV_VAR", "LOCAL_FOLDER", "default_paths", "samples_path"]

ENV_VAR = "BRIEFING_PATH"
"""The environment variable listing where briefings are."""

LOCAL_FOLDER = "briefings"
"""The folder, relative to the working folder, used when ``$BRIEFING_PATH`` is unset."""


def samples_path() -> Path:
    """The folder of sample briefings shipped inside the package."""
    from importlib.resources import files  # with tempfile and shutil: only when asked for

    return Path(str(files("briefing_tui") / "samples"))


def default_paths(environ: Mapping[str, str], cwd: Path) -> list[Path]:
    """The paths to read when none is given: ``$BRIEFING_PATH``, ``./briefings``, samples.

    Relative entries of ``$BRIEFING_PATH`` are taken from ``cwd``; empty entries
    are ignored, and a variable with no entry counts as unset.
    """
    entries = [entry for entry in environ.get(ENV_VAR, "").split(os.pathsep) if entry]
    if entries:
        return [cwd / entry for entry in entries]
    local = cwd / LOCAL_FOLDER
    if local.is_dir():
        return [local]
    return [samples_path()]
