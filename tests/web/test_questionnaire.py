"""The wizard's questionnaire (topics, explanations, articles from the packs), answer parsing, profile
diffs, and the kk/ru catalog of the system pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from starlette.datastructures import FormData

from senim.i18n import gettext, parse_po
from senim.profile import parse_profile
from senim.profile.fields import profile_fields
from senim.web import questionnaire as qn
from senim.web import routes_systems as rs
from senim.web.diff import profile_diff
from tests.helpers import BASE

WEB = Path(qn.__file__).parent
LOCALES = WEB.parent / "i18n" / "locales"
CALL = re.compile(r"""\b_\(\s*(['"])(.+?)(?<!\\)\1\s*\)""")
PLACEHOLDER = re.compile(r"\{\w+\}")


def _topic(key: str) -> qn.Topic:
    return next(t for t in qn.questionnaire() if t.key == key)


def _question(path: str) -> qn.Question:
    return next(q for t in qn.questionnaire() for q in t.questions if q.path == path)


# --------------------------------------------------------------------------- structure and articles


def test_every_profile_field_is_asked_exactly_once() -> None:
    asked = [q.path for t in qn.questionnaire() for q in t.questions]
    assert len(asked) == len(set(asked))
    assert set(asked) == set(profile_fields()) - {"id"}
    for t in qn.questionnaire():
        assert t.title and t.intro and t.questions
        for q in t.questions:
            assert q.label and q.explanation, q.path


def test_articles_come_from_the_rule_packs() -> None:
    failure = dict(_question("failure_impact").by_pack)
    assert {"17(1)(1)", "17(1)(2)", "17(1)(3)"} <= set(failure["kz-ai-law"])
    manipulation = dict(_question("capabilities.manipulation").by_pack)
    assert "17(3)(1)" in manipulation["kz-ai-law"]
    assert "5(1)(a)" in manipulation["eu-ai-act"]
    refs = _question("capabilities.manipulation").articles
    assert any("KZ-AI-17-3-1" in r.rules for r in refs)
    # scope and roles are reported as such, not as a list of every article
    assert set(_question("jurisdiction.kz").scope_only) == {"kz-ai-law", "kz-personal-data"}
    assert "eu-ai-act" in _question("jurisdiction.eu.output_used_in_eu").scope_only
    assert _question("roles.eu").roles_of == ("eu-ai-act",)
    # natural order of article numbers
    arts = dict(_question("eu_high_risk.annex_iii").by_pack)["eu-ai-act"]
    numbers = [int(a.split("(")[0]) for a in arts if a[0].isdigit()]
    assert numbers == sorted(numbers)


def test_topic_of_field() -> None:
    assert qn.topic_of_field("capabilities.social_scoring") == "prohibited"
    assert qn.topic_of_field("gpai.training_flops") == "training"
    assert qn.topic_of_field("id") is None


# --------------------------------------------------------------------------- answers


def _form(items: list[tuple[str, str]]) -> FormData:
    return FormData([(k, v) for k, v in items])


def test_unanswered_stays_unanswered_and_no_is_false() -> None:
    base = {
        "schema": "senim/system-profile/v1",
        "id": "s",
        "failure_impact": "minimal",
        "critical_ict_object": True,
    }
    data, problems = qn.apply_answers(
        base,
        _topic("risk"),
        _form([("failure_impact", ""), ("critical_ict_object", "no"), ("decision_mode", "human_decides")]),
    )
    assert problems == []
    assert "failure_impact" not in data  # cleared: an open question again, never a default
    assert data["critical_ict_object"] is False
    assert data["decision_mode"] == "human_decides"
    assert "public_network_connected" not in data
    assert base["failure_impact"] == "minimal"  # the input is not changed
    parse_profile(data)


def test_lists_none_choice_and_free_text() -> None:
    base = {"schema": "senim/system-profile/v1", "id": "s"}
    data, problems = qn.apply_answers(
        base,
        _topic("eu_high_risk"),
        _form([("eu_high_risk.annex_iii", "5b"), ("eu_high_risk.annex_iii", "4a")]),
    )
    assert problems == [] and data["eu_high_risk"]["annex_iii"] == ["5b", "4a"]
    data, _ = qn.apply_answers(
        base, _topic("eu_high_risk"), _form([("eu_high_risk.annex_iii", qn.NONE_CHOICE)])
    )
    assert data["eu_high_risk"]["annex_iii"] == []
    data, _ = qn.apply_answers(base, _topic("eu_high_risk"), _form([]))
    assert "eu_high_risk" not in data or "annex_iii" not in data["eu_high_risk"]
    _, problems = qn.apply_answers(
        base,
        _topic("eu_high_risk"),
        _form([("eu_high_risk.annex_iii", "5b"), ("eu_high_risk.annex_iii", qn.NONE_CHOICE)]),
    )
    assert [p.path for p in problems] == ["eu_high_risk.annex_iii"]
    data, problems = qn.apply_answers(
        base,
        _topic("personal_data"),
        _form(
            [
                ("personal_data.cross_border_destinations.text", "de, us;FR"),
                ("personal_data.unique_subjects", "1 200"),
            ]
        ),
    )
    assert problems == []
    assert data["personal_data"]["cross_border_destinations"] == ["DE", "US", "FR"]
    assert data["personal_data"]["unique_subjects"] == 1200
    parse_profile(data)


def test_bad_answers_are_reported_per_field() -> None:
    base = {"schema": "senim/system-profile/v1", "id": "s"}
    _, problems = qn.apply_answers(
        base,
        _topic("governance"),
        _form(
            [
                ("governance.risk_register_reviewed_on", "31.12.2025"),
                ("governance.logs_retained_months", "six"),
                ("governance.suspension_procedure", "maybe"),
            ]
        ),
    )
    assert {p.path for p in problems} == {
        "governance.risk_register_reviewed_on",
        "governance.logs_retained_months",
        "governance.suspension_procedure",
    }
    _, problems = qn.apply_answers(base, _topic("risk"), _form([("usage_mode", "everywhere")]))
    assert [p.path for p in problems] == ["usage_mode"]


def test_answers_of_other_topics_are_kept() -> None:
    data, problems = qn.apply_answers(
        BASE, _topic("risk"), _form([("failure_impact", "emergency_or_significant_harm")])
    )
    assert problems == []
    assert data["capabilities"] == BASE["capabilities"]
    assert data["failure_impact"] == "emergency_or_significant_harm"


# --------------------------------------------------------------------------- diff


def test_profile_diff() -> None:
    a = {"id": "s", "name": "A", "capabilities": {"manipulation": False}, "techniques": ["nlp"], "x": None}
    b = {
        "id": "s",
        "name": "B",
        "capabilities": {"manipulation": None},
        "techniques": ["nlp", "speech"],
        "y": 3,
    }
    changes = {c.path: c for c in profile_diff(a, b)}
    assert set(changes) == {"name", "capabilities.manipulation", "techniques", "y"}
    assert changes["name"].kind == "changed" and (changes["name"].before, changes["name"].after) == ("A", "B")
    assert changes["capabilities.manipulation"].kind == "cleared"
    assert changes["y"].kind == "answered"
    assert profile_diff(a, a) == []
    assert [c.kind for c in profile_diff(None, {"id": "s"})] == ["answered"]
    assert profile_diff({"a": {"b": False}}, {"a": {"b": 0}})[0].kind == "changed"  # False is not 0


# --------------------------------------------------------------------------- helpers of the pages


def test_summarize_json_and_countdown() -> None:
    summary = rs.summarize_json(b'{"findings": {"iin": 3, "phone": 1}, "files": ["a.csv"], "ok": true}')
    assert summary is not None
    rows, total = summary
    assert dict(rows) == {"findings.iin": "3", "findings.phone": "1", "files": '"a.csv"', "ok": "true"}
    assert total == 4
    assert rs.summarize_json(b"\xff not json") is None
    now = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
    left = rs.countdown(now + dt.timedelta(days=1, hours=2), now, "en")
    assert "1 day" in left and "2 hours" in left and left.endswith("left")
    assert rs.countdown(now - dt.timedelta(hours=3), now, "en").startswith("overdue by 3 hours")
    assert "қалды" in rs.countdown(now + dt.timedelta(hours=5), now, "kk")
    assert "осталось" in rs.countdown(now + dt.timedelta(hours=5), now, "ru")


# --------------------------------------------------------------------------- translations


def _messages() -> set[str]:
    found: set[str] = set()
    for path in [
        *(WEB / "templates" / "systems").glob("*.html"),
        WEB / "routes_systems.py",
        WEB / "questionnaire.py",
    ]:
        found |= {m.group(2).replace('\\"', '"') for m in CALL.finditer(path.read_text(encoding="utf-8"))}
    for topic in qn.questionnaire():
        found |= {topic.title, topic.intro}
        for q in topic.questions:
            found |= {q.label, q.explanation, *(qn.value_label(v) for v in q.values)}
    for table in (
        qn.PACK_LABELS,
        *rs.CLASS_LABELS.values(),
        rs.STAGE_LABELS,
        rs.PUBLICATION_LABELS,
        rs.HARM_LABELS,
        rs.ACTION_LABELS,
        rs.RISK_STATUS_LABELS,
        rs.EVIDENCE_KIND_LABELS,
        rs.INCIDENT_STATUS_LABELS,
    ):
        found |= set(table.values())
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_system_page_message_is_translated(lang: str) -> None:
    messages = _messages()
    assert len(messages) > 400
    missing = sorted(m for m in messages if gettext(m, lang) == m)
    assert missing == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_placeholders_match(lang: str) -> None:
    catalog = parse_po((LOCALES / lang / "LC_MESSAGES" / "web-systems.po").read_text(encoding="utf-8"))
    assert len(catalog) > 400
    for msgid, msgstr in catalog.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
    if lang == "kk":
        assert any(ch in "".join(catalog.values()) for ch in "әғқңөұүһі")
