"""The rule-pack condition language: parse, type-check, compile, evaluate, explain.

Input: the first byte chooses a boolean condition or a value expression (bit 0) and the profile
to evaluate against (bit 1: an example profile, or one with every field unanswered); the rest is the
expression (UTF-8, undecodable bytes replaced).

Expected: :class:`senim.law.ConditionError` from ``compile_condition``. Anything else, or a boolean
condition evaluating to something other than ``True``/``False``/``None`` (unknown), is a crash.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import ROOT, instrumented, main

with instrumented():
    from senim.law.conditions import ConditionError, FactType, compile_condition, explain, unknown_fields
    from senim.law.engine import flatten_profile
    from senim.profile.fields import profile_fields
    from senim.profile.io import load_profile, parse_profile

_FIELDS = profile_fields()
_FACTS: dict[str, FactType] = {
    "flag": FactType("bool"),
    "risk_level": FactType("enum", ("minimal", "medium", "high")),
    "count": FactType("int"),
    "ratio": FactType("float"),
    "since": FactType("date"),
    "name": FactType("str"),
    "tags": FactType("list"),
    "anything": FactType("any"),
}
_FACT_VALUES: dict[str, Any] = {
    "flag": True,
    "risk_level": "high",
    "count": 3,
    "ratio": 0.5,
    "since": dt.date(2026, 1, 18),
    "name": "x",
    "tags": ("a", "b"),
    "anything": None,
}
_RULES = frozenset({"R-1", "R-2", "DEMO-HIGH"})
_PROFILES = (
    flatten_profile(load_profile(ROOT / "examples" / "profiles" / "credit-scoring.yaml")),
    flatten_profile(parse_profile({"schema": "senim/system-profile/v1", "id": "empty"})),
)


class _Context:
    """A fixed evaluation context (what the engine's evaluator provides)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.as_of = dt.date(2026, 6, 1)

    def fact(self, name: str) -> Any:
        return _FACT_VALUES[name]

    def fired(self, rule_id: str) -> bool | None:
        return {"R-1": True, "R-2": None}.get(rule_id, False)

    def any_fired(self, effect: str) -> bool | None:
        return None if effect == "obligation" else effect == "prohibit"


def test_one_input(data: bytes) -> None:
    if not data:
        return
    want_bool = not data[0] & 1
    ctx = _Context(_PROFILES[(data[0] >> 1) & 1])
    source = data[1:].decode("utf-8", "replace")
    try:
        compiled = compile_condition(
            source, fields=_FIELDS, facts=_FACTS, rule_ids=_RULES, want_bool=want_bool
        )
    except ConditionError as exc:
        str(exc)
        return
    value = compiled(ctx)
    if want_bool and value not in (True, False, None):
        raise AssertionError(f"a boolean condition evaluated to a {type(value).__name__}")
    explain(compiled.ast, ctx)
    unknown_fields(compiled.ast, ctx, lambda _fact: set())


if __name__ == "__main__":
    main(test_one_input)
