"""Law as code: rule packs (data), the condition language and the evaluator."""

from __future__ import annotations

from senim.law.batch import assess_many_compiled
from senim.law.conditions import ConditionError
from senim.law.engine import (
    ASSESSMENT_SCHEMA,
    Assessment,
    Finding,
    OpenQuestion,
    PackEvaluation,
    PackResult,
    assess,
    assess_compiled,
    flatten_profile,
)
from senim.law.packs import Catalog, CompiledPack, CompiledRule, PackError, default_catalog, load_pack_file

__all__ = [
    "ASSESSMENT_SCHEMA",
    "Assessment",
    "Catalog",
    "CompiledPack",
    "CompiledRule",
    "ConditionError",
    "Finding",
    "OpenQuestion",
    "PackError",
    "PackEvaluation",
    "PackResult",
    "assess",
    "assess_compiled",
    "assess_many_compiled",
    "default_catalog",
    "flatten_profile",
    "load_pack_file",
]
