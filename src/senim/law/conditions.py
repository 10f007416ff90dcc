"""The condition language of rule packs: a small, safe, three-valued expression language.

Conditions are tokenised and parsed by hand into an AST, type-checked against the profile's field
catalogue and the pack's facts, and compiled to Python closures. Nothing is ever passed to ``eval``.

Values are Python values; ``None`` is *unknown* (an unanswered field). Boolean operators follow
Kleene's strong three-valued logic; every other operator yields unknown when an operand is unknown,
except the definite tests ``x == null``, ``x != null`` and ``answered(x)``.

The full grammar and the list of checks are in ``docs/rule-packs.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from senim.profile.fields import FieldSpec

__all__ = [
    "ConditionError",
    "EvalContext",
    "Expr",
    "FactType",
    "compile_condition",
    "parse",
]

MAX_EXPRESSION_LENGTH = 4000
MAX_DEPTH = 64


class ConditionError(ValueError):
    """A malformed or ill-typed condition; ``column`` is 1-based within the expression."""

    def __init__(self, message: str, column: int | None = None) -> None:
        self.message = message
        self.column = column
        super().__init__(message if column is None else f"{message} (at column {column})")


class EvalContext(Protocol):
    """What compiled conditions need at evaluation time."""

    values: dict[str, Any]
    as_of: dt.date

    def fact(self, name: str) -> Any: ...

    def fired(self, rule_id: str) -> bool | None: ...

    def any_fired(self, effect: str) -> bool | None: ...


@dataclass(frozen=True, slots=True)
class FactType:
    """What the compiler knows about a fact: its kind and, for enumerations, its values."""

    kind: str  # bool | enum | int | float | date | str | list | any
    values: tuple[str, ...] | None = None


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>'[^'\\\n]*'|"[^"\\\n]*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<fact>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[()\[\],])
    """,
    re.VERBOSE,
)

_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    col: int


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ConditionError(f"expression longer than {MAX_EXPRESSION_LENGTH} characters")
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ConditionError(f"unexpected character {source[pos]!r}", pos + 1)
        kind = m.lastgroup or ""
        text = m.group()
        if kind != "ws":
            if kind == "name" and text in _KEYWORDS:
                kind = text
            tokens.append(Token(kind, text, pos + 1))
        pos = m.end()
    tokens.append(Token("end", "", len(source) + 1))
    return tokens


# --------------------------------------------------------------------------- AST


@dataclass(frozen=True, slots=True)
class Expr:
    col: int


@dataclass(frozen=True, slots=True)
class Lit(Expr):
    value: Any


@dataclass(frozen=True, slots=True)
class ListLit(Expr):
    items: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class FieldRef(Expr):
    path: str


