"""Keys of JSON / key=value logs as context, Kazakh mutated context words, identifier codes next to
phone words, 11-digit Kazakh mobiles without "+", and birth dates in tables written inside text."""

from __future__ import annotations

import pytest

from senim.privacy.detectors.generic.dob import cue_owns
from senim.privacy.detectors.generic.dob_table import (
    birth_date_columns,
    is_birth_date_text,
    make_dob_table_validator,
)
from senim.privacy.detectors.generic.phone import in_identifier_code
from senim.privacy.engine import HAS_HYPERSCAN, get_engine

BACKENDS = ["hyperscan", "re"]


def found(backend: str, text: str, entity: str) -> list[str]:
    if backend == "hyperscan" and not HAS_HYPERSCAN:
        pytest.skip("no hyperscan")
    (spans,) = get_engine(backend=backend).scan([text])  # type: ignore[arg-type]
    return [text[s.start : s.end] for s in spans if s.entity == entity]


# --- keys as context -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"fio": "Z", "idCard": "112233445"}', ["112233445"]),
        ("doc_type=x id_card_number=223344556 ok", ["223344556"]),
        ("{'udostoverenie': '334455667'}", ["334455667"]),
        ('"udv": "445566778",', ["445566778"]),
        ('{"jeke_kualik": "556677889"}', ["556677889"]),
        ("номер_удостоверения=667788990", ["667788990"]),
        # near misses: other keys, a 9-digit number without a key
        ('{"order_id": "112233445"}', []),
        ('{"card": "223344556"}', []),
        ("udvx=334455667", []),
        ("Пакет 445566778 жіберілді", []),
    ],
)
def test_id_card_keys(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "KZ_ID_CARD") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"dateOfBirth": "1979-04-30"}', ["1979-04-30"]),
        ("ts=2024-01-02 date_of_birth=30.04.1979 status=new", ["30.04.1979"]),
        ('"DOB":"1979-04-30"', ["1979-04-30"]),
        ("data_rozhdeniya=30/04/1979", ["30/04/1979"]),
        ('{"tugan_kuni": "1979-04-30"}', ["1979-04-30"]),
        ("дата_рождения: 30.04.1979", ["30.04.1979"]),
        # the key names its own value only
        ('{"birth_date": "1979-04-30", "updated_at": "2024-05-06"}', ["1979-04-30"]),
        ('{"created_at": "2024-05-06", "birthDate": "1979-04-30"}', ["1979-04-30"]),
        # near misses: other date keys
        ('{"start_date": "2019-04-30"}', []),
        ("expiry_date=2027-04-30 birthplace=Almaty", []),
    ],
)
def test_birth_date_keys(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a document number right before the cue is no date the cue could belong to
        ("Қонақ: төлқұжат N40011223, туған күні 1972-08-14, бөлме 31", ["1972-08-14"]),
        ("паспорт N 40011223, рождения 14.08.1972", ["14.08.1972"]),
        # an earlier date right before the cue keeps it
        ("1960 жылы туған, 2001-02-03 бастап жұмыс істейді", ["1960"]),
        ("Сотрудник 1960 года рождения, стаж с 1982 года", ["1960"]),
    ],
)
def test_number_before_an_ambiguous_cue(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(
    ("key", "owns"),
    [("birth_date", True), ("date_of_birth", True), ("birthDate", True), ("data_rozhdeniya", True),
     ("tugan_kuni", True), ("дата_рождения", True), ("update_date", None), ("birthplace", None)],
)  # fmt: skip
def test_keys_are_cues_of_the_validator(key: str, owns: bool | None) -> None:
    text = f'"{key}": "12.03.1985"'
    i = text.index("12.03")
    assert cue_owns(text, i, i + 10) is owns


# --- Kazakh case forms and the next line of a transcript -----------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Маман: жеке куәлігіңіздің нөмірін атап беріңізші.\nКлиент: 045612378.", ["045612378"]),
        ("Жеке куәлігін көрсетті, нөмірі 045612378", ["045612378"]),
        ("Жеке куәліктің нөмірі: 045612378", ["045612378"]),
        ("Жеке куәлікке сәйкес 045612378", ["045612378"]),
        ("жеке куалик 045612378", ["045612378"]),
        ("Сотрудник: назовите номер удостоверения, пожалуйста.\nКлиент: 045612378", ["045612378"]),
        # near misses: a mutated form of another word, a number too far away
        ("Туу туралы куәлігі бар, тапсырыс 045612378", []),
        ("Жеке куәлігі тексерілді. Бұл хабарламаның ішінде өте ұзақ мәтін бар, тапсырыс 045612378", []),
    ],
)
def test_id_card_kazakh_forms(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "KZ_ID_CARD") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Төлқұжатының нөмірі N12345678", ["N12345678"]),
        ("Төлқұжатын ұсынды: N 12345678", ["N 12345678"]),
        ('{"pasport": "N 12345678"}', ["N 12345678"]),
        ("Рейс N 12345678 бойынша", []),
    ],
)
def test_passport_forms_and_keys(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "KZ_PASSPORT") == expected


