"""The evaluator: a profile and rule packs in, an explained assessment out.

Deterministic and small. For each pack it computes the classification (facts set by ``classify``
rules), the prohibited practices, the obligations with their status and due dates, the open
questions (unanswered fields that a result depends on) and the points that need a lawyer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from senim.i18n import gettext, gettext_format
from senim.law.conditions import Compiled, explain, format_value, unknown_fields
from senim.law.dates import add_period, describe_period
from senim.law.packs import (
    OBLIGATION_EFFECTS,
    Catalog,
    CompiledException,
    CompiledPack,
    CompiledRule,
    PenaltyDef,
    default_catalog,
    evidence_label,
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


Text = str | Callable[[], str]


def _resolve(text: Text | None) -> str | None:
    return text() if callable(text) else text


@dataclass(slots=True)
class Finding:
    """A rule's result for one system. ``why`` and ``reason`` are worked out when first read."""

    rule: str
    article: str
    title: str
    effect: str
    verification: str
    why_text: Text
    source_url: str
    actor: tuple[str, ...] = ()
    status: str | None = None  # obligations only
    due: dt.date | None = None
    applies_from: dt.date | None = None
    clock: str | None = None
    evidence: tuple[str, ...] = ()
    penalty: dict[str, Any] | None = None
    reason_text: Text | None = None  # manual review only

    @property
    def why(self) -> str:
        """The answers that made the rule fire (and decided its status)."""
        if callable(self.why_text):
            self.why_text = self.why_text()
        return self.why_text

    @property
    def reason(self) -> str | None:
        """Why a lawyer must look (manual review only)."""
        if callable(self.reason_text):
            self.reason_text = self.reason_text()
        return self.reason_text

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


QuestionThunk = Callable[[], tuple[Iterable[str], str]]


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
    manual_review: list[Finding] = field(default_factory=list)
    pending_questions: list[QuestionThunk] = field(default_factory=list)
    _questions: list[OpenQuestion] | None = None

    @property
    def open_questions(self) -> list[OpenQuestion]:
        """Unanswered fields that a result depends on, each with the rules that need it."""
        if self._questions is None:
            asked: dict[str, list[str]] = {}
            for thunk in self.pending_questions:
                fields, needed_by = thunk()
                for f in sorted(fields):
                    lst = asked.setdefault(f, [])
                    if needed_by not in lst:
                        lst.append(needed_by)
            specs = profile_fields()
            self._questions = [
                OpenQuestion(f, needed, specs[f].description if f in specs else "")
                for f, needed in asked.items()
            ]
            self.pending_questions = []
        return self._questions

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
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, frozenset | set):
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
    """Evaluates one pack against one profile; memoises facts and rule outcomes.

    Public as :data:`PackEvaluation` for the layers that must judge single rules of a pack (incident
    clocks in the registry, the dossier's document index): ``PackEvaluation(pack, flatten_profile(p),
    as_of)``, then ``rule.when(ev)`` / ``ev.actor_ok(rule)`` give ``True``, ``False`` or ``None``
    (unknown) exactly as an assessment does, and :func:`senim.law.conditions.explain` the answers
    behind them.
    """

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
        if fact.expr is not None:
            value = fact.expr(self)
        elif fact.collect:
            value = self._collect(name)
        else:
            value = self._from_setters(name, fact.default)
        self._facts[name] = value
        return value

    def _collect(self, name: str) -> tuple[Any, ...] | None:
        values: list[Any] = []
        for rule in self.pack.setters[name]:
            outcome = self.fired(rule.id)
            if outcome is None:
                return None
            if outcome and rule.sets[name] not in values:
                values.append(rule.sets[name])
        return tuple(values)

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

    def exceptions(self, rule: CompiledRule) -> list[bool | None]:
        return [ex.when(self) for ex in rule.exceptions]

    def met(self, rule: CompiledRule) -> bool | None:
        assert rule.met_if is not None
        value: bool | None = rule.met_if(self)
        return value

    def scalar(self) -> _Eval:
        return self

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


