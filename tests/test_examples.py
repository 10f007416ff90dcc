"""The worked example profiles in ``examples/profiles/``: valid, assessable, and their headline outcomes.

The examples are documentation that must stay true: if a rule pack changes one of these outcomes,
either the pack is wrong or the example's comments need rewriting.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from senim.privacy.detectors.kz.iin_bin import is_valid_bin
from senim.profile import SystemProfile, load_profile
from tests.helpers import AS_OF, finding, ids, questions

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples" / "profiles"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))
PACK_IDS = ("kz-ai-law", "kz-personal-data", "eu-ai-act")
REQUIRED = {
    "credit-scoring",
    "cv-screening",
    "gov-chatbot",
    "deepfake-marketing",
    "grid-dispatch",
    "call-centre-emotion",
    "medical-imaging",
    "gpai-model",
    "startup-questionnaire",
}


def available_packs() -> list[str]:
    from senim.law import default_catalog

    present = set(default_catalog().pack_ids())
    return [p for p in PACK_IDS if p in present]


def need(pack: str) -> None:
    if pack not in available_packs():
        pytest.skip(f"rule pack {pack} is not written yet")


@cache
def profile(name: str) -> SystemProfile:
    return load_profile(EXAMPLES_DIR / f"{name}.yaml")


@cache
def results(name: str) -> dict[str, dict[str, Any]]:
    """Pack id -> that pack's result for the example, on the shared assessment date."""
    from senim.law import assess

    out = assess(profile(name), packs=available_packs(), as_of=AS_OF).to_dict()
    return {r["pack"]: r for r in out["results"]}


def result(name: str, pack: str) -> dict[str, Any]:
    need(pack)
    return results(name)[pack]


def articles(items: list[dict[str, Any]]) -> set[str]:
    return {item["article"] for item in items}


# --------------------------------------------------------------------------- validity


def test_the_required_examples_exist() -> None:
    names = {p.stem for p in EXAMPLES}
    assert names >= REQUIRED, f"missing: {sorted(REQUIRED - names)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_a_valid_commented_profile(path: Path) -> None:
    prof = load_profile(path)
    assert prof.name and prof.description
    if prof.organization.bin is not None:
        assert is_valid_bin(prof.organization.bin)
        assert prof.organization.bin[4:6] == "40", "resident legal entity, head office"
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if "#" in line]
    assert len(comments) >= 8, "examples explain their non-obvious answers in comments"


def test_example_ids_are_unique() -> None:
    seen = [load_profile(p).id for p in EXAMPLES]
    assert len(seen) == len(set(seen))


def test_examples_cover_every_organisation_size() -> None:
    sizes = {load_profile(p).organization.size for p in EXAMPLES}
    assert sizes >= {"individual", "small", "medium", "large"}


@pytest.mark.parametrize("name", sorted(REQUIRED - {"startup-questionnaire"}))
def test_worked_examples_leave_no_kz_open_questions(name: str) -> None:
    # Every worked example answers what the Kazakh packs need (the start-up is the exception).
    for pack in ("kz-ai-law", "kz-personal-data"):
        assert result(name, pack)["open_questions"] == [], pack


# --------------------------------------------------------------------------- assessment


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_assesses_against_all_packs(path: Path) -> None:
    packs = available_packs()
    assert packs, "no rule pack available"
    by_pack = results(path.stem)
    assert set(by_pack) == set(packs)
    for res in by_pack.values():
        assert res["in_scope"] in (True, False, None)
        for item in res["obligations"]:
            assert item["status"] in {"met", "unmet", "unknown", "not_yet_applicable"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("credit-scoring", "large"),
        ("cv-screening", "medium"),
        ("gov-chatbot", "large"),
        ("deepfake-marketing", "medium"),  # 40 subjects, moved up one class by biometric data
        ("call-centre-emotion", "large"),  # 350,000 subjects, moved up one class by biometric data
        ("medical-imaging", "large"),  # 80,000 subjects, moved up one class by health data
        ("gpai-model", "large"),
        ("startup-questionnaire", None),  # unique_subjects unanswered
    ],
)
def test_personal_data_size_class(name: str, expected: str | None) -> None:
    res = result(name, "kz-personal-data")
    assert res["in_scope"] is True
    assert res["classification"]["operator_size_class"] == expected


