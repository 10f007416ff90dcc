"""The scan summary: counts per entity and field, and distinct data subjects.

Distinct data subjects are counted by distinct *validated* IINs (an IIN identifies one person).
They are kept as keyed 8-byte digests, never as numbers, so a summary never holds the identifiers
it counts (64-bit digests: a collision among 10 million IINs has odds of about 1 in 400,000).

What that count means under the personal-data law (the operator's size class) is a legal
conclusion: the caller passes a classifier (``senim.law.sizes.operator_size_class`` reads it from
the rule pack) to :meth:`ScanSummary.to_dict`. Restricted-access data (reportedly biometric and
health data) moves an operator one class up: the scanner cannot see that, so the summary says so.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from senim.privacy.types import Finding, ReadError

__all__ = ["ScanSummary"]

_ENTITY = attrgetter("entity")
_FIELD = attrgetter("field")
_SOURCE = attrgetter("source")


@dataclass
class ScanSummary:
    """Accumulates what a scan saw; ``to_dict`` is the ``--format json`` summary object."""

    sources: int = 0
    records: int = 0
    n_bytes: int = 0
    findings: int = 0
    per_entity: Counter[str] = field(default_factory=Counter)
    per_field: Counter[str] = field(default_factory=Counter)
    per_source: Counter[str] = field(default_factory=Counter)
    validated: Counter[str] = field(default_factory=Counter)
    errors: list[ReadError] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None
    complete: bool = True
    _subjects: set[bytes] = field(default_factory=set, repr=False)
    _key: bytes = field(default_factory=lambda: os.urandom(16), repr=False)

    def add_records(self, records: int, n_bytes: int) -> None:
        self.records += records
        self.n_bytes += n_bytes

    def add_findings(self, findings: Iterable[Finding]) -> None:
        found = findings if isinstance(findings, list) else list(findings)
        if not found:
            return
        self.findings += len(found)
        self.per_entity.update(map(_ENTITY, found))
        self.per_field.update("(text)" if f is None else f for f in map(_FIELD, found))
        self.per_source.update(map(_SOURCE, found))
        valid = [f for f in found if f.validated]
        if valid:
            self.validated.update(map(_ENTITY, valid))
            key = self._key
            for f in valid:
                if f.entity == "KZ_IIN":
                    digits = "".join(c for c in f.value if c.isdigit())
                    self._subjects.add(hashlib.blake2b(digits.encode(), key=key, digest_size=8).digest())

    @property
    def key(self) -> bytes:
        """The key of the subject digests: tallies made elsewhere (worker processes) with this
        key can be merged into this summary."""
        return self._key

    def merge(self, other: ScanSummary) -> None:
        """Add the findings counted by ``other`` (a tally with the same key) to this summary."""
        if other._key != self._key:
            raise ValueError("summaries with different digest keys cannot be merged")
        self.findings += other.findings
        self.per_entity.update(other.per_entity)
        self.per_field.update(other.per_field)
        self.per_source.update(other.per_source)
        self.validated.update(other.validated)
        self._subjects |= other._subjects

    def add_errors(self, errors: Iterable[ReadError]) -> None:
        self.errors.extend(errors)

    def finish(self, *, complete: bool = True) -> None:
        self.finished = time.perf_counter()
        self.complete = complete and self.complete

    @property
    def subjects(self) -> int:
        return len(self._subjects)

    @property
    def seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    def to_dict(self, *, size_class: Callable[[int], str | None] | None = None) -> dict[str, Any]:
        """The summary object; ``size_class`` maps distinct subjects to the law's size class."""
        seconds = self.seconds
        return {
            "complete": self.complete,
            "sources": self.sources,
            "records": self.records,
            "bytes": self.n_bytes,
            "seconds": round(seconds, 3),
            "mb_per_s": round(self.n_bytes / 1e6 / seconds, 2) if seconds > 0 else None,
            "finding_count": self.findings,
            "entities": dict(sorted(self.per_entity.items())),
            "validated": dict(sorted(self.validated.items())),
            "fields": dict(sorted(self.per_field.items())),
            "per_source": dict(sorted(self.per_source.items())),
            "data_subjects": {
                "distinct_validated_iins": self.subjects,
                "size_class": size_class(self.subjects) if size_class is not None else None,
                "basis": "KZ personal-data law Art. 25-1 (Law 326-VIII) [S], rules KZ-PD-25-1-* of the "
                "kz-personal-data pack; restricted-access data (biometric, health) moves an "
                "operator one class up, which a scan cannot tell",
            },
            "skipped": [
                {"source": e.source, "position": e.position, "message": e.message} for e in self.errors
            ],
        }