def _t(lang: str, message: str, **values: str) -> str:
    """Shorthand for :func:`senim.i18n.gettext_format` (the engine's many templates)."""
    return gettext_format(message, lang, **values)


def _explain(cond: Compiled, ev: _Eval) -> list[str]:
    if cond.source.strip() == "true":
        return []
    return explain(cond.ast, ev)


# The amount of a fine in its unit, and the size classes of the Code of Administrative Offences
# (gettext templates, so that kk/ru read "АЕК"/"МРП" and name the size class in words).
_UNIT_AMOUNTS = {"MCI": "{amount} MCI", "EUR": "{amount} EUR"}
_SIZE_AMOUNTS = {
    "individual": "individual: {amounts}",
    "small": "small: {amounts}",
    "medium": "medium: {amounts}",
    "large": "large: {amounts}",
}


def _number(value: float, lang: str) -> str:
    """``value`` as ``:g`` writes it; kk and ru use a decimal comma."""
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")


def _in_unit(amount: str, unit: str, lang: str) -> str:
    template = _UNIT_AMOUNTS.get(unit)
    return _t(lang, template, amount=amount) if template else f"{amount} {unit}"


def _by_size(size: str, amounts: str, lang: str) -> str:
    template = _SIZE_AMOUNTS.get(size)
    return _t(lang, template, amounts=amounts) if template else f"{size}: {amounts}"


def _penalty(pen: PenaltyDef, values: dict[str, Any], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ref": pen.id,
        "article": pen.article,
        "instrument": pen.instrument.get(lang),
        "verification": pen.verification,
    }
    if pen.by_size is not None:
        size = values.get("organization.size")
        if size in pen.by_size:
            first, repeat = pen.by_size[size]
            out["size"] = size
            out["first"] = _in_unit(_number(first, lang), pen.unit, lang)
            out["repeat"] = _in_unit(_number(repeat, lang), pen.unit, lang)
            out["max"] = _t(
                lang, "{first} (repeat within a year: {repeat})", first=out["first"], repeat=out["repeat"]
            )
        else:
            amounts = "; ".join(
                _by_size(s, _in_unit(f"{_number(a, lang)}/{_number(b, lang)}", pen.unit, lang), lang)
                for s, (a, b) in pen.by_size.items()
            )
            out["max"] = _t(
                lang,
                "{amounts} (first/repeat; {field} unanswered)",
                amounts=amounts,
                field="organization.size",
            )
    else:
        if pen.unit == "EUR" and pen.fixed is not None:
            grouped = f"{pen.fixed:,.0f}"
            fixed = _t(lang, "€{amount}", amount=grouped if lang == "en" else grouped.replace(",", " "))
        else:
            fixed = _in_unit(_number(pen.fixed or 0, lang), pen.unit, lang)
        if pen.turnover_pct is not None:
            sme = values.get("organization.sme") if pen.sme_lower else False
            pct = _number(pen.turnover_pct, lang)
            if sme is True:
                out["max"] = _t(
                    lang,
                    "{fixed} or {pct}% of worldwide annual turnover, whichever is lower",
                    fixed=fixed,
                    pct=pct,
                )
            else:
                out["max"] = _t(
                    lang,
                    "{fixed} or {pct}% of worldwide annual turnover, whichever is higher",
                    fixed=fixed,
                    pct=pct,
                )
            if sme is None:
                out["max"] = _t(
                    lang,
                    "{max} (for SMEs the lower; {field} unanswered)",
                    max=out["max"],
                    field="organization.sme",
                )
        else:
            out["max"] = fixed
    if pen.note is not None:
        out["note"] = pen.note.get(lang)
    return out


class Outcomes(Protocol):
    """What the result builder needs from an evaluator (scalar reference or columnar fast path)."""

    pack: CompiledPack
    as_of: dt.date
    values: dict[str, Any]

    def scope(self) -> bool | None: ...

    def fact(self, name: str) -> Any: ...

    def fired(self, rule_id: str) -> bool | None: ...

    def applies(self, rule: CompiledRule) -> bool | None: ...

    def exceptions(self, rule: CompiledRule) -> list[bool | None]: ...

    def met(self, rule: CompiledRule) -> bool | None: ...

    def scalar(self) -> _Eval: ...


