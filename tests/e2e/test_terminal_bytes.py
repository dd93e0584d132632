"""Proof at the byte level: what the real program writes to a real terminal.

Each test runs ``briefing`` (``briefing_tui.cli.main``) in a pseudo-terminal of
80x24 on the hostile briefings of ``tests/data/hostile``, presses keys, quits,
and inspects every byte written. Textual writes legitimate escape sequences of
its own, so the assertions name the hostile sequence together with its payload
(each payload carries a ``PWN`` marker), or a sequence Textual never writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .pty_app import PtyApp, base_environment

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"
ESCAPES = HOSTILE / "escapes.yaml"

ESC_PICTURE = "␛".encode()

NEVER_WRITTEN = [
    b"\x1b]52;c;UFdOQ0xJUEJPQVJE",  # OSC 52: set the clipboard (title)
    b"\x1b]52;c;U09VUkNFQ0xJUA",  # (source title)
    b"\x1b]52;c;UVVPVEVDTElQ",  # (quote text)
    b"\x1b]52",  # Textual writes no OSC 52 unless asked to copy
    b"\x1b]8;;https://evil.example",  # OSC 8: a hidden hyperlink
    b"\x1b]8;",  # Textual writes no OSC 8 for inert text
    b"\x1b[2J\x1b[HPWNCLEAR",  # clear the screen
    b"\x1bPqPWNDCS",  # DCS (sixel)
    b"\x1bP",  # Textual writes no DCS
    "\x9b".encode(),  # 8-bit CSI, as UTF-8
    b"\x9b31m",  # 8-bit CSI, as a raw byte
    "\u202e".encode(),  # RIGHT-TO-LEFT OVERRIDE
    "\u2066".encode(),  # LEFT-TO-RIGHT ISOLATE
    "\u2069".encode(),  # POP DIRECTIONAL ISOLATE
    b"SECRET\x1b[8m",  # conceal after the banner's level
    b"\x1b[31mPWNRED",
    b"\rPWNOVERWRITE",  # carriage return over a line
    b"\x1b[2K",  # erase line (Textual never writes it)
    b"line two \x1b[?1049l",  # leave the alternate screen early
    b"UFdOQ0xJUEJPQVJE\x07",
]

LOADED = b"1 broken file"
"""The library's status once every file of ``HOSTILE`` is loaded (while loading it
counts files; the broken file's row can be drawn before the briefings above it)."""

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def run(
    tmp_path: Path,
    args: list[str],
    keys: list[tuple[bytes, bytes]],
    *,
    first: bytes,
    **environ: str,
) -> tuple[bytes, list[list[str]]]:
    """Run, wait for ``first``, send each key and wait for its marker, quit.

    Returns every byte written and the audit log (network, processes, writes).
    """
    home = tmp_path / "home"
    home.mkdir()
    log = tmp_path / "audit.json"
    env = base_environment(home, BRIEFING_AUDIT_LOG=str(log), **environ)
    app = PtyApp(args, env, cwd=home)
    app.wait_for(first)
    for key, marker in keys:
        app.send(key)
        app.wait_for(marker)
    app.send(b"q")
    assert app.finish() == 0
    return bytes(app.output), json.loads(log.read_text(encoding="utf-8"))


PANES = [
    (b"2", b"PWNOVERWRITE"),  # incidents: the description
    (b"\t", b"PWNOVERWRITE"),  # focus moves into the detail
    (b"3", b"PWNQUOTE"),
    (b"4", b"PWNSRC"),
    (b"5", b"PWNRED"),
    (b"1", b"PWNBIDI"),
]


def colour_parameters(output: bytes) -> list[bytes]:
    """The parameters of every SGR sequence that sets a colour."""
    found = []
    for match in SGR.finditer(output):
        for token in match.group(1).replace(b":", b";").split(b";"):
            number = int(token) if token else 0
            if 30 <= number <= 49 or 90 <= number <= 107:
                found.append(match.group(1))
                break
    return found


PALETTE = [
    (b"\x10", b"Search"),  # ctrl+p: the command palette
    (b"PWNQUOTE", b"UVVPVEVDTElQ"),  # the quote, found by its text, shown inert
    (b"\x1b", b"PWNBIDI"),  # escape: back to the summary
]


def test_a_hostile_briefing_reaches_the_terminal_inert(tmp_path: Path) -> None:
    output, audit = run(tmp_path, [str(ESCAPES)], PANES + PALETTE, first=b"PWNBIDI")
    for sequence in NEVER_WRITTEN:
        assert sequence not in output, sequence
    # Every trick is on screen as visible, inert text.
    for shown in [
        "␛]52;c;UFdOQ0xJUEJPQVJE␇",
        "␛[2J␛[HPWNCLEAR",
        "␛PqPWNDCS␛\\",
        "⟨U+009B⟩31mPWNC1",
        "⟨U+202E⟩PWNBIDI⟨U+202C⟩",
        "⟨U+2066⟩PWNISOLATE⟨U+2069⟩",
        "PWNMARKUP[/]",
        "[bold]PWNBOLD",
        "␍PWNOVERWRITE",
        "␛[31mPWNRED",
        "␛]52;c;UVVPVEVDTElQ␇",
    ]:
        assert shown.encode() in output, shown
    # The banner that tried to conceal itself is shown for what it is, at TLP:RED.
    assert "TLP:RED  UNRECOGNISED MARKING: SECRET␛[8m".encode() in output
    assert [event for event in audit if event[0] == "network"] == []


