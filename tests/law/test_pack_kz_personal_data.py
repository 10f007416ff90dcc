"""Rule pack ``kz-personal-data`` (Law No. 94-V as amended incl. 326-VIII), table-driven.

The base profile does not process personal data, so every case sets ``personal_data.processed``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from senim.law import load_pack_file
from tests.helpers import DELETE, assess_pack, finding, ids, questions

PACK = "kz-personal-data"
PACK_FILE = Path(__file__).resolve().parents[2] / "src/senim/law/packs/kz-personal-data/2026-08-25.yaml"
PD = {"personal_data.processed": True}


def run(as_of: dt.date | None = None, **overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {**PD, **overrides}
    if as_of is not None:
        return assess_pack(PACK, as_of=as_of, **kwargs)
    return assess_pack(PACK, **kwargs)


def status(result: dict[str, Any], rule: str) -> str:
    return str(finding(result["obligations"], rule)["status"])


# --------------------------------------------------------------------------- the file itself


def test_pack_loads_and_is_capped_at_secondary_sources() -> None:
    pack = load_pack_file(PACK_FILE)
    assert pack.id == PACK
    assert pack.version == "2026-08-25"
    assert pack.valid_from == dt.date(2026, 8, 25)
    assert pack.roles_field == "roles.kz"
    # The digest rests on secondary sources only: no rule may claim C.
    assert {r.verification for r in pack.rules} <= {"S", "U"}
    for rule in pack.rules:
        assert rule.title.kk and rule.title.ru and rule.title.en


# --------------------------------------------------------------------------- size classes (Art. 25-1)


@pytest.mark.parametrize(
    ("subjects", "categories", "expected"),
    [
        (0, [], "small"),
        (10_000, ["identifiers"], "small"),
        (10_001, ["identifiers"], "medium"),
        (499_999, ["identifiers", "contact"], "medium"),
        (500_000, ["identifiers"], "large"),
        (3_000_000, [], "large"),
        # restricted-access, biometric and health data move the operator one class up
        (10_000, ["restricted"], "medium"),
        (50, ["biometric"], "medium"),
        (10_001, ["health"], "large"),
        (499_999, ["identifiers", "biometric"], "large"),
        (600_000, ["restricted"], "large"),
        # other categories do not
        (9_000, ["contact", "financial", "children"], "small"),
        (499_999, ["financial", "children"], "medium"),
    ],
)
def test_size_class(subjects: int, categories: list[str], expected: str) -> None:
    result = run(**{"personal_data.unique_subjects": subjects, "personal_data.categories": categories})
    assert result["classification"]["operator_size_class"] == expected


@pytest.mark.parametrize(
    ("overrides", "expected", "asked"),
    [
        ({"personal_data.unique_subjects": DELETE}, None, {"personal_data.unique_subjects"}),
        (
            {"personal_data.unique_subjects": DELETE, "personal_data.categories": ["restricted"]},
            None,
            {"personal_data.unique_subjects"},
        ),
        # small or medium depends on the categories
        (
            {"personal_data.unique_subjects": 5_000, "personal_data.categories": DELETE},
            None,
            {"personal_data.categories"},
        ),
        # large whatever the categories
        ({"personal_data.unique_subjects": 600_000, "personal_data.categories": DELETE}, "large", set()),
    ],
)
def test_size_class_unanswered(overrides: dict[str, Any], expected: str | None, asked: set[str]) -> None:
    result = run(**overrides)
    assert result["classification"]["operator_size_class"] == expected
    assert asked <= questions(result)
    if expected is not None:
        assert "personal_data.unique_subjects" not in questions(result)


# --------------------------------------------------------------------------- scope and actors


@pytest.mark.parametrize(
    ("overrides", "in_scope"),
    [
        ({"personal_data.processed": False}, False),
        ({"jurisdiction.kz": False}, False),
        ({"personal_data.processed": DELETE}, None),
        ({}, True),
    ],
)
def test_scope(overrides: dict[str, Any], in_scope: bool | None) -> None:
    result = run(**overrides)
    assert result["in_scope"] is in_scope
    if in_scope is False:
        assert result["obligations"] == [] and result["prohibited"] == []
        assert result["open_questions"] == []
        assert result["classification"]["in_scope"] is False
    elif in_scope is None:
        assert "personal_data.processed" in questions(result)
        assert result["obligations"], "duties that may apply are listed as unknown"
        assert {o["status"] for o in result["obligations"]} == {"unknown"}
    else:
        assert status(result, "KZ-PD-7-1") == "met"


def test_base_profile_without_personal_data_is_out_of_scope() -> None:
    result = assess_pack(PACK)
    assert result["in_scope"] is False
    assert result["obligations"] == []


@pytest.mark.parametrize(
    ("roles", "bears_duties"),
    [
        (["owner"], True),
        (["holder"], True),
        (["data_library_owner"], True),
        (["user"], False),
        # the producer organised collecting and processing the data (AI Law Art. 1(2)): an operator
        (["data_library_producer"], True),
    ],
)
def test_actor_roles(roles: list[str], bears_duties: bool) -> None:
    result = run(**{"roles.kz": roles})
    assert ("KZ-PD-7-1" in ids(result["obligations"])) is bears_duties
    # the size class is reported whatever the role
    assert result["classification"]["operator_size_class"] == "small"


# --------------------------------------------------------------------------- consent (Arts. 7, 8)


@pytest.mark.parametrize(
    ("field", "rule", "value", "expected"),
    [
        ("personal_data.consent_obtained", "KZ-PD-7-1", True, "met"),
        ("personal_data.consent_obtained", "KZ-PD-7-1", False, "unmet"),
        ("personal_data.consent_obtained", "KZ-PD-7-1", DELETE, "unknown"),
        ("personal_data.consent_content_complete", "KZ-PD-8-4", True, "met"),
        ("personal_data.consent_content_complete", "KZ-PD-8-4", False, "unmet"),
        ("personal_data.consent_content_complete", "KZ-PD-8-4", DELETE, "unknown"),
    ],
)
def test_consent(field: str, rule: str, value: Any, expected: str) -> None:
    result = run(**{field: value})
    assert status(result, rule) == expected
    assert (field in questions(result)) is (expected == "unknown")


def test_consent_form_needs_evidence() -> None:
    result = run()
    item = finding(result["obligations"], "KZ-PD-8-1")
    assert item["status"] == "unknown"
    assert "contract" in item["evidence"]


@pytest.mark.parametrize(
    ("overrides", "applies"),
    [
        ({"roles.kz": ["owner", "holder", "state_body"]}, True),
        ({"state_information_resource": True}, True),
        ({}, False),
    ],
)
def test_consent_through_state_service(overrides: dict[str, Any], applies: bool) -> None:
    assert ("KZ-PD-8-1-STATE" in ids(run(**overrides)["obligations"])) is applies


# --------------------------------------------------------------------------- localisation (Art. 12(2))


@pytest.mark.parametrize(
    ("country", "expected"),
    [("KZ", "met"), ("DE", "unmet"), ("US", "unmet"), (DELETE, "unknown")],
)
def test_localisation(country: Any, expected: str) -> None:
    result = run(**{"personal_data.primary_database_country": country})
    assert status(result, "KZ-PD-12-2") == expected
    assert ("personal_data.primary_database_country" in questions(result)) is (expected == "unknown")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(dt.date(2015, 12, 31), "not_yet_applicable"), (dt.date(2016, 1, 1), "unmet")],
)
def test_localisation_from_2016(as_of: dt.date, expected: str) -> None:
    result = run(as_of=as_of, **{"personal_data.primary_database_country": "DE"})
    assert status(result, "KZ-PD-12-2") == expected


# --------------------------------------------------------------------------- cross-border (Arts. 7(6), 16)


@pytest.mark.parametrize(
    ("destinations", "consent", "expected"),
    [
        ([], False, None),  # no transfer abroad: the rule does not apply
        (["US"], True, "met"),  # e.g. a foreign model API receiving prompts with personal data
        (["US"], False, "unmet"),
        (["DE", "US"], False, "unmet"),
        (["US"], DELETE, "unknown"),
        (DELETE, True, "unknown"),
    ],
)
def test_cross_border(destinations: Any, consent: Any, expected: str | None) -> None:
    result = run(
        **{
            "personal_data.cross_border_destinations": destinations,
            "personal_data.consent_covers_cross_border": consent,
        }
    )
    if expected is None:
        assert "KZ-PD-7-6" not in ids(result["obligations"])
        return
    assert status(result, "KZ-PD-7-6") == expected
    if destinations is DELETE:
        assert "personal_data.cross_border_destinations" in questions(result)
    if consent is DELETE:
        assert "personal_data.consent_covers_cross_border" in questions(result)


# --------------------------------------------------------------------------- breach notification


@pytest.mark.parametrize(
    ("procedure", "as_of", "expected"),
    [
        (True, None, "met"),
        (False, None, "unmet"),
        (DELETE, None, "unknown"),
        (True, dt.date(2024, 6, 30), "not_yet_applicable"),
        (False, dt.date(2024, 7, 1), "unmet"),
    ],
)
def test_breach_notification(procedure: Any, as_of: dt.date | None, expected: str) -> None:
    result = run(as_of=as_of, **{"personal_data.breach_procedure_one_working_day": procedure})
    item = finding(result["obligations"], "KZ-PD-25-BREACH")
    assert item["status"] == expected
    assert item["effect"] == "notify"
    assert item["clock"] == "1 working day from detection"
    if expected == "not_yet_applicable":
        assert item["due"] == "2024-07-01"


# --------------------------------------------------------------------------- responsible person, policy


@pytest.mark.parametrize(
    ("size", "appointed", "expected"),
    [
        ("large", True, "met"),
        ("small", False, "unmet"),
        ("individual", False, None),  # not a legal entity
        (DELETE, True, "unknown"),
    ],
)
def test_responsible_person(size: Any, appointed: bool, expected: str | None) -> None:
    result = run(**{"organization.size": size, "personal_data.responsible_person_appointed": appointed})
    if expected is None:
        assert "KZ-PD-25-RESPONSIBLE" not in ids(result["obligations"])
    else:
        assert status(result, "KZ-PD-25-RESPONSIBLE") == expected


@pytest.mark.parametrize(
    ("documentation", "expected"),
    [(["personal_data_policy"], "met"), (["technical_documentation"], "unmet"), ([], "unmet")],
)
def test_policy(documentation: list[str], expected: str) -> None:
    result = run(**{"governance.documentation": documentation})
    item = finding(result["obligations"], "KZ-PD-25-POLICY")
    assert item["status"] == expected
    assert item["effect"] == "document"


# --------------------------------------------------------------------------- subjects' rights


@pytest.mark.parametrize(
    ("rule", "clock", "verification"),
    [
        ("KZ-PD-24-INFO", "3 working days from request", "U"),
        ("KZ-PD-24-CORRECT", "1 working day from request", "U"),
        ("KZ-PD-8-7", "15 working days from consent_withdrawal", "S"),
    ],
)
@pytest.mark.parametrize(("procedure", "expected"), [(True, "met"), (False, "unmet")])
def test_subject_rights(rule: str, clock: str, verification: str, procedure: bool, expected: str) -> None:
    result = run(**{"personal_data.subject_requests_procedure": procedure})
    item = finding(result["obligations"], rule)
    assert item["effect"] == "right"
    assert item["clock"] == clock
    assert item["status"] == expected
    assert item["verification"] == verification
    # uncertain rules go to a lawyer as well
    assert (rule in ids(result["manual_review"])) is (verification == "U")


def test_withdrawal_deadline_from_2026() -> None:
    result = run(as_of=dt.date(2026, 1, 17))
    assert status(result, "KZ-PD-8-7") == "not_yet_applicable"
    assert status(run(as_of=dt.date(2026, 1, 18)), "KZ-PD-8-7") == "met"


# --------------------------------------------------------------------------- Art. 10-1 (large only)


@pytest.mark.parametrize(
    ("subjects", "categories", "notified", "expected"),
    [
        (500_000, [], True, "met"),
        (500_000, [], False, "unmet"),
        (1_200_000, ["identifiers"], DELETE, "unknown"),
        (10_001, ["health"], False, "unmet"),  # medium moved up to large
        (499_999, [], False, None),  # medium: exempt
        (10_000, ["restricted"], False, None),  # small moved up to medium: exempt
        (100, [], False, None),  # small: exempt
    ],
)
def test_processing_notification_large_only(
    subjects: int, categories: list[str], notified: Any, expected: str | None
) -> None:
    result = run(
        **{
            "personal_data.unique_subjects": subjects,
            "personal_data.categories": categories,
            "personal_data.processing_notified": notified,
        }
    )
    if expected is None:
        assert "KZ-PD-10-1" not in ids(result["obligations"])
    else:
        item = finding(result["obligations"], "KZ-PD-10-1")
        assert item["status"] == expected
        assert item["effect"] == "notify"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2026, 6, 1), "not_yet_applicable"),
        (dt.date(2026, 8, 24), "not_yet_applicable"),
        (dt.date(2026, 8, 25), "unmet"),
    ],
)
def test_processing_notification_from_326_viii(as_of: dt.date, expected: str) -> None:
    result = run(
        as_of=as_of, **{"personal_data.unique_subjects": 700_000, "personal_data.processing_notified": False}
    )
    assert result["version"] == "2026-08-25"
    item = finding(result["obligations"], "KZ-PD-10-1")
    assert item["status"] == expected
    if expected == "not_yet_applicable":
        assert item["due"] == "2026-08-25"
        # older duties are already in force on that date
        assert status(result, "KZ-PD-12-2") == "met"
        assert status(result, "KZ-PD-25-BREACH") == "met"


# ----------------------------------------------------------------- solely automated decisions (Art. 19-1)


@pytest.mark.parametrize(
    ("automated", "consent", "prohibited"),
    [
        (True, False, True),
        (True, True, False),
        (False, False, False),
        (True, DELETE, None),  # unknown: asked
    ],
)
def test_automated_decisions_need_consent_or_basis(
    automated: bool, consent: Any, prohibited: bool | None
) -> None:
    result = run(
        **{"decisions.solely_automated_legal_effect": automated, "personal_data.consent_obtained": consent}
    )
    hit = "KZ-PD-19-1-BASIS" in ids(result["prohibited"])
    if prohibited is None:
        assert not hit
        assert "personal_data.consent_obtained" in questions(result)
        return
    assert hit is prohibited
    if prohibited:
        # the rule rests on one uncertain source: a lawyer must confirm it
        assert "KZ-PD-19-1-BASIS" in ids(result["manual_review"])


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"decisions.solely_automated_legal_effect": False}, None),
        ({"decisions.solely_automated_legal_effect": True}, "met"),
        ({"decisions.solely_automated_legal_effect": True, "decisions.objection_route": False}, "unmet"),
        (
            {"decisions.solely_automated_legal_effect": True, "decisions.explanation_available": False},
            "unmet",
        ),
        ({"decisions.solely_automated_legal_effect": DELETE}, "unknown"),
    ],
)
def test_automated_decisions_information_and_objection(
    overrides: dict[str, Any], expected: str | None
) -> None:
    result = run(**overrides)
    if expected is None:
        assert "KZ-PD-19-1" not in ids(result["obligations"])
        return
    item = finding(result["obligations"], "KZ-PD-19-1")
    assert item["status"] == expected
    assert item["clock"] == "3 working days from objection"


def test_automated_decisions_before_231_viii() -> None:
    result = run(
        as_of=dt.date(2026, 1, 10),
        **{"decisions.solely_automated_legal_effect": True, "personal_data.consent_obtained": False},
    )
    assert "KZ-PD-19-1-BASIS" not in ids(result["prohibited"])
    review = finding(result["manual_review"], "KZ-PD-19-1-BASIS")
    assert "2026-01-18" in review["reason"]


# --------------------------------------------------------------------------- sanctions and languages


def test_penalty_for_large_business() -> None:
    item = finding(run(**{"personal_data.consent_obtained": False})["obligations"], "KZ-PD-7-1")
    assert item["penalty"]["ref"] == "KOAP-79"
    assert item["penalty"]["first"] == "1000 MCI"
    assert item["penalty"]["verification"] == "S"


@pytest.mark.parametrize(
    ("lang", "word"),
    [("ru", "трансграничную"), ("kk", "трансшекаралық"), ("en", "cross-border")],
)
def test_titles_in_three_languages(lang: str, word: str) -> None:
    result = assess_pack(PACK, lang=lang, **PD, **{"personal_data.cross_border_destinations": ["US"]})
    assert word in finding(result["obligations"], "KZ-PD-7-6")["title"]
