"""Check digits of Kazakhstan's IIN (individuals) and BIN (legal entities).

Both are 12-digit numbers sharing one two-pass mod-11 check digit:

1. ``s1 = sum(d_i * w_i)`` over the first 11 digits with weights ``1..11``; ``k = s1 mod 11``.
2. If ``k == 10``, ``s2`` uses weights ``3,4,5,6,7,8,9,10,11,1,2``; ``k = s2 mod 11``.
3. If ``k`` is 10 again the number is never issued and is rejected.

References
----------
Government Decree No. 565 of 11.06.2003 and the rules at https://adilet.zan.kz/rus/docs/P070000406_
(digest: ``shared/law/kz-personal-data.md`` §2.8).

This module is pure and dependency-free so that the profile validator and the scanner share it.
"""

from __future__ import annotations

import datetime as _dt

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

__all__ = ["check_digit", "has_valid_check_digit", "iin_birth_date", "is_valid_bin", "is_valid_iin"]


def check_digit(first11: str) -> int | None:
    """Return the check digit for 11 leading digits, or ``None`` when no digit is valid."""
    if len(first11) != 11 or not first11.isascii() or not first11.isdigit():
        raise ValueError("expected exactly 11 ASCII digits")
    digits = [ord(c) - 48 for c in first11]
    k = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if k == 10:
        k = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
        if k == 10:
            return None
    return k


def has_valid_check_digit(number: str) -> bool:
    """True when ``number`` is 12 ASCII digits whose last digit is the mod-11 check digit."""
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return False
    k = check_digit(number[:11])
    return k is not None and k == ord(number[11]) - 48


def iin_birth_date(number: str) -> _dt.date | None:
    """The birth date encoded in an IIN (digits 1-6 plus the century digit 7), if it is a real date."""
    if len(number) < 7 or not number[:7].isdigit():
        return None
    century_digit = ord(number[6]) - 48
    if not 1 <= century_digit <= 6:
        return None
    century = 1800 + 100 * ((century_digit - 1) // 2)
    try:
        return _dt.date(century + int(number[0:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None


def is_valid_iin(number: str) -> bool:
    """A structurally valid IIN: check digit, century/sex digit 1-6 and a real birth date."""
    return has_valid_check_digit(number) and iin_birth_date(number) is not None


def is_valid_bin(number: str) -> bool:
    """A structurally valid BIN: check digit, month 01-12, type digit 4-6, attribute digit 0-3."""
    if not has_valid_check_digit(number):
        return False
    month = int(number[2:4])
    return 1 <= month <= 12 and number[4] in "456" and number[5] in "0123"
