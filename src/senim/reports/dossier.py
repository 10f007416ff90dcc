"""Compliance dossiers: what an auditor or the ministry asks for, as self-contained HTML or PDF.

:func:`build_dossier` gathers everything about one AI system through the registry's service layer
(so roles and tenancy apply exactly as in the API): the profile, the classification under each rule
pack with its reasons, the prohibited-practice screening, the obligations with status, due date
and evidence (ids and SHA-256), the risk register, incidents with their reporting clocks, scan,
label and audit results with charts, the AI-literacy coverage, the profile history, the pack
versions, the ledger head, and a documentation index after the Kazakh ministry list and EU
AI Act Annex IV (``data/annex_iv.yaml``) that marks every document as evidenced, partly covered
or missing. :func:`portfolio` summarises every system the principal can read.

:func:`render_html` gives one HTML file (inline CSS and SVG, no scripts, no external resources)
with print styles; :func:`render_pdf` renders the same document with WeasyPrint on A4 with the
packaged DejaVu Sans (regular and bold) embedded, which covers the Kazakh letters
ә ғ қ ң ө ұ ү һ і.

Building a dossier writes nothing: the assessment is computed at build time from the current
profile with the registry's facts folded in (as ``run_assessment`` does) and is not stored.
Personal data never enters a dossier from scan results: only counts per entity and field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from senim.i18n import LANGS, translator
from senim.law import PackEvaluation, assess, default_catalog, flatten_profile
from senim.law.conditions import explain
from senim.law.packs import CompiledPack, evidence_label
from senim.ledger.models import LedgerHead
from senim.profile import SystemProfile
from senim.profile.io import profile_to_data
from senim.registry import services
from senim.registry.models import AISystem
from senim.registry.services import Principal
from senim.reports import charts
from senim.reports.text import display_value

__all__ = [
    "DOSSIER_SCHEMA",
    "Dossier",
    "Portfolio",
    "build_dossier",
    "dossier_filename",
    "portfolio",
    "render_html",
    "render_pdf",
    "summarise_machine_result",
]

DOSSIER_SCHEMA = "senim/dossier/v1"
_HERE = Path(__file__).resolve().parent
TEMPLATES = _HERE / "templates" / "dossier"
FONT_REGULAR = _HERE / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = _HERE.parent / "provenance" / "data" / "DejaVuSans-Bold.ttf"
ANNEX_IV = _HERE / "data" / "annex_iv.yaml"
MAX_MACHINE_BYTES = 8 * 1024 * 1024  # machine results larger than this are listed, not summarised
_PAGE = 500

Gettext = Callable[[str], str]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """One piece of evidence on file (an attestation, a file or a machine result)."""

    id: str
    kind: str
    title: str
    sha256: str | None
    filename: str | None
    media_type: str | None
    size: int | None
    created_at: dt.datetime
    attested_by: str | None
    statement: str | None
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClassReason:
    """Why a classification value holds: the rule that set it (if any) and the deciding answers."""

    rule: str
    article: str
    title: str
    why: str


@dataclass(frozen=True, slots=True)
class ClassRow:
    key: str
    label: str
    value: str  # as in tables and JSON ("?" when undecided)
    meaning: str  # the value in words, in the dossier's language ("" when none)
    reasons: tuple[ClassReason, ...]


@dataclass(frozen=True, slots=True)
class ScreeningRow:
    """One prohibited practice of a pack and what the screening found."""

    rule: str
    article: str
    title: str
    result: str  # prohibited | review | not_triggered | not_in_force
    why: str
    verification: str


@dataclass(frozen=True, slots=True)
class ObligationRow:
    rule: str
    article: str
    title: str
    effect: str
    actor: tuple[str, ...]
    status: str
    due: str | None
    clock: str | None
    evidence_required: tuple[str, ...]
    evidence: tuple[EvidenceRef, ...]
    evidence_state: str  # linked | self_declared | missing | later
    why: str
    verification: str
    source_url: str


@dataclass(frozen=True, slots=True)
class QuestionRow:
    field: str
    question: str
    needed_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    rule: str
    article: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class PackSection:
    ref: str
    pack: str
    version: str
    title: str
    instrument: str
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    source_url: str
    in_scope: bool | None
    scope_why: str
    classification: tuple[ClassRow, ...]
    screening: tuple[ScreeningRow, ...]
    obligations: tuple[ObligationRow, ...]
    questions: tuple[QuestionRow, ...]
    reviews: tuple[ReviewRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for o in self.obligations if o.status == status)

    @property
    def prohibited(self) -> int:
        return sum(1 for s in self.screening if s.result == "prohibited")


@dataclass(frozen=True, slots=True)
class RiskRow:
    id: str
    title: str
    description: str | None
    likelihood: int
    impact: int
    misuse_scenario: str | None
    measures: str | None
    owner: str | None
    review_date: dt.date
    status: str
    overdue: bool

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True, slots=True)
class ClockRow:
    regime: str
    article: str
    what: str
    deadline: dt.datetime
    basis: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class ActionRow:
    at: dt.datetime
    kind: str
    description: str
    notified: str | None


@dataclass(frozen=True, slots=True)
class IncidentRow:
    id: str
    title: str
    description: str | None
    harm_types: tuple[str, ...]
    occurred_at: dt.datetime | None
    aware_at: dt.datetime
    status: str
    clocks: tuple[ClockRow, ...]
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True, slots=True)
class MachineResult:
    """A machine result summarised without personal data: counts, verdicts, figures."""

    evidence: EvidenceRef
    kind: str  # scan | label | label_verification | audit | other
    facts: tuple[tuple[str, str], ...]
    table_head: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    chart: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DocItem:
    id: str
    framework: str
    point: str
    title: str
    source: str
    confidence: str
    status: str  # evidenced | partial | missing | not_required | not_yet_applicable
    applies_from: str | None
    evidence: tuple[EvidenceRef, ...]
    declared: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]  # (anchor, title) of the dossier sections that cover part of it


@dataclass(frozen=True, slots=True)
class DocFramework:
    key: str
    title: str
    source: str
    confidence: str
    note: str
    items: tuple[DocItem, ...]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


@dataclass(frozen=True, slots=True)
class LedgerInfo:
    head_seq: int | None
    head_hash: str | None
    verified: bool | None  # None: not verified for this dossier
    events: int | None
    problem: str | None


@dataclass(frozen=True, slots=True)
class LiteracyInfo:
    operators: int
    trained: int
    lapsed: int
    coverage: float | None


@dataclass(frozen=True, slots=True)
class VersionRow:
    number: int
    sha256: str
    created_at: dt.datetime
    created_by: str | None


@dataclass(frozen=True, slots=True)
class PackVersion:
    ref: str
    title: str
    instrument: str
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    source_url: str


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything a dossier shows, in the language ``lang`` (titles) — the input of the renderers."""

    lang: str
    generated_at: dt.datetime
    as_of: dt.date
    system_id: str
    slug: str
    name: str
    description: str | None
    organisation: str
    organisation_bin: str | None
    owner: str | None
    holder: str | None
    lifecycle_stage: str
    publication: str
    profile_version: int
    profile_sha256: str | None
    profile_answers: tuple[tuple[str, str], ...]
    packs: tuple[PackSection, ...]
    risks: tuple[RiskRow, ...]
    risk_chart: str | None
    incidents: tuple[IncidentRow, ...]
    machine_results: tuple[MachineResult, ...]
    evidence: tuple[EvidenceRef, ...]
    literacy: LiteracyInfo | None
    history: tuple[VersionRow, ...]
    documentation: tuple[DocFramework, ...]
    ledger: LedgerInfo
    recorded_assessment: tuple[str, dt.date, dt.datetime] | None  # id, as_of, created_at of the latest
    schema: str = DOSSIER_SCHEMA

    # -- headline figures
    def obligation_count(self, status: str) -> int:
        return sum(p.count(status) for p in self.packs)

    @property
    def prohibited_count(self) -> int:
        return sum(p.prohibited for p in self.packs)

    @property
    def missing_evidence(self) -> int:
        return sum(1 for p in self.packs for o in p.obligations if o.evidence_state == "missing")

    @property
    def missing_documents(self) -> int:
        return sum(f.count("missing") for f in self.documentation)

    @property
    def open_incidents(self) -> int:
        return sum(1 for i in self.incidents if i.status != "closed")

    @property
    def overdue_clocks(self) -> int:
        return sum(1 for i in self.incidents if i.status == "open" for c in i.clocks if c.overdue)

    @property
    def overdue_risks(self) -> int:
        return sum(1 for r in self.risks if r.overdue)


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    system_id: str
    slug: str
    name: str
    organisation: str
    lifecycle_stage: str
    publication: str
    classification: tuple[tuple[str, str], ...]  # (pack, headline) per pack
    kz_risk: str | None
    eu_tier: str | None
    prohibited: int
    unmet: int
    unknown: int
    met: int
    not_yet: int
    open_incidents: int
    overdue_risks: int
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Portfolio:
    lang: str
    generated_at: dt.datetime
    as_of: dt.date
    rows: tuple[PortfolioRow, ...]
    packs: tuple[PackVersion, ...]
    ledger: LedgerInfo
    charts: tuple[str, ...]
    schema: str = "senim/portfolio/v1"


