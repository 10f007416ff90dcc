"""The dashboard's figures, composed from :mod:`senim.registry.services` (no rules of its own).

Per system: the classification of its latest stored assessment (KZ risk and autonomy levels, EU
risk tier), prohibited practices and unmet obligations found by it, risk-register entries whose
annual review is overdue today, open incidents with their reporting clocks, and AI-literacy
coverage of its operators. Then the counts over all systems the principal may read, and the
filters that every figure of the page links to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from senim.registry import services
from senim.registry.models import AISystem
from senim.registry.services import NotFoundError, PermissionDeniedError, Principal

__all__ = [
    "ATTENTION",
    "EU_TIERS",
    "KZ_AUTONOMY",
    "KZ_RISK",
    "Dashboard",
    "DeadlineView",
    "SystemRow",
    "build_dashboard",
    "level_label",
]

KZ_RISK = ("high", "medium", "minimal", "none")  # "none": not determined (open questions)
KZ_AUTONOMY = ("low", "medium", "high", "none")
EU_TIERS = ("prohibited", "high", "limited", "minimal", "out_of_scope", "none")
ATTENTION = ("prohibited", "unmet", "overdue", "incidents", "literacy", "unassessed", "outdated")


@dataclass(frozen=True, slots=True)
class DeadlineView:
    incident_id: str
    incident_title: str
    regime: str
    article: str
    what: str
    deadline: dt.datetime
    remaining: dt.timedelta  # negative: overdue

    @property
    def overdue(self) -> bool:
        return self.remaining.total_seconds() < 0


@dataclass
class SystemRow:
    id: str
    slug: str
    name: str
    org_id: str
    lifecycle_stage: str
    publication: str
    assessed_on: dt.date | None = None
    outdated: bool = False  # the profile changed since the latest assessment
    kz_risk: str = "none"
    kz_autonomy: str = "none"
    eu_tier: str = "none"
    prohibited: int = 0
    unmet: int = 0
    unknown: int = 0
    overdue_risks: int = 0
    open_incidents: int = 0
    deadlines: list[DeadlineView] = field(default_factory=list)
    operators: int = 0
    trained: int = 0

    @property
    def assessed(self) -> bool:
        return self.assessed_on is not None

    @property
    def next_deadline(self) -> DeadlineView | None:
        return min(self.deadlines, key=lambda d: d.deadline) if self.deadlines else None

    @property
    def literacy_gap(self) -> bool:
        return self.operators > 0 and self.trained < self.operators

    def attention(self) -> set[str]:
        out = set()
        if self.prohibited:
            out.add("prohibited")
        if self.unmet:
            out.add("unmet")
        if self.overdue_risks:
            out.add("overdue")
        if self.open_incidents:
            out.add("incidents")
        if self.literacy_gap or (self.operators == 0 and self.lifecycle_stage == "deployed"):
            out.add("literacy")
        if not self.assessed:
            out.add("unassessed")
        if self.outdated:
            out.add("outdated")
        return out


@dataclass
class Dashboard:
    rows: list[SystemRow]
    today: dt.date
    now: dt.datetime

    def kz_matrix(self) -> dict[tuple[str, str], int]:
        out = {(r, a): 0 for r in KZ_RISK for a in KZ_AUTONOMY}
        for row in self.rows:
            if row.assessed:
                out[(row.kz_risk, row.kz_autonomy)] += 1
        return out

    def kz_matrix_max(self) -> int:
        return max(self.kz_matrix().values(), default=0)

    def heat(self, count: int) -> int:
        """Intensity class 0-4 of a heat-map cell (0: empty)."""
        top = self.kz_matrix_max()
        if count <= 0 or top <= 0:
            return 0
        return max(1, min(4, round(4 * count / top)))

    def eu_tiers(self) -> dict[str, int]:
        out = dict.fromkeys(EU_TIERS, 0)
        for row in self.rows:
            if row.assessed:
                out[row.eu_tier] += 1
        return out

    def count(self, attention: str) -> int:
        return sum(1 for r in self.rows if attention in r.attention())

    @property
    def unmet_total(self) -> int:
        return sum(r.unmet for r in self.rows)

    @property
    def prohibited_total(self) -> int:
        return sum(r.prohibited for r in self.rows)

    @property
    def overdue_total(self) -> int:
        return sum(r.overdue_risks for r in self.rows)

    @property
    def incidents_total(self) -> int:
        return sum(r.open_incidents for r in self.rows)

    @property
    def operators_total(self) -> int:
        return sum(r.operators for r in self.rows)

    @property
    def trained_total(self) -> int:
        return sum(r.trained for r in self.rows)

    @property
    def literacy_coverage(self) -> float | None:
        return self.trained_total / self.operators_total if self.operators_total else None

    def deadlines(self) -> list[tuple[SystemRow, DeadlineView]]:
        """Every open reporting clock, the most urgent first."""
        items = [(row, d) for row in self.rows for d in row.deadlines]
        return sorted(items, key=lambda item: item[1].deadline)

    def filtered(
        self, *, kz_risk: str | None, autonomy: str | None, eu_tier: str | None, attention: str | None
    ) -> list[SystemRow]:
        out = []
        for row in self.rows:
            if kz_risk and (not row.assessed or row.kz_risk != kz_risk):
                continue
            if autonomy and (not row.assessed or row.kz_autonomy != autonomy):
                continue
            if eu_tier and (not row.assessed or row.eu_tier != eu_tier):
                continue
            if attention and attention not in row.attention():
                continue
            out.append(row)
        return out


def _all_systems(session: Session, principal: Principal) -> list[AISystem]:
    systems: list[AISystem] = []
    offset = 0
    while True:
        page, total = services.list_systems(session, principal, limit=500, offset=offset)
        systems.extend(page)
        offset += len(page)
        if not page or offset >= total:
            return systems


def _classification(result: dict[str, Any], pack: str) -> dict[str, Any]:
    for item in result.get("results", []):
        if item.get("pack") == pack:
            classification = item.get("classification") or {}
            return classification if isinstance(classification, dict) else {}
    return {}


def _level(value: Any, allowed: Iterable[str]) -> str:
    return value if isinstance(value, str) and value in allowed else "none"


def _row(
    session: Session, principal: Principal, system: AISystem, today: dt.date, now: dt.datetime
) -> SystemRow:
    row = SystemRow(
        id=system.id,
        slug=system.slug,
        name=system.name or system.slug,
        org_id=system.org_id,
        lifecycle_stage=system.lifecycle_stage,
        publication=system.publication,
    )
    try:
        record = services.latest_assessment(session, principal, system.id)
    except NotFoundError:
        record = None
    if record is not None:
        result = record.result
        row.assessed_on = record.as_of
        row.outdated = record.profile_version != system.profile_version
        kz = _classification(result, "kz-ai-law")
        row.kz_risk = _level(kz.get("risk_level"), KZ_RISK)
        row.kz_autonomy = _level(kz.get("autonomy_level"), KZ_AUTONOMY)
        row.eu_tier = _level(_classification(result, "eu-ai-act").get("risk_tier"), EU_TIERS)
        for pack in result.get("results", []):
            row.prohibited += len(pack.get("prohibited") or [])
            for ob in pack.get("obligations") or []:
                if ob.get("status") == "unmet":
                    row.unmet += 1
                elif ob.get("status") == "unknown":
                    row.unknown += 1
    row.overdue_risks = len(services.list_risks(session, principal, system_id=system.id, overdue_on=today))
    open_incidents = [
        i for i in services.list_incidents(session, principal, system_id=system.id) if i.status != "closed"
    ]
    row.open_incidents = len(open_incidents)
    if open_incidents:
        try:
            profile = services.current_profile(session, principal, system.id)
        except NotFoundError:
            profile = None
        for incident in open_incidents:
            if incident.status != "open":  # reported: the notification clock has been answered
                continue
            for clock in services.incident_clocks(incident, profile):
                row.deadlines.append(
                    DeadlineView(
                        incident_id=incident.id,
                        incident_title=incident.title,
                        regime=clock.regime,
                        article=clock.article,
                        what=clock.what,
                        deadline=clock.deadline,
                        remaining=clock.deadline - now,
                    )
                )
    try:
        coverage = services.literacy_coverage(session, principal, system_id=system.id, on=today)
    except PermissionDeniedError:
        coverage = {"operators": 0, "trained": []}
    row.operators = int(coverage["operators"])
    row.trained = len(coverage["trained"])
    return row


def build_dashboard(
    session: Session, principal: Principal, *, today: dt.date | None = None, now: dt.datetime | None = None
) -> Dashboard:
    moment = now or dt.datetime.now(dt.UTC)
    day = today or moment.astimezone(services.KZ_TIME).date()
    rows = [_row(session, principal, s, day, moment) for s in _all_systems(session, principal)]
    rows.sort(key=lambda r: (-len(r.attention() - {"outdated"}), r.name.lower()))
    return Dashboard(rows=rows, today=day, now=moment)


def level_label(value: str, _: Callable[[str], str]) -> str:
    """A classification value in the reader's language."""
    labels = {
        "high": _("high"),
        "medium": _("medium"),
        "minimal": _("minimal"),
        "low": _("low"),
        "limited": _("limited"),
        "prohibited": _("prohibited"),
        "out_of_scope": _("out of scope"),
        "none": _("not determined"),
    }
    return labels.get(value, value)
