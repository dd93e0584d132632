"""Tests for briefing_tui.model.sanitize: untrusted text must reach the terminal inert."""

from __future__ import annotations

import re
import sys
import time
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing_tui.model.sanitize import (
    PLACEHOLDER_CHARS,
    contains_placeholder,
    is_unsafe,
    placeholder,
    sanitize_block,
    sanitize_line,
    to_ascii,
)

UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")


def is_noncharacter(cp: int) -> bool:
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


# --------------------------------------------------------------------------
# Terminal attacks become visible placeholders
# --------------------------------------------------------------------------

# (input, sanitize_line result, sanitize_block result)
ATTACKS: dict[str, tuple[str, str, str]] = {
    "CSI clear screen": ("\x1b[2Jhello", "␛[2Jhello", "␛[2Jhello"),
    "CSI colour + cursor move": (
        "ok\x1b[31m\x1b[10;1Hred",
        "ok␛[31m␛[10;1Hred",
        "ok␛[31m␛[10;1Hred",
    ),
    "OSC 52 clipboard write": (
        "Title\x1b]52;c;cm0gLXJmIH4=\x07",
        "Title␛]52;c;cm0gLXJmIH4=␇",
        "Title␛]52;c;cm0gLXJmIH4=␇",
    ),
    "OSC 8 hyperlink (ST)": (
        "\x1b]8;;https://evil.example/\x1b\\Bank\x1b]8;;\x1b\\",
        "␛]8;;https://evil.example/␛\\Bank␛]8;;␛\\",
        "␛]8;;https://evil.example/␛\\Bank␛]8;;␛\\",
    ),
    "OSC 8 hyperlink (BEL)": (
        "\x1b]8;;file:///etc/passwd\x07x\x1b]8;;\x07",
        "␛]8;;file:///etc/passwd␇x␛]8;;␇",
        "␛]8;;file:///etc/passwd␇x␛]8;;␇",
    ),
    "OSC 0 window title": ("\x1b]0;pwned\x07", "␛]0;pwned␇", "␛]0;pwned␇"),
    "DCS (sixel/decrqss)": (
        "\x1bPq#0;2;0;0;0#0~~\x1b\\",
        "␛Pq#0;2;0;0;0#0~~␛\\",
        "␛Pq#0;2;0;0;0#0~~␛\\",
    ),
    "8-bit CSI": ("\x9b2J\x9b31m", "⟨U+009B⟩2J⟨U+009B⟩31m", "⟨U+009B⟩2J⟨U+009B⟩31m"),
    "8-bit OSC + ST": (
        "\x9d52;c;eA==\x9c",
        "⟨U+009D⟩52;c;eA==⟨U+009C⟩",
        "⟨U+009D⟩52;c;eA==⟨U+009C⟩",
    ),
    "8-bit DCS": ("\x90q\x9c", "⟨U+0090⟩q⟨U+009C⟩", "⟨U+0090⟩q⟨U+009C⟩"),
    "RLO filename reversal": (
        "invoice\u202efdp.exe",
        "invoice⟨U+202E⟩fdp.exe",
        "invoice⟨U+202E⟩fdp.exe",
    ),
    "bidi isolates (Trojan Source)": (
        "a\u2067b\u2069c\u2066d\u2068e",
        "a⟨U+2067⟩b⟨U+2069⟩c⟨U+2066⟩d⟨U+2068⟩e",
        "a⟨U+2067⟩b⟨U+2069⟩c⟨U+2066⟩d⟨U+2068⟩e",
    ),
    "zero-width joiner lookalike": ("pay\u200dpal", "pay⟨U+200D⟩pal", "pay⟨U+200D⟩pal"),
    "zero-width space / non-joiner / BOM": (
        "ad\u200bmi\u200cn\ufeff",
        "ad⟨U+200B⟩mi⟨U+200C⟩n⟨U+FEFF⟩",
        "ad⟨U+200B⟩mi⟨U+200C⟩n⟨U+FEFF⟩",
    ),
    "invisible tag characters": (
        "hi\U000e0001\U000e0069\U000e007f",
        "hi⟨U+E0001⟩⟨U+E0069⟩⟨U+E007F⟩",
        "hi⟨U+E0001⟩⟨U+E0069⟩⟨U+E007F⟩",
    ),
    "soft hyphen": ("co\xadop", "co⟨U+00AD⟩op", "co⟨U+00AD⟩op"),
    "NUL": ("a\x00b", "a␀b", "a␀b"),
    "backspace overwrite": ("abc\x08\x08\x08xyz", "abc␈␈␈xyz", "abc␈␈␈xyz"),
    "DEL": ("a\x7fb", "a␡b", "a␡b"),
    "lone CR overwrite": ("safe\rEVIL", "safe EVIL", "safe␍EVIL"),
    "CRLF": ("a\r\nb", "a b", "a\nb"),
    "CR CR LF": ("a\r\r\nb", "a b", "a␍\nb"),
    "vertical tab / form feed": ("a\x0bb\x0cc", "a b c", "a␋b␌c"),
    "NEL and Unicode separators": (
        "a\x85b\u2028c\u2029d",
        "a b c d",
        "a⟨U+0085⟩b⟨U+2028⟩c⟨U+2029⟩d",
    ),
    "lone surrogate": ("x\ud800y", "x⟨U+D800⟩y", "x⟨U+D800⟩y"),
    "noncharacters": (
        "\ufffe\uffff\ufdd0\U0010ffff",
        "⟨U+FFFE⟩⟨U+FFFF⟩⟨U+FDD0⟩⟨U+10FFFF⟩",
        "⟨U+FFFE⟩⟨U+FFFF⟩⟨U+FDD0⟩⟨U+10FFFF⟩",
    ),
    "interlinear annotation": (
        "\ufff9base\ufffaruby\ufffb",
        "⟨U+FFF9⟩base⟨U+FFFA⟩ruby⟨U+FFFB⟩",
        "⟨U+FFF9⟩base⟨U+FFFA⟩ruby⟨U+FFFB⟩",
    ),
}


