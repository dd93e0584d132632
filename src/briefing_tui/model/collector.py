"""Python's cycle collector paused while a large, long-lived structure is built.

Shared by the loader (a file's YAML nodes and Structs) and the search index kept between
starts (a library's worth of columns): its own module, so that neither sub-package
imports the other for it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's objects are built.

    Loading makes hundreds of thousands of small objects (YAML nodes, Structs) and
    keeps them all; each collection of the older generations walks every one made so
    far, which made a large file's load grow faster than its size (38,000 tiny incidents:
    1.8 s of CPU, 0.5 s without the collector). Reference counting still frees what
    loading throws away; cycles wait for the next collection. Whoever paused it resumes
    it, so two threads loading at once leave it running."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
