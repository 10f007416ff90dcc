"""Property: the evaluator never crashes on any schema-valid profile, and its output keeps the contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senim.law import assess, default_catalog
from senim.profile import parse_profile
from senim.profile.fields import FieldSpec, profile_fields

STATUSES = {"met", "unmet", "unknown", "not_yet_applicable"}


def _value(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "enum":
        return st.sampled_from(spec.values or ())
    if spec.kind == "int":  # within the model's bounds (logs: at most 1200 months)
        return st.integers(min_value=0, max_value=1200 if spec.path.endswith("_months") else 10**8)
    if spec.kind == "float":
        return st.floats(min_value=0, max_value=1e27, allow_nan=False)
    if spec.kind == "date":
        return st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))
    if spec.kind == "list":
        if spec.values:
            return st.lists(st.sampled_from(spec.values), unique=True, max_size=len(spec.values))
        return st.lists(st.sampled_from(["KZ", "RU", "US", "DE", "CN"]), unique=True, max_size=3)
    if spec.path == "organization.bin":
        return st.sampled_from(["990340005977"])
    if spec.path.endswith("country"):
        return st.sampled_from(["KZ", "DE", "US"])
    return st.text(max_size=20)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": "senim/system-profile/v1", "id": "generated"}
    for path, spec in profile_fields().items():
        if path == "id" or draw(st.booleans()):
            continue  # unanswered
        node = data
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = draw(_value(spec))
    return data


REFS = [f"{pid}@{v}" for pid in default_catalog().pack_ids() for v in default_catalog().versions(pid)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=profiles(),
    as_of=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    lang=st.sampled_from(["kk", "ru", "en"]),
)
def test_never_crashes_and_keeps_the_contract(data: dict[str, Any], as_of: dt.date, lang: str) -> None:
    profile = parse_profile(data)
    out = assess(profile, packs=REFS, as_of=as_of, lang=lang).to_dict()
    assert out["schema"] == "senim/assessment/v1"
    assert len(out["results"]) == len(REFS)
    fields = set(profile_fields())
    for result in out["results"]:
        for ob in result["obligations"]:
            assert ob["status"] in STATUSES
            if ob["status"] == "not_yet_applicable":
                assert ob["due"] is not None and ob["due"] > as_of.isoformat()
        for q in result["open_questions"]:
            assert q["field"] in fields
            assert q["needed_by"]
        rules = {f["rule"] for f in result["prohibited"]}
        assert len(rules) == len(result["prohibited"])