# --------------------------------------------------------------------------- words for values

# (classification key, value) -> English source text of its meaning (translated via gettext)
_MEANINGS: dict[tuple[str, Any], str] = {
    ("risk_level", "minimal"): "minimal degree of risk",
    ("risk_level", "medium"): "medium degree of risk",
    ("risk_level", "high"): "high degree of risk",
    ("autonomy_level", "low"): "low autonomy",
    ("autonomy_level", "medium"): "medium autonomy",
    ("autonomy_level", "high"): "high autonomy",
    ("usage_mode", "open"): "open system",
    ("usage_mode", "closed"): "closed system",
    ("usage_mode", "local"): "local system",
    ("operator_size_class", "small"): "small operator",
    ("operator_size_class", "medium"): "medium-sized operator",
    ("operator_size_class", "large"): "large operator",
    ("risk_tier", "prohibited"): "prohibited practice",
    ("risk_tier", "high"): "high risk",
    ("risk_tier", "limited"): "limited risk (transparency duties)",
    ("risk_tier", "minimal"): "minimal risk",
    ("risk_tier", "out_of_scope"): "outside the AI Act",
}

# Labels of classification keys whose pack fact has no title of its own.
_KEY_LABELS = {
    "operator_size_class": "Operator size class",
    "risk_tier": "EU risk tier",
    "in_scope": "Within the scope of the AI Act",
    "annex_iii": "Annex III points",
    "annex_iii_high_risk": "High-risk under Annex III",
    "annex_i_high_risk": "High-risk under Annex I",
    "art_6_3_derogation": "Art. 6(3) derogation",
    "gpai_systemic_risk": "General-purpose model with systemic risk",
}


def _meaning(key: str, value: Any, _: Gettext) -> str:
    if value is None:
        return _("undecided: see the open questions")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = _MEANINGS.get((key, value)) if isinstance(value, str) else None
    return _(text) if text else ""


