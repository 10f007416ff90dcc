"""The evaluator: a profile and rule packs in, an explained assessment out.

Deterministic and small. For each pack it computes the classification (facts set by ``classify``
rules), the prohibited practices, the obligations with their status and due dates, the open
questions (unanswered fields that a result depends on) and the points that need a lawyer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from senim.law.conditions import Compiled, explain, format_value, unknown_fields
from senim.law.dates import add_period, describe_period
from senim.law.packs import (
    OBLIGATION_EFFECTS,
    Catalog,
    CompiledPack,
    CompiledRule,
    PenaltyDef,
    default_catalog,
)
from senim.profile.fields import profile_fields
from senim.profile.models import SystemProfile

__all__ = [
    "ASSESSMENT_SCHEMA",
    "Assessment",
    "Finding",
    "OpenQuestion",
    "PackResult",
    "assess",
    "flatten_profile",
]

ASSESSMENT_SCHEMA = "senim/assessment/v1"
_MISSING = object()
_BUSY = object()


# --------------------------------------------------------------------------- flat profile values


def _getters() -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for path in profile_fields():
        attrs = tuple("schema_" if p == "schema" else p for p in path.split("."))
        out.append((path, attrs))
    return out


_GETTERS = _getters()


def flatten_profile(profile: SystemProfile) -> dict[str, Any]:
    """Dotted path -> answer (``None`` when unanswered); lists become frozensets for membership tests."""
    values: dict[str, Any] = {}
    for path, attrs in _GETTERS:
        obj: Any = profile
        for a in attrs:
            obj = getattr(obj, a)
            if obj is None:
                break
        if isinstance(obj, list):
            obj = tuple(obj)
        values[path] = obj
    return values


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Finding:
    """A rule's result for one system."""

    rule: str
    article: str
    title: str
    effect: str
    verification: str
    why: str
    source_url: str
    actor: tuple[str, ...] = ()
    status: str | None = None  # obligations only
    due: dt.date | None = None
    applies_from: dt.date | None = None
    clock: str | None = None
    evidence: tuple[str, ...] = ()
    penalty: dict[str, Any] | None = None
    reason: str | None = None  # manual review only

    def to_dict(self, kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "article": self.article, "title": self.title}
        if kind == "obligation":
            out["effect"] = self.effect
            out["actor"] = list(self.actor)
            out["status"] = self.status
            out["due"] = self.due.isoformat() if self.due else None
            if self.applies_from is not None:
                out["applies_from"] = self.applies_from.isoformat()
            if self.clock is not None:
                out["clock"] = self.clock
            out["evidence"] = list(self.evidence)
            out["why"] = self.why
        elif kind == "manual_review":
            out["reason"] = self.reason or self.why
        else:
            out["why"] = self.why
        out["verification"] = self.verification
        if self.penalty is not None:
            out["penalty"] = self.penalty
        out["source_url"] = self.source_url
        return out


@dataclass(slots=True)
class OpenQuestion:
    field: str
    needed_by: list[str]
    question: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "needed_by": self.needed_by, "question": self.question}


@dataclass(slots=True)
class PackResult:
    """The assessment of one system against one pack version."""

    pack: str
    version: str
    title: str
    in_scope: bool | None
    classification: dict[str, Any]
    prohibited: list[Finding] = field(default_factory=list)
    obligations: list[Finding] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    manual_review: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pack": self.pack,
            "version": self.version,
            "title": self.title,
            "in_scope": self.in_scope,
            "classification": {k: _jsonable(v) for k, v in self.classification.items()},
            "prohibited": [f.to_dict("prohibited") for f in self.prohibited],
            "obligations": [f.to_dict("obligation") for f in self.obligations],
            "open_questions": [q.to_dict() for q in self.open_questions],
            "manual_review": [f.to_dict("manual_review") for f in self.manual_review],
        }


@dataclass(slots=True)
class Assessment:
    """All pack results for one system on one date."""

    system: str
    as_of: dt.date
    lang: str
    results: list[PackResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": ASSESSMENT_SCHEMA,
            "system": self.system,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "results": [r.to_dict() for r in self.results],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | frozenset | set):
        return sorted(value)
    return value


