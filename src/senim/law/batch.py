"""The columnar evaluator: many profiles at once, one NumPy pass per condition.

Re-assessing a national register when a law changes means evaluating every rule against 100k
profiles. Per-profile evaluation in Python spends its time walking expressions; here each
condition is evaluated once per *batch*, over columns of answers, in three-valued logic encoded as
two boolean arrays: ``t`` (definitely true) and ``f`` (definitely false); neither means unknown.

The semantics are those of :mod:`senim.law.engine` (the scalar reference evaluator). Results are
built rule by rule for all rows; explanations (``why``) and open questions are deferred to the
scalar evaluator and computed only for what is read. ``tests/law/test_batch.py`` checks on random
profiles that both evaluators give identical assessments.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from senim.law.conditions import BoolOp, Call, Compare, Expr, FactRef, FieldRef, ListLit, Lit, Member, Not
from senim.law.dates import add_period
from senim.law.engine import (
    Assessment,
    PackResult,
    _Builder,
    _Eval,
    ask_fact,
    ask_scope,
    build_result,
    emit,
    emit_uncertain_classification,
    flatten_profile,
)
from senim.law.packs import OBLIGATION_EFFECTS, CompiledPack, CompiledRule
from senim.profile.fields import profile_fields
from senim.profile.models import SystemProfile

__all__ = ["STATUS_CODES", "BatchAssessment", "assess_many_compiled"]

Bools = npt.NDArray[np.bool_]


@dataclass(slots=True)
class _TF:
    """A three-valued column: definitely true / definitely false."""

    t: Bools
    f: Bools


@dataclass(slots=True)
class _Val:
    """A column of values; ``known`` is false where unanswered."""

    vals: npt.NDArray[Any]
    known: Bools


@dataclass(slots=True)
class _List:
    """A list-valued column: one boolean column per possible item."""

    items: dict[Any, Bools]
    known: Bools


@dataclass(slots=True)
class _Const:
    value: Any


_V = _TF | _Val | _List | _Const


class _UnsupportedError(Exception):
    """A construct the columnar evaluator does not handle: the pack falls back to the scalar one."""


_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class _Columns:
    """The answers of a batch of profiles, one column per field, built on first use."""

    def __init__(self, profiles: Sequence[SystemProfile]) -> None:
        self.profiles = profiles
        self.n = len(profiles)
        self._raw: dict[str, list[Any]] = {}
        self._cols: dict[str, _V] = {}

    def raw(self, path: str) -> list[Any]:
        col = self._raw.get(path)
        if col is None:
            get = operator.attrgetter(path)
            col = [get(p) for p in self.profiles]
            self._raw[path] = col
        return col

    def column(self, path: str) -> _V:
        cached = self._cols.get(path)
        if cached is not None:
            return cached
        spec = profile_fields()[path]
        raw = self.raw(path)
        arr = np.empty(self.n, dtype=object)
        arr[:] = raw
        known: Bools = np.asarray(arr != None, dtype=np.bool_)  # noqa: E711 - element-wise test
        if spec.kind == "list":
            values = (
                list(spec.values) if spec.values is not None else sorted({x for v in raw if v for x in v})
            )
            index = {item: k for k, item in enumerate(values)}
            matrix = np.zeros((len(values), self.n), dtype=np.bool_)
            for i, v in enumerate(raw):
                if v:
                    for item in v:
                        matrix[index[item], i] = True
            col: _V = _List({item: matrix[k] for item, k in index.items()}, known)
        elif spec.kind in ("int", "float"):
            nums = np.full(self.n, np.nan, dtype=np.float64)
            nums[known] = arr[known].astype(np.float64)
            col = _Val(nums, known)
        else:
            col = _Val(arr, known)
        self._cols[path] = col
        return col


def _tf(v: _V, n: int) -> _TF:
    if isinstance(v, _TF):
        return v
    if isinstance(v, _Const):
        value = bool(v.value) if v.value is not None else None
        ones, zeros = np.ones(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_)
        if value is None:
            return _TF(zeros, zeros)
        return _TF(ones, zeros) if value else _TF(zeros, ones)
    if isinstance(v, _Val):
        vals = v.vals
        return _TF(v.known & (vals == True), v.known & (vals == False))  # noqa: E712 - element-wise
    raise _UnsupportedError("a list used as a condition")


def _and(items: Sequence[_TF]) -> _TF:
    t, f = items[0].t, items[0].f
    for it in items[1:]:
        t = t & it.t
        f = f | it.f
    return _TF(t, f)


def _or(items: Sequence[_TF]) -> _TF:
    t, f = items[0].t, items[0].f
    for it in items[1:]:
        t = t | it.t
        f = f & it.f
    return _TF(t, f)


class _BatchEval:
    """Evaluates one pack over a batch; memoises facts and rule outcomes as columns."""

    def __init__(self, pack: CompiledPack, cols: _Columns, as_of: dt.date) -> None:
        self.pack = pack
        self.cols = cols
        self.n = cols.n
        self.as_of = as_of
        self._facts: dict[str, _V] = {}
        self._fired: dict[str, _TF] = {}
        self._applies: dict[str, _TF] = {}
        self._scope: _TF | None = None
        self.zeros = np.zeros(self.n, dtype=np.bool_)
        self.ones = np.ones(self.n, dtype=np.bool_)

    # -- expressions
    def ev(self, node: Expr) -> _V:
        if isinstance(node, Lit):
            return _Const(node.value)
        if isinstance(node, ListLit):
            return _Const(frozenset(node.items))
        if isinstance(node, FieldRef):
            return self.cols.column(node.path)
        if isinstance(node, FactRef):
            if node.name == "as_of":
                return _Const(self.as_of)
            return self.fact(node.name)
        if isinstance(node, Not):
            inner = _tf(self.ev(node.operand), self.n)
            return _TF(inner.f, inner.t)
        if isinstance(node, BoolOp):
            parts = [_tf(self.ev(o), self.n) for o in node.operands]
            return _and(parts) if node.op == "and" else _or(parts)
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Member):
            return self.member(node)
        if isinstance(node, Call):
            return self.call(node)
        raise _UnsupportedError(type(node).__name__)

    def cond(self, node: Expr) -> _TF:
        return _tf(self.ev(node), self.n)

    def compare(self, node: Compare) -> _TF:
        left, right = self.ev(node.left), self.ev(node.right)
        for a, b in ((left, right), (right, left)):
            if isinstance(b, _Const) and b.value is None:
                known = self._known(a)
                return _TF(~known, known) if node.op == "==" else _TF(known, ~known)
        if isinstance(left, _Const) and isinstance(right, _Const):
            same = bool(_CMP[node.op](left.value, right.value))
            return _TF(self.ones if same else self.zeros, self.zeros if same else self.ones)
        la, lk = self._vals(left)
        ra, rk = self._vals(right)
        known = lk & rk
        cmp = _CMP[node.op]
        if node.op in ("==", "!="):
            res: Bools = np.asarray(cmp(la, ra), dtype=np.bool_)
        else:  # ordering is only defined between answered values: compare those alone
            res = np.zeros(self.n, dtype=np.bool_)
            if known.any():
                lsel = la[known] if isinstance(la, np.ndarray) else la
                rsel = ra[known] if isinstance(ra, np.ndarray) else ra
                res[known] = np.asarray(cmp(lsel, rsel), dtype=np.bool_)
        return _TF(known & res, known & ~res)

    def _known(self, v: _V) -> Bools:
        if isinstance(v, _Const):
            return self.ones if v.value is not None else self.zeros
        if isinstance(v, _TF):
            return v.t | v.f
        return v.known

    def _vals(self, v: _V) -> tuple[Any, Bools]:
        if isinstance(v, _Const):
            return v.value, self.ones
        if isinstance(v, _Val):
            return v.vals, v.known
        if isinstance(v, _TF):
            arr = np.empty(self.n, dtype=object)
            arr[v.t] = True
            arr[v.f] = False
            return arr, v.t | v.f
        raise _UnsupportedError("list compared")

    def member(self, node: Member) -> _TF:
        item, container = self.ev(node.item), self.ev(node.container)
        if isinstance(container, _Const):
            if isinstance(item, _Const):
                res = item.value in container.value
                known = self.ones if item.value is not None else self.zeros
                hit = self.ones if res else self.zeros
            else:
                vals, known = self._vals(item)
                hit = self.zeros
                for x in container.value:
                    hit = hit | np.asarray(vals == x, dtype=np.bool_)
        elif isinstance(container, _List) and isinstance(item, _Const):
            known = container.known
            hit = container.items.get(item.value, self.zeros)
            if item.value is None:
                known = self.zeros
        else:
            raise _UnsupportedError("membership of a computed value in a list")
        if node.negate:
            hit = ~hit
        return _TF(known & hit, known & ~hit)

    def call(self, node: Call) -> _V:
        name = node.name
        if name in ("any_of", "all_of"):
            lst = self.ev(node.args[0])
            wanted = node.args[1]
            if not isinstance(lst, _List) or not isinstance(wanted, ListLit):
                raise _UnsupportedError(name)
            cols = [lst.items.get(x, self.zeros) for x in wanted.items]
            if name == "any_of":
                hit = np.logical_or.reduce(cols) if cols else self.zeros
            else:
                hit = np.logical_and.reduce(cols) if cols else self.ones
            return _TF(lst.known & hit, lst.known & ~hit)
        if name == "count":
            lst = self.ev(node.args[0])
            if not isinstance(lst, _List):
                raise _UnsupportedError("count")
            total = np.zeros(self.n, dtype=np.float64)
            for col in lst.items.values():
                total += col
            return _Val(np.where(lst.known, total, np.nan), lst.known)
        if name == "answered":
            known = self._known(self.ev(node.args[0]))
            return _TF(known, ~known)
        arg = node.args[0]
        assert isinstance(arg, Lit)
        if name == "fired":
            return self.fired(str(arg.value))
        return _or(
            [self.fired(r.id) for r in self.pack.by_effect.get(str(arg.value), ())]
            or [_TF(self.zeros, self.ones)]
        )

    # -- facts and rules
    def fact(self, name: str) -> _V:
        got = self._facts.get(name)
        if got is not None:
            return got
        fact = self.pack.facts[name]
        value: _V
        if fact.expr is not None:
            value = self.ev(fact.expr.ast)
        elif fact.collect:
            value = self._collect(name)
        else:
            value = self._from_setters(name, fact.default)
        self._facts[name] = value
        return value

    def _collect(self, name: str) -> _List:
        items: dict[Any, Bools] = {}
        unknown = self.zeros
        for rule in self.pack.setters[name]:
            fired = self.fired(rule.id)
            unknown = unknown | ~(fired.t | fired.f)
            v = rule.sets[name]
            items[v] = items.get(v, self.zeros) | fired.t
        return _List(items, ~unknown)

    def _from_setters(self, name: str, default: Any) -> _Val:
        n = self.n
        out = np.empty(n, dtype=object)
        decided = np.zeros(n, dtype=np.bool_)
        conflict = np.zeros(n, dtype=np.bool_)
        pending = np.zeros(n, dtype=np.int64)
        bits: dict[Any, int] = {}
        for rule in self.pack.setters[name]:
            fired = self.fired(rule.id)
            value = rule.sets[name]
            bit = bits.setdefault(value, 1 << len(bits))
            newly = ~decided & fired.t
            clash = newly & ((pending & ~bit) != 0)
            out[newly & ~clash] = value
            conflict |= clash
            decided |= newly
            unknown_now = ~decided & ~fired.t & ~fired.f
            pending[unknown_now] |= bit
        rest = ~decided
        if default is not None:
            default_bit = bits.get(default, 0)
            take_default = rest & ((pending == 0) | (pending == default_bit))
            out[take_default] = default
        known = np.fromiter((v is not None for v in out), dtype=np.bool_, count=n) & ~conflict
        out[~known] = None
        return _Val(out, known)

    def scope(self) -> _TF:
        if self._scope is None:
            self._scope = self.cond(self.pack.scope.ast)
        return self._scope

    def applies(self, rule: CompiledRule) -> _TF:
        got = self._applies.get(rule.id)
        if got is not None:
            return got
        parts = []
        if rule.gated_by_scope:
            parts.append(self.scope())
        if rule.gated_by_actor:
            roles = self.cols.column(self.pack.roles_field)
            assert isinstance(roles, _List)
            hit = np.logical_or.reduce([roles.items.get(a, self.zeros) for a in rule.actor])
            parts.append(_TF(roles.known & hit, roles.known & ~hit))
        parts.append(self.cond(rule.when.ast))
        got = _and(parts)
        self._applies[rule.id] = got
        return got

    def exceptions(self, rule: CompiledRule) -> list[_TF]:
        return [self.cond(ex.when.ast) for ex in rule.exceptions]

    def fired(self, rule_id: str) -> _TF:
        got = self._fired.get(rule_id)
        if got is not None:
            return got
        rule = self.pack.by_id[rule_id]
        if rule.effect != "classify" and not rule.in_force(self.as_of):
            got = _TF(self.zeros, self.ones)
        else:
            got = self.applies(rule)
            if rule.exceptions:
                exc = _or(self.exceptions(rule))
                got = _and([got, _TF(exc.f, exc.t)])
        self._fired[rule_id] = got
        return got


def _codes(tf: _TF) -> list[bool | None]:
    """Per-row Python values: True, False or None."""
    out: list[bool | None] = [None] * len(tf.t)
    for i in np.flatnonzero(tf.t).tolist():
        out[i] = True
    for i in np.flatnonzero(tf.f).tolist():
        out[i] = False
    return out


def _row_value(v: _V, i: int) -> Any:
    if isinstance(v, _Const):
        return v.value
    if isinstance(v, _TF):
        return True if v.t[i] else False if v.f[i] else None
    if isinstance(v, _List):
        if not v.known[i]:
            return None
        return [item for item, col in v.items.items() if col[i]]
    return v.vals[i] if v.known[i] else None


class _Row:
    """One profile's outcomes read from the batch columns (the ``Outcomes`` of the result builder)."""

    __slots__ = ("_ev", "_scalar", "as_of", "i", "pack", "profile", "values")

    def __init__(self, ev: _BatchEval, i: int, profile: SystemProfile) -> None:
        self._ev = ev
        self.i = i
        self.pack = ev.pack
        self.as_of = ev.as_of
        self.profile = profile
        self.values = _RowValues(ev.cols, i)
        self._scalar: _Eval | None = None

    def scalar(self) -> _Eval:
        if self._scalar is None:
            self._scalar = _Eval(self.pack, flatten_profile(self.profile), self.as_of)
        return self._scalar


