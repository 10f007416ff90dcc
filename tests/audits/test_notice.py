"""Decision notices: content in three languages, directions, contacts, hashes, HTML safety."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from html.parser import HTMLParser

import pytest

from senim.audits.errors import AuditInputError
from senim.audits.explain import Attribution, RowExplanation
from senim.audits.notice import (
    LANGS,
    SEPARATOR,
    canonical_text,
    decision_notice,
    format_value,
    notice_messages,
    verify_notice,
)

ROW = RowExplanation(
    row=7,
    prediction=0.31,
    outcome=0,
    attributions=[
        Attribution("loan_amount", 5_923_000.0, -0.42),
        Attribution("income", 250_000.0, 0.30),
        Attribution("debt_to_income", 0.4, -0.12),
        Attribution("employment", "employed", 0.01),
        Attribution("credit_history_years", 2.5, 0.0),
    ],
    base_value=0.55,
    output_value=0.32,
    explained_class=1,
    output="probability",
)
SYSTEM = {
    "name": "Retail credit scoring",
    "organization": {"name": "Example Bank JSC"},
    "contact": "review@example.kz, +7 727 000 00 00",
    "human_review": {
        "en": "write to review@example.kz and ask for a credit officer",
        "ru": "напишите на review@example.kz и попросите, чтобы решение пересмотрел кредитный специалист",
        "kk": "review@example.kz мекенжайына жазып, кредит маманының қарауын сұраңыз",
    },
    "objection": "a written objection at any branch",
    "deadline_days": 30,
}
LABELS = {
    "en": {
        "income": "Monthly income",
        "loan_amount": "Loan amount",
        "debt_to_income": "Debt-to-income ratio",
    },
    "ru": {
        "income": "Ежемесячный доход",
        "loan_amount": "Сумма кредита",
        "debt_to_income": "Долговая нагрузка",
    },
    "kk": {"income": "Айлық табыс", "loan_amount": "Несие сомасы", "debt_to_income": "Қарыз жүктемесі"},
}
OUTCOMES = {
    "en": {"1": "approved", "0": "declined"},
    "ru": {"1": "одобрено", "0": "отказано"},
    "kk": {"1": "мақұлданды", "0": "бас тартылды"},
}
# (outcome sentence, income raised approval, loan amount lowered it)
EXPECTED = {
    "en": (
        "Decision: declined.",
        "Monthly income (your value: 250,000) made the outcome “approved” more likely.",
        "Loan amount (your value: 5,923,000) made the outcome “approved” less likely.",
    ),
    "ru": (
        "Решение: отказано.",
        "Показатель «Ежемесячный доход» (Ваше значение: 250\u00a0000) повысил вероятность решения "
        "«одобрено».",
        "Показатель «Сумма кредита» (Ваше значение: 5\u00a0923\u00a0000) снизил вероятность решения "
        "«одобрено».",
    ),
    "kk": (
        "Шешім: бас тартылды.",
        "«Айлық табыс» көрсеткіші (Сіздің мәніңіз: 250\u00a0000) «мақұлданды» шешімінің "
        "ықтималдығын арттырды.",
        "«Несие сомасы» көрсеткіші (Сіздің мәніңіз: 5\u00a0923\u00a0000) «мақұлданды» шешімінің "
        "ықтималдығын азайтты.",
    ),
}


def _flat(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text)


class _Checker(HTMLParser):
    """Well-formedness: every non-void element is closed in order."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check_html(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


@pytest.mark.parametrize("lang", LANGS)
def test_notice_states_outcome_factors_contact_id_and_hash(lang: str) -> None:
    notice = decision_notice(
        ROW,
        lang=lang,  # type: ignore[arg-type]
        system=SYSTEM,
        outcome_labels=OUTCOMES[lang],
        feature_labels=LABELS[lang],
        personal_data=["income", "loan_amount", "debt_to_income", "employment"],
        issued=date(2026, 11, 26),
    )
    outcome, up, down = EXPECTED[lang]
    for form in (notice.text, notice.html):
        flat = _flat(form)
        assert outcome in flat
        assert up in flat
        assert down in flat
        assert "review@example.kz, +7 727 000 00 00" in flat
        assert SYSTEM["human_review"][lang] in flat  # type: ignore[index]
        assert "a written objection at any branch" in flat
        assert "Example Bank JSC" in flat
        assert notice.id in flat
        assert notice.sha256 in flat
        assert "7" in flat and "16" in flat  # the articles of the AI law
    assert uuid.UUID(notice.id).version == 4
    assert notice.lang == lang
    # top 3 by |contribution|: loan amount, income, debt-to-income; not employment (0.01)
    assert [f["feature"] for f in notice.data["factors"]] == ["income", "loan_amount", "debt_to_income"]
    assert [f["direction"] for f in notice.data["factors"]] == ["up", "down", "down"]
    assert notice.data["sha256"] == notice.sha256
    json.dumps(notice.data, allow_nan=False)
    assert verify_notice(notice.text, notice.sha256)
    assert verify_notice(notice.html, notice.sha256)
    assert notice.text.rstrip().endswith(notice.sha256)


