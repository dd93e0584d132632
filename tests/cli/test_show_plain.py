"""`briefing show --plain`: text a screen reader or braille display reads without noise."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import SEED, write_hostile

from briefing_tui.cli import main

BANNER = "TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE"


def plain(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    assert main(["show", *map(str, argv), "--plain"]) == 0
    return capsys.readouterr().out


def test_plain_has_headings_as_words_and_no_rules(capsys: pytest.CaptureFixture[str]) -> None:
    lines = plain(capsys, SEED).splitlines()
    assert lines[0] == lines[-1] == BANNER
    for heading in ("Section: Summary.", "Section: Incidents (9).", "Section: Sources (2)."):
        assert heading in lines
    assert "Part: Person (6)." in lines
    # No rules of = or -, no bullet dashes, no bracketed ids (each is read aloud).
    assert not [line for line in lines if set(line.strip()) <= {"=", "-"} and line.strip()]
    assert not [line for line in lines if line.lstrip().startswith("- ")]
    assert "[inc-" not in "\n".join(lines)
    assert any("(id inc-" in line for line in lines)


def test_plain_keeps_everything_the_text_output_says(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SEED)]) == 0
    text = capsys.readouterr().out
    words_of_plain = set(plain(capsys, SEED).split())
    for word in ("Jimmy", "Lai", "Severity:", "Sources:", "Carney", "(cited,"):
        assert word in text
        assert word in words_of_plain


def test_plain_output_of_a_hostile_file_stays_inert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = plain(capsys, write_hostile(tmp_path))
    assert "\x1b" not in out and "\u202e" not in out
    assert "␛" in out
