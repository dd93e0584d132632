"""Files for the command-line tests: the seed briefing and small hand-made ones.

(Plain helpers rather than a conftest.py: mypy checks tests/ as top-level modules, where
two conftest.py files would clash.)
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).parents[2]
SEED = REPO / "briefings" / "canada-china-security-cooperation.yaml"
SEED_ID = "brf-canada-china-security-cooperation"

MINIMAL = """\
schema: briefing/v1
id: {id}
title: {title}
date: "2026-11"
handling: {{tlp: clear, banner: "UNCLASSIFIED // OPEN SOURCE"}}
summary: One paragraph.
"""

# YAML double-quoted escapes: \\e is ESC, \\a is BEL, \\u202e RIGHT-TO-LEFT OVERRIDE.
HOSTILE = r"""schema: briefing/v1
id: brf-hostile
title: "Evil \e]52;c;aGk=\a title \u202e reversed [click](http://evil.example) ![x](http://t.example/p.gif)"
date: "2026"
handling: {tlp: amber, banner: "SECRET\e[2J"}
summary: "Hi \x9b31m there <img src=x onerror=alert(1)> &#8238; www.evil.example"
sources:
  - {id: src-a, kind: web, title: "Feed\e[0m", url: "http://evil.example/`x`\e[31m"}
entities:
  - {id: ent-a, kind: person, name: "Eve\u2066"}
incidents:
  - id: inc-a
    title: "Inc \e[31m"
    description: "# Not a heading\n- not a list"
    sources: [src-a]
    quotes: [q-a, q-b]
quotes:
  - {id: q-a, text: "I said \e[5m it", kind: direct, source: src-a, speaker: ent-a}
  - {id: q-b, text: "She implied it", kind: paraphrase, source: src-a, speaker_label: "An official"}
"""


def write_file(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``folder/name`` (making folders) and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_hostile(folder: Path) -> Path:
    """A valid briefing whose text is full of escape sequences, bidi controls and markup."""
    return write_file(folder, "hostile.yaml", HOSTILE)
