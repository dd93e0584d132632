"""`briefing show` and `briefing schema`: documents for pipes, printing and screen readers."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from cli_support import MINIMAL, SEED, SEED_ID, write_file, write_hostile
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing_tui.cli import main

BANNER = "TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE"


def show(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main(["show", *map(str, argv)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def unsafe_characters(text: str) -> set[str]:
    """Characters a terminal could act on: controls other than newline, format chars."""
    return {
        char
        for char in text
        if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")
    }


def test_text_has_the_banner_first_and_last(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = show(capsys, SEED)
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == lines[-1] == BANNER
    assert "Canada's Security Cooperation with China Raises Alarms" in out
    for heading in ("SUMMARY", "INCIDENTS (9)", "QUOTES (3)", "SOURCES (2)", "NOTES (4)"):
        assert heading in lines
    assert "Person (6)" in lines  # entities are grouped by kind


def test_text_wraps_to_the_width_and_defaults_to_80_in_a_pipe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv, width in ((["--width", "50"], 50), ([], 80)):  # captured output is no terminal
        _, out, _ = show(capsys, SEED, *argv)
        lines = out.splitlines()
        # Only a single word longer than the line (an id after an indent) may stick out.
        assert all(len(line) <= width or " " not in line.strip() for line in lines)
        assert max(len(line) for line in lines if " " in line.strip()) >= width - 5


def test_a_too_narrow_width_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["show", str(SEED), "--width", "5"])
    assert exit_info.value.code == 2
    assert "the width must be at least 20" in capsys.readouterr().err


def test_paraphrases_are_never_in_quotation_marks(capsys: pytest.CaptureFixture[str]) -> None:
    for output in ("text", "markdown"):
        _, out, _ = show(capsys, SEED, "--width", "400", "--format", output)
        assert "Paraphrase (Mark Carney): Identified China as Canada" in out
        assert "Paraphrase (Anita Anand): Expressed Canada" in out
        for paraphrase in ("Identified China as", "Expressed Canada's disappointment"):
            assert f"“{paraphrase}" not in out and f'"{paraphrase}' not in out
        assert "Foreign interference inquiry: “the most active perpetrator" in out


def test_incidents_show_date_as_written_actors_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = show(capsys, SEED, "--width", "400")
    assert "    When: 25 years ago (approximate)" in out
    assert (
        "    Actors: Government of the People's Republic of China (perpetrator, assessed);"
        " Michael Kovrig (victim, as-reported); Michael Spavor (victim, as-reported)"
    ) in out
    assert "[src-inquiry-report] (cited, not consulted)" in out


def test_a_hostile_file_shows_placeholders_and_no_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = write_hostile(tmp_path)
    for output, osc in (("text", "␛]52;c;aGk=␇"), ("markdown", "␛\\]52;c;aGk=␇")):
        status, out, _ = show(capsys, hostile, "--format", output, "--width", "300")
        assert status == 0
        assert unsafe_characters(out) == set(), output
        assert f"Evil {osc} title ⟨U+202E⟩ reversed" in out
        assert "⟨U+009B⟩31m" in out and "Eve⟨U+2066⟩" in out
    _, text, _ = show(capsys, hostile)
    banner = "TLP:AMBER  UNRECOGNISED MARKING: SECRET␛[2J"
    assert text.splitlines()[0] == text.splitlines()[-1] == banner


def inline_tokens(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in (token.children or [])]


def test_markdown_cannot_be_made_to_link_embed_or_inject_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, _ = show(capsys, write_hostile(tmp_path), "--format", "markdown")
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(out)
    kinds = {token.type for token in tokens} | {token.type for token in inline_tokens(tokens)}
    assert kinds.isdisjoint({"link_open", "image", "html_inline", "html_block", "table_open"})
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len([t for t in tokens if t.type == "heading_open" and t.tag == "h1"]) == 1
    assert "# Not a heading" not in headings
    title = next(t for t in tokens if t.type == "heading_open" and t.tag == "h1")
    rendered = MarkdownIt("commonmark").renderInline(tokens[tokens.index(title) + 1].content)
    assert "[click](http://evil.example)" in rendered and "<a " not in rendered
    code = [t.content for t in inline_tokens(tokens) if t.type == "code_inline"]
    assert "http://evil.example/`x`␛[31m" in code  # the URL, shown and not a link


def test_json_is_the_model_with_inert_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = show(capsys, SEED, "--format", "json")
    document = json.loads(out)
    data = document["briefing"]
    assert status == 0
    assert document["banner"] == "TLP:CLEAR  UNCLASSIFIED // OPEN SOURCE"
    assert (data["id"], data["date"]) == (SEED_ID, "2026-11")
    assert data["incidents"][8]["when"] == {"approximate": True, "text": "25 years ago"}
    _, out, _ = show(capsys, write_hostile(tmp_path), "--format", "json")
    assert unsafe_characters(out) == set() and "\x9b" not in out
    title = json.loads(out)["briefing"]["title"]
    assert title.startswith("Evil \x1b]52;c;aGk=\x07 title \u202e reversed")


def test_json_copes_with_extension_keys_json_has_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = MINIMAL.format(id="brf-ext", title="Ext") + "extensions: {~: a, true: b, 3: c}\n"
    status, out, _ = show(capsys, write_file(tmp_path, "ext.yaml", text), "--format", "json")
    assert status == 0
    assert json.loads(out)["briefing"]["extensions"] == {"null": "a", "true": "b", "3": "c"}


def test_show_by_id_looks_in_briefing_path(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    other = write_file(
        tmp_path, "lib/other.yaml", MINIMAL.format(id="brf-other", title="Other one")
    )
    monkeypatch.setenv("BRIEFING_PATH", f"{other.parent}:{SEED.parent}")
    status, out, _ = show(capsys, SEED_ID)
    assert status == 0 and "Canada's Security Cooperation" in out
    status, out, _ = show(capsys, "brf-other")
    assert status == 0 and "Other one" in out.splitlines()[2]
    status, out, _ = show(capsys, "brf-other", SEED.parent)  # PATHs given: only those
    assert status == 1 and out == ""


def test_show_an_unknown_id_or_a_broken_file_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = show(capsys, "brf-nothing-like-this", SEED.parent)
    assert (status, out) == (1, "")
    assert "no loadable briefing with id brf-nothing-like-this" in err
    text = MINIMAL.format(id="brf-broken", title="Broken").replace("2026-11", "2026-13")
    status, out, err = show(capsys, write_file(tmp_path, "broken.yaml", text))
    assert (status, out) == (1, "")
    assert "broken.yaml:4:7: error: date: '2026-13' is not a date" in err


def test_show_by_id_explains_a_broken_file_with_that_id_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wanted = MINIMAL.format(id="brf-wanted", title="Wanted").replace("2026-11", "2026-13")
    write_file(tmp_path, "lib/wanted.yaml", wanted)
    linking = MINIMAL.format(id="brf-linking", title="Linking").replace("clear", "white")
    write_file(tmp_path, "lib/linking.yaml", linking + "related_briefings: [brf-wanted]\n")
    status, out, err = show(capsys, "brf-wanted", tmp_path / "lib")
    assert (status, out) == (1, "")
    assert "wanted.yaml:4:7: error: date: '2026-13' is not a date" in err
    assert "linking.yaml" not in err  # it only links to the id; its own errors are not asked for
    assert err.endswith(f"no loadable briefing with id brf-wanted in {tmp_path / 'lib'}\n")


def test_schema_command_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"Briefing", "Incident", "Quote", "When", "PartialDate"} <= set(schema["$defs"])


def test_json_writes_the_effective_value_of_every_defaulted_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = MINIMAL.format(id="brf-defaults", title="Defaults") + (
        "incidents:\n  - id: inc-a\n    title: A\n    when: {start: 2021-04, end: 2021-07-07}\n"
        "notes:\n  - id: note-a\n    text: A note.\n"
    )
    status, out, _ = show(capsys, write_file(tmp_path, "d.yaml", text), "--format", "json")
    data = json.loads(out)["briefing"]
    assert status == 0
    assert data["status"] == "final"  # left to its default in the file
    assert data["incidents"][0]["type"] == "incident"
    assert data["incidents"][0]["when"] == {
        "start": "2021-04", "end": "2021-07-07", "approximate": False,
    }  # fmt: skip
    assert data["notes"][0]["kind"] == "note"
    assert "tags" not in data["incidents"][0] and "subtitle" not in data  # no value: left out