@pytest.mark.parametrize(("text", "line", "block"), ATTACKS.values(), ids=ATTACKS.keys())
def test_attacks_become_visible(text: str, line: str, block: str) -> None:
    assert sanitize_line(text) == line
    assert sanitize_block(text) == block
    for out in (sanitize_line(text), sanitize_block(text)):
        assert "\x1b" not in out
        assert not any(0x80 <= ord(c) <= 0x9F for c in out)
        assert all(c in "\n\t" or not is_unsafe(c) for c in out)
    # CRLF alone is a normalisation, not a mark; everything else here is marked.
    assert contains_placeholder(text) == (text != "a\r\nb")


ASCII_ATTACKS: dict[str, tuple[str, str, str]] = {
    "CSI": ("\x1b[2J", "<ESC>[2J", "<ESC>[2J"),
    "OSC 52": ("\x1b]52;c;eA==\x07", "<ESC>]52;c;eA==<BEL>", "<ESC>]52;c;eA==<BEL>"),
    "8-bit CSI": ("\x9b2J", "<U+009B>2J", "<U+009B>2J"),
    "RLO": ("a\u202eb", "a<U+202E>b", "a<U+202E>b"),
    "NUL DEL": ("\x00\x7f", "<NUL><DEL>", "<NUL><DEL>"),
    "lone CR": ("a\rb", "a b", "a<CR>b"),
    "tag": ("\U000e0041", "<U+E0041>", "<U+E0041>"),
}


@pytest.mark.parametrize(
    ("text", "line", "block"), ASCII_ATTACKS.values(), ids=ASCII_ATTACKS.keys()
)
def test_ascii_mode_placeholders(text: str, line: str, block: str) -> None:
    assert sanitize_line(text, ascii_only=True) == line
    assert sanitize_block(text, ascii_only=True) == block
    assert to_ascii(text) == line


def test_ascii_mode_leaves_non_ascii_printable_text_alone() -> None:
    text = "Café 東京 😀\x1b"
    assert sanitize_line(text, ascii_only=True) == "Café 東京 😀<ESC>"
    assert sanitize_block(text, ascii_only=True) == "Café 東京 😀<ESC>"


# --------------------------------------------------------------------------
# Markup and harmless look-alikes pass through
# --------------------------------------------------------------------------

MARKUP = [
    "[bold]x[/]",
    "[@click=app.quit]x[/]",
    "[link=https://evil.example]here[/link]",
    "[red on white]alert[/red on white]",
    "\\[escaped] and [/] and [",
    ":warning: $var ${x} %s {0} <b>html</b> &amp;",
]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_passes_unchanged(text: str) -> None:
    for ascii_only in (False, True):
        assert sanitize_line(text, ascii_only=ascii_only) == text
        assert sanitize_block(text, ascii_only=ascii_only) == text
    assert to_ascii(text) == text
    assert not contains_placeholder(text)


