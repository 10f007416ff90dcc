"""Loading, validating and compiling rule packs (``senim/rule-pack/v1``) and the catalogue of packs.

A pack file is checked as a whole: structure (unknown keys, missing titles or languages, bad
dates), conditions (unknown fields and facts, impossible enumeration values, types), references
(penalties, ``fired()`` ids, duplicate ids) and fact cycles. Every error names the file and line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from senim._yaml import YamlError, load_with_lines, nearest_line
from senim.law.conditions import Compiled, ConditionError, FactType, compile_condition
from senim.profile.fields import profile_fields
from senim.profile.models import DocumentKind, OrgSize

__all__ = [
    "DOCUMENT_LABELS",
    "EFFECTS",
    "EVIDENCE_LABELS",
    "OBLIGATION_EFFECTS",
    "Catalog",
    "CompiledPack",
    "CompiledRule",
    "PackError",
    "default_catalog",
    "evidence_label",
    "load_pack_file",
]

PACK_SCHEMA = "senim/rule-pack/v1"
PACKS_DIR = Path(__file__).with_name("packs")
MAX_PACK_BYTES = 8 * 1024 * 1024

Effect = Literal[
    "classify", "prohibit", "obligation", "right", "notify", "label", "document", "manual_review"
]
EFFECTS: tuple[str, ...] = (
    "classify",
    "prohibit",
    "obligation",
    "right",
    "notify",
    "label",
    "document",
    "manual_review",
)
OBLIGATION_EFFECTS = frozenset({"obligation", "right", "notify", "label", "document"})
ACTOR_GATED = OBLIGATION_EFFECTS | {"manual_review"}
Verification = Literal["C", "S", "U"]
_VERIFICATION_RANK = {"C": 0, "S": 1, "U": 2}
_PERIOD = re.compile(r"^P(\d{1,4})(Y|M|W|D|WD)$")
_HARM_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,80}$")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,80}")  # a version that is a plain file name
_EVIDENCE_SIMPLE = frozenset(
    {
        "attestation",
        "scan",
        "audit:fairness",
        "audit:explanation",
        "label_check",
        "training_record",
        "registration",
        "notice",
        "contract",
    }
)
_DOCUMENT_KINDS = frozenset(DocumentKind.__args__)  # type: ignore[attr-defined]

#: English labels (gettext message ids) of the evidence kinds a rule may ask for.
EVIDENCE_LABELS: dict[str, str] = {
    "attestation": "Signed attestation",
    "scan": "Personal-data scan",
    "audit:fairness": "Fairness audit",
    "audit:explanation": "Explanation of automated decisions",
    "label_check": "Check of synthetic-content labels",
    "training_record": "Training record",
    "registration": "Registration",
    "notice": "Notice",
    "contract": "Contract",
}
#: English labels (gettext message ids) of the document kinds (``document:KIND`` evidence).
DOCUMENT_LABELS: dict[str, str] = {
    "technical_documentation": "Technical documentation",
    "risk_management": "Risk management",
    "data_libraries": "Data-library records",
    "ethical_assessment": "Ethical assessment",
    "user_agreement": "User agreement",
    "instructions_for_use": "Instructions for use",
    "quality_management_system": "Quality management system",
    "conformity_assessment": "Conformity assessment",
    "eu_declaration_of_conformity": "EU declaration of conformity",
    "fundamental_rights_impact_assessment": "Fundamental-rights impact assessment",
    "data_protection_impact_assessment": "Data-protection impact assessment",
    "art_6_3_assessment": "Article 6(3) assessment",
    "post_market_monitoring_plan": "Post-market monitoring plan",
    "copyright_policy": "Copyright policy",
    "training_content_summary": "Summary of training content",
    "downstream_provider_information": "Information for downstream providers",
    "personal_data_policy": "Personal-data policy",
    "model_evaluation": "Model evaluation",
}


def evidence_label(key: str) -> str:
    """The English label (a gettext message id) of an evidence requirement such as
    ``"audit:fairness"`` or ``"document:risk_management"``; unknown keys are returned as they are."""
    if key.startswith("document:"):
        return DOCUMENT_LABELS.get(key.removeprefix("document:"), key)
    return EVIDENCE_LABELS.get(key, key)
LANGS = ("kk", "ru", "en")


class PackError(ValueError):
    """A rule pack that cannot be loaded, with the file and line of the problem."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        where = self.path or "<pack>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------- file models


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class I18n(_Strict):
    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        value: str = getattr(self, lang, None) or self.en
        return value


