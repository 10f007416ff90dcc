"""The detector registry: ``registry.yaml`` evaluated into :class:`PatternDetector` objects.

The YAML file is the single place where detectors are listed, switched on or off, scored and
given their context words and column hints; this module only checks and evaluates it. Every
problem is reported as a :class:`RegistryError` naming the detector and the field.

Candidate patterns must be safe for both matching back ends (hyperscan over the engine's one byte
per character, and Python ``re`` over ``str``) and must never cross the separator that joins a
batch's values, so :func:`check_pattern` accepts only a small regex subset: ASCII, positive character classes,
``\\b``, groups, alternation and bounded or unbounded repeats, plus one negated class,
:data:`NON_ASCII` (``[^\\x00-\\x7f]``: one character outside ASCII, which is one byte of 0x80-0xFF
in the engine's buffer and any non-ASCII character for ``re``; it can match neither the separator
nor a newline). ``\\d``/``\\w``/``\\s``, other negated classes and escapes, ``.``, anchors and
look-around are refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

from senim._yaml import YamlError, load_with_lines
from senim.privacy.detectors.base import LANG_KEYS, PatternDetector, Validator, ValidatorFactory
from senim.privacy.detectors.generic.card import make_card_validator
from senim.privacy.detectors.generic.dob import make_dob_validator
from senim.privacy.detectors.generic.dob_table import make_dob_table_validator
from senim.privacy.detectors.generic.email import make_email_validator, make_idn_email_validator
from senim.privacy.detectors.generic.iban import make_iban_validator
from senim.privacy.detectors.generic.ip import make_ipv4_validator, make_ipv6_validator
from senim.privacy.detectors.generic.phone import (
    make_intl_phone_validator,
    make_kz_phone_validator,
    make_national_phone_validator,
)
from senim.privacy.detectors.kz.id_card import make_id_card_mrz_validator, make_id_card_validator
from senim.privacy.detectors.kz.iin_bin import (
    make_bin_grouped_validator,
    make_bin_validator,
    make_iin_grouped_validator,
    make_iin_validator,
)
from senim.privacy.detectors.kz.passport import make_passport_mrz_validator, make_passport_validator
from senim.privacy.types import ENTITIES

__all__ = [
    "NON_ASCII",
    "VALIDATORS",
    "RegistryError",
    "build_validator",
    "check_pattern",
    "default_registry",
    "load_registry",
    "parse_registry",
]

#: Validator factories by the name used in ``registry.yaml``.
VALIDATORS: Final[Mapping[str, ValidatorFactory]] = {
    "kz_iin": make_iin_validator,
    "kz_iin_grouped": make_iin_grouped_validator,
    "kz_bin": make_bin_validator,
    "kz_bin_grouped": make_bin_grouped_validator,
    "kz_passport": make_passport_validator,
    "kz_passport_mrz": make_passport_mrz_validator,
    "kz_id_card": make_id_card_validator,
    "kz_id_card_mrz": make_id_card_mrz_validator,
    "kz_phone": make_kz_phone_validator,
    "intl_phone": make_intl_phone_validator,
    "national_phone": make_national_phone_validator,
    "email": make_email_validator,
    "email_idn": make_idn_email_validator,
    "iban": make_iban_validator,
    "card": make_card_validator,
    "ipv4": make_ipv4_validator,
    "ipv6": make_ipv6_validator,
    "dob": make_dob_validator,
    "dob_table": make_dob_table_validator,
}

_ID: Final = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")
_FORBIDDEN_ESCAPES: Final = frozenset("dDwWsSBAZzGnrtfvx0123456789pPNuU")
_KEYS: Final = frozenset(
    {
        "id", "entity", "enabled", "patterns", "validator", "score", "context_boost",
        "requires_context", "context", "columns", "params", "window_before", "window_after",
        "reject_glued",
    }
)  # fmt: skip


#: The one negated class a pattern may use: a character outside ASCII (see the module docstring).
NON_ASCII: Final = "[^\\x00-\\x7f]"


class RegistryError(ValueError):
    """Invalid registry data: the message names the detector (or position) and the field."""


def check_pattern(pattern: str) -> None:
    """Refuse a candidate regex outside the safe subset (see the module docstring).

    Raises
    ------
    ValueError
        Naming the offending construct.
    """
    if not pattern:
        raise ValueError("empty pattern")
    if not pattern.isascii():
        raise ValueError("pattern must be ASCII")
    i = 0
    in_class = False
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if not in_class and pattern.startswith(NON_ASCII, i):
            i += len(NON_ASCII)
            continue
        if c == "\\":
            if i + 1 >= n:
                raise ValueError("pattern ends with a backslash")
            nxt = pattern[i + 1]
            if nxt in _FORBIDDEN_ESCAPES:
                raise ValueError(f"escape \\{nxt} is not allowed (write ASCII classes such as [0-9])")
            if nxt == "b" and in_class:
                raise ValueError("\\b inside a character class is not allowed")
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            if pattern[i + 1 : i + 2] == "^":
                raise ValueError("negated character classes are not allowed")
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # a literal ] first in the class
        elif c == ".":
            raise ValueError("unescaped '.' is not allowed (it matches the value separator)")
        elif c in "^$":
            raise ValueError("anchors are not allowed")
        elif c == "(" and pattern[i + 1 : i + 2] == "?" and pattern[i + 2 : i + 3] != ":":
            raise ValueError("only (?:...) groups are allowed (no look-around, flags or names)")
        elif c in "\n\r\t":
            raise ValueError("control characters are not allowed")
        i += 1
    if in_class:
        raise ValueError("unterminated character class")
    try:
        compiled = re.compile(pattern, re.ASCII)
    except re.error as exc:
        raise ValueError(f"invalid regex: {exc}") from None
    if compiled.fullmatch("") is not None:
        raise ValueError("pattern matches the empty string")
    if compiled.groups:
        raise ValueError("capturing groups are not allowed: use (?:...)")


def build_validator(detector: PatternDetector) -> Validator:
    """Build the validator a detector names, with its parameters and base score."""
    factory = VALIDATORS.get(detector.validator)
    if factory is None:  # pragma: no cover - parse_registry already checked
        raise RegistryError(f"detector {detector.id!r}: unknown validator {detector.validator!r}")
    params = dict(detector.params)
    params.setdefault("score", detector.score)
    try:
        return factory(params)
    except ValueError as exc:
        raise RegistryError(f"detector {detector.id!r}: params: {exc}") from None


def _fail(where: str, message: str) -> RegistryError:
    return RegistryError(f"{where}: {message}")


def _number(where: str, key: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _fail(where, f"{key} must be a number in [{low}, {high}]")
    return float(value)


def _int(where: str, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 500:
        raise _fail(where, f"{key} must be an integer in [0, 500]")
    return value


def _bool(where: str, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, f"{key} must be true or false")
    return value


def _strings(where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, f"{key} must be a list of non-empty strings")
    return tuple(value)


def _detector(entry: object, index: int, defaults: Mapping[str, Any]) -> PatternDetector:
    where = f"detector #{index + 1}"
    if not isinstance(entry, dict):
        raise _fail(where, "must be a mapping")
    ident = entry.get("id")
    if not isinstance(ident, str) or not _ID.fullmatch(ident):
        raise _fail(where, "id must be a dotted lower-case name such as 'kz.iin'")
    where = f"detector {ident!r}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise _fail(where, f"unknown field(s): {', '.join(map(str, unknown))}")
    merged: dict[str, Any] = {**defaults, **entry}
    entity = merged.get("entity")
    if entity not in ENTITIES:
        raise _fail(where, f"entity must be one of {', '.join(ENTITIES)}")
    validator = merged.get("validator")
    if not isinstance(validator, str) or validator not in VALIDATORS:
        raise _fail(where, f"validator must be one of {', '.join(sorted(VALIDATORS))}")
    patterns = _strings(where, "patterns", merged.get("patterns"))
    if not patterns:
        raise _fail(where, "patterns must not be empty")
    for pattern in patterns:
        try:
            check_pattern(pattern)
        except ValueError as exc:
            raise _fail(where, f"pattern {pattern!r}: {exc}") from None
    context_raw = merged.get("context", {})
    if not isinstance(context_raw, dict) or not set(context_raw) <= set(LANG_KEYS):
        raise _fail(where, f"context must map {', '.join(LANG_KEYS)} to word lists")
    context = {str(lang): _strings(where, f"context.{lang}", words) for lang, words in context_raw.items()}
    params = merged.get("params", {})
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        raise _fail(where, "params must be a mapping")
    requires_context = _bool(where, "requires_context", merged.get("requires_context", False))
    columns = _strings(where, "columns", merged.get("columns", []))
    if requires_context and not context and not columns:
        raise _fail(where, "requires_context needs context words or column hints")
    detector = PatternDetector(
        id=ident,
        entity=entity,
        patterns=patterns,
        validator=validator,
        score=_number(where, "score", merged.get("score"), 0.0, 1.0),
        context_boost=_number(where, "context_boost", merged.get("context_boost", 0.0), 0.0, 1.0),
        requires_context=requires_context,
        context=context,
        columns=columns,
        params=dict(params),
        window_before=_int(where, "window_before", merged.get("window_before", 40)),
        window_after=_int(where, "window_after", merged.get("window_after", 20)),
        reject_glued=_bool(where, "reject_glued", merged.get("reject_glued", True)),
        enabled=_bool(where, "enabled", merged.get("enabled", True)),
    )
    build_validator(detector)  # parameters are checked now, not at the first scan
    return detector


def parse_registry(text: str) -> list[PatternDetector]:
    """Evaluate registry YAML text into detectors (disabled ones included, ``enabled=False``).

    Raises
    ------
    RegistryError
        For invalid YAML, an unknown version, field or validator, an unsafe pattern, a bad score
        or parameters, or a repeated detector id.
    """
    try:
        data, _lines = load_with_lines(text)
    except YamlError as exc:
        where = f"line {exc.line}" if exc.line else "registry"
        raise RegistryError(f"{where}: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise RegistryError("registry: expected a mapping with 'version: 1'")
    unknown = sorted(set(data) - {"version", "defaults", "detectors"})
    if unknown:
        raise RegistryError(f"registry: unknown top-level field(s): {', '.join(map(str, unknown))}")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or not set(defaults) <= {
        "window_before",
        "window_after",
        "reject_glued",
        "enabled",
    }:
        raise RegistryError("registry: defaults may set window_before, window_after, reject_glued, enabled")
    entries = data.get("detectors")
    if not isinstance(entries, list) or not entries:
        raise RegistryError("registry: 'detectors' must be a non-empty list")
    detectors = [_detector(entry, i, defaults) for i, entry in enumerate(entries)]
    seen: set[str] = set()
    for det in detectors:
        if det.id in seen:
            raise RegistryError(f"detector {det.id!r}: id is repeated")
        seen.add(det.id)
    return detectors


def load_registry(path: str | Path | None = None) -> list[PatternDetector]:
    """Load and check a registry file (default: the packaged ``registry.yaml``).

    Raises
    ------
    RegistryError
        See :func:`parse_registry`; also when the file cannot be read.
    """
    if path is None:
        text = resources.files("senim.privacy.detectors").joinpath("registry.yaml").read_text("utf-8")
        return parse_registry(text)
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read the registry ({type(exc).__name__})") from None
    try:
        return parse_registry(text)
    except RegistryError as exc:
        raise RegistryError(f"{path}: {exc}") from None


_DEFAULT: list[PatternDetector] = []


def default_registry() -> Sequence[PatternDetector]:
    """The packaged registry, loaded once per process."""
    if not _DEFAULT:
        _DEFAULT.extend(load_registry())
    return tuple(_DEFAULT)
