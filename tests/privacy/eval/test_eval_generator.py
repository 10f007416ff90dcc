"""The synthetic generator: determinism, gold offsets, identifiers valid/invalid as labelled."""

from __future__ import annotations

import itertools
import random
import re

import phonenumbers
import pytest
from kz_iin_validator import validate_iin  # independent oracle

from senim.privacy.detectors.kz.iin_bin import has_valid_check_digit, is_valid_bin
from senim.privacy.eval.generator import (
    TABLE_COLUMNS,
    generate_table,
    generate_table_docs,
    generate_texts,
    iban_check_digits,
    kk_case,
    luhn_check_digit,
    make_bin,
    make_iin,
)
from senim.privacy.eval.gold import GoldDoc
from senim.privacy.types import ENTITIES

N = 1500


@pytest.fixture(scope="module")
def docs() -> list[GoldDoc]:
    return generate_texts(N, seed=7)


def _luhn_ok(digits: str) -> bool:
    return luhn_check_digit(digits[:-1]) == int(digits[-1])


def _iban_ok(value: str) -> bool:
    s = value.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def _oracle_iin(value: str) -> bool:
    try:
        return bool(validate_iin(value))
    except Exception:  # the oracle raises on numbers without a real birth date
        return False


def test_deterministic_for_a_seed() -> None:
    assert generate_texts(50, seed=3) == generate_texts(50, seed=3)
    assert generate_texts(50, seed=3) != generate_texts(50, seed=4)
    assert generate_table(20, seed=5) == generate_table(20, seed=5)
    random.seed(0)  # global state must not matter
    a = generate_texts(10, seed=1)
    random.seed(99)
    assert generate_texts(10, seed=1) == a


def test_languages_domains_and_arguments(docs: list[GoldDoc]) -> None:
    assert {d.language for d in docs} == {"kk", "ru", "en"}
    assert {d.domain for d in docs} >= {"bank", "hr", "complaint", "chat", "medical", "police"}
    assert {d.language for d in generate_texts(20, seed=1, languages=["kk"])} == {"kk"}
    with pytest.raises(ValueError):
        generate_texts(3, seed=1, languages=["de"])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        generate_texts(-1, seed=1)


def test_every_contract_entity_and_every_decoy_kind_occurs(docs: list[GoldDoc]) -> None:
    entities = {s.entity for d in docs for s in d.spans}
    assert entities == set(ENTITIES)
    kinds = {s.kind for d in docs for s in d.decoys}
    assert kinds == {"bad_checksum_order_id", "luhn_invalid", "nine_digits_no_context", "not_a_birth_date",
                     "unassigned_operator_code", "bad_iban_checksum"}
    span_kinds = {s.kind for d in docs for s in d.spans}
    assert {"iin_normal", "iin_second_pass", "iin_no_date", "phone_landline", "phone_mobile",
            "card_amex", "card_mir", "iban_kz", "ipv6"} <= span_kinds


def test_spans_slice_the_text_and_do_not_overlap(docs: list[GoldDoc]) -> None:
    for d in docs:
        marks = sorted((*d.spans, *d.decoys), key=lambda s: s.start)
        for a, b in itertools.pairwise(marks):
            assert a.end <= b.start, d.doc_id
        for s in marks:
            value = d.text[s.start:s.end]
            assert value == value.strip() and value, (d.doc_id, s)
            # a gold value is a whole token: never glued to a letter or digit
            before = d.text[s.start - 1] if s.start else " "
            after = d.text[s.end] if s.end < len(d.text) else " "
            assert not before.isalnum() and not after.isalnum(), (d.doc_id, s)


def _values(docs: list[GoldDoc], entity: str, *, decoys: bool = False) -> list[tuple[str, str]]:
    return [(d.text[s.start:s.end], s.kind) for d in docs for s in (d.decoys if decoys else d.spans)
            if s.entity == entity]


def test_iins_valid_by_oracle_and_labelled_kinds(docs: list[GoldDoc]) -> None:
    values = _values(docs, "KZ_IIN")
    assert len(values) > 100
    for v, kind in values:
        assert re.fullmatch(r"\d{12}", v) and has_valid_check_digit(v)
        assert v[6] in "3456"
        if kind == "iin_no_date":
            assert not _oracle_iin(v)  # impossible date, still checksum-valid
        else:
            assert _oracle_iin(v), v
        first = sum(int(c) * w for c, w in zip(v[:11], range(1, 12), strict=True)) % 11
        assert (first == 10) == (kind == "iin_second_pass")


def test_make_iin_kinds_and_bins() -> None:
    rng = random.Random(11)
    for _ in range(300):
        assert _oracle_iin(make_iin(rng, kind="second_pass"))
        assert has_valid_check_digit(make_iin(rng, kind="no_date"))
        b = make_bin(rng)
        assert is_valid_bin(b) and b[4] in "456" and b[5] in "0123" and 40 <= int(b[4:6]) <= 63


