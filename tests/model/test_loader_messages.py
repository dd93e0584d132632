"""Problem messages quote file text; formatted, they must be inert in a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_cases import FULL, MINIMAL, load_text, replace_line, terminal_unsafe

from briefing_tui.model import BriefingLoadError, load_briefing, load_bytes, load_file

# Each input puts a terminal escape, a bidi override or another control character
# into a different message-building path of the loader. Written with YAML escapes
# ("\e" is ESC, "\x9b" the 8-bit CSI, "\u202e" RIGHT-TO-LEFT OVERRIDE).
HOSTILE = {
    "duplicate key": MINIMAL + '"\\e[2J[@click=app.quit]x": 1\n"\\e[2J[@click=app.quit]x": 2\n',
    "unknown key": MINIMAL + '"\\e]8;;http://evil\\e\\\\link\\e]8;;\\e\\\\": 1\n',
    "bad enum": MINIMAL + 'status: "fin\\e[31mal"\n',
    "bad id": replace_line(MINIMAL, "id:", 'id: "brf-\\u202eevil"'),
    "bad date": replace_line(MINIMAL, "date:", 'date: "2018\\x9b2J"'),
    "bad timestamp": MINIMAL + 'created: "2024\\e[2J"\n',
    "bad tlp": replace_line(MINIMAL, "handling:", 'handling: {tlp: "red\\u2028green"}'),
    "bad kebab tag": MINIMAL + 'tags: ["a\\0b"]\n',
    "unresolved reference": FULL.replace("[src-two]", '["src-\\e[8mx"]'),
    "duplicate id": FULL.replace("id: src-two", 'id: "src-\\u2066one"'),
    "percent-encoded tag": replace_line(MINIMAL, "title:", "title: !<!e%1B%5B2J> x"),
    "anchor name": replace_line(MINIMAL, "title:", "title: &\u202eevil x"),
    "bidi in a number": FULL.replace(
        "    related: [inc-first]\n", '    related: [inc-first]\n    confidence: "\\u200f5"\n'
    ),
    "nested unknown key": FULL.replace(
        "    kind: report\n", '    kind: report\n    "\\x85k\\e": 1\n'
    ),
    "long field path": MINIMAL
    + 'extensions: {"\\e[2J": {"\\e[2J": [[[[[[[x]]]]]]]}, "\\e[2J": 1}\n',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_formatted_problems_contain_no_terminal_control_characters(name: str) -> None:
    result = load_text(HOSTILE[name])
    assert result.problems, "the input should produce a problem"
    for problem in result.problems:
        formatted = problem.format()
        assert terminal_unsafe(formatted) == [], (name, formatted)
        assert "\n" not in formatted


def test_escapes_in_a_key_are_shown_as_visible_placeholders() -> None:
    result = load_text(HOSTILE["duplicate key"])
    duplicate = next(p for p in result.problems if "duplicate" in p.message)
    formatted = duplicate.format()
    assert "\x1b" in duplicate.field  # the raw text is kept for the UI to render its way
    assert formatted.startswith("test.yaml:8:1: error: \u241b[2J[@click=app.quit]x: duplicate key")


def test_a_bidi_override_is_shown_not_obeyed() -> None:
    (problem,) = load_text(HOSTILE["bad id"]).problems
    assert "\u202e" not in problem.format()
    assert "'brf-\\u202eevil'" in problem.format()


def test_a_hostile_path_is_sanitised_too() -> None:
    result = load_bytes("evil\x1b[2J\u202e.yaml", b"- not a mapping\n")
    formatted = result.problems[0].format()
    assert terminal_unsafe(formatted) == []
    assert formatted.startswith("evil\u241b[2J")


def test_invalid_utf8_messages_show_bytes_as_hex() -> None:
    result = load_bytes("t.yaml", b"title: \x1b\x9b\xff\n")
    (problem,) = result.problems
    assert terminal_unsafe(problem.format()) == []


def test_the_load_error_message_is_sanitised(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE["bad enum"], encoding="utf-8")
    with pytest.raises(BriefingLoadError) as caught:
        load_briefing(path)
    assert terminal_unsafe(str(caught.value)) == []
    assert "fin\\x1b[31mal" in str(caught.value)


def test_file_system_errors_are_sanitised(tmp_path: Path) -> None:
    result = load_file(tmp_path / "missing\x1b[2J.yaml")
    (problem,) = result.problems
    assert terminal_unsafe(problem.format()) == []
    assert "cannot read" in problem.message
