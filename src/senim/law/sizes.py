"""The personal-data law's operator size class for a number of data subjects, read from the pack.

The thresholds live in the ``kz-personal-data`` rule pack (rules ``KZ-PD-25-1-*``, Art. 25-1 as
amended by Law 326-VIII): this module only evaluates them, so a new version of the law is a new
pack, never new code here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from senim.law.engine import assess
from senim.profile import parse_profile

__all__ = ["operator_size_class"]

PACK = "kz-personal-data"


@lru_cache(maxsize=256)
def _size_class(subjects: int, categories: tuple[str, ...], as_of: dt.date | None) -> str | None:
    profile = parse_profile(
        {
            "schema": "senim/system-profile/v1",
            "id": "size-class",
            "jurisdiction": {"kz": True},
            "personal_data": {"processed": True, "unique_subjects": subjects, "categories": list(categories)},
        }
    )
    result = assess(profile, packs=[PACK], as_of=as_of).results[0]
    value = result.classification.get("operator_size_class")
    return value if isinstance(value, str) else None


def operator_size_class(
    unique_subjects: int,
    *,
    categories: Sequence[str] = ("identifiers",),
    as_of: dt.date | None = None,
) -> str | None:
    """``small``, ``medium`` or ``large`` for ``unique_subjects`` data subjects (``None`` when the
    pack in force on ``as_of`` has no size classes). ``categories`` are the personal-data
    categories held: restricted, biometric or health data move an operator one class up."""
    if unique_subjects < 0:
        raise ValueError("unique_subjects: must not be negative")
    return _size_class(unique_subjects, tuple(sorted(categories)), as_of)