class _RowValues:
    """``values.get(path)`` for one row, read from the raw columns."""

    __slots__ = ("cols", "i")

    def __init__(self, cols: _Columns, i: int) -> None:
        self.cols = cols
        self.i = i

    def get(self, path: str, default: Any = None) -> Any:
        value = self.cols.raw(path)[self.i]
        return default if value is None else value


STATUS_CODES = ("", "met", "unmet", "unknown", "not_yet_applicable")
"""Codes of the status matrix: 0 = the rule does not apply to that system."""


@dataclass(slots=True)
class _RuleOutcomes:
    rule: CompiledRule
    app: _TF
    future: bool
    exc: list[_TF]
    met: _TF | None


def _at(tf: _TF, i: int) -> bool | None:
    return True if tf.t[i] else False if tf.f[i] else None


class PackBatch:
    """One pack evaluated over a batch: outcome columns, and each system's result on demand."""

    def __init__(self, pack: CompiledPack, cols: _Columns, as_of: dt.date) -> None:
        ev = _BatchEval(pack, cols, as_of)
        self.pack = pack
        self.as_of = as_of
        self._ev = ev
        self._cols = cols
        self._scope = ev.scope()
        in_scope = ~self._scope.f
        self._facts = {name: ev.fact(name) for name in pack.classification}
        self._setters = {
            name: [(r, ev.fired(r.id)) for r in pack.setters[name]] for name in pack.classification
        }
        self._uncertain = [(r, ev.fired(r.id)) for r in pack.by_effect["classify"] if r.verification == "U"]
        self.outcomes: list[_RuleOutcomes] = []
        status: dict[str, npt.NDArray[np.int8]] = {}
        for rule in pack.rules:
            if rule.effect == "classify" or (rule.effective_to is not None and as_of > rule.effective_to):
                continue
            app_tf = ev.applies(rule)
            if not (~app_tf.f & in_scope).any():
                continue
            future = as_of < rule.effective_from
            met_tf = ev.cond(rule.met_if.ast) if rule.met_if is not None and not future else None
            self.outcomes.append(_RuleOutcomes(rule, app_tf, future, ev.exceptions(rule), met_tf))
            if rule.effect in OBLIGATION_EFFECTS:
                status[rule.id] = self._status_column(rule, app_tf, in_scope, future, met_tf)
        self.status = status

    def _status_column(
        self, rule: CompiledRule, app: _TF, in_scope: Bools, future: bool, met: _TF | None
    ) -> npt.NDArray[np.int8]:
        """Obligation statuses for every system, as STATUS_CODES indexes (vectorised)."""
        n = self._cols.n
        codes = np.zeros(n, dtype=np.int8)
        unknown_app = ~app.t & ~app.f & in_scope
        codes[unknown_app] = 3
        applies = app.t & in_scope
        if future:
            codes[applies] = 4
            return codes
        due_known = np.zeros(n, dtype=np.bool_)
        overdue = np.zeros(n, dtype=np.bool_)
        if rule.due is not None:
            raw = self._cols.raw(rule.due.after)
            for i in np.flatnonzero(applies).tolist():
                if raw[i] is not None:
                    due_known[i] = True
                    overdue[i] = add_period(raw[i], rule.due.period) < self.as_of
        if met is not None:
            codes[applies & met.t] = 1
            codes[applies & met.f] = 2
            codes[applies & ~met.t & ~met.f] = 3
        elif rule.due is not None:
            codes[applies & due_known & ~overdue] = 1
            codes[applies & due_known & overdue] = 2
            codes[applies & ~due_known] = 3
        else:
            codes[applies] = 3
        codes[applies & overdue & (codes != 3)] = 2
        return codes

    @property
    def classification(self) -> dict[str, list[Any]]:
        """Per classification key, every system's value (``None``: unknown or out of scope)."""
        n = self._cols.n
        out_of_scope = self._scope.f
        return {
            name: [
                self.pack.out_of_scope.get(name) if out_of_scope[i] else _row_value(col, i) for i in range(n)
            ]
            for name, col in self._facts.items()
        }

    def result(self, i: int, lang: str) -> PackResult:
        """The full, explained result of system ``i`` (built through the engine's result builder)."""
        pack = self.pack
        scope = _at(self._scope, i)
        result = PackResult(pack.id, pack.version, pack.title.get(lang), scope, {})
        if scope is False:
            result.classification = dict(pack.out_of_scope)
            return result
        b = _Builder(_Row(self._ev, i, self._cols.profiles[i]), result, lang)  # type: ignore[arg-type]
        if scope is None:
            ask_scope(b)
        for name, column in self._facts.items():
            value = _row_value(column, i)
            result.classification[name] = value
            if value is None:
                ask_fact(b, name, [r for r, tf in self._setters[name] if _at(tf, i) is None])
        for rule, tf in self._uncertain:
            if tf.t[i]:
                emit_uncertain_classification(rule, b)
        for o in self.outcomes:
            a = _at(o.app, i)
            if a is False:
                continue
            emit(
                o.rule,
                b,
                a,
                o.future,
                [_at(tf, i) for tf in o.exc] if a else [],
                _at(o.met, i) if o.met is not None and a else None,
            )
        return result


