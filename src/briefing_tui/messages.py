"""Messages from the loading worker to the app: small dataclasses, posted from a thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from .model import FileResult

__all__ = ["FilesFound", "FilesLoaded", "LoadingFinished"]


@dataclass
class FilesFound(Message):
    """Discovery is done: ``total`` files will load."""

    total: int


@dataclass
class FilesLoaded(Message):
    """A batch of files finished loading (good and broken alike)."""

    results: list[FileResult]


@dataclass
class LoadingFinished(Message):
    """Every file has been loaded."""