@dataclass(frozen=True, slots=True)
class FactRef(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    op: str  # and | or
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Member(Expr):
    item: Expr
    container: Expr
    negate: bool


@dataclass(frozen=True, slots=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self, kind: str | None = None, text: str | None = None) -> Token:
        tok = self.peek()
        if (kind is not None and tok.kind != kind) or (text is not None and tok.text != text):
            want = text or kind or "token"
            got = tok.text or "end of expression"
            raise ConditionError(f"expected {want!r}, found {got!r}", tok.col)
        self.i += 1
        return tok

    def enter(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError("expression nested too deeply", col)

    def parse(self) -> Expr:
        expr = self.or_expr()
        if self.peek().kind != "end":
            tok = self.peek()
            raise ConditionError(f"unexpected {tok.text!r}", tok.col)
        return expr

    def or_expr(self) -> Expr:
        first = self.and_expr()
        items = [first]
        while self.peek().kind == "or":
            self.take()
            items.append(self.and_expr())
        return first if len(items) == 1 else BoolOp(first.col, "or", tuple(items))

    def and_expr(self) -> Expr:
        first = self.not_expr()
        items = [first]
        while self.peek().kind == "and":
            self.take()
            items.append(self.not_expr())
        return first if len(items) == 1 else BoolOp(first.col, "and", tuple(items))

    def not_expr(self) -> Expr:
        tok = self.peek()
        if tok.kind == "not":
            self.take()
            self.enter(tok.col)
            operand = self.not_expr()
            self.depth -= 1
            return Not(tok.col, operand)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.operand()
        tok = self.peek()
        if tok.kind == "op":
            self.take()
            return Compare(tok.col, tok.text, left, self.operand())
        if tok.kind == "in":
            self.take()
            return Member(tok.col, left, self.operand(), False)
        if tok.kind == "not" and self.peek(1).kind == "in":
            self.take()
            self.take()
            return Member(tok.col, left, self.operand(), True)
        return left

    def operand(self) -> Expr:
        tok = self.peek()
        if tok.kind == "(":
            raise AssertionError  # pragma: no cover - punct tokens have kind 'punct'
        if tok.kind == "punct" and tok.text == "(":
            self.take()
            self.enter(tok.col)
            inner = self.or_expr()
            self.depth -= 1
            self.take("punct", ")")
            return inner
        if tok.kind == "punct" and tok.text == "[":
            return self.list_literal()
        if tok.kind == "string":
            self.take()
            return Lit(tok.col, tok.text[1:-1])
        if tok.kind == "number":
            self.take()
            text = tok.text
            value: int | float = float(text) if any(c in text for c in ".eE") else int(text)
            return Lit(tok.col, value)
        if tok.kind in ("true", "false", "null"):
            self.take()
            return Lit(tok.col, {"true": True, "false": False, "null": None}[tok.kind])
        if tok.kind == "fact":
            self.take()
            return FactRef(tok.col, tok.text[1:])
        if tok.kind == "name":
            self.take()
            if self.peek().kind == "punct" and self.peek().text == "(":
                return self.call(tok)
            return FieldRef(tok.col, tok.text)
        raise ConditionError(f"expected a value, found {tok.text or 'end of expression'!r}", tok.col)

    def list_literal(self) -> ListLit:
        start = self.take("punct", "[")
        items: list[Any] = []
        while not (self.peek().kind == "punct" and self.peek().text == "]"):
            item = self.operand()
            if isinstance(item, Call) and item.name == "date" and len(item.args) == 1:
                items.append(_date_literal(item))
            elif not isinstance(item, Lit) or item.value is None:
                raise ConditionError("list items must be strings, numbers, booleans or dates", item.col)
            else:
                items.append(item.value)
            if self.peek().kind == "punct" and self.peek().text == ",":
                self.take()
            elif not (self.peek().kind == "punct" and self.peek().text == "]"):
                raise ConditionError("expected ',' or ']' in list", self.peek().col)
        self.take("punct", "]")
        return ListLit(start.col, tuple(items))

    def call(self, name_tok: Token) -> Expr:
        self.take("punct", "(")
        args: list[Expr] = []
        while not (self.peek().kind == "punct" and self.peek().text == ")"):
            args.append(self.or_expr())
            if self.peek().kind == "punct" and self.peek().text == ",":
                self.take()
            elif not (self.peek().kind == "punct" and self.peek().text == ")"):
                raise ConditionError("expected ',' or ')' in call", self.peek().col)
        self.take("punct", ")")
        call = Call(name_tok.col, name_tok.text, tuple(args))
        if call.name == "date":
            return Lit(call.col, _date_literal(call))
        return call


def _date_literal(call: Call) -> dt.date:
    if len(call.args) != 1 or not isinstance(call.args[0], Lit) or not isinstance(call.args[0].value, str):
        raise ConditionError("date() takes one 'YYYY-MM-DD' string", call.col)
    try:
        return dt.date.fromisoformat(call.args[0].value)
    except ValueError:
        raise ConditionError(f"invalid date {call.args[0].value!r}", call.col) from None


def parse(source: str) -> Expr:
    """Parse a condition into an AST (no type checks)."""
    if not isinstance(source, str):
        raise ConditionError("a condition must be a string")
    return _Parser(tokenize(source)).parse()


# --------------------------------------------------------------------------- type checking

_FUNCTIONS = {"any_of", "all_of", "count", "answered", "fired", "any_fired"}
_EFFECTS = frozenset(
    {"classify", "prohibit", "obligation", "right", "notify", "label", "document", "manual_review"}
)


@dataclass
class Checker:
    """Type-checks an AST against the profile catalogue, the pack's facts and rule ids."""

    fields: dict[str, FieldSpec]
    facts: dict[str, FactType]
    rule_ids: frozenset[str] | None = None  # None: do not check fired() ids
    used_fields: set[str] = field(default_factory=set)
    used_facts: set[str] = field(default_factory=set)
    used_rules: set[str] = field(default_factory=set)

    def type_of(self, node: Expr) -> FactType:
        if isinstance(node, Lit):
            v = node.value
            if v is None:
                return FactType("null")
            if isinstance(v, bool):
                return FactType("bool")
            if isinstance(v, int | float):
                return FactType("number")
            if isinstance(v, dt.date):
                return FactType("date")
            return FactType("str", (v,))
        if isinstance(node, ListLit):
            return FactType("listlit", tuple(str(i) for i in node.items))
        if isinstance(node, FieldRef):
            spec = self.fields.get(node.path)
            if spec is None:
                raise ConditionError(f"unknown profile field {node.path!r}", node.col)
            self.used_fields.add(node.path)
            if spec.kind == "list":
                return FactType("list", spec.values)
            return FactType("number" if spec.kind in ("int", "float") else str(spec.kind), spec.values)
        if isinstance(node, FactRef):
            if node.name == "as_of":
                return FactType("date")
            ft = self.facts.get(node.name)
            if ft is None:
                raise ConditionError(f"unknown fact ${node.name}", node.col)
            self.used_facts.add(node.name)
            kind = "number" if ft.kind in ("int", "float") else ft.kind
            return FactType(kind, ft.values)
        if isinstance(node, Not):
            self.require_bool(node.operand)
            return FactType("bool")
        if isinstance(node, BoolOp):
            for operand in node.operands:
                self.require_bool(operand)
            return FactType("bool")
        if isinstance(node, Compare):
            return self.check_compare(node)
        if isinstance(node, Member):
            return self.check_member(node)
        if isinstance(node, Call):
            return self.check_call(node)
        raise ConditionError("unsupported expression", node.col)  # pragma: no cover

    def require_bool(self, node: Expr) -> None:
        t = self.type_of(node)
        if t.kind not in ("bool", "any"):
            raise ConditionError(f"expected a true/false condition, found a {t.kind} value", node.col)

    def check_compare(self, node: Compare) -> FactType:
        lt, rt = self.type_of(node.left), self.type_of(node.right)
        if "null" in (lt.kind, rt.kind):
            if node.op not in ("==", "!="):
                raise ConditionError("null can only be compared with == or !=", node.col)
            return FactType("bool")
        if "list" in (lt.kind, rt.kind) or "listlit" in (lt.kind, rt.kind):
            raise ConditionError("lists are compared with 'in', any_of() or all_of()", node.col)
        if node.op in ("<", "<=", ">", ">=") and not (lt.kind == rt.kind and lt.kind in ("number", "date")):
            raise ConditionError(f"'{node.op}' needs two numbers or two dates", node.col)
        self.check_enum_pair(lt, rt, node)
        compatible = (
            {lt.kind, rt.kind} <= {"enum", "str"} or lt.kind == rt.kind or "any" in (lt.kind, rt.kind)
        )
        if not compatible:
            raise ConditionError(f"cannot compare a {lt.kind} with a {rt.kind}", node.col)
        return FactType("bool")

    @staticmethod
    def check_enum_pair(a: FactType, b: FactType, node: Expr) -> None:
        for x, y in ((a, b), (b, a)):
            if x.kind == "enum" and x.values is not None and y.kind == "str" and y.values:
                bad = [v for v in y.values if v not in x.values]
                if bad:
                    raise ConditionError(
                        f"{bad[0]!r} is not a possible value (allowed: {', '.join(x.values)})", node.col
                    )

    def check_member(self, node: Member) -> FactType:
        it, ct = self.type_of(node.item), self.type_of(node.container)
        if ct.kind == "listlit":
            if it.kind == "enum" and it.values is not None:
                bad = [v for v in (ct.values or ()) if v not in it.values]
                if bad:
                    raise ConditionError(
                        f"{bad[0]!r} is not a possible value (allowed: {', '.join(it.values)})", node.col
                    )
            if it.kind in ("list", "listlit"):
                raise ConditionError("use any_of() to test a list field against a list", node.col)
            return FactType("bool")
        if ct.kind == "list":
            if it.kind == "str" and ct.values is not None:
                bad = [v for v in (it.values or ()) if v not in ct.values]
                if bad:
                    raise ConditionError(
                        f"{bad[0]!r} is not a possible item (allowed: {', '.join(ct.values)})", node.col
                    )
            return FactType("bool")
        raise ConditionError("'in' needs a list on its right", node.col)

    def check_call(self, node: Call) -> FactType:
        name, args = node.name, node.args
        if name not in _FUNCTIONS:
            raise ConditionError(
                f"unknown function {name}() (known: {', '.join(sorted(_FUNCTIONS))})", node.col
            )
        if name in ("any_of", "all_of"):
            if len(args) != 2:
                raise ConditionError(f"{name}() takes a list field and a list", node.col)
            lt = self.type_of(args[0])
            if lt.kind != "list":
                raise ConditionError(f"{name}() needs a list field first", node.col)
            if not isinstance(args[1], ListLit):
                raise ConditionError(f"{name}() needs a literal list second", node.col)
            bad = [v for v in args[1].items if lt.values is not None and v not in lt.values]
            if bad:
                raise ConditionError(
                    f"{bad[0]!r} is not a possible item (allowed: {', '.join(lt.values or ())})", node.col
                )
            return FactType("bool")
        if name == "count":
            if len(args) != 1 or self.type_of(args[0]).kind != "list":
                raise ConditionError("count() takes one list field", node.col)
            return FactType("number")
        if name == "answered":
            if len(args) != 1 or not isinstance(args[0], FieldRef | FactRef):
                raise ConditionError("answered() takes one field", node.col)
            self.type_of(args[0])
            return FactType("bool")
        if len(args) != 1 or not isinstance(args[0], Lit) or not isinstance(args[0].value, str):
            raise ConditionError(f"{name}() takes one quoted string", node.col)
        arg = args[0].value
        if name == "fired":
            if self.rule_ids is not None and arg not in self.rule_ids:
                raise ConditionError(f"fired() of unknown rule {arg!r}", node.col)
            self.used_rules.add(arg)
        elif arg not in _EFFECTS:
            raise ConditionError(f"any_fired() needs an effect ({', '.join(sorted(_EFFECTS))})", node.col)
        else:
            self.used_rules.add("@" + arg)
        return FactType("bool")


# --------------------------------------------------------------------------- compilation to closures

Fn = Callable[[EvalContext], Any]


def _kleene_and(fns: tuple[Fn, ...]) -> Fn:
    if len(fns) == 2:
        a, b = fns

        def and2(ctx: EvalContext) -> bool | None:
            x = a(ctx)
            if x is False:
                return False
            y = b(ctx)
            if y is False:
                return False
            if x is None or y is None:
                return None
            return True

        return and2

    def and_n(ctx: EvalContext) -> bool | None:
        unknown = False
        for f in fns:
            v = f(ctx)
            if v is False:
                return False
            if v is None:
                unknown = True
        return None if unknown else True

    return and_n


def _kleene_or(fns: tuple[Fn, ...]) -> Fn:
    def or_n(ctx: EvalContext) -> bool | None:
        unknown = False
        for f in fns:
            v = f(ctx)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    return or_n


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: bool(a == b),
    "!=": lambda a, b: bool(a != b),
    "<": lambda a, b: bool(a < b),
    "<=": lambda a, b: bool(a <= b),
    ">": lambda a, b: bool(a > b),
    ">=": lambda a, b: bool(a >= b),
}


_FN_CACHE: dict[int, tuple[Expr, Fn]] = {}


def _fn(node: Expr) -> Fn:
    """The compiled closure of a sub-expression, memoised (explanations re-evaluate sub-trees)."""
    hit = _FN_CACHE.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    fn = _compile(node)
    _FN_CACHE[id(node)] = (node, fn)
    return fn


def _compile(node: Expr) -> Fn:
    if isinstance(node, Lit):
        value = node.value
        return lambda ctx: value
    if isinstance(node, ListLit):
        items = frozenset(node.items)
        return lambda ctx: items
    if isinstance(node, FieldRef):
        path = node.path
        return lambda ctx: ctx.values[path]
    if isinstance(node, FactRef):
        name = node.name
        if name == "as_of":
            return lambda ctx: ctx.as_of
        return lambda ctx: ctx.fact(name)
    if isinstance(node, Not):
        inner = _compile(node.operand)

        def not_(ctx: EvalContext) -> bool | None:
            v = inner(ctx)
            return None if v is None else not v

        return not_
    if isinstance(node, BoolOp):
        fns = tuple(_compile(o) for o in node.operands)
        return _kleene_and(fns) if node.op == "and" else _kleene_or(fns)
    if isinstance(node, Compare):
        return _compile_compare(node)
    if isinstance(node, Member):
        return _compile_member(node)
    if isinstance(node, Call):
        return _compile_call(node)
    raise ConditionError("unsupported expression", node.col)  # pragma: no cover


def _compile_compare(node: Compare) -> Fn:
    op = node.op
    # Definite null tests.
    for a, b in ((node.left, node.right), (node.right, node.left)):
        if isinstance(b, Lit) and b.value is None:
            other = _compile(a)
            if op == "==":
                return lambda ctx: other(ctx) is None
            return lambda ctx: other(ctx) is not None
    # Fast paths: field/fact against a literal.
    if isinstance(node.right, Lit):
        lit = node.right.value
        left = _compile(node.left)
        if op == "==":

            def eq_lit(ctx: EvalContext) -> bool | None:
                v = left(ctx)
                return None if v is None else v == lit

            return eq_lit
        if op == "!=":

            def ne_lit(ctx: EvalContext) -> bool | None:
                v = left(ctx)
                return None if v is None else v != lit

            return ne_lit
    cmp = _CMP[op]
    lf, rf = _compile(node.left), _compile(node.right)

    def compare(ctx: EvalContext) -> bool | None:
        x = lf(ctx)
        if x is None:
            return None
        y = rf(ctx)
        if y is None:
            return None
        return cmp(x, y)

    return compare


def _compile_member(node: Member) -> Fn:
    item, container, negate = _compile(node.item), _compile(node.container), node.negate

    def member(ctx: EvalContext) -> bool | None:
        c = container(ctx)
        if c is None:
            return None
        x = item(ctx)
        if x is None:
            return None
        return (x in c) != negate

    return member


def _compile_call(node: Call) -> Fn:
    name, args = node.name, node.args
    if name in ("any_of", "all_of"):
        lst = _compile(args[0])
        assert isinstance(args[1], ListLit)
        wanted = frozenset(args[1].items)
        if name == "any_of":

            def any_of(ctx: EvalContext) -> bool | None:
                v = lst(ctx)
                return None if v is None else not wanted.isdisjoint(v)

            return any_of

        def all_of(ctx: EvalContext) -> bool | None:
            v = lst(ctx)
            return None if v is None else wanted.issubset(v)

        return all_of
    if name == "count":
        lst = _compile(args[0])

        def count(ctx: EvalContext) -> int | None:
            v = lst(ctx)
            return None if v is None else len(v)

        return count
    if name == "answered":
        target = _compile(args[0])
        return lambda ctx: target(ctx) is not None
    assert isinstance(args[0], Lit)
    arg = str(args[0].value)
    if name == "fired":
        return lambda ctx: ctx.fired(arg)
    return lambda ctx: ctx.any_fired(arg)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A checked, compiled condition."""

    source: str
    ast: Expr
    fn: Fn
    fields: frozenset[str]
    facts: frozenset[str]
    rules: frozenset[str]  # rule ids used by fired(); "@effect" for any_fired(effect)

    def __call__(self, ctx: EvalContext) -> Any:
        return self.fn(ctx)


def compile_condition(
    source: str,
    *,
    fields: dict[str, FieldSpec],
    facts: dict[str, FactType],
    rule_ids: Iterable[str] | None = None,
    want_bool: bool = True,
) -> Compiled:
    """Parse, type-check and compile a condition.

    Raises
    ------
    ConditionError
        If the text is malformed, names an unknown field, fact, function or rule, or is ill-typed.
    """
    ast = parse(source)
    checker = Checker(fields, facts, frozenset(rule_ids) if rule_ids is not None else None)
    if want_bool:
        checker.require_bool(ast)
    else:
        checker.type_of(ast)
    return Compiled(
        source,
        ast,
        _compile(ast),
        frozenset(checker.used_fields),
        frozenset(checker.used_facts),
        frozenset(checker.used_rules),
    )


# --------------------------------------------------------------------------- explanations (slow path)


def _fmt(value: Any) -> str:
    if value is None:
        return "unanswered"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | frozenset | set):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value >= 1e6:
        return f"{value:.3g}"
    return str(value)


def format_value(value: Any) -> str:
    """How a value appears in explanations."""
    return _fmt(value)


def _atoms(node: Expr) -> list[Expr]:
    """The field and fact references of an atomic condition, in order."""
    if isinstance(node, FieldRef | FactRef):
        return [node]
    if isinstance(node, Compare):
        return _atoms(node.left) + _atoms(node.right)
    if isinstance(node, Member):
        return _atoms(node.item) + _atoms(node.container)
    if isinstance(node, Call):
        out: list[Expr] = []
        for a in node.args:
            out.extend(_atoms(a))
        return out
    if isinstance(node, Not):
        return _atoms(node.operand)
    if isinstance(node, BoolOp):
        out = []
        for o in node.operands:
            out.extend(_atoms(o))
        return out
    return []


def _render_atom(node: Expr, ctx: EvalContext) -> list[str]:
    parts: list[str] = []
    if isinstance(node, Call) and node.name in ("fired", "any_fired") and isinstance(node.args[0], Lit):
        v = _fn(node)(ctx)
        label = f"{node.name}({node.args[0].value})"
        return [f"{label} = {_fmt(v)}"]
    for ref in _atoms(node):
        if isinstance(ref, FieldRef):
            parts.append(f"{ref.path} = {_fmt(ctx.values.get(ref.path))}")
        elif isinstance(ref, FactRef):
            value = ctx.fact(ref.name) if ref.name != "as_of" else ctx.as_of
            parts.append(f"{ref.name} = {_fmt(value)}")
    return parts


def explain(node: Expr, ctx: EvalContext) -> list[str]:
    """The answers that decide this condition's value, as ``field = value`` strings (deduplicated)."""
    out: list[str] = []
    seen: set[str] = set()

    def add(items: list[str]) -> None:
        for item in items:
            if item not in seen:
                seen.add(item)
                out.append(item)

    def walk(n: Expr) -> None:
        if isinstance(n, Not):
            walk(n.operand)
            return
        if isinstance(n, BoolOp):
            values = [(o, _fn(o)(ctx)) for o in n.operands]
            total = _fn(n)(ctx)
            decisive = {"and": False, "or": True}[n.op]
            if total is decisive:
                for o, v in values:
                    if v is decisive:
                        walk(o)
                        return
            for o, v in values:
                if total is None and v is not None:
                    continue
                walk(o)
            return
        add(_render_atom(n, ctx))

    walk(node)
    return out


def unknown_fields(node: Expr, ctx: EvalContext, fact_fields: Callable[[str], set[str]]) -> set[str]:
    """Unanswered fields that make this condition unknown (only branches that could still decide it)."""
    out: set[str] = set()

    def walk(n: Expr) -> None:
        if isinstance(n, Not):
            walk(n.operand)
            return
        if isinstance(n, BoolOp):
            for o in n.operands:
                if _fn(o)(ctx) is None:
                    walk(o)
            return
        if isinstance(n, Call) and n.name in ("fired", "any_fired"):
            arg = n.args[0]
            if isinstance(arg, Lit):
                out.update(fact_fields(("@rule:" if n.name == "fired" else "@effect:") + str(arg.value)))
            return
        for ref in _atoms(n):
            if isinstance(ref, FieldRef) and ctx.values.get(ref.path) is None:
                out.add(ref.path)
            elif isinstance(ref, FactRef) and ref.name != "as_of" and ctx.fact(ref.name) is None:
                out.update(fact_fields(ref.name))

    if _fn(node)(ctx) is None:
        walk(node)
    return out