class BatchAssessment(Sequence[Assessment]):
    """Assessments of many systems, computed column-wise.

    Classification, prohibitions and obligation statuses are computed for every system at once;
    ``batch[i]`` builds system ``i``'s full :class:`Assessment` (with explanations) when read.
    """

    def __init__(
        self, profiles: Sequence[SystemProfile], packs: list[PackBatch], as_of: dt.date, lang: str
    ) -> None:
        self.profiles = profiles
        self.packs = packs
        self.as_of = as_of
        self.lang = lang

    def __len__(self) -> int:
        return len(self.profiles)

    @overload
    def __getitem__(self, index: int) -> Assessment: ...

    @overload
    def __getitem__(self, index: slice) -> list[Assessment]: ...

    def __getitem__(self, index: int | slice) -> Assessment | list[Assessment]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = range(len(self))[index]
        return Assessment(
            self.profiles[i].id, self.as_of, self.lang, [p.result(i, self.lang) for p in self.packs]
        )

    def status_matrix(self, pack_id: str) -> dict[str, list[str | None]]:
        """Per obligation rule, every system's status (``None``: the rule does not apply to it)."""
        batch = self._pack(pack_id)
        return {rid: [STATUS_CODES[c] or None for c in col.tolist()] for rid, col in batch.status.items()}

    def classification(self, pack_id: str) -> dict[str, list[Any]]:
        """Per classification key, every system's value (``None``: unknown or out of scope)."""
        return self._pack(pack_id).classification

    def _pack(self, pack_id: str) -> PackBatch:
        for p in self.packs:
            if pack_id in (p.pack.id, p.pack.ref):
                return p
        raise KeyError(pack_id)


