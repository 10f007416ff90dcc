"""The condition language: parsing, type checks, three-valued evaluation and explanations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from senim.law.conditions import ConditionError, FactType, compile_condition, explain, unknown_fields
from senim.profile.fields import profile_fields

FACTS = {"risk_level": FactType("enum", ("minimal", "medium", "high")), "flag": FactType("bool")}


class Ctx:
    def __init__(self, values: dict[str, Any], facts: dict[str, Any] | None = None) -> None:
        self.values = dict.fromkeys(profile_fields())
        self.values.update(values)
        self.facts = facts or {}
        self.as_of = dt.date(2026, 11, 26)

    def fact(self, name: str) -> Any:
        return self.facts.get(name)

    def fired(self, rule_id: str) -> bool | None:
        return {"R-TRUE": True, "R-FALSE": False}.get(rule_id)

    def any_fired(self, effect: str) -> bool | None:
        return effect == "prohibit"


def run(source: str, values: dict[str, Any] | None = None, facts: dict[str, Any] | None = None) -> Any:
    compiled = compile_condition(
        source, fields=profile_fields(), facts=FACTS, rule_ids=["R-TRUE", "R-FALSE", "R-X"]
    )
    return compiled(Ctx(values or {}, facts))


SM = "capabilities.social_scoring"
LB = "capabilities.social_scoring_legal_basis"


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        # Kleene truth tables
        (f"{SM} == true and {LB} == true", {SM: True, LB: True}, True),
        (f"{SM} == true and {LB} == true", {SM: True, LB: None}, None),
        (f"{SM} == true and {LB} == true", {SM: False, LB: None}, False),
        (f"{SM} == true or {LB} == true", {SM: None, LB: True}, True),
        (f"{SM} == true or {LB} == true", {SM: None, LB: False}, None),
        (f"{SM} == true or {LB} == true", {SM: False, LB: False}, False),
        (f"not {SM}", {SM: None}, None),
        (f"not {SM}", {SM: False}, True),
        (f"{SM} and not {LB}", {SM: True, LB: False}, True),
        # definite null tests
        (f"{SM} == null", {SM: None}, True),
        (f"{SM} != null", {SM: None}, False),
        (f"answered({SM})", {SM: False}, True),
        (f"{SM} != true", {SM: None}, None),
        # enumerations and membership
        ("failure_impact == 'minimal'", {"failure_impact": "minimal"}, True),
        ("failure_impact in ['minimal', 'reduced_efficiency_or_harm']", {"failure_impact": "minimal"}, True),
        ("failure_impact not in ['minimal']", {"failure_impact": "minimal"}, False),
        ("failure_impact in ['minimal']", {}, None),
        ("'owner' in roles.kz", {"roles.kz": ("owner", "holder")}, True),
        ("'user' in roles.kz", {"roles.kz": ("owner",)}, False),
        ("'user' in roles.kz", {}, None),
        ("any_of(roles.kz, ['user', 'holder'])", {"roles.kz": ("holder",)}, True),
        ("all_of(roles.kz, ['owner', 'holder'])", {"roles.kz": ("holder",)}, False),
        ("count(interaction.generates_content) > 0", {"interaction.generates_content": ()}, False),
        ("count(interaction.generates_content) > 0", {}, None),
        # numbers and dates
        ("personal_data.unique_subjects >= 500000", {"personal_data.unique_subjects": 500000}, True),
        ("gpai.training_flops > 1e25", {"gpai.training_flops": 3e25}, True),
        ("gpai.training_flops > 1e25", {"gpai.training_flops": 1e25}, False),
        ("placed_on_market < date('2025-08-02')", {"placed_on_market": dt.date(2025, 3, 1)}, True),
        ("placed_on_market < date('2025-08-02')", {}, None),
        ("$as_of >= date('2026-01-18')", {}, True),
        # facts and rules
        ("$risk_level == 'high'", {}, None),
        ("$flag", {}, None),
        ("fired('R-TRUE') and not fired('R-FALSE')", {}, True),
        ("fired('R-X')", {}, None),
        ("any_fired('prohibit')", {}, True),
        ("(true or false) and not (false)", {}, True),
    ],
)
def test_evaluation(source: str, values: dict[str, Any], expected: Any) -> None:
    assert run(source, values, {"risk_level": None}) is expected


def test_fact_values() -> None:
    assert run("$risk_level == 'high'", facts={"risk_level": "high"}) is True


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "capabilities.emotion_recogniton == true",
            "unknown profile field 'capabilities.emotion_recogniton'",
        ),
        ("failure_impact == 'hgh'", "'hgh' is not a possible value"),
        ("failure_impact in ['minimal', 'huge']", "'huge' is not a possible value"),
        ("'boss' in roles.kz", "'boss' is not a possible item"),
        ("any_of(roles.kz, ['boss'])", "'boss' is not a possible item"),
        ("$unknown_fact", "unknown fact $unknown_fact"),
        ("$risk_level == 'extreme'", "'extreme' is not a possible value"),
        ("frobnicate(1)", "unknown function frobnicate()"),
        ("fired('NOPE')", "fired() of unknown rule 'NOPE'"),
        ("any_fired('forbid')", "any_fired() needs an effect"),
        ("capabilities.social_scoring ==", "expected a value"),
        ("(capabilities.social_scoring", "expected ')'"),
        ("capabilities.social_scoring true", "unexpected 'true'"),
        ("failure_impact", "expected a true/false condition"),
        ("roles.kz == 'owner'", "lists are compared with 'in'"),
        ("failure_impact < 'minimal'", "needs two numbers or two dates"),
        ("personal_data.unique_subjects == 'many'", "cannot compare a number with a str"),
        ("capabilities.social_scoring @ true", "unexpected character '@'"),
        ("date('2026-13-01') == placed_on_market", "invalid date"),
        ("roles.kz in ['owner']", "use any_of()"),
        ("true and " * 2000 + "true", "longer than"),
        ("not " * 100 + "true", "nested too deeply"),
        ("__import__('os') == 1", "unknown function __import__()"),
    ],
)
def test_errors(source: str, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        compile_condition(source, fields=profile_fields(), facts=FACTS, rule_ids=["R-TRUE"])
    assert message in str(info.value)


def test_error_column_points_at_the_problem() -> None:
    with pytest.raises(ConditionError) as info:
        compile_condition(
            "capabilities.social_scoring == true and failure_impact == 'hgh'",
            fields=profile_fields(),
            facts=FACTS,
        )
    assert info.value.column is not None and info.value.column > 30


def test_explain_names_only_decisive_answers() -> None:
    c = compile_condition(
        f"{SM} == true and {LB} != true or capabilities.manipulation == true",
        fields=profile_fields(),
        facts=FACTS,
    )
    ctx = Ctx({SM: True, LB: False, "capabilities.manipulation": False})
    assert explain(c.ast, ctx) == [f"{SM} = true", f"{LB} = false"]
    ctx = Ctx({SM: False, LB: False, "capabilities.manipulation": True})
    assert explain(c.ast, ctx) == ["capabilities.manipulation = true"]


def test_unknown_fields_skip_branches_that_cannot_decide() -> None:
    c = compile_condition(
        f"({SM} == true and {LB} == true) or capabilities.manipulation == true",
        fields=profile_fields(),
        facts=FACTS,
    )
    ctx = Ctx({SM: None, LB: False, "capabilities.manipulation": None})
    assert unknown_fields(c.ast, ctx, lambda k: set()) == {"capabilities.manipulation"}
    ctx = Ctx({SM: None, LB: True, "capabilities.manipulation": None})
    assert unknown_fields(c.ast, ctx, lambda k: set()) == {SM, "capabilities.manipulation"}