@pytest.mark.parametrize(
    ("name", "risk", "autonomy", "usage"),
    [
        ("credit-scoring", "medium", "medium", "closed"),
        ("cv-screening", "medium", "low", "closed"),
        ("gov-chatbot", "medium", "low", "closed"),
        ("deepfake-marketing", "minimal", "low", "closed"),
        ("grid-dispatch", "high", "high", "local"),
        ("call-centre-emotion", "medium", "medium", "closed"),
        ("medical-imaging", "high", "low", "local"),
        ("gpai-model", "medium", "low", "open"),
        ("startup-questionnaire", None, "low", "closed"),
    ],
)
def test_kz_classification(name: str, risk: str | None, autonomy: str, usage: str) -> None:
    cls = result(name, "kz-ai-law")["classification"]
    assert (cls["risk_level"], cls["autonomy_level"], cls["usage_mode"]) == (risk, autonomy, usage)


# --------------------------------------------------------------------------- headline outcomes


def test_call_centre_emotion_is_prohibited_in_kazakhstan() -> None:
    res = result("call-centre-emotion", "kz-ai-law")
    assert "KZ-AI-17-3-6" in ids(res["prohibited"])  # emotion recognition without consent
    pd = result("call-centre-emotion", "kz-personal-data")
    assert finding(pd["obligations"], "KZ-PD-7-1")["status"] == "unmet"


def test_call_centre_emotion_is_prohibited_in_the_eu() -> None:
    res = result("call-centre-emotion", "eu-ai-act")
    assert res["in_scope"] is True
    assert "EU-AIA-5-1-F" in ids(res["prohibited"])  # emotion recognition in the workplace
    assert "5(1)(f)" in articles(res["prohibited"])
    assert res["classification"]["risk_tier"] == "prohibited"


def test_grid_dispatch_is_high_risk_high_autonomy_and_outside_pd_and_eu_law() -> None:
    res = result("grid-dispatch", "kz-ai-law")
    assert res["classification"]["infosec_state_system"] is True  # high risk + critical ICT object
    assert "KZ-AI-17-2-HIGH-REVIEW" in ids(res["manual_review"])  # special regime pending
    assert "KZ-AI-17-4-RESTRICTED" not in {o["rule"] for o in res["obligations"] if o["status"] != "met"}, (
        "local mode satisfies the restricted-data rule"
    )
    assert result("grid-dispatch", "kz-personal-data")["in_scope"] is False


def test_grid_dispatch_outside_the_eu() -> None:
    assert result("grid-dispatch", "eu-ai-act")["in_scope"] is False


def test_credit_scoring_is_eu_high_risk_under_5b() -> None:
    res = result("credit-scoring", "eu-ai-act")
    assert res["in_scope"] is True
    assert res["classification"]["risk_tier"] == "high"
    assert res["classification"]["annex_iii"] == ["5b"]
    assert res["classification"]["art_6_3_derogation"] is False  # profiling closes the derogation


def test_credit_scoring_kz_outcomes() -> None:
    kz = result("credit-scoring", "kz-ai-law")
    # bank secrecy is restricted data, and the service is reachable from the internet
    assert finding(kz["obligations"], "KZ-AI-17-4-RESTRICTED")["status"] == "unmet"
    pd = result("credit-scoring", "kz-personal-data")
    assert finding(pd["obligations"], "KZ-PD-10-1")["status"] == "met"
    assert finding(pd["obligations"], "KZ-PD-7-6")["status"] == "met"  # consent covers Latvia
    assert finding(pd["obligations"], "KZ-PD-19-1")["status"] == "met"  # solely automated small loans
    assert "KZ-PD-19-1-BASIS" not in ids(pd["prohibited"])


def test_deepfake_marketing_has_an_unmet_kz_label() -> None:
    res = result("deepfake-marketing", "kz-ai-law")
    label = finding(res["obligations"], "KZ-AI-21-2")
    assert label["article"] == "21(2)"
    assert label["status"] == "unmet"  # machine-readable marking without a visible warning
    assert finding(res["obligations"], "KZ-AI-21-1")["status"] == "unmet"