def test_decoys_are_invalid(docs: list[GoldDoc]) -> None:
    for v, _ in _values(docs, "KZ_IIN", decoys=True):
        assert re.fullmatch(r"\d{12}", v) and not has_valid_check_digit(v)
    for v, _ in _values(docs, "CREDIT_CARD", decoys=True):
        digits = re.sub(r"\D", "", v)
        assert len(digits) == 16 and not _luhn_ok(digits)
    for v, _ in _values(docs, "IBAN_CODE", decoys=True):
        assert v.startswith("KZ") and len(v) == 20 and not _iban_ok(v)
    for v, _ in _values(docs, "PHONE_NUMBER", decoys=True):
        assert not phonenumbers.is_valid_number(phonenumbers.parse(v, "KZ"))
    for d in docs:
        for s in d.decoys:
            if s.kind == "nine_digits_no_context":
                window = d.text[max(0, s.start - 30):s.start].lower()
                assert not re.search(r"№|no\.|удостовер|куәлік|id card", window), d.doc_id
                assert re.fullmatch(r"\d{9}", d.text[s.start:s.end])


def test_structured_values_valid(docs: list[GoldDoc]) -> None:
    for v, kind in _values(docs, "PHONE_NUMBER"):
        num = phonenumbers.parse(v, "KZ")
        assert phonenumbers.is_valid_number(num), v
        assert phonenumbers.region_code_for_number(num) == "KZ", v
        ntype = phonenumbers.number_type(num)
        expected = (phonenumbers.PhoneNumberType.FIXED_LINE if kind == "phone_landline"
                    else phonenumbers.PhoneNumberType.MOBILE)
        assert ntype in (expected, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE), v
    for v, kind in _values(docs, "IBAN_CODE"):
        assert _iban_ok(v), v
        if kind == "iban_kz":
            assert len(v.replace(" ", "")) == 20
    for v, kind in _values(docs, "CREDIT_CARD"):
        digits = re.sub(r"\D", "", v)
        assert _luhn_ok(digits), v
        assert len(digits) == (15 if kind == "card_amex" else 16)
    for v, _ in _values(docs, "KZ_PASSPORT"):
        assert re.fullmatch(r"N\d{8}", v)
    for v, _ in _values(docs, "KZ_ID_CARD"):
        assert re.fullmatch(r"\d{9}", v)
    for v, _ in _values(docs, "EMAIL_ADDRESS"):
        assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}", v), v


def test_id_cards_and_passports_have_context(docs: list[GoldDoc]) -> None:
    for d in docs:
        for s in d.spans:
            window = d.text[max(0, s.start - 30):s.start].lower()
            if s.entity == "KZ_ID_CARD":
                assert re.search(r"удостоверение|куәлік|id card|identity card", window), d.doc_id
            if s.entity == "KZ_PASSPORT":
                assert re.search(r"паспорт|төлқұжат|passport", window), d.doc_id


@pytest.mark.parametrize(
    ("word", "case", "expected"),
    [
        ("Асқар", "gen", "Асқардың"),
        ("Асқар", "dat", "Асқарға"),
        ("Серік", "dat", "Серікке"),
        ("Серіков", "gen", "Серіковтың"),
        ("Айгерім", "gen", "Айгерімнің"),
        ("Нұрлан", "gen", "Нұрланның"),
        ("Абай", "gen", "Абайдың"),
        ("Дана", "acc", "Дананы"),
        ("Сәуле", "gen", "Сәуленің"),
        ("Мұрат", "abl", "Мұраттан"),
        ("Нұрлан", "abl", "Нұрланнан"),
        ("Әбенұлы", "dat", "Әбенұлына"),
        ("Нұрланқызы", "gen", "Нұрланқызының"),
    ],
)
def test_kazakh_case_forms(word: str, case: str, expected: str) -> None:
    assert kk_case(word, case) == expected


def test_check_digit_helpers() -> None:
    assert luhn_check_digit("411111111111111") == 1
    assert luhn_check_digit("34000000000000") == 9
    assert "KZ" + iban_check_digits("KZ", "125KZT5004100100") + "125KZT5004100100" == "KZ86125KZT5004100100"


def test_table_shape_gold_and_docs() -> None:
    columns, gold = generate_table(120, seed=9)
    assert list(columns) == list(TABLE_COLUMNS) and list(gold) == list(TABLE_COLUMNS)
    assert all(len(v) == 120 for v in columns.values()) and all(len(v) == 120 for v in gold.values())
    assert any(v is None for v in columns["ИИН"])
    expected = {"ФИО": "PERSON", "ИИН": "KZ_IIN", "телефон": "PHONE_NUMBER", "email": "EMAIL_ADDRESS",
                "адрес": "STREET_ADDRESS", "IBAN": "IBAN_CODE", "карта": "CREDIT_CARD",
                "дата рождения": "DATE_OF_BIRTH"}
    for col, ent in expected.items():
        for value, spans in zip(columns[col], gold[col], strict=True):
            if value is None:
                assert spans == []
                continue
            assert len(spans) == 1 and spans[0].entity == ent
            assert (spans[0].start, spans[0].end) == (0, len(value))
    for value, spans in zip(columns["номер заказа"], gold["номер заказа"], strict=True):
        assert spans == [] and (value is None or not has_valid_check_digit(value))
    for value, spans in zip(columns["comment"], gold["comment"], strict=True):
        for s in spans:
            assert value is not None and value[s.start:s.end].strip() == value[s.start:s.end]
    cells = generate_table_docs(120, seed=9)
    by_id = {d.doc_id: d for d in cells}
    row, col = next((i, c) for c in TABLE_COLUMNS for i, v in enumerate(columns[c]) if v is not None)
    assert by_id[f"table:{row}:{col}"].text == columns[col][row]
    assert by_id[f"table:{row}:{col}"].field == col
    assert any(d.decoys for d in cells if d.field == "номер заказа")
