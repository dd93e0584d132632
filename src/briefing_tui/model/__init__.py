"""The headless core of briefing: the format, loading, validation, query and search.

Pure Python: nothing here imports Textual or Rich (a test enforces it), so every
rule can be tested without a terminal and reused by the command line.
"""

from .dates import PartialDate, Precision
from .header import BriefingHeader, header_of
from .library import BriefingLinks, Item, Library, load_library
from .loader import LOADER_VERSION, FileResult, find_files, load_briefing, load_bytes, load_file
from .problems import BriefingLoadError, Problem
from .types import (
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
from .yaml_reader import Limits

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