def test_deepfake_marketing_eu_disclosure() -> None:
    res = result("deepfake-marketing", "eu-ai-act")
    assert res["in_scope"] is True
    # deep fake without a visible disclosure (Art. 50(4), first subparagraph)
    assert finding(res["obligations"], "EU-AIA-50-4-1")["status"] == "unmet"


def test_cv_screening_outcomes() -> None:
    pd = result("cv-screening", "kz-personal-data")
    assert finding(pd["obligations"], "KZ-PD-7-6")["status"] == "unmet"  # US LLM API, no consent
    assert "KZ-PD-10-1" not in ids(pd["obligations"])  # medium operators are exempt
    kz = result("cv-screening", "kz-ai-law")
    assert finding(kz["obligations"], "KZ-AI-18-1-4")["status"] == "unmet"  # risk register overdue
    assert finding(kz["obligations"], "KZ-AI-21-1")["status"] == "unmet"


def test_cv_screening_is_eu_high_risk_under_4a() -> None:
    res = result("cv-screening", "eu-ai-act")
    assert res["classification"]["risk_tier"] == "high"
    assert res["classification"]["annex_iii"] == ["4a"]


def test_gov_chatbot_outcomes() -> None:
    pd = result("gov-chatbot", "kz-personal-data")
    assert finding(pd["obligations"], "KZ-PD-10-1")["status"] == "unmet"  # large, not notified
    assert "KZ-PD-8-1-STATE" in ids(pd["obligations"])  # consent through the state service
    kz = result("gov-chatbot", "kz-ai-law")
    assert kz["prohibited"] == []
    assert finding(kz["obligations"], "KZ-AI-21-1")["status"] == "met"


def test_gov_chatbot_outside_the_eu() -> None:
    assert result("gov-chatbot", "eu-ai-act")["in_scope"] is False


def test_medical_imaging_is_eu_high_risk_through_annex_i() -> None:
    res = result("medical-imaging", "eu-ai-act")
    assert res["in_scope"] is True
    assert res["classification"]["risk_tier"] == "high"
    assert res["classification"]["annex_i_high_risk"] is True
    assert res["classification"]["annex_iii_high_risk"] is False
    # Annex I duties apply from 2 Aug 2028 (Omnibus)
    assert finding(res["obligations"], "EU-AIA-9-ANNEX-I")["status"] == "not_yet_applicable"


def test_gpai_model_outcomes() -> None:
    kz = result("gpai-model", "kz-ai-law")
    assert finding(kz["obligations"], "KZ-AI-27-5")["status"] == "unmet"  # producer metadata
    pd = result("gpai-model", "kz-personal-data")
    assert finding(pd["obligations"], "KZ-PD-7-1")["status"] == "unmet"  # web crawl without consent


def test_gpai_model_has_systemic_risk_duties_in_the_eu() -> None:
    res = result("gpai-model", "eu-ai-act")
    assert res["in_scope"] is True
    assert res["classification"]["gpai_systemic_risk"] is True  # 3.2e25 FLOPs > 10^25
    # open weights do not lift Art. 53(1)(a)-(b) for a model with systemic risk
    assert {"EU-AIA-53-1-A", "EU-AIA-53-1-B", "EU-AIA-55-1-A", "EU-AIA-52-1"} <= ids(res["obligations"])


def test_startup_questionnaire_raises_open_questions() -> None:
    pd = result("startup-questionnaire", "kz-personal-data")
    assert {
        "personal_data.unique_subjects",
        "personal_data.consent_obtained",
        "personal_data.primary_database_country",
        "personal_data.cross_border_destinations",
    } <= questions(pd)
    kz = result("startup-questionnaire", "kz-ai-law")
    assert {"failure_impact", "capabilities.emotion_recognition"} <= questions(kz)
    assert kz["classification"]["risk_level"] is None


def test_startup_questionnaire_eu_scope_is_an_open_question() -> None:
    res = result("startup-questionnaire", "eu-ai-act")
    assert res["in_scope"] is None
    assert questions(res) & {"jurisdiction.eu.placed_on_market", "jurisdiction.eu.output_used_in_eu"}
