"""The engine's explanations (``why``, ``reason``, ``clock``) follow the assessment's language.

Rule titles come translated from the packs; the sentences the engine wraps around them are gettext
templates with named placeholders. English stays the template itself, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any

import pytest

from senim.i18n import gettext
from senim.law import Catalog, assess
from senim.law.dates import _UNITS, describe_period
from senim.law.engine import _CLOCK_EVENTS, _STATUS_DETAIL
from tests.helpers import AS_OF, DELETE, assess_pack, finding, make_profile

ENGINE = Path(__file__).resolve().parents[2] / "src" / "senim" / "law" / "engine.py"
FIXTURES = Path(__file__).parent / "fixtures" / "packs"
ENGLISH = [
    "applies",
    "unanswered",
    "overdue",
    "relies on",
    "verify",
    "prohibited",
    "evidence needed",
    "working day",
]
# ``field = value`` atoms from conditions.explain stay as they are (an unanswered field reads
# ``x = unanswered`` in every language); they are cut out before looking for English words.
ATOM = re.compile(r"\b[a-z_][\w.]* = unanswered")

KZ = "kz-ai-law"
EU = "eu-ai-act"
PD = "kz-personal-data"
OVERDUE: dict[str, Any] = {"governance.risk_register_reviewed_on": "2024-01-01"}
SOCIAL: dict[str, Any] = {"capabilities.social_scoring": True}
NCII: dict[str, Any] = {"capabilities.generates_intimate_imagery_of_real_people": True}
RELIED: dict[str, Any] = {**SOCIAL, "capabilities.social_scoring_legal_basis": True}
OPEN: dict[str, Any] = {**SOCIAL, "capabilities.social_scoring_legal_basis": DELETE}
NO_ROLES: dict[str, Any] = {"roles.kz": None}
HIGH_RISK: dict[str, Any] = {"eu_high_risk.annex_iii": ["4a"]}
PERSONAL: dict[str, Any] = {"personal_data.processed": True, "personal_data.unique_subjects": 600000}


def _texts(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for kind in ("prohibited", "obligations", "manual_review"):
        for item in result[kind]:
            out += [item[k] for k in ("why", "reason", "clock") if item.get(k)]
    return out


def _no_english(result: dict[str, Any]) -> None:
    texts = _texts(result)
    assert texts
    for text in texts:
        stripped = ATOM.sub("", text)
        for word in ENGLISH:
            assert word not in stripped, (word, text)


# (pack, as_of, overrides, section, rule, key, kk phrase, ru phrase)
CASES: list[tuple[str, dt.date, dict[str, Any], str, str, str, str, str]] = [
    (KZ, AS_OF, {}, "obligations", "KZ-AI-18-1-4", "why", "қолданылады: roles.kz", "применяется: roles.kz"),
    (
        KZ,
        AS_OF,
        {},
        "obligations",
        "KZ-AI-18-1-4",
        "why",
        "; орындалды: governance",
        "; выполнено: governance",
    ),
    (
        KZ,
        AS_OF,
        {},
        "obligations",
        "KZ-AI-18-1-4",
        "why",
        "келесі орындау мерзімі: 2027-06-01",
        "следующий срок исполнения: 2027-06-01",
    ),
    (
        KZ,
        AS_OF,
        {},
        "obligations",
        "KZ-AI-18-1-3",
        "why",
        "дәлелдер қажет (Тәуекелдерді басқару",
        "необходимы доказательства (Управление рисками",
    ),
    (KZ, AS_OF, OVERDUE, "obligations", "KZ-AI-18-1-4", "why", "; орындалмады: ", "; не выполнено: "),
    (
        KZ,
        AS_OF,
        OVERDUE,
        "obligations",
        "KZ-AI-18-1-4",
        "why",
        "мерзімі 2025-01-01 бастап өткен (governance.risk_register_reviewed_on + 1 жыл)",
        "просрочено с 2025-01-01 (governance.risk_register_reviewed_on + 1 год)",
    ),
    (
        KZ,
        AS_OF,
        {"governance.risk_register_reviewed_on": DELETE},
        "obligations",
        "KZ-AI-18-1-4",
        "why",
        "; белгісіз: governance.risk_register_reviewed_on = unanswered",
        "; неизвестно: governance.risk_register_reviewed_on = unanswered",
    ),
    (
        KZ,
        AS_OF,
        NO_ROLES,
        "obligations",
        "KZ-AI-18-1-4",
        "why",
        "қолданылуы мүмкін: ",
        "может применяться: ",
    ),
    (
        KZ,
        AS_OF,
        RELIED,
        "manual_review",
        "KZ-AI-17-3-3",
        "reason",
        "17(3)(3)-баптағы ерекшелікке сүйенеді: Қазақстан Республикасының заңдарында көзделген жағдай "
        "(capabilities.social_scoring_legal_basis = true); ерекшеліктің шынымен қолданылатынын тексеріңіз",
        "основано на исключении, предусмотренном статьёй 17(3)(3): Случай, предусмотренный законами "
        "Республики Казахстан (capabilities.social_scoring_legal_basis = true); "
        "проверьте, что исключение действительно применимо",
    ),
    (
        KZ,
        AS_OF,
        OPEN,
        "manual_review",
        "KZ-AI-17-3-3",
        "reason",
        "ерекшелік қолданылмаса, тыйым салынады (Қазақстан Республикасының заңдарында көзделген жағдай): "
        "ашық сұрақтарға жауап беріңіз",
        "запрещено, если не применяется исключение (Случай, предусмотренный законами Республики Казахстан): "
        "ответьте на открытые вопросы",
    ),
    (
        EU,
        AS_OF,
        NCII,
        "manual_review",
        "EU-AIA-5-1-NCII",
        "reason",
        "2026-12-02 бастап тыйым салынады (capabilities.generates_intimate_imagery_of_real_people = true)",
        "запрещено с 2026-12-02 (capabilities.generates_intimate_imagery_of_real_people = true)",
    ),
    (
        EU,
        dt.date(2026, 12, 3),
        NCII,
        "manual_review",
        "EU-AIA-5-1-NCII",
        "reason",
        "тыйым анық емес дереккөзге [U] негізделген; оған сүйенбес бұрын растаңыз",
        "запрет основан на неподтверждённом источнике [U]; подтвердите его, прежде чем на него полагаться",
    ),
    (
        PD,
        AS_OF,
        PERSONAL,
        "manual_review",
        "KZ-PD-24-INFO",
        "reason",
        "міндет анық емес дереккөзге [U] негізделген; оған сүйенбес бұрын растаңыз",
        "обязанность основана на неподтверждённом источнике [U]; "
        "подтвердите её, прежде чем на неё полагаться",
    ),
    (
        PD,
        AS_OF,
        PERSONAL,
        "obligations",
        "KZ-PD-24-INFO",
        "clock",
        "өтініш алынған сәттен бастап 3 жұмыс күні",
        "3 рабочих дня с момента получения обращения",
    ),
    (
        PD,
        AS_OF,
        PERSONAL,
        "obligations",
        "KZ-PD-25-BREACH",
        "clock",
        "анықталған сәттен бастап 1 жұмыс күні",
        "1 рабочий день с момента обнаружения",
    ),
]


def _unique(rule: str, key: str, kk: str) -> str:
    return f"{rule}-{key}-{kk[:12]}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(
    ("pack", "as_of", "overrides", "section", "rule", "key", "kk", "ru"),
    CASES,
    ids=[_unique(c[4], c[5], c[6]) for c in CASES],
)
def test_templates_are_translated(
    lang: str,
    pack: str,
    as_of: dt.date,
    overrides: dict[str, Any],
    section: str,
    rule: str,
    key: str,
    kk: str,
    ru: str,
) -> None:
    result = assess_pack(pack, as_of=as_of, lang=lang, **overrides)
    text = finding(result[section], rule)[key]
    assert (kk if lang == "kk" else ru) in text
    _no_english(result)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_not_yet_applicable_obligations_and_their_clocks(lang: str) -> None:
    result = assess_pack(EU, as_of=AS_OF, lang=lang, **HIGH_RISK)
    item = finding(result["obligations"], "EU-AIA-73-2")
    assert item["status"] == "not_yet_applicable"
    if lang == "kk":
        assert item["why"].startswith("2027-12-02 бастап қолданылады")
        assert item["clock"] == "бұл туралы белгілі болған сәттен бастап 15 күн"
    else:
        assert item["why"].startswith("применяется с 2027-12-02")
        assert item["clock"] == "15 дней с момента, когда об этом стало известно"
    _no_english(result)


def _demo(tmp_path: Path, lang: str, **overrides: Any) -> dict[str, Any]:
    """The fixture pack, with its high-risk classification resting on an uncertain source [U]."""
    text = (FIXTURES / "demo" / "2026-01-01.yaml").read_text(encoding="utf-8")
    marker = "    verification: C\n  - id: DEMO-MEDIUM"
    assert marker in text
    text = text.replace(marker, marker.replace(": C", ": U"))
    (tmp_path / "demo").mkdir(exist_ok=True)
    (tmp_path / "demo" / "2026-01-01.yaml").write_text(text, encoding="utf-8")
    out: dict[str, Any] = assess(
        make_profile(**overrides), packs=["demo"], as_of=AS_OF, lang=lang, catalog=Catalog([tmp_path])
    ).to_dict()["results"][0]
    return out


@pytest.mark.parametrize(
    ("lang", "classification", "unanswered", "next_due"),
    [
        (
            "en",
            "classification rests on an uncertain source [U]: failure_impact = emergency_or_significant_harm",
            "applies: roles.kz = [owner, holder]; unknown: governance.risk_register_reviewed_on = unanswered",
            "applies: roles.kz = [owner, holder]; next due 2027-06-01",
        ),
        (
            "kk",
            "сыныптама анық емес дереккөзге [U] негізделген: failure_impact = emergency_or_significant_harm",
            "қолданылады: roles.kz = [owner, holder]; "
            "белгісіз: governance.risk_register_reviewed_on сұрағына жауап берілмеген",
            "қолданылады: roles.kz = [owner, holder]; келесі орындау мерзімі: 2027-06-01",
        ),
        (
            "ru",
            "классификация основана на неподтверждённом источнике [U]: "
            "failure_impact = emergency_or_significant_harm",
            "применяется: roles.kz = [owner, holder]; "
            "неизвестно: на вопрос governance.risk_register_reviewed_on ответ не дан",
            "применяется: roles.kz = [owner, holder]; следующий срок исполнения: 2027-06-01",
        ),
    ],
)
def test_fixture_pack_templates(
    tmp_path: Path, lang: str, classification: str, unanswered: str, next_due: str
) -> None:
    high = _demo(tmp_path, lang, failure_impact="emergency_or_significant_harm")
    assert finding(high["manual_review"], "DEMO-HIGH")["reason"] == classification
    missing = _demo(tmp_path, lang, **{"governance.risk_register_reviewed_on": DELETE})
    assert finding(missing["obligations"], "DEMO-REVIEW")["why"] == unanswered
    assert finding(_demo(tmp_path, lang)["obligations"], "DEMO-REVIEW")["why"] == next_due
    if lang != "en":
        for result in (high, missing):
            _no_english(result)


def test_english_is_unchanged() -> None:
    base = assess_pack(KZ)
    assert finding(base["obligations"], "KZ-AI-18-1-4")["why"] == (
        "applies: roles.kz = [owner, holder]; met: governance.risk_register_reviewed_on = 2026-06-01; "
        "as_of = 2026-11-26; next due 2027-06-01"
    )
    assert finding(base["obligations"], "KZ-AI-18-1-3")["why"] == (
        "applies: roles.kz = [owner, holder]; "
        "no profile answer records it: evidence needed (Risk management, Signed attestation)"
    )
    overdue = assess_pack(KZ, **OVERDUE)
    assert finding(overdue["obligations"], "KZ-AI-18-1-4")["why"] == (
        "applies: roles.kz = [owner, holder]; unmet: governance.risk_register_reviewed_on = 2024-01-01; "
        "as_of = 2026-11-26; overdue since 2025-01-01 (governance.risk_register_reviewed_on + 1 year)"
    )
    relied = assess_pack(KZ, **RELIED)
    assert finding(relied["manual_review"], "KZ-AI-17-3-3")["reason"] == (
        "relies on the exception in 17(3)(3): A case provided for by the laws of Kazakhstan "
        "(capabilities.social_scoring_legal_basis = true); verify that it holds"
    )
    open_exc = assess_pack(KZ, **OPEN)
    assert finding(open_exc["manual_review"], "KZ-AI-17-3-3")["reason"] == (
        "prohibited unless an exception holds (A case provided for by the laws of Kazakhstan): "
        "answer the open questions"
    )
    future = assess_pack(EU, **NCII)
    assert finding(future["manual_review"], "EU-AIA-5-1-NCII")["reason"] == (
        "prohibited from 2026-12-02 (capabilities.generates_intimate_imagery_of_real_people = true)"
    )
    in_force = assess_pack(EU, as_of=dt.date(2026, 12, 3), **NCII)
    assert finding(in_force["manual_review"], "EU-AIA-5-1-NCII")["reason"] == (
        "prohibition rests on an uncertain source [U]; confirm before relying on it"
    )
    eu = assess_pack(EU, **HIGH_RISK)
    item = finding(eu["obligations"], "EU-AIA-73-2")
    assert item["why"].startswith("applies from 2027-12-02: ")
    assert item["clock"] == "15 days from awareness"
    pd = assess_pack(PD, **PERSONAL)
    assert finding(pd["obligations"], "KZ-PD-25-BREACH")["clock"] == "1 working day from detection"
    assert finding(pd["obligations"], "KZ-PD-24-INFO")["clock"] == "3 working days from request"
    assert finding(pd["manual_review"], "KZ-PD-24-INFO")["reason"] == (
        "obligation rests on an uncertain source [U]; confirm before relying on it"
    )
    unknown_roles = assess_pack(KZ, **NO_ROLES)
    assert finding(unknown_roles["obligations"], "KZ-AI-18-1-4")["why"].startswith("may apply: ")


@pytest.mark.parametrize(
    ("period", "en", "kk", "ru"),
    [
        ("P1WD", "1 working day", "1 жұмыс күні", "1 рабочий день"),
        ("P3WD", "3 working days", "3 жұмыс күні", "3 рабочих дня"),
        ("P15WD", "15 working days", "15 жұмыс күні", "15 рабочих дней"),
        ("P21D", "21 days", "21 күн", "21 день"),
        ("P12D", "12 days", "12 күн", "12 дней"),
        ("P22D", "22 days", "22 күн", "22 дня"),
        ("P11M", "11 months", "11 ай", "11 месяцев"),
        ("P2W", "2 weeks", "2 апта", "2 недели"),
        ("P1Y", "1 year", "1 жыл", "1 год"),
        ("P5Y", "5 years", "5 жыл", "5 лет"),
        ("soon", "soon", "soon", "soon"),
    ],
)
def test_describe_period(period: str, en: str, kk: str, ru: str) -> None:
    assert describe_period(period) == en
    assert describe_period(period, "en") == en
    assert describe_period(period, "kk") == kk
    assert describe_period(period, "ru") == ru


def _engine_messages() -> set[str]:
    source = ENGINE.read_text(encoding="utf-8")
    found = set(re.findall(r'_t\(\s*(?:b\.)?lang,\s*"([^"]+)"', source))
    found |= set(_CLOCK_EVENTS.values()) | set(_STATUS_DETAIL.values()) | {"{period} from {event}"}
    found |= {m for forms in _UNITS.values() for m in forms}
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_template_is_translated_with_the_same_placeholders(lang: str) -> None:
    messages = _engine_messages()
    assert len(messages) > 30
    assert "no profile answer records it: evidence needed ({evidence})" in messages
    for message in sorted(messages):
        translated = gettext(message, lang)
        assert translated != message, message
        assert _fields(translated) == _fields(message), message
        for word in ENGLISH:
            assert word not in translated, (word, message)
