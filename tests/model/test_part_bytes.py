"""A briefing's index part is the same bytes in every process: the kept index records
each part's digest, and a start whose digests differ re-indexes those briefings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).parents[2] / "briefings" / "canada-china-security-cooperation.yaml"
LIBRARY = Path(__file__).parents[1] / "data" / "library"

PRINT_DIGESTS = """
import hashlib, sys
from briefing_tui.model.loading.loader import load_file
from briefing_tui.model.search.part import part_bytes
for path in sys.argv[1:]:
    print(hashlib.sha256(part_bytes(load_file(path).briefing)).hexdigest())
"""


def digests(hash_seed: str, paths: list[Path]) -> list[str]:
    environ = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-c", PRINT_DIGESTS, *map(str, paths)]
    done = subprocess.run(command, env=environ, capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.parametrize("hash_seed", ["1", "2", "3"])
def test_a_part_is_the_same_bytes_whatever_the_string_hashing(hash_seed: str) -> None:
    paths = [SEED, *sorted(p for p in LIBRARY.glob("*.yaml") if "broken" not in p.name)]
    assert digests(hash_seed, paths) == digests("0", paths)
