"""Incident clocks come from the packs' ``notify`` rules with an ``incident`` trigger (no database needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from senim.law import Catalog, PackError, default_catalog, load_pack_file
from senim.profile import SystemProfile
from senim.registry import services
from senim.registry.models import HARM_TYPES, Incident
from tests.helpers import DELETE, make_profile

KZ = services.KZ_TIME
FIXTURES = Path(__file__).parents[1] / "law" / "fixtures" / "packs"
DEMO = FIXTURES / "incident-demo" / "2026-01-01.yaml"
# A Wednesday after every Art. 73 clock applies (Annex III from 2 Dec 2027, Annex I from 2 Aug 2028 under the
# Digital Omnibus); no holiday within 15 days.
AWARE = dt.datetime(2028, 11, 15, 10, 0, tzinfo=KZ)

# The expectations, written down independently of the packs: (regime, article, deadline in KZ time).
KZ_BREACH = ("kz-personal-data", "25", dt.datetime(2028, 11, 16, 10, 0, tzinfo=KZ))
EU_15 = ("eu-ai-act", "73(2)", AWARE + dt.timedelta(days=15))
EU_10 = ("eu-ai-act", "73(4)", AWARE + dt.timedelta(days=10))
EU_2 = ("eu-ai-act", "73(3)", AWARE + dt.timedelta(days=2))
EU_BY_HARM = {
    "health": EU_15,
    "safety": None,  # not a serious-incident harm of Art. 3(49)
    "rights": EU_15,
    "property": EU_15,
    "personal_data_breach": None,
    "death": EU_10,
    "critical_infrastructure": EU_2,
    "widespread_infringement": EU_2,
    "environment": EU_15,
}
ONLY_KZ = {"jurisdiction.eu.placed_on_market": False, "jurisdiction.eu.output_used_in_eu": False}
ONLY_EU = {"jurisdiction.kz": False}
HIGH_RISK = {"eu_high_risk.annex_iii": ["4a"]}  # Annex III 4(a): employment


def _incident(harms: list[str], aware: dt.datetime = AWARE) -> Incident:
    return Incident(title="x", harm_types=harms, aware_at=aware)


def _clocks(
    harms: list[str], profile: SystemProfile | None, aware: dt.datetime = AWARE, **kw: Any
) -> list[tuple[str, str, dt.datetime]]:
    return [
        (c.regime, c.article, c.deadline)
        for c in services.incident_clocks(_incident(harms, aware), profile, **kw)
    ]


def test_every_harm_type_is_covered() -> None:
    assert set(EU_BY_HARM) == set(HARM_TYPES)


@pytest.mark.parametrize("harm", HARM_TYPES)
@pytest.mark.parametrize("case", ["kz", "kz-high-risk", "eu", "eu-high-risk", "no-profile"])
def test_clock_table(harm: str, case: str) -> None:
    kz_clock = [KZ_BREACH] if harm == "personal_data_breach" else []
    eu_clock = [EU_BY_HARM[harm]] if EU_BY_HARM[harm] else []
    overrides = {**(ONLY_KZ if case.startswith("kz") else ONLY_EU), **(HIGH_RISK if "high" in case else {})}
    profile = None if case == "no-profile" else make_profile(**overrides)
    expected = {
        "kz": kz_clock,
        "kz-high-risk": kz_clock,  # outside the EU: no Art. 73 clock even for a high-risk system
        "eu": [],  # Art. 73 binds providers of high-risk systems only
        "eu-high-risk": eu_clock,
        "no-profile": kz_clock + eu_clock,  # nothing known: every clock the harm triggers
    }[case]
    assert _clocks([harm], profile) == expected


def test_eu_clock_needs_the_provider_role() -> None:
    deployer = make_profile(**ONLY_EU, **HIGH_RISK, **{"roles.eu": ["deployer"]})
    assert _clocks(["death"], deployer) == []
    unknown_roles = make_profile(**ONLY_EU, **HIGH_RISK, **{"roles.eu": DELETE})
    assert _clocks(["death"], unknown_roles) == [EU_10]  # unknown: kept


def test_shortest_clock_in_a_group_wins() -> None:
    profile = make_profile(**HIGH_RISK)
    assert _clocks(["health", "death", "critical_infrastructure"], profile) == [EU_2]
    assert _clocks(["health", "death"], profile) == [EU_10]
    assert _clocks(["personal_data_breach", "rights"], profile) == [KZ_BREACH, EU_15]


def test_breach_clock_counts_kazakh_working_days_in_kz_time() -> None:
    # Friday 02:00 in Almaty is Thursday 21:00 UTC: counted in UTC the deadline would be Friday.
    aware = dt.datetime(2026, 11, 19, 21, 0, tzinfo=dt.UTC)
    [clock] = services.incident_clocks(_incident(["personal_data_breach"], aware), make_profile(**ONLY_KZ))
    assert clock.deadline == dt.datetime(2026, 11, 23, 2, 0, tzinfo=KZ)  # Monday, over the weekend
    assert clock.basis == "1 working day from detection [S]"
    assert clock.what == "notify the authorised body of the personal-data breach"
    eu = services.incident_clocks(_incident(["health"], AWARE), None)[-1]
    # the verification mark comes from the rule: [S] in the consolidated text after the Digital Omnibus
    assert eu.deadline == AWARE + dt.timedelta(days=15) and eu.basis == "15 days from awareness [S]"


@pytest.mark.parametrize(
    ("aware", "annex_iii", "annex_i"),
    [
        # the original text applied Art. 73 from 2 Aug 2026, but the consolidated text (in force from
        # 27 Jul 2026) moved it before that date came: no EU clock for an incident now
        (dt.datetime(2026, 3, 2, 9, 0, tzinfo=KZ), False, False),
        (dt.datetime(2026, 11, 27, 9, 0, tzinfo=KZ), False, False),
        (dt.datetime(2027, 12, 1, 23, 59, tzinfo=KZ), False, False),
        (dt.datetime(2027, 12, 2, 0, 0, tzinfo=KZ), True, False),  # Annex III duties apply
        (dt.datetime(2028, 8, 1, 12, 0, tzinfo=KZ), True, False),
        (dt.datetime(2028, 8, 2, 0, 0, tzinfo=KZ), True, True),  # Annex I (Art. 6(1)) duties apply
    ],
)
def test_no_clock_before_the_reporting_duty_applies(
    aware: dt.datetime, annex_iii: bool, annex_i: bool
) -> None:
    """A notify rule counts from the day it applies (its effective_from), judged on the awareness date:
    an incident noticed before then starts no statutory clock, so nothing shows as due or overdue."""
    high_risk = make_profile(**ONLY_EU, **HIGH_RISK)
    product = make_profile(
        **ONLY_EU,
        **{
            "eu_high_risk.annex_i.product_or_safety_component": True,
            "eu_high_risk.annex_i.third_party_conformity_assessment": True,
            "eu_high_risk.annex_i.legislation": "medical_devices",
        },
    )
    expected_iii = [("eu-ai-act", "73(4)", aware + dt.timedelta(days=10))] if annex_iii else []
    expected_i = [("eu-ai-act", "73(4)", aware + dt.timedelta(days=10))] if annex_i else []
    assert _clocks(["death"], high_risk, aware=aware) == expected_iii
    assert _clocks(["death"], product, aware=aware) == expected_i
    # the Kazakh breach clock applies throughout (the personal-data pack is in force on every date here)
    breach = _clocks(["personal_data_breach"], make_profile(**ONLY_KZ), aware=aware)
    assert [regime for regime, _, _ in breach] == ["kz-personal-data"]


def test_the_packs_hold_the_triggers() -> None:
    cat = default_catalog()
    kz = cat.resolve("kz-personal-data", AWARE.date()).by_id
    assert kz["KZ-PD-25-BREACH"].incident is not None
    assert kz["KZ-PD-25-BREACH-SUBJECTS"].incident is None  # no clock in the digest: no deadline shown
    for version in cat.versions("eu-ai-act"):
        eu = cat.load("eu-ai-act", version).by_id
        groups = {eu[f"EU-AIA-73-{n}"].incident.group for n in (2, 3, 4)}  # type: ignore[union-attr]
        assert groups == {"eu-serious"}


# --------------------------------------------------------------------------- a custom pack


CUSTOM = Catalog([FIXTURES])


@pytest.mark.parametrize(
    ("harms", "overrides", "expected"),
    [
        # no profile: every triggered rule, the shortest of the group "safety" wins
        (["safety"], None, [("9(2)", AWARE + dt.timedelta(days=1))]),
        # the severe rule's condition is false: the 3-day clock
        (["safety"], {"failure_impact": "minimal"}, [("9(1)", AWARE + dt.timedelta(days=3))]),
        # the condition is unknown: kept, and it wins
        (["safety"], {"failure_impact": DELETE}, [("9(2)", AWARE + dt.timedelta(days=1))]),
        (["environment"], {"failure_impact": "minimal"}, []),
        # a rule for data-library owners: not this system's role; with no profile, 2 working days
        (["property"], {}, []),
        (["property"], None, [("9(3)", dt.datetime(2028, 11, 17, 10, 0, tzinfo=KZ))]),
        (["death"], None, []),
    ],
)
def test_custom_pack_maps_harms_to_clocks(
    harms: list[str], overrides: dict[str, Any] | None, expected: list[tuple[str, dt.datetime]]
) -> None:
    profile = None if overrides is None else make_profile(**overrides)
    got = _clocks(harms, profile, catalog=CUSTOM)
    assert [(article, deadline) for regime, article, deadline in got] == expected
    assert {regime for regime, _, _ in got} <= {"incident-demo"}


def test_custom_pack_clock_text_comes_from_the_rule() -> None:
    [clock] = services.incident_clocks(_incident(["property"]), None, catalog=CUSTOM)
    assert clock.what == "A duty of data-library owners only"
    assert clock.basis == "2 working days from detection [U]"


def test_custom_pack_jurisdiction_and_dates() -> None:
    # the pack's jurisdiction is kz: a system outside Kazakhstan gets none of its clocks
    assert _clocks(["safety"], make_profile(**{"jurisdiction.kz": False}), catalog=CUSTOM) == []
    # before the first version a date falls back to the earliest version, as assessments do, whose
    # rules apply from its valid_from: no clock before that day, one from that day on
    early = dt.datetime(2025, 6, 1, 9, 0, tzinfo=KZ)
    assert _clocks(["safety"], None, aware=early, catalog=CUSTOM) == []
    first = dt.datetime(2026, 1, 1, 9, 0, tzinfo=KZ)
    assert _clocks(["safety"], None, aware=first, catalog=CUSTOM) == [
        ("incident-demo", "9(2)", first + dt.timedelta(days=1))
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("incident: {harm_types: [safety], group: safety}", "incident: {harm_types: []}", "harm_types"),
        ("incident: {harm_types: [property]}", "incident: {harm_types: [Property]}", "invalid harm type"),
        ("incident: {harm_types: [property]}", "incident: {harm_types: [a, a]}", "duplicate harm type"),
        ("incident: {harm_types: [property]}", "incident: {harm_types: [a], group: A}", "group"),
        ("incident: {harm_types: [property]}", "incident: {harm_types: [a], when: x}", "unknown key"),
        (
            'effect: notify\n    title: {kk: "Ұстаушы"',
            'effect: obligation\n    title: {kk: "Ұстаушы"',
            "incident belongs to notify rules",
        ),
    ],
)
def test_incident_trigger_is_validated(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = DEMO.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "2026-01-01.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError, match=message) as exc:
        load_pack_file(bad)
    assert exc.value.line is not None


def test_annex_i_products_get_the_eu_clocks_too() -> None:
    product = make_profile(
        **ONLY_EU,
        **{
            "eu_high_risk.annex_i.product_or_safety_component": True,
            "eu_high_risk.annex_i.third_party_conformity_assessment": True,
            "eu_high_risk.annex_i.legislation": "medical_devices",
        },
    )
    assert _clocks(["death"], product) == [EU_10]
    assert _clocks(["health", "critical_infrastructure"], product) == [EU_2]
    cat = default_catalog()
    for version in cat.versions("eu-ai-act"):
        eu = cat.load("eu-ai-act", version).by_id
        for n in (2, 3, 4):
            trigger = eu[f"EU-AIA-73-{n}-ANNEX-I"].incident
            assert trigger is not None and trigger == eu[f"EU-AIA-73-{n}"].incident
