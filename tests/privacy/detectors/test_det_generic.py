"""Generic identifiers: phones, e-mail, IBAN, cards, IP addresses, birth dates (validators)."""

from __future__ import annotations

import datetime as dt
import random
import re

import phonenumbers
import pytest

from senim.privacy.detectors.generic.card import issuer_of, luhn_ok, make_card_validator
from senim.privacy.detectors.generic.dob import (
    cue_owns,
    find_birth_date,
    find_short_birth_date,
    make_dob_validator,
)
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


# --- which date a cue names, after-cues, two-digit years (the validator alone, no context gate) --
DOB = make_dob_validator({"score": 0.6, "year_score": 0.35})
_DOB_CANDIDATES = re.compile(  # the engine's \b is ASCII: "1949ж.т." has a word end after the year
    r"\b(?:19|20)[0-9]{2}\b|\b[0-3]?[0-9][./-][01]?[0-9][./-][0-9]{2}\b", re.ASCII
)


def dob_spans(text: str) -> list[str]:
    """Every candidate of the registry's two patterns through the validator, as the engine would."""
    out: list[str] = []
    for m in _DOB_CANDIDATES.finditer(text):
        v = DOB(text, m.start(), m.end())
        if v is not None:
            assert v.start is not None and v.end is not None
            out.append(text[v.start : v.end])
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Kazakh after-cue "ж.т." (жылы туған): a label after the date, outside the span
        ("Құжат иесі Сәулеге, 14.09.1963 ж.т., тіркелген", ["14.09.1963"]),
        ("Азамат 1971-11-30 ж.т. өтініш берді", ["1971-11-30"]),
        ("Ержанов Б., 03/05/1949ж.т.", ["03/05/1949"]),
        ("Сатушы 1966 ж. т. азамат", ["1966"]),
        ("Сатушы 1966 жылы туған азамат", ["1966"]),
        # the Kazakh year word belongs to the date, as Russian "г." does
        ("туған күні: 17.10.1982 ж. мекенжайы", ["17.10.1982 ж."]),
        ("туған күні 17.10.1982 жылы, Алматы", ["17.10.1982 жылы"]),
        ("туған күні 3 наурыз 1990 ж., ЖСН", ["3 наурыз 1990 ж."]),
        ("д.р. 9 мая 1951 г. р.", ["9 мая 1951"]),
        # two-digit years
        ("Д.р.: 09.11.58, паспорт", ["09.11.58"]),
        ("Сидорова А., 30.06.77 г.р., прописана", ["30.06.77"]),
        ("date of birth 4/7/03", ["4/7/03"]),
        ("д.р. 14.07.92 г., адрес", ["14.07.92 г."]),
        ("д.р. 31.04.80", []),  # no 31 April
        ("д.р. 12.07-80", []),  # two separators
        ("узел 192.12.03.85, д.р.", []),  # part of a longer dotted number
        ("д.р. 12.03.85.4", []),
        # Kazakh year-first dates, the verb a few words on
        ("Ол 1968 жылы 9 мамырда Шымкент облысы Сайрам ауданында туған", ["1968 жылы 9 мамырда"]),
        ("1979 жылғы 2 қазанда Атырауда туылған", ["1979 жылғы 2 қазанда"]),
        ("туған күні: 2001 жылғы 15 желтоқсан", ["2001 жылғы 15 желтоқсан"]),
        ("2018 жылы 5 маусымда әжесінің туған күнін тойлады", []),  # someone's birthday party
        ("2019 жылы туған ауылына оралды", []),  # "туған ауылы": a native village
        ("1993 жылы 7 сәуірде Қостанай облысы, Әулиекөл ауданы, Новоселов ауылында туған.",
         ["1993 жылы 7 сәуірде"]),
        ("2012 жылы Астанада туған баласымен келді", []),  # the participle does not end the clause
        ("Ол 1990 жылы келді. Інісі Таразда туған", []),  # the verb is in the next sentence
        # a cue names the nearest date: later dates are not birth dates
        ("Пациентка (дата рожд. 02.03.1955) госпитализирована 14.01.2020, выписана 28.01.2020",
         ["02.03.1955"]),
        ("д.р. 11 мая 1983 г.; дата визита 21.10.2023", ["11 мая 1983 г."]),
        ("DOB 1990-06-15; admitted 2022-03-01", ["1990-06-15"]),
        ("Guest born 7 June 1979, check-in 12 August 2024", ["7 June 1979"]),
        ("туған күні 1992-05-19, қонақүйге келген күні 2024-07-01", ["1992-05-19"]),
        ("туған күні: 1986 жылғы 4 шілде; 2021 жылдан бастап жұмыс істейді", ["1986 жылғы 4 шілде"]),
        ("дата рождения не указана, заезд 03.03.2024", []),  # a date label between cue and date
        ("born in Almaty. Moved to Astana on 1 March 2010", []),  # a sentence end between them
        ("д.р. неизвестна; на учёте с 05.06.2017", []),
        ("туған күні белгісіз, 2016-02-01 бастап тіркелген", []),
        # an after-cue names the date right before it, not a date before that
        ("2019 жылы келді, 1970 ж.т.", ["1970"]),
        ("1960 года рождения, принят на работу 12.03.1985", ["1960"]),
        ("1957 жылы туған, 2011 жылы 3 наурызда көшіп келген", ["1957"]),
        ("заезд 30.08.2023, д.р. 28.11.1998", ["28.11.1998"]),  # a before-cue names only what follows
        # no cue word at all (admitted by a birth-date column): kept
        ("12.03.85", ["12.03.85"]),
        ("1985-03-12", ["1985-03-12"]),
    ],
)  # fmt: skip
def test_dob_validator_spans(text: str, expected: list[str]) -> None:
    assert dob_spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("д.р. 27.02.61", "27.02.61"),  # 2061 is in the future: 1961
        ("д.р. 27.02.05", "27.02.05"),  # 2005
        ("д.р. 31.12.25", "31.12.25"),  # 2025-12-31 is past on TODAY
        ("д.р. 02.01.26", "02.01.26"),  # 2026-01-02 is after TODAY: 1926
        ("д.р. 29.02.00", "29.02.00"),  # 2000 is a leap year
        ("д.р. 29.02.01", None),
        ("д.р. 00.02.61", None),
        ("д.р. 12.00.61", None),
        ("д.р. 1.2.61 г.", "1.2.61 г."),
    ],
)
def test_short_birth_date(text: str, expected: str | None) -> None:
    start = 5
    end = start + len(text[start:].split(" ", maxsplit=1)[0])
    found = find_short_birth_date(text, start, end, TODAY)
    assert (None if found is None else text[found[0] : found[1]]) == expected


