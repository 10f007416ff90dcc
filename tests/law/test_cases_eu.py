"""Legal cases for the eu-ai-act pack: real-world systems a lawyer would classify under the EU AI Act.

Each case is the base profile (tests/helpers.py BASE: an in-scope provider and deployer, compliant,
minimal risk) with the dotted overrides that describe one system, the assessment date and pack
version, and the outcome that shared/law/eu-ai-act.md supports. Comments cite the article and the
digest's confidence mark. ``EU`` alone means the version in force on the date: 2024-08-01 up to
26 Jul 2026, 2026-07-27 (Digital Omnibus) from 27 Jul 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.helpers import assess_pack, ids

EU = "eu-ai-act"
V1 = "eu-ai-act@2024-08-01"
V2 = "eu-ai-act@2026-07-27"

EARLY_2025 = dt.date(2025, 1, 15)  # before Art. 4 / Art. 5 apply (2 Feb 2025)
SPRING_2025 = dt.date(2025, 6, 1)  # Art. 4 and 5 apply; GPAI not yet (2 Aug 2025)
SPRING_2026 = dt.date(2026, 3, 1)  # original text in force; Art. 50 and Annex III not yet
AUTUMN_2026 = dt.date(2026, 10, 1)  # original schedule would apply Annex III (checked with V1)
TODAY = dt.date(2026, 11, 26)  # Omnibus text in force; Annex III deferred; 50(2) grace running
WINTER_2026 = dt.date(2026, 12, 15)  # after the 50(2) grace and the NCII ban start
EARLY_2028 = dt.date(2028, 1, 15)  # Annex III duties apply under both schedules
AUTUMN_2028 = dt.date(2028, 9, 1)  # Annex I duties apply under both schedules

# Frequently reused descriptions
DEPLOYER = {"roles.eu": ["deployer"]}
PROVIDER = {"roles.eu": ["provider"]}
CHATBOT = {"interaction.interacts_with_people": True, "interaction.generates_content": ["text"]}
MED_DEVICE = {
    "eu_high_risk.annex_i.product_or_safety_component": True,
    "eu_high_risk.annex_i.third_party_conformity_assessment": True,
    "eu_high_risk.annex_i.legislation": "medical_devices",
}
POLICE_RBI = {
    **DEPLOYER,
    "eu_high_risk.deployer_type": "public_body",
    "capabilities.realtime_remote_biometric_id": True,
    "personal_data.processed": True,
    "personal_data.categories": ["biometric"],
}


@dataclass(frozen=True)
class Expect:
    """What the law says about a system on one date under one pack version."""

    tier: str | None  # None: undecided until an open question is answered
    pack: str = EU
    as_of: dt.date = TODAY
    extra: dict[str, Any] = field(default_factory=dict)  # a variant: another operator's view or answer
    version: str | None = None  # the pack version expected to answer (checked when given)
    annex_iii: list[str] | None = None
    prohibited: frozenset[str] = frozenset()
    review: frozenset[str] = frozenset()  # must be among manual_review
    no_review: frozenset[str] = frozenset()  # must not be among manual_review
    status: dict[str, str] = field(default_factory=dict)  # rule -> obligation status
    due: dict[str, str] = field(default_factory=dict)  # rule -> due date
    absent: frozenset[str] = frozenset()  # rules that must not be among the obligations
    verification: dict[str, str] = field(default_factory=dict)  # rule -> mark (any finding list)
    asked: frozenset[str] = frozenset()  # fields that must be open questions


def fs(*rules: str) -> frozenset[str]:
    return frozenset(rules)


# name -> (the system as dotted overrides of BASE, the outcomes)
CASES: dict[str, tuple[dict[str, Any], list[Expect]]] = {
    # ================================================================ Art. 2 scope [digest §3.1, C]
    # A US recruitment SaaS ranking candidates (Annex III 4(a), profiling) with no EU establishment, whose
    # rankings EU employers use: in scope through its output (Art. 2(1)(c)); its EU importer has the
    # Art. 23 checks, not the provider's duties; Omnibus deferral of Chapter III Sections 1-3 [S].
    "us_hiring_saas_and_its_eu_importer": (
        {
            **PROVIDER,
            "jurisdiction.eu.placed_on_market": False,
            "jurisdiction.eu.output_used_in_eu": True,
            "eu_high_risk.annex_iii": ["4a"],
            "eu_high_risk.profiles_natural_persons": True,
            "eu_high_risk.ce_marking": False,
        },
        [
            Expect(
                "high",
                annex_iii=["4a"],
                status={"EU-AIA-9": "not_yet_applicable"},
                due={"EU-AIA-9": "2027-12-02"},
            ),
            Expect(
                "high",
                extra={"roles.eu": ["importer"], "jurisdiction.eu.placed_on_market": True},
                due={"EU-AIA-23": "2027-12-02"},
                absent=fs("EU-AIA-9", "EU-AIA-43", "EU-AIA-26-1", "EU-AIA-4"),
                verification={"EU-AIA-23": "S"},
            ),
            # no CE marking: the importer's 23(1) check fails once it applies (original: 2 Aug 2026 [C])
            Expect(
                "high",
                pack=V1,
                as_of=AUTUMN_2026,
                extra={"roles.eu": ["importer"]},
                status={"EU-AIA-23": "unmet"},
                verification={"EU-AIA-23": "C"},
            ),
            Expect("high", as_of=EARLY_2028, extra={"roles.eu": ["importer"]}, status={"EU-AIA-23": "unmet"}),
        ],
    ),
    # Target-recognition module of a defence contractor, even with live face ID: Art. 2(3) military.
    "military_targeting_is_out_of_scope": (
        {"jurisdiction.eu.exclusion": "military", "capabilities.realtime_remote_biometric_id": True},
        [Expect("out_of_scope")],
    ),
    # A university lab's emotion-recognition prototype, never placed on the market: Art. 2(6)/(8).
    "university_research_prototype_is_out_of_scope": (
        {
            "jurisdiction.eu.exclusion": "research",
            "capabilities.emotion_recognition": True,
            "capabilities.emotion_recognition_setting": "education",
        },
        [Expect("out_of_scope")],
    ),
    # An open-source OCR library: Art. 2(12) excludes free and open-source systems that are neither
    # high-risk, nor Art. 5, nor Art. 50 systems [C].
    "open_source_ocr_library_is_out_of_scope": (
        {"jurisdiction.eu.exclusion": "open_source"},
        [Expect("out_of_scope")],
    ),
    # An open-source chatbot stays in scope because Art. 50 applies (Art. 2(12)) [C].
    "open_source_chatbot_keeps_art_50": (
        {"jurisdiction.eu.exclusion": "open_source", **CHATBOT, "placed_on_market": "2026-09-01"},
        [Expect("limited", status={"EU-AIA-50-1": "met", "EU-AIA-50-2": "met"})],
    ),
    # ================================================================ Art. 4 AI literacy [C]
    # An e-mail spam filter of an EU retailer with no training programme: minimal risk, but Art. 4 applies
    # to every AI system from 2 Feb 2025; the Omnibus softens it to "support the development" [C].
    "spam_filter_without_ai_literacy_training": (
        {"governance.ai_literacy_programme": False},
        [
            Expect(
                "minimal",
                as_of=EARLY_2025,
                status={"EU-AIA-4": "not_yet_applicable"},
                due={"EU-AIA-4": "2025-02-02"},
            ),
            Expect("minimal", as_of=SPRING_2025, version="2024-08-01", status={"EU-AIA-4": "unmet"}),
            Expect(
                "minimal", version="2026-07-27", status={"EU-AIA-4": "unmet"}, verification={"EU-AIA-4": "C"}
            ),
        ],
    ),
    # ================================================================ Art. 5 prohibitions [C]
    # Call-centre software reading operators' emotions from their voices: 5(1)(f) workplace, from 2 Feb
    # 2025; before that only Annex III 1(c). Consent does not lift the EU ban.
    "call_centre_emotion_analytics_on_staff": (
        {
            **DEPLOYER,
            "capabilities.emotion_recognition": True,
            "capabilities.emotion_recognition_setting": "workplace",
            "capabilities.emotion_recognition_consent": True,
            "eu_high_risk.employer_use_on_workers": True,
        },
        [
            Expect("prohibited", prohibited=fs("EU-AIA-5-1-F")),
            Expect("prohibited", pack=V1, as_of=SPRING_2025, prohibited=fs("EU-AIA-5-1-F")),
            Expect("high", as_of=EARLY_2025, review=fs("EU-AIA-5-1-F")),
        ],
    ),
    # Fatigue and drowsiness detection for long-haul drivers: emotion recognition at work for safety
    # reasons, the 5(1)(f) exception (review); Annex III 1(c) high-risk and the 50(3) notice.
    "truck_driver_drowsiness_detection_safety_exception": (
        {
            **DEPLOYER,
            "capabilities.emotion_recognition": True,
            "capabilities.emotion_recognition_setting": "medical_or_safety",
            "interaction.ai_use_disclosed": False,
        },
        [Expect("high", annex_iii=["1c"], review=fs("EU-AIA-5-1-F"), status={"EU-AIA-50-3": "unmet"})],
    ),
    # A mobile game with hidden dark patterns pushing compulsive spending: 5(1)(a).
    "manipulative_game_dark_patterns": (
        {"capabilities.manipulation": True},
        [Expect("prohibited", prohibited=fs("EU-AIA-5-1-A"))],
    ),
    # A payday-loan app targeting over-indebted people with pressure tactics: 5(1)(b).
    "payday_loan_app_exploiting_debt_distress": (
        {"capabilities.exploits_vulnerabilities": True},
        [Expect("prohibited", prohibited=fs("EU-AIA-5-1-B"))],
    ),
    # A municipality scoring residents' civic behaviour to rank access to housing: 5(1)(c), no exception.
    "municipal_citizen_score": (
        {**DEPLOYER, "eu_high_risk.deployer_type": "public_body", "capabilities.social_scoring": True},
        [Expect("prohibited", prohibited=fs("EU-AIA-5-1-C"))],
    ),
    # Predictive policing flagging individuals as future offenders from personality profiles: 5(1)(d).
    "predictive_policing_by_profiling": (
        {
            **DEPLOYER,
            "eu_high_risk.deployer_type": "public_body",
            "capabilities.crime_prediction_by_profiling": True,
        },
        [Expect("prohibited", prohibited=fs("EU-AIA-5-1-D"))],
    ),
    # Re-offending risk tool supporting a probation officer's assessment on objective facts: outside the
    # 5(1)(d) ban, high-risk under Annex III 6(d); a public-body deployer: FRIA, 49(3), 26.
    "recidivism_risk_support_tool": (
        {
            **DEPLOYER,
            "eu_high_risk.deployer_type": "public_body",
            "eu_high_risk.annex_iii": ["6d"],
            "eu_high_risk.profiles_natural_persons": True,
        },
        [
            Expect(
                "high",
                as_of=EARLY_2028,
                annex_iii=["6d"],
                status={"EU-AIA-27": "met", "EU-AIA-49-3": "met", "EU-AIA-26-2": "met"},
            )
        ],
    ),
    # A face search engine built by scraping social-media photos: 5(1)(e).
    "face_search_engine_scraping": (
        {"capabilities.untargeted_face_scraping": True},
        [Expect("prohibited", prohibited=fs("EU-AIA-5-1-E"))],
    ),
    # An app inferring sexual orientation from selfies: 5(1)(g).
    "orientation_inference_from_selfies": (
        {
            "capabilities.biometric_categorisation": True,
            "capabilities.biometric_categorisation_purpose": "other",
        },
        [Expect("prohibited", prohibited=fs("EU-AIA-5-1-G"))],
    ),
    # Labelling a lawfully acquired face dataset by skin tone for bias testing: the 5(1)(g) exception
    # (review); still biometric categorisation, Annex III 1(b).
    "dataset_labelling_for_bias_testing": (
        {
            "capabilities.biometric_categorisation": True,
            "capabilities.biometric_categorisation_purpose": "dataset_labelling",
        },
        [Expect("high", annex_iii=["1b"], review=fs("EU-AIA-5-1-G"))],
    ),
    # Police live facial recognition at a railway station. To find an abducted child with judicial
    # authorisation: 5(1)(h)(i) with the 5(2)-(4) safeguards (review), Annex III 1(a). The same for a
    # serious-crime suspect without the 5(3) authorisation ("needs prior ... authorisation", digest §3.4,
    # C): prohibited; authorisation unanswered: asked. Without any objective: prohibited.
    "police_live_facial_recognition": (
        {
            **POLICE_RBI,
            "capabilities.rbi_law_enforcement_exception": "victims_search",
            "capabilities.rbi_authorised": True,
        },
        [
            Expect(
                "high",
                annex_iii=["1a"],
                review=fs("EU-AIA-5-1-H"),
                status={"EU-AIA-5-2": "met", "EU-AIA-5-3": "met", "EU-AIA-5-4": "unknown"},
            ),
            Expect(
                "prohibited",
                extra={
                    "capabilities.rbi_law_enforcement_exception": "serious_crime_suspect",
                    "capabilities.rbi_authorised": False,
                },
                prohibited=fs("EU-AIA-5-1-H"),
                status={"EU-AIA-5-3": "unmet"},
            ),
            Expect(
                None,  # prohibited or high-risk: depends on the answer
                extra={"capabilities.rbi_authorised": None},
                review=fs("EU-AIA-5-1-H"),
                asked=fs("capabilities.rbi_authorised"),
            ),
            Expect(
                "prohibited",
                extra={"capabilities.rbi_law_enforcement_exception": None},
                prohibited=fs("EU-AIA-5-1-H"),
                absent=fs("EU-AIA-5-2", "EU-AIA-5-3"),
            ),
        ],
    ),
    # A shopping centre's live face watch-list run by the private operator: 5(1)(h) bans only use for law
    # enforcement [C]; a private deployer is read as not law enforcement (review), Annex III 1(a).
    "shopping_centre_face_watchlist_private_operator": (
        {**POLICE_RBI, "eu_high_risk.deployer_type": "private"},
        [
            Expect(
                "high",
                as_of=EARLY_2028,
                annex_iii=["1a"],
                review=fs("EU-AIA-5-1-H"),
                status={"EU-AIA-26-2": "met"},
            )
        ],
    ),
    # A "nudifier" app: new Omnibus ban from 2 Dec 2026 [U]: review before, prohibited and flagged after;
    # no such ban in the original text.
    "nudifier_app": (
        {"capabilities.generates_intimate_imagery_of_real_people": True},
        [
            Expect("minimal", review=fs("EU-AIA-5-1-NCII")),
            Expect(
                "prohibited",
                as_of=WINTER_2026,
                prohibited=fs("EU-AIA-5-1-NCII"),
                review=fs("EU-AIA-5-1-NCII"),
                verification={"EU-AIA-5-1-NCII": "U"},
            ),
            Expect("minimal", pack=V1, as_of=WINTER_2026, no_review=fs("EU-AIA-5-1-NCII")),
        ],
    ),
    # ================================================================ Annex III and Art. 6(3) [C]
    # A bank deploying a vendor's retail credit scoring (5(b)): FRIA even though private (27(1)); deployer
    # duties only; original schedule 2 Aug 2026 [C], Omnibus 2 Dec 2027 [S].
    "bank_deploying_credit_scoring": (
        {
            **DEPLOYER,
            "eu_high_risk.annex_iii": ["5b"],
            "eu_high_risk.profiles_natural_persons": True,
            "decisions.affect_peoples_rights": True,
            "personal_data.processed": True,
            "governance.documentation": [],
        },
        [
            Expect(
                "high",
                annex_iii=["5b"],
                status={"EU-AIA-27": "not_yet_applicable", "EU-AIA-26-11": "not_yet_applicable"},
                due={"EU-AIA-27": "2027-12-02"},
                absent=fs("EU-AIA-9", "EU-AIA-49-1", "EU-AIA-49-3"),
                verification={"EU-AIA-27": "S"},
            ),
            Expect(
                "high",
                pack=V1,
                as_of=AUTUMN_2026,
                status={"EU-AIA-27": "unmet", "EU-AIA-26-1": "unknown", "EU-AIA-26-9": "unmet"},
                verification={"EU-AIA-27": "C"},
            ),
            Expect("high", as_of=EARLY_2028, status={"EU-AIA-27": "unmet", "EU-AIA-86": "met"}),
        ],
    ),
    # An insurer's own life-insurance premium pricing (5(c)): provider duties and FRIA as deployer.
    "life_insurance_pricing_in_house": (
        {"eu_high_risk.annex_iii": ["5c"], "eu_high_risk.profiles_natural_persons": True},
        [
            Expect(
                "high",
                as_of=EARLY_2028,
                annex_iii=["5c"],
                status={"EU-AIA-9": "met", "EU-AIA-43": "met", "EU-AIA-49-1": "met", "EU-AIA-27": "met"},
            )
        ],
    ),
    # A public employment agency assessing unemployment-benefit eligibility (5(a)), not registered and
    # without explanations: 49(3), 26(8) and 86 unmet; FRIA done.
    "benefit_eligibility_public_agency": (
        {
            **DEPLOYER,
            "eu_high_risk.deployer_type": "public_body",
            "eu_high_risk.annex_iii": ["5a"],
            "eu_high_risk.profiles_natural_persons": True,
            "decisions.affect_peoples_rights": True,
            "eu_high_risk.registered_in_eu_database": False,
            "decisions.explanation_available": False,
        },
        [
            Expect(
                "high",
                as_of=EARLY_2028,
                status={
                    "EU-AIA-49-3": "unmet",
                    "EU-AIA-26-8": "unmet",
                    "EU-AIA-27": "met",
                    "EU-AIA-86": "unmet",
                },
            )
        ],
    ),
    # Emergency-call triage at a private ambulance operator providing a public service (5(d)): FRIA; only
    # public authorities register their use.
    "emergency_call_triage_public_service": (
        {**DEPLOYER, "eu_high_risk.deployer_type": "public_service", "eu_high_risk.annex_iii": ["5d"]},
        [
            Expect(
                "high", as_of=EARLY_2028, status={"EU-AIA-27": "met"}, absent=fs("EU-AIA-49-3", "EU-AIA-26-8")
            )
        ],
    ),
    # Water-network pressure control, a safety component (point 2), at a municipal utility: no FRIA, no
    # EU-database registration and no Art. 86; national registration (49(5)).
    "water_network_safety_component": (
        {"eu_high_risk.annex_iii": ["2"], "eu_high_risk.deployer_type": "public_body"},
        [
            Expect(
                "high",
                as_of=EARLY_2028,
                annex_iii=["2"],
                status={"EU-AIA-49-5": "unknown"},
                absent=fs("EU-AIA-27", "EU-AIA-49-1", "EU-AIA-49-3", "EU-AIA-86"),
            )
        ],
    ),
    # Warehouse productivity monitoring allocating shifts (4(b)); the employer has not told the works
    # council: 26(7) unmet once Annex III duties apply.
    "warehouse_worker_monitoring": (
        {
            **DEPLOYER,
            "eu_high_risk.annex_iii": ["4b"],
            "eu_high_risk.profiles_natural_persons": True,
            "eu_high_risk.employer_use_on_workers": True,
            "eu_high_risk.workers_informed": False,
        },
        [Expect("high", as_of=EARLY_2028, status={"EU-AIA-26-7": "unmet", "EU-AIA-26-6": "met"})],
    ),
    # A CV parser that only turns PDFs into structured fields for recruiters (4(a)): 6(3)(a) narrow
    # procedural task, not high-risk; 6(4) documentation and 49(2) registration. Extended to score
    # candidates' personality it profiles, so it is always high-risk (6(3) last subparagraph) [C].
    "cv_parser_narrow_procedural_task": (
        {
            **PROVIDER,
            "eu_high_risk.annex_iii": ["4a"],
            "eu_high_risk.art_6_3.narrow_procedural_task": True,
            "eu_high_risk.registered_in_eu_database": False,
        },
        [
            Expect(
                "minimal",
                as_of=EARLY_2028,
                annex_iii=[],
                status={"EU-AIA-6-4": "met", "EU-AIA-49-2": "unmet"},
                absent=fs("EU-AIA-9", "EU-AIA-43"),
            ),
            Expect(
                "high",
                extra={"eu_high_risk.profiles_natural_persons": True},
                annex_iii=["4a"],
                absent=fs("EU-AIA-6-4", "EU-AIA-49-2"),
            ),
        ],
    ),
    # School tools around teacher grading (3(b)): polishing the language of essays already graded,
    # 6(3)(b); flagging grading inconsistencies for a human review, 6(3)(c). 6(4) and 49(2) apply from
    # 2 Aug 2026 in the original schedule [C], from 2 Dec 2027 after the Omnibus [S].
    "school_grading_support_tools": (
        {
            **PROVIDER,
            "eu_high_risk.annex_iii": ["3b"],
            "eu_high_risk.art_6_3.improves_completed_human_activity": True,
        },
        [
            Expect("minimal", pack=V1, as_of=AUTUMN_2026, status={"EU-AIA-6-4": "met", "EU-AIA-49-2": "met"}),
            Expect(
                "minimal",
                extra={
                    "eu_high_risk.art_6_3.improves_completed_human_activity": False,
                    "eu_high_risk.art_6_3.detects_patterns_without_replacing_review": True,
                },
                due={"EU-AIA-6-4": "2027-12-02", "EU-AIA-49-2": "2027-12-02"},
                verification={"EU-AIA-6-4": "S"},
            ),
        ],
    ),
    # Machine translation of asylum files before a caseworker examines them (7(c)): 6(3)(d) preparatory.
    "asylum_file_translation_preparatory": (
        {**PROVIDER, "eu_high_risk.annex_iii": ["7c"], "eu_high_risk.art_6_3.preparatory_task": True},
        [Expect("minimal", annex_iii=[])],
    ),
    # ================================================================ Annex I (Art. 6(1)) [C]/[S]
    # Chest X-ray triage software, a medical device needing a notified body: high-risk; Annex I duties from
    # 2 Aug 2027 (original) / 2 Aug 2028 (Omnibus) [S]; the 6(1a) carve-out is a review item after
    # 27 Jul 2026. Its EU authorised representative has the 22(3) tasks.
    "xray_triage_medical_device": (
        {**PROVIDER, **MED_DEVICE},
        [
            Expect(
                "high",
                review=fs("EU-AIA-6-1A"),
                status={"EU-AIA-9-ANNEX-I": "not_yet_applicable", "EU-AIA-43-ANNEX-I": "not_yet_applicable"},
                due={"EU-AIA-9-ANNEX-I": "2028-08-02"},
                verification={"EU-AIA-9-ANNEX-I": "S"},
            ),
            Expect(
                "high",
                pack=V1,
                as_of=SPRING_2026,
                due={"EU-AIA-9-ANNEX-I": "2027-08-02"},
                no_review=fs("EU-AIA-6-1A"),
            ),
            Expect(
                "high",
                as_of=AUTUMN_2028,
                extra={"roles.eu": ["authorised_representative"]},
                status={"EU-AIA-22-3-ANNEX-I": "met"},
                absent=fs("EU-AIA-9-ANNEX-I", "EU-AIA-22-3"),
            ),
        ],
    ),
    # A smart toy whose AI feature needs no third-party conformity assessment: not 6(1) high-risk.
    "smart_toy_self_assessed": (
        {
            "eu_high_risk.annex_i.product_or_safety_component": True,
            "eu_high_risk.annex_i.third_party_conformity_assessment": False,
            "eu_high_risk.annex_i.legislation": "toys",
        },
        [Expect("minimal", absent=fs("EU-AIA-9-ANNEX-I"))],
    ),
    # Lane-keeping assistant in a car (motor vehicles, Annex I Section B): high-risk under 6(1), but the
    # requirements come through the type-approval acts (Art. 2(2)).
    "car_lane_keeping_section_b": (
        {
            **PROVIDER,
            "eu_high_risk.annex_i.product_or_safety_component": True,
            "eu_high_risk.annex_i.third_party_conformity_assessment": True,
            "eu_high_risk.annex_i.legislation": "motor_vehicles",
        },
        [
            Expect(
                "high",
                as_of=AUTUMN_2028,
                review=fs("EU-AIA-2-2"),
                absent=fs("EU-AIA-9-ANNEX-I", "EU-AIA-43-ANNEX-I"),
            )
        ],
    ),
    # ================================================================ Art. 24 distributor [C]
    # A reseller of an exam-proctoring product (3(d)): distributor checks (24(1)), no provider or deployer
    # duties.
    "reseller_of_exam_proctoring_software": (
        {"roles.eu": ["distributor"], "eu_high_risk.annex_iii": ["3d"]},
        [
            Expect(
                "high",
                as_of=EARLY_2028,
                status={"EU-AIA-24": "met"},
                absent=fs("EU-AIA-23", "EU-AIA-9", "EU-AIA-26-1"),
            )
        ],
    ),
    # ================================================================ Art. 50 transparency [C]/[S]
    # An airline's customer-service chatbot that does not say it is an AI. Built in-house (provider):
    # 50(1) from 2 Aug 2026. A bank deploying a vendor's chatbot: 50(1) binds the provider, not it.
    "customer_service_chatbot": (
        {**CHATBOT, "interaction.generates_content": [], "interaction.ai_use_disclosed": False},
        [
            Expect(
                "limited",
                as_of=SPRING_2026,
                status={"EU-AIA-50-1": "not_yet_applicable"},
                due={"EU-AIA-50-1": "2026-08-02"},
            ),
            Expect("limited", status={"EU-AIA-50-1": "unmet"}),
            Expect("limited", extra=DEPLOYER, absent=fs("EU-AIA-50-1", "EU-AIA-50-2")),
        ],
    ),
    # An image generator without watermarking placed on the market in 2025: the Omnibus grace for 50(2)
    # runs to 2 Dec 2026 [S]; the original text applies 50(2) from 2 Aug 2026. A release of Sept 2026
    # has no grace.
    "image_generator_without_watermark": (
        {
            **PROVIDER,
            "interaction.generates_content": ["image"],
            "interaction.machine_readable_marking": False,
        },
        [
            Expect(
                "limited",
                status={"EU-AIA-50-2-LEGACY": "not_yet_applicable"},
                due={"EU-AIA-50-2-LEGACY": "2026-12-02"},
                absent=fs("EU-AIA-50-2"),
            ),
            Expect("limited", as_of=WINTER_2026, status={"EU-AIA-50-2-LEGACY": "unmet"}),
            Expect("limited", pack=V1, as_of=SPRING_2026, due={"EU-AIA-50-2": "2026-08-02"}),
            Expect(
                "limited",
                extra={"placed_on_market": "2026-09-01"},
                status={"EU-AIA-50-2": "unmet"},
                absent=fs("EU-AIA-50-2-LEGACY"),
            ),
        ],
    ),
    # An advertising agency publishing a deep-fake video of a real celebrity without a label: 50(4); as an
    # evidently satirical sketch only the lighter disclosure applies.
    "deepfake_video_of_a_celebrity": (
        {
            **DEPLOYER,
            "interaction.generates_content": ["video"],
            "interaction.imitates_real_person": True,
            "interaction.visible_warning": False,
        },
        [
            Expect("limited", status={"EU-AIA-50-4-1": "unmet"}, absent=fs("EU-AIA-50-4-1-ART")),
            Expect(
                "limited",
                extra={"interaction.artistic_or_satirical": True},
                status={"EU-AIA-50-4-1-ART": "unmet"},
                absent=fs("EU-AIA-50-4-1"),
            ),
        ],
    ),
    # A news site auto-publishing AI-written articles without editorial review: 50(4) second subparagraph.
    "news_site_ai_articles_without_editor": (
        {
            **DEPLOYER,
            "interaction.generates_content": ["text"],
            "interaction.public_interest_text_without_editorial_review": True,
            "interaction.visible_warning": False,
        },
        [Expect("limited", status={"EU-AIA-50-4-2": "unmet"})],
    ),
    # ================================================================ GPAI (Arts. 51-55) [C]
    # A frontier LLM trained with 3e25 FLOP, released Sept 2025: systemic risk presumed (51(2)); open
    # weights do not exempt it (53(2)).
    "frontier_llm_systemic_risk": (
        {
            **PROVIDER,
            "gpai.is_gpai_model": True,
            "gpai.training_flops": 3e25,
            "placed_on_market": "2025-09-01",
        },
        [
            Expect(
                "minimal",
                status={"EU-AIA-53-1-A": "met", "EU-AIA-55-1-A": "met", "EU-AIA-55-1-C": "met"},
                review=fs("EU-AIA-54"),
            ),
            Expect(
                "minimal",
                extra={"gpai.open_source_licence": True},
                status={"EU-AIA-53-1-A": "met", "EU-AIA-55-1-B": "unknown"},
                review=fs("EU-AIA-54"),
            ),
            Expect(
                "minimal",
                pack=V1,
                as_of=SPRING_2025,
                status={"EU-AIA-55-1-A": "not_yet_applicable"},
                due={"EU-AIA-55-1-A": "2025-08-02"},
            ),
        ],
    ),
    # A 7B open-weights model (1e23 FLOP) under an open-source licence: 53(1)(a)/(b) and 54 exempt (53(2));
    # copyright policy and training summary still due.
    "open_weights_small_model": (
        {
            **PROVIDER,
            "jurisdiction.eu.exclusion": "open_source",
            "gpai.is_gpai_model": True,
            "gpai.training_flops": 1e23,
            "gpai.open_source_licence": True,
            "placed_on_market": "2025-09-01",
        },
        [
            Expect(
                "minimal",
                status={"EU-AIA-53-1-C": "met", "EU-AIA-53-1-D": "met"},
                absent=fs("EU-AIA-53-1-A", "EU-AIA-53-1-B", "EU-AIA-55-1-A"),
                no_review=fs("EU-AIA-54"),
            )
        ],
    ),
    # A model released in 2024: Art. 111(3), comply by 2 Aug 2027.
    "legacy_model_released_2024": (
        {
            **PROVIDER,
            "gpai.is_gpai_model": True,
            "gpai.training_flops": 5e24,
            "placed_on_market": "2024-06-01",
        },
        [Expect("minimal", due={"EU-AIA-53-1-A-LEGACY": "2027-08-02"}, absent=fs("EU-AIA-53-1-A"))],
    ),
}

CHECKS = [(name, i) for name, (_, expects) in CASES.items() for i in range(len(expects))]


@pytest.mark.parametrize(("name", "index"), CHECKS, ids=[f"{n}-{i}" for n, i in CHECKS])
def test_eu_legal_case(name: str, index: int) -> None:
    system, expects = CASES[name]
    e = expects[index]
    r = assess_pack(e.pack, as_of=e.as_of, **{**system, **e.extra})
    if e.version is not None:
        assert r["version"] == e.version
    c = r["classification"]
    assert c["risk_tier"] == e.tier, c
    if e.tier == "out_of_scope":
        assert r["in_scope"] is False and r["obligations"] == [] and r["prohibited"] == []
        return
    assert r["in_scope"] is True
    if e.annex_iii is not None:
        assert c["annex_iii"] == e.annex_iii
    assert ids(r["prohibited"]) == e.prohibited
    review = ids(r["manual_review"])
    assert e.review <= review, review
    assert not e.no_review & review, review
    obligations = {o["rule"]: o for o in r["obligations"]}
    for rule, status in e.status.items():
        assert rule in obligations, sorted(obligations)
        assert obligations[rule]["status"] == status, (rule, obligations[rule])
    for rule, due in e.due.items():
        assert rule in obligations, sorted(obligations)
        assert obligations[rule]["due"] == due, (rule, obligations[rule])
    assert not e.absent & set(obligations), sorted(e.absent & set(obligations))
    every = [*r["obligations"], *r["prohibited"], *r["manual_review"]]
    for rule, mark in e.verification.items():
        marks = {f["verification"] for f in every if f["rule"] == rule}
        assert marks == {mark}, (rule, marks)
    assert e.asked <= {q["field"] for q in r["open_questions"]}


def test_between_25_and_40_systems() -> None:
    assert 25 <= len(CASES) <= 40
