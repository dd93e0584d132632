"""The headless core of briefing: the format, loading, validation, query and search.

Pure Python: nothing here imports Textual or Rich (a test enforces it), so every
rule can be tested without a terminal and reused by the command line.

The YAML loader (``loader``, ``yaml_reader`` and PyYAML behind them) is imported
on first use of one of its names, not with this package: the reader paints its
first frame before it reads any file, and a warm start may never parse one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .format.dates import PartialDate, Precision
from .format.header import BriefingHeader, header_of
from .format.problems import BriefingLoadError, Problem
from .format.result import FileResult
from .format.types import (
    Actor,
    Author,
    Briefing,
    Entity,
    Handling,
    Incident,
    Note,
    Quote,
    Source,
    Summary,
    When,
)
from .library import BriefingLinks, Item, Library, load_library

if TYPE_CHECKING:
    from .loading.loader import LOADER_VERSION, find_files, load_briefing, load_bytes, load_file
    from .loading.yaml_reader import Limits

_LOADED_ON_USE = {
    "LOADER_VERSION": "loading.loader",
    "find_files": "loading.loader",
    "load_briefing": "loading.loader",
    "load_bytes": "loading.loader",
    "load_file": "loading.loader",
    "Limits": "loading.yaml_reader",
}


def __getattr__(name: str) -> Any:
    """The loader's names, imported when first asked for (see the module doc)."""
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "LOADER_VERSION",
    "Actor",
    "Author",
    "Briefing",
    "BriefingHeader",
    "BriefingLinks",
    "BriefingLoadError",
    "Entity",
    "FileResult",
    "Handling",
    "Incident",
    "Item",
    "Library",
    "Limits",
    "Note",
    "PartialDate",
    "Precision",
    "Problem",
    "Quote",
    "Source",
    "Summary",
    "When",
    "find_files",
    "header_of",
    "load_briefing",
    "load_bytes",
    "load_file",
    "load_library",
]