def test_dates_days_and_numbers_are_localised() -> None:
    texts = {
        lang: _flat(
            decision_notice(ROW, lang=lang, system={"deadline_days": 21}, issued=date(2026, 3, 8)).text  # type: ignore[arg-type]
        )
        for lang in LANGS
    }
    assert "8 March 2026" in texts["en"]
    assert "within 21 days" in texts["en"]
    assert "8 марта 2026 г." in texts["ru"] and "г.." not in texts["ru"]
    assert "в течение 21 дня" in texts["ru"]
    assert "2026 жылғы 8 наурыз" in texts["kk"]
    assert "21 күн ішінде" in texts["kk"]
    ru30 = decision_notice(ROW, lang="ru", system={"deadline_days": 30}).text
    assert "в течение 30 дней" in _flat(ru30)
    assert format_value(0.4, "ru") == "0,4"
    assert format_value(1234.5678, "en") == "1,235"
    assert format_value(12.3456, "kk") == "12,35"
    assert format_value(-0.00123, "en") == "-0.00123"
    assert format_value(True, "ru") == "да"
    assert format_value(float("nan"), "kk") == "көрсетілмеген"


@pytest.mark.parametrize("lang", LANGS)
def test_missing_contacts_give_a_generic_route_not_an_invented_one(lang: str) -> None:
    m = notice_messages(lang)
    with_org = _flat(decision_notice(ROW, lang=lang, system={"owner": "Example Bank JSC"}).text)  # type: ignore[arg-type]
    assert m["review_generic"].format(organisation="Example Bank JSC") in with_org
    assert m["deadline_missing"].format(organisation="Example Bank JSC") in with_org
    assert m["authority"] in with_org
    assert "@" not in with_org
    bare = _flat(decision_notice(ROW, lang=lang, system=None).text)  # type: ignore[arg-type]
    assert m["review_generic_no_org"] in bare
    assert m["deadline_missing_no_org"] in bare
    assert m["authority"] in bare
    assert m["contact"].split(":")[0] not in bare  # no "Contact:" line at all
    assert "@" not in bare
    # without outcome labels the raw outcome is shown; without personal_data, the model's features
    assert m["decision"].format(outcome="0") in bare
    for feature in ("income", "loan_amount", "credit_history_years", "employment"):
        assert f"- {feature}" in decision_notice(ROW, lang=lang, system=None).text  # type: ignore[arg-type]


def test_top_limits_the_factors_and_regression_wording() -> None:
    notice = decision_notice(ROW, lang="en", system=None, top=1)
    assert [f["feature"] for f in notice.data["factors"]] == ["loan_amount"]
    assert "more likely" not in notice.text
    value = RowExplanation(
        row=0,
        prediction=123.0,
        outcome=123.0,
        attributions=[Attribution("income", 10.0, 5.0), Attribution("age", 30, -2.0)],
        explained_class=None,
    )
    text = _flat(decision_notice(value, lang="en", system=None).text)
    assert "income (your value: 10) raised the result." in text
    assert "age (your value: 30) lowered the result." in text
    ru = _flat(decision_notice(value, lang="ru", system=None).text)
    assert "Показатель «income» (Ваше значение: 10) повысил итоговую оценку." in ru
    none = RowExplanation(row=0, prediction=0.5, outcome=1, attributions=[Attribution("x", 1, 0.0)])
    assert notice_messages("kk")["factors_none"] in decision_notice(none, lang="kk", system=None).text