def _check_period(value: str) -> str:
    if not _PERIOD.match(value):
        raise ValueError(f"invalid period {value!r}: use PnY, PnM, PnW, PnD or PnWD (working days)")
    return value


class DueDef(_Strict):
    after: str
    period: str

    _period = field_validator("period")(_check_period)


class ClockDef(_Strict):
    period: str
    from_: str = Field(alias="from", min_length=1)

    _period = field_validator("period")(_check_period)


class IncidentDef(_Strict):
    """Which recorded incidents start a ``notify`` rule's clock (the registry's incident clocks).

    ``harm_types`` are the registry's harm-type names; within one ``group`` (e.g. the Art. 73 reports)
    only the rule whose clock ends first is kept."""

    harm_types: list[str] = Field(min_length=1)
    group: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")

    @field_validator("harm_types")
    @classmethod
    def _harm_types(cls, value: list[str]) -> list[str]:
        for item in value:
            if not _HARM_TYPE.match(item):
                raise ValueError(f"invalid harm type {item!r}: lower-case letters, digits and '_'")
        if len(set(value)) != len(value):
            raise ValueError("harm_types: duplicate harm type")
        return value


class ExceptionDef(_Strict):
    article: str = Field(min_length=1)
    when: str
    title: I18n
    review: bool = True
    verification: Verification | None = None


class RuleDef(_Strict):
    id: str
    article: str = Field(min_length=1)
    effect: Effect
    title: I18n
    when: str = "true"
    exceptions: list[ExceptionDef] = Field(default_factory=list)
    actor: list[str] = Field(min_length=1)
    effective_from: dt.date
    effective_to: dt.date | None = None
    evidence: list[str] = Field(default_factory=list)
    source_url: str = Field(pattern=r"^https?://\S+$")
    verification: Verification
    penalty: str | None = None
    notes: str | None = None
    met_if: str | None = None
    due: DueDef | None = None
    clock: ClockDef | None = None
    incident: IncidentDef | None = None
    sets: dict[str, Any] | None = None
    reason: I18n | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("rule ids are upper-case letters, digits and '-' (e.g. KZ-AI-17-3-6)")
        return value

    @field_validator("evidence")
    @classmethod
    def _evidence(cls, value: list[str]) -> list[str]:
        for item in value:
            if item in _EVIDENCE_SIMPLE:
                continue
            if item.startswith("document:") and item[len("document:") :] in _DOCUMENT_KINDS:
                continue
            raise ValueError(
                f"unknown evidence kind {item!r} (allowed: {', '.join(sorted(_EVIDENCE_SIMPLE))}, "
                f"document:<{'|'.join(sorted(_DOCUMENT_KINDS))}>)"
            )
        return value


class FactDef(_Strict):
    name: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    values: list[str] | None = None
    expr: str | None = None
    default: Any = None
    collect: bool = False  # the list of the values of every classify rule that fires (e.g. Annex III points)
    title: I18n | None = None


class PenaltyDef(_Strict):
    id: str
    article: str
    # the instrument in each language, or one name used in all three (e.g. "КоАП РК")
    instrument: I18n
    title: I18n
    verification: Verification
    source_url: str = Field(pattern=r"^https?://\S+$")
    unit: Literal["MCI", "EUR"]
    by_size: dict[OrgSize, tuple[float, float]] | None = None
    fixed: float | None = None
    turnover_pct: float | None = None
    sme_lower: bool = True  # Art. 99(6): for SMEs the lower of the two amounts
    note: I18n | None = None

    @field_validator("instrument", mode="before")
    @classmethod
    def _one_name(cls, value: Any) -> Any:
        return {"kk": value, "ru": value, "en": value} if isinstance(value, str) else value