# --------------------------------------------------------------------------- evaluation context


def _or(values: Iterable[bool | None]) -> bool | None:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def _and(*values: bool | None) -> bool | None:
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


class _Eval:
    """Evaluates one pack against one profile; memoises facts and rule outcomes."""

    __slots__ = ("_facts", "_fired", "_scope", "as_of", "pack", "roles", "values")

    def __init__(self, pack: CompiledPack, values: dict[str, Any], as_of: dt.date) -> None:
        self.pack = pack
        self.values = values
        self.as_of = as_of
        self.roles = values[pack.roles_field]
        self._facts: dict[str, Any] = {}
        self._fired: dict[str, bool | None] = {}
        self._scope: Any = _MISSING

    # -- EvalContext protocol
    def fact(self, name: str) -> Any:
        value = self._facts.get(name, _MISSING)
        if value is _BUSY:
            raise RuntimeError(f"circular fact ${name}")
        if value is not _MISSING:
            return value
        if name == "as_of":
            return self.as_of
        self._facts[name] = _BUSY
        fact = self.pack.facts[name]
        value = fact.expr(self) if fact.expr is not None else self._from_setters(name, fact.default)
        self._facts[name] = value
        return value

    def _from_setters(self, name: str, default: Any) -> Any:
        pending: set[Any] = set()  # values of earlier setters whose outcome is unknown
        for rule in self.pack.setters[name]:
            outcome = self.fired(rule.id)
            value = rule.sets[name]
            if outcome is True:
                if pending and pending != {value}:
                    return None
                return value
            if outcome is None:
                pending.add(value)
        if pending:
            if default is not None and pending == {default}:
                return default
            return None
        return default

    def fired(self, rule_id: str) -> bool | None:
        value = self._fired.get(rule_id, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        rule = self.pack.by_id[rule_id]
        if rule.effect != "classify" and not rule.in_force(self.as_of):
            result: bool | None = False
        else:
            app = self.applies(rule)
            if rule.exceptions and app is not False:
                exc = _or(ex.when(self) for ex in rule.exceptions)
                result = _and(app, None if exc is None else not exc)
            else:
                result = app
        self._fired[rule_id] = result
        return result

    def any_fired(self, effect: str) -> bool | None:
        return _or(self.fired(r.id) for r in self.pack.by_effect.get(effect, ()))

    # -- helpers
    def scope(self) -> bool | None:
        if self._scope is _MISSING:
            self._scope = self.pack.scope(self)
        value: bool | None = self._scope
        return value

    def actor_ok(self, rule: CompiledRule) -> bool | None:
        if not rule.gated_by_actor:
            return True
        roles = self.roles
        if roles is None:
            return None
        return any(a in roles for a in rule.actor)

    def applies(self, rule: CompiledRule) -> bool | None:
        """Scope, actor and condition, ignoring dates and exceptions."""
        if rule.gated_by_scope:
            s = self.scope()
            if s is False:
                return False
        else:
            s = True
        a = self.actor_ok(rule)
        if a is False:
            return False
        w = rule.when(self)
        return _and(s, a, w)

    # -- open questions (slow path: only for unknown outcomes)
    def fields_behind(self, key: str, seen: set[str] | None = None) -> set[str]:
        """Unanswered fields behind a fact (``name``), a rule (``@rule:ID``) or an effect (``@effect:E``)."""
        seen = seen if seen is not None else set()
        if key in seen:
            return set()
        seen.add(key)
        out: set[str] = set()
        if key.startswith("@rule:"):
            rule = self.pack.by_id[key[6:]]
            if self.fired(rule.id) is None:
                out |= self.rule_unknowns(rule, seen, include_scope=True)
            return out
        if key.startswith("@effect:"):
            for rule in self.pack.by_effect.get(key[8:], ()):
                if self.fired(rule.id) is None:
                    out |= self.rule_unknowns(rule, seen, include_scope=True)
            return out
        fact = self.pack.facts[key]
        if self.fact(key) is not None:
            return out
        if fact.expr is not None:
            return self.cond_unknowns(fact.expr, seen)
        for rule in self.pack.setters[key]:
            if self.fired(rule.id) is None:
                out |= self.rule_unknowns(rule, seen, include_scope=True)
        return out

    def cond_unknowns(self, cond: Compiled, seen: set[str] | None = None) -> set[str]:
        seen = seen if seen is not None else set()
        return unknown_fields(cond.ast, self, lambda k: self.fields_behind(k, seen))

    def rule_unknowns(
        self, rule: CompiledRule, seen: set[str] | None = None, *, include_scope: bool
    ) -> set[str]:
        out: set[str] = set()
        if include_scope and rule.gated_by_scope and self.scope() is None:
            out |= self.cond_unknowns(self.pack.scope, seen)
        if self.actor_ok(rule) is None:
            out.add(self.pack.roles_field)
        if rule.when(self) is None:
            out |= self.cond_unknowns(rule.when, seen)
        if rule.exceptions and rule.when(self) is not False:
            for ex in rule.exceptions:
                if ex.when(self) is None:
                    out |= self.cond_unknowns(ex.when, seen)
        return out


# --------------------------------------------------------------------------- assembling results


def _explain(cond: Compiled, ev: _Eval) -> list[str]:
    if cond.source.strip() == "true":
        return []
    return explain(cond.ast, ev)


def _penalty(pen: PenaltyDef, values: dict[str, Any], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ref": pen.id,
        "article": pen.article,
        "instrument": pen.instrument,
        "verification": pen.verification,
    }
    if pen.by_size is not None:
        size = values.get("organization.size")
        if size in pen.by_size:
            first, repeat = pen.by_size[size]
            out["size"] = size
            out["first"] = f"{first:g} {pen.unit}"
            out["repeat"] = f"{repeat:g} {pen.unit}"
            out["max"] = f"{first:g} {pen.unit} (repeat within a year: {repeat:g} {pen.unit})"
        else:
            out["max"] = (
                "; ".join(f"{s}: {a:g}/{b:g} {pen.unit}" for s, (a, b) in pen.by_size.items())
                + " (first/repeat; organization.size unanswered)"
            )
    else:
        fixed = (
            f"€{pen.fixed:,.0f}"
            if pen.unit == "EUR" and pen.fixed is not None
            else f"{pen.fixed:g} {pen.unit}"
        )
        if pen.turnover_pct is not None:
            sme = values.get("organization.sme")
            rule = "lower" if sme is True else "higher"
            out["max"] = f"{fixed} or {pen.turnover_pct:g}% of worldwide annual turnover, whichever is {rule}"
            if sme is None:
                out["max"] += " (for SMEs the lower; organization.sme unanswered)"
        else:
            out["max"] = fixed
    if pen.note is not None:
        out["note"] = pen.note.get(lang)
    return out


class _Builder:
    def __init__(self, ev: _Eval, lang: str) -> None:
        self.ev = ev
        self.lang = lang
        self.questions: dict[str, list[str]] = {}

    def ask(self, fields: Iterable[str], needed_by: str) -> None:
        for f in sorted(fields):
            lst = self.questions.setdefault(f, [])
            if needed_by not in lst:
                lst.append(needed_by)

    def finding(self, rule: CompiledRule, why: str, **kw: Any) -> Finding:
        pen = None
        if rule.penalty is not None:
            pen = _penalty(self.ev.pack.penalties[rule.penalty], self.ev.values, self.lang)
        return Finding(
            rule=rule.id,
            article=rule.article,
            title=rule.title.get(self.lang),
            effect=rule.effect,
            verification=rule.verification,
            why=why,
            source_url=rule.source_url,
            actor=rule.actor,
            evidence=rule.evidence,
            penalty=pen,
            **kw,
        )

    def why_applies(self, rule: CompiledRule) -> list[str]:
        parts = _explain(rule.when, self.ev)
        if rule.gated_by_actor:
            parts.append(f"{self.ev.pack.roles_field} = {format_value(self.ev.roles)}")
        return parts


def _evaluate_pack(pack: CompiledPack, values: dict[str, Any], as_of: dt.date, lang: str) -> PackResult:
    ev = _Eval(pack, values, as_of)
    b = _Builder(ev, lang)
    scope = ev.scope()
    result = PackResult(pack.id, pack.version, pack.title.get(lang), scope, {})
    if scope is False:
        result.classification = dict(pack.out_of_scope)
        return result
    if scope is None:
        b.ask(ev.cond_unknowns(pack.scope), f"{pack.id}:scope")
    for name in pack.classification:
        value = ev.fact(name)
        result.classification[name] = value
        if value is None:
            fact = pack.facts[name]
            if fact.expr is not None:
                b.ask(ev.fields_behind(name), f"{pack.id}:{name}")
            else:
                for rule in pack.setters[name]:
                    if ev.fired(rule.id) is None:
                        b.ask(ev.rule_unknowns(rule, include_scope=False), rule.id)

    for rule in pack.rules:
        effect = rule.effect
        if effect == "classify":
            if rule.verification == "U" and ev.fired(rule.id) is True:
                result.manual_review.append(
                    b.finding(
                        rule,
                        "",
                        reason="classification rests on an uncertain source [U]: "
                        + "; ".join(_explain(rule.when, ev)),
                    )
                )
            continue
        if rule.effective_to is not None and as_of > rule.effective_to:
            continue
        app = ev.applies(rule)
        if app is False:
            continue
        future = as_of < rule.effective_from
        if app is None:
            b.ask(ev.rule_unknowns(rule, include_scope=False), rule.id)
            if effect in OBLIGATION_EFFECTS:
                result.obligations.append(
                    b.finding(
                        rule,
                        "may apply: " + "; ".join(b.why_applies(rule)),
                        status="unknown",
                        applies_from=rule.effective_from if future else None,
                        clock=_clock(rule),
                    )
                )
            continue
        # app is True
        if effect == "prohibit":
            _prohibition(rule, ev, b, result, future)
        elif effect == "manual_review":
            if not future:
                reason = rule.reason.get(lang) if rule.reason else rule.title.get(lang)
                why = "; ".join(b.why_applies(rule))
                result.manual_review.append(
                    b.finding(rule, why, reason=f"{reason} ({why})" if why else reason)
                )
        else:
            result.obligations.append(_obligation(rule, ev, b, future))
            if rule.verification == "U" and not future:
                result.manual_review.append(
                    b.finding(
                        rule,
                        "",
                        reason="obligation rests on an uncertain source [U]; confirm before relying on it",
                    )
                )
    fields = profile_fields()
    result.open_questions = [
        OpenQuestion(f, needed, fields[f].description if f in fields else "")
        for f, needed in b.questions.items()
    ]
    return result


def _clock(rule: CompiledRule) -> str | None:
    if rule.clock is None:
        return None
    return f"{describe_period(rule.clock.period)} from {rule.clock.from_}"


def _prohibition(rule: CompiledRule, ev: _Eval, b: _Builder, result: PackResult, future: bool) -> None:
    why = "; ".join(_explain(rule.when, ev))
    exc_values = [(ex, ex.when(ev)) for ex in rule.exceptions]
    held = [ex for ex, v in exc_values if v is True]
    if held:
        for ex in held:
            if ex.review:
                ex_why = "; ".join(explain(ex.when.ast, ev))
                result.manual_review.append(
                    b.finding(
                        rule,
                        why,
                        reason=f"relies on the exception in {ex.article}: "
                        f"{ex.title.get(b.lang)} ({ex_why}); verify that it holds",
                    )
                )
        return
    if any(v is None for _, v in exc_values):
        for ex, v in exc_values:
            if v is None:
                b.ask(ev.cond_unknowns(ex.when), rule.id)
        titles = ", ".join(ex.title.get(b.lang) for ex, v in exc_values if v is None)
        result.manual_review.append(
            b.finding(
                rule,
                why,
                reason=f"prohibited unless an exception holds ({titles}): answer the open questions",
            )
        )
        return
    if future:
        result.manual_review.append(
            b.finding(rule, why, reason=f"prohibited from {rule.effective_from.isoformat()} ({why})")
        )
        return
    result.prohibited.append(b.finding(rule, why))
    if rule.verification == "U":
        result.manual_review.append(
            b.finding(
                rule, why, reason="prohibition rests on an uncertain source [U]; confirm before relying on it"
            )
        )


def _obligation(rule: CompiledRule, ev: _Eval, b: _Builder, future: bool) -> Finding:
    applies = b.why_applies(rule)
    clock = _clock(rule)
    if future:
        why = "applies from " + rule.effective_from.isoformat()
        if applies:
            why += ": " + "; ".join(applies)
        return b.finding(
            rule,
            why,
            status="not_yet_applicable",
            due=rule.effective_from,
            applies_from=rule.effective_from,
            clock=clock,
        )
    due: dt.date | None = None
    status: str
    parts = ["applies: " + "; ".join(applies)] if applies else ["applies to every system in scope"]
    if rule.due is not None:
        after = ev.values.get(rule.due.after)
        if after is not None:
            due = add_period(after, rule.due.period)
    if rule.met_if is not None:
        met = rule.met_if(ev)
        status = {True: "met", False: "unmet", None: "unknown"}[met]
        detail = "; ".join(explain(rule.met_if.ast, ev))
        parts.append(f"{status}: {detail}" if detail else status)
        if met is None:
            b.ask(ev.cond_unknowns(rule.met_if), rule.id)
    elif rule.due is not None:
        if due is None:
            status = "unknown"
            b.ask([rule.due.after], rule.id)
            parts.append(f"unknown: {rule.due.after} = unanswered")
        else:
            status = "met" if due >= ev.as_of else "unmet"
    else:
        status = "unknown"
        needed = ", ".join(rule.evidence) or "attestation"
        parts.append(f"no profile answer records it: evidence needed ({needed})")
    if due is not None:
        if due < ev.as_of and status != "unknown":
            status = "unmet"
            parts.append(
                f"overdue since {due.isoformat()} ({rule.due.after if rule.due else ''} + "
                f"{describe_period(rule.due.period) if rule.due else ''})"
            )
        else:
            parts.append(f"next due {due.isoformat()}")
    return b.finding(rule, "; ".join(parts), status=status, due=due, clock=clock)


# --------------------------------------------------------------------------- public API


def assess(
    profile: SystemProfile,
    *,
    packs: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    lang: str = "en",
    catalog: Catalog | None = None,
) -> Assessment:
    """Assess one system against rule packs.

    Parameters
    ----------
    profile
        The validated system profile.
    packs
        Pack references, ``"id"`` (the version in force on ``as_of``) or ``"id@version"``;
        default: every pack in the catalogue.
    as_of
        The assessment date (default: today). It selects pack versions and decides which
        obligations already apply.
    lang
        ``"kk"``, ``"ru"`` or ``"en"``: the language of titles and reasons.
    catalog
        Where packs come from (default: the built-in packs plus ``SENIM_PACKS_PATH``).

    Returns
    -------
    Assessment
        ``to_dict()`` gives the ``senim/assessment/v1`` JSON of ``shared/design/system-profile.md``.
    """
    if lang not in ("kk", "ru", "en"):
        raise ValueError(f"unsupported language {lang!r}: use kk, ru or en")
    day = as_of or dt.date.today()
    cat = catalog or default_catalog()
    refs = list(packs) if packs else cat.pack_ids()
    compiled = [cat.resolve(ref, day) for ref in refs]
    return assess_compiled(profile, compiled, as_of=day, lang=lang)


def assess_compiled(
    profile: SystemProfile, packs: Sequence[CompiledPack], *, as_of: dt.date, lang: str = "en"
) -> Assessment:
    """Like :func:`assess` with packs already resolved (the fast path for bulk re-assessment)."""
    values = flatten_profile(profile)
    return Assessment(profile.id, as_of, lang, [_evaluate_pack(p, values, as_of, lang) for p in packs])
