"""`briefing check`: one line per problem, a summary, and an exit status for scripts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import MINIMAL, SEED, write_file

from briefing_tui import __version__
from briefing_tui.cli import main

BROKEN = """\
schema: briefing/v1
id: brf-broken
title: Broken
date: "2026-13"
handling: {tlp: white}
summary: x
"""

UNKNOWN_KEY = MINIMAL.format(id="brf-unknown-key", title="Unknown key") + "colour: blue\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, list[str]]:
    status = main([str(arg) for arg in argv])
    return status, capsys.readouterr().out.splitlines()


def test_a_clean_file_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = run(capsys, "check", SEED)
    assert status == 0
    assert lines == ["checked 1 file: 0 with errors, 0 errors, 0 warnings"]


def test_errors_are_reported_with_position_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = write_file(tmp_path, "broken.yaml", BROKEN)
    status, lines = run(capsys, "check", SEED, broken)
    assert status == 1
    assert lines[:2] == [
        f"{broken}:4:7: error: date: '2026-13' is not a date: month 13 is not between 01 and 12",
        f"{broken}:5:17: error: handling.tlp: 'white' is not a TLP 2.0 label: clear, green,"
        " amber, amber+strict or red",
    ]
    assert lines[-1] == "checked 2 files: 1 with errors, 2 errors, 0 warnings"


def test_an_unknown_key_is_a_warning_and_strict_makes_it_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_file(tmp_path, "unknown.yaml", UNKNOWN_KEY)
    status, lines = run(capsys, "check", path)
    assert status == 0
    assert lines == [
        f"{path}:7:1: warning: colour: unknown field 'colour'; it is ignored",
        "checked 1 file: 0 with errors, 0 errors, 1 warning",
    ]
    status, lines = run(capsys, "check", "--strict", path)
    assert status == 1
    assert lines[0].startswith(f"{path}:7:1: error: colour: unknown field")
    assert lines[-1] == "checked 1 file: 1 with errors, 1 error, 0 warnings"


def test_folders_are_walked_and_duplicate_ids_across_files_are_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = write_file(tmp_path, "lib/a.yaml", MINIMAL.format(id="brf-same", title="First"))
    second = write_file(tmp_path, "lib/nested/b.yml", MINIMAL.format(id="brf-same", title="Second"))
    write_file(tmp_path, "lib/notes.txt", "not a briefing")
    status, lines = run(capsys, "check", first.parent)
    assert status == 1
    assert lines == [
        f"{second}:2:5: error: id: briefing id 'brf-same' is already used by {first};"
        " this file is skipped",
        "checked 2 files: 1 with errors, 1 error, 0 warnings",
    ]


def test_a_missing_path_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, lines = run(capsys, "check", tmp_path / "nowhere")
    assert status == 1
    assert lines[0].startswith(f"{tmp_path / 'nowhere'}:1:1: error: cannot open")


def test_json_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = write_file(tmp_path, "broken.yaml", BROKEN)
    unknown = write_file(tmp_path, "unknown.yaml", UNKNOWN_KEY)
    status = main(["check", "--format", "json", str(SEED), str(broken), str(unknown)])
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert (report["errors"], report["warnings"]) == (2, 1)
    files = {Path(entry["path"]).name: entry for entry in report["files"]}
    assert files[SEED.name] == {"path": str(SEED), "ok": True, "problems": []}
    assert files["broken.yaml"]["ok"] is False
    assert files["broken.yaml"]["problems"][0] == {
        "line": 4,
        "column": 7,
        "severity": "error",
        "field": "date",
        "message": "'2026-13' is not a date: month 13 is not between 01 and 12",
    }
    assert files["unknown.yaml"]["ok"] is True
    assert files["unknown.yaml"]["problems"][0]["severity"] == "warning"


def test_file_names_and_messages_cannot_send_escape_sequences(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_file(tmp_path, "evil\x1b]0;owned\x07.yaml", BROKEN.replace("Broken", "x\x1b[2Jy"))
    assert main(["check", str(path)]) == 1
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\x07" not in text
    assert "evil␛]0;owned␇.yaml:3:9: error: invalid YAML: control characters" in text
    assert main(["check", "--format", "json", str(path)]) == 1
    text = capsys.readouterr().out
    assert text.isascii() and "\x1b" not in text
    assert json.loads(text)["files"][0]["path"] == str(path)


def test_check_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


# --- the installed command ------------------------------------------------------------


def briefing_command(*argv: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    executable = shutil.which("briefing")
    assert executable is not None, "the briefing console script is not installed"
    return subprocess.run(
        [executable, *map(str, argv)],
        capture_output=True, text=True, timeout=60, check=False, input=stdin,
    )  # fmt: skip


def test_installed_command_version() -> None:
    result = briefing_command("--version")
    assert (result.returncode, result.stdout) == (0, f"briefing {__version__}\n")
    assert __version__ == "0.1.0"


def test_installed_command_exit_codes(tmp_path: Path) -> None:
    broken = write_file(tmp_path, "broken.yaml", BROKEN)
    clean = briefing_command("check", SEED)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.endswith("checked 1 file: 0 with errors, 0 errors, 0 warnings\n")
    failed = briefing_command("check", broken)
    assert failed.returncode == 1
    assert re.match(rf"{re.escape(str(broken))}:4:7: error: ", failed.stdout)
    usage = briefing_command("check", "--format", "xml", SEED)
    assert usage.returncode == 2
    assert "invalid choice: 'xml'" in usage.stderr


def test_check_and_help_do_not_import_textual() -> None:
    probe = (
        "import sys\n"
        "from briefing_tui.cli import main\n"
        f"status = main(['check', {str(SEED)!r}])\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(status, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"


UNSOURCED = MINIMAL.format(id="brf-unsourced", title="Unsourced") + (
    "incidents:\n  - id: inc-bare\n    title: Seen, with no source yet\n"
)


def test_an_unsourced_incident_is_a_note_that_strict_leaves_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_file(tmp_path, "unsourced.yaml", UNSOURCED)
    for flags in ([], ["--strict"]):
        status, lines = run(capsys, "check", *flags, path)
        assert status == 0, flags
        assert lines == [
            f"{path}:8:9: note: incidents[0]: incident 'inc-bare' is unsourced"
            " (no sources or quotes)",
            "checked 1 file: 0 with errors, 0 errors, 0 warnings, 1 note",
        ]
    status, lines = run(capsys, "check", "--strict", "--format", "json", path)
    document = json.loads("\n".join(lines))
    assert (document["errors"], document["warnings"], document["notes"]) == (0, 0, 1)
    assert document["files"][0]["problems"][0]["severity"] == "note"


def test_check_dash_reads_standard_input_named_stdin() -> None:
    result = briefing_command("check", "-", stdin=BROKEN)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("<stdin>:4:7: error: date: ")
    clean = briefing_command("check", "-", stdin=MINIMAL.format(id="brf-piped", title="Piped"))
    assert (clean.returncode, clean.stdout) == (
        0,
        "checked 1 file: 0 with errors, 0 errors, 0 warnings\n",
    )


def test_show_dash_reads_standard_input() -> None:
    result = briefing_command("show", "-", stdin=MINIMAL.format(id="brf-piped", title="Piped"))
    assert result.returncode == 0
    assert "Piped" in result.stdout.splitlines()[2]
    broken = briefing_command("show", "-", stdin=BROKEN)
    assert broken.returncode == 1 and broken.stderr.startswith("<stdin>:4:7: error:")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("chek", "check"), ("shwo", "show"), ("serach", "search"), ("chec", "check")],
)
def test_a_command_one_edit_away_is_suggested_not_opened_as_a_path(
    capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    assert main([typed, "briefings"]) == 2
    assert capsys.readouterr().err == (
        f"briefing: no command or path {typed!r}; did you mean {meant}?\n"
    )


def test_an_existing_path_named_like_a_typo_is_still_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chek").mkdir()
    from briefing_tui.cli import _mistyped_command

    assert _mistyped_command("chek") is None
    assert _mistyped_command("xyzzy") is None  # far from every command: a path for the reader


@pytest.mark.parametrize("command", ["show", "search"])
def test_usage_names_only_the_required_arguments(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main([command])
    assert info.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith(f"briefing {command}: error: the following arguments are required: ")
    assert "PATH" not in last


def test_a_width_that_is_not_a_number_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["show", str(SEED), "--width", "abc"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "briefing show: error: argument --width: the width must be a number of columns, not 'abc'"
    )