def test_placeholder_lookalikes_in_input_are_plain_text() -> None:
    text = "␛[2J ⟨U+202E⟩ ␀␡ <ESC>"
    assert not any(is_unsafe(c) for c in text)
    assert sanitize_line(text) == text
    assert sanitize_block(text) == text
    assert not contains_placeholder(text)
    assert contains_placeholder(text + "\x1b")


def test_printable_unicode_passes_unchanged() -> None:
    text = "Résumé — 東京, naïve café; Ελληνικά; עברית; العربية; 😀👍🏽 \u00a0x\u2009y\u3000z"
    assert sanitize_line(text) == text
    assert sanitize_block(text) == text
    assert not contains_placeholder(text)


# --------------------------------------------------------------------------
# Whitespace handling
# --------------------------------------------------------------------------


def test_line_folds_whitespace_runs() -> None:
    assert sanitize_line("a \t\n\r\n  b") == "a b"
    assert sanitize_line("Title\nsecond line") == "Title second line"
    assert sanitize_line("a    b") == "a b"
    assert sanitize_line("\n Title \n") == " Title "  # folded, not stripped
    assert sanitize_line("a\n\x00\nb") == "a ␀ b"


def test_line_keeps_printable_non_ascii_spaces() -> None:
    assert sanitize_line("10\u00a0km") == "10\u00a0km"
    assert sanitize_line("a\u3000\u3000b") == "a\u3000\u3000b"


def test_line_output_is_one_line() -> None:
    text = "a\nb\rc\x0bd\x0ce\x1cf\x1dg\x1eh\x85i\u2028j\u2029k"
    out = sanitize_line(text)
    assert out.splitlines() == [out]


def test_block_keeps_newlines_and_tabs() -> None:
    text = "Heading\n\n\tindented\n  two spaces  kept\n"
    assert sanitize_block(text) == text
    assert not contains_placeholder(text)
    assert sanitize_block("a\r\nb\r\n") == "a\nb\n"
    assert not contains_placeholder("a\r\nb\r\n")
    assert contains_placeholder("a\rb")
    assert contains_placeholder("a\r")


# --------------------------------------------------------------------------
# placeholder(), is_unsafe(), PLACEHOLDER_CHARS
# --------------------------------------------------------------------------


def test_placeholder_forms() -> None:
    assert placeholder("\x1b") == "␛" == "\u241b"
    assert placeholder("\x00") == "␀"
    assert placeholder("\x07") == "␇"
    assert placeholder("\x7f") == "␡" == "\u2421"
    assert placeholder("\x9b") == "\u27e8U+009B\u27e9"
    assert placeholder("\u202e") == "⟨U+202E⟩"
    assert placeholder("\U000e0001") == "⟨U+E0001⟩"
    assert placeholder("\U0010ffff") == "⟨U+10FFFF⟩"
    assert placeholder("\x1b", ascii_only=True) == "<ESC>"
    assert placeholder("\x7f", ascii_only=True) == "<DEL>"
    assert placeholder("\u202e", ascii_only=True) == "<U+202E>"
    for code in range(0x20):
        assert placeholder(chr(code)) == chr(0x2400 + code)


def test_ascii_names_are_the_standard_abbreviations() -> None:
    for code in range(0x20):
        name = placeholder(chr(code), ascii_only=True)
        assert re.fullmatch(r"<[A-Z0-9]{2,3}>", name)
        abbreviation = name[1:-1]
        # unicodedata.lookup knows these aliases, except EM (END OF MEDIUM).
        if abbreviation != "EM":
            assert unicodedata.lookup(abbreviation) == chr(code)
    assert placeholder("\x19", ascii_only=True) == "<EM>"
    assert unicodedata.lookup("DEL") == "\x7f"


def test_single_character_required() -> None:
    with pytest.raises(ValueError):
        is_unsafe("ab")
    with pytest.raises(ValueError):
        is_unsafe("")
    with pytest.raises(ValueError):
        placeholder("ab")


