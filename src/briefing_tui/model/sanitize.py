"""Make untrusted text inert before it reaches the terminal.

Every string that comes from a briefing file (titles, list cells, detail
bodies, error messages, CLI output) passes through :func:`sanitize_line` or
:func:`sanitize_block` before it is displayed.  After sanitising, the text
contains no character a terminal would interpret: no C0/C1 control (so no
ESC-introduced CSI/OSC/DCS sequence and no 8-bit CSI), no DEL, no bidi
override/isolate, no zero-width or other format character, no line/paragraph
separator, no lone surrogate and no noncharacter.  Each such character is
replaced by a *visible* placeholder, so a reader sees that something was
there:

* C0 controls U+0000..U+001F -> the Control Pictures glyph U+2400+code
  (ESC -> ``␛``, NUL -> ``␀``, BEL -> ``␇``); DEL -> ``␡``.
* everything else -> ``⟨U+XXXX⟩`` (at least four upper-case hex digits).
* with ``ascii_only=True``: C0/DEL -> ``<ESC>``, ``<NUL>``, ``<DEL>`` ...,
  everything else -> ``<U+XXXX>``.

Rich/Textual markup such as ``[bold]x[/]`` is deliberately left alone: the
UI never parses markup from file text, so brackets are harmless here.

This module is pure standard library (no textual/rich import).

Performance: text that is already safe is returned as is after one
``str.isprintable()`` call (a C loop; Python's "printable" already excludes
every unsafe character, which the tests check), falling back to one
precompiled regex search.  To reproduce the timing quoted in the commit::

    python -m timeit -s "from briefing_tui.model.sanitize import sanitize_line as s" \
        -s "t='Quarterly briefing: supply-chain risks in the semiconductor sector, 2024-25 ed'" \
        "s(t)"
    python -m timeit -s "from briefing_tui.model.sanitize import _LINE_RE as r" \
        -s "t='Quarterly briefing: supply-chain risks in the semiconductor sector, 2024-25 ed'" \
        "r.search(t)"
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "PLACEHOLDER_CHARS",
    "contains_placeholder",
    "is_unsafe",
    "placeholder",
    "sanitize_block",
    "sanitize_line",
    "to_ascii",
]

# ---------------------------------------------------------------------------
# The unsafe set, listed as explicit inclusive ranges (no scan of all code
# points at import).  tests/model/test_sanitize.py walks every code point of
# the running Python's Unicode database and checks that every Cc, Cf, Zl, Zp
# and Cs character is covered.  Some ranges are deliberately a little wider
# than today's Cf assignments (whole blocks of format controls) so that
# characters assigned there by newer Unicode versions, which a terminal may
# already know, are covered too.
# ---------------------------------------------------------------------------

_C0 = (0x0000, 0x001F)
_DEL = (0x007F, 0x007F)
_C1 = (0x0080, 0x009F)

_FORMAT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # SOFT HYPHEN
    (0x0600, 0x0605),  # ARABIC NUMBER SIGN .. ARABIC NUMBER MARK ABOVE
    (0x061C, 0x061C),  # ARABIC LETTER MARK (bidi)
    (0x06DD, 0x06DD),  # ARABIC END OF AYAH
    (0x070F, 0x070F),  # SYRIAC ABBREVIATION MARK
    (0x0890, 0x0891),  # ARABIC POUND / PIASTRE MARK ABOVE
    (0x08E2, 0x08E2),  # ARABIC DISPUTED END OF AYAH
    (0x180E, 0x180E),  # MONGOLIAN VOWEL SEPARATOR
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM (bidi)
    (0x2028, 0x2029),  # LINE SEPARATOR (Zl), PARAGRAPH SEPARATOR (Zp)
    (0x202A, 0x202E),  # LRE, RLE, PDF, LRO, RLO (bidi)
    (0x2060, 0x206F),  # WORD JOINER .. invisible operators, LRI..PDI (bidi), deprecated
    (0xD800, 0xDFFF),  # surrogates (Cs); only reachable as lone surrogates in a str
    (0xFDD0, 0xFDEF),  # noncharacters
    (0xFEFF, 0xFEFF),  # ZERO WIDTH NO-BREAK SPACE / BOM
    (0xFFF9, 0xFFFB),  # INTERLINEAR ANNOTATION ANCHOR / SEPARATOR / TERMINATOR
    (0x110BD, 0x110BD),  # KAITHI NUMBER SIGN
    (0x110CD, 0x110CD),  # KAITHI NUMBER SIGN ABOVE
    (0x13430, 0x1343F),  # EGYPTIAN HIEROGLYPH format controls (1343x..F added in 15.0)
    (0x1BCA0, 0x1BCA3),  # SHORTHAND FORMAT controls
    (0x1D173, 0x1D17A),  # MUSICAL SYMBOL BEGIN/END BEAM, TIE, SLUR, PHRASE
    (0xE0000, 0xE007F),  # TAG characters (invisible "ASCII smuggling")
)

# U+nFFFE and U+nFFFF are noncharacters on every plane 0..16.
_PLANE_NONCHARS: tuple[tuple[int, int], ...] = tuple(
    (plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(17)
)

_UNSAFE_RANGES: tuple[tuple[int, int], ...] = tuple(
    sorted((_C0, _DEL, _C1, *_FORMAT_RANGES, *_PLANE_NONCHARS))
)

# The whitespace that sanitize_line folds: ASCII space plus the Unicode
# White_Space characters that break lines (TAB, LF, VT, FF, CR, NEL, LS, PS).
# Printable non-ASCII spaces (NO-BREAK SPACE, EM SPACE, IDEOGRAPHIC SPACE ...)
# are ordinary safe text and are kept as they are.
_FOLD_WS = " \t\n\x0b\x0c\r\x85\u2028\u2029"


def _class_body(ranges: tuple[tuple[int, int], ...], skip: str = "") -> str:
    """Regex character-class body for *ranges*, minus the characters in *skip*."""
    parts: list[str] = []
    skipped = sorted(ord(c) for c in skip)
    for lo, hi in ranges:
        start = lo
        for cp in skipped:
            if start <= cp <= hi:
                if start < cp:
                    parts.append(f"\\U{start:08X}-\\U{cp - 1:08X}")
                start = cp + 1
        if start <= hi:
            parts.append(f"\\U{start:08X}-\\U{hi:08X}")
    return "".join(parts)


_UNSAFE_SET: frozenset[str] = frozenset(
    chr(cp) for lo, hi in _UNSAFE_RANGES for cp in range(lo, hi + 1)
)

# Scanning regexes.  CPython's re compiles a class of BMP characters into a
# constant-time bitmap lookup, but tests astral ranges one by one (a class
# with all ~45 unsafe ranges costs ~50 ns per character).  So the classes
# below hold the BMP part of the unsafe set plus *every* astral character,
# and the replacement functions return safe astral characters unchanged.
_BMP_UNSAFE: tuple[tuple[int, int], ...] = tuple(
    (lo, min(hi, 0xFFFF)) for lo, hi in _UNSAFE_RANGES if lo <= 0xFFFF
)
_ASTRAL = ((0x10000, 0x10FFFF),)

# Every unsafe character (whitespace folding is done in the replacement).
_LINE_RE = re.compile(f"[{_class_body(_BMP_UNSAFE + _ASTRAL)}]")
# Every unsafe character except LF and TAB; the optional LF lets CRLF be one
# match without an alternation (which would defeat re's search prefix scan).
_BLOCK_RE = re.compile(f"[{_class_body(_BMP_UNSAFE + _ASTRAL, skip=chr(10) + chr(9))}]\n?")
_SPACE_RUN_RE = re.compile(" {2,}")
_STRIP_LF_TAB = str.maketrans("", "", "\n\t")

# ---------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------

_C0_NAMES: tuple[str, ...] = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
    "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
    "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
)  # fmt: skip

_LANGLE = "\u27e8"  # ⟨ MATHEMATICAL LEFT ANGLE BRACKET
_RANGLE = "\u27e9"  # ⟩ MATHEMATICAL RIGHT ANGLE BRACKET
_DEL_PICTURE = "\u2421"  # ␡ SYMBOL FOR DELETE

PLACEHOLDER_CHARS: frozenset[str] = frozenset(
    [chr(0x2400 + code) for code in range(0x20)] + [_DEL_PICTURE, _LANGLE, _RANGLE]
)
"""The non-ASCII characters a Unicode-mode placeholder can contain."""


def placeholder(ch: str, *, ascii_only: bool = False) -> str:
    """The visible stand-in for the single character *ch*.

    Defined for every character (not only unsafe ones): C0 controls and DEL
    get a Control Pictures glyph (``<ESC>``-style name in ASCII mode), every
    other character the ``⟨U+XXXX⟩`` form (``<U+XXXX>`` in ASCII mode).
    """
    if len(ch) != 1:
        raise ValueError(f"placeholder() expects one character, got {len(ch)}")
    cp = ord(ch)
    if cp < 0x20:
        return f"<{_C0_NAMES[cp]}>" if ascii_only else chr(0x2400 + cp)
    if cp == 0x7F:
        return "<DEL>" if ascii_only else _DEL_PICTURE
    if ascii_only:
        return f"<U+{cp:04X}>"
    return f"{_LANGLE}U+{cp:04X}{_RANGLE}"


_PLACEHOLDER_CACHE: dict[str, str] = {}
_PLACEHOLDER_CACHE_ASCII: dict[str, str] = {}


def _cached_placeholder(ch: str, ascii_only: bool) -> str:
    cache = _PLACEHOLDER_CACHE_ASCII if ascii_only else _PLACEHOLDER_CACHE
    try:
        return cache[ch]
    except KeyError:
        # Bounded: only unsafe characters reach this (~2,500 of them).
        result = cache[ch] = placeholder(ch, ascii_only=ascii_only)
        return result


def _line_repl(ascii_only: bool) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in _FOLD_WS:
            return " "
        if ch in _UNSAFE_SET:
            return _cached_placeholder(ch, ascii_only)
        return ch  # a safe astral character

    return repl


def _block_repl(ascii_only: bool) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        s = m.group()
        if s == "\r\n":
            return "\n"
        ch = s[0]
        if ch in _UNSAFE_SET:
            return _cached_placeholder(ch, ascii_only) + s[1:]
        return s  # a safe astral character, maybe followed by LF

    return repl


_LINE_REPL = _line_repl(False)
_LINE_REPL_ASCII = _line_repl(True)
_BLOCK_REPL = _block_repl(False)
_BLOCK_REPL_ASCII = _block_repl(True)

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _block_fast_safe(text: str) -> bool:
    """Cheap conservative test: True only if *text* needs no change in block mode."""
    return text.isprintable() or (
        ("\n" in text or "\t" in text) and text.translate(_STRIP_LF_TAB).isprintable()
    )


def is_unsafe(ch: str) -> bool:
    """True if the single character *ch* must not reach the terminal as is.

    Unsafe: C0 controls (including TAB and LF: the two sanitize_block keeps),
    DEL, C1 controls, every format character (Cf: bidi controls, zero-width
    characters, soft hyphen, tags ...), LINE/PARAGRAPH SEPARATOR, surrogates
    and noncharacters.
    """
    if len(ch) != 1:
        raise ValueError(f"is_unsafe() expects one character, got {len(ch)}")
    return ch in _UNSAFE_SET


def sanitize_line(text: str, *, ascii_only: bool = False) -> str:
    """Make *text* safe for a one-line place (title, list cell, border, error).

    Every run of ASCII spaces and line-breaking whitespace (TAB, LF, VT, FF,
    CR, NEL, U+2028, U+2029) is folded to one space; leading/trailing space
    is not stripped (callers strip if they want).  Every other unsafe
    character becomes a visible placeholder.  Safe text, including any
    non-ASCII printable text and markup-like brackets, is returned unchanged.
    """
    if text.isprintable():
        # Fast path: Python's "printable" excludes every unsafe character.
        return _SPACE_RUN_RE.sub(" ", text) if "  " in text else text
    if _LINE_RE.search(text) is not None:
        text = _LINE_RE.sub(_LINE_REPL_ASCII if ascii_only else _LINE_REPL, text)
    # Unsafe whitespace became single spaces above; fold runs of them.
    return _SPACE_RUN_RE.sub(" ", text) if "  " in text else text


def sanitize_block(text: str, *, ascii_only: bool = False) -> str:
    """Make *text* safe for body text.

    Keeps LF and TAB; CRLF becomes LF; a lone CR and every other unsafe
    character (VT, FF, NEL, U+2028, U+2029 included) becomes a visible
    placeholder.  No whitespace is folded.
    """
    if _block_fast_safe(text) or _BLOCK_RE.search(text) is None:
        return text
    return _BLOCK_RE.sub(_BLOCK_REPL_ASCII if ascii_only else _BLOCK_REPL, text)


def contains_placeholder(text: str) -> bool:
    """True if sanitising *text* would mark something with a placeholder.

    That is: *text* holds an unsafe character other than LF and TAB, CR
    counting only when it is not part of a CRLF pair.  Based on the input's
    characters, not on placeholder-like glyphs (``␛``, ``⟨``) it may already
    contain, which are ordinary text.  (sanitize_line also folds whitespace,
    which is a change but not a mark.)
    """
    if _block_fast_safe(text):
        return False
    for m in _BLOCK_RE.finditer(text):
        s = m.group()
        if s != "\r\n" and s[0] in _UNSAFE_SET:
            return True
    return False


_ASCII_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u00ab": "<<", "\u00bb": ">>", "\u2039": "<", "\u203a": ">",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u2022": "*", "\u00b7": ".",
        "\u2190": "<-", "\u2192": "->", "\u2191": "^", "\u2193": "v",
    }
)  # fmt: skip
"""Typographic punctuation with no ASCII decomposition, as ASCII (``“x” — y`` -> ``"x" - y``)."""


def to_ascii(text: str) -> str:
    """One-line, pure-ASCII rendering of *text* for ASCII mode.

    Best-effort transliteration rather than blanket replacement, so Latin
    text stays readable: NFKD decomposition (``é`` -> ``e`` + accent,
    ``ﬁ`` -> ``fi``, ``①`` -> ``1``, ``™`` -> ``TM``), then nonspacing and
    enclosing combining marks (Mn, Me) are dropped, then the result is
    sanitised like :func:`sanitize_line` with ``ascii_only=True`` (unsafe
    characters -> ``<ESC>`` / ``<U+202E>``, whitespace folded; this also
    folds the spaces NFKD makes of NO-BREAK SPACE, EM SPACE ...), and
    finally every remaining non-ASCII character becomes one ``?``.
    NFKD never turns a safe character into an unsafe one, and unsafe ones
    have no decomposition (checked in the tests).
    """
    if text.isascii():
        return sanitize_line(text, ascii_only=True)
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_PUNCTUATION))
    stripped = "".join(
        c for c in decomposed if c.isascii() or unicodedata.category(c) not in ("Mn", "Me")
    )
    safe = sanitize_line(stripped, ascii_only=True)
    return safe.encode("ascii", "replace").decode("ascii")
