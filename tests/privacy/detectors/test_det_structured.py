"""Phones, e-mail and cards: the root-zone TLD list, +7 plans, number signs, whole digit-group runs."""

from __future__ import annotations

from importlib import resources

import pytest

from senim.privacy.detectors.generic.card import continues_group_run, luhn_ok, make_card_validator
from senim.privacy.detectors.generic.email import (
    is_valid_email,
    known_tlds,
    make_email_validator,
    make_idn_email_validator,
)
from senim.privacy.detectors.generic.phone import (
    after_number_sign,
    make_kz_phone_validator,
    plus7_national_number,
)
from senim.privacy.engine import get_engine

ENGINE = get_engine()


def found(text: str, entity: str) -> list[str]:
    (spans,) = ENGINE.scan([text])
    return [text[s.start : s.end] for s in spans if s.entity == entity]


# --- e-mail: the TLD is checked against IANA's root zone -------------------------------------


def test_tld_list_is_the_dated_root_zone() -> None:
    text = resources.files("senim.privacy.detectors.generic").joinpath("data", "tlds.txt").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("IANA" in line for line in header) and any("2026-11-17" in line for line in header)
    tlds = known_tlds()
    assert len(tlds) > 1400
    assert {"kz", "ru", "com", "zip", "mov", "app", "xn--80ao21a", "қаз", "xn--p1ai", "рф"} <= tlds
    assert not {"jpg", "jpeg", "png", "webp", "gif", "svg", "pdf", "docx", "xlsx", "qaz"} & tlds


EMAIL = make_email_validator({"score": 0.9, "unknown_tld_score": 0.5})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("пишите на aigerim.s@gov.kz", "aigerim.s@gov.kz"),
        ("contact: ops-team@example.co.uk.", "ops-team@example.co.uk"),
        ("report to audit@bank.finance today", "audit@bank.finance"),  # a new gTLD in the list
        ("mail dev@2x-studio.com", "dev@2x-studio.com"),  # a domain that only starts like "2x"
        ("mail hi@team.2x.kz", "hi@team.2x.kz"),  # "2x" as one label among several
        # file names: extensions that are no TLD
        ("<img src='hero@2x.jpeg'>", None),
        ("sprite@3x.gif", None),
        ("scan@home.heic", None),
        ("budget@q3.xlsx", None),
        ("see photo@beach.webp", None),
        # retina assets whose extension is a TLD
        ("download bundle@2x.zip", None),
        ("preview@3X.mov", None),
        ("splash@1.5x.app", None),
        ("icon-76@2x.link", None),
    ],
)
def test_email_tld_and_asset_names(text: str, expected: str | None) -> None:
    at = text.index("@")
    end = at + 1
    while end < len(text) and (text[end].isalnum() or text[end] in ".-"):
        end += 1
    end -= text[at:end].endswith(".")
    verdict = EMAIL(text, at - 1, end)
    if expected is None:
        assert verdict is None
    else:
        assert verdict is not None and verdict.validated
        assert text[verdict.start or 0 : verdict.end] == expected


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("x@mail.notatld", "unvalidated"),  # long unlisted: a TLD newer than the list
        ("x@mail.abcd", None),  # 2-4 letters and unlisted: a file extension, not a TLD
        ("x@mail.xy", None),  # an unassigned country code
        ("x@mail.kz", "validated"),
    ],
)
def test_unlisted_tld_lengths(address: str, kind: str | None) -> None:
    verdict = EMAIL(address, 0, len(address))
    assert (None if verdict is None else "validated" if verdict.validated else "unvalidated") == kind
    assert is_valid_email(address) == (kind == "validated")


def test_idn_tld_from_the_list() -> None:
    idn = make_idn_email_validator({"score": 0.9})
    for text, ok in [("дана@мектеп.қаз", True), ("иван@почта.рф", True), ("иван@почта.жпг", False)]:
        verdict = idn(text, text.index("@") - 1, len(text))
        assert (verdict is not None and verdict.validated) == ok, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Logo files: brand@2x.png, brand@3x.webp, brand@2x.zip", []),
        ("Пишите: a.nurlan@mail.kz, не на logo@2x.png", ["a.nurlan@mail.kz"]),
        ("Хат жіберіңіз: info@мектеп.қаз", ["info@мектеп.қаз"]),
    ],
)
def test_email_engine(text: str, expected: list[str]) -> None:
    assert found(text, "EMAIL_ADDRESS") == expected


# --- phones: the +7 plans (Kazakhstan and Russia), bracketed area codes ------------------------


def test_plus7_national_number() -> None:
    assert plus7_national_number("8 (812) 570-12-34") == "8125701234"
    assert plus7_national_number("(7182) 32-45-67") == "7182324567"
    assert plus7_national_number("8 10 7 495 123 45 67") == "4951234567"
    assert plus7_national_number("8 812 570 12") is None


