"""The kz-ai-law rule pack (Law No. 230-VIII «On Artificial Intelligence»), signed law and bill.

Legal source: shared/law/kz-ai-law.md. BASE (tests/helpers.py) is a minimal-risk, low-autonomy,
closed system of an owner and holder that meets every duty a profile answer can show.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from senim.law import load_pack_file
from tests.helpers import DELETE, assess_pack, finding, ids, questions

KZ = "kz-ai-law"
BILL = "kz-ai-law@2025-09-24"
PACK_DIR = Path(__file__).resolve().parents[2] / "src" / "senim" / "law" / "packs" / "kz-ai-law"
SIGNED_FILE = PACK_DIR / "2026-01-18.yaml"
BILL_FILE = PACK_DIR / "2025-09-24.yaml"

# Duties of the owner and/or holder that BASE triggers (must vanish for a plain user).
OWNER_HOLDER_DUTIES = {
    "KZ-AI-7-1",
    "KZ-AI-11-3",
    "KZ-AI-15-2-1",
    "KZ-AI-15-2-2",
    "KZ-AI-15-2-3",
    "KZ-AI-15-2-4",
    "KZ-AI-15-2-5",
    "KZ-AI-16-1-1",
    "KZ-AI-16-1-2",
    "KZ-AI-16-1-5",
    "KZ-AI-16-1-6",
    "KZ-AI-18-1-1",
    "KZ-AI-18-1-2",
    "KZ-AI-18-1-3",
    "KZ-AI-18-1-4",
    "KZ-AI-18-2",
    "KZ-AI-21-1",
    "KZ-AI-21-5",
    "KZ-AI-27-3",
}


def _assess(pack: str, **kw: Any) -> dict[str, Any]:
    """assess_pack with dotted overrides given as a dict expansion (keeps mypy happy)."""
    return assess_pack(pack, **kw)


def _status(result: dict[str, Any], rule: str) -> str | None:
    """The obligation status of a rule, or None when it does not apply."""
    for item in result["obligations"]:
        if item["rule"] == rule:
            return str(item["status"])
    return None


def _needed_by(result: dict[str, Any], field: str) -> list[str]:
    for q in result["open_questions"]:
        if q["field"] == field:
            return list(q["needed_by"])
    return []


# --------------------------------------------------------------------------- the base case


def test_base_profile_is_minimal_low_closed_and_clean() -> None:
    r = _assess(KZ)
    assert r["version"] == "2026-01-18"
    assert r["classification"] == {
        "risk_level": "minimal",
        "autonomy_level": "low",
        "usage_mode": "closed",
        "infosec_state_system": False,
    }
    assert r["prohibited"] == []
    assert r["open_questions"] == []
    assert r["manual_review"] == []
    assert ids(r["obligations"]) >= OWNER_HOLDER_DUTIES
    # Only the measures of 18(1)(3) have no profile answer; everything else BASE can show is met.
    assert {o["rule"] for o in r["obligations"] if o["status"] != "met"} == {"KZ-AI-18-1-3"}


# --------------------------------------------------------------------------- Art. 17(1): risk level


@pytest.mark.parametrize(
    ("impact", "level", "rule"),
    [
        ("minimal", "minimal", "KZ-AI-17-1-MINIMAL"),
        ("reduced_efficiency_or_harm", "medium", "KZ-AI-17-1-MEDIUM"),
        ("emergency_or_significant_harm", "high", "KZ-AI-17-1-HIGH"),
        (DELETE, None, "KZ-AI-17-1-MINIMAL"),
    ],
)
def test_risk_level_from_failure_impact(impact: Any, level: str | None, rule: str) -> None:
    r = _assess(KZ, failure_impact=impact)
    assert r["classification"]["risk_level"] == level
    if level is None:
        assert rule in _needed_by(r, "failure_impact")
    else:
        assert "failure_impact" not in questions(r)


@pytest.mark.parametrize(
    ("impact", "critical", "state_resource", "expected"),
    [
        ("emergency_or_significant_harm", True, False, True),
        ("emergency_or_significant_harm", False, True, True),
        ("emergency_or_significant_harm", False, False, False),
        ("reduced_efficiency_or_harm", True, True, False),  # only high-risk systems are equated
        ("minimal", True, False, False),
        ("emergency_or_significant_harm", DELETE, False, None),  # unknown: asks the question
    ],
)
def test_infosec_equivalence(impact: str, critical: Any, state_resource: Any, expected: bool | None) -> None:
    r = _assess(
        KZ, failure_impact=impact, critical_ict_object=critical, state_information_resource=state_resource
    )
    assert r["classification"]["infosec_state_system"] is expected
    assert ("KZ-AI-17-1-INFOSEC-STATE" in ids(r["obligations"])) is (expected is not False)
    if expected is None:
        assert "critical_ict_object" in questions(r)
        assert _status(r, "KZ-AI-17-1-INFOSEC-STATE") == "unknown"


# --------------------------------------------------------------------------- Art. 17(2): autonomy


@pytest.mark.parametrize(
    ("mode", "level", "review"),
    [
        ("human_decides", "low", False),
        ("human_can_override", "medium", False),
        ("no_human_override", "high", True),
        (DELETE, None, False),
    ],
)
def test_autonomy_level_and_high_autonomy_review(mode: Any, level: str | None, review: bool) -> None:
    r = _assess(KZ, decision_mode=mode)
    assert r["classification"]["autonomy_level"] == level
    assert ("KZ-AI-17-2-HIGH-REVIEW" in ids(r["manual_review"])) is review
    assert r["prohibited"] == []  # the signed law does not ban high autonomy
    if level is None:
        assert "decision_mode" in questions(r)


# --------------------------------------------------------------------------- Art. 17(3): prohibitions

PD_ON = {"personal_data.processed": True}

# (rule, overrides, outcome, question field)
# outcome: prohibited | allowed | review (exception relied on / uncertain) | question (unanswered)
PROHIBITION_CASES: list[tuple[str, dict[str, Any], str, str | None]] = [
    ("KZ-AI-17-3-1", {"capabilities.manipulation": True}, "prohibited", None),
    ("KZ-AI-17-3-1", {"capabilities.manipulation": False}, "allowed", None),
    ("KZ-AI-17-3-1", {"capabilities.manipulation": DELETE}, "question", "capabilities.manipulation"),
    ("KZ-AI-17-3-2", {"capabilities.exploits_vulnerabilities": True}, "prohibited", None),
    (
        "KZ-AI-17-3-2",
        {"capabilities.exploits_vulnerabilities": DELETE},
        "question",
        "capabilities.exploits_vulnerabilities",
    ),
    ("KZ-AI-17-3-3", {"capabilities.social_scoring": True}, "prohibited", None),
    (
        "KZ-AI-17-3-3",
        {"capabilities.social_scoring": True, "capabilities.social_scoring_legal_basis": True},
        "review",
        None,
    ),
    (
        "KZ-AI-17-3-3",
        {"capabilities.social_scoring": True, "capabilities.social_scoring_legal_basis": DELETE},
        "review",
        "capabilities.social_scoring_legal_basis",
    ),
    ("KZ-AI-17-3-3", {"capabilities.social_scoring": DELETE}, "question", "capabilities.social_scoring"),
    ("KZ-AI-17-3-4-CONSENT", {**PD_ON, "personal_data.consent_obtained": False}, "prohibited", None),
    (
        "KZ-AI-17-3-4-CONSENT",
        {"personal_data.processed": False, "personal_data.consent_obtained": False},
        "allowed",
        None,
    ),
    (
        "KZ-AI-17-3-4-CONSENT",
        {**PD_ON, "personal_data.consent_obtained": DELETE},
        "question",
        "personal_data.consent_obtained",
    ),
    (
        "KZ-AI-17-3-4-LOCALISATION",
        {**PD_ON, "personal_data.primary_database_country": "DE"},
        "prohibited",
        None,
    ),
    ("KZ-AI-17-3-4-LOCALISATION", {**PD_ON, "personal_data.primary_database_country": "KZ"}, "allowed", None),
    (
        "KZ-AI-17-3-4-LOCALISATION",
        {**PD_ON, "personal_data.primary_database_country": DELETE},
        "question",
        "personal_data.primary_database_country",
    ),
    (
        "KZ-AI-17-3-4-CROSS-BORDER",
        {
            **PD_ON,
            "personal_data.cross_border_destinations": ["US"],
            "personal_data.consent_covers_cross_border": False,
        },
        "prohibited",
        None,
    ),
    (
        "KZ-AI-17-3-4-CROSS-BORDER",
        {
            **PD_ON,
            "personal_data.cross_border_destinations": ["US"],
            "personal_data.consent_covers_cross_border": True,
        },
        "allowed",
        None,
    ),
    (
        "KZ-AI-17-3-4-CROSS-BORDER",
        {
            **PD_ON,
            "personal_data.cross_border_destinations": [],
            "personal_data.consent_covers_cross_border": False,
        },
        "allowed",
        None,
    ),
    (
        "KZ-AI-17-3-4-CROSS-BORDER",
        {
            **PD_ON,
            "personal_data.cross_border_destinations": ["US"],
            "personal_data.consent_covers_cross_border": DELETE,
        },
        "question",
        "personal_data.consent_covers_cross_border",
    ),
    (
        "KZ-AI-17-3-5",
        {
            "capabilities.biometric_categorisation": True,
            "capabilities.biometric_categorisation_purpose": "discrimination",
        },
        "prohibited",
        None,
    ),
    (
        "KZ-AI-17-3-5",
        {
            "capabilities.biometric_categorisation": True,
            "capabilities.biometric_categorisation_purpose": "dataset_labelling",
        },
        "allowed",
        None,
    ),
    (
        "KZ-AI-17-3-5",
        {
            "capabilities.biometric_categorisation": DELETE,
            "capabilities.biometric_categorisation_purpose": "discrimination",
        },
        "question",
        "capabilities.biometric_categorisation",
    ),
    ("KZ-AI-17-3-6", {"capabilities.emotion_recognition": True}, "prohibited", None),
    (
        "KZ-AI-17-3-6",
        {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_consent": True},
        "allowed",
        None,
    ),  # with consent it is not prohibited at all: no review either
    (
        "KZ-AI-17-3-6",
        {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_legal_basis": True},
        "review",
        None,
    ),
    (
        "KZ-AI-17-3-6",
        {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_consent": DELETE},
        "question",
        "capabilities.emotion_recognition_consent",
    ),
    (
        "KZ-AI-17-3-6",
        {"capabilities.emotion_recognition": DELETE},
        "question",
        "capabilities.emotion_recognition",
    ),
    ("KZ-AI-17-3-7", {"capabilities.generates_unlawful_output": True}, "prohibited", None),
    (
        "KZ-AI-17-3-7",
        {"capabilities.generates_unlawful_output": DELETE},
        "question",
        "capabilities.generates_unlawful_output",
    ),
]


@pytest.mark.parametrize(
    ("rule", "overrides", "outcome", "field"),
    PROHIBITION_CASES,
    ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(PROHIBITION_CASES)],
)
def test_prohibited_capabilities(
    rule: str, overrides: dict[str, Any], outcome: str, field: str | None
) -> None:
    r = _assess(KZ, **overrides)
    prohibited, review = ids(r["prohibited"]), ids(r["manual_review"])
    if outcome == "prohibited":
        assert prohibited == {rule}
        assert finding(r["prohibited"], rule)["article"].startswith("17(3)(")
        # 18(2): immediate measures up to suspension
        assert "KZ-AI-18-2-ACT" in ids(r["obligations"])
    else:
        assert rule not in prohibited
        assert r["prohibited"] == []
        assert "KZ-AI-18-2-ACT" not in ids(r["obligations"]) or outcome in ("question", "review")
    if outcome == "allowed":
        assert rule not in review
    if outcome == "review":
        assert rule in review
    if field is not None:
        assert rule in _needed_by(r, field)


def test_cross_border_prohibition_is_uncertain_and_goes_to_review() -> None:
    r = _assess(
        KZ,
        **PD_ON,
        **{
            "personal_data.cross_border_destinations": ["US"],
            "personal_data.consent_covers_cross_border": False,
        },
    )
    item = finding(r["prohibited"], "KZ-AI-17-3-4-CROSS-BORDER")
    assert item["verification"] == "U"
    assert "KZ-AI-17-3-4-CROSS-BORDER" in ids(r["manual_review"])
    assert _status(r, "KZ-AI-10-1") == "unmet"


# --------------------------------------------------------------------------- Art. 17(4): usage mode


@pytest.mark.parametrize(
    ("mode", "restricted", "connected", "status", "open_review"),
    [
        ("closed", False, True, None, False),
        ("local", True, False, "met", False),
        ("local", True, True, "unmet", False),  # "local" but on a public network
        ("closed", True, False, "unmet", False),
        ("closed", True, DELETE, "unmet", False),  # not local: unmet whatever the network
        ("local", True, DELETE, "unknown", False),
        ("open", True, True, None, True),  # open systems: only per the Law on Informatization
        ("open", False, True, None, False),
    ],
)
def test_usage_mode_and_restricted_data(
    mode: str, restricted: bool, connected: Any, status: str | None, open_review: bool
) -> None:
    r = _assess(KZ, usage_mode=mode, processes_restricted_data=restricted, public_network_connected=connected)
    assert r["classification"]["usage_mode"] == mode
    assert _status(r, "KZ-AI-17-4-RESTRICTED") == status
    assert ("KZ-AI-17-4-OPEN-RESTRICTED" in ids(r["manual_review"])) is open_review
    if status == "unknown":
        assert "KZ-AI-17-4-RESTRICTED" in _needed_by(r, "public_network_connected")


def test_restricted_data_unanswered_is_a_question() -> None:
    r = _assess(KZ, processes_restricted_data=DELETE)
    assert _status(r, "KZ-AI-17-4-RESTRICTED") == "unknown"
    assert "KZ-AI-17-4-RESTRICTED" in _needed_by(r, "processes_restricted_data")


# --------------------------------------------------------------------------- Art. 21: labelling


@pytest.mark.parametrize(
    ("overrides", "dual_label", "inform", "question"),
    [
        ({"interaction.imitates_real_person": True}, "met", "met", None),
        (
            {"interaction.imitates_real_person": True, "interaction.machine_readable_marking": False},
            "unmet",
            "met",
            None,
        ),
        (
            {"interaction.depicts_events_that_did_not_happen": True, "interaction.visible_warning": False},
            "unmet",
            "unmet",
            None,
        ),
        (
            {"interaction.imitates_real_person": True, "interaction.machine_readable_marking": DELETE},
            "unknown",
            "met",
            "interaction.machine_readable_marking",
        ),
        (
            {"interaction.imitates_real_person": DELETE},
            "unknown",
            "unknown",
            "interaction.imitates_real_person",
        ),
        (
            {
                "interaction.artistic_or_satirical": True,
                "interaction.imitates_real_person": True,
                "interaction.visible_warning": False,
            },
            "unmet",
            "unmet",
            None,
        ),  # no artistic exception in KZ
        ({}, None, None, None),
    ],
)
def test_synthetic_results_dual_labelling(
    overrides: dict[str, Any], dual_label: str | None, inform: str | None, question: str | None
) -> None:
    r = _assess(KZ, **overrides)
    assert _status(r, "KZ-AI-21-2") == dual_label
    assert _status(r, "KZ-AI-21-3") == inform
    if question is not None:
        assert "KZ-AI-21-2" in _needed_by(r, question)


def test_generic_generated_content_is_a_review_not_a_label_duty() -> None:
    r = _assess(KZ, **{"interaction.generates_content": ["text", "image"]})
    assert "KZ-AI-21-2" not in ids(r["obligations"])
    assert "KZ-AI-21-2-GENERIC" in ids(r["manual_review"])
    assert "KZ-AI-16-1-3" in ids(r["obligations"])  # users' IP in works made with AI
    deepfake = _assess(
        KZ, **{"interaction.generates_content": ["video"], "interaction.imitates_real_person": True}
    )
    assert "KZ-AI-21-2-GENERIC" not in ids(deepfake["manual_review"])
    assert _status(deepfake, "KZ-AI-21-2") == "met"


# --------------------------------------------------------------------------- Art. 18(1)(4): annual update


@pytest.mark.parametrize(
    ("reviewed", "status", "due"),
    [
        ("2026-06-01", "met", "2027-06-01"),
        ("2025-11-26", "met", "2026-11-26"),  # exactly one year before as_of
        ("2025-11-25", "unmet", "2026-11-25"),  # overdue
        ("2024-01-10", "unmet", "2025-01-10"),
        ("2027-01-01", "unmet", "2028-01-01"),  # a review date after as_of is not accepted
        (DELETE, "unknown", None),
    ],
)
def test_annual_risk_update(reviewed: Any, status: str, due: str | None) -> None:
    r = _assess(KZ, **{"governance.risk_register_reviewed_on": reviewed})
    item = finding(r["obligations"], "KZ-AI-18-1-4")
    assert item["status"] == status
    assert item["due"] == due
    if reviewed is DELETE:
        assert "KZ-AI-18-1-4" in _needed_by(r, "governance.risk_register_reviewed_on")


# --------------------------------------------------------------------------- other duties


@pytest.mark.parametrize(
    ("overrides", "rule", "status"),
    [
        ({"interaction.limitations_disclosed": False}, "KZ-AI-7-1", "unmet"),
        ({"decisions.affect_peoples_rights": True}, "KZ-AI-7-2", "met"),
        ({"decisions.affect_peoples_rights": True, "decisions.objection_route": False}, "KZ-AI-7-2", "unmet"),
        ({"decisions.affect_peoples_rights": False}, "KZ-AI-7-2", None),
        # Art. 6 (no discrimination): where the system decides about, profiles or categorises people;
        # no profile field answers it, evidence (a passed fairness audit, an attestation) does
        ({"decisions.affect_peoples_rights": True}, "KZ-AI-6", "unknown"),
        ({"eu_high_risk.profiles_natural_persons": True}, "KZ-AI-6", "unknown"),
        ({"capabilities.biometric_categorisation": True}, "KZ-AI-6", "unknown"),
        ({"decisions.affect_peoples_rights": False}, "KZ-AI-6", None),
        ({"decisions.affect_peoples_rights": True, "roles.kz": ["user"]}, "KZ-AI-6", None),
        ({"governance.human_oversight_assigned": False}, "KZ-AI-8-1", "unmet"),
        ({**PD_ON}, "KZ-AI-10-1", "met"),
        ({**PD_ON, "personal_data.primary_database_country": "RU"}, "KZ-AI-10-1", "unmet"),
        ({}, "KZ-AI-10-1", None),
        ({**PD_ON, "governance.security_measures": False}, "KZ-AI-10-2", "unmet"),
        ({"governance.misuse_scenarios_assessed": False}, "KZ-AI-11-3", "unmet"),
        ({"governance.misuse_scenarios_assessed": False}, "KZ-AI-18-1-2", "unmet"),
        ({"governance.documentation": ["technical_documentation"]}, "KZ-AI-15-2-1", "unmet"),
        ({"governance.security_measures": False}, "KZ-AI-15-2-2", "unmet"),
        (
            {"governance.documentation": ["technical_documentation", "risk_management", "data_libraries"]},
            "KZ-AI-15-2-3",
            "unmet",
        ),
        ({"governance.documentation": DELETE}, "KZ-AI-15-2-3", "unknown"),
        ({"decisions.user_support_channel": False}, "KZ-AI-15-2-4", "unmet"),
        ({"decisions.user_agreement_before_first_use": False}, "KZ-AI-15-2-5", "unmet"),
        ({"decisions.user_agreement_before_first_use": False}, "KZ-AI-16-1-1", "unmet"),
        (
            {"decisions.affect_peoples_rights": True, "decisions.explanation_available": False},
            "KZ-AI-16-1-4",
            "unmet",
        ),
        ({"decisions.data_basis_disclosure": False}, "KZ-AI-16-1-5", "unmet"),
        ({"decisions.can_refuse_ai": False}, "KZ-AI-16-1-6", "unmet"),
        ({"governance.suspension_procedure": False}, "KZ-AI-18-2", "unmet"),
        ({"interaction.ai_use_disclosed": False}, "KZ-AI-21-1", "unmet"),
        ({"interaction.ai_use_disclosed": DELETE}, "KZ-AI-21-1", "unknown"),
        ({"training_data.uses_copyrighted_works": True}, "KZ-AI-23-5", "met"),
        (
            {
                "training_data.uses_copyrighted_works": True,
                "training_data.machine_readable_optouts_honoured": False,
            },
            "KZ-AI-23-5",
            "unmet",
        ),
        ({"training_data.uses_copyrighted_works": False}, "KZ-AI-23-5", None),
        ({"training_data.lawful_basis_documented": False}, "KZ-AI-27-3", "unmet"),
    ],
)
def test_obligation_status(overrides: dict[str, Any], rule: str, status: str | None) -> None:
    assert _status(_assess(KZ, **overrides), rule) == status


def test_unlawful_output_breaks_21_5_and_is_prohibited() -> None:
    r = _assess(KZ, **{"capabilities.generates_unlawful_output": True})
    assert _status(r, "KZ-AI-21-5") == "unmet"
    assert "KZ-AI-17-3-7" in ids(r["prohibited"])


def test_solely_automated_decisions_go_to_pd_law_review() -> None:
    assert "KZ-AI-21-4" in ids(
        _assess(KZ, **{"decisions.solely_automated_legal_effect": True})["manual_review"]
    )
    assert "KZ-AI-21-4" not in ids(_assess(KZ)["manual_review"])


def test_high_risk_documentation_review() -> None:
    high = _assess(KZ, failure_impact="emergency_or_significant_harm")
    assert "KZ-AI-15-2-3-HIGH" in ids(high["manual_review"])
    assert finding(high["obligations"], "KZ-AI-15-2-3")["verification"] == "S"
    assert "KZ-AI-15-2-3-HIGH" not in ids(
        _assess(KZ, failure_impact="reduced_efficiency_or_harm")["manual_review"]
    )


# --------------------------------------------------------------------------- Arts. 19-20: trusted lists


@pytest.mark.parametrize(
    ("overrides", "audit", "libraries", "prohibited_check", "not_high_review"),
    [
        ({"governance.trusted_list_application": False}, None, None, None, False),
        (
            {"governance.trusted_list_application": True, "governance.audit_completed": True},
            "met",
            "met",
            "met",
            False,
        ),
        (
            {"governance.trusted_list_application": True, "governance.audit_completed": False},
            "unmet",
            "unmet",
            "unmet",
            False,
        ),
        (
            {
                "governance.trusted_list_application": True,
                "governance.audit_completed": True,
                "training_data.lawful_basis_documented": False,
            },
            "met",
            "unmet",
            "met",
            False,
        ),
        (
            {
                "governance.trusted_list_application": True,
                "governance.audit_completed": True,
                "capabilities.manipulation": True,
            },
            "met",
            "met",
            "unmet",
            False,
        ),
        (
            {
                "governance.trusted_list_application": True,
                "governance.audit_completed": True,
                "failure_impact": "minimal",
            },
            "met",
            "met",
            "met",
            True,
        ),  # lists are for high risk only
    ],
)
def test_trusted_list_audit(
    overrides: dict[str, Any],
    audit: str | None,
    libraries: str | None,
    prohibited_check: str | None,
    not_high_review: bool,
) -> None:
    data = {"failure_impact": "emergency_or_significant_harm", **overrides}
    r = _assess(KZ, **data)
    assert _status(r, "KZ-AI-19-2") == audit
    assert _status(r, "KZ-AI-20-2-1") == libraries
    assert _status(r, "KZ-AI-20-2-2") == prohibited_check
    assert ("KZ-AI-19-1" in ids(r["manual_review"])) is not_high_review


# --------------------------------------------------------------------------- dates


def test_before_entry_into_force_everything_is_pending() -> None:
    r = _assess(KZ, as_of=dt.date(2025, 12, 1), **{"capabilities.emotion_recognition": True})
    assert r["version"] == "2026-01-18"
    assert r["obligations"]
    for item in r["obligations"]:
        assert item["status"] == "not_yet_applicable", item["rule"]
        assert item["due"] == "2026-01-18"
    assert r["prohibited"] == []
    assert "KZ-AI-17-3-6" in ids(r["manual_review"])  # prohibited from 2026-01-18
    assert "2026-01-18" in finding(r["manual_review"], "KZ-AI-17-3-6")["reason"]


def test_on_entry_into_force_the_law_applies() -> None:
    r = _assess(KZ, as_of=dt.date(2026, 1, 18), **{"capabilities.emotion_recognition": True})
    assert "KZ-AI-17-3-6" in ids(r["prohibited"])
    assert _status(r, "KZ-AI-21-1") == "met"


# --------------------------------------------------------------------------- roles and scope


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["user"], {"KZ-AI-8-1", "KZ-AI-16-2"}),
        (["data_library_owner"], {"KZ-AI-27-2-QUALITY", "KZ-AI-27-2-ACCESS", "KZ-AI-27-2-LAW", "KZ-AI-27-5"}),
        (["data_library_producer"], {"KZ-AI-27-5"}),
        (["state_body"], set()),
    ],
)
def test_roles_gate_duties(roles: list[str], expected: set[str]) -> None:
    r = _assess(KZ, **{"roles.kz": roles, "decision_mode": "no_human_override"})
    assert ids(r["obligations"]) == expected
    assert not (OWNER_HOLDER_DUTIES & ids(r["obligations"]))
    assert r["manual_review"] == []  # the high-autonomy review is the owner's and holder's


def test_user_distributing_deepfakes_must_label_them() -> None:
    r = _assess(
        KZ,
        **{
            "roles.kz": ["user"],
            "interaction.imitates_real_person": True,
            "interaction.visible_warning": False,
        },
    )
    assert _status(r, "KZ-AI-21-2") == "unmet"
    assert "KZ-AI-21-3" not in ids(r["obligations"])  # informing users is the owner's or holder's duty


def test_prohibitions_do_not_depend_on_role() -> None:
    r = _assess(KZ, **{"roles.kz": ["user"], "capabilities.manipulation": True})
    assert "KZ-AI-17-3-1" in ids(r["prohibited"])


def test_roles_unanswered_is_a_question() -> None:
    r = _assess(KZ, **{"roles.kz": DELETE})
    assert _status(r, "KZ-AI-21-1") == "unknown"
    assert "roles.kz" in questions(r)


def test_out_of_scope_gives_nothing() -> None:
    r = _assess(
        KZ,
        **{
            "jurisdiction.kz": False,
            "failure_impact": "emergency_or_significant_harm",
            "capabilities.social_scoring": True,
            "governance.suspension_procedure": False,
        },
    )
    assert r["classification"] == {"in_scope": False}
    assert r["prohibited"] == r["obligations"] == r["open_questions"] == r["manual_review"] == []


def test_scope_unanswered_is_a_question() -> None:
    r = _assess(KZ, **{"jurisdiction.kz": DELETE, "capabilities.manipulation": True})
    assert "jurisdiction.kz" in questions(r)
    assert r["prohibited"] == []


# --------------------------------------------------------------------------- penalties


@pytest.mark.parametrize(
    ("size", "first", "repeat"),
    [
        ("individual", "15 MCI", "30 MCI"),
        ("small", "20 MCI", "50 MCI"),
        ("medium", "30 MCI", "70 MCI"),
        ("large", "100 MCI", "200 MCI"),
    ],
)
def test_penalty_by_organisation_size(size: str, first: str, repeat: str) -> None:
    r = _assess(
        KZ,
        **{
            "organization.size": size,
            "governance.risk_register_reviewed_on": "2024-01-10",
            "interaction.imitates_real_person": True,
            "interaction.visible_warning": False,
        },
    )
    for rule in ("KZ-AI-18-1-4", "KZ-AI-21-2", "KZ-AI-21-3"):  # risk management (b), labelling (a)
        pen = finding(r["obligations"], rule)["penalty"]
        assert pen["ref"] == "KOAP-641-1"
        assert pen["article"] == "641-1"
        assert pen["verification"] == "S"
        assert (pen["size"], pen["first"], pen["repeat"]) == (size, first, repeat)
    assert "suspension or ban" in pen["note"]
    assert "4,325" in pen["note"]


def test_penalty_without_size_lists_every_size() -> None:
    r = _assess(KZ, **{"organization.size": DELETE, "governance.suspension_procedure": False})
    pen = finding(r["obligations"], "KZ-AI-18-2")["penalty"]
    assert "large: 100/200 MCI" in pen["max"]
    assert "individual: 15/30 MCI" in pen["max"]


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("lang", "pack_title", "rule_title"),
    [
        (
            "en",
            "Law of the Republic of Kazakhstan «On Artificial Intelligence»",
            "Emotion recognition without the person's consent",
        ),
        (
            "ru",
            "Закон Республики Казахстан «Об искусственном интеллекте»",
            "Определение эмоций физического лица без его согласия",
        ),
        (
            "kk",
            "Қазақстан Республикасының «Жасанды интеллект туралы» Заңы",
            "Жеке тұлғаның эмоцияларын оның келісімінсіз анықтау",
        ),
    ],
)
def test_titles_by_language(lang: str, pack_title: str, rule_title: str) -> None:
    r = _assess(
        KZ,
        lang=lang,
        **{"capabilities.emotion_recognition": True, "governance.risk_register_reviewed_on": "2024-01-10"},
    )
    assert r["title"] == pack_title
    assert finding(r["prohibited"], "KZ-AI-17-3-6")["title"] == rule_title
    pen_note = finding(r["obligations"], "KZ-AI-18-1-4")["penalty"]["note"]
    assert {"en": "MCI", "ru": "МРП", "kk": "АЕК"}[lang] in pen_note


_KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.mark.parametrize("path", [SIGNED_FILE, BILL_FILE], ids=["signed", "bill"])
def test_every_title_is_translated(path: Path) -> None:
    pack = load_pack_file(path)
    titles = [r.title for r in pack.rules] + [ex.title for r in pack.rules for ex in r.exceptions]
    titles += [pen.title for pen in pack.penalties.values()] + [pack.title]
    for t in titles:
        assert _KAZAKH_LETTERS.search(t.kk), t.kk  # Kazakh, not a copy of the Russian
        assert _CYRILLIC.search(t.ru) and not _KAZAKH_LETTERS.search(t.ru), t.ru
        assert not _CYRILLIC.search(t.en), t.en
    for r in pack.rules:
        if r.effect == "manual_review":
            assert r.reason is not None and _KAZAKH_LETTERS.search(r.reason.kk), r.id


# --------------------------------------------------------------------------- the pack itself


def test_signed_pack_structure() -> None:
    pack = load_pack_file(SIGNED_FILE)
    assert (pack.status, pack.valid_from, pack.valid_to) == ("in_force", dt.date(2026, 1, 18), None)
    assert pack.source_url == "https://adilet.zan.kz/rus/docs/Z2500000230"
    assert pack.classification == ("risk_level", "autonomy_level", "usage_mode", "infosec_state_system")
    assert set(pack.facts) == {
        "risk_level",
        "autonomy_level",
        "usage_mode",
        "infosec_state_system",
        "prohibited",
    }
    for rule in pack.rules:
        assert re.fullmatch(r"KZ-AI-\d+(-\d+)*(-[A-Z]+(-[A-Z]+)*)?", rule.id), rule.id
        # the id's numbers are the article's pinpoint, or a prefix of it (KZ-AI-17-1-HIGH: 17(1)(3))
        id_digits = re.findall(r"(?<=-)\d+(?=-|$)", rule.id)
        assert id_digits and re.findall(r"\d+", rule.article)[: len(id_digits)] == id_digits, rule.id
    prohibit_articles = {r.article for r in pack.by_effect["prohibit"]}
    assert prohibit_articles == {f"17(3)({n})" for n in range(1, 8)}
    assert {r.id for r in pack.rules if r.penalty} >= {
        "KZ-AI-21-2",
        "KZ-AI-21-3",
        "KZ-AI-18-1-4",
        "KZ-AI-11-3",
    }


def test_bill_pack_structure() -> None:
    bill = load_pack_file(BILL_FILE)
    assert (bill.status, bill.valid_from, bill.valid_to) == (
        "bill",
        dt.date(2025, 9, 24),
        dt.date(2025, 10, 29),
    )
    assert bill.extends == "2026-01-18"
    assert {r.verification for r in bill.rules} <= {"S", "U"}
    assert "KZ-AI-17-2-HIGH-REVIEW" not in bill.by_id
    new = {r.id for r in bill.rules} - {r.id for r in load_pack_file(SIGNED_FILE).rules}
    assert new == {
        "KZ-AI-BILL-AUTONOMY",
        "KZ-AI-BILL-RBI",
        "KZ-AI-BILL-HIGH-EXPERT-REVIEW",
        "KZ-AI-BILL-HIGH-REGISTRATION",
    }
    for rid in new:
        assert "[NF]" in (bill.by_id[rid].notes or ""), rid  # draft article numbers not found


# --------------------------------------------------------------------------- the bill of 24 Sep 2025


def test_bill_is_never_chosen_by_default() -> None:
    assert _assess(KZ, as_of=dt.date(2025, 10, 1))["version"] == "2026-01-18"
    assert _assess(BILL)["version"] == "2025-09-24"


@pytest.mark.parametrize(
    ("overrides", "prohibited", "review"),
    [
        ({"decision_mode": "no_human_override"}, {"KZ-AI-BILL-AUTONOMY"}, set()),
        ({"decision_mode": "human_can_override"}, set(), set()),
        ({"capabilities.realtime_remote_biometric_id": True}, {"KZ-AI-BILL-RBI"}, set()),
        (
            {
                "capabilities.realtime_remote_biometric_id": True,
                "capabilities.rbi_law_enforcement_exception": "victims_search",
            },
            set(),
            {"KZ-AI-BILL-RBI"},
        ),
        ({"capabilities.manipulation": True}, {"KZ-AI-17-3-1"}, set()),
    ],
)
def test_bill_prohibitions(overrides: dict[str, Any], prohibited: set[str], review: set[str]) -> None:
    r = _assess(BILL, **overrides)
    assert ids(r["prohibited"]) == prohibited
    assert ids(r["manual_review"]) == review  # no special-law review of high autonomy in the bill
    for item in r["prohibited"] + r["obligations"] + r["manual_review"]:
        assert item["verification"] in ("S", "U"), item["rule"]
    signed = _assess(KZ, **overrides)  # neither draft ban survived into the signed law
    assert not ({"KZ-AI-BILL-AUTONOMY", "KZ-AI-BILL-RBI"} & ids(signed["prohibited"]))


def test_bill_rbi_unanswered_is_a_question() -> None:
    r = _assess(BILL, **{"capabilities.realtime_remote_biometric_id": DELETE})
    assert "KZ-AI-BILL-RBI" in _needed_by(r, "capabilities.realtime_remote_biometric_id")
    assert r["prohibited"] == []


@pytest.mark.parametrize(
    ("impact", "applies"),
    [("emergency_or_significant_harm", True), ("reduced_efficiency_or_harm", False), (DELETE, None)],
)
def test_bill_high_risk_review_and_registration(impact: Any, applies: bool | None) -> None:
    r = _assess(BILL, failure_impact=impact)
    for rule in ("KZ-AI-BILL-HIGH-EXPERT-REVIEW", "KZ-AI-BILL-HIGH-REGISTRATION"):
        expected = {True: "unknown", None: "unknown", False: None}[applies]
        assert _status(r, rule) == expected
        if applies is None:
            assert rule in _needed_by(r, "failure_impact")
    if applies:
        assert "registration" in finding(r["obligations"], "KZ-AI-BILL-HIGH-REGISTRATION")["evidence"]
    signed = _assess(KZ, failure_impact=impact)
    assert not (
        {"KZ-AI-BILL-HIGH-EXPERT-REVIEW", "KZ-AI-BILL-HIGH-REGISTRATION"} & ids(signed["obligations"])
    )


def test_bill_differences_apply_inside_its_own_window() -> None:
    day = dt.date(2025, 10, 1)
    r = _assess(
        BILL, as_of=day, decision_mode="no_human_override", failure_impact="emergency_or_significant_harm"
    )
    assert "KZ-AI-BILL-AUTONOMY" in ids(r["prohibited"])
    assert _status(r, "KZ-AI-BILL-HIGH-REGISTRATION") == "unknown"
    assert _status(r, "KZ-AI-BILL-HIGH-EXPERT-REVIEW") == "unknown"


# ------------------------------------------------------------------ law review (digest §1.6, §1.15)


@pytest.mark.parametrize(
    ("mode", "connected", "review"),
    [
        ("local", True, True),  # Art. 17(4): a local system has no public-network connection
        ("local", False, False),
        ("closed", True, False),
        ("open", True, False),
        ("local", DELETE, None),  # unanswered: asked, not flagged
    ],
)
def test_local_system_connected_to_a_public_network_is_reviewed(
    mode: str, connected: Any, review: bool | None
) -> None:
    r = _assess(KZ, usage_mode=mode, public_network_connected=connected)
    assert r["classification"]["usage_mode"] == mode  # the owner's or holder's own classification stands
    assert ("KZ-AI-17-4-LOCAL-CONNECTED" in ids(r["manual_review"])) is bool(review)
    if review is None:
        assert "KZ-AI-17-4-LOCAL-CONNECTED" in _needed_by(r, "public_network_connected")
    assert r["prohibited"] == []


@pytest.mark.parametrize(
    ("overrides", "rule", "status"),
    [
        (
            {"interaction.imitates_real_person": True, "interaction.visible_warning": False},
            "KZ-AI-21-2",
            "unmet",
        ),
        ({"decisions.user_agreement_before_first_use": False}, "KZ-AI-15-2-5", "unmet"),
        ({"interaction.limitations_disclosed": False}, "KZ-AI-7-1", "unmet"),
    ],
)
def test_bill_inherited_duties_apply_inside_its_window(
    overrides: dict[str, Any], rule: str, status: str
) -> None:
    # Inherited rules start with the bill's own valid_from (docs/rule-packs.md, "extends"), as its notes say.
    r = _assess(BILL, as_of=dt.date(2025, 10, 1), **overrides)
    assert _status(r, rule) == status
    signed = _assess(KZ, as_of=dt.date(2025, 10, 1), **overrides)  # the signed law: not yet in force
    assert _status(signed, rule) == "not_yet_applicable"
    assert "start on this version's\n  valid_from, 2025-09-24" in BILL_FILE.read_text(encoding="utf-8")
