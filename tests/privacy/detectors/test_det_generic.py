"""Generic identifiers: phones, e-mail, IBAN, cards, IP addresses, birth dates (validators)."""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
import pytest

from senim.privacy.detectors.generic.card import issuer_of, luhn_ok, make_card_validator
from senim.privacy.detectors.generic.dob import find_birth_date
from senim.privacy.detectors.generic.email import (
    is_valid_email,
    make_email_validator,
    make_idn_email_validator,
)
from senim.privacy.detectors.generic.iban import is_valid_iban, kz_bank_codes, make_iban_validator
from senim.privacy.detectors.generic.ip import make_ipv4_validator, make_ipv6_validator
from senim.privacy.detectors.generic.phone import (
    _kz_landline_prefix_ok,
    is_valid_e164,
    kz_national_number,
    make_kz_phone_validator,
)

CODES = ["700", "701", "702", "705", "706", "707", "708", "747", "760", "761", "762", "763", "764",
         "771", "775", "776", "777", "778", "785"]  # fmt: skip
KZ = make_kz_phone_validator({"score": 0.8, "mobile_codes": CODES, "landline_score": 0.7})


@pytest.mark.parametrize(
    ("text", "ok", "score"),
    [
        ("+7 701 123 4567", True, 0.8),
        ("87011234567", True, 0.8),
        ("8 (701) 123-45-67", True, 0.8),
        ("8 10 7 777 123 45 67", True, 0.8),
        ("+7 785 000 00 00", True, 0.8),
        ("+7 703 123 45 67", False, None),  # 703 is not an operator code
        ("+7 740 123 45 67", False, None),
        ("+7 7172 12 34 56", True, 0.7),  # Astana landline
        ("+7 727 250 12 34", True, 0.7),  # Almaty landline
        ("+7 701 123 45 6", False, None),  # too short
    ],
)
def test_kz_phone(text: str, ok: bool, score: float | None) -> None:
    verdict = KZ(text, 0, len(text))
    assert (verdict is not None) == ok
    if verdict is not None:
        assert verdict.validated and verdict.score == score


def test_kz_national_number() -> None:
    assert kz_national_number("+7 (701) 123-45-67") == "7011234567"
    assert kz_national_number("8 495 123 45 67") is None  # not a 7xx national number
    assert kz_national_number("12345") is None


def test_landline_prefix_check_agrees_with_phonenumbers() -> None:
    """The metadata-pattern check gives the library's verdict (checked on all 100,000 prefixes once)."""
    rng = random.Random(5)
    nationals = ["7" + str(rng.choice([1, 2])) + f"{rng.randint(0, 99_999_999):08d}" for _ in range(600)]
    nationals += [f"7{rng.randint(0, 999_999_999):09d}" for _ in range(1400)]  # mobile, VoIP, unassigned
    nationals += ["7510000000", "7172123456", "7272501234", "7011234567", "7999999999"]
    for national in nationals:
        number = phonenumbers.parse("+7" + national, None)
        expected = (
            phonenumbers.region_code_for_number(number) == "KZ"
            and phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
        )
        assert _kz_landline_prefix_ok(national[:6]) == expected, national


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("12025550123", True),
        ("12025550", False),
        ("442079460000", True),
        ("74951234567", True),
        ("1234", False),
        ("1" * 16, False),
    ],
)
def test_e164(digits: str, ok: bool) -> None:
    assert is_valid_e164(digits) == ok


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("ivan.petrov@mail.ru", True),
        ("a@b.kz", True),
        ("user+tag@sub.example.com", True),
        ("x@xn--80ao21a", False),  # no label before the TLD
        ("x@site.xn--80ao21a", True),
        ("a..b@mail.ru", False),
        ("a.@mail.ru", False),
        ("a@mail.notatld", False),
        ("a@-mail.ru", False),
        ("почта@mail.ru", False),
    ],
)
def test_email(address: str, ok: bool) -> None:
    assert is_valid_email(address) == ok