def test_spec_listed_characters_are_unsafe() -> None:
    bidi = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    listed = [
        *range(0x00, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        *bidi,
        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD,
        *range(0xE0000, 0xE0080),
        0xFFF9, 0xFFFA, 0xFFFB,
        0x2028, 0x2029,
        *range(0xD800, 0xE000),
        *range(0xFDD0, 0xFDF0),
        *(plane * 0x10000 + low for plane in range(17) for low in (0xFFFE, 0xFFFF)),
    ]  # fmt: skip
    for cp in listed:
        assert is_unsafe(chr(cp)), hex(cp)
    for cp in [*range(0x80, 0xA0), *bidi]:
        assert placeholder(chr(cp)) == f"⟨U+{cp:04X}⟩"


def test_harmless_characters_are_safe() -> None:
    for ch in " ~[]\\␛⟨⟩\u00a0\u3000é東😀\ufffd\ufffc\ue000\u0301\ufe0f":
        assert not is_unsafe(ch), repr(ch)


def test_every_unsafe_category_code_point_is_covered() -> None:
    """Walk the running Python's whole Unicode database (U+0000..U+10FFFF)."""
    missing: list[str] = []
    unexpected: list[str] = []
    fast_path_unsound: list[str] = []
    nfkd_makes_unsafe: list[str] = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        category = unicodedata.category(ch)
        expected = category in UNSAFE_CATEGORIES or is_noncharacter(cp)
        unsafe = is_unsafe(ch)
        if expected and not unsafe:
            missing.append(f"U+{cp:04X} {category}")
        # The explicit ranges may be wider than today's assignments only by
        # unassigned (Cn) code points inside blocks of format controls.
        if unsafe and not expected and category != "Cn":
            unexpected.append(f"U+{cp:04X} {category}")
        # sanitize_* return text unchanged when str.isprintable() holds.
        if unsafe and ch.isprintable():
            fast_path_unsound.append(f"U+{cp:04X}")
        # to_ascii relies on NFKD never producing an unsafe character.
        if not unsafe and category != "Cs":
            decomposed = unicodedata.normalize("NFKD", ch)
            if decomposed != ch and any(is_unsafe(c) for c in decomposed):
                nfkd_makes_unsafe.append(f"U+{cp:04X}")
    assert missing == []
    assert unexpected == []
    assert fast_path_unsound == []
    assert nfkd_makes_unsafe == []


def test_placeholder_chars_constant() -> None:
    seen: set[str] = set()
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if is_unsafe(ch):
            seen.update(c for c in placeholder(ch) if not c.isascii())
            assert placeholder(ch, ascii_only=True).isascii()
    assert seen == PLACEHOLDER_CHARS
    assert not any(is_unsafe(c) for c in PLACEHOLDER_CHARS)
    for ch in "\x1b\x9b\u202e":
        assert any(c in PLACEHOLDER_CHARS for c in sanitize_line(ch))


# --------------------------------------------------------------------------
# to_ascii
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Résumé naïve café", "Resume naive cafe"),
        ("Über Straße", "Uber Stra?e"),
        ("ﬁle ① ™ ½", "file 1 TM 1?2"),
        ("東京 report", "?? report"),
        ("emoji 😀 ok", "emoji ? ok"),
        ("10\u00a0km\u2003\u2003away", "10 km away"),
        ("x\u202ey\x1b[2J\nz", "x<U+202E>y<ESC>[2J z"),
        ("pay\u200dpal", "pay<U+200D>pal"),
        ("a\u0301\u20dd b", "a b"),
        ("“Quote” — it’s • a → b «c»", '"Quote" - it\'s * a -> b <<c>>'),
    ],
)
def test_to_ascii(text: str, expected: str) -> None:
    assert to_ascii(text) == expected


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

INTERESTING = [
    "\x1b", "\x1b[", "\x1b]52;c;", "\x07", "\x1b\\", "\x9b", "\x9c", "\x00", "\x7f",
    "\r", "\n", "\r\n", "\t", " ", "  ", "\x0b", "\x0c", "\x85", "\u2028", "\u2029",
    "\u202e", "\u2067", "\u200d", "\u200b", "\ufeff", "\xad", "\U000e0041", "\ud83d",
    "\ufffe", "\U0010ffff", "\u00a0", "é", "東", "😀", "␛", "⟨", "⟩", "[bold]", "[/]",
    "<ESC>", "U+202E",
]  # fmt: skip

any_char = st.characters(exclude_categories=())  # includes lone surrogates
texts = st.lists(st.one_of(any_char, st.sampled_from(INTERESTING)), max_size=40).map("".join)
safe_chars = any_char.filter(lambda c: not is_unsafe(c))
safe_texts = st.text(alphabet=safe_chars)
ascii_texts = st.text(alphabet=st.characters(max_codepoint=0x7F))