CODES = ["700", "701", "702", "705", "706", "707", "708", "747", "771", "775", "776", "777", "778"]


@pytest.mark.parametrize(
    ("plans", "text", "ok"),
    [
        (["ru"], "8 812 570 12 34", True),  # St Petersburg
        (["ru"], "8 (3452) 45-67-89", True),  # Tyumen, 4-digit area code
        (["ru"], "8 926 111 22 33", True),  # a Russian mobile
        (["ru"], "8 800 200 12 34", True),  # toll free
        (["ru"], "8 727 250 11 22", False),  # Kazakh: not this detector's
        (["ru"], "8 211 570 12 34", False),  # 2xx: no such area in the plan
        (["ru"], "8 812 570 12 3", False),  # one digit short
        (["kz", "ru"], "(7182) 32-45-67", True),  # Pavlodar
        (["kz", "ru"], "(72138) 5-12-34", True),  # a district code
        (["kz", "ru"], "(727) 250-11-22", True),
        (["kz", "ru"], "(701) 555-12-34", True),  # an operator code in brackets
        (["kz", "ru"], "(812) 570-12-34", True),
        (["kz", "ru"], "(703) 555-12-34", False),  # 703: not assigned
        (["kz", "ru"], "(727) 250-11-2", False),
        (["kz"], "8 812 570 12 34", False),  # the Kazakh detector alone keeps to 7xx
    ],
)
def test_plus7_plans(plans: list[str], text: str, ok: bool) -> None:
    validate = make_kz_phone_validator({"score": 0.7, "plans": plans, "mobile_codes": CODES})
    verdict = validate(text, 0, len(text))
    assert (verdict is not None and verdict.validated) == ok


def test_plans_parameter_is_checked() -> None:
    with pytest.raises(ValueError, match="plans"):
        make_kz_phone_validator({"plans": ["us"], "mobile_codes": CODES})
    with pytest.raises(ValueError, match="mobile_codes"):
        make_kz_phone_validator({"plans": ["kz"]})
    assert make_kz_phone_validator({"plans": ["ru"]})("8 812 570 12 34", 0, 15) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bracketed area codes, no prefix, no phone word
        ("Қабылдау бөлмесі (7182) 32-45-67, дүйсенбі-жұма", ["(7182) 32-45-67"]),
        ("Приёмная: (7212) 41-05-88", ["(7212) 41-05-88"]),
        ("Front desk (727) 250 11 22 (ask for Dana)", ["(727) 250 11 22"]),
        ("Аудан әкімдігі (72138) 5-12-34", ["(72138) 5-12-34"]),
        ("Офис в Москве: (495) 988-12-34", ["(495) 988-12-34"]),
        ("+7 (7182) 32-45-67", ["+7 (7182) 32-45-67"]),  # the whole number, not its tail
        ("8 (727) 250-11-22", ["8 (727) 250-11-22"]),
        # Russian numbers with the trunk prefix
        ("Менеджер: 8 812 570 12 34", ["8 812 570 12 34"]),
        ("горячая линия 8-800-200-12-34", ["8-800-200-12-34"]),
        ("Звоните 8 (926) 111-22-33", ["8 (926) 111-22-33"]),
        # near misses
        ("(7182) 2024 жылғы есеп", []),  # a year after a bracket
        ("(727) 12-34", []),  # too short
        ("(727) 250-11-223", []),  # too long
        ("(2019) 250-11-22", []),  # not a +7 area code
        ("см. (с. 727) 2501122", []),
        ("Сумма 8 200 123 45 67 тенге", []),  # 2xx: no area
        ("Кітап 8 499 863 31 бет", []),  # 10 digits
    ],
)
def test_plus7_engine(text: str, expected: list[str]) -> None:
    assert found(text, "PHONE_NUMBER") == expected


# --- phones: a number right after a number sign is a document number ----------------------------


