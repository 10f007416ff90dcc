"""The eu-ai-act rule pack (Regulation (EU) 2024/1689): original text and the post-Omnibus text.

Legal source: shared/law/eu-ai-act.md. BASE (tests/helpers.py) is a provider and deployer whose
system is placed on the EU market, prohibited nowhere, not high-risk, without Art. 50 or GPAI
features, and compliant with every duty a profile answer can show. Version 2024-08-01 is the law
until 2026-07-26; 2026-07-27 (after the Digital Omnibus) from then on.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path
from typing import Any

import pytest

from senim.law import CompiledPack, default_catalog
from senim.law.dates import describe_period
from senim.profile.models import AnnexIIIPoint
from tests.helpers import DELETE, assess_pack, finding, ids, questions

EU = "eu-ai-act"
V1 = "eu-ai-act@2024-08-01"
V2 = "eu-ai-act@2026-07-27"
PACK_DIR = Path(__file__).resolve().parents[2] / "src" / "senim" / "law" / "packs" / "eu-ai-act"

TODAY = dt.date(2026, 11, 26)  # the default version is 2026-07-27
BEFORE_OMNIBUS = dt.date(2026, 3, 1)  # the default version is 2024-08-01
AFTER_NCII = dt.date(2026, 12, 15)
AFTER_ANNEX_III = dt.date(2028, 1, 15)  # Annex III duties apply (both schedules)
AFTER_ALL = dt.date(2028, 9, 1)  # every duty of both versions applies

POINTS = list(typing.get_args(AnnexIIIPoint))  # every Annex III point the profile can name

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүІі]")


def _pack(version: str) -> CompiledPack:
    """One pack version, validated and compiled (the catalogue caches it for the whole session)."""
    pack = default_catalog().load(EU, version)
    assert pack.path == (PACK_DIR / f"{version}.yaml").resolve()
    return pack


def _assess(pack: str = EU, as_of: dt.date = TODAY, **kw: Any) -> dict[str, Any]:
    return assess_pack(pack, as_of=as_of, **kw)


def _status(result: dict[str, Any], rule: str) -> str | None:
    """The obligation status of a rule, or None when it does not apply."""
    for item in result["obligations"]:
        if item["rule"] == rule:
            return str(item["status"])
    return None


def _due(result: dict[str, Any], rule: str) -> str | None:
    return finding(result["obligations"], rule)["due"]  # type: ignore[no-any-return]


def _point_id(point: str) -> str:
    return f"EU-AIA-ANNEX-III-{point[0]}" + (f"-{point[1].upper()}" if len(point) > 1 else "")


def _point_article(point: str) -> str:
    return f"Annex III {point}" if len(point) == 1 else f"Annex III {point[0]}({point[1]})"


# --------------------------------------------------------------------------- loading and titles


@pytest.mark.parametrize("version", ["2024-08-01", "2026-07-27"])
def test_pack_loads_and_every_rule_has_real_kk_and_ru_titles(version: str) -> None:
    pack = _pack(version)
    assert pack.id == EU and pack.version == version and pack.status == "in_force"
    for rule in pack.rules:
        for lang in ("kk", "ru"):
            text = getattr(rule.title, lang)
            assert CYRILLIC.search(text), (rule.id, lang)
            assert text != rule.title.en, (rule.id, lang)
        assert rule.title.kk != rule.title.ru, rule.id
        for ex in rule.exceptions:
            assert CYRILLIC.search(ex.title.kk) and CYRILLIC.search(ex.title.ru), rule.id


def test_versions_and_validity() -> None:
    v1 = _pack("2024-08-01")
    v2 = _pack("2026-07-27")
    assert (v1.valid_from, v1.valid_to) == (dt.date(2024, 8, 1), dt.date(2026, 7, 26))
    assert (v2.valid_from, v2.valid_to, v2.extends) == (dt.date(2026, 7, 27), None, "2024-08-01")
    assert _assess(as_of=BEFORE_OMNIBUS)["version"] == "2024-08-01"
    assert _assess(as_of=dt.date(2026, 7, 26))["version"] == "2024-08-01"
    assert _assess(as_of=dt.date(2026, 7, 27))["version"] == "2026-07-27"
    assert _assess(as_of=TODAY)["version"] == "2026-07-27"


@pytest.mark.parametrize("point", POINTS)
def test_every_annex_iii_point_has_a_classify_rule_with_its_pinpoint(point: str) -> None:
    for version in ("2024-08-01", "2026-07-27"):
        pack = _pack(version)
        rule = pack.by_id[_point_id(point)]
        assert rule.effect == "classify"
        assert rule.article == _point_article(point)
        assert rule.sets == {"annex_iii_high_risk": True, "annex_iii": point, "risk_tier": "high"}


@pytest.mark.parametrize(
    ("lang", "rule", "kind", "overrides"),
    [
        ("kk", "EU-AIA-5-1-A", "prohibited", {"capabilities.manipulation": True}),
        ("ru", "EU-AIA-5-1-A", "prohibited", {"capabilities.manipulation": True}),
        ("kk", "EU-AIA-50-1", "obligations", {"interaction.interacts_with_people": True}),
        ("ru", "EU-AIA-4", "obligations", {}),
        ("ru", "EU-AIA-26-6", "obligations", {"eu_high_risk.annex_iii": ["4a"]}),
    ],
)
def test_titles_in_kazakh_and_russian(lang: str, rule: str, kind: str, overrides: dict[str, Any]) -> None:
    pack = _pack("2026-07-27")
    expected = getattr(pack.by_id[rule].title, lang)
    result = assess_pack(EU, as_of=TODAY, lang=lang, **overrides)
    assert finding(result[kind], rule)["title"] == expected


def test_art_4_title_changes_with_the_omnibus() -> None:
    old = finding(_assess(as_of=BEFORE_OMNIBUS)["obligations"], "EU-AIA-4")["title"]
    new = finding(_assess(as_of=TODAY)["obligations"], "EU-AIA-4")["title"]
    assert "sufficient level" in old
    assert "support the development" in new


# --------------------------------------------------------------------------- base and scope


def test_base_profile_is_minimal_and_compliant() -> None:
    r = _assess()
    assert r["classification"] == {
        "risk_tier": "minimal",
        "in_scope": True,
        "annex_iii_high_risk": False,
        "annex_iii": [],
        "annex_i_high_risk": False,
        "art_6_3_derogation": False,
        "gpai_systemic_risk": False,
    }
    assert r["prohibited"] == [] and r["manual_review"] == [] and r["open_questions"] == []
    assert ids(r["obligations"]) == {"EU-AIA-4"}
    assert _status(r, "EU-AIA-4") == "met"


BAD = {
    "capabilities.manipulation": True,
    "eu_high_risk.annex_iii": ["5b"],
    "interaction.interacts_with_people": True,
}


@pytest.mark.parametrize(
    "overrides",
    [
        {"jurisdiction.eu.placed_on_market": False, "jurisdiction.eu.output_used_in_eu": False},
        {"jurisdiction.eu.exclusion": "military"},
        {"jurisdiction.eu.exclusion": "research"},
        {"jurisdiction.eu.exclusion": "personal"},
    ],
)
def test_out_of_scope_has_no_findings_even_for_bad_practices(overrides: dict[str, Any]) -> None:
    r = _assess(**{**BAD, **overrides})
    assert r["classification"] == {"risk_tier": "out_of_scope", "in_scope": False}
    assert r["prohibited"] == [] and r["obligations"] == [] and r["manual_review"] == []
    assert r["open_questions"] == []


def test_output_used_in_eu_alone_brings_a_foreign_system_in_scope() -> None:
    r = _assess(
        **{
            "jurisdiction.eu.placed_on_market": False,
            "jurisdiction.eu.output_used_in_eu": True,
            "capabilities.manipulation": True,
        }
    )
    assert r["classification"]["in_scope"] is True
    assert ids(r["prohibited"]) == {"EU-AIA-5-1-A"}


@pytest.mark.parametrize(
    ("overrides", "in_scope", "tier"),
    [
        ({}, False, "out_of_scope"),  # plain open-source system: excluded (Art. 2(12))
        ({"eu_high_risk.annex_iii": ["4a"]}, True, "high"),  # high-risk: stays in
        (
            {"eu_high_risk.annex_iii": ["4a"], "eu_high_risk.art_6_3.preparatory_task": True},
            False,
            "out_of_scope",
        ),  # Annex III but derogated: not high-risk, so the exclusion holds
        ({"interaction.interacts_with_people": True}, True, "limited"),  # Art. 50 duty: stays in
        ({"interaction.generates_content": ["image"]}, True, "limited"),
        ({"capabilities.manipulation": True}, True, "prohibited"),  # Art. 5: stays in
        (
            {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_setting": "other"},
            True,
            "high",
        ),  # not banned in this setting, but an emotion-recognition system is Annex III 1(c) (and 50(3))
        (
            {
                "gpai.is_gpai_model": True,
                "gpai.training_flops": 1e23,
                "gpai.open_source_licence": True,
                "placed_on_market": "2025-09-01",
            },
            True,
            "minimal",
        ),  # GPAI keeps Chapter V duties
    ],
)
def test_open_source_exclusion(overrides: dict[str, Any], in_scope: bool, tier: str) -> None:
    r = _assess(**{"jurisdiction.eu.exclusion": "open_source", **overrides})
    assert r["classification"]["in_scope"] is in_scope
    assert r["classification"]["risk_tier"] == tier
    if not in_scope:
        assert r["obligations"] == []


def test_unanswered_territory_is_an_open_question() -> None:
    r = _assess(**{"jurisdiction.eu.placed_on_market": DELETE, "jurisdiction.eu.output_used_in_eu": False})
    assert r["classification"]["in_scope"] is None
    assert "jurisdiction.eu.placed_on_market" in questions(r)


# --------------------------------------------------------------------------- Art. 5


_POLICE = {"eu_high_risk.deployer_type": "public_body"}


@pytest.mark.parametrize(
    ("overrides", "prohibited", "review"),
    [
        ({"capabilities.manipulation": True}, "EU-AIA-5-1-A", None),
        ({"capabilities.exploits_vulnerabilities": True}, "EU-AIA-5-1-B", None),
        ({"capabilities.social_scoring": True}, "EU-AIA-5-1-C", None),
        # the Kazakh legal-basis exception does not exist in EU law
        (
            {"capabilities.social_scoring": True, "capabilities.social_scoring_legal_basis": True},
            "EU-AIA-5-1-C",
            None,
        ),
        ({"capabilities.crime_prediction_by_profiling": True}, "EU-AIA-5-1-D", None),
        ({"capabilities.untargeted_face_scraping": True}, "EU-AIA-5-1-E", None),
        # (f) only at work and in education; consent does not help; medical/safety is the exception
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "workplace",
            },
            "EU-AIA-5-1-F",
            None,
        ),
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "education",
            },
            "EU-AIA-5-1-F",
            None,
        ),
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "workplace",
                "capabilities.emotion_recognition_consent": True,
            },
            "EU-AIA-5-1-F",
            None,
        ),
        (
            {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_setting": "other"},
            None,
            None,
        ),
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "medical_or_safety",
            },
            None,
            "EU-AIA-5-1-F",
        ),
        # (g) with and without each exception
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": "discrimination",
            },
            "EU-AIA-5-1-G",
            None,
        ),
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": "other",
            },
            "EU-AIA-5-1-G",
            None,
        ),
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": "dataset_labelling",
            },
            None,
            "EU-AIA-5-1-G",
        ),
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": "law_enforcement",
            },
            None,
            "EU-AIA-5-1-G",
        ),
        # (h) with and without each objective; an objective holds only with the prior authorisation of
        # 5(3) (digest §3.4 "needs prior ... authorisation"); only law-enforcement use is banned, so a
        # private operator relying on no objective is sent to review (and is Annex III 1(a))
        ({**_POLICE, "capabilities.realtime_remote_biometric_id": True}, "EU-AIA-5-1-H", None),
        ({"capabilities.realtime_remote_biometric_id": True}, None, "EU-AIA-5-1-H"),
        (
            {
                **_POLICE,
                "capabilities.realtime_remote_biometric_id": True,
                "capabilities.rbi_law_enforcement_exception": "victims_search",
                "capabilities.rbi_authorised": False,
            },
            "EU-AIA-5-1-H",
            None,
        ),
        (
            {
                "capabilities.realtime_remote_biometric_id": True,
                "capabilities.rbi_law_enforcement_exception": "victims_search",
                "capabilities.rbi_authorised": True,
            },
            None,
            "EU-AIA-5-1-H",
        ),
        (
            {
                "capabilities.realtime_remote_biometric_id": True,
                "capabilities.rbi_law_enforcement_exception": "imminent_threat",
                "capabilities.rbi_authorised": True,
            },
            None,
            "EU-AIA-5-1-H",
        ),
        (
            {
                "capabilities.realtime_remote_biometric_id": True,
                "capabilities.rbi_law_enforcement_exception": "serious_crime_suspect",
                "capabilities.rbi_authorised": True,
            },
            None,
            "EU-AIA-5-1-H",
        ),
    ],
)
def test_art_5_prohibitions_and_exceptions(
    overrides: dict[str, Any], prohibited: str | None, review: str | None
) -> None:
    r = _assess(**overrides)
    assert ids(r["prohibited"]) == ({prohibited} if prohibited else set())
    assert (r["classification"]["risk_tier"] == "prohibited") is bool(prohibited)
    if prohibited:
        pen = finding(r["prohibited"], prohibited)["penalty"]
        assert pen["ref"] == "EU-AIA-99-3" and pen["article"] == "99(3)"
    if review:
        assert "exception" in finding(r["manual_review"], review)["reason"]
    else:
        assert not ids(r["manual_review"]) & {"EU-AIA-5-1-F", "EU-AIA-5-1-G", "EU-AIA-5-1-H"}


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        (
            {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_setting": None},
            "capabilities.emotion_recognition_setting",
            "EU-AIA-5-1-F",
        ),
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": None,
            },
            "capabilities.biometric_categorisation_purpose",
            "EU-AIA-5-1-G",
        ),
        ({"capabilities.manipulation": DELETE}, "capabilities.manipulation", "EU-AIA-5-1-A"),
    ],
)
def test_art_5_unanswered_sub_questions_are_asked(overrides: dict[str, Any], field: str, rule: str) -> None:
    r = _assess(**overrides)
    assert rule not in ids(r["prohibited"])
    assert field in questions(r)
    assert r["classification"]["risk_tier"] is None


def test_art_5_not_yet_applicable_before_2_february_2025() -> None:
    r = _assess(as_of=dt.date(2025, 1, 15), **{"capabilities.social_scoring": True})
    assert r["prohibited"] == []
    assert "2025-02-02" in finding(r["manual_review"], "EU-AIA-5-1-C")["reason"]
    r = _assess(as_of=dt.date(2025, 2, 2), **{"capabilities.social_scoring": True})
    assert ids(r["prohibited"]) == {"EU-AIA-5-1-C"}


RBI_LE = {
    "capabilities.realtime_remote_biometric_id": True,
    "capabilities.rbi_law_enforcement_exception": "imminent_threat",
}


@pytest.mark.parametrize(
    ("overrides", "expected", "prohibited"),
    [
        # without the 5(3) authorisation the objective does not hold: the use is prohibited
        ({}, {"EU-AIA-5-2": "met", "EU-AIA-5-3": "unmet", "EU-AIA-5-4": "unknown"}, True),
        ({"capabilities.rbi_authorised": True}, {"EU-AIA-5-2": "met", "EU-AIA-5-3": "met"}, False),
        (
            {"capabilities.rbi_authorised": True, "eu_high_risk.registered_in_eu_database": False},
            {"EU-AIA-5-2": "unmet", "EU-AIA-5-3": "met"},
            False,
        ),
    ],
)
def test_art_5_2_to_4_safeguards_for_permitted_rbi(
    overrides: dict[str, Any], expected: dict[str, str], prohibited: bool
) -> None:
    r = _assess(**{**RBI_LE, **overrides})
    assert ids(r["prohibited"]) == ({"EU-AIA-5-1-H"} if prohibited else set())
    for rule, status in expected.items():
        assert _status(r, rule) == status, rule


def test_art_5_safeguards_not_triggered_without_an_objective() -> None:
    r = _assess(**{"capabilities.realtime_remote_biometric_id": True})
    assert not ids(r["obligations"]) & {"EU-AIA-5-2", "EU-AIA-5-3", "EU-AIA-5-4"}


NCII = {"capabilities.generates_intimate_imagery_of_real_people": True}


def test_ncii_ban_not_yet_applicable_on_2026_11_26() -> None:
    r = _assess(as_of=TODAY, **NCII)
    assert r["version"] == "2026-07-27"
    assert r["prohibited"] == []
    assert "2026-12-02" in finding(r["manual_review"], "EU-AIA-5-1-NCII")["reason"]
    assert r["classification"]["risk_tier"] != "prohibited"


def test_ncii_ban_applies_on_2026_12_15_and_is_flagged_uncertain() -> None:
    r = _assess(as_of=AFTER_NCII, **NCII)
    f = finding(r["prohibited"], "EU-AIA-5-1-NCII")
    assert f["article"] == "5(1)" and f["verification"] == "U"
    assert "uncertain" in finding(r["manual_review"], "EU-AIA-5-1-NCII")["reason"]
    assert r["classification"]["risk_tier"] == "prohibited"


def test_ncii_ban_does_not_exist_in_the_original_text() -> None:
    r = _assess(V1, as_of=AFTER_NCII, **NCII)
    assert r["prohibited"] == [] and "EU-AIA-5-1-NCII" not in ids(r["manual_review"])


# --------------------------------------------------------------------------- Annex III and Art. 6(3)


@pytest.mark.parametrize("point", POINTS)
def test_every_annex_iii_point_is_high_risk(point: str) -> None:
    r = _assess(as_of=AFTER_ANNEX_III, **{"eu_high_risk.annex_iii": [point]})
    c = r["classification"]
    assert c["risk_tier"] == "high"
    assert c["annex_iii_high_risk"] is True
    assert c["annex_iii"] == [point]
    assert _status(r, "EU-AIA-9") == "met"
    assert _status(r, "EU-AIA-26-6") == "met"
    # EU-database registration: point 2 nationally (49(5)), every other point in the EU database (49(1))
    if point == "2":
        assert "EU-AIA-49-1" not in ids(r["obligations"]) and _status(r, "EU-AIA-49-5") == "unknown"
    else:
        assert _status(r, "EU-AIA-49-1") == "met" and "EU-AIA-49-5" not in ids(r["obligations"])


def test_several_points_are_all_listed_and_stay_high() -> None:
    r = _assess(**{"eu_high_risk.annex_iii": ["8b", "4a"]})
    assert r["classification"]["annex_iii"] == ["4a", "8b"]
    assert r["classification"]["risk_tier"] == "high"


@pytest.mark.parametrize(
    "condition",
    [
        "narrow_procedural_task",
        "improves_completed_human_activity",
        "detects_patterns_without_replacing_review",
        "preparatory_task",
    ],
)
def test_art_6_3_derogation_makes_it_not_high_risk_but_needs_6_4_and_49_2(condition: str) -> None:
    over = {"eu_high_risk.annex_iii": ["4a"], f"eu_high_risk.art_6_3.{condition}": True}
    r = _assess(as_of=AFTER_ANNEX_III, **over)
    c = r["classification"]
    assert c["art_6_3_derogation"] is True and c["annex_iii_high_risk"] is False
    assert c["risk_tier"] == "minimal"
    assert "EU-AIA-9" not in ids(r["obligations"])
    assert _status(r, "EU-AIA-6-4") == "met"
    assert _status(r, "EU-AIA-49-2") == "met"
    r = _assess(
        as_of=AFTER_ANNEX_III,
        **over,
        **{
            "governance.documentation": ["technical_documentation"],
            "eu_high_risk.registered_in_eu_database": False,
        },
    )
    assert _status(r, "EU-AIA-6-4") == "unmet" and _status(r, "EU-AIA-49-2") == "unmet"


def test_art_6_4_dates_follow_the_annex_iii_schedule() -> None:
    over = {"eu_high_risk.annex_iii": ["4a"], "eu_high_risk.art_6_3.preparatory_task": True}
    assert _due(_assess(as_of=BEFORE_OMNIBUS, **over), "EU-AIA-6-4") == "2026-08-02"
    r = _assess(as_of=TODAY, **over)
    assert _status(r, "EU-AIA-6-4") == "not_yet_applicable" and _due(r, "EU-AIA-6-4") == "2027-12-02"
    assert _due(r, "EU-AIA-49-2") == "2027-12-02"


def test_art_6_3_profiling_is_always_high_risk() -> None:
    r = _assess(
        as_of=AFTER_ANNEX_III,
        **{
            "eu_high_risk.annex_iii": ["4a"],
            "eu_high_risk.art_6_3.narrow_procedural_task": True,
            "eu_high_risk.profiles_natural_persons": True,
        },
    )
    c = r["classification"]
    assert c["art_6_3_derogation"] is False and c["risk_tier"] == "high"
    assert not ids(r["obligations"]) & {"EU-AIA-6-4", "EU-AIA-49-2"}
    assert _status(r, "EU-AIA-9") == "met"


def test_art_6_3_with_unanswered_profiling_is_asked() -> None:
    r = _assess(
        **{
            "eu_high_risk.annex_iii": ["4a"],
            "eu_high_risk.art_6_3.narrow_procedural_task": True,
            "eu_high_risk.profiles_natural_persons": DELETE,
        }
    )
    assert r["classification"]["risk_tier"] is None
    assert "eu_high_risk.profiles_natural_persons" in questions(r)


@pytest.mark.parametrize(
    ("overrides", "fria"),
    [
        ({"eu_high_risk.annex_iii": ["5b"]}, True),  # credit scoring deployer
        ({"eu_high_risk.annex_iii": ["5c"]}, True),  # life and health insurance deployer
        ({"eu_high_risk.annex_iii": ["4a"]}, False),  # private deployer, other point
        ({"eu_high_risk.annex_iii": ["4a"], "eu_high_risk.deployer_type": "public_body"}, True),
        ({"eu_high_risk.annex_iii": ["4a"], "eu_high_risk.deployer_type": "public_service"}, True),
        (
            {"eu_high_risk.annex_iii": ["2"], "eu_high_risk.deployer_type": "public_body"},
            False,
        ),  # not point 2
        ({"eu_high_risk.annex_iii": ["5b"], "roles.eu": ["provider"]}, False),  # deployer duty
    ],
)
def test_art_27_fria(overrides: dict[str, Any], fria: bool) -> None:
    r = _assess(as_of=AFTER_ANNEX_III, **overrides)
    assert ("EU-AIA-27" in ids(r["obligations"])) is fria
    assert ("EU-AIA-27-3" in ids(r["obligations"])) is fria
    if fria:
        assert _status(r, "EU-AIA-27") == "met"


@pytest.mark.parametrize(
    ("overrides", "rule", "status"),
    [
        ({}, "EU-AIA-26-2", "met"),
        ({"governance.human_oversight_assigned": False}, "EU-AIA-26-2", "unmet"),
        ({"governance.suspension_procedure": False}, "EU-AIA-26-5", "unmet"),
        ({"governance.logs_retained_months": 6}, "EU-AIA-26-6", "met"),
        ({"governance.logs_retained_months": 5}, "EU-AIA-26-6", "unmet"),
        ({"governance.logs_retained_months": 5}, "EU-AIA-16-E", "unmet"),
        ({"eu_high_risk.employer_use_on_workers": True}, "EU-AIA-26-7", "met"),
        (
            {"eu_high_risk.employer_use_on_workers": True, "eu_high_risk.workers_informed": False},
            "EU-AIA-26-7",
            "unmet",
        ),
        ({"eu_high_risk.employer_use_on_workers": False}, "EU-AIA-26-7", None),
        ({"eu_high_risk.deployer_type": "public_body"}, "EU-AIA-26-8", "met"),
        (
            {"eu_high_risk.deployer_type": "public_body", "eu_high_risk.registered_in_eu_database": False},
            "EU-AIA-49-3",
            "unmet",
        ),
        ({"eu_high_risk.deployer_type": "private"}, "EU-AIA-49-3", None),
        ({"decisions.affect_peoples_rights": True}, "EU-AIA-26-11", "met"),
        (
            {"decisions.affect_peoples_rights": True, "decisions.subjects_informed_of_high_risk_use": False},
            "EU-AIA-26-11",
            "unmet",
        ),
        ({"decisions.affect_peoples_rights": True}, "EU-AIA-86", "met"),
        (
            {"decisions.affect_peoples_rights": True, "decisions.explanation_available": False},
            "EU-AIA-86",
            "unmet",
        ),
        ({"decisions.affect_peoples_rights": False}, "EU-AIA-86", None),
        ({"eu_high_risk.ce_marking": False}, "EU-AIA-48", "unmet"),
        ({"governance.documentation": []}, "EU-AIA-17", "unmet"),
        ({"eu_high_risk.annex_iii": ["1a"]}, "EU-AIA-14-5", "unknown"),
        ({}, "EU-AIA-14-5", None),
        ({"eu_high_risk.annex_iii": ["2"], "decisions.affect_peoples_rights": True}, "EU-AIA-86", None),
    ],
)
def test_high_risk_provider_and_deployer_duties(
    overrides: dict[str, Any], rule: str, status: str | None
) -> None:
    r = _assess(as_of=AFTER_ANNEX_III, **{"eu_high_risk.annex_iii": ["4b"], **overrides})
    assert _status(r, rule) == status


@pytest.mark.parametrize(
    ("roles", "present", "absent"),
    [
        (["provider"], {"EU-AIA-9", "EU-AIA-17", "EU-AIA-73-2"}, {"EU-AIA-26-1", "EU-AIA-26-6"}),
        (["deployer"], {"EU-AIA-26-1", "EU-AIA-26-6"}, {"EU-AIA-9", "EU-AIA-17", "EU-AIA-73-2"}),
        (["distributor"], set(), {"EU-AIA-9", "EU-AIA-26-1", "EU-AIA-4"}),
    ],
)
def test_duties_are_gated_by_role(roles: list[str], present: set[str], absent: set[str]) -> None:
    r = _assess(as_of=AFTER_ANNEX_III, **{"eu_high_risk.annex_iii": ["4b"], "roles.eu": roles})
    got = ids(r["obligations"])
    assert present <= got and not absent & got
    assert r["classification"]["risk_tier"] == "high"


# --------------------------------------------------------------------------- Annex I (Art. 6(1))


def test_annex_i_needs_third_party_conformity_assessment() -> None:
    over = {
        "eu_high_risk.annex_i.product_or_safety_component": True,
        "eu_high_risk.annex_i.legislation": "medical_devices",
    }
    r = _assess(**over, **{"eu_high_risk.annex_i.third_party_conformity_assessment": False})
    assert r["classification"]["annex_i_high_risk"] is False and r["classification"]["risk_tier"] == "minimal"
    assert "EU-AIA-9-ANNEX-I" not in ids(r["obligations"])
    r = _assess(**over, **{"eu_high_risk.annex_i.third_party_conformity_assessment": True})
    assert r["classification"]["annex_i_high_risk"] is True and r["classification"]["risk_tier"] == "high"
    assert r["classification"]["annex_iii_high_risk"] is False
    assert _status(r, "EU-AIA-9-ANNEX-I") == "not_yet_applicable"
    assert _due(r, "EU-AIA-9-ANNEX-I") == "2028-08-02"
    assert "EU-AIA-6-1A" in ids(r["manual_review"])  # Omnibus carve-out 6(1a)-(1c)
    assert "EU-AIA-9" not in ids(r["obligations"])
    r = _assess(as_of=AFTER_ALL, **over, **{"eu_high_risk.annex_i.third_party_conformity_assessment": True})
    assert _status(r, "EU-AIA-9-ANNEX-I") == "met"
    assert _status(r, "EU-AIA-26-6-ANNEX-I") == "met"
    assert _status(r, "EU-AIA-73-4-ANNEX-I") == "met"
    assert "EU-AIA-49-1" not in ids(r["obligations"])  # Annex III only


def test_annex_i_original_schedule() -> None:
    over = {
        "eu_high_risk.annex_i.product_or_safety_component": True,
        "eu_high_risk.annex_i.third_party_conformity_assessment": True,
    }
    r = _assess(as_of=BEFORE_OMNIBUS, **over)
    assert r["version"] == "2024-08-01"
    assert _due(r, "EU-AIA-9-ANNEX-I") == "2027-08-02"
    assert "EU-AIA-6-1A" not in ids(r["manual_review"])


@pytest.mark.parametrize(
    "legislation",
    [
        "motor_vehicles",
        "civil_aviation",
        "marine_equipment",
        "rail_interoperability",
        "two_or_three_wheel_vehicles",
        "agricultural_forestry_vehicles",
        "civil_aviation_security",
    ],
)
def test_annex_i_section_b_is_high_risk_but_duties_come_from_the_sectoral_act(legislation: str) -> None:
    r = _assess(
        as_of=AFTER_ALL,
        **{
            "eu_high_risk.annex_i.product_or_safety_component": True,
            "eu_high_risk.annex_i.third_party_conformity_assessment": True,
            "eu_high_risk.annex_i.legislation": legislation,
        },
    )
    assert r["classification"]["risk_tier"] == "high"
    assert "EU-AIA-2-2" in ids(r["manual_review"])
    assert not any(rule.endswith("-ANNEX-I") for rule in ids(r["obligations"]))


def test_machinery_possible_omnibus_removal_is_a_review_item() -> None:
    over = {
        "eu_high_risk.annex_i.product_or_safety_component": True,
        "eu_high_risk.annex_i.third_party_conformity_assessment": True,
        "eu_high_risk.annex_i.legislation": "machinery",
    }
    assert "EU-AIA-ANNEX-I-MACHINERY" in ids(_assess(**over)["manual_review"])
    assert "EU-AIA-ANNEX-I-MACHINERY" not in ids(_assess(as_of=BEFORE_OMNIBUS, **over)["manual_review"])


def test_annex_i_and_annex_iii_together_use_the_annex_iii_rules() -> None:
    r = _assess(
        **{
            "eu_high_risk.annex_i.product_or_safety_component": True,
            "eu_high_risk.annex_i.third_party_conformity_assessment": True,
            "eu_high_risk.annex_iii": ["5d"],
        }
    )
    assert _due(r, "EU-AIA-9") == "2027-12-02"
    assert "EU-AIA-9-ANNEX-I" not in ids(r["obligations"])


# --------------------------------------------------------------------------- dates between versions


HIGH_RISK_DUTIES = [
    "EU-AIA-9",
    "EU-AIA-10",
    "EU-AIA-11",
    "EU-AIA-12",
    "EU-AIA-13",
    "EU-AIA-14",
    "EU-AIA-15",
    "EU-AIA-16-B",
    "EU-AIA-16-E",
    "EU-AIA-17",
    "EU-AIA-20",
    "EU-AIA-43",
    "EU-AIA-47",
    "EU-AIA-48",
    "EU-AIA-49-1",
    "EU-AIA-72",
    "EU-AIA-73-2",
    "EU-AIA-73-3",
    "EU-AIA-73-4",
    "EU-AIA-26-1",
    "EU-AIA-26-2",
    "EU-AIA-26-5",
    "EU-AIA-26-6",
    "EU-AIA-27",
    "EU-AIA-27-3",
]


@pytest.mark.parametrize(
    ("as_of", "version", "due"),
    [(BEFORE_OMNIBUS, "2024-08-01", "2026-08-02"), (TODAY, "2026-07-27", "2027-12-02")],
)
def test_annex_iii_duties_depend_on_the_version_in_force(as_of: dt.date, version: str, due: str) -> None:
    r = _assess(as_of=as_of, **{"eu_high_risk.annex_iii": ["5b"]})
    assert r["version"] == version
    assert r["classification"]["risk_tier"] == "high"
    for rule in HIGH_RISK_DUTIES:
        assert _status(r, rule) == "not_yet_applicable", rule
        assert _due(r, rule) == due, rule


def test_original_text_explicitly_chosen_applies_annex_iii_duties_from_august_2026() -> None:
    r = _assess(V1, as_of=dt.date(2026, 10, 1), **{"eu_high_risk.annex_iii": ["5b"]})
    assert _status(r, "EU-AIA-9") == "met"
    r = _assess(V2, as_of=dt.date(2026, 10, 1), **{"eu_high_risk.annex_iii": ["5b"]})
    assert _status(r, "EU-AIA-9") == "not_yet_applicable"


def test_omnibus_replaced_rules_carry_secondary_marks() -> None:
    v2 = _pack("2026-07-27")
    for rule in HIGH_RISK_DUTIES:
        assert v2.by_id[rule].verification == "S", rule
        assert v2.by_id[rule].effective_from == dt.date(2027, 12, 2), rule
        assert (
            v2.by_id[f"{rule}-ANNEX-I"].effective_from == dt.date(2028, 8, 2)
            if (f"{rule}-ANNEX-I" in v2.by_id)
            else True
        )
    assert v2.by_id["EU-AIA-4"].verification == "C"
    assert v2.by_id["EU-AIA-5-1-A"].verification == "C"  # Art. 5 unchanged


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2025, 1, 15), "not_yet_applicable"), (dt.date(2025, 2, 2), "met"), (TODAY, "met")],
)
def test_art_4_literacy_dates(as_of: dt.date, status: str) -> None:
    assert _status(_assess(as_of=as_of), "EU-AIA-4") == status


@pytest.mark.parametrize("as_of", [dt.date(2025, 6, 1), TODAY])
def test_art_4_unmet_without_a_programme(as_of: dt.date) -> None:
    assert _status(_assess(as_of=as_of, **{"governance.ai_literacy_programme": False}), "EU-AIA-4") == "unmet"


# --------------------------------------------------------------------------- Art. 50


@pytest.mark.parametrize(
    ("overrides", "rule", "status"),
    [
        ({"interaction.interacts_with_people": True}, "EU-AIA-50-1", "met"),
        (
            {"interaction.interacts_with_people": True, "interaction.ai_use_disclosed": False},
            "EU-AIA-50-1",
            "unmet",
        ),
        ({"interaction.generates_content": ["text"], "placed_on_market": "2026-09-01"}, "EU-AIA-50-2", "met"),
        (
            {
                "interaction.generates_content": ["audio"],
                "placed_on_market": "2026-09-01",
                "interaction.machine_readable_marking": False,
            },
            "EU-AIA-50-2",
            "unmet",
        ),
        (
            {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_setting": "other"},
            "EU-AIA-50-3",
            "met",
        ),
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": "other",
                "interaction.ai_use_disclosed": False,
            },
            "EU-AIA-50-3",
            "unmet",
        ),
        (
            {
                "interaction.generates_content": ["video"],
                "interaction.imitates_real_person": True,
                "interaction.visible_warning": False,
            },
            "EU-AIA-50-4-1",
            "unmet",
        ),
        (
            {
                "interaction.generates_content": ["image"],
                "interaction.depicts_events_that_did_not_happen": True,
            },
            "EU-AIA-50-4-1",
            "met",
        ),
        (
            {
                "interaction.generates_content": ["image"],
                "interaction.imitates_real_person": True,
                "interaction.artistic_or_satirical": True,
            },
            "EU-AIA-50-4-1",
            None,
        ),
        (
            {
                "interaction.generates_content": ["image"],
                "interaction.imitates_real_person": True,
                "interaction.artistic_or_satirical": True,
                "interaction.visible_warning": False,
            },
            "EU-AIA-50-4-1-ART",
            "unmet",
        ),
        (
            {"interaction.generates_content": ["text"], "interaction.imitates_real_person": True},
            "EU-AIA-50-4-1",
            None,
        ),  # text is not a deep fake
        (
            {
                "interaction.public_interest_text_without_editorial_review": True,
                "interaction.visible_warning": False,
            },
            "EU-AIA-50-4-2",
            "unmet",
        ),
        (
            {
                "interaction.public_interest_text_without_editorial_review": False,
                "interaction.generates_content": ["text"],
            },
            "EU-AIA-50-4-2",
            None,
        ),  # editorial control
        ({"interaction.interacts_with_people": True}, "EU-AIA-50-5", "unknown"),
        ({}, "EU-AIA-50-5", None),
    ],
)
def test_art_50_transparency(overrides: dict[str, Any], rule: str, status: str | None) -> None:
    r = _assess(**overrides)
    assert _status(r, rule) == status
    if status is not None:
        pen = finding(r["obligations"], rule)["penalty"]
        assert pen is None or pen["ref"] == "EU-AIA-99-4"


def test_art_50_deep_fake_with_unanswered_artistic_context_is_asked() -> None:
    r = _assess(
        **{
            "interaction.generates_content": ["video"],
            "interaction.imitates_real_person": True,
            "interaction.artistic_or_satirical": DELETE,
        }
    )
    assert "interaction.artistic_or_satirical" in questions(r)
    assert _status(r, "EU-AIA-50-4-1") == "unknown"


def test_art_50_applies_from_august_2026_in_the_original_schedule() -> None:
    r = _assess(
        as_of=BEFORE_OMNIBUS,
        **{"interaction.interacts_with_people": True, "interaction.generates_content": ["image"]},
    )
    assert r["classification"]["risk_tier"] == "limited"
    for rule in ("EU-AIA-50-1", "EU-AIA-50-2", "EU-AIA-50-5"):
        assert _status(r, rule) == "not_yet_applicable" and _due(r, rule) == "2026-08-02"
    assert "EU-AIA-50-2-LEGACY" not in ids(r["obligations"])


@pytest.mark.parametrize(
    ("placed", "as_of", "present", "status", "due"),
    [
        ("2025-03-01", TODAY, "EU-AIA-50-2-LEGACY", "not_yet_applicable", "2026-12-02"),
        ("2025-03-01", AFTER_NCII, "EU-AIA-50-2-LEGACY", "unmet", None),
        ("2026-08-02", TODAY, "EU-AIA-50-2", "unmet", None),
    ],
)
def test_art_50_2_omnibus_grace_for_systems_already_on_the_market(
    placed: str, as_of: dt.date, present: str, status: str, due: str | None
) -> None:
    r = _assess(
        as_of=as_of,
        **{
            "interaction.generates_content": ["image"],
            "placed_on_market": placed,
            "interaction.machine_readable_marking": False,
        },
    )
    assert _status(r, present) == status
    assert _due(r, present) == due
    other = "EU-AIA-50-2" if present == "EU-AIA-50-2-LEGACY" else "EU-AIA-50-2-LEGACY"
    assert other not in ids(r["obligations"])


# --------------------------------------------------------------------------- GPAI


def _gpai(**kw: Any) -> dict[str, Any]:
    return {
        "gpai.is_gpai_model": True,
        "gpai.training_flops": 1e24,
        "gpai.open_source_licence": False,
        "gpai.systemic_risk_designated": False,
        "placed_on_market": "2025-09-01",
        **kw,
    }


GPAI_ALL = {"EU-AIA-53-1-A", "EU-AIA-53-1-B", "EU-AIA-53-1-C", "EU-AIA-53-1-D"}
GPAI_SYSTEMIC = {"EU-AIA-55-1-A", "EU-AIA-55-1-B", "EU-AIA-55-1-C", "EU-AIA-55-1-D"}


@pytest.mark.parametrize(
    ("overrides", "systemic", "present", "absent"),
    [
        ({}, False, GPAI_ALL, GPAI_SYSTEMIC | {"EU-AIA-52-1"}),
        ({"gpai.training_flops": 1e25}, False, GPAI_ALL, GPAI_SYSTEMIC | {"EU-AIA-52-1"}),  # not "greater"
        ({"gpai.training_flops": 2e25}, True, GPAI_ALL | GPAI_SYSTEMIC | {"EU-AIA-52-1"}, set()),
        ({"gpai.systemic_risk_designated": True}, True, GPAI_ALL | GPAI_SYSTEMIC, {"EU-AIA-52-1"}),
        # open source without systemic risk: exempt from 53(1)(a)-(b) only
        (
            {"gpai.open_source_licence": True},
            False,
            {"EU-AIA-53-1-C", "EU-AIA-53-1-D"},
            {"EU-AIA-53-1-A", "EU-AIA-53-1-B"} | GPAI_SYSTEMIC,
        ),
        # open source with systemic risk: no exemption
        (
            {"gpai.open_source_licence": True, "gpai.training_flops": 3e25},
            True,
            GPAI_ALL | GPAI_SYSTEMIC,
            set(),
        ),
    ],
)
def test_gpai_obligations(
    overrides: dict[str, Any], systemic: bool, present: set[str], absent: set[str]
) -> None:
    r = _assess(**_gpai(**overrides))
    assert r["classification"]["gpai_systemic_risk"] is systemic
    got = ids(r["obligations"])
    assert present <= got, present - got
    assert not absent & got, absent & got
    for rule in present:
        assert _status(r, rule) in {"met", "unknown"}, rule


def test_gpai_open_source_exemption_covers_the_authorised_representative_review() -> None:
    assert "EU-AIA-54" in ids(_assess(**_gpai())["manual_review"])
    assert "EU-AIA-54" not in ids(_assess(**_gpai(**{"gpai.open_source_licence": True}))["manual_review"])


def test_gpai_notification_clock_and_penalty() -> None:
    r = _assess(**_gpai(**{"gpai.training_flops": 5e25}))
    f = finding(r["obligations"], "EU-AIA-52-1")
    assert f["clock"].startswith(describe_period("P2W"))
    assert finding(r["obligations"], "EU-AIA-53-1-A")["penalty"]["ref"] == "EU-AIA-101"


def test_gpai_copyright_policy_needs_opt_outs_honoured() -> None:
    r = _assess(**_gpai(**{"training_data.machine_readable_optouts_honoured": False}))
    assert _status(r, "EU-AIA-53-1-C") == "unmet"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (dt.date(2025, 9, 1), "not_yet_applicable"),
        (TODAY, "not_yet_applicable"),
        (dt.date(2027, 8, 2), "met"),
    ],
)
def test_gpai_legacy_models_comply_by_august_2027(as_of: dt.date, status: str) -> None:
    r = _assess(as_of=as_of, **_gpai(**{"placed_on_market": "2025-03-01", "gpai.training_flops": 2e25}))
    for rule in ("EU-AIA-53-1-A-LEGACY", "EU-AIA-55-1-A-LEGACY"):
        assert _status(r, rule) == status, rule
        if status == "not_yet_applicable":
            assert _due(r, rule) == "2027-08-02"
    assert not ids(r["obligations"]) & (GPAI_ALL | GPAI_SYSTEMIC)


@pytest.mark.parametrize(
    ("as_of", "status"), [(dt.date(2025, 8, 1), "not_yet_applicable"), (dt.date(2025, 8, 2), "met")]
)
def test_gpai_new_models_from_august_2025(as_of: dt.date, status: str) -> None:
    r = _assess(as_of=as_of, **_gpai(**{"placed_on_market": "2025-08-02"}))
    assert _status(r, "EU-AIA-53-1-A") == status


def test_gpai_unanswered_compute_is_asked() -> None:
    r = _assess(**_gpai(**{"gpai.training_flops": None}))
    assert r["classification"]["gpai_systemic_risk"] is None
    assert "gpai.training_flops" in questions(r)


# --------------------------------------------------------------------------- incidents and penalties


@pytest.mark.parametrize(
    ("rule", "period"), [("EU-AIA-73-2", "P15D"), ("EU-AIA-73-3", "P2D"), ("EU-AIA-73-4", "P10D")]
)
@pytest.mark.parametrize(("procedure", "status"), [(True, "met"), (False, "unmet")])
@pytest.mark.parametrize(("pack", "as_of"), [(V1, dt.date(2026, 10, 1)), (EU, AFTER_ANNEX_III)])
def test_serious_incident_clocks(
    rule: str, period: str, procedure: bool, status: str, pack: str, as_of: dt.date
) -> None:
    r = _assess(
        pack,
        as_of=as_of,
        **{"eu_high_risk.annex_iii": ["5d"], "governance.incident_reporting_procedure": procedure},
    )
    f = finding(r["obligations"], rule)
    assert f["clock"] == f"{describe_period(period)} from awareness"
    assert f["status"] == status and f["effect"] == "notify"


@pytest.mark.parametrize(
    ("overrides", "kind", "rule", "ref", "amount", "pct", "sme", "which"),
    [
        (
            {"capabilities.manipulation": True},
            "prohibited",
            "EU-AIA-5-1-A",
            "EU-AIA-99-3",
            "€35,000,000",
            "7%",
            False,
            "higher",
        ),
        (
            {"capabilities.manipulation": True},
            "prohibited",
            "EU-AIA-5-1-A",
            "EU-AIA-99-3",
            "€35,000,000",
            "7%",
            True,
            "lower",
        ),
        (
            {"interaction.interacts_with_people": True, "interaction.ai_use_disclosed": False},
            "obligations",
            "EU-AIA-50-1",
            "EU-AIA-99-4",
            "€15,000,000",
            "3%",
            False,
            "higher",
        ),
        (
            {"interaction.interacts_with_people": True, "interaction.ai_use_disclosed": False},
            "obligations",
            "EU-AIA-50-1",
            "EU-AIA-99-4",
            "€15,000,000",
            "3%",
            True,
            "lower",
        ),
        (
            {"eu_high_risk.annex_iii": ["4a"], "governance.logs_retained_months": 1},
            "obligations",
            "EU-AIA-26-6",
            "EU-AIA-99-4",
            "€15,000,000",
            "3%",
            False,
            "higher",
        ),
        (
            {"eu_high_risk.annex_iii": ["4a"], "governance.logs_retained_months": 1},
            "obligations",
            "EU-AIA-26-6",
            "EU-AIA-99-4",
            "€15,000,000",
            "3%",
            True,
            "lower",
        ),
        # Art. 101 has no SME rule of its own: the higher amount, SME or not
        (
            {**_gpai(), "governance.documentation": []},
            "obligations",
            "EU-AIA-53-1-A",
            "EU-AIA-101",
            "€15,000,000",
            "3%",
            False,
            "higher",
        ),
        (
            {**_gpai(), "governance.documentation": []},
            "obligations",
            "EU-AIA-53-1-A",
            "EU-AIA-101",
            "€15,000,000",
            "3%",
            True,
            "higher",
        ),
    ],
)
def test_penalties_with_sme_cap(
    overrides: dict[str, Any], kind: str, rule: str, ref: str, amount: str, pct: str, sme: bool, which: str
) -> None:
    r = _assess(as_of=AFTER_ANNEX_III, **{**overrides, "organization.sme": sme})
    pen = finding(r[kind], rule)["penalty"]
    assert pen["ref"] == ref
    assert amount in pen["max"] and pct in pen["max"] and f"whichever is {which}" in pen["max"]


def test_information_penalty_tier_is_declared() -> None:
    pack = _pack("2026-07-27")
    pen = pack.penalties["EU-AIA-99-5"]
    assert (pen.fixed, pen.turnover_pct, pen.article) == (7500000, 1, "99(5)")
    assert {p: (pack.penalties[p].fixed, pack.penalties[p].turnover_pct) for p in pack.penalties} == {
        "EU-AIA-99-3": (35000000, 7),
        "EU-AIA-99-4": (15000000, 3),
        "EU-AIA-99-5": (7500000, 1),
        "EU-AIA-101": (15000000, 3),
    }


# ------------------------------------------------------------------ law review (digest §3.5, §3.7, §3.9)

_BIO_EXC = {
    "capabilities.realtime_remote_biometric_id": True,
    "capabilities.rbi_law_enforcement_exception": "victims_search",
    "capabilities.rbi_authorised": True,
}


@pytest.mark.parametrize("version", [V1, V2])
@pytest.mark.parametrize(
    ("overrides", "tier", "points"),
    [
        # Annex III point 1 names systems by what they do (digest §3.5): the capability is enough.
        (
            {"capabilities.emotion_recognition": True, "capabilities.emotion_recognition_setting": "other"},
            "high",
            ["1c"],
        ),
        (
            {
                "capabilities.biometric_categorisation": True,
                "capabilities.biometric_categorisation_purpose": "law_enforcement",
            },
            "high",
            ["1b"],
        ),  # 5(1)(g) exception holds, so 1(b) high-risk
        (_BIO_EXC, "high", ["1a"]),  # permitted 5(1)(h) objective: 1(a) high-risk
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "workplace",
            },
            "prohibited",
            ["1c"],
        ),  # 5(1)(f) wins the tier
        (  # the 6(3) derogation stays available for capability-derived points ...
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "other",
                "eu_high_risk.art_6_3.preparatory_task": True,
            },
            "limited",
            [],
        ),
        (  # ... except for profiling
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "other",
                "eu_high_risk.art_6_3.preparatory_task": True,
                "eu_high_risk.profiles_natural_persons": True,
            },
            "high",
            ["1c"],
        ),
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "other",
                "eu_high_risk.annex_iii": ["1c"],
            },
            "high",
            ["1c"],
        ),  # ticked and derived: listed once
        ({}, "minimal", []),
    ],
)
def test_annex_iii_point_1_follows_the_capability(
    version: str, overrides: dict[str, Any], tier: str, points: list[str]
) -> None:
    r = _assess(version, **overrides)
    assert r["classification"]["risk_tier"] == tier
    assert r["classification"]["annex_iii"] == points


@pytest.mark.parametrize(
    ("overrides", "present", "absent"),
    [
        # capability-derived points are "other than point 2": EU database, FRIA, Art. 86 apply
        (
            {
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "other",
                "eu_high_risk.deployer_type": "public_body",
                "decisions.affect_peoples_rights": True,
            },
            {"EU-AIA-49-1", "EU-AIA-49-3", "EU-AIA-26-8", "EU-AIA-27", "EU-AIA-27-3", "EU-AIA-86"},
            {"EU-AIA-14-5", "EU-AIA-49-5"},
        ),
        (_BIO_EXC, {"EU-AIA-49-1", "EU-AIA-14-5"}, {"EU-AIA-27"}),  # two-person verification for 1(a)
        (
            {"eu_high_risk.annex_iii": ["2"], "eu_high_risk.deployer_type": "public_body"},
            {"EU-AIA-49-5"},
            {"EU-AIA-49-1", "EU-AIA-49-3", "EU-AIA-26-8", "EU-AIA-27", "EU-AIA-86"},
        ),  # point 2 alone keeps its exclusions
    ],
)
def test_capability_derived_annex_iii_points_bring_the_point_specific_duties(
    overrides: dict[str, Any], present: set[str], absent: set[str]
) -> None:
    for version in (V1, V2):
        r = _assess(version, as_of=AFTER_ALL, **overrides)
        got = ids(r["obligations"])
        assert present <= got, (version, present - got)
        assert not (absent & got), (version, absent & got)


@pytest.mark.parametrize(
    ("version", "as_of", "overrides", "rule", "status", "due"),
    [
        (
            V1,
            AFTER_ALL,
            {"eu_high_risk.annex_iii": ["4a"], "personal_data.processed": True},
            "EU-AIA-26-9",
            "met",
            None,
        ),
        (
            V1,
            AFTER_ALL,
            {
                "eu_high_risk.annex_iii": ["4a"],
                "personal_data.processed": True,
                "governance.documentation": [],
            },
            "EU-AIA-26-9",
            "unmet",
            None,
        ),
        (
            V1,
            AFTER_ALL,
            {"eu_high_risk.annex_iii": ["4a"], "personal_data.processed": False},
            "EU-AIA-26-9",
            None,
            None,
        ),
        (
            V1,
            AFTER_ALL,
            {"eu_high_risk.annex_iii": [], "personal_data.processed": True},
            "EU-AIA-26-9",
            None,
            None,
        ),
        (
            V1,
            BEFORE_OMNIBUS,
            {"eu_high_risk.annex_iii": ["4a"], "personal_data.processed": True},
            "EU-AIA-26-9",
            "not_yet_applicable",
            "2026-08-02",
        ),
        (
            V2,
            TODAY,
            {"eu_high_risk.annex_iii": ["4a"], "personal_data.processed": True},
            "EU-AIA-26-9",
            "not_yet_applicable",
            "2027-12-02",
        ),
        (
            V1,
            BEFORE_OMNIBUS,
            {
                "eu_high_risk.annex_i.product_or_safety_component": True,
                "eu_high_risk.annex_i.third_party_conformity_assessment": True,
                "eu_high_risk.annex_i.legislation": "medical_devices",
                "personal_data.processed": True,
            },
            "EU-AIA-26-9-ANNEX-I",
            "not_yet_applicable",
            "2027-08-02",
        ),
        (
            V2,
            TODAY,
            {
                "eu_high_risk.annex_i.product_or_safety_component": True,
                "eu_high_risk.annex_i.third_party_conformity_assessment": True,
                "eu_high_risk.annex_i.legislation": "medical_devices",
                "personal_data.processed": True,
            },
            "EU-AIA-26-9-ANNEX-I",
            "not_yet_applicable",
            "2028-08-02",
        ),
    ],
)
def test_art_26_9_deployer_dpia(
    version: str, as_of: dt.date, overrides: dict[str, Any], rule: str, status: str | None, due: str | None
) -> None:
    r = _assess(version, as_of=as_of, **overrides)
    assert _status(r, rule) == status
    if status is not None:
        item = finding(r["obligations"], rule)
        assert item["article"] == "26(9)" and item["actor"] == ["deployer"]
        assert item["due"] == due
    provider_only = _assess(version, as_of=as_of, **{**overrides, "roles.eu": ["provider"]})
    assert _status(provider_only, rule) is None  # a deployer's duty


@pytest.mark.parametrize(
    ("purpose", "applies", "tier"),
    [
        ("law_enforcement", False, "high"),  # 50(3) exception: use permitted by law for criminal offences
        ("dataset_labelling", True, "high"),
        ("other", True, "prohibited"),
    ],
)
def test_art_50_3_law_enforcement_biometric_categorisation_is_exempt(
    purpose: str, applies: bool, tier: str
) -> None:
    r = _assess(
        **{
            "capabilities.biometric_categorisation": True,
            "capabilities.biometric_categorisation_purpose": purpose,
        }
    )
    assert (_status(r, "EU-AIA-50-3") is not None) is applies
    assert r["classification"]["risk_tier"] == tier
