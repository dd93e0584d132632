"""``bench/generate.py`` (the synthetic library generator) as a module, for the tests.

``bench`` is not a package: the module is loaded by path, once, under one name.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

GENERATOR_PATH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def load_generator() -> ModuleType:
    """``bench/generate.py`` as a module (bench is not a package)."""
    name = "briefing_bench_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, GENERATOR_PATH)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