def test_short_birth_date_century_follows_today() -> None:
    # 29 February exists in 2000 but not in 1900: the century chosen shows in the answer
    text = "д.р. 29.02.00"
    assert find_short_birth_date(text, 5, 13, TODAY) == (5, 13)  # 2000
    assert find_short_birth_date(text, 5, 13, dt.date(1999, 12, 31)) is None  # 2000 is ahead: 1900
    assert find_short_birth_date("д.р. 30.06.26", 5, 13, dt.date(2026, 6, 30)) == (5, 13)  # today


@pytest.mark.parametrize(
    ("text", "date", "owned"),
    [
        ("д.р. 12.03.1985", "12.03.1985", True),
        ("12.03.1985 г.р.", "12.03.1985", True),
        ("12.03.1985", "12.03.1985", None),  # no cue word: a column hint admitted it
        ("по договору 12.03.2020", "12.03.2020", None),
        ("д.р. 01.01.1970, с 12.03.2020", "12.03.2020", False),
        ("12.03.2020, д.р. 01.01.1970", "12.03.2020", False),  # "д.р." names the date after it
        ("туған күні 01.01.1970 жылы, 12.03.2020 дейін", "12.03.2020", False),
        ("Born: see file. Date 12.03.2020", "12.03.2020", False),
    ],
)
def test_cue_owns(text: str, date: str, owned: bool | None) -> None:
    i = text.index(date)
    assert cue_owns(text, i, i + len(date)) is owned


def test_every_registry_cue_is_known_to_the_validator() -> None:
    """A registry word the validator did not know would make a date it names look column-admitted."""
    from senim.privacy.detectors.registry import default_registry

    (det,) = [d for d in default_registry() if d.id == "dob"]
    for word in det.context_words:
        assert cue_owns(f"x {word} 12.03.1985", 3 + len(word) + 1, 3 + len(word) + 11) is not None, word


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ол 1968 жылы 9 мамырда Шымкент облысы Сайрам ауданында туған", ["1968 жылы 9 мамырда"]),
        ("1993 жылы 7 сәуірде Қостанай облысы, Әулиекөл ауданы, Новоселов ауылында туған.",
         ["1993 жылы 7 сәуірде"]),
        ("Клиент Ахметова, 23.05.74 г.р.", ["23.05.74"]),
        ("Тапсырыс 23.05.2024 қабылданды", []),  # no cue: the context gate still applies
        ("Версия 2.10.15 от 23.05.24", []),
        ("Қонақ 1975-10-12 ж.т., келген күні 2024-06-03", ["1975-10-12"]),
    ],
)
def test_dob_through_the_engine(backend: str, text: str, expected: list[str]) -> None:
    from senim.privacy.engine import HAS_HYPERSCAN, get_engine

    if backend == "hyperscan" and not HAS_HYPERSCAN:
        pytest.skip("no hyperscan")
    (spans,) = get_engine(["DATE_OF_BIRTH"], backend=backend).scan([text])  # type: ignore[arg-type]
    assert [text[s.start : s.end] for s in spans] == expected



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
