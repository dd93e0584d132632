"""`briefing search`: matching items one per line or as JSON, and grep-like exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import SEED, SEED_ID, write_file, write_hostile

from briefing_tui.cli import main
from briefing_tui.model import load_file
from briefing_tui.model.search.index import SearchIndex

DATED = """\
schema: briefing/v1
id: brf-dated
title: Détentions
date: "2021-06-30"
handling: {tlp: amber}
summary: Dated events.
sources:
  - {id: src-a, kind: article, title: La Gazette, publisher: Éditions Boréal, published: "2018"}
entities:
  - {id: ent-josee, kind: person, name: Josée Müller}
incidents:
  - {id: inc-arrest, title: Arrest of Josée Müller, when: "2018-12", severity: high,
     actors: [{entity: ent-josee, role: victim}], sources: [src-a]}
  - {id: inc-hearing, title: Closed hearing, when: {start: "2019-03", end: "2020"}}
quotes:
  - id: q-long
    kind: paraphrase
    source: src-a
    speaker: ent-josee
    said: "2019-01-05"
    text: >-
      She said that the detention, which lasted many weeks, was a warning to every other
      journalist in the city.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, list[str], str]:
    """The status, the lines printed (between the banner lines, in text) and stderr."""
    status = main(["search", *(str(arg) for arg in argv)])
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    if lines and "json" not in argv:
        assert lines[0] == lines[-1] and lines[0].startswith("TLP:"), lines
        lines = lines[1:-1]
    return status, lines, captured.err


def test_lai_in_the_seed_prints_the_incident_and_the_quote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, lines, _ = run(capsys, "lai", SEED)
    assert status == 0
    assert lines == [
        f"{SEED_ID}/inc-jimmy-lai-sentence  recent  high  "
        "Jimmy Lai imprisoned for 20 years under China's national security law",
        f"{SEED_ID}/q-anand-jimmy-lai  recently  paraphrase  "
        "Expressed Canada's disappointment with China's decision to imprison Jimmy Lai…",
    ]


def test_columns_show_dates_and_labels_or_a_dash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, lines, _ = run(capsys, "date:2018..2019", write_file(tmp_path, "d.yaml", DATED))
    assert status == 0
    assert lines == [
        "brf-dated/inc-arrest  2018-12  high  Arrest of Josée Müller",
        "brf-dated/inc-hearing  2019-03..2020  -  Closed hearing",
        "brf-dated/q-long  2019-01-05  paraphrase  "
        "She said that the detention, which lasted many weeks, was a warning to every…",
    ]


def test_nothing_matching_exits_1_with_no_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = run(capsys, "severity:critical zzz", SEED)
    assert (status, lines, err) == (1, [], "")


def test_an_invalid_query_exits_2_and_points_at_the_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, lines, err = run(capsys, "lai severty:high", SEED)
    assert status == 2
    assert lines == []
    assert err.splitlines() == [
        'briefing: query error at column 5: unknown field "severty" (did you mean "severity"?)',
        "  lai severty:high",
        "      ^^^^^^^",
    ]


def test_control_characters_in_the_query_cannot_reach_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "\x1b[31m (", SEED)
    assert status == 2
    assert "\x1b" not in err
    query, caret = err.splitlines()[1:]
    assert caret.index("^") == query.index("(")


def test_kind_chooses_what_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    _, entities, _ = run(capsys, "lai", SEED, "--kind", "entities")
    assert entities == [
        f"{SEED_ID}/ent-jimmy-lai  -  person  Jimmy Lai",
        f"{SEED_ID}/ent-national-security-law  -  law  National security law",  # its text names Lai
    ]
    _, briefings, _ = run(capsys, "lai", SEED, "--kind", "briefings")
    assert [line.split("  ")[:3] for line in briefings] == [[SEED_ID, "2026-11", "final"]]
    _, both, _ = run(capsys, "lai", SEED, "--kind", "sources", "--kind", "briefings")
    assert [line.split("  ")[0] for line in both] == [SEED_ID]
    _, everything, _ = run(capsys, "lai", SEED, "--kind", "all")
    assert len(everything) == 1 + 2 + len(entities)