def test_email_validator_grows_local_part() -> None:
    validate = make_email_validator({"score": 0.9})
    text = "write to ..ivan.petrov@mail.ru today"
    at = text.index("@")
    v = validate(text, at - 1, text.index(" today"))
    assert v is not None and text[v.start : v.end] == "ivan.petrov@mail.ru"
    glued = "почтаivan@mail.ru"
    at = glued.index("@")
    assert validate(glued, at - 1, len(glued)) is None
    too_long = "a" * 70 + "@mail.ru"
    assert validate(too_long, 69, len(too_long)) is None


@pytest.mark.parametrize(
    ("iban", "ok"),
    [
        ("KZ86125KZT5004100100", True),
        ("KZ18722S000012345678", True),
        ("KZ86 125K ZT50 0410 0100", True),
        ("KZ87125KZT5004100100", False),  # bad check digits
        ("KZ86125KZT500410010", False),  # short
        ("GB82WEST12345698765432", True),
        ("DE89370400440532013000", True),
        ("XX86125KZT5004100100", False),  # unknown country
    ],
)
def test_iban(iban: str, ok: bool) -> None:
    assert is_valid_iban(iban) == ok


def test_iban_validator_trims_and_scores_known_banks() -> None:
    validate = make_iban_validator({"score": 0.9, "known_bank_score": 0.95})
    text = "KZ86125KZT5004100100 KZT"
    v = validate(text, 0, len(text))
    assert v is not None and (v.start, v.end) == (0, 20) and v.score == 0.95
    assert kz_bank_codes()["722"][0] == "CASPKZKA"
    bban = "999KZT5004100100"  # unknown bank code 999
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "KZ00")) % 97
    other = f"KZ{check:02d}{bban}"
    v = validate(other, 0, len(other))
    assert v is not None and v.score == 0.9


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("4111111111111111", True),
        ("5500000000000004", True),
        ("340000000000009", True),
        ("4012888888881881", True),
        ("6011000000000004", True),
        ("4111111111111112", False),  # Luhn
        ("9111111111111111", False),  # no issuer
        ("0000000000000000", False),
        ("4111 1111 1111 1111", True),
        ("4111-1111-1111-1111", True),
    ],
)
def test_card(number: str, ok: bool) -> None:
    validate = make_card_validator({"score": 0.8})
    assert (validate(number, 0, len(number)) is not None) == ok


def test_luhn_and_issuer() -> None:
    assert luhn_ok("79927398713") and not luhn_ok("79927398710") and not luhn_ok("12a4")
    assert issuer_of("340000000000009") == "American Express"
    assert issuer_of("2200000000000000") == "Mir"
    assert issuer_of("34000000000000") is None  # Amex has 15 digits


@pytest.mark.parametrize(
    ("text", "ok"),
    [("192.168.1.1", True), ("256.1.1.1", False), ("01.2.3.4", False), ("1.2.3.4.5", False)],
)
def test_ipv4(text: str, ok: bool) -> None:
    validate = make_ipv4_validator({"score": 0.6})
    end = 7 if text == "1.2.3.4.5" else len(text)
    assert (validate(text, 0, end) is not None) == ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fe80::1", "fe80::1"), ("fe80::1.", "fe80::1"), ("2001:db8::8a2e:370:7334", "2001:db8::8a2e:370:7334"),
     ("12:30:45", None), ("00:1a:2b:3c:4d:5e", None), ("::", "::"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8")],
)  # fmt: skip
def test_ipv6(text: str, expected: str | None) -> None:
    v = make_ipv6_validator({"score": 0.7})(text, 0, len(text))
    assert (None if v is None else text[v.start : v.end]) == expected


TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("дата рождения 12.03.1985", "12.03.1985"),
        ("д.р. 1985-03-12 г.", "1985-03-12"),
        ("родился 12 марта 1985 г.", "12 марта 1985 г."),  # the year word is part of the date
        ("дата рождения: 12.03.1985 года", "12.03.1985 года"),
        ("родился 12 марта 1985, в Алматы", "12 марта 1985"),
        ("Пациент, 04.02.1985 г.р., ИИН", "04.02.1985"),  # "year of birth": a label, not the date's
        ("гр. Токаева, 02.07.1985 года рождения", "02.07.1985"),
        ("1985 жылғы 12 наурызда туған", "1985 жылғы 12 наурызда"),
        ("1985 ж. 12 наурыз", "1985 ж. 12 наурыз"),
        ("born March 12, 1985", "March 12, 1985"),
        ("born 12 March 1985", "12 March 1985"),
        ("DOB 31.02.1985", None),  # no such day
        ("DOB 12.13.1985", None),
        ("born 1985", None),
    ],
)
def test_find_birth_date(text: str, expected: str | None) -> None:
    i = text.index("1985")
    found = find_birth_date(text, i, i + 4, TODAY)
    assert (None if found is None else text[found[0] : found[1]]) == expected


