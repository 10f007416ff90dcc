"""Building blocks shared by every structured detector.

A :class:`PatternDetector` is pure data loaded from ``registry.yaml``: the ASCII candidate
regexes, the name of its validator, its scores and its context words. A validator is a plain
function ``(value, start, end) -> Verdict | None`` built once by a factory from the detector's
``params``; it sees the whole value so it can look around the candidate (an MRZ line, a month
name before a year) and may move the span (trim an IBAN that ran into the next word).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "LANG_KEYS",
    "PatternDetector",
    "Validator",
    "ValidatorFactory",
    "Verdict",
    "param_float",
    "param_int",
    "param_strings",
]

#: Languages of context words in the registry.
LANG_KEYS: Final[tuple[str, ...]] = ("kk", "ru", "en")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a validator decided about one candidate.

    Parameters
    ----------
    score
        Score before context, in [0, 1].
    validated
        True when a checksum, registry or numbering plan confirmed the value.
    start, end
        New ``str`` offsets of the finding in the value when the validator moved the span
        (``None``: the candidate's own offsets).
    """

    score: float
    validated: bool = False
    start: int | None = None
    end: int | None = None


#: ``validator(value, start, end)``: a verdict for ``value[start:end]``, or ``None`` to reject it.
Validator = Callable[[str, int, int], Verdict | None]
#: Builds a validator from a detector's ``params`` (the registry injects ``score``).
ValidatorFactory = Callable[[Mapping[str, object]], Validator]


@dataclass(frozen=True, slots=True)
class PatternDetector:
    """One detector of the registry (see ``registry.yaml`` for the meaning of each field).

    Instances are plain data (picklable); the engine resolves ``validator`` by name.
    """

    id: str
    entity: str
    patterns: tuple[str, ...]
    validator: str
    score: float
    context_boost: float = 0.0
    requires_context: bool = False
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    columns: tuple[str, ...] = ()
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    window_before: int = 40
    window_after: int = 20
    reject_glued: bool = True
    enabled: bool = True

    @property
    def context_words(self) -> tuple[str, ...]:
        """All context words, every language, in registry order without repeats."""
        seen: dict[str, None] = {}
        for lang in LANG_KEYS:
            for word in self.context.get(lang, ()):
                seen.setdefault(word, None)
        return tuple(seen)


def param_float(params: Mapping[str, object], key: str, default: float) -> float:
    """A numeric parameter (``bool`` is refused: ``true`` is not a score)."""
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"parameter {key!r} must be a number")
    return float(value)


def param_int(params: Mapping[str, object], key: str, default: int) -> int:
    """An integer parameter."""
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"parameter {key!r} must be an integer")
    return value


def param_strings(params: Mapping[str, object], key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A list-of-strings parameter (YAML scalars such as ``700`` are read as their text)."""
    value = params.get(key)
    if value is None:
        return default
    if not isinstance(value, list | tuple) or not all(isinstance(v, str | int) for v in value):
        raise ValueError(f"parameter {key!r} must be a list of strings")
    return tuple(str(v) for v in value)