PLACEHOLDER_RE = re.compile("⟨U\\+[0-9A-F]{4,6}⟩|[\u2400-\u241f\u2421]")


@given(texts, st.booleans())
@example("\x1b[2J\r\n\r", False)
def test_output_contains_no_unsafe_character(text: str, ascii_only: bool) -> None:
    line = sanitize_line(text, ascii_only=ascii_only)
    block = sanitize_block(text, ascii_only=ascii_only)
    assert not any(is_unsafe(c) for c in line)
    assert not any(is_unsafe(c) for c in block if c not in "\n\t")
    assert line.splitlines() == [line] or line == ""
    # in a block, LF is the only line break left
    assert all(part.splitlines() in ([part], []) for part in block.split("\n"))


@given(safe_texts)
def test_safe_text_passes_unchanged(text: str) -> None:
    assert sanitize_block(text) == text
    assert sanitize_block(text, ascii_only=True) == text
    assert not contains_placeholder(text)
    expected_line = re.sub(" {2,}", " ", text)
    assert sanitize_line(text) == expected_line
    if "  " not in text:
        assert sanitize_line(text) == text


@given(st.lists(st.one_of(safe_chars, st.sampled_from(["\n", "\t"]))).map("".join))
def test_safe_text_with_newlines_and_tabs_passes_block_unchanged(text: str) -> None:
    assert sanitize_block(text) == text
    assert not contains_placeholder(text)


@given(texts, st.booleans())
def test_idempotent(text: str, ascii_only: bool) -> None:
    line = sanitize_line(text, ascii_only=ascii_only)
    block = sanitize_block(text, ascii_only=ascii_only)
    assert sanitize_line(line, ascii_only=ascii_only) == line
    assert sanitize_block(block, ascii_only=ascii_only) == block
    out = to_ascii(text)
    assert to_ascii(out) == out


@given(texts.map(lambda t: t.replace("\r", "")))
@example("\x1b")
@example("a\nb\tc")
def test_contains_placeholder_matches_block_change(text: str) -> None:
    assert contains_placeholder(text) == (sanitize_block(text) != text)


@given(texts)
@example("\r\r\n")
def test_contains_placeholder_with_carriage_returns(text: str) -> None:
    assert contains_placeholder(text) == (sanitize_block(text) != text.replace("\r\n", "\n"))
    assert contains_placeholder(text) == any(
        is_unsafe(c) for c in text.replace("\r\n", "\n") if c not in "\n\t"
    )


@given(texts.filter(lambda t: not any(c in PLACEHOLDER_CHARS for c in t)))
def test_only_unsafe_characters_are_replaced(text: str) -> None:
    """Deleting the placeholders from the output gives the input minus its unsafe characters."""
    block = sanitize_block(text)
    expected = "".join(c for c in text.replace("\r\n", "\n") if c in "\n\t" or not is_unsafe(c))
    assert PLACEHOLDER_RE.sub("", block) == expected


@given(ascii_texts, st.booleans())
def test_ascii_mode_keeps_ascii_text_ascii(text: str, line_mode: bool) -> None:
    sanitize = sanitize_line if line_mode else sanitize_block
    assert sanitize(text, ascii_only=True).isascii()


@given(texts)
def test_to_ascii_is_ascii_one_line_and_safe(text: str) -> None:
    out = to_ascii(text)
    assert out.isascii()
    assert not any(is_unsafe(c) for c in out)
    assert out.splitlines() == [out] or out == ""
    assert "  " not in out


@settings(max_examples=50)
@given(texts)
def test_ascii_and_unicode_modes_agree_on_marking(text: str) -> None:
    unicode_out = sanitize_block(text)
    ascii_out = sanitize_block(text, ascii_only=True)
    assert (unicode_out == text.replace("\r\n", "\n")) == (ascii_out == text.replace("\r\n", "\n"))


# --------------------------------------------------------------------------
# Performance guard (generous; the real figure is ~0.3 µs per safe title)
# --------------------------------------------------------------------------


def test_sixty_thousand_safe_rows_are_fast() -> None:
    rows = [f"Row {i}: an ordinary briefing title about topic number {i}" for i in range(60_000)]
    start = time.perf_counter()
    out = [sanitize_line(r) for r in rows]
    elapsed = time.perf_counter() - start
    assert out == rows
    assert elapsed < 1.0, f"{elapsed:.3f}s for 60,000 rows"