def test_future_date_is_not_a_birth_date() -> None:
    text = "born 12.03.2030"
    assert find_birth_date(text, 11, 15, TODAY) is None


@pytest.mark.parametrize(
    ("text", "score", "validated"),
    [("a@mail.ru", 0.9, True), ("a@shop.museumx", 0.5, False), ("a@x.abcdefghijklmnopqrstuvwx", 0.5, False),
     ("a@x.abcdefghijklmnopqrstuvwxy", None, None), ("a@x.c0m", None, None), ("a@x.q", None, None)],
)  # fmt: skip
def test_email_unlisted_tld_lower_score(text: str, score: float | None, validated: bool | None) -> None:
    verdict = make_email_validator({"score": 0.9})(text, text.index("@") - 1, len(text))
    if score is None:
        assert verdict is None
    else:
        assert verdict is not None and (verdict.score, verdict.validated) == (score, validated)


@pytest.mark.parametrize(
    ("text", "found", "validated"),
    [
        ("почта: иван@почта.рф, спасибо", "иван@почта.рф", True),
        ("info@мектеп.қаз.", "info@мектеп.қаз", True),  # .қаз is xn--80ao21a
        ("«иван.петров@почта.рф»", "иван.петров@почта.рф", True),  # trailing guillemet cut off
        ("тест@тест.рус)", "тест@тест.рус", True),
        ("user@домен.kz;", "user@домен.kz", True),  # an IDN label under an ASCII TLD
        ("a@пример.museumx", "a@пример.museumx", False),  # unlisted ASCII TLD: lower score
        ("что@то.такое", None, None),  # not a TLD
        ("Иван@почта.ру", None, None),  # .ру is not a TLD
        ("почтаivan@почта.рф", None, None),  # two scripts glued together
        ("ivan@mail.ru", None, None),  # ASCII: the other detector's address
        ("x@-почта.рф", None, None),  # a label cannot start with a hyphen
        ("x@почта..рф", None, None),
        ("a" * 70 + "@почта.рф", None, None),  # local part over 64 characters
    ],
)
def test_idn_email(text: str, found: str | None, validated: bool | None) -> None:
    import re

    from senim.privacy.detectors.registry import default_registry

    (pattern,) = next(d for d in default_registry() if d.id == "email.idn").patterns
    candidate = re.search(pattern, text, re.ASCII)  # where the engine's candidate would be
    validate = make_idn_email_validator({"score": 0.9})
    verdict = validate(text, candidate.start(), candidate.end()) if candidate is not None else None
    if found is None:
        assert verdict is None
    else:
        assert verdict is not None and verdict.start is not None and verdict.end is not None
        assert (text[verdict.start : verdict.end], verdict.validated) == (found, validated)
        assert verdict.score == (0.9 if validated else 0.5)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_idn_email_in_running_text(backend: str) -> None:
    from senim.privacy.engine import StructuredEngine

    engine = StructuredEngine({"EMAIL_ADDRESS"}, backend=backend)  # type: ignore[arg-type]
    values = [
        "Жазыңыз: info@мектеп.қаз немесе admin@school.kz — рахмет!",
        "Почта «иван@почта.рф», резерв ivan@mail.ru.",
        "нет адреса: что@то.такое",
    ]
    got = [
        [(v[s.start : s.end], s.detector) for s in spans]
        for v, spans in zip(values, engine.scan(values), strict=True)
    ]
    assert got == [
        [("info@мектеп.қаз", "email.idn"), ("admin@school.kz", "email")],
        [("иван@почта.рф", "email.idn"), ("ivan@mail.ru", "email")],
        [],
    ]