def test_a_library_of_hostile_files_and_its_broken_file(tmp_path: Path) -> None:
    keys = [(b"G", b"broken"), (b"\r", b"PWNTLP")]  # the broken file is last; open its problems
    output, _ = run(tmp_path, [str(HOSTILE)], keys, first=LOADED)
    for sequence in NEVER_WRITTEN:
        assert sequence not in output, sequence
    assert (
        b"\x1b]52;c;QlJPS0VO" not in output and b"\x1b]8;;https://evil.example/PWNTLP" not in output
    )
    # The library banner ranks both strange banners above SECRET (and shows every
    # character of them), at the most restrictive TLP of the library.
    assert b"TLP:RED  UNRECOGNISED MARKING: " in output
    assert "TOP SECRET␍UNCLASSIFIED".encode() in output
    assert "SECRET␛[8m".encode() in output


def test_no_color_means_no_colour_codes_at_all(tmp_path: Path) -> None:
    output, _ = run(tmp_path, [str(ESCAPES)], PANES, first=b"PWNBIDI", NO_COLOR="1")
    assert colour_parameters(output) == []
    assert b"TLP:RED" in output  # the label still says what colour said
    assert any(b"7" in m.group(1).split(b";") for m in SGR.finditer(output))  # reverse video


def test_xterm_gets_16_colours_only(tmp_path: Path) -> None:
    output, _ = run(tmp_path, [str(ESCAPES)], PANES, first=b"PWNBIDI", TERM="xterm")
    colours = colour_parameters(output)
    assert colours, "colour is expected on a colour terminal"
    extended = [p for p in colours if re.search(rb"(^|;)[34]8(;|$)", p)]
    assert extended == []
    # The TLP:RED banner is red: 31 or 91.
    banner = output.index(b"TLP:RED")
    last_sgr = list(SGR.finditer(output, 0, banner))[-1].group(1).split(b";")
    assert b"31" in last_sgr or b"91" in last_sgr


def test_xterm_256color_gets_256_colours_not_truecolor(tmp_path: Path) -> None:
    output, _ = run(tmp_path, [str(ESCAPES)], PANES, first=b"PWNBIDI")
    assert re.search(rb"\x1b\[[0-9;]*38;5;", output)
    assert not re.search(rb"[34]8;2;", output)


@pytest.mark.parametrize(
    "environ",
    [{"TERM": "linux"}, {"TERM": "xterm-256color", "LANG": "C"}],
    ids=["TERM=linux", "LANG=C"],
)
def test_ascii_terminals_get_ascii_bytes_only(tmp_path: Path, environ: dict[str, str]) -> None:
    output, _ = run(tmp_path, [str(ESCAPES)], PANES, first=b"<U+202E>PWNBIDI<U+202C>", **environ)
    assert output.isascii(), sorted({chr(b) for b in output if b > 127})
    assert b"<ESC>]52;c;UFdOQ0xJUEJPQVJE<BEL>" in output
    for sequence in NEVER_WRITTEN:
        assert sequence not in output, sequence


def test_the_app_opens_no_network_connection_and_starts_no_program(tmp_path: Path) -> None:
    _, audit = run(tmp_path, [str(HOSTILE)], [(b"\r", b"Nothing unusual")], first=LOADED)
    assert [event for event in audit if event[0] in ("network", "process")] == []


def test_secure_mode_leaves_no_file_behind(tmp_path: Path) -> None:
    # Enough files for the parallel loader, which secure mode must not start.
    library = tmp_path / "library"
    library.mkdir()
    text = ESCAPES.read_text(encoding="utf-8")
    for number in range(30):
        (library / f"b{number}.yaml").write_text(
            text.replace("brf-hostile-escapes", f"brf-copy-{number}"), encoding="utf-8"
        )
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    output, audit = run(
        tmp_path, ["--secure", str(library)], [(b"\r", b"PWNBIDI")], first=b"30 briefings"
    )
    assert list((tmp_path / "home").rglob("*")) == []  # HOME and every XDG folder
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert [p for p in after if p not in (Path("home"), Path("audit.json"))] == before
    assert audit == []  # no network, no other program, no file opened for writing
    assert b"\x1b]52" not in output


MOUSE_REPORTING = b"\x1b[?1000h"
"""Asks the terminal to report mouse clicks (Textual also sends ?1003h, ?1006h)."""


@pytest.mark.parametrize(("args", "asked"), [([], False), (["--mouse"], True)])
def test_the_mouse_stays_the_terminals_unless_asked_for(
    tmp_path: Path, args: list[str], asked: bool
) -> None:
    """Without ``--mouse`` the terminal keeps its own mouse (select and copy text):
    the program never turns mouse reporting on."""
    output, _ = run(tmp_path, [*args, str(ESCAPES)], [], first=b"TLP:")
    assert (MOUSE_REPORTING in output) is asked
