"""One banner everywhere: the same hostile banners through `show` (text, Markdown, JSON),
`search` (text, JSON) and the reader, with the site's floor from the configuration."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.config import CommandLine, load_config
from briefing_tui.widgets.banner import HandlingBanner

from .support import make_app, open_briefing_screen, wait_for

FILE = """\
schema: briefing/v1
id: brf-banner
title: Banner
date: "2026"
handling: {{tlp: {tlp}, banner: "{banner}"}}
summary: One paragraph.
incidents:
  - {{id: inc-a, title: Findme}}
"""

FLOOR = '[marking]\nfloor_tlp = "amber"\nfloor_classification = "PROTECTED A"\n'

U = "TLP:AMBER  UNRECOGNISED MARKING: "
CASES = [
    # (tlp, banner as written in a YAML double-quoted string, the one banner expected)
    ("clear", "UNCLASSIFIED", "TLP:AMBER  PROTECTED A"),
    ("green", "SECRET\\LUNCLASSIFIED", U + "SECRET⟨U+2028⟩UNCLASSIFIED"),
    ("green", "SECRET\\NUNCLASSIFIED", U + "SECRET⟨U+0085⟩UNCLASSIFIED"),
    ("green", "SECRET\\PUNCLASSIFIED", U + "SECRET⟨U+2029⟩UNCLASSIFIED"),
    ("amber", "TOP SECRET\\rUNCLASSIFIED", U + "TOP SECRET␍UNCLASSIFIED"),
    ("clear", "ＵＮＣＬＡＳＳＩＦＩＥＤ", U + "ＵＮＣＬＡＳＳＩＦＩＥＤ"),
]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(FLOOR, encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    return tmp_path


def _output(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _banners(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path
) -> dict[str, list[str]]:
    text = _output(capsys, "show", str(path)).splitlines()
    markdown = [line for line in _output(capsys, "show", str(path), "--format", "markdown")
                .splitlines() if line]  # fmt: skip
    show_json = json.loads(_output(capsys, "show", str(path), "--format", "json"))
    search = _output(capsys, "search", "findme", str(path)).splitlines()
    search_json = json.loads(_output(capsys, "search", "findme", str(path), "--format", "json"))

    def unmark(line: str) -> str:
        return re.sub(r"\\(.)", r"\1", line.removeprefix("**").removesuffix("**"))

    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    read = [line for line in _output(capsys, "read", str(path)).splitlines() if line]
    return {
        "read": [read[0]],
        "show text": [text[0], text[-1]],
        "show markdown": [unmark(markdown[0]), unmark(markdown[-1])],
        "show json": [show_json["banner"]],
        "search text": [search[0], search[-1]],
        "search json": [search_json["banner"], search_json["items"][0]["banner"]],
    }


@pytest.mark.parametrize(("tlp", "banner", "expected"), CASES)
async def test_every_output_carries_the_same_banner(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    site: Path,
    tlp: str,
    banner: str,
    expected: str,
) -> None:
    path = site / "b.yaml"
    path.write_text(FILE.format(tlp=tlp, banner=banner), encoding="utf-8")
    for output, lines in _banners(capsys, monkeypatch, path).items():
        assert lines == [expected] * len(lines), output
    config = load_config(os.environ, CommandLine())
    app = make_app(path, config=config)
    async with app.run_test(size=(120, 24)) as pilot:
        screen = await open_briefing_screen(pilot)
        banners = [
            screen.query_one(where, HandlingBanner) for where in ("#banner-top", "#banner-bottom")
        ]
        await wait_for(pilot, lambda: all(b.size.width for b in banners))  # laid out when busy
        assert [banner.shown_text for banner in banners] == [expected, expected]
