"""Kazakhstan identifiers: IIN/BIN check digits, passports, ID cards (validators, table-driven)."""

from __future__ import annotations

import random

import pytest
from kz_iin_validator import generate_iin, safe_validate_iin

from senim.privacy.detectors.kz.id_card import make_id_card_mrz_validator
from senim.privacy.detectors.kz.iin_bin import (
    check_digit,
    classify_12,
    has_valid_check_digit,
    is_valid_bin,
    is_valid_iin,
    make_bin_validator,
    make_iin_validator,
)
from senim.privacy.detectors.kz.passport import make_passport_mrz_validator, mrz_check_digit

FIRST_PASS = ["791028302728"]
SECOND_PASS = ["061211600012", "931105385718", "961226369943"]
BIN_VALID = ["990340005977"]


@pytest.mark.parametrize("number", FIRST_PASS + SECOND_PASS + BIN_VALID)
def test_valid_vectors(number: str) -> None:
    assert has_valid_check_digit(number)


@pytest.mark.parametrize("number", FIRST_PASS + SECOND_PASS + BIN_VALID)
@pytest.mark.parametrize("delta", range(1, 10))
def test_any_other_last_digit_is_invalid(number: str, delta: int) -> None:
    bad = number[:11] + str((int(number[11]) + delta) % 10)
    assert not has_valid_check_digit(bad)
    assert classify_12(bad) is None


def test_second_pass_is_used() -> None:
    for number in SECOND_PASS:
        first = sum(int(d) * w for d, w in zip(number[:11], range(1, 12), strict=True)) % 11
        assert first == 10  # these vectors really need the second pass
        assert check_digit(number[:11]) == int(number[11])


@pytest.mark.parametrize("last", "0123456789")
def test_body_without_check_digit(last: str) -> None:
    assert check_digit("80010130072") is None
    assert not has_valid_check_digit("80010130072" + last)


@pytest.mark.parametrize(
    "text", ["", "79102830272", "7910283027281", "79102830272a", "７９１０２８３０２７２８", "79102830272 "]
)
def test_bad_format(text: str) -> None:
    assert not has_valid_check_digit(text)


def test_check_digit_rejects_non_digits() -> None:
    with pytest.raises(ValueError):
        check_digit("7910283027x")


def test_classify_iin_bin_by_digit_5() -> None:
    assert classify_12("791028302728") == ("KZ_IIN", True)
    assert classify_12("990340005977") == ("KZ_BIN", True)
    assert is_valid_bin("990340005977") and not is_valid_iin("990340005977")


def _with_check(body: str) -> str:
    k = check_digit(body)
    assert k is not None
    return body + str(k)


def _first_valid(prefix: str) -> str:
    for serial in range(10000):
        body = prefix + f"{serial:04d}"[: 11 - len(prefix)]
        if check_digit(body) is not None:
            return _with_check(body)
    raise AssertionError


def test_implausible_date_lowers_score_never_rejects() -> None:
    iin = make_iin_validator({"score": 0.85, "implausible_score": 0.6})
    impossible = _first_valid("9913323")  # month 13, day 32: a post-2013 style number
    assert classify_12(impossible) == ("KZ_IIN", False)
    verdict = iin(impossible, 0, 12)
    assert verdict is not None and verdict.validated and verdict.score == 0.6
    good = iin("791028302728", 0, 12)
    assert good is not None and good.score == 0.85


def test_bin_validator_rejects_iin_and_vice_versa() -> None:
    iin = make_iin_validator({"score": 0.85})
    bin_ = make_bin_validator({"score": 0.85})
    assert bin_("791028302728", 0, 12) is None
    assert iin("990340005977", 0, 12) is None
    verdict = bin_("990340005977", 0, 12)
    assert verdict is not None and verdict.validated


def test_cross_check_with_kz_iin_validator() -> None:
    random.seed(1234)
    for _ in range(500):
        number = generate_iin()
        assert has_valid_check_digit(number), number
        assert classify_12(number) is not None
    rng = random.Random(99)
    for _ in range(3000):
        number = f"{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number += f"{rng.randint(1, 6)}{rng.randint(0, 99999):05d}"
        validated, _error = safe_validate_iin(number)
        assert (validated is not None) == has_valid_check_digit(number), number


