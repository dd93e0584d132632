"""`briefing read`: the line-by-line reader, driven by commands on standard input."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import SEED, SEED_ID, write_hostile

from briefing_tui.cli import main
from briefing_tui.model.sanitize import sanitize_line

BANNER = "TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE"
RUN_MAIN = "from briefing_tui.cli import main; raise SystemExit(main())"


def read(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    commands: str,
    *argv: str | Path,
) -> tuple[int, list[str]]:
    """Run ``briefing read`` on ``argv`` with ``commands`` as its input; the answers.

    The input is no terminal, so each prompt line holds the echoed command; the answers
    are the text between them (the first is the opening, the last the closing banner).
    """
    monkeypatch.setattr(sys, "stdin", io.StringIO(commands))
    status = main(["read", *map(str, argv)])
    out = capsys.readouterr().out
    commands_echoed = re.findall(r"(?m)^> (.*)$", out)
    expected = [sanitize_line(command) for command in commands.splitlines()]
    assert commands_echoed == [*expected, ""][: len(commands_echoed)]
    return status, re.split(r"(?m)^> .*\n", out)


def test_a_scripted_session_moves_through_panes_items_and_sources(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, answers = read(capsys, monkeypatch, "2\nn\np\np\ns\n3\nq\n", SEED)
    opening, incidents, second, first, edge, sources, quotes, end = answers
    assert status == 0
    assert opening.splitlines()[0] == BANNER
    assert "It has 9 incidents, 3 quotes, 2 sources, 19 entities." in opening
    assert incidents.startswith("Pane 2: Incidents, 9 incidents.\n\nIncident 1 of 9.\n")
    assert "Two Michaels" in incidents
    assert second.startswith("Incident 2 of 9.\n2. Interference in Canadian elections")
    assert first.startswith("Incident 1 of 9.")
    assert edge.startswith("That was the first incident; Incident 1 of 9.")
    assert sources.startswith("1 source:\nCanada's Security Cooperation with China")
    assert quotes.startswith("Pane 3: Quotes, 3 quotes.\n\nQuote 1 of 3.")
    assert end == BANNER + "\n"  # the banner is the last line too


def test_find_goes_to_the_next_item_holding_the_text_across_panes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = "/jimmy lai\n/\n/\n/\n/\n/\n/no such words\nq\n"
    _, answers = read(capsys, monkeypatch, commands, SEED)
    _, found, *again, missing, _ = answers
    assert found.startswith("Found in Incidents.\nIncident 6 of 9.\n6. Jimmy Lai imprisoned")
    assert [answer.splitlines()[1] for answer in again] == [
        "Incident 7 of 9.",  # names incident 6 among its related items
        "Quote 2 of 3.",  # Anand's paraphrase
        "Entity 5 of 19.",  # Anita Anand (her title names Jimmy Lai)
        "Entity 17 of 19.",  # Jimmy Lai
        "Incident 6 of 9.",  # round again
    ]
    assert missing.startswith("No item holds “no such words”.")


def test_the_summary_pane_list_help_and_unknown_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, answers = read(capsys, monkeypatch, "1\nn\n4\nl\nh\nxyz\n", SEED, "--width", "60")
    _, summary, no_items, _, listing, help_text, unknown, end = answers
    assert "Section: Summary." in summary
    assert "=====" not in summary and "-----" not in summary
    assert all(len(line) <= 60 or " " not in line.strip() for line in summary.splitlines())
    assert no_items.startswith("The summary has no items")
    assert listing.splitlines()[0] == "Sources, 2 sources:"
    assert "/TEXT  find the next item" in help_text
    assert unknown.startswith("Unknown command “xyz”.")
    assert end == BANNER + "\n"  # the end of input ends the session like q


def test_read_finds_an_id_and_fails_like_show(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    status, answers = read(capsys, monkeypatch, "q\n", SEED_ID, SEED.parent)
    assert status == 0 and answers[0].startswith(BANNER)
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert main(["read", "brf-nothing-here", str(tmp_path)]) == 1
    assert "no loadable briefing with id brf-nothing-here" in capsys.readouterr().err


def test_a_hostile_file_reads_as_inert_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    status, answers = read(
        capsys, monkeypatch, "2\ns\n3\nn\n/\x1b[2J\nq\n", write_hostile(tmp_path)
    )
    text = "> ".join(answers)
    assert status == 0
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "␛" in text


def test_it_works_in_a_pipe_on_a_dumb_terminal() -> None:
    environment = {**os.environ, "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", RUN_MAIN, "read", str(SEED)],
        input="2\nn\nq\n",
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Incident 2 of 9." in done.stdout
    assert "\x1b" not in done.stdout  # no escape sequence at all: a teletype could print it
    lines = done.stdout.splitlines()
    assert lines[0] == lines[-1] == BANNER
    assert lines[-2] == "> q"  # each command is echoed after its prompt in a pipe


def test_the_line_reader_imports_neither_textual_nor_rich() -> None:
    probe = "import sys, briefing_tui.teletype; print(sorted({'textual', 'rich'} & {*sys.modules}))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"  # starts at once over a slow link, works without a TUI


def test_read_refuses_standard_input_as_the_briefing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", "-"]) == 2  # standard input carries the commands
    assert "give a file or an id, not -" in capsys.readouterr().err
