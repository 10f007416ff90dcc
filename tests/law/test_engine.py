"""The evaluator on a small fixture pack: statuses, dates, exceptions, open questions, penalties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from senim.law import Catalog, assess
from tests.helpers import AS_OF, DELETE, finding, ids, make_profile, questions

FIXTURES = Path(__file__).parent / "fixtures" / "packs"
CATALOG = Catalog([FIXTURES])


def run(as_of: dt.date = AS_OF, lang: str = "en", **overrides: Any) -> dict[str, Any]:
    out: dict[str, Any] = assess(
        make_profile(**overrides), packs=["demo"], as_of=as_of, lang=lang, catalog=CATALOG
    ).to_dict()["results"][0]
    return out


@pytest.mark.parametrize(
    ("impact", "level"),
    [
        ("minimal", "minimal"),
        ("reduced_efficiency_or_harm", "medium"),
        ("emergency_or_significant_harm", "high"),
        (DELETE, None),
    ],
)
def test_classification(impact: Any, level: str | None) -> None:
    r = run(failure_impact=impact)
    assert r["classification"]["risk_level"] == level
    if level is None:
        assert "failure_impact" in questions(r)
        q = next(q for q in r["open_questions"] if q["field"] == "failure_impact")
        assert set(q["needed_by"]) >= {"DEMO-HIGH", "DEMO-MEDIUM", "DEMO-MINIMAL"}


@pytest.mark.parametrize(
    ("emotion", "consent", "legal_basis", "prohibited", "review"),
    [
        (False, False, False, False, False),
        (True, True, False, False, False),
        (True, False, False, True, False),
        (True, False, True, False, True),  # exception relied on: manual review, not prohibited
        (True, False, DELETE, False, True),  # exception unanswered: review + question
        (DELETE, False, False, False, False),
    ],
)
def test_prohibition_with_exception(
    emotion: Any, consent: Any, legal_basis: Any, prohibited: bool, review: bool
) -> None:
    r = run(
        **{
            "capabilities.emotion_recognition": emotion,
            "capabilities.emotion_recognition_consent": consent,
            "capabilities.emotion_recognition_legal_basis": legal_basis,
        }
    )
    assert ("DEMO-EMOTION" in ids(r["prohibited"])) is prohibited
    assert ("DEMO-EMOTION" in ids(r["manual_review"])) is review
    assert r["classification"]["prohibited_any"] is (
        True
        if prohibited
        else (None if review and legal_basis is DELETE else None if emotion is DELETE else False)
    )
    if emotion is DELETE:
        assert "capabilities.emotion_recognition" in questions(r)
    if prohibited:
        f = finding(r["prohibited"], "DEMO-EMOTION")
        assert "capabilities.emotion_recognition = true" in f["why"]
        assert f["penalty"]["first"] == "100 MCI"


@pytest.mark.parametrize(
    ("reviewed", "status", "due"),
    [
        ("2026-06-01", "met", "2027-06-01"),
        ("2025-11-26", "met", "2026-11-26"),
        ("2025-11-25", "unmet", "2026-11-25"),
        (DELETE, "unknown", None),
    ],
)
def test_annual_review_clock(reviewed: Any, status: str, due: str | None) -> None:
    r = run(**{"governance.risk_register_reviewed_on": reviewed})
    f = finding(r["obligations"], "DEMO-REVIEW")
    assert (f["status"], f["due"]) == (status, due)


@pytest.mark.parametrize(
    ("imitates", "marking", "warning", "status"),
    [
        (True, True, True, "met"),
        (True, True, False, "unmet"),
        (True, DELETE, True, "unknown"),
        (False, False, False, None),
    ],
)
def test_met_if(imitates: bool, marking: Any, warning: Any, status: str | None) -> None:
    r = run(
        **{
            "interaction.imitates_real_person": imitates,
            "interaction.machine_readable_marking": marking,
            "interaction.visible_warning": warning,
        }
    )
    if status is None:
        assert "DEMO-LABEL" not in ids(r["obligations"])
    else:
        assert finding(r["obligations"], "DEMO-LABEL")["status"] == status


def test_not_yet_applicable_and_uncertain_rules() -> None:
    r = run(failure_impact="emergency_or_significant_harm")
    f = finding(r["obligations"], "DEMO-FUTURE")
    assert (f["status"], f["due"], f["applies_from"]) == ("not_yet_applicable", "2027-12-02", "2027-12-02")
    assert "DEMO-FUTURE" not in ids(r["manual_review"])
    later = run(as_of=dt.date(2028, 1, 1), failure_impact="emergency_or_significant_harm")
    assert finding(later["obligations"], "DEMO-FUTURE")["status"] == "unknown"
    assert "DEMO-FUTURE" in ids(later["manual_review"])  # [U] rule in force: a lawyer confirms it


def test_rules_before_the_pack_applies() -> None:
    r = run(as_of=dt.date(2025, 12, 1))
    assert finding(r["obligations"], "DEMO-REVIEW")["status"] == "not_yet_applicable"
    assert finding(r["obligations"], "DEMO-REVIEW")["due"] == "2026-01-01"


def test_actor_gating() -> None:
    assert "DEMO-REVIEW" not in ids(run(**{"roles.kz": ["user"]})["obligations"])
    r = run(**{"roles.kz": DELETE})
    assert finding(r["obligations"], "DEMO-REVIEW")["status"] == "unknown"
    assert "roles.kz" in questions(r)
    # manual_review rules with actor [any] apply to every role
    assert "DEMO-AUTONOMY" in ids(
        run(**{"roles.kz": ["user"], "decision_mode": "no_human_override"})["manual_review"]
    )


def test_out_of_scope_reports_nothing() -> None:
    r = run(**{"jurisdiction.kz": False, "capabilities.emotion_recognition": True})
    assert r["in_scope"] is False
    assert r["classification"] == {"risk_level": "out_of_scope"}
    assert r["prohibited"] == r["obligations"] == r["open_questions"] == r["manual_review"] == []


def test_unknown_scope_is_a_question() -> None:
    r = run(**{"jurisdiction.kz": DELETE, "capabilities.emotion_recognition": True})
    assert r["in_scope"] is None
    q = next(q for q in r["open_questions"] if q["field"] == "jurisdiction.kz")
    assert "demo:scope" in q["needed_by"]
    assert r["prohibited"] == []


@pytest.mark.parametrize(
    ("lang", "title"), [("kk", "Шолу"), ("ru", "Пересмотр"), ("en", "Annual risk review")]
)
def test_titles_in_three_languages(lang: str, title: str) -> None:
    assert finding(run(lang=lang)["obligations"], "DEMO-REVIEW")["title"] == title


def test_contract_shape() -> None:
    data = assess(make_profile(), packs=["demo"], as_of=AS_OF, catalog=CATALOG).to_dict()
    assert data["schema"] == "senim/assessment/v1"
    assert data["system"] == "base-system"
    assert data["as_of"] == "2026-11-26"
    result = data["results"][0]
    for key in (
        "pack",
        "version",
        "classification",
        "prohibited",
        "obligations",
        "open_questions",
        "manual_review",
    ):
        assert key in result
    for ob in result["obligations"]:
        assert {"rule", "article", "actor", "status", "due", "why"} <= set(ob)
        assert ob["status"] in {"met", "unmet", "unknown", "not_yet_applicable"}


def test_bad_language() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        assess(make_profile(), packs=["demo"], lang="de", catalog=CATALOG)


def test_collect_fact_lists_every_firing_setter(tmp_path: Path) -> None:
    text = (FIXTURES / "demo" / "2026-01-01.yaml").read_text(encoding="utf-8")
    text = (
        text.replace(
            "classification: [risk_level, prohibited_any]",
            "classification: [risk_level, prohibited_any, signals]",
        )
        .replace(
            "  - name: prohibited_any\n",
            "  - name: signals\n    collect: true\n    values: [emotion, deepfake]\n"
            "  - name: prohibited_any\n",
        )
        .replace(
            "rules:\n",
            """rules:
  - id: DEMO-SIG-EMOTION
    article: "9(1)"
    effect: classify
    sets: {signals: emotion}
    title: {kk: "a", ru: "b", en: "Emotion signal"}
    when: "capabilities.emotion_recognition == true"
    actor: [owner]
    source_url: https://example.org/demo
    verification: C
  - id: DEMO-SIG-DEEPFAKE
    article: "9(2)"
    effect: classify
    sets: {signals: deepfake}
    title: {kk: "a", ru: "b", en: "Deepfake signal"}
    when: "interaction.imitates_real_person == true"
    actor: [owner]
    source_url: https://example.org/demo
    verification: C
""",
            1,
        )
    )
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "2026-01-01.yaml").write_text(text, encoding="utf-8")
    cat = Catalog([tmp_path])

    def signals(**overrides: Any) -> Any:
        r = assess(make_profile(**overrides), packs=["demo"], as_of=AS_OF, catalog=cat).to_dict()["results"][
            0
        ]
        return r["classification"]["signals"]

    assert signals() == []
    assert signals(**{"capabilities.emotion_recognition": True}) == ["emotion"]
    assert signals(
        **{"capabilities.emotion_recognition": True, "interaction.imitates_real_person": True}
    ) == [
        "emotion",
        "deepfake",
    ]
    assert signals(**{"capabilities.emotion_recognition": DELETE}) is None
