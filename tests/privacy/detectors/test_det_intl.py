"""International/national phones, short card numbers and lower-case IBANs (validators and engine)."""

from __future__ import annotations

import pytest

from senim.privacy.detectors.generic.card import issuer_of, make_card_validator, needs_context
from senim.privacy.detectors.generic.iban import make_iban_validator
from senim.privacy.detectors.generic.phone import (
    make_intl_phone_validator,
    make_national_phone_validator,
    split_extension,
)
from senim.privacy.engine import get_engine

NATIONAL = make_national_phone_validator({"score": 0.65})
INTL = make_intl_phone_validator({"score": 0.75})
POSSIBLE = make_intl_phone_validator({"score": 0.55, "possible_only": True})


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("905-674-3793", True),
        ("(37) 788-063", True),
        ("0490 75 40 81", True),
        ("03.93.92.16.85", True),
        ("345-899-3560x4587", True),
        ("9498777106", True),
        ("123 456", False),  # 6 digits: too short
        ("1234 5678 9012 3456", False),  # 16 digits: too long
        ("123456789012", False),  # one 12-digit run: an order or ID number
        ("12.05.2024", False),  # date
        ("2015-12-22", False),  # ISO date
        ("8 701 123 45 67", False),  # Kazakh shape: the numbering-plan detectors decide
        ("87011234567", False),
    ],
)
def test_national_phone_shapes(text: str, ok: bool) -> None:
    verdict = NATIONAL(text, 0, len(text))
    assert (verdict is not None) is ok
    if verdict is not None:
        assert not verdict.validated and verdict.score == 0.65


@pytest.mark.parametrize(
    ("value", "candidate", "ok"),
    [
        ("Phone: 905-674-3793", "905-674-3793", True),
        ("it costs $1 250 000", "1 250 000", False),
        ("1 250 000 тенге", "1 250 000", False),
        ("1 250 000 KZT", "1 250 000", False),
        ("+1 905-674-3793", "905-674-3793", False),  # tail of a + number
        ("8 (799) 123-45-67", "123-45-67", False),  # tail after a bracketed group
        ("at 12:20:39 1234567", "20:39 1234567", False),
        ("call 123 4567:", "123 4567", False),  # a time follows
    ],
)
def test_national_phone_neighbours(value: str, candidate: str, ok: bool) -> None:
    start = value.index(candidate)
    assert (NATIONAL(value, start, start + len(candidate)) is not None) is ok


@pytest.mark.parametrize(
    ("text", "valid", "possible"),
    [
        ("+46 (0)8 928 571 38", True, False),  # trunk (0) dropped
        ("+1-984-182-0190", False, True),  # exchange 182 unassigned: possible only
        ("+447700 921 916", False, True),
        ("+1-903-140-4508x769", False, True),  # extension dropped
        ("+7 701 123 45 67", False, False),  # Kazakh: left to phone.kz
        ("+1 23", False, False),
    ],
)
def test_intl_phone(text: str, valid: bool, possible: bool) -> None:
    assert (INTL(text, 0, len(text)) is not None) is valid
    assert (POSSIBLE(text, 0, len(text)) is not None) is possible


@pytest.mark.parametrize(
    ("text", "number", "ext"),
    [
        ("345-899-3560x4587", "345-899-3560", "x4587"),
        ("555 1234 ext. 12", "555 1234", " ext. 12"),
        ("5551234", "5551234", ""),
    ],
)
def test_split_extension(text: str, number: str, ext: str) -> None:
    assert split_extension(text) == (number, ext)


@pytest.mark.parametrize(
    ("number", "scheme", "short"),
    [
        ("630427373398", "Maestro", True),
        ("501864667909", "Maestro", True),
        ("180016070420458", "JCB", True),
        ("213176828496175", "JCB", True),
        ("3530111333300000", "JCB", False),
        ("30569309025904", "Diners Club", True),
        ("6011111111111117", "Discover", False),
        ("6200000000000005", "UnionPay", False),
        ("2200000000000004", "Mir", False),
        ("378282246310005", "American Express", False),
        ("4222222222222", "Visa", True),
    ],
)
def test_card_issuers(number: str, scheme: str, short: bool) -> None:
    assert issuer_of(number) == scheme
    assert needs_context(len(number), scheme) is short
    long_v = make_card_validator({"score": 0.8})
    short_v = make_card_validator({"score": 0.6, "short": True})
    assert (long_v(number, 0, len(number)) is not None) is not short
    assert (short_v(number, 0, len(number)) is not None) is short


@pytest.mark.parametrize("number", ["630427373399", "3598899323053410", "123456789012"])
def test_card_short_rejects(number: str) -> None:
    assert make_card_validator({"score": 0.6, "short": True})(number, 0, len(number)) is None


def test_iban_any_case() -> None:
    v = make_iban_validator({"score": 0.75, "any_case": True})
    low = "gb42nawi04454264788619"
    assert v(low, 0, len(low)) is not None
    assert v(low.upper(), 0, len(low)) is None  # the ordinary detector's job
    bad = "gb43nawi04454264788619"
    assert v(bad, 0, len(bad)) is None


@pytest.mark.parametrize(
    ("text", "found", "entity"),
    [
        ("Phone: 905-674-3793", "905-674-3793", "PHONE_NUMBER"),
        ("They're not answering at 78 651 450", "78 651 450", "PHONE_NUMBER"),
        ("Desk: +41 (0)96 471 07 95", "+41 (0)96 471 07 95", "PHONE_NUMBER"),
        ("Fax: 345-899-3560x4587", "345-899-3560x4587", "PHONE_NUMBER"),
        ("Тел.: (495) 123-45-67", "(495) 123-45-67", "PHONE_NUMBER"),
        ("Ұялы телефон: 0490 75 40 81", "0490 75 40 81", "PHONE_NUMBER"),
        ("my card 630427373398", "630427373398", "CREDIT_CARD"),
        ("карта 5018 6466 7909", "5018 6466 7909", "CREDIT_CARD"),
        ("cc 180016070420458", "180016070420458", "CREDIT_CARD"),
        ("my iban is gb42nawi04454264788619", "gb42nawi04454264788619", "IBAN_CODE"),
        ("ИИН 850101300123", None, None),
    ],
)
def test_engine_with_context(text: str, found: str | None, entity: str | None) -> None:
    spans = [
        s for s in get_engine().scan([text])[0] if s.entity in ("PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE")
    ]
    if found is None:
        assert spans == []
    else:
        assert [(text[s.start : s.end], s.entity) for s in spans] == [(found, entity)]


@pytest.mark.parametrize(
    "text",
    [
        "Order 905-674-3793 shipped",  # no phone word
        "The total 1 250 000 was paid",
        "630427373398 is the number",  # 12 digits without a card word
        "gb42nawi04454264788619",  # lower-case IBAN without an IBAN word
        "phone 12.05.2024",
        "call 2015-12-22 04:34",
        "Cardholder: James Turner. Order number 573662728043.",
        "телефон 8 799 123 45 67",  # unassigned Kazakh operator code stays rejected
        "phone 123456789012",
    ],
)
def test_engine_rejects(text: str) -> None:
    assert get_engine().scan([text])[0] == []
