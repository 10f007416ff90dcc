"""The penalty section of a finding follows the assessment's language.

The amounts, units, size classes and the sentences around them are gettext templates (filled in
after translation); the instrument comes translated from the pack. English stays byte-identical.
"""

from __future__ import annotations

from typing import Any

import pytest

from senim.i18n import gettext
from tests.helpers import DELETE, assess_pack, finding

KZ = "kz-ai-law"
EU = "eu-ai-act"
PD = "kz-personal-data"
NO_SIZE: dict[str, Any] = {"organization.size": DELETE, "governance.suspension_procedure": False}
SIZED: dict[str, Any] = {"governance.suspension_procedure": False}
SOCIAL: dict[str, Any] = {"capabilities.social_scoring": True}
CONSENT: dict[str, Any] = {
    "personal_data.processed": True,
    "personal_data.unique_subjects": 600000,
    "personal_data.consent_obtained": False,
}
ENGLISH = [
    "whichever",
    "repeat within a year",
    "first/repeat",
    "unanswered",
    "worldwide",
    "turnover",
    "for SMEs",
    "MCI",
    "Code of",
    "Regulation",
    "individual",
    "small:",
    "medium:",
    "large:",
    "€",
]


def _penalty(pack: str, section: str, rule: str, lang: str, **overrides: Any) -> dict[str, Any]:
    pen: dict[str, Any] = finding(assess_pack(pack, lang=lang, **overrides)[section], rule)["penalty"]
    return pen


def _no_english(pen: dict[str, Any]) -> None:
    for key in ("instrument", "first", "repeat", "max", "note"):
        text = pen.get(key)
        if text is None:
            continue
        for word in ENGLISH:
            assert word not in text, (key, word, text)


