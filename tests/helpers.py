"""Shared builders for table-driven tests: a complete, compliant base profile and dotted overrides."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from senim.law import Catalog
from senim.profile import SystemProfile, parse_profile

AS_OF = dt.date(2026, 11, 26)

# A fully answered system that is in scope of both KZ and EU law, prohibited nowhere, high-risk
# nowhere, and compliant with every duty the profile can express. Tests flip single answers.
BASE: dict[str, Any] = {
    "schema": "senim/system-profile/v1",
    "id": "base-system",
    "name": "Base system",
    "organization": {"name": "Example LLP", "bin": "990340005977", "size": "large", "sme": False},
    "roles": {"kz": ["owner", "holder"], "eu": ["provider", "deployer"]},
    "jurisdiction": {
        "kz": True,
        "eu": {"placed_on_market": True, "output_used_in_eu": True, "exclusion": None},
    },
    "techniques": ["machine_learning"],
    "placed_on_market": "2025-03-01",
    "failure_impact": "minimal",
    "critical_ict_object": False,
    "state_information_resource": False,
    "decision_mode": "human_decides",
    "usage_mode": "closed",
    "public_network_connected": True,
    "processes_restricted_data": False,
    "capabilities": {
        "manipulation": False,
        "exploits_vulnerabilities": False,
        "social_scoring": False,
        "social_scoring_legal_basis": False,
        "crime_prediction_by_profiling": False,
        "untargeted_face_scraping": False,
        "emotion_recognition": False,
        "emotion_recognition_consent": False,
        "emotion_recognition_legal_basis": False,
        "emotion_recognition_setting": None,
        "biometric_categorisation": False,
        "biometric_categorisation_purpose": None,
        "realtime_remote_biometric_id": False,
        "rbi_law_enforcement_exception": None,
        "rbi_authorised": False,
        "generates_unlawful_output": False,
        "generates_intimate_imagery_of_real_people": False,
    },
    "eu_high_risk": {
        "annex_i": {
            "product_or_safety_component": False,
            "third_party_conformity_assessment": False,
            "legislation": None,
        },
        "annex_iii": [],
        "art_6_3": {
            "narrow_procedural_task": False,
            "improves_completed_human_activity": False,
            "detects_patterns_without_replacing_review": False,
            "preparatory_task": False,
        },
        "profiles_natural_persons": False,
        "deployer_type": "private",
        "employer_use_on_workers": False,
        "workers_informed": True,
        "registered_in_eu_database": True,
        "ce_marking": True,
    },
    "interaction": {
        "interacts_with_people": False,
        "ai_use_disclosed": True,
        "limitations_disclosed": True,
        "generates_content": [],
        "imitates_real_person": False,
        "depicts_events_that_did_not_happen": False,
        "artistic_or_satirical": False,
        "public_interest_text_without_editorial_review": False,
        "machine_readable_marking": True,
        "visible_warning": True,
    },
    "decisions": {
        "affect_peoples_rights": False,
        "solely_automated_legal_effect": False,
        "explanation_available": True,
        "data_basis_disclosure": True,
        "objection_route": True,
        "can_refuse_ai": True,
        "user_agreement_before_first_use": True,
        "user_support_channel": True,
        "subjects_informed_of_high_risk_use": True,
    },
    "governance": {
        "risk_register_reviewed_on": "2026-06-01",
        "misuse_scenarios_assessed": True,
        "suspension_procedure": True,
        "human_oversight_assigned": True,
        "logs_retained_months": 12,
        "documentation": [
            "technical_documentation",
            "risk_management",
            "data_libraries",
            "ethical_assessment",
            "user_agreement",
            "instructions_for_use",
            "quality_management_system",
            "conformity_assessment",
            "eu_declaration_of_conformity",
            "fundamental_rights_impact_assessment",
            "data_protection_impact_assessment",
            "art_6_3_assessment",
            "post_market_monitoring_plan",
            "copyright_policy",
            "training_content_summary",
            "downstream_provider_information",
            "personal_data_policy",
            "model_evaluation",
        ],
        "ai_literacy_programme": True,
        "security_measures": True,
        "incident_reporting_procedure": True,
        "trusted_list_application": False,
        "audit_completed": False,
    },
    "personal_data": {
        "processed": False,
        "categories": [],
        "unique_subjects": 0,
        "consent_obtained": True,
        "consent_content_complete": True,
        "consent_covers_cross_border": True,
        "primary_database_country": "KZ",
        "cross_border_destinations": [],
        "responsible_person_appointed": True,
        "breach_procedure_one_working_day": True,
        "processing_notified": True,
        "subject_requests_procedure": True,
    },
    "training_data": {
        "lawful_basis_documented": True,
        "producer_metadata_machine_readable": True,
        "uses_copyrighted_works": False,
        "machine_readable_optouts_honoured": True,
    },
    "gpai": {
        "is_gpai_model": False,
        "training_flops": None,
        "open_source_licence": False,
        "systemic_risk_designated": False,
    },
}


def profile_data(**overrides: Any) -> dict[str, Any]:
    """The base profile as data with dotted overrides.

    Example: ``profile_data(**{"capabilities.social_scoring": True})``.

    A value of ``DELETE`` removes the key (an unanswered field).
    """
    data = copy.deepcopy(BASE)
    for dotted, value in overrides.items():
        parts = dotted.split(".")
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if value is DELETE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return data


def make_profile(**overrides: Any) -> SystemProfile:
    """The base profile with dotted overrides, validated."""
    return parse_profile(profile_data(**overrides))


DELETE = object()


def assess_pack(pack: str, *, as_of: dt.date = AS_OF, lang: str = "en", **overrides: Any) -> dict[str, Any]:
    """Assess the base profile with overrides against one pack; return that pack's result (contract JSON)."""
    from senim.law import assess

    result = assess(make_profile(**overrides), packs=[pack], as_of=as_of, lang=lang)
    out: dict[str, Any] = result.to_dict()["results"][0]
    return out


def ids(items: list[dict[str, Any]]) -> set[str]:
    """The rule ids of a list of findings (prohibited, obligations or manual_review)."""
    return {item["rule"] for item in items}


def finding(items: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    """The finding of one rule; fails the test when absent."""
    for item in items:
        if item["rule"] == rule:
            return item
    raise AssertionError(f"{rule} not among {sorted(ids(items))}")


def questions(result: dict[str, Any]) -> set[str]:
    """The fields asked as open questions."""
    return {q["field"] for q in result["open_questions"]}


def catalog_before_the_omnibus(folder: Path) -> Catalog:
    """The shipped packs without the EU AI Act's consolidated text of 27 Jul 2026 (copied into
    ``folder``): Art. 73 then applies to Annex III providers from 2 Aug 2026, so incidents of the past
    months start EU clocks (with the Digital Omnibus in force they start on 2 Dec 2027)."""
    packs = folder / "packs"
    shutil.copytree(Path(__file__).parents[1] / "src" / "senim" / "law" / "packs", packs)
    (packs / "eu-ai-act" / "2026-07-27.yaml").unlink()
    return Catalog([packs])