# --------------------------------------------------------------------------- documentation index


@cache
def _annex_iv() -> dict[str, Any]:
    from senim._yaml import load_with_lines

    data, _lines = load_with_lines(ANNEX_IV.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("schema") != "senim/documentation-index/v1":
        raise ValueError(f"{ANNEX_IV}: not a senim/documentation-index/v1 file")
    return data


def documentation_index_spec() -> dict[str, Any]:
    """The packaged documentation index (``data/annex_iv.yaml``) as loaded."""
    return _annex_iv()


# --------------------------------------------------------------------------- building


def _evidence(session: Session, principal: Principal, system_id: str) -> list[EvidenceRef]:
    items = []
    offset = 0
    while True:
        page = services.list_evidence(session, principal, system_id=system_id, limit=_PAGE, offset=offset)
        items.extend(page)
        if len(page) < _PAGE:
            break
        offset += _PAGE
    links = services.evidence_rules(session, [e.id for e in items])
    return [
        EvidenceRef(
            id=e.id,
            kind=e.kind,
            title=e.title,
            sha256=e.sha256,
            filename=e.filename,
            media_type=e.media_type,
            size=e.size,
            created_at=e.created_at,
            attested_by=e.attested_by,
            statement=e.statement,
            rules=tuple(links.get(e.id, ())),
        )
        for e in items
    ]


def _classification(
    pack: CompiledPack, ev: PackEvaluation, result: dict[str, Any], lang: str, _: Gettext
) -> tuple[ClassRow, ...]:
    rows = []
    for key, value in result["classification"].items():
        fact = pack.facts.get(key)
        label = fact.title.get(lang) if fact is not None and fact.title else _(_KEY_LABELS.get(key, key))
        reasons: list[ClassReason] = []
        if result["in_scope"] is not False and fact is not None:
            if fact.expr is not None:
                why = "; ".join(explain(fact.expr.ast, ev))
                if why:
                    reasons.append(ClassReason("", "", "", why))
            else:
                for rule in pack.setters.get(key, ()):
                    if ev.fired(rule.id) is True:
                        reasons.append(
                            ClassReason(
                                rule.id,
                                rule.article,
                                rule.title.get(lang),
                                "; ".join(explain(rule.when.ast, ev)),
                            )
                        )
        shown = value
        if isinstance(value, list):
            shown = [str(v) for v in value]
        rows.append(ClassRow(key, label, display_value(shown), _meaning(key, value, _), tuple(reasons)))
    return tuple(rows)


def _screening(
    pack: CompiledPack, result: dict[str, Any], day: dt.date, lang: str
) -> tuple[ScreeningRow, ...]:
    found = {f["rule"]: f for f in result["prohibited"]}
    review = {f["rule"]: f for f in result["manual_review"]}
    rows = []
    for rule in pack.by_effect.get("prohibit", ()):
        if rule.id in found:
            res, why = "prohibited", str(found[rule.id].get("why") or "")
        elif rule.id in review:
            res, why = "review", str(review[rule.id].get("reason") or "")
        elif result["in_scope"] is False or rule.in_force(day):
            res, why = "not_triggered", ""
        else:
            res, why = "not_in_force", ""
        rows.append(ScreeningRow(rule.id, rule.article, rule.title.get(lang), res, why, rule.verification))
    return tuple(rows)


def _obligations(result: dict[str, Any], evidence: dict[str, EvidenceRef]) -> tuple[ObligationRow, ...]:
    rows = []
    for ob in result["obligations"]:
        linked = tuple(evidence[e] for e in ob.get("evidence_links", ()) if e in evidence)
        status = str(ob["status"])
        if linked:
            state = "linked"
        elif status == "not_yet_applicable":
            state = "later"
        elif status == "met":
            state = "self_declared"
        else:
            state = "missing"
        rows.append(
            ObligationRow(
                rule=ob["rule"],
                article=ob["article"],
                title=ob["title"],
                effect=ob.get("effect", ""),
                actor=tuple(ob.get("actor", ())),
                status=status,
                due=ob.get("due"),
                clock=ob.get("clock"),
                evidence_required=tuple(ob.get("evidence", ())),
                evidence=linked,
                evidence_state=state,
                why=str(ob.get("why") or ""),
                verification=ob.get("verification", ""),
                source_url=ob.get("source_url", ""),
            )
        )
    return tuple(rows)


def _pack_section(
    pack: CompiledPack,
    result: dict[str, Any],
    values: dict[str, Any],
    day: dt.date,
    lang: str,
    evidence: dict[str, EvidenceRef],
    _: Gettext,
) -> PackSection:
    ev = PackEvaluation(pack, values, day)
    scope_why = "" if result["in_scope"] else "; ".join(explain(pack.scope.ast, ev))
    prohibit_ids = {r.id for r in pack.by_effect.get("prohibit", ())}
    return PackSection(
        ref=pack.ref,
        pack=pack.id,
        version=pack.version,
        title=pack.title.get(lang),
        instrument=pack.instrument,
        status=pack.status,
        valid_from=pack.valid_from,
        valid_to=pack.valid_to,
        source_url=pack.source_url,
        in_scope=result["in_scope"],
        scope_why=scope_why,
        classification=_classification(pack, ev, result, lang, _),
        screening=_screening(pack, result, day, lang),
        obligations=_obligations(result, evidence),
        questions=tuple(
            QuestionRow(q["field"], q["question"], tuple(q["needed_by"])) for q in result["open_questions"]
        ),
        reviews=tuple(
            ReviewRow(f["rule"], f["article"], f["title"], str(f.get("reason") or ""))
            for f in result["manual_review"]
            if f["rule"] not in prohibit_ids
        ),
    )


def _risks(session: Session, principal: Principal, system_id: str, day: dt.date) -> list[RiskRow]:
    return [
        RiskRow(
            id=r.id,
            title=r.title,
            description=r.description,
            likelihood=r.likelihood,
            impact=r.impact,
            misuse_scenario=r.misuse_scenario,
            measures=r.measures,
            owner=r.owner,
            review_date=r.review_date,
            status=r.status,
            overdue=r.review_date < day and r.status != "closed",
        )
        for r in services.list_risks(session, principal, system_id=system_id)
    ]


def _incidents(session: Session, principal: Principal, system_id: str, now: dt.datetime) -> list[IncidentRow]:
    out = []
    for incident in services.list_incidents(session, principal, system_id=system_id):
        view = services.incident_view(session, principal, incident, now=now)
        out.append(
            IncidentRow(
                id=view["id"],
                title=view["title"],
                description=view["description"],
                harm_types=tuple(view["harm_types"]),
                occurred_at=incident.occurred_at,
                aware_at=incident.aware_at,
                status=view["status"],
                clocks=tuple(
                    ClockRow(
                        c["regime"],
                        c["article"],
                        c["what"],
                        dt.datetime.fromisoformat(c["deadline"]),
                        c["basis"],
                        bool(c["overdue"]),
                    )
                    for c in view["clocks"]
                ),
                actions=tuple(
                    ActionRow(dt.datetime.fromisoformat(a["at"]), a["kind"], a["description"], a["notified"])
                    for a in view["actions"]
                ),
            )
        )
    return out


# -- machine results (never personal data: counts, verdicts and figures only)

_SAFE_STRING_KEYS = {"schema", "kind", "verdict", "status", "metric", "method", "size_class", "model"}
_ENUMISH = re.compile(r"^[A-Za-z0-9_.:/@+-]{1,60}$")


def machine_kind(data: Any) -> str:
    """What a machine result is, from the shape of its JSON."""
    if not isinstance(data, dict):
        return "other"
    if "finding_count" in data and "entities" in data:
        return "scan"
    if "receipts" in data or ("label_id" in data and "layers" in data and "machine_readable" in data):
        return "label"
    if "verifications" in data or ("verdict" in data and "kz_21_2" in data):
        return "label_verification"
    schema = data.get("schema")
    if (isinstance(schema, str) and "audit" in schema) or {"disparities", "fairness"} & set(data):
        return "audit"
    return "other"


def _num(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


# A key shown in the dossier (entity, field or figure name): starts with a letter, no "@", "+" or
# spaces, so an uploaded result cannot smuggle an e-mail address, phone or IIN in as a "name".
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\[\]-]{0,79}$")


def _count(value: Any) -> str:
    """A figure of a machine result: a number, else "?" (never a string from the uploaded file)."""
    return _num(value) if isinstance(value, int | float) and not isinstance(value, bool) else "?"


def _int_counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {
        str(k): int(v)
        for k, v in value.items()
        if isinstance(v, int) and not isinstance(v, bool) and v >= 0 and _NAME.match(str(k))
    }


def _summarise_scan(ev: EvidenceRef, data: dict[str, Any], _: Gettext) -> MachineResult:
    entities = _int_counts(data.get("entities"))
    validated = _int_counts(data.get("validated"))
    fields = _int_counts(data.get("fields"))
    raw_subjects = data.get("data_subjects")
    subjects: dict[str, Any] = raw_subjects if isinstance(raw_subjects, dict) else {}
    facts = [
        (_("Records read"), _count(data.get("records"))),
        (_("Sources"), _count(data.get("sources"))),
        (_("Findings"), _count(data.get("finding_count"))),
        (_("Scan complete"), _("yes") if data.get("complete") is True else _("no")),
    ]
    if "distinct_validated_iins" in subjects:
        facts.append(
            (_("Distinct data subjects (validated IINs)"), _count(subjects["distinct_validated_iins"]))
        )
    if isinstance(subjects.get("size_class"), str) and _ENUMISH.match(subjects["size_class"]):
        facts.append((_("Operator size class indicated by the scan"), subjects["size_class"]))
    table = tuple(
        (name, _num(n), _num(validated.get(name, 0)))
        for name, n in sorted(entities.items(), key=lambda kv: -kv[1])
    )
    chart = None
    if entities:
        chart = charts.count_chart(
            title=_("Personal-data findings by entity"),
            desc=_("Number of findings of each kind of personal data; values are not shown."),
            items=sorted(entities.items()),
        )
    if fields:
        facts.append((_("Fields with findings"), ", ".join(f"{k}: {v}" for k, v in sorted(fields.items()))))
    return MachineResult(
        ev,
        "scan",
        tuple(facts),
        (_("Entity"), _("Findings"), _("Validated")),
        table,
        chart,
        _("Counts only: the dossier never shows the values found, not even masked."),
    )


def _summarise_label(ev: EvidenceRef, data: dict[str, Any], _: Gettext) -> MachineResult:
    receipts = data.get("receipts") if "receipts" in data else [data]
    receipts = [r for r in receipts if isinstance(r, dict)] if isinstance(receipts, list) else []
    layers: Counter[str] = Counter()
    for r in receipts:
        applied = r.get("layers")
        if isinstance(applied, list):
            layers.update(x for x in applied if isinstance(x, str) and _NAME.match(x))
    facts = (
        (_("Files labelled"), _num(len(receipts))),
        (
            _("Machine-readable mark on every file"),
            _("yes") if all(r.get("machine_readable") for r in receipts) else _("no"),
        ),
        (
            _("Visible warning on every file"),
            _("yes") if all(r.get("visible") for r in receipts) else _("no"),
        ),
        (_("Signed (C2PA)"), _num(sum(1 for r in receipts if r.get("signer")))),
    )
    chart = (
        charts.count_chart(
            title=_("Labelling layers applied"),
            desc=_("Number of files that carry each labelling layer."),
            items=sorted(layers.items()),
        )
        if layers
        else None
    )
    return MachineResult(ev, "label", facts, chart=chart)


def _summarise_verification(ev: EvidenceRef, data: dict[str, Any], _: Gettext) -> MachineResult:
    items = data.get("verifications") if "verifications" in data else [data]
    items = [v for v in items if isinstance(v, dict)] if isinstance(items, list) else []
    verdicts = Counter(
        v["verdict"] for v in items if isinstance(v.get("verdict"), str) and _NAME.match(v["verdict"])
    )
    facts = ((_("Files verified"), _num(len(items))),)
    chart = (
        charts.count_chart(
            title=_("Verification verdicts"),
            desc=_("Number of files with each verification verdict."),
            items=sorted(verdicts.items()),
        )
        if verdicts
        else None
    )
    return MachineResult(ev, "label_verification", facts, chart=chart)


def _summarise_generic(ev: EvidenceRef, data: Any, kind: str, _: Gettext) -> MachineResult:
    facts: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if len(facts) >= 20:
                break
            if not _NAME.match(str(key)):
                continue
            if isinstance(value, bool | int | float):
                facts.append((str(key), _num(value)))
            elif key in _SAFE_STRING_KEYS and isinstance(value, str) and _ENUMISH.match(value):
                facts.append((str(key), value))
    return MachineResult(
        ev,
        kind,
        tuple(facts),
        note=_("Top-level figures of the result; open the evidence file for the full report."),
    )


def _machine_results(
    session: Session, principal: Principal, evidence: Sequence[EvidenceRef], _: Gettext
) -> list[MachineResult]:
    out = []
    for ev in evidence:
        if ev.kind != "machine_result":
            continue
        if ev.size is not None and ev.size > MAX_MACHINE_BYTES:
            out.append(MachineResult(ev, "other", (), note=_("Too large to summarise here.")))
            continue
        try:
            _row, blob = services.get_evidence(session, principal, ev.id)
        except services.NotFoundError:
            out.append(MachineResult(ev, "other", (), note=_("Not a JSON result: not summarised.")))
            continue
        out.append(summarise_machine_result(ev, blob, _))
    return out


def summarise_machine_result(ev: EvidenceRef, blob: bytes | None, _: Gettext) -> MachineResult:
    """The dossier's summary of one machine result (``blob``: the evidence file as uploaded)."""
    try:
        data = json.loads(blob.decode("utf-8")) if blob else None
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return MachineResult(ev, "other", (), note=_("Not a JSON result: not summarised."))
    kind = machine_kind(data)
    if isinstance(data, dict) and kind == "scan":
        return _summarise_scan(ev, data, _)
    if isinstance(data, dict) and kind == "label":
        return _summarise_label(ev, data, _)
    if isinstance(data, dict) and kind == "label_verification":
        return _summarise_verification(ev, data, _)
    return _summarise_generic(ev, data, kind, _)


def _documentation(
    packs: Sequence[PackSection],
    profile: SystemProfile,
    evidence: Sequence[EvidenceRef],
    machine: Sequence[MachineResult],
    present: dict[str, bool],
    titles: dict[str, str],
    lang: str,
) -> tuple[DocFramework, ...]:
    spec = _annex_iv()
    obligations = {o.rule: o for p in packs for o in p.obligations}
    declared_docs = set(profile.governance.documentation or ())
    by_rule: dict[str, list[EvidenceRef]] = {}
    for ev in evidence:
        for rule in ev.rules:
            by_rule.setdefault(rule, []).append(ev)
    by_kind: dict[str, list[EvidenceRef]] = {}
    for m in machine:
        by_kind.setdefault(m.kind, []).append(m.evidence)
    frameworks = []
    for key, fw in spec["frameworks"].items():
        items = []
        for item in (i for i in spec["items"] if i["framework"] == key):
            required = [
                obligations[r] for r in item.get("required_by", fw["required_by"]) if r in obligations
            ]
            found: dict[str, EvidenceRef] = {}
            for rule in item.get("rules", ()):
                for ev in by_rule.get(rule, ()):
                    found.setdefault(ev.id, ev)
            for kind in item.get("machine", ()):
                for ev in by_kind.get(kind, ()):
                    found.setdefault(ev.id, ev)
            declared = tuple(d for d in item.get("documents", ()) if d in declared_docs)
            sections = tuple((s, titles[s]) for s in item.get("sections", ()) if present.get(s))
            applies_from = None
            if not required:
                status = "not_required"
            elif found:
                status = "evidenced"
            elif all(o.status == "not_yet_applicable" for o in required):
                status = "not_yet_applicable"
                applies_from = min((o.due for o in required if o.due), default=None)
            elif declared or sections:
                status = "partial"
            else:
                status = "missing"
            items.append(
                DocItem(
                    id=item["id"],
                    framework=key,
                    point=str(item["point"]),
                    title=item["title"][lang],
                    source=item["source"],
                    confidence=item["confidence"],
                    status=status,
                    applies_from=applies_from,
                    evidence=tuple(found.values()),
                    declared=declared,
                    sections=sections,
                )
            )
        frameworks.append(
            DocFramework(
                key, fw["title"][lang], fw["source"], fw["confidence"], fw["note"][lang], tuple(items)
            )
        )
    return tuple(frameworks)


def _ledger(session: Session, principal: Principal, verify: bool) -> LedgerInfo:
    head = session.execute(select(LedgerHead.seq, LedgerHead.hash).where(LedgerHead.id == 1)).first()
    seq, hash_ = (int(head[0]), str(head[1])) if head is not None else (None, None)
    if not verify:
        return LedgerInfo(seq, hash_, None, None, None)
    try:
        report = services.verify_ledger(session, principal)
    except services.PermissionDeniedError:
        return LedgerInfo(seq, hash_, None, None, "role may not verify the ledger")
    return LedgerInfo(
        seq, report["head_hash"], bool(report["ok"]), int(report["events"]), report.get("problem")
    )


def _pack_refs(packs: Sequence[str] | None, day: dt.date) -> list[CompiledPack]:
    cat = default_catalog()
    return [cat.resolve(ref, day) for ref in (packs or cat.pack_ids())]


def _assessment(
    session: Session,
    system: AISystem,
    profile: SystemProfile,
    compiled: Sequence[CompiledPack],
    day: dt.date,
    lang: str,
) -> dict[str, Any]:
    """The assessment of the current profile with the registry's facts, as ``run_assessment`` makes
    it — but not stored: building a dossier writes nothing."""
    result = assess(profile, packs=[p.ref for p in compiled], as_of=day, lang=lang).to_dict()
    services.apply_registry_facts(session, system, result, day)
    return result


def _profile_answers(profile: SystemProfile) -> tuple[tuple[str, str], ...]:
    rows = []
    for path, answer in flatten_profile(profile).items():
        shown = answer.isoformat() if isinstance(answer, dt.date) else answer
        rows.append((path, display_value(list(shown) if isinstance(shown, tuple) else shown)))
    return tuple(rows)


def section_titles(_: Gettext) -> dict[str, str]:
    """Anchor -> heading of every section of a dossier, in order (the table of contents)."""
    return {
        "summary": _("Summary"),
        "profile": _("System profile"),
        "classification": _("Classification and reasons"),
        "prohibitions": _("Prohibited-practice screening"),
        "obligations": _("Obligations, status and evidence"),
        "questions": _("Open questions and manual review"),
        "risks": _("Risk register"),
        "incidents": _("Incidents and reporting clocks"),
        "results": _("Scan, label and audit results"),
        "evidence": _("Evidence on file"),
        "literacy": _("AI literacy"),
        "documentation": _("Documentation index"),
        "history": _("Profile history"),
        "packs": _("Rule-pack versions"),
        "ledger": _("Ledger"),
    }


def build_dossier(
    session: Session,
    principal: Principal,
    system_id: str,
    *,
    lang: str = "en",
    as_of: dt.date | None = None,
    packs: Sequence[str] | None = None,
    verify_ledger: bool = False,
    now: dt.datetime | None = None,
) -> Dossier:
    """Gather one system's dossier.

    Parameters
    ----------
    session, principal
        A registry session and the acting principal: roles and tenancy of
        :mod:`senim.registry.services` apply (another organisation's system is "not found").
    system_id
        The system's id or, within the principal's organisation, its slug.
    lang
        ``kk``, ``ru`` or ``en``: headings, rule titles, documentation titles.
    as_of
        The assessment date (default: today in UTC).
    packs
        Pack references (default: every pack, the version in force on ``as_of``).
    verify_ledger
        Recompute the whole ledger chain and state the result (takes time on large ledgers; the
        head hash is always shown). Needs a role that may verify (admin, compliance officer, auditor).
    now
        The moment of generation (default: now); incident clocks are judged against it.

    Raises
    ------
    senim.registry.services.NotFoundError
        Unknown system (or one the principal may not read), or a system without a profile.
    ValueError
        An unsupported language.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: use kk, ru or en")
    _ = translator(lang)
    moment = now or dt.datetime.now(dt.UTC)
    day = as_of or moment.date()
    system = services.find_system(session, principal, system_id)
    profile = services.current_profile(session, principal, system.id)
    org = services.find_org(session, system.org_id)
    compiled = _pack_refs(packs, day)
    result = _assessment(session, system, profile, compiled, day, lang)
    evidence = _evidence(session, principal, system.id)
    ev_by_id = {e.id: e for e in evidence}
    values = flatten_profile(profile)
    sections = [
        _pack_section(pack, res, values, day, lang, ev_by_id, _)
        for pack, res in zip(compiled, result["results"], strict=True)
    ]
    risks = _risks(session, principal, system.id, day)
    risk_chart = None
    if risks:
        cells = Counter((r.likelihood, r.impact) for r in risks if r.status != "closed")
        risk_chart = charts.risk_matrix(
            title=_("Open risks by likelihood and impact"),
            desc=_("Risks not closed, per cell of the 5 × 5 matrix; score = likelihood × impact."),
            counts=dict(cells),
            likelihood_label=_("Likelihood"),
            impact_label=_("Impact"),
        )
    incidents = _incidents(session, principal, system.id, moment)
    machine = _machine_results(session, principal, evidence, _)
    try:
        cov = services.literacy_coverage(session, principal, system_id=system.id, on=day)
        literacy: LiteracyInfo | None = LiteracyInfo(
            int(cov["operators"]), len(cov["trained"]), len(cov["lapsed"]), cov["coverage"]
        )
    except services.PermissionDeniedError:
        literacy = None
    versions = services.profile_versions(session, principal, system.id)
    history = tuple(VersionRow(v.number, v.sha256, v.created_at, v.created_by) for v in versions)
    try:
        record = services.latest_assessment(session, principal, system.id)
        recorded: tuple[str, dt.date, dt.datetime] | None = (record.id, record.as_of, record.created_at)
    except services.NotFoundError:
        recorded = None
    titles = section_titles(_)
    present = {
        "profile": True,
        "classification": True,
        "risks": bool(risks),
        "incidents": bool(incidents),
        "history": bool(history),
    }
    documentation = _documentation(sections, profile, evidence, machine, present, titles, lang)
    data = profile_to_data(profile)
    return Dossier(
        lang=lang,
        generated_at=moment,
        as_of=day,
        system_id=system.id,
        slug=system.slug,
        name=system.name or profile.name or system.slug,
        description=data.get("description"),
        organisation=org.name,
        organisation_bin=org.bin,
        owner=system.owner,
        holder=system.holder,
        lifecycle_stage=system.lifecycle_stage,
        publication=system.publication,
        profile_version=system.profile_version,
        profile_sha256=history[-1].sha256 if history else None,
        profile_answers=_profile_answers(profile),
        packs=tuple(sections),
        risks=tuple(risks),
        risk_chart=risk_chart,
        incidents=tuple(incidents),
        machine_results=tuple(machine),
        evidence=tuple(evidence),
        literacy=literacy,
        history=history,
        documentation=documentation,
        ledger=_ledger(session, principal, verify_ledger),
        recorded_assessment=recorded,
    )


# --------------------------------------------------------------------------- portfolio


def _all_systems(session: Session, principal: Principal) -> list[AISystem]:
    out: list[AISystem] = []
    offset = 0
    while True:
        page, total = services.list_systems(session, principal, limit=_PAGE, offset=offset)
        out.extend(page)
        offset += _PAGE
        if offset >= total or not page:
            return out


def _headline(pack: str, classification: dict[str, Any]) -> str:
    keys = {"kz-ai-law": ("risk_level", "autonomy_level"), "kz-personal-data": ("operator_size_class",)}
    chosen = keys.get(pack, ("risk_tier", "annex_iii"))
    parts = [
        display_value(classification[k], joiner="/")
        for k in chosen
        if classification.get(k) not in (None, [])
    ]
    return " / ".join(parts) or "?"


def portfolio(
    session: Session,
    principal: Principal,
    *,
    lang: str = "en",
    as_of: dt.date | None = None,
    packs: Sequence[str] | None = None,
    now: dt.datetime | None = None,
) -> Portfolio:
    """A summary of every system the principal may read: classification, obligations by status,
    prohibited practices, open incidents and overdue risk reviews (one assessment per system,
    computed at build time, not stored)."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: use kk, ru or en")
    _ = translator(lang)
    moment = now or dt.datetime.now(dt.UTC)
    day = as_of or moment.date()
    compiled = _pack_refs(packs, day)
    orgs: dict[str, str] = {}
    rows = []
    for system in _all_systems(session, principal):
        if system.org_id not in orgs:
            orgs[system.org_id] = services.find_org(session, system.org_id).name
        base = {
            "system_id": system.id,
            "slug": system.slug,
            "name": system.name or system.slug,
            "organisation": orgs[system.org_id],
            "lifecycle_stage": system.lifecycle_stage,
            "publication": system.publication,
        }
        try:
            profile = services.current_profile(session, principal, system.id)
        except services.NotFoundError:
            rows.append(
                PortfolioRow(
                    **base,
                    classification=(),
                    kz_risk=None,
                    eu_tier=None,
                    prohibited=0,
                    unmet=0,
                    unknown=0,
                    met=0,
                    not_yet=0,
                    open_incidents=0,
                    overdue_risks=0,
                    problem=_("no profile"),
                )
            )
            continue
        result = _assessment(session, system, profile, compiled, day, lang)
        statuses: Counter[str] = Counter(o["status"] for r in result["results"] for o in r["obligations"])
        cls = {r["pack"]: r["classification"] for r in result["results"]}
        incidents = services.list_incidents(session, principal, system_id=system.id)
        overdue = services.list_risks(session, principal, system_id=system.id, overdue_on=day)
        rows.append(
            PortfolioRow(
                **base,
                classification=tuple(
                    (
                        f"{r['pack']}@{r['version']}",
                        _headline(r["pack"], r["classification"])
                        if r["in_scope"] is not False
                        else _("out of scope"),
                    )
                    for r in result["results"]
                ),
                kz_risk=cls.get("kz-ai-law", {}).get("risk_level"),
                eu_tier=cls.get("eu-ai-act", {}).get("risk_tier"),
                prohibited=sum(len(r["prohibited"]) for r in result["results"]),
                unmet=statuses["unmet"],
                unknown=statuses["unknown"],
                met=statuses["met"],
                not_yet=statuses["not_yet_applicable"],
                open_incidents=sum(1 for i in incidents if i.status != "closed"),
                overdue_risks=len(overdue),
            )
        )
    figures = []
    kz = Counter(_meaning("risk_level", r.kz_risk, _) for r in rows if r.problem is None)
    eu = Counter(_meaning("risk_tier", r.eu_tier, _) for r in rows if r.problem is None)
    if kz:
        figures.append(
            charts.count_chart(
                title=_("Systems by KZ degree of risk"),
                desc=_("Number of systems at each degree of risk under Law 230-VIII Art. 17(1)."),
                items=sorted(kz.items()),
            )
        )
    if eu:
        figures.append(
            charts.count_chart(
                title=_("Systems by EU risk tier"),
                desc=_("Number of systems in each risk tier of the EU AI Act."),
                items=sorted(eu.items()),
            )
        )
    return Portfolio(
        lang=lang,
        generated_at=moment,
        as_of=day,
        rows=tuple(rows),
        packs=tuple(_pack_version(p, lang) for p in compiled),
        ledger=_ledger(session, principal, False),
        charts=tuple(figures),
    )


