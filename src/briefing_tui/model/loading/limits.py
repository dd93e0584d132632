"""The size limits of one file (their own module: the parse cache is keyed by them,
and reading it needs no YAML)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits for one file; each breach is a clear error."""

    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_string: int = 1024 * 1024
    max_nodes: int = 200_000
    """Every scalar, list and mapping is a node; building each costs a few microseconds,
    so this bounds the time any file takes to load (about a second)."""