@pytest.mark.parametrize(
    ("text", "after_sign"),
    [
        ("Шарт № 4471234", True),
        ("заявка №4471234", True),
        ("Invoice No. 4471234", True),
        ("Ticket no: 4471234", True),
        ("Order #4471234", True),
        ("Приказ N° 4471234", True),
        ("Akte Nr. 4471234", True),
        ("тел. № 4471234", False),  # a phone word before the sign
        ("Phone No.: 4471234", False),
        ("WhatsApp # 4471234", False),
        ("Telephone no 4471234", False),
        ("Casino 4471234", False),  # "no" inside a word
        ("see 4471234", False),
    ],
)
def test_after_number_sign(text: str, after_sign: bool) -> None:
    assert after_number_sign(text, text.index("4471234")) == after_sign


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # document numbers: with a phone word nearby, still not a phone
        ("Шарт № 44712345 бойынша, тел. 250-11-22", ["250-11-22"]),
        ("Заявка №58812347 принята, звоните", []),
        ("Ticket No. 7123456, phone", []),
        ("Order # 32234625, call +1 212 555 0100", ["+1 212 555 0100"]),
        ("Өтініш № 87011234567 тіркелді", []),  # phone-shaped, but a number after "№"
        # the phone word before the sign says otherwise
        ("тел. № 8 701 555 12 34", ["8 701 555 12 34"]),
        ("Phone No.: 555-123-4567", ["555-123-4567"]),
        ("WhatsApp # 8 777 123 45 67", ["8 777 123 45 67"]),
        # context words that are not about phones: "байланысты" (due to), Kazakh "сот" (court)
        ("Осыған байланысты 4471234 нөмірлі іс қаралды", []),
        ("Сот 4471234 іс бойынша шешім шығарды", []),
        ("Байланыс: 250-11-22", ["250-11-22"]),
        ("Байланыс телефоны 250 11 22", ["250 11 22"]),
        ("Сұрақтар бойынша хабарласыңыз: 250-11-22", ["250-11-22"]),
        ("сот. 8 912 345 67 89", ["8 912 345 67 89"]),
    ],
)
def test_number_sign_engine(text: str, expected: list[str]) -> None:
    assert found(text, "PHONE_NUMBER") == expected


# --- cards: a card is a whole digit-group run --------------------------------------------------


def _luhn_complete(body: str) -> str:
    """``body`` plus the check digit that makes it pass Luhn."""
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def _group(digits: str, sep: str = " ") -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _prefix_passes_whole_fails() -> str:
    """16 Maestro-range digits whose first 12 pass Luhn and whose whole fails it."""
    head = _luhn_complete("63901234567")
    for tail in range(10000):
        number = head + f"{tail:04d}"
        if not luhn_ok(number):
            return number
    raise AssertionError("unreachable")


BAD16 = _prefix_passes_whole_fails()


@pytest.mark.parametrize(
    ("text", "start", "end", "continues"),
    [
        ("6390 1234 5678 9012", 0, 14, True),  # 12 + 4 digits: one number
        ("6390-1234-5678-9012", 0, 14, True),
        ("4111 1111 1111 1111 2024", 0, 19, False),  # 16 + 4 > 19: a card and a year
        ("4111 1111 1111 1111 23 марта", 0, 19, False),  # another layout: a day
        ("5018 0000 0009 15 шт.", 0, 14, False),
        ("x 1234 5678 9012", 2, 16, False),
        ("4111-1111-1111-1111 12/25", 0, 19, False),  # an expiry date, not a group
        ("6390 1234 5678 10.30", 0, 14, False),  # a time
        ("1234 6390 1234 5678", 5, 19, True),  # a group before
        ("12 6390 1234 5678", 3, 17, False),
        ("1234 4111111111111", 5, 18, False),  # no layout: a digit run
        ("4111 1111 1111 1111 4111 1111 1111 1111", 20, 39, False),  # the card before: 20 digits
    ],
)
def test_continues_group_run(text: str, start: int, end: int, continues: bool) -> None:
    assert continues_group_run(text, start, end) == continues


def test_short_card_validator_refuses_a_prefix_of_a_run() -> None:
    short = make_card_validator({"score": 0.6, "short": True})
    text = f"card {_group(BAD16)} was declined"
    assert luhn_ok(BAD16[:12]) and not luhn_ok(BAD16)
    assert short(text, 5, 5 + 14) is None  # the first three groups
    assert short(text, 5, 5 + 19) is None  # the whole run, cut by the validator
    alone = f"card {_group(BAD16[:12])} was declined"
    assert short(alone, 5, 5 + 14) is not None  # the same 12 digits as a whole run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"card number {_group(BAD16)} did not pass the check", []),
        (f"карта нөмірі {_group(BAD16, '-')} қате", []),
        (f"номер карты {_group(BAD16[:12])} принят", [_group(BAD16[:12])]),
        ("карта 4111 1111 1111 1111 2024", ["4111 1111 1111 1111"]),
        ("cards 4111 1111 1111 1111 5500 0000 0000 0004", ["4111 1111 1111 1111", "5500 0000 0000 0004"]),
        ("карта 4111-1111-1111-1111 12/29", ["4111-1111-1111-1111"]),
        ("с моей карты 4111 1111 1111 1111 23 февраля списали", ["4111 1111 1111 1111"]),
        ("с карты 4111111111111111 19 июня", ["4111111111111111"]),
    ],
)
def test_card_engine(text: str, expected: list[str]) -> None:
    assert found(text, "CREDIT_CARD") == expected