def _pack_version(p: CompiledPack, lang: str) -> PackVersion:
    return PackVersion(
        p.ref, p.title.get(lang), p.instrument, p.status, p.valid_from, p.valid_to, p.source_url
    )


# --------------------------------------------------------------------------- rendering


@cache
def _env() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["iso"] = _iso
    env.filters["num"] = _num
    env.filters["hashwrap"] = _hashwrap
    env.globals["evidence_label"] = evidence_label
    return env


def _hashwrap(value: str) -> Any:
    """A hash with a line-break opportunity every 16 characters (copying it gives the hash)."""
    from markupsafe import Markup, escape

    return Markup("<wbr>").join(escape(value[i : i + 16]) for i in range(0, len(value), 16))


def _iso(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


_BABEL_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


def _long_date(value: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=_BABEL_LOCALES[lang]))


@cache
def _css() -> str:
    return (TEMPLATES / "dossier.css").read_text(encoding="utf-8")


def _font_faces() -> str:
    """``@font-face`` rules for WeasyPrint: the packaged DejaVu Sans, by file URL."""
    return (
        "@font-face{font-family:'Senim Sans';font-weight:400;font-style:normal;"
        f"src:url('{FONT_REGULAR.as_uri()}') format('truetype')}}"
        "@font-face{font-family:'Senim Sans';font-weight:700;font-style:normal;"
        f"src:url('{FONT_BOLD.as_uri()}') format('truetype')}}"
    )