class _ScalarPack(PackBatch):
    """Fallback for a pack the columnar evaluator cannot handle: the scalar engine, row by row."""

    def __init__(self, pack: CompiledPack, cols: _Columns, as_of: dt.date) -> None:
        self.pack = pack
        self.as_of = as_of
        self._cols = cols
        self.status = {}

    @property
    def classification(self) -> dict[str, list[Any]]:
        return {}

    def result(self, i: int, lang: str) -> PackResult:
        return build_result(_Eval(self.pack, flatten_profile(self._cols.profiles[i]), self.as_of), lang)


def assess_many_compiled(
    profiles: Sequence[SystemProfile], packs: Sequence[CompiledPack], *, as_of: dt.date, lang: str = "en"
) -> BatchAssessment:
    """Assess many profiles against resolved packs, one columnar pass per pack.

    Returns
    -------
    BatchAssessment
        A sequence of :class:`Assessment` (built on access) plus column-wise views:
        ``status_matrix(pack)`` and ``classification(pack)``.
    """
    cols = _Columns(profiles)
    batches: list[PackBatch] = []
    for pack in packs:
        if not profiles:
            break
        try:
            batches.append(PackBatch(pack, cols, as_of))
        except _UnsupportedError:
            batches.append(_ScalarPack(pack, cols, as_of))
    return BatchAssessment(profiles, batches, as_of, lang)
