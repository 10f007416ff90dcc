"""The columnar evaluator gives exactly the scalar reference evaluator's assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senim.law import assess_compiled, assess_many_compiled, default_catalog
from senim.law.batch import STATUS_CODES
from senim.profile import parse_profile
from tests.helpers import profile_data
from tests.law.test_property import profiles

CAT = default_catalog()
REFS = [f"{pid}@{v}" for pid in CAT.pack_ids() for v in CAT.versions(pid)]


def _check(raw: list[dict[str, Any]], as_of: dt.date, lang: str) -> None:
    packs = [CAT.resolve(ref, as_of) for ref in REFS]
    items = [parse_profile({**d, "id": f"s{i}"}) for i, d in enumerate(raw)]
    batch = assess_many_compiled(items, packs, as_of=as_of, lang=lang)
    assert len(batch) == len(items)
    for i, p in enumerate(items):
        expected = assess_compiled(p, packs, as_of=as_of, lang=lang).to_dict()
        assert batch[i].to_dict() == expected
        for k, pack in enumerate(packs):
            result = expected["results"][k]
            statuses = {o["rule"]: o["status"] for o in result["obligations"]}
            matrix = batch.status_matrix(pack.ref)
            for rule_id, column in matrix.items():
                assert column[i] == statuses.get(rule_id), (pack.ref, rule_id)
            for name, column in batch.classification(pack.ref).items():
                assert column[i] == result["classification"].get(name), (pack.ref, name)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    raw=st.lists(profiles(), min_size=1, max_size=12),
    as_of=st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2029, 1, 1)),
    lang=st.sampled_from(["kk", "ru", "en"]),
)
def test_batch_equals_scalar_on_random_profiles(raw: list[dict[str, Any]], as_of: dt.date, lang: str) -> None:
    _check(raw, as_of, lang)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_batch_equals_scalar_on_the_base_profile_and_variants(lang: str) -> None:
    raw = [
        profile_data(),
        profile_data(
            **{
                "capabilities.emotion_recognition": True,
                "capabilities.emotion_recognition_setting": "workplace",
            }
        ),
        profile_data(
            **{"eu_high_risk.annex_iii": ["5b", "4a"], "eu_high_risk.profiles_natural_persons": True}
        ),
        profile_data(
            **{
                "jurisdiction.kz": False,
                "jurisdiction.eu.placed_on_market": False,
                "jurisdiction.eu.output_used_in_eu": False,
            }
        ),
        profile_data(**{"personal_data.processed": True, "personal_data.unique_subjects": 600000}),
        # explanations built from every template: overdue, unknown roles, exceptions relied on or
        # open, a future prohibition
        profile_data(**{"governance.risk_register_reviewed_on": "2024-01-01"}),
        profile_data(**{"roles.kz": None, "roles.eu": None}),
        profile_data(
            **{"capabilities.social_scoring": True, "capabilities.social_scoring_legal_basis": True}
        ),
        profile_data(
            **{"capabilities.social_scoring": True, "capabilities.social_scoring_legal_basis": None}
        ),
        profile_data(**{"capabilities.generates_intimate_imagery_of_real_people": True}),
    ]
    for as_of in (dt.date(2026, 11, 26), dt.date(2026, 12, 3)):
        _check(raw, as_of, lang)


def test_empty_batch_and_slices() -> None:
    packs = [CAT.resolve("kz-ai-law", dt.date(2026, 11, 26))]
    assert len(assess_many_compiled([], packs, as_of=dt.date(2026, 11, 26))) == 0
    items = [parse_profile(profile_data(id=f"s{i}")) for i in range(3)]
    batch = assess_many_compiled(items, packs, as_of=dt.date(2026, 11, 26))
    assert [a.system for a in batch[1:]] == ["s1", "s2"]
    assert batch[-1].system == "s2"
    assert set(STATUS_CODES[1:]) == {"met", "unmet", "unknown", "not_yet_applicable"}