# --- identifier codes and 11-digit mobiles without "+" --------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [("CALL-", True), ("ref INV-", True), ("Өтінім KZ-", True), ("ticket cl-", True),
     ("тел-", False), ("Tel-", False), ("call ", False), ("1-", False), ("", False), ("-", False)],
)  # fmt: skip
def test_in_identifier_code(text: str, code: bool) -> None:
    assert in_identifier_code(text + "55512345", len(text)) is code


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call log: TICKET-44521873 closed", []),
        ("[call CALL-90817263 | 14:02] agent joined", []),
        ("Contact: case INV-2023-5566778 pending", []),
        ("call id KZ-87015556677 archived", []),
        # near misses that stay phones: a phone word and a number, a phone abbreviation with a hyphen
        ("Call 4452-187-301 after lunch", ["4452-187-301"]),
        ("Тел-8 701 555 66 77", ["8 701 555 66 77"]),
        ("Call me on +7 701 555 66 77", ["+7 701 555 66 77"]),
    ],
)
def test_identifier_codes_are_no_phones(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ts=1 msisdn=77051234567 op=sms", ["77051234567"]),
        ('{"telefon": "77771234567"}', ["77771234567"]),
        ("Ұялы: 7 747 123 45 67", ["7 747 123 45 67"]),
        ("contact_phone=77011234567", ["77011234567"]),
        # near misses: no phone word, a code that is no operator's, a number sign
        ("batch 77051234567 processed", []),
        ("телефон=77991234567", []),
        ("Телефон тапсырысы № 77051234567", []),
    ],
)
def test_kz_mobile_without_plus(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "PHONE_NUMBER") == expected


# --- birth dates in tables inside text ------------------------------------------------------------

CSV_BLOCK = (
    "Выгрузка из CRM:\n"
    "код;ФИО;Дата_рождения;Дата визита\n"
    "101;Сейтова А.;03.09.1984;11.02.2025\n"
    "102;Ли В.;1990-12-01;12.02.2025\n"
    "103;Ким Б.;1972;13.02.2025\n"
    "Итого 3 строки, 14.02.2025"
)
MD_TABLE = (
    "Results:\n\n"
    "| No | Student | Birthday | Exam date |\n"
    "|:--:|---------|----------|-----------|\n"
    "| 1 | K. Lee | 11/30/2005 | 2024-06-01 |\n"
    "| 2 | M. Ray | 02.03.2006 | 2024-06-01 |\n"
)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CSV_BLOCK, ["03.09.1984", "1990-12-01"]),
        (MD_TABLE, ["11/30/2005", "02.03.2006"]),
        (
            "Аты\tТуған күні\tҚала\nАсқар\t1999-07-15\tАлматы\nДана\t2001-01-20\tОрал",
            ["1999-07-15", "2001-01-20"],
        ),
        # near misses: a place column, no header, a row that does not fit, a sentence header
        ("name,birth place,joined\nAnn,Almaty,2003-02-01", []),
        ("101;Сейтова А.;03.09.1984;11.02.2025", []),
        (
            "id;date of birth;note\n1;n/a;a note long enough to leave the window of the cue words;1984-09-03",
            [],
        ),
    ],
)
def test_birth_dates_in_tables(backend: str, text: str, expected: list[str]) -> None:
    assert found(backend, text, "DATE_OF_BIRTH") == expected


def test_table_blocks_and_validator() -> None:
    (block,) = birth_date_columns(CSV_BLOCK)
    assert (block.delimiter, block.column, block.cells) == (";", 2, 4)
    assert (
        CSV_BLOCK[block.start : block.end].startswith("101;")
        and "Итого" not in CSV_BLOCK[block.start : block.end]
    )
    assert birth_date_columns("no table here 1984") == ()
    # a sentence is no header; rows must have the header's cell count
    assert birth_date_columns("He gave his date of birth, then left, on\n2019-05-05, a date, more") == ()
    assert birth_date_columns("id;date of birth\n1;2;1984-09-03") == ()
    validate = make_dob_table_validator({"score": 0.8})
    i = CSV_BLOCK.index(";03.09.1984")
    verdict = validate(CSV_BLOCK, i, i + 11)
    assert verdict is not None and CSV_BLOCK[verdict.start or 0 : verdict.end] == "03.09.1984"
    assert verdict.score == 0.8 and not verdict.validated
    j = CSV_BLOCK.index(";11.02.2025")
    assert validate(CSV_BLOCK, j, j + 11) is None  # a visit date: another column
    assert validate("Дата рождения;x\n30.02.1984;y", 10, 21) is None  # not the delimiter's cell
    assert validate("x;Дата рождения\ny;30.02.1984", 17, 28) is None  # no such day
    assert validate("x;Дата рождения\ny;29.02.1984", 17, 28) is not None


@pytest.mark.parametrize(
    ("text", "ok"),
    [("03.09.1984", True), ("1984-09-03", True), ("27.02.61", True), ("11/30/2005", True),
     ("30/11/2005", True), ("11.30.2005", False), ("31.04.1984", False), ("01.01.2999", False),
     ("1984-13-01", False), ("3.9.1984", True)],
)  # fmt: skip
def test_is_birth_date_text(text: str, ok: bool) -> None:
    assert is_birth_date_text(text) is ok
