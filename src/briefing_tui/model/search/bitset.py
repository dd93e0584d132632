"""Sets of small non-negative integers as Python ints, converted at C speed.

A set of entry numbers ``{0, 3, 5}`` is the int ``0b101001``: bit ``i`` is set when
``i`` is in the set. Union, intersection and difference are then ``|``, ``&`` and
``& ~`` on ints, which CPython runs in C over 30-bit digits (a set over 100,000
entries is 13 KB and one operation takes a few microseconds).

Conversions avoid a Python-level loop per bit: indices are written into a
``bytearray`` of flags by ``map`` (C), the flags become a string of ``0``/``1``
digits by ``bytes.translate`` and ``int(..., 2)`` parses it (linear for base 2);
back, ``format(bits, "b")`` and ``itertools.compress`` list the set bits.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import compress, repeat

__all__ = ["bits_from_flags", "bits_from_indices", "flags_of", "indices_of", "span_bits"]

_FLAGS_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_DIGITS_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def bits_from_flags(flags: bytes | bytearray) -> int:
    """The set of positions whose byte in ``flags`` is 1 (every byte must be 0 or 1)."""
    if not flags:
        return 0
    return int(flags.translate(_FLAGS_TO_DIGITS)[::-1], 2)


def bits_from_indices(indices: Iterable[int], size: int) -> int:
    """The set of ``indices``, each in ``range(size)``."""
    flags = bytearray(size)
    deque(map(flags.__setitem__, indices, repeat(1)), maxlen=0)
    return bits_from_flags(flags)


def span_bits(start: int, stop: int) -> int:
    """The set ``range(start, stop)``."""
    if stop <= start:
        return 0
    return ((1 << (stop - start)) - 1) << start


def indices_of(bits: int, offset: int = 0) -> list[int]:
    """The members of ``bits`` in ascending order, each plus ``offset``."""
    if bits <= 0:
        return []
    if bits.bit_count() <= 16:  # few members: peel them off, lowest first
        found: list[int] = []
        while bits:
            low = bits & -bits
            found.append(low.bit_length() - 1 + offset)
            bits ^= low
        return found
    flags = format(bits, "b")[::-1].encode("ascii").translate(_DIGITS_TO_FLAGS)
    return list(compress(range(offset, offset + len(flags)), flags))


def flags_of(bits: int, width: int) -> bytes:
    """``width`` bytes, byte ``i`` 1 when bit ``i`` of ``bits`` is set (bits < 2**width)."""
    return format(bits, f"0{width}b")[::-1].encode("ascii").translate(_DIGITS_TO_FLAGS)