class _Builder:
    def __init__(self, out: Outcomes, result: PackResult, lang: str) -> None:
        self.out = out
        self.result = result
        self.lang = lang
        self._penalties: dict[str, dict[str, Any]] = {}

    def ask(self, thunk: Callable[[_Eval], Iterable[str]], needed_by: str) -> None:
        out = self.out

        def run() -> tuple[Iterable[str], str]:
            return thunk(out.scalar()), needed_by

        self.result.pending_questions.append(run)

    def ask_rule(self, rule: CompiledRule) -> None:
        self.ask(lambda ev: ev.rule_unknowns(rule, include_scope=False), rule.id)

    def penalty(self, ref: str) -> dict[str, Any]:
        pen = self._penalties.get(ref)
        if pen is None:
            pen = _penalty(self.out.pack.penalties[ref], self.out.values, self.lang)
            self._penalties[ref] = pen
        return dict(pen)

    def finding(self, rule: CompiledRule, why: Text, **kw: Any) -> Finding:
        return Finding(
            rule.id,
            rule.article,
            rule.title.get(self.lang),
            rule.effect,
            rule.verification,
            why,
            rule.source_url,
            rule.actor,
            evidence=rule.evidence,
            penalty=self.penalty(rule.penalty) if rule.penalty is not None else None,
            **kw,
        )

    def lazy(self, fn: Callable[[_Eval], str]) -> Callable[[], str]:
        out = self.out
        return lambda: fn(out.scalar())


def _why_applies(rule: CompiledRule, ev: _Eval) -> list[str]:
    parts = _explain(rule.when, ev)
    roles = f"{ev.pack.roles_field} = {format_value(ev.roles)}"
    if rule.gated_by_actor and roles not in parts:
        parts.append(roles)
    return parts


def build_result(out: Outcomes, lang: str) -> PackResult:
    """Turn rule outcomes into the explained result (explanations and questions are deferred)."""
    pack = out.pack
    as_of = out.as_of
    scope = out.scope()
    result = PackResult(pack.id, pack.version, pack.title.get(lang), scope, {})
    if scope is False:
        result.classification = dict(pack.out_of_scope)
        return result
    b = _Builder(out, result, lang)
    if scope is None:
        ask_scope(b)
    for name in pack.classification:
        value = out.fact(name)
        result.classification[name] = list(value) if isinstance(value, tuple) else value
        if value is None:
            ask_fact(b, name, [r for r in pack.setters[name] if out.fired(r.id) is None])

    for rule in pack.rules:
        if rule.effect == "classify":
            if rule.verification == "U" and out.fired(rule.id) is True:
                emit_uncertain_classification(rule, b)
            continue
        if rule.effective_to is not None and as_of > rule.effective_to:
            continue
        app = out.applies(rule)
        if app is False:
            continue
        future = as_of < rule.effective_from
        exc = out.exceptions(rule) if rule.exceptions and app else []
        met = out.met(rule) if app and rule.met_if is not None and not future else None
        emit(rule, b, app, future, exc, met)
    return result


def ask_scope(b: _Builder) -> None:
    pack = b.out.pack
    b.ask(lambda ev: ev.cond_unknowns(pack.scope), f"{pack.id}:scope")


def ask_fact(b: _Builder, name: str, unknown_setters: Iterable[CompiledRule]) -> None:
    """Questions behind a classification that came out unknown."""
    pack = b.out.pack
    if pack.facts[name].expr is not None:
        b.ask(lambda ev: ev.fields_behind(name), f"{pack.id}:{name}")
    else:
        for rule in unknown_setters:
            b.ask_rule(rule)


def emit_uncertain_classification(rule: CompiledRule, b: _Builder) -> None:
    b.result.manual_review.append(
        b.finding(
            rule,
            "",
            reason_text=b.lazy(
                lambda ev: _t(
                    b.lang,
                    "classification rests on an uncertain source [U]: {conditions}",
                    conditions="; ".join(_explain(rule.when, ev)),
                )
            ),
        )
    )


