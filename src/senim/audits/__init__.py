"""Fairness and equality audits of automated decisions, and explanations of models and decisions.

KZ AI law Art. 6 (no discrimination), Arts. 7(2), 16(1)(4)–(5) (learning how a decision is made and
how to object); EU AI Act Art. 10 (bias examination of data) and Art. 86 (explanation of individual
decisions). Modules: ``errors`` → ``data`` → ``fairness``, ``models`` → ``explain`` → ``notice`` →
``report``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from senim.audits.data import read_table
    from senim.audits.explain import Explanation, explain
    from senim.audits.fairness import FairnessResult, Thresholds, audit_fairness, load_thresholds
    from senim.audits.models import load_model
    from senim.audits.notice import decision_notice, verify_notice

__all__ = [
    "Explanation",
    "FairnessResult",
    "Thresholds",
    "audit_fairness",
    "decision_notice",
    "explain",
    "load_model",
    "load_thresholds",
    "read_table",
    "verify_notice",
]

# Imported on first use: explanations pull in SHAP and scikit-learn, which take seconds to import.
_HOME = {
    "read_table": "senim.audits.data",
    "Explanation": "senim.audits.explain",
    "explain": "senim.audits.explain",
    "FairnessResult": "senim.audits.fairness",
    "Thresholds": "senim.audits.fairness",
    "audit_fairness": "senim.audits.fairness",
    "load_thresholds": "senim.audits.fairness",
    "load_model": "senim.audits.models",
    "decision_notice": "senim.audits.notice",
    "verify_notice": "senim.audits.notice",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'senim.audits' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