def _render(doc: Dossier | Portfolio, *, pdf: bool) -> str:
    _ = translator(doc.lang)
    template = "dossier.html.j2" if isinstance(doc, Dossier) else "portfolio.html.j2"
    css = (_font_faces() if pdf else "") + _css()
    return str(
        _env()
        .get_template(template)
        .render(
            d=doc,
            _=_,
            lang=doc.lang,
            css=css,
            pdf=pdf,
            titles=section_titles(_),
            long_date=lambda v: _long_date(v, doc.lang),
            status_text=_status_text(_),
            enum=_enum_text(_),
            from_senim=_senim_version(),
        )
    )


# Registry codes shown in words (the code itself stays in JSON and the CLI).
_ENUMS = {
    "design": "design",
    "development": "development",
    "testing": "testing",
    "deployed": "deployed",
    "suspended": "suspended",
    "retired": "retired",
    "none": "not published",
    "public_register": "public register",
    "trusted_list": "trusted list",
    "open": "open",
    "mitigated": "mitigated",
    "accepted": "accepted",
    "closed": "closed",
    "reported": "reported",
    "health": "harm to health",
    "safety": "harm to safety",
    "rights": "infringement of rights",
    "property": "harm to property",
    "personal_data_breach": "personal-data breach",
    "death": "death of a person",
    "critical_infrastructure": "disruption of critical infrastructure",
    "widespread_infringement": "widespread infringement",
    "environment": "harm to the environment",
    "measure": "measure",
    "notification": "notification",
    "suspension": "suspension",
    "resumption": "resumption",
    "attestation": "attestation",
    "file": "file",
    "machine_result": "machine result",
    "scan": "Personal-data scan",
    "label": "Labelling receipt",
    "label_verification": "Label verification",
    "audit": "Audit",
    "other": "Machine result",
}