# (pack, section, rule, overrides, key, en, kk, ru)
CASES: list[tuple[str, str, str, dict[str, Any], str, str, str, str]] = [
    (
        KZ,
        "obligations",
        "KZ-AI-18-2",
        SIZED,
        "max",
        "100 MCI (repeat within a year: 200 MCI)",
        "100 АЕК (бір жыл ішінде қайталап жасалған жағдайда: 200 АЕК)",
        "100 МРП (при повторном нарушении в течение года: 200 МРП)",
    ),
    (KZ, "obligations", "KZ-AI-18-2", SIZED, "first", "100 MCI", "100 АЕК", "100 МРП"),
    (KZ, "obligations", "KZ-AI-18-2", SIZED, "repeat", "200 MCI", "200 АЕК", "200 МРП"),
    (
        KZ,
        "obligations",
        "KZ-AI-18-2",
        NO_SIZE,
        "max",
        "individual: 15/30 MCI; small: 20/50 MCI; medium: 30/70 MCI; large: 100/200 MCI "
        "(first/repeat; organization.size unanswered)",
        "жеке кәсіпкер: 15/30 АЕК; шағын кәсіпкерлік субъектісі: 20/50 АЕК; "
        "орта кәсіпкерлік субъектісі: 30/70 АЕК; ірі кәсіпкерлік субъектісі: 100/200 АЕК "
        "(бірінші рет / қайталап; organization.size сұрағына жауап берілмеген)",
        "индивидуальный предприниматель: 15/30 МРП; субъект малого предпринимательства: 20/50 МРП; "
        "субъект среднего предпринимательства: 30/70 МРП; субъект крупного предпринимательства: 100/200 МРП "
        "(впервые / повторно; на вопрос organization.size ответ не дан)",
    ),
    (
        KZ,
        "obligations",
        "KZ-AI-18-2",
        SIZED,
        "instrument",
        "КоАП РК (Code of the Republic of Kazakhstan on Administrative Offences)",
        "ҚР ӘҚБтК (Қазақстан Республикасының Әкімшілік құқық бұзушылық туралы кодексі)",
        "КоАП РК (Кодекс Республики Казахстан об административных правонарушениях)",
    ),
    (
        EU,
        "prohibited",
        "EU-AIA-5-1-C",
        {**SOCIAL, "organization.sme": False},
        "max",
        "€35,000,000 or 7% of worldwide annual turnover, whichever is higher",
        "35 000 000 еуро немесе дүниежүзілік жылдық айналымның 7 %-ы, қайсысы көп болса",
        "35 000 000 евро или 7 % мирового годового оборота, в зависимости от того, что больше",
    ),
    (
        EU,
        "prohibited",
        "EU-AIA-5-1-C",
        {**SOCIAL, "organization.sme": True},
        "max",
        "€35,000,000 or 7% of worldwide annual turnover, whichever is lower",
        "35 000 000 еуро немесе дүниежүзілік жылдық айналымның 7 %-ы, қайсысы аз болса",
        "35 000 000 евро или 7 % мирового годового оборота, в зависимости от того, что меньше",
    ),
    (
        EU,
        "prohibited",
        "EU-AIA-5-1-C",
        {**SOCIAL, "organization.sme": None},
        "max",
        "€35,000,000 or 7% of worldwide annual turnover, whichever is higher "
        "(for SMEs the lower; organization.sme unanswered)",
        "35 000 000 еуро немесе дүниежүзілік жылдық айналымның 7 %-ы, қайсысы көп болса "
        "(ШОК үшін — қайсысы аз болса; organization.sme сұрағына жауап берілмеген)",
        "35 000 000 евро или 7 % мирового годового оборота, в зависимости от того, что больше "
        "(для МСП — что меньше; на вопрос organization.sme ответ не дан)",
    ),
    (
        EU,
        "prohibited",
        "EU-AIA-5-1-C",
        SOCIAL,
        "instrument",
        "Regulation (EU) 2024/1689",
        "(ЕО) 2024/1689 Регламенті",
        "Регламент (ЕС) 2024/1689",
    ),
    (PD, "obligations", "KZ-PD-7-1", CONSENT, "first", "1000 MCI", "1000 АЕК", "1000 МРП"),
    (PD, "obligations", "KZ-PD-7-1", CONSENT, "instrument", "КоАП РК", "ҚР ӘҚБтК", "КоАП РК"),
]


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize(
    ("pack", "section", "rule", "overrides", "key", "en", "kk", "ru"),
    CASES,
    ids=[f"{c[2]}-{c[4]}-{i}" for i, c in enumerate(CASES)],
)
def test_penalty_texts(
    lang: str,
    pack: str,
    section: str,
    rule: str,
    overrides: dict[str, Any],
    key: str,
    en: str,
    kk: str,
    ru: str,
) -> None:
    pen = _penalty(pack, section, rule, lang, **overrides)
    assert pen[key] == {"en": en, "kk": kk, "ru": ru}[lang]
    if lang != "en":
        _no_english(pen)


def test_the_machine_fields_do_not_change_with_the_language() -> None:
    pens = [_penalty(KZ, "obligations", "KZ-AI-18-2", lang, **SIZED) for lang in ("en", "kk", "ru")]
    for pen in pens:
        assert (pen["ref"], pen["article"], pen["verification"], pen["size"]) == (
            "KOAP-641-1",
            "641-1",
            "S",
            "large",
        )


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_penalty_template_is_translated(lang: str) -> None:
    from senim.law.engine import _SIZE_AMOUNTS, _UNIT_AMOUNTS

    templates = {
        *_SIZE_AMOUNTS.values(),
        *_UNIT_AMOUNTS.values(),
        "€{amount}",
        "{first} (repeat within a year: {repeat})",
        "{amounts} (first/repeat; {field} unanswered)",
        "{fixed} or {pct}% of worldwide annual turnover, whichever is higher",
        "{fixed} or {pct}% of worldwide annual turnover, whichever is lower",
        "{max} (for SMEs the lower; {field} unanswered)",
    }
    for message in sorted(templates):
        translated = gettext(message, lang)
        assert translated != message, message
        for word in ENGLISH:
            assert word not in translated, (word, message)