@pytest.mark.parametrize("lang", LANGS)
def test_verify_detects_a_one_character_edit(lang: str) -> None:
    notice = decision_notice(ROW, lang=lang, system=SYSTEM, outcome_labels=OUTCOMES[lang])  # type: ignore[arg-type]
    text, html = notice.text, notice.html
    # change the outcome's first letter / a digit of the loan amount
    label = OUTCOMES[lang]["0"]
    forged_label = ("X" + label[1:]) if label[0] != "X" else ("Y" + label[1:])
    assert verify_notice(text.replace(label, forged_label, 1), notice.sha256) is False
    assert verify_notice(html.replace(label, forged_label, 1), notice.sha256) is False
    i = text.index("923")
    assert verify_notice(text[:i] + "8" + text[i + 1 :], notice.sha256) is False
    j = html.index("923")
    assert verify_notice(html[:j] + "8" + html[j + 1 :], notice.sha256) is False
    k = text.index(notice.id)
    assert verify_notice(text[:k] + "0" + text[k + 1 :], notice.sha256) is (text[k] == "0")
    # re-wrapping and indentation are not changes
    assert verify_notice(text.replace("\n", "\r\n"), notice.sha256)
    assert verify_notice(re.sub(r"\n(?=\S)", "\n   ", text), notice.sha256)
    # the footer is not part of the body; a different hash or a malformed one fails
    assert verify_notice(text, notice.sha256.upper())
    assert not verify_notice(text, "0" * 64)
    assert not verify_notice(text, "not-a-hash")
    assert not verify_notice("<html><body><p>no body</p></body></html>", notice.sha256)
    assert canonical_text(notice.text.split(SEPARATOR)[0]) in canonical_text(notice.text)


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_well_formed_accessible_and_self_contained(lang: str) -> None:
    notice = decision_notice(ROW, lang=lang, system=SYSTEM, feature_labels=LABELS[lang])  # type: ignore[arg-type]
    checker = _check_html(notice.html)
    tags = [t for t, _ in checker.tags]
    assert notice.html.startswith("<!DOCTYPE html>")
    assert checker.tags[0] == ("html", {"lang": lang})
    assert tags.count("h1") == 1 and tags.count("h2") == 6
    assert "main" in tags and "title" in tags
    for _, attrs in checker.tags:
        assert "src" not in attrs and "href" not in attrs  # no external assets or links
    assert "<script" not in notice.html.lower()
    assert "http://" not in notice.html and "https://" not in notice.html


def test_hostile_feature_names_are_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    attr = '" onmouseover="alert(1)'
    row = RowExplanation(
        row=1,
        prediction=0.9,
        outcome="<b>ok</b>",
        attributions=[Attribution(hostile, "<img src=x onerror=alert(1)>", 0.5), Attribution("b", 1, -0.2)],
        explained_class="<b>ok</b>",
    )
    notice = decision_notice(
        row,
        lang="en",
        system={"owner": "Bank & Co <evil>", "contact": "a\nb\x00c"},
        feature_labels={"b": attr},
    )
    checker = _check_html(notice.html)
    assert [t for t, _ in checker.tags if t in {"script", "img", "b"}] == []
    assert "&lt;script&gt;" in notice.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in notice.html
    assert "Bank &amp; Co &lt;evil&gt;" in notice.html
    assert hostile in "".join(checker.text)  # shown as text
    assert "Contact: a b c." in _flat(notice.text)  # control characters do not break lines
    assert verify_notice(notice.html, notice.sha256)
    assert verify_notice(notice.text, notice.sha256)


def test_text_and_html_hash_the_same_words() -> None:
    for lang in LANGS:
        notice = decision_notice(ROW, lang=lang, system=SYSTEM, feature_labels=LABELS[lang])  # type: ignore[arg-type]
        body = notice.text.split(SEPARATOR)[0]
        assert len(canonical_text(body)) > 500
        assert verify_notice(notice.html, notice.sha256) and verify_notice(notice.text, notice.sha256)


def test_bad_input() -> None:
    with pytest.raises(AuditInputError, match="language"):
        decision_notice(ROW, lang="de", system=None)  # type: ignore[arg-type]
    with pytest.raises(AuditInputError, match="top"):
        decision_notice(ROW, lang="en", system=None, top=0)


def test_messages_have_the_same_keys_in_every_language() -> None:
    keys = {lang: set(notice_messages(lang)) for lang in LANGS}
    assert keys["kk"] == keys["ru"] == keys["en"]
    for lang in LANGS:
        assert len(notice_messages(lang)["months"]) == 12


def test_notice_from_a_real_explanation(tmp_path: object) -> None:
    from pathlib import Path

    import skops.io as sio
    from sklearn.linear_model import LogisticRegression

    from senim.audits.data import make_credit_decisions
    from senim.audits.explain import explain
    from senim.audits.models import load_model

    features = ["income", "loan_amount", "credit_history_years", "debt_to_income"]
    df = make_credit_decisions(300, seed=5).to_pandas()
    df[features] = df[features] / df[features].std()
    model = LogisticRegression().fit(df[features], df["y_true"])
    path = Path(str(tmp_path)) / "lr.skops"
    sio.dump(model, path)
    expl = explain(load_model(path), df, rows=[4])
    row = expl.rows[0]
    notice = decision_notice(row, lang="en", system=SYSTEM, outcome_labels=OUTCOMES["en"])
    for factor in notice.data["factors"]:
        contribution = next(a.contribution for a in row.attributions if a.feature == factor["feature"])
        assert (factor["direction"] == "up") == (contribution > 0)
        phrase = "more likely" if contribution > 0 else "less likely"
        assert f"{factor['feature']} (your value:" in notice.text
        assert phrase in notice.text