def _enum_text(_: Gettext) -> Callable[[str], str]:
    def enum(code: str) -> str:
        text = _ENUMS.get(code)
        return _(text) if text else code

    return enum


def _status_text(_: Gettext) -> dict[str, str]:
    return {
        "met": _("met"),
        "unmet": _("unmet"),
        "unknown": _("unknown"),
        "not_yet_applicable": _("Not yet applicable"),
        "prohibited": _("Prohibited"),
        "review": _("Manual review"),
        "not_triggered": _("Not triggered"),
        "not_in_force": _("Not in force on the date"),
        "evidenced": _("Evidence on file"),
        "partial": _("Partly covered"),
        "missing": _("MISSING"),
        "not_required": _("Not required"),
        "linked": _("Evidence on file"),
        "self_declared": _("Declared in the profile; no evidence on file"),
        "later": _("Not yet applicable"),
    }


def _senim_version() -> str:
    from senim import __version__

    return __version__


def render_html(doc: Dossier | Portfolio) -> str:
    """One self-contained HTML document (inline CSS and SVG, no scripts or external resources)."""
    return _render(doc, pdf=False)


def render_pdf(doc: Dossier | Portfolio) -> bytes:
    """The document as PDF (WeasyPrint, A4), with the packaged DejaVu Sans fonts embedded."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = _render(doc, pdf=True)
    data: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return data


def dossier_filename(doc: Dossier | Portfolio, fmt: str) -> str:
    """A download name: ``dossier-<slug>-<date>-<lang>.<fmt>`` or ``portfolio-<date>-<lang>.<fmt>``."""
    if fmt not in ("html", "pdf"):
        raise ValueError(f"unsupported format {fmt!r}: use html or pdf")
    if isinstance(doc, Dossier):
        return f"dossier-{doc.slug}-{doc.as_of.isoformat()}-{doc.lang}.{fmt}"
    return f"portfolio-{doc.as_of.isoformat()}-{doc.lang}.{fmt}"
