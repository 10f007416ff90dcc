"""The scanner's Python API: scan_text, scan_table, redact_*, the Scanner and the Presidio adapter."""

from __future__ import annotations

import pickle

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senim.law.sizes import operator_size_class as size_class
from senim.privacy import ENTITIES, Scanner, redact_table, redact_text, scan_table, scan_text
from senim.privacy.presidio import RecognizerResult, SenimAnalyzer, to_recognizer_results
from senim.privacy.scanner import UnknownEntityError, resolve_entities

STRUCTURED = [e for e in ENTITIES if e not in ("PERSON", "STREET_ADDRESS")]
TEXT = "Клиент: ИИН 931105385718, тел. 8 (701) 123-45-67, e-mail aigerim.s@mail.kz, карта 4111 1111 1111 1111"


def test_scan_text_finds_validated_identifiers_with_exact_offsets() -> None:
    found = scan_text(TEXT, entities=STRUCTURED)
    got = {(f.entity, TEXT[f.start : f.end]) for f in found}
    assert ("KZ_IIN", "931105385718") in got
    assert ("PHONE_NUMBER", "8 (701) 123-45-67") in got
    assert ("EMAIL_ADDRESS", "aigerim.s@mail.kz") in got
    assert ("CREDIT_CARD", "4111 1111 1111 1111") in got
    for f in found:
        assert f.validated and f.record == 0 and f.field is None and f.value == TEXT[f.start : f.end]
        assert f.value not in f.masked or f.entity == "EMAIL_ADDRESS"


@pytest.mark.parametrize(
    "text",
    [
        "Заказ № 931105385717 оплачен",  # bad check digit: not an IIN
        "номер 4111 1111 1111 1112",  # Luhn fails
        "call +7 703 123 45 67",  # 703 is not a KZ operator code
    ],
)
def test_invalid_identifiers_are_not_reported(text: str) -> None:
    assert scan_text(text, entities=STRUCTURED) == []


def test_unknown_entity_is_refused_with_the_known_list() -> None:
    with pytest.raises(UnknownEntityError, match=r"US_SSN.*known: KZ_IIN"):
        resolve_entities(["KZ_IIN", "US_SSN"])
    with pytest.raises(ValueError, match="language"):
        Scanner(language="de")


def test_names_in_three_languages() -> None:
    cases = {
        "ru": ("Договор подписал Сидоров Пётр Алексеевич в Алматы.", "Сидоров Пётр Алексеевич"),
        "kk": ("Өтінішті Асқаров Нұрлан Серікұлы берді.", "Асқаров Нұрлан Серікұлы"),
        "en": ("The claim was filed by John Smith yesterday.", "John Smith"),
    }
    for text, name in cases.values():
        people = [text[f.start : f.end] for f in scan_text(text, entities=["PERSON"])]
        assert name in people, (text, people)


def test_scan_table_pyarrow_and_pandas_and_redaction_keep_shape() -> None:
    pd = pytest.importorskip("pandas")
    rows = {
        "ФИО": ["Иванов Иван Иванович", "Smith John", None],
        "iin": ["931105385718", "not an iin", "791028302728"],
        "amount": [1, 2, 3],
    }
    table = pa.table(rows)
    found = scan_table(table, entities=["KZ_IIN", "PERSON"])
    assert {(f.record, f.field, f.entity) for f in found} >= {
        (0, "iin", "KZ_IIN"),
        (2, "iin", "KZ_IIN"),
        (0, "ФИО", "PERSON"),
    }
    red = redact_table(table, found)
    assert red.schema == table.schema and red.num_rows == 3
    assert "931105385718" not in str(red.to_pylist()) and red.column("amount").to_pylist() == [1, 2, 3]
    frame = pd.DataFrame(rows)
    assert {(f.record, f.field) for f in scan_table(frame, entities=["KZ_IIN"])} == {(0, "iin"), (2, "iin")}
    red_frame = redact_table(frame, entities=["KZ_IIN"])
    assert list(red_frame.columns) == list(frame.columns) and red_frame["amount"].tolist() == [1, 2, 3]
    assert "791028302728" not in red_frame["iin"].tolist()
    with pytest.raises(TypeError, match="unsupported table type"):
        scan_table(42)


def test_redact_text_removes_every_finding() -> None:
    red = redact_text(TEXT, entities=STRUCTURED)
    for secret in ("931105385718", "123-45-67", "aigerim.s@mail.kz", "4111 1111 1111 1111"):
        assert secret not in red
    assert scan_text(red, entities=STRUCTURED) == []


def test_scanner_pickles_for_worker_processes() -> None:
    s = Scanner(entities=["KZ_IIN"], min_score=0.5)
    clone = pickle.loads(pickle.dumps(s))
    assert clone.entities == frozenset({"KZ_IIN"})
    assert clone.scan_values(["ИИН 931105385718"])[0][0].entity == "KZ_IIN"


def test_presidio_shape() -> None:
    results = to_recognizer_results(scan_text(TEXT, entities=["KZ_IIN"]))
    assert len(results) == 1 and results[0].entity_type == "KZ_IIN" and results[0].start == 12
    analyzer = SenimAnalyzer()
    got = analyzer.analyze(text=TEXT, language="ru", entities=["CREDIT_CARD"])
    assert [r.entity_type for r in got] == ["CREDIT_CARD"]
    assert RecognizerResult("X", 0, 1, 0.5).to_dict() == {
        "entity_type": "X",
        "start": 0,
        "end": 1,
        "score": 0.5,
    }


def test_presidio_recognizer_plugs_into_presidio() -> None:
    pytest.importorskip("presidio_analyzer")
    from senim.privacy.presidio import senim_recognizer

    rec = senim_recognizer(supported_language="ru", entities=["KZ_IIN"])
    assert [r.entity_type for r in rec.analyze(TEXT, ["KZ_IIN"])] == ["KZ_IIN"]


@pytest.mark.parametrize(
    ("subjects", "cls"),
    [(0, "small"), (10_000, "small"), (10_001, "medium"), (499_999, "medium"), (500_000, "large")],
)
def test_size_class_boundaries(subjects: int, cls: str) -> None:
    assert size_class(subjects) == cls


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_scanner_never_crashes_and_offsets_slice(text: str) -> None:
    for f in scan_text(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.value == text[f.start : f.end]


def test_table_columns_keep_nulls_of_chunked_and_dictionary_columns() -> None:
    from senim.privacy.api import table_columns

    table = pa.table(
        {
            "d": pa.chunked_array(
                [pa.array(["x", None]).dictionary_encode(), pa.array(["y"]).dictionary_encode()]
            ),
            "s": pa.chunked_array([["p"], ["q", None]]),
            "n": [1, 2, 3],
        }
    )
    assert table_columns(table) == {"d": ["x", None, "y"], "s": ["p", "q", None]}