def emit(
    rule: CompiledRule, b: _Builder, app: bool | None, future: bool, exc: list[bool | None], met: bool | None
) -> None:
    """Record one rule's result for one system, given its outcomes (``app`` is not False)."""
    effect = rule.effect
    result = b.result
    if app is None:
        b.ask_rule(rule)
        if effect in OBLIGATION_EFFECTS:
            result.obligations.append(
                b.finding(
                    rule,
                    b.lazy(
                        lambda ev: _t(
                            b.lang, "may apply: {conditions}", conditions="; ".join(_why_applies(rule, ev))
                        )
                    ),
                    status="unknown",
                    applies_from=rule.effective_from if future else None,
                    clock=_clock(rule, b.lang),
                )
            )
        return
    if effect == "prohibit":
        _prohibition(rule, exc, b, future)
    elif effect == "manual_review":
        if not future:
            result.manual_review.append(
                b.finding(
                    rule,
                    b.lazy(lambda ev: "; ".join(_why_applies(rule, ev))),
                    reason_text=b.lazy(lambda ev: _review_reason(rule, ev, b.lang)),
                )
            )
    else:
        result.obligations.append(_obligation(rule, b, future, met))
        if rule.verification == "U" and not future:
            result.manual_review.append(
                b.finding(
                    rule,
                    "",
                    reason_text=_t(
                        b.lang, "obligation rests on an uncertain source [U]; confirm before relying on it"
                    ),
                )
            )


def _review_reason(rule: CompiledRule, ev: _Eval, lang: str) -> str:
    reason = rule.reason.get(lang) if rule.reason else rule.title.get(lang)
    why = "; ".join(_why_applies(rule, ev))
    return f"{reason} ({why})" if why else reason


# The events a legal clock runs from, each with its own message so that kk and ru can phrase it.
_CLOCK_EVENTS = {
    "awareness": "{period} from awareness",
    "consent_withdrawal": "{period} from consent_withdrawal",
    "detection": "{period} from detection",
    "objection": "{period} from objection",
    "request": "{period} from request",
    "threshold_met": "{period} from threshold_met",
}


def _clock(rule: CompiledRule, lang: str) -> str | None:
    if rule.clock is None:
        return None
    period = describe_period(rule.clock.period, lang)
    event = rule.clock.from_
    if event in _CLOCK_EVENTS:
        return _t(lang, _CLOCK_EVENTS[event], period=period)
    return _t(lang, "{period} from {event}", period=period, event=event)


def _prohibition(rule: CompiledRule, exc: list[bool | None], b: _Builder, future: bool) -> None:
    result = b.result

    def why(ev: _Eval) -> str:
        return "; ".join(_explain(rule.when, ev))

    exc_values = list(zip(rule.exceptions, exc, strict=True))
    held = [ex for ex, v in exc_values if v is True]
    if held:
        for ex in held:
            if ex.review:

                def reason(ev: _Eval, ex: CompiledException = ex) -> str:
                    return _t(
                        b.lang,
                        "relies on the exception in {article}: {title} ({conditions}); verify that it holds",
                        article=ex.article,
                        title=ex.title.get(b.lang),
                        conditions="; ".join(explain(ex.when.ast, ev)),
                    )

                result.manual_review.append(b.finding(rule, b.lazy(why), reason_text=b.lazy(reason)))
        return
    if any(v is None for _, v in exc_values):
        for ex, v in exc_values:
            if v is None:
                b.ask(lambda ev, ex=ex: ev.cond_unknowns(ex.when), rule.id)  # type: ignore[misc]
        titles = ", ".join(ex.title.get(b.lang) for ex, v in exc_values if v is None)
        result.manual_review.append(
            b.finding(
                rule,
                b.lazy(why),
                reason_text=_t(
                    b.lang,
                    "prohibited unless an exception holds ({exceptions}): answer the open questions",
                    exceptions=titles,
                ),
            )
        )
        return
    if future:
        start = rule.effective_from.isoformat()
        result.manual_review.append(
            b.finding(
                rule,
                b.lazy(why),
                reason_text=b.lazy(
                    lambda ev: _t(
                        b.lang, "prohibited from {date} ({conditions})", date=start, conditions=why(ev)
                    )
                ),
            )
        )
        return
    result.prohibited.append(b.finding(rule, b.lazy(why)))
    if rule.verification == "U":
        result.manual_review.append(
            b.finding(
                rule,
                b.lazy(why),
                reason_text=_t(
                    b.lang, "prohibition rests on an uncertain source [U]; confirm before relying on it"
                ),
            )
        )