def test_json_lists_every_match_with_its_fields(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_file(tmp_path, "d.yaml", DATED)
    status, lines, _ = run(capsys, "muller", path, "--format", "json")
    assert status == 0
    document = json.loads("\n".join(lines))
    assert document["query"] == "muller"
    assert document["count"] == 2
    first, second = document["items"]
    assert first == {
        "ref": "brf-dated/inc-arrest",
        "briefing": "brf-dated",
        "briefing_title": "Détentions",
        "path": str(path),
        "kind": "incident",
        "id": "inc-arrest",
        "date": "2018-12",
        "severity": "high",
        "text": "Arrest of Josée Müller",
        "banner": "TLP:AMBER",
    }
    assert document["banner"] == "TLP:AMBER"
    assert second["quote_kind"] == "paraphrase"
    assert second["text"].endswith("journalist in the city.")  # not cut
    assert all(ord(char) < 128 for char in "\n".join(lines))  # escaped, so inert


def test_json_with_nothing_matching_is_an_empty_list_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, lines, _ = run(capsys, "zzz", SEED, "--format", "json")
    assert status == 1
    assert json.loads("\n".join(lines))["items"] == []


def test_text_from_files_is_sanitised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, lines, _ = run(capsys, "inc", write_hostile(tmp_path), "--kind", "all")
    assert status == 0
    output = "\n".join(lines)
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "brf-hostile/inc-a  -  -  Inc ␛[31m" in lines


def test_files_that_do_not_load_are_reported_but_do_not_stop_the_search(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_file(tmp_path, "good.yaml", DATED)
    write_file(tmp_path, "bad.yaml", "schema: briefing/v1\nid: nope\n")
    status, lines, err = run(capsys, "hearing", tmp_path)
    assert status == 0
    assert lines == ["brf-dated/inc-hearing  2019-03..2020  -  Closed hearing"]
    assert "could not load" in err and "bad.yaml" in err


def test_without_a_path_it_searches_the_briefing_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file(tmp_path, "d.yaml", DATED)
    monkeypatch.setenv("BRIEFING_PATH", str(tmp_path))
    status, lines, _ = run(capsys, "hearing")
    assert status == 0
    assert [line.split("  ")[0] for line in lines] == ["brf-dated/inc-hearing"]


@pytest.mark.parametrize(
    "query", ["severity:>=high", "-has:source", "china OR canada", "actor:prc -role:victim", ""]
)
def test_the_command_line_agrees_with_the_index_the_reader_uses(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    briefing = load_file(SEED).briefing
    assert briefing is not None
    expected = [e.ref for e in SearchIndex.build([briefing]).search(query).entries()]
    expected = [ref for ref in expected if "/inc-" in ref or "/q-" in ref]
    _, lines, _ = run(capsys, "--", query, SEED)
    assert [line.split("  ")[0] for line in lines] == expected


def test_a_query_starting_with_a_dash_goes_after_a_double_dash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, lines, _ = run(capsys, "--kind", "entities", "--", "-has:source", SEED)
    assert status == 0
    assert (
        f"{SEED_ID}/ent-prc  -  government  Government of the People's Republic of China" in lines
    )


def test_the_installed_command_exits_like_grep(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from briefing_tui.cli import main; "
               "sys.exit(main(sys.argv[1:]))", "search"]  # fmt: skip
    found = subprocess.run([*command, "lai", str(SEED)], capture_output=True, text=True)
    assert (found.returncode, len(found.stdout.splitlines())) == (0, 2 + 2)  # and 2 banners
    missing = subprocess.run([*command, "zzz", str(SEED)], capture_output=True, text=True)
    assert (missing.returncode, missing.stdout) == (1, "")
    invalid = subprocess.run([*command, "(", str(SEED)], capture_output=True, text=True)
    assert invalid.returncode == 2
    assert "query error at column 1" in invalid.stderr


PROGRAM = """\
import atexit, os, sys, threading, time
atexit.register(lambda: print("exit functions ran", file=sys.stderr))
if "--thread" in sys.argv:
    sys.argv.remove("--thread")
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
real_exit = os._exit
def ended(status):
    print("ended at once", file=sys.stderr)
    real_exit(status)
os._exit = ended
from briefing_tui.cli import main
raise SystemExit(main())
"""


@pytest.mark.parametrize("thread", [False, True], ids=["alone", "a thread left"])
def test_the_program_ends_at_once_with_its_output_whole_and_its_exit_functions_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    thread: bool,
) -> None:  # fmt: skip
    """Run as the program, ``briefing search`` ends the process once its output is out,
    without freeing what it built (``search_cli.end_program``): every byte still reaches
    a pipe or a file, the exit status is grep's, the exit functions run; with another
    thread running it returns as any program does."""
    from generator_support import load_generator

    root = tmp_path / "library"
    load_generator().generate_library(root, briefings=12, incidents=4, quotes=3)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    expected = {}
    for query in ("a", "zzz", "-has:source"):
        status = main(["search", "--kind", "all", "--", query, str(root)])
        expected[query] = (status, capsys.readouterr().out)
    assert len(expected["a"][1]) > 2 * 8192 and expected["zzz"] == (1, "")
    extra = ["--thread"] if thread else []
    for query, (status, out) in expected.items():
        command = [sys.executable, "-c", PROGRAM, *extra, "search", "--kind", "all", "--",
                   query, str(root)]  # fmt: skip
        piped = subprocess.run(command, capture_output=True, text=True)
        with (tmp_path / "out.txt").open("w") as file:
            written = subprocess.run(command, stdout=file, stderr=subprocess.PIPE, text=True)
        for ran in (piped, written):
            assert ran.returncode == status
            assert ran.stderr.count("exit functions ran") == 1
            assert ("ended at once" in ran.stderr) is not thread
        assert piped.stdout == (tmp_path / "out.txt").read_text() == out