class PackDef(_Strict):
    schema_: Literal["senim/rule-pack/v1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(pattern=r"^[0-9A-Za-z._-]+$")
    status: Literal["in_force", "bill"]
    valid_from: dt.date
    valid_to: dt.date | None = None
    title: I18n
    instrument: str
    jurisdiction: Literal["kz", "eu"]
    source_url: str = Field(pattern=r"^https?://\S+$")
    roles_field: str
    scope: str = "true"
    verification_cap: Verification | None = None
    notes: str | None = None
    classification: list[str] = Field(default_factory=list)
    out_of_scope: dict[str, Any] = Field(default_factory=dict)
    facts: list[FactDef] = Field(default_factory=list)
    penalties: list[PenaltyDef] = Field(default_factory=list)
    rules: list[RuleDef] = Field(min_length=1)


# --------------------------------------------------------------------------- compiled structures


@dataclass(frozen=True, slots=True)
class CompiledException:
    article: str
    when: Compiled
    title: I18n
    review: bool
    verification: str | None


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One rule, ready to evaluate."""

    id: str
    article: str
    effect: str
    title: I18n
    when: Compiled
    exceptions: tuple[CompiledException, ...]
    actor: tuple[str, ...]
    effective_from: dt.date
    effective_to: dt.date | None
    evidence: tuple[str, ...]
    source_url: str
    verification: str
    penalty: str | None
    notes: str | None
    met_if: Compiled | None
    due: DueDef | None
    clock: ClockDef | None
    sets: dict[str, Any]
    reason: I18n | None
    gated_by_actor: bool
    gated_by_scope: bool
    incident: IncidentDef | None = None

    def in_force(self, as_of: dt.date) -> bool:
        return self.effective_from <= as_of and (self.effective_to is None or as_of <= self.effective_to)


@dataclass(frozen=True, slots=True)
class CompiledFact:
    name: str
    type: FactType
    expr: Compiled | None
    default: Any
    title: I18n | None
    collect: bool = False


@dataclass(frozen=True)
class CompiledPack:
    """A pack version, validated and compiled."""

    id: str
    version: str
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    title: I18n
    instrument: str
    jurisdiction: str
    source_url: str
    roles_field: str
    scope: Compiled
    verification_cap: str | None
    notes: str | None
    classification: tuple[str, ...]
    out_of_scope: dict[str, Any]
    facts: dict[str, CompiledFact]
    penalties: dict[str, PenaltyDef]
    rules: tuple[CompiledRule, ...]
    path: Path
    extends: str | None
    setters: dict[str, tuple[CompiledRule, ...]] = field(default_factory=dict)
    by_effect: dict[str, tuple[CompiledRule, ...]] = field(default_factory=dict)
    by_id: dict[str, CompiledRule] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.status == "in_force"
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


# --------------------------------------------------------------------------- raw loading and merging


@dataclass
class _Raw:
    data: dict[str, Any]
    # where each rule / fact / penalty came from: (file, line map, path prefix in that file)
    origins: dict[tuple[str, int], tuple[Path, dict[tuple[str, ...], int], tuple[str, ...]]]
    path: Path
    lines: dict[tuple[str, ...], int]


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[tuple[str, ...], int]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read pack: {exc.strerror or exc}", path) from None
    if len(raw) > MAX_PACK_BYTES:
        raise PackError(f"pack file is larger than {MAX_PACK_BYTES} bytes", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(f"not UTF-8 (invalid byte at offset {exc.start})", path) from None
    try:
        data, lines = load_with_lines(text)
    except YamlError as exc:
        raise PackError(exc.message, path, exc.line) from None
    if not isinstance(data, dict):
        raise PackError("a rule pack must be a YAML mapping", path, 1)
    return data, lines


_LIST_KEYS = {"rules": "id", "facts": "name", "penalties": "id"}
_DEFAULTED: set[int] = set()  # ids of rule mappings whose effective_from came from their file's valid_from


def _load_raw(path: Path, chain: tuple[Path, ...] = ()) -> _Raw:
    path = path.resolve()
    if path in chain:
        raise PackError("'extends' forms a cycle", path)
    data, lines = _read_yaml(path)
    for key in _LIST_KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, list):
            raise PackError(f"'{key}' must be a list", path, lines.get((key,)))
    # Default effective_from of rules defined in this file: this file's valid_from.
    valid_from = data.get("valid_from")
    for i, rule in enumerate(data.get("rules") or []):
        if isinstance(rule, dict) and "effective_from" not in rule and valid_from is not None:
            rule["effective_from"] = valid_from
            _DEFAULTED.add(id(rule))
        if not isinstance(rule, dict):
            raise PackError("each rule must be a mapping", path, lines.get(("rules", str(i))))
    extends = data.pop("extends", None)
    remove = data.pop("remove", None) or []
    origins: dict[tuple[str, int], tuple[Path, dict[tuple[str, ...], int], tuple[str, ...]]] = {}
    if extends is None:
        if remove:
            raise PackError("'remove' needs 'extends'", path, lines.get(("remove",)))
        for key in _LIST_KEYS:
            for i, _ in enumerate(data.get(key) or []):
                origins[(key, i)] = (path, lines, (key, str(i)))
        return _Raw(data, origins, path, lines)

    if not isinstance(extends, str) or not _VERSION.fullmatch(extends):
        raise PackError(
            "'extends' must name a version of this pack (its file name without .yaml, e.g. \"2026-01-18\")",
            path,
            lines.get(("extends",)),
        )
    base_path = path.with_name(f"{extends}.yaml")
    if not base_path.exists():
        raise PackError(
            f"extends unknown version {extends!r} (no {base_path.name})", path, lines.get(("extends",))
        )
    base = _load_raw(base_path, (*chain, path))
    if data.get("id", base.data.get("id")) != base.data.get("id"):
        raise PackError("a version can only extend a version of the same pack", path, lines.get(("id",)))
    merged: dict[str, Any] = {k: v for k, v in base.data.items() if k not in _LIST_KEYS}
    merged.update({k: v for k, v in data.items() if k not in _LIST_KEYS})
    if "verification_cap" not in data:
        merged.pop("verification_cap", None)
    new_origins: dict[tuple[str, int], tuple[Path, dict[tuple[str, ...], int], tuple[str, ...]]] = {}
    if not isinstance(remove, list):
        raise PackError("'remove' must be a list of rule ids", path, lines.get(("remove",)))
    for key, id_key in _LIST_KEYS.items():
        items: list[Any] = []
        item_origins: list[tuple[Path, dict[tuple[str, ...], int], tuple[str, ...]]] = []
        index: dict[Any, int] = {}
        for i, item in enumerate(base.data.get(key) or []):
            index[item.get(id_key) if isinstance(item, dict) else None] = len(items)
            items.append(item)
            item_origins.append(base.origins[(key, i)])
        if key == "rules":
            penalty_ids = {p.get("id") for p in base.data.get("penalties") or [] if isinstance(p, dict)}
            for j, rid in enumerate(remove):
                if rid not in index and rid not in penalty_ids:
                    raise PackError(
                        f"remove: no inherited rule or penalty {rid!r}", path, lines.get(("remove", str(j)))
                    )
            earlier = _earlier_text(data.get("valid_from"), base.data.get("valid_from"))
            if earlier is not None:
                # An earlier text (e.g. a bill) inheriting from the law: rules that started with the
                # law start with the earlier text instead.
                items = [
                    {**item, "effective_from": earlier}
                    if isinstance(item, dict) and id(item) in _DEFAULTED
                    else item
                    for item in items
                ]
        for i, item in enumerate(data.get(key) or []):
            ident = item.get(id_key) if isinstance(item, dict) else None
            origin = (path, lines, (key, str(i)))
            if ident is not None and ident in index:
                items[index[ident]] = item
                item_origins[index[ident]] = origin
            else:
                index[ident] = len(items)
                items.append(item)
                item_origins.append(origin)
        if key in ("rules", "penalties"):
            keep = [
                k for k, item in enumerate(items) if not (isinstance(item, dict) and item.get("id") in remove)
            ]
            items = [items[k] for k in keep]
            item_origins = [item_origins[k] for k in keep]
        merged[key] = items
        for i, item_origin in enumerate(item_origins):
            new_origins[(key, i)] = item_origin
    merged["_extends"] = extends
    return _Raw(merged, new_origins, path, lines)


def _earlier_text(child_from: Any, base_from: Any) -> dt.date | None:
    if isinstance(child_from, dt.date) and isinstance(base_from, dt.date) and child_from < base_from:
        return child_from
    return None


def _locate(raw: _Raw, loc: tuple[str, ...]) -> tuple[Path, int | None]:
    if len(loc) >= 2 and loc[0] in _LIST_KEYS and loc[1].isdigit():
        origin = raw.origins.get((loc[0], int(loc[1])))
        if origin is not None:
            file, lines, prefix = origin
            return file, nearest_line(lines, (*prefix, *loc[2:]))
    return raw.path, nearest_line(raw.lines, loc)


# --------------------------------------------------------------------------- compilation


def _infer_fact_type(fd: FactDef, setter_values: list[Any]) -> FactType:
    values = [*setter_values, *([fd.default] if fd.default is not None else [])]
    if values and all(isinstance(v, bool) for v in values) and fd.values is None:
        return FactType("bool")
    if fd.values is not None:
        return FactType("enum", tuple(fd.values))
    strs = tuple(dict.fromkeys(str(v) for v in values))
    return FactType("enum", strs) if strs else FactType("any")


def load_pack_file(path: str | Path) -> CompiledPack:
    """Load, validate and compile one pack version file.

    Raises
    ------
    PackError
        Naming the file and line of the first problem found.
    """
    p = Path(path)
    raw = _load_raw(p)
    extends = raw.data.pop("_extends", None)
    try:
        pack = PackDef.model_validate(raw.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(str(x) for x in err["loc"])
        file, line = _locate(raw, loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "required key is missing"
        raise PackError(f"{'.'.join(loc)}: {msg}", file, line) from None
    if p.suffix == ".yaml" and p.stem != pack.version:
        raise PackError(f"file name must be the version: {pack.version}.yaml", p, raw.lines.get(("version",)))
    if p.parent.name != pack.id and p.parent.resolve().parent == PACKS_DIR.resolve():
        raise PackError(f"pack {pack.id!r} must live in a folder named {pack.id}", p, raw.lines.get(("id",)))
    return _compile_pack(pack, raw, extends)


def _compile_pack(pack: PackDef, raw: _Raw, extends: str | None) -> CompiledPack:
    fields = profile_fields()

    def fail(msg: str, loc: tuple[str, ...]) -> PackError:
        file, line = _locate(raw, loc)
        return PackError(msg, file, line)

    if pack.roles_field not in fields or fields[pack.roles_field].kind != "list":
        raise fail(f"roles_field {pack.roles_field!r} is not a list field of the profile", ("roles_field",))
    role_values = set(fields[pack.roles_field].values or ())

    # ids
    seen: dict[str, int] = {}
    for i, rule in enumerate(pack.rules):
        if rule.id in seen:
            raise fail(f"duplicate rule id {rule.id!r}", ("rules", str(i), "id"))
        seen[rule.id] = i
    rule_ids = frozenset(seen)
    penalties: dict[str, PenaltyDef] = {}
    for i, pen in enumerate(pack.penalties):
        if pen.id in penalties:
            raise fail(f"duplicate penalty id {pen.id!r}", ("penalties", str(i), "id"))
        if pen.by_size is None and pen.fixed is None:
            raise fail("a penalty needs by_size or fixed", ("penalties", str(i)))
        penalties[pen.id] = pen

    # facts: types first (classify rules may set them)
    fact_defs: dict[str, FactDef] = {}
    for i, fd in enumerate(pack.facts):
        if fd.name in fact_defs or fd.name == "as_of":
            raise fail(f"duplicate or reserved fact name {fd.name!r}", ("facts", str(i), "name"))
        fact_defs[fd.name] = fd
    setter_values: dict[str, list[Any]] = {name: [] for name in fact_defs}
    for i, rule in enumerate(pack.rules):
        if rule.effect == "classify":
            if not rule.sets:
                raise fail("a classify rule needs 'sets'", ("rules", str(i)))
            for name, value in rule.sets.items():
                target = fact_defs.get(name)
                if target is None:
                    raise fail(f"sets unknown fact {name!r}", ("rules", str(i), "sets", name))
                if target.expr is not None:
                    raise fail(
                        f"fact {name!r} is computed by expr and cannot be set", ("rules", str(i), "sets")
                    )
                if target.values is not None and str(value) not in target.values:
                    raise fail(
                        f"{value!r} is not a value of fact {name!r} ({', '.join(target.values)})",
                        ("rules", str(i), "sets", name),
                    )
                setter_values[name].append(value)
        elif rule.sets:
            raise fail("only classify rules may use 'sets'", ("rules", str(i), "sets"))
    fact_types: dict[str, FactType] = {}
    for name, fd in fact_defs.items():
        if fd.collect:
            if fd.expr is not None:
                raise fail(f"fact {name!r}: collect and expr exclude each other", ("facts",))
            item = _infer_fact_type(fd, setter_values[name])
            fact_types[name] = FactType("list", item.values)
        elif fd.expr is None:
            fact_types[name] = _infer_fact_type(fd, setter_values[name])
        else:
            fact_types[name] = FactType("any")  # refined below once the expression is checked
    compiled_facts: dict[str, CompiledFact] = {}
    for i, (name, fd) in enumerate(fact_defs.items()):
        expr = None
        if fd.expr is not None:
            try:
                expr = compile_condition(
                    fd.expr, fields=fields, facts=fact_types, rule_ids=rule_ids, want_bool=False
                )
            except ConditionError as exc:
                raise fail(f"facts.{name}.expr: {exc}", ("facts", str(i), "expr")) from None
        compiled_facts[name] = CompiledFact(name, fact_types[name], expr, fd.default, fd.title, fd.collect)

    def cond(text: str, loc: tuple[str, ...]) -> Compiled:
        try:
            return compile_condition(text, fields=fields, facts=fact_types, rule_ids=rule_ids)
        except ConditionError as exc:
            raise fail(f"{'.'.join(loc[2:]) or loc[-1]}: {exc} in {text!r}", loc) from None

    scope = cond(pack.scope, ("scope",))
    for name in pack.classification:
        if name not in fact_defs:
            raise fail(f"classification names unknown fact {name!r}", ("classification",))
    cap = pack.verification_cap
    rules: list[CompiledRule] = []
    for i, rd in enumerate(pack.rules):
        base = ("rules", str(i))
        gated = rd.effect in ACTOR_GATED and "any" not in rd.actor
        bad_actor = [a for a in rd.actor if a != "any" and a not in role_values]
        if bad_actor:
            raise fail(
                f"actor {bad_actor[0]!r} is not a role of {pack.roles_field} "
                f"({', '.join(sorted(role_values))} or any)",
                (*base, "actor"),
            )
        if rd.penalty is not None and rd.penalty not in penalties:
            raise fail(f"unknown penalty {rd.penalty!r}", (*base, "penalty"))
        if rd.effective_to is not None and rd.effective_to < rd.effective_from:
            raise fail("effective_to is before effective_from", (*base, "effective_to"))
        if rd.exceptions and rd.effect != "prohibit":
            raise fail("only prohibit rules have exceptions", (*base, "exceptions"))
        if (rd.met_if or rd.due or rd.clock) and rd.effect not in OBLIGATION_EFFECTS:
            raise fail(f"met_if/due/clock belong to obligation-type rules, not {rd.effect}", base)
        if rd.incident is not None and rd.effect != "notify":
            raise fail(f"incident belongs to notify rules, not {rd.effect}", (*base, "incident"))
        if rd.due is not None:
            spec = fields.get(rd.due.after)
            if spec is None or spec.kind != "date":
                raise fail(f"due.after {rd.due.after!r} is not a date field of the profile", (*base, "due"))
        verification = rd.verification
        if cap is not None and _VERIFICATION_RANK[cap] > _VERIFICATION_RANK[verification]:
            verification = cap
        rules.append(
            CompiledRule(
                id=rd.id,
                article=rd.article,
                effect=rd.effect,
                title=rd.title,
                when=cond(rd.when, (*base, "when")),
                exceptions=tuple(
                    CompiledException(
                        ex.article,
                        cond(ex.when, (*base, "exceptions", str(j), "when")),
                        ex.title,
                        ex.review,
                        ex.verification,
                    )
                    for j, ex in enumerate(rd.exceptions)
                ),
                actor=tuple(rd.actor),
                effective_from=rd.effective_from,
                effective_to=rd.effective_to,
                evidence=tuple(rd.evidence),
                source_url=rd.source_url,
                verification=verification,
                penalty=rd.penalty,
                notes=rd.notes,
                met_if=cond(rd.met_if, (*base, "met_if")) if rd.met_if is not None else None,
                due=rd.due,
                clock=rd.clock,
                sets=dict(rd.sets or {}),
                reason=rd.reason,
                gated_by_actor=gated,
                gated_by_scope=rd.effect != "classify",
                incident=rd.incident,
            )
        )
    setters: dict[str, list[CompiledRule]] = {name: [] for name in fact_defs}
    by_effect: dict[str, list[CompiledRule]] = {e: [] for e in EFFECTS}
    for crule in rules:
        by_effect[crule.effect].append(crule)
        for name in crule.sets:
            setters[name].append(crule)
    compiled = CompiledPack(
        id=pack.id,
        version=pack.version,
        status=pack.status,
        valid_from=pack.valid_from,
        valid_to=pack.valid_to,
        title=pack.title,
        instrument=pack.instrument,
        jurisdiction=pack.jurisdiction,
        source_url=pack.source_url,
        roles_field=pack.roles_field,
        scope=scope,
        verification_cap=cap,
        notes=pack.notes,
        classification=tuple(pack.classification),
        out_of_scope=dict(pack.out_of_scope),
        facts=compiled_facts,
        penalties=penalties,
        rules=tuple(rules),
        path=raw.path,
        extends=extends,
        setters={k: tuple(v) for k, v in setters.items()},
        by_effect={k: tuple(v) for k, v in by_effect.items()},
        by_id={r.id: r for r in rules},
    )
    _check_cycles(compiled, fail)
    return compiled


def _check_cycles(pack: CompiledPack, fail: Any) -> None:
    """Reject facts and rules that depend on themselves (they could never be evaluated)."""

    def deps(node: str) -> Iterator[str]:
        kind, _, name = node.partition(":")
        if kind == "fact":
            fact = pack.facts[name]
            if fact.expr is not None:
                yield from _refs(fact.expr)
            for rule in pack.setters.get(name, ()):
                yield f"rule:{rule.id}"
        elif kind == "rule":
            rule = pack.by_id[name]
            if rule.gated_by_scope:
                yield from _refs(pack.scope)
            yield from _refs(rule.when)
            for ex in rule.exceptions:
                yield from _refs(ex.when)
        elif kind == "effect":
            for rule in pack.by_effect.get(name, ()):
                yield f"rule:{rule.id}"

    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        st = state.get(node)
        if st == 2:
            return
        if st == 1:
            cycle = " -> ".join([*stack[stack.index(node) :], node])
            raise fail(f"circular definition: {cycle}", ("facts",))
        state[node] = 1
        stack.append(node)
        for dep in deps(node):
            visit(dep, stack)
        stack.pop()
        state[node] = 2

    for name in pack.facts:
        visit(f"fact:{name}", [])
    for rule in pack.rules:
        visit(f"rule:{rule.id}", [])


def _refs(compiled: Compiled) -> Iterable[str]:
    for fact in compiled.facts:
        yield f"fact:{fact}"
    for ref in compiled.rules:
        yield f"effect:{ref[1:]}" if ref.startswith("@") else f"rule:{ref}"


# --------------------------------------------------------------------------- catalogue


class Catalog:
    """The rule packs available: the built-in ones plus any directories given."""

    def __init__(self, dirs: Iterable[Path]) -> None:
        self.dirs = tuple(dirs)
        self._files: dict[str, dict[str, Path]] = {}
        for root in self.dirs:
            if not root.is_dir():
                continue
            for pack_dir in sorted(p for p in root.iterdir() if p.is_dir()):
                for f in sorted(pack_dir.glob("*.yaml")):
                    self._files.setdefault(pack_dir.name, {})[f.stem] = f
        self._cache: dict[Path, CompiledPack] = {}

    def pack_ids(self) -> list[str]:
        """Pack ids, Kazakhstan first, then the EU (the order results are reported in)."""

        def key(pid: str) -> tuple[int, str]:
            return (0 if pid.startswith("kz-") else 1, pid)

        return sorted(self._files, key=key)

    def versions(self, pack_id: str) -> list[str]:
        return sorted(self._files.get(pack_id, {}))

    def load(self, pack_id: str, version: str) -> CompiledPack:
        files = self._files.get(pack_id)
        if files is None:
            raise PackError(f"unknown pack {pack_id!r} (available: {', '.join(self.pack_ids())})")
        path = files.get(version)
        if path is None:
            raise PackError(
                f"unknown version {version!r} of {pack_id} (available: {', '.join(sorted(files))})"
            )
        if path not in self._cache:
            self._cache[path] = load_pack_file(path)
        return self._cache[path]

    def all_versions(self, pack_id: str) -> list[CompiledPack]:
        return [self.load(pack_id, v) for v in self.versions(pack_id)]

    def resolve(self, ref: str, as_of: dt.date) -> CompiledPack:
        """``id`` (the version in force on ``as_of``) or ``id@version``."""
        pack_id, _, version = ref.partition("@")
        if version or pack_id not in self._files:
            return self.load(pack_id, version)
        candidates = [p for p in self.all_versions(pack_id) if p.status == "in_force"]
        if not candidates:
            raise PackError(f"pack {pack_id!r} has no version in force")
        in_force = [p for p in candidates if p.in_force_on(as_of)]
        if in_force:
            return max(in_force, key=lambda p: p.valid_from)
        earlier = [p for p in candidates if p.valid_from <= as_of]
        if earlier:
            return max(earlier, key=lambda p: p.valid_from)
        return min(candidates, key=lambda p: p.valid_from)


def _extra_dirs() -> list[Path]:
    env = os.environ.get("SENIM_PACKS_PATH", "")
    return [Path(p) for p in env.split(os.pathsep) if p]


@cache
def default_catalog() -> Catalog:
    """The built-in packs, plus directories listed in ``SENIM_PACKS_PATH``."""
    return Catalog([PACKS_DIR, *_extra_dirs()])