_STATUS_DETAIL = {
    "met": "met: {conditions}",
    "unmet": "unmet: {conditions}",
    "unknown": "unknown: {conditions}",
}


def _obligation(rule: CompiledRule, b: _Builder, future: bool, met: bool | None) -> Finding:
    out = b.out
    as_of = out.as_of
    lang = b.lang
    clock = _clock(rule, lang)
    if future:
        start = rule.effective_from

        def why_future(ev: _Eval) -> str:
            applies = _why_applies(rule, ev)
            if applies:
                return _t(
                    lang,
                    "applies from {date}: {conditions}",
                    date=start.isoformat(),
                    conditions="; ".join(applies),
                )
            return _t(lang, "applies from {date}", date=start.isoformat())

        return b.finding(
            rule, b.lazy(why_future), status="not_yet_applicable", due=start, applies_from=start, clock=clock
        )
    due: dt.date | None = None
    if rule.due is not None:
        after = out.values.get(rule.due.after)
        if after is not None:
            due = add_period(after, rule.due.period)
    if rule.met_if is not None:
        status = "met" if met is True else "unmet" if met is False else "unknown"
        if met is None:
            met_if = rule.met_if
            b.ask(lambda ev: ev.cond_unknowns(met_if), rule.id)
    elif rule.due is not None:
        if due is None:
            status = "unknown"
            after_field = rule.due.after
            b.ask(lambda ev: [after_field], rule.id)
        else:
            status = "met" if due >= as_of else "unmet"
    else:
        status = "unknown"
    overdue = due is not None and due < as_of and status != "unknown"
    if overdue:
        status = "unmet"

    def why(ev: _Eval) -> str:
        applies = _why_applies(rule, ev)
        parts = (
            [_t(lang, "applies: {conditions}", conditions="; ".join(applies))]
            if applies
            else [_t(lang, "applies to every system in scope")]
        )
        if rule.met_if is not None:
            detail = "; ".join(explain(rule.met_if.ast, ev))
            parts.append(
                _t(lang, _STATUS_DETAIL[status], conditions=detail) if detail else gettext(status, lang)
            )
        elif rule.due is not None and due is None:
            parts.append(_t(lang, "unknown: {field} = unanswered", field=rule.due.after))
        elif rule.due is None:
            evidence = ", ".join(gettext(evidence_label(k), lang) for k in rule.evidence or ("attestation",))
            parts.append(
                _t(lang, "no profile answer records it: evidence needed ({evidence})", evidence=evidence)
            )
        if due is not None and rule.due is not None:
            if overdue:
                parts.append(
                    _t(
                        lang,
                        "overdue since {date} ({field} + {period})",
                        date=due.isoformat(),
                        field=rule.due.after,
                        period=describe_period(rule.due.period, lang),
                    )
                )
            elif due >= as_of:
                parts.append(_t(lang, "next due {date}", date=due.isoformat()))
        return "; ".join(parts)

    return b.finding(rule, b.lazy(why), status=status, due=due, clock=clock)


def _evaluate_pack(pack: CompiledPack, values: dict[str, Any], as_of: dt.date, lang: str) -> PackResult:
    return build_result(_Eval(pack, values, as_of), lang)


#: The evaluator of one pack for one profile (see :class:`_Eval`).
PackEvaluation = _Eval


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