@pytest.mark.parametrize(
    ("field", "digit"), [("N12345678", None), ("L898902C3", 6), ("AB2134<<<", 5), ("520727", 3)]
)
def test_mrz_check_digit(field: str, digit: int | None) -> None:
    if digit is not None:  # ICAO 9303 part 3 examples
        assert mrz_check_digit(field) == digit
    assert 0 <= mrz_check_digit(field) <= 9


def test_mrz_check_digit_bad_char() -> None:
    with pytest.raises(ValueError):
        mrz_check_digit("n1234")


def test_passport_mrz_validator() -> None:
    validate = make_passport_mrz_validator({"score": 0.95, "format_score": 0.45})
    number = "N12345678"
    good = f"{number}{mrz_check_digit(number)}KAZ"
    bad = f"{number}{(mrz_check_digit(number) + 1) % 10}KAZ"
    v = validate(good, 0, len(good))
    assert v is not None and v.validated and (v.start, v.end) == (0, 9)
    v = validate(bad, 0, len(bad))
    assert v is not None and not v.validated and v.score == 0.45


def test_id_card_mrz_validator() -> None:
    validate = make_id_card_mrz_validator({"score": 0.95})
    number = "012345678"
    line = f"IDKAZ{number}{mrz_check_digit(number)}"
    v = validate(line, 0, len(line))
    assert v is not None and v.validated and line[v.start : v.end] == number
    wrong = f"IDKAZ{number}{(mrz_check_digit(number) + 3) % 10}"
    assert validate(wrong, 0, len(wrong)) is None


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("791028 302728", "KZ_IIN"),  # birth date, then the rest
        ("791 028 302 728", "KZ_IIN"),
        ("7910-2830-2728", "KZ_IIN"),
        ("990340 005977", "KZ_BIN"),
        ("9903 4000 5977", "KZ_BIN"),
        ("791028 302729", None),  # bad check digit
        ("791 028-302 728", None),  # two kinds of separator
        ("79102 8302728", None),  # not one of the groupings
        ("7910283027 28", None),
    ],
)
def test_grouped_iin_and_bin(text: str, entity: str | None) -> None:
    from senim.privacy.detectors.kz.iin_bin import make_bin_grouped_validator, make_iin_grouped_validator

    iin = make_iin_grouped_validator({"score": 0.8})(text, 0, len(text))
    bin_ = make_bin_grouped_validator({"score": 0.8})(text, 0, len(text))
    got = "KZ_IIN" if iin is not None else "KZ_BIN" if bin_ is not None else None
    assert got == entity
    assert iin is None or bin_ is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ИИН 791028 302728, телефон +7 701 234 56 78", "791028 302728"),
        ("ЖСН: 791 028 302 728", "791 028 302 728"),
        ("IIN 7910-2830-2728", "7910-2830-2728"),
        ("БИН 990340 005977", "990340 005977"),
        ("заказ 791028 302728", None),  # without an IIN word the groups are not an IIN
    ],
)
def test_grouped_numbers_need_their_word(text: str, found: str | None) -> None:
    from senim.privacy import scan_text

    spans = [text[f.start : f.end] for f in scan_text(text, entities=["KZ_IIN", "KZ_BIN"])]
    assert spans == ([found] if found else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("паспорт № N 12345678", "N 12345678"),
        ("Төлқұжат: N 09876543, берілген күні", "N 09876543"),
        ("passport no. n 12345678", "n 12345678"),
        ("паспорт N12345678", "N12345678"),
        ("накладная N 12345678", None),  # a document number without a passport word
        ("паспорт N  12345678", None),  # two spaces: not this form
        ("паспорт N 123456789", None),  # nine digits
    ],
)
def test_spaced_passport_number_needs_its_word(text: str, found: str | None) -> None:
    from senim.privacy import scan_text

    spans = [text[f.start : f.end] for f in scan_text(text, entities=["KZ_PASSPORT"])]
    assert spans == ([found] if found else [])
