"""Fairness audit of automated decisions: group metrics, disparities, confidence intervals, verdicts.

KZ AI law Art. 6 requires AI systems to work without discrimination by origin, social, official or
property status, sex, race, nationality, language, religion, beliefs, place of residence or any
other ground; EU AI Act Art. 10 requires data to be examined for possible biases. This module
measures, for binary decisions (1 = the positive, usually favourable, outcome such as "approved"),
how each group of each sensitive attribute — and of their intersection — is treated.

Group metrics (per group :math:`a`; :math:`Y` the actual outcome, :math:`\\hat Y` the decision):

- ``count``: rows in the group;
- ``base_rate`` :math:`P(Y=1 \\mid A=a)`; ``selection_rate`` :math:`P(\\hat Y=1 \\mid A=a)`;
- ``tpr`` (recall) :math:`P(\\hat Y=1 \\mid Y=1, A=a)`; ``fnr`` :math:`= 1 - \\mathrm{tpr}`;
  ``fpr`` :math:`P(\\hat Y=1 \\mid Y=0, A=a)`;
- ``precision`` (positive predictive value) :math:`P(Y=1 \\mid \\hat Y=1, A=a)`;
- ``accuracy`` :math:`P(\\hat Y = Y \\mid A=a)`;
- with a score: ``auc``, the ROC AUC (the Mann–Whitney probability that a random positive scores
  above a random negative, ties counted one half — the same number as
  :func:`sklearn.metrics.roc_auc_score`), and ``calibration``: the mean score and observed rate
  of positives in each of 10 equal-width score bins on [0, 1] (as
  :func:`sklearn.calibration.calibration_curve` with ``strategy="uniform"``; empty bins omitted).

Zero denominators follow fairlearn 0.15 and scikit-learn so the figures are the same: a group with
no actual positives has ``tpr = fnr = 0``, one with no actual negatives ``fpr = 0``, one with no
positive decisions ``precision = 0`` (scikit-learn's ``zero_division`` default). Such metrics are
listed in :attr:`GroupMetrics.undefined` and named in the disparities' notes, because a 0 there
means "undefined", not "never".

Disparities (over the comparable groups of an attribute, fairlearn's ``between_groups`` method):

- ``demographic_parity``: difference = max − min of selection rates; ratio = min / max;
- ``disparate_impact``: the four-fifths rule, lowest selection rate / highest selection rate, or,
  with a reference group, the lowest ratio of another group's selection rate to the reference
  group's (US EEOC Uniform Guidelines, 29 CFR §1607.4(D));
- ``equalized_odds`` (Hardt, Price & Srebro 2016): difference = the larger of the TPR and FPR
  differences; ratio = the smaller of the TPR and FPR ratios;
- ``equal_opportunity``: difference and ratio of TPRs;
- ``predictive_parity`` (Chouldechova 2017): difference and ratio of precisions (positive predictive
  values), i.e. whether a positive decision is equally reliable in every group.

Differences pass when ``value <= threshold``, ratios when ``value >= threshold``. These values equal
``fairlearn.metrics.demographic_parity_difference`` and friends on the same groups to 1e-9 (tests
check this), including fairlearn's treatment of undefined parts: 0/0 ratios are NaN, NaN groups are
skipped, and the equalized-odds ratio is Python's ``min(tpr_ratio, fpr_ratio)`` (NaN when the TPR
ratio is NaN).

Groups with fewer than ``min_group_size`` rows are flagged ``small``: their metrics are reported but
they take no part in comparisons (a warning lists them). An attribute with fewer than two comparable
groups gets ``passed=None`` ("not comparable") and a note.

Confidence intervals: a percentile bootstrap (Efron & Tibshirani 1993) of the rows. The data are first
reduced to counts per (finest group, actual, decision) cell; resampling N rows with replacement is
then exactly a multinomial draw of N over those cells with their observed frequencies, so each of the
``bootstrap`` resamples costs O(cells), not O(rows), and every group and intersection is resampled
jointly. AUC intervals are not bootstrapped (that needs the rows): they are DeLong's normal
approximation (DeLong, DeLong & Clarke-Pearson 1988; placement values computed from mid-ranks as in
Sun & Xu 2014), clipped to [0, 1].

References: fairlearn 0.15 user guide, "Common fairness metrics" (Weerts et al., JMLR 24(257), 2023);
Hardt, Price & Srebro, "Equality of Opportunity in Supervised Learning", NeurIPS 2016; Chouldechova,
"Fair prediction with disparate impact", Big Data 5(2), 2017; Hanley & McNeil, Radiology 143, 1982.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from senim.audits.data import binary_labels
from senim.audits.errors import AuditInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_THRESHOLDS_FILE",
    "DISPARITY_METRICS",
    "GROUP_METRICS",
    "SCHEMA",
    "Disparity",
    "FairnessResult",
    "GroupMetrics",
    "Thresholds",
    "audit_fairness",
    "default_thresholds_text",
    "load_thresholds",
]

SCHEMA = "senim/fairness-audit/v1"
GROUP_METRICS = ("base_rate", "selection_rate", "tpr", "fpr", "fnr", "precision", "accuracy")
DISPARITY_METRICS = (
    "demographic_parity",
    "disparate_impact",
    "equalized_odds",
    "equal_opportunity",
    "predictive_parity",
)
#: The documented default thresholds (the same values as :class:`Thresholds`' defaults).
DEFAULT_THRESHOLDS_FILE = "thresholds-default.yaml"
INTERSECTION = "×"
MISSING_GROUP = "(missing)"
MAX_GROUPS = 1000
MAX_CELLS = 200_000
CALIBRATION_BINS = 10
_BOOT_CELLS_PER_BATCH = 4_000_000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# --------------------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Thresholds:
    """Pass/fail thresholds and the settings of the statistics.

    Differences pass when ``<=`` their threshold, ratios when ``>=``. The ratio thresholds other
    than ``disparate_impact_ratio`` default to ``None``: those ratios are reported but not checked.
    The defaults and their justification are in ``senim/audits/data/thresholds-default.yaml``.

    Raises
    ------
    AuditInputError
        A value out of range (differences in [0, 1], ratios in (0, 1], confidence in (0, 1),
        ``min_group_size >= 1``, ``0 <= bootstrap <= 100000``).
    """

    min_group_size: int = 30
    demographic_parity_difference: float = 0.1
    disparate_impact_ratio: float = 0.8
    equalized_odds_difference: float = 0.1
    equal_opportunity_difference: float = 0.1
    predictive_parity_difference: float = 0.1
    confidence: float = 0.95
    bootstrap: int = 200
    seed: int = 0
    demographic_parity_ratio: float | None = None
    equalized_odds_ratio: float | None = None
    equal_opportunity_ratio: float | None = None
    predictive_parity_ratio: float | None = None

    def __post_init__(self) -> None:
        for name in ("min_group_size", "bootstrap", "seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise AuditInputError(f"threshold {name!r} must be an integer, got {value!r}")
        if self.min_group_size < 1:
            raise AuditInputError(f"min_group_size must be at least 1, got {self.min_group_size}")
        if not 0 <= self.bootstrap <= 100_000:
            raise AuditInputError(f"bootstrap must be between 0 and 100000 resamples, got {self.bootstrap}")
        if self.seed < 0:
            raise AuditInputError(f"seed must be >= 0, got {self.seed}")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in {"min_group_size", "bootstrap", "seed"} or value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
                raise AuditInputError(f"threshold {f.name!r} must be a number, got {value!r}")
            number = float(value)
            if f.name == "confidence":
                ok = 0.0 < number < 1.0
                allowed = "strictly between 0 and 1"
            elif f.name.endswith("_ratio"):
                ok = 0.0 < number <= 1.0
                allowed = "in (0, 1]"
            else:
                ok = 0.0 <= number <= 1.0
                allowed = "in [0, 1]"
            if not ok:
                raise AuditInputError(f"threshold {f.name!r} must be {allowed}, got {value!r}")

    def to_dict(self) -> dict[str, Any]:
        """The thresholds as a JSON-able mapping (the same keys as the thresholds file)."""
        return asdict(self)


def load_thresholds(path: Path | None) -> Thresholds:
    """Read thresholds from a YAML or JSON file; ``None`` gives the defaults.

    The file is a mapping with any of :class:`Thresholds`' fields (unknown keys are errors, so a
    misspelt key does not silently leave a default in place). See
    ``senim/audits/data/thresholds-default.yaml`` for the defaults with their justification.

    Raises
    ------
    AuditInputError
        An unreadable file, invalid YAML/JSON, a top level that is not a mapping, an unknown key or a
        value out of range; the message names the file (and the line for YAML).
    """
    if path is None:
        return Thresholds()
    from senim._yaml import YamlError, load_with_lines

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditInputError(f"{path}: cannot read thresholds file ({exc})") from None
    lines: dict[tuple[str, ...], int] = {}
    if Path(path).suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AuditInputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    else:
        try:
            data, lines = load_with_lines(text)
        except YamlError as exc:
            where = f" at line {exc.line}" if exc.line else ""
            raise AuditInputError(f"{path}{where}: {exc}") from None
    if data is None:
        return Thresholds()
    if not isinstance(data, dict):
        raise AuditInputError(f"{path}: a thresholds file must be a mapping of names to values")
    known = {f.name for f in fields(Thresholds)}
    for key in data:
        if key not in known:
            line = lines.get((str(key),))
            raise AuditInputError(
                f"{path}{f' line {line}' if line else ''}: unknown threshold {key!r}; "
                f"known: {', '.join(sorted(known))}"
            )
    try:
        return Thresholds(**{str(k): v for k, v in data.items()})
    except AuditInputError as exc:
        key = next((k for k in data if repr(k) in str(exc)), None)
        line = lines.get((str(key),)) if key is not None else None
        raise AuditInputError(f"{path}{f' line {line}' if line else ''}: {exc}") from None


def default_thresholds_text() -> str:
    """The documented default thresholds file shipped with Senim."""
    return (resources.files("senim.audits") / "data" / DEFAULT_THRESHOLDS_FILE).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class GroupMetrics:
    """The metrics of one group of one attribute (see the module docstring for definitions).

    ``attribute`` is a column name or an intersection such as ``"sex×region"`` (group
    ``"F×Almaty"``). Rates are NaN only for an empty group; zero denominators give 0 as fairlearn
    does and are listed in ``undefined``. ``auc`` is ``None`` without a score and NaN when the group
    has only one actual outcome. ``calibration`` is ``[(mean score, observed rate, n), ...]`` per
    non-empty bin, ``None`` without a score or when scores fall outside [0, 1]. ``ci`` maps metric
    names to (low, high) confidence bounds at the audit's confidence level.
    """

    attribute: str
    group: str
    count: int
    base_rate: float
    selection_rate: float
    tpr: float
    fpr: float
    fnr: float
    precision: float
    accuracy: float
    auc: float | None
    calibration: list[tuple[float, float, int]] | None
    small: bool
    ci: dict[str, tuple[float, float]]
    undefined: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "group": self.group,
            "count": self.count,
            **{m: _json_float(getattr(self, m)) for m in GROUP_METRICS},
            "auc": None if self.auc is None else _json_float(self.auc),
            "calibration": None
            if self.calibration is None
            else [{"mean_score": s, "observed_rate": r, "n": n} for s, r, n in self.calibration],
            "small": self.small,
            "undefined": list(self.undefined),
            "ci": {k: [_json_float(lo), _json_float(hi)] for k, (lo, hi) in self.ci.items()},
        }


@dataclass(frozen=True)
class Disparity:
    """One disparity of one attribute: its value, interval, threshold and verdict.

    ``passed`` is ``None`` when the disparity could not be judged (fewer than two comparable groups,
    an undefined value) or is not checked (``checked=False``: a ratio without a configured
    threshold, reported for information; ``threshold`` is then NaN). ``reference`` is the reference
    group of a ``disparate_impact`` ratio, if one was given. ``excluded`` lists the small groups left
    out; ``compared`` is how many groups were compared.
    """

    attribute: str
    metric: str
    kind: Literal["difference", "ratio"]
    value: float
    ci: tuple[float, float] | None
    reference: str | None
    threshold: float
    passed: bool | None
    note: str
    checked: bool = True
    compared: int = 0
    excluded: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "metric": self.metric,
            "kind": self.kind,
            "value": _json_float(self.value),
            "ci": None if self.ci is None else [_json_float(self.ci[0]), _json_float(self.ci[1])],
            "reference": self.reference,
            "threshold": _json_float(self.threshold),
            "checked": self.checked,
            "passed": self.passed,
            "compared": self.compared,
            "excluded": list(self.excluded),
            "note": self.note,
        }


@dataclass(frozen=True)
class FairnessResult:
    """The result of :func:`audit_fairness`.

    ``passed`` is ``True`` when every checked, comparable disparity passed, ``False`` when one
    failed, ``None`` when none could be judged. ``data_sha256`` fingerprints the audited data in a
    canonical form (outcomes, decisions, scores, group labels and per-row group codes), independent
    of file format and chunking.
    """

    rows: int
    target: str
    prediction: str
    score: str | None
    sensitive: tuple[str, ...]
    groups: list[GroupMetrics]
    disparities: list[Disparity]
    thresholds: Thresholds
    passed: bool | None
    warnings: list[str]
    created_at: str
    data_sha256: str | None
    positive: str | None = None
    attributes: tuple[str, ...] = ()
    seconds: float | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able document, schema ``senim/fairness-audit/v1`` (NaN written as ``null``)."""
        return {
            "schema": SCHEMA,
            "created_at": self.created_at,
            "passed": self.passed,
            "rows": self.rows,
            "target": self.target,
            "prediction": self.prediction,
            "score": self.score,
            "positive": self.positive,
            "sensitive": list(self.sensitive),
            "attributes": list(self.attributes),
            "data_sha256": self.data_sha256,
            "thresholds": self.thresholds.to_dict(),
            "method": {
                "definitions": "fairlearn 0.15 (between_groups); zero denominators as scikit-learn",
                "ci": f"percentile bootstrap of rows, {self.thresholds.bootstrap} resamples "
                f"(multinomial over cell counts), seed {self.thresholds.seed}; AUC: DeLong",
                "confidence": self.thresholds.confidence,
                "calibration_bins": CALIBRATION_BINS,
            },
            "groups": [g.to_dict() for g in self.groups],
            "disparities": [d.to_dict() for d in self.disparities],
            "warnings": list(self.warnings),
        }


def _json_float(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


# ------------------------------------------------------------------------------------ group coding


@dataclass
class _Attribute:
    name: str
    labels: list[str]
    codes: npt.NDArray[np.int32]


def _label(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _encode_attribute(col: pa.ChunkedArray, name: str, warn: list[str]) -> _Attribute:
    """Group codes 0..k-1 (labels sorted by value; missing values last as ``(missing)``)."""
    n = len(col)
    if pa.types.is_null(col.type) or col.null_count == n:
        raise AuditInputError(f"sensitive column {name!r} is entirely empty (all {n} values missing)")
    if pa.types.is_floating(col.type):
        col = pc.if_else(pc.is_nan(col), pa.scalar(None, type=col.type), col)
        if col.null_count == n:
            raise AuditInputError(f"sensitive column {name!r} is entirely empty (all {n} values NaN)")
    try:
        enc = col if pa.types.is_dictionary(col.type) else pc.dictionary_encode(col)
        enc = enc.unify_dictionaries()
    except pa.ArrowException as exc:
        raise AuditInputError(f"sensitive column {name!r} ({col.type}) cannot be grouped: {exc}") from None
    dictionary = enc.chunk(0).dictionary
    k = len(dictionary)
    values = dictionary.to_pylist()
    indices = np.concatenate(
        [np.asarray(pc.fill_null(c.indices, k).to_numpy(zero_copy_only=False)) for c in enc.chunks]
    ).astype(np.int32, copy=False)
    present = np.bincount(indices, minlength=k + 1)
    real = [i for i in range(k) if values[i] is not None]
    try:
        ordered = sorted(real, key=lambda i: values[i])
    except TypeError:
        ordered = sorted(real, key=lambda i: _label(values[i]))
    unused = [_label(values[i]) for i in ordered if present[i] == 0]
    if unused:
        warn.append(
            f"{name}: {len(unused)} categor{'ies' if len(unused) > 1 else 'y'} of the column with no rows "
            f"(groups of size 0, not reported): {_short_list(unused)}"
        )
    labels: list[str] = []
    remap = np.full(k + 1, -1, dtype=np.int32)
    by_label: dict[str, int] = {}
    for i in ordered:
        if present[i] == 0:
            continue
        lab = _label(values[i])
        if lab not in by_label:
            by_label[lab] = len(labels)
            labels.append(lab)
        remap[i] = by_label[lab]
    n_missing = int(present[k]) + sum(int(present[i]) for i in range(k) if values[i] is None)
    if n_missing:
        remap[k] = len(labels)
        for i in range(k):
            if values[i] is None:
                remap[i] = len(labels)
        labels.append(MISSING_GROUP)
        warn.append(
            f"{name}: {n_missing} row{'s' if n_missing > 1 else ''} with no value are audited as the group "
            f"{MISSING_GROUP!r}"
        )
    if len(labels) > MAX_GROUPS:
        raise AuditInputError(
            f"sensitive column {name!r} has {len(labels)} distinct values (more than {MAX_GROUPS}); "
            "group it first (for example into age bands)"
        )
    return _Attribute(name, labels, remap[indices])


@dataclass
class _Grouping:
    """One attribute (or the intersection) as a map from finest cells to its groups."""

    attribute: str
    labels: list[str]
    of_cell: npt.NDArray[np.intp]

    def __post_init__(self) -> None:
        self._order = np.argsort(self.of_cell, kind="stable")
        self._bounds = np.searchsorted(self.of_cell[self._order], np.arange(self.k))
        self._identity = bool(np.array_equal(self.of_cell, np.arange(len(self.of_cell))))

    @property
    def k(self) -> int:
        return len(self.labels)

    def aggregate(self, per_cell: FloatArray) -> FloatArray:
        """Sum ``(..., cells, m)`` per-cell values into ``(..., groups, m)`` (every group has a cell)."""
        if self._identity:
            return per_cell
        moved = np.moveaxis(per_cell, -2, 0)[self._order]
        out: FloatArray = np.moveaxis(np.add.reduceat(moved, self._bounds, axis=0), 0, -2)
        return out


def _finest(attrs: list[_Attribute]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """Per-row index of the finest cell (the intersection of all attributes) and each cell's key."""
    sizes = [len(a.labels) for a in attrs]
    key = attrs[0].codes.astype(np.int64)
    for a, size in zip(attrs[1:], sizes[1:], strict=True):
        key *= size
        key += a.codes
    total = math.prod(sizes)
    if total <= 4_000_000:
        seen = np.bincount(key, minlength=total) > 0
        keys = np.flatnonzero(seen).astype(np.int64)
        lookup = np.full(total, -1, dtype=np.int32)
        lookup[keys] = np.arange(len(keys), dtype=np.int32)
        return lookup[key], keys
    keys, inverse = np.unique(key, return_inverse=True)
    return inverse.astype(np.int32), keys.astype(np.int64)


def _groupings(
    attrs: list[_Attribute], keys: npt.NDArray[np.int64], intersections: bool, warn: list[str]
) -> list[_Grouping]:
    sizes = [len(a.labels) for a in attrs]
    parts: list[npt.NDArray[np.int64]] = []
    rest = keys.copy()
    for size in reversed(sizes):
        parts.append(rest % size)
        rest //= size
    parts.reverse()
    out = [_Grouping(a.name, a.labels, p.astype(np.intp)) for a, p in zip(attrs, parts, strict=True)]
    if intersections and len(attrs) >= 2:
        if len(keys) > MAX_CELLS:
            warn.append(
                f"the intersection of {', '.join(a.name for a in attrs)} has {len(keys)} groups "
                f"(more than {MAX_CELLS}); not audited"
            )
        else:
            labels = [
                INTERSECTION.join(a.labels[int(p[i])] for a, p in zip(attrs, parts, strict=True))
                for i in range(len(keys))
            ]
            out.append(_Grouping(INTERSECTION.join(a.name for a in attrs), labels, np.arange(len(keys))))
    return out


# --------------------------------------------------------------------------------------- metrics


def _rates(cells: FloatArray) -> dict[str, FloatArray]:
    """Group metrics from ``(..., 4)`` counts ordered (TN, FP, FN, TP), fairlearn's zero conventions."""
    tn, fp, fn, tp = cells[..., 0], cells[..., 1], cells[..., 2], cells[..., 3]
    n = tn + fp + fn + tp
    pos = tp + fn
    neg = tn + fp
    picked = tp + fp
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "base_rate": pos / n,
            "selection_rate": picked / n,
            "tpr": np.where(pos > 0, tp / pos, 0.0),
            "fpr": np.where(neg > 0, fp / neg, 0.0),
            "fnr": np.where(pos > 0, fn / pos, 0.0),
            "precision": np.where(picked > 0, tp / picked, 0.0),
            "accuracy": (tp + tn) / n,
        }
    empty = n == 0
    if np.any(empty):
        out = {key: np.where(empty, np.nan, value) for key, value in out.items()}
    return out


def _spread(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(max − min, min / max) along the last axis, skipping NaN as pandas does; 0/0 → NaN."""
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        hi = np.fmax.reduce(values, axis=-1)
        lo = np.fmin.reduce(values, axis=-1)
        diff: FloatArray = hi - lo
        ratio: FloatArray = np.asarray(lo / hi, dtype=np.float64)
    return diff, ratio


def _disparities(
    rates: dict[str, FloatArray], comparable: npt.NDArray[np.intp], ref: int | None
) -> dict[tuple[str, str], FloatArray]:
    """Fairlearn's between-groups disparities over the ``comparable`` groups (last axis)."""
    sel = rates["selection_rate"][..., comparable]
    tpr = rates["tpr"][..., comparable]
    fpr = rates["fpr"][..., comparable]
    prec = rates["precision"][..., comparable]
    dp_d, dp_r = _spread(sel)
    tpr_d, tpr_r = _spread(tpr)
    fpr_d, fpr_r = _spread(fpr)
    pp_d, pp_r = _spread(prec)
    out = {
        ("demographic_parity", "difference"): dp_d,
        ("demographic_parity", "ratio"): dp_r,
        # Python's max([tpr_d, fpr_d]) and min([tpr_r, fpr_r]), as fairlearn computes them
        ("equalized_odds", "difference"): np.where(fpr_d > tpr_d, fpr_d, tpr_d),
        ("equalized_odds", "ratio"): np.where(fpr_r < tpr_r, fpr_r, tpr_r),
        ("equal_opportunity", "difference"): tpr_d,
        ("equal_opportunity", "ratio"): tpr_r,
        ("predictive_parity", "difference"): pp_d,
        ("predictive_parity", "ratio"): pp_r,
    }
    if ref is None:
        out[("disparate_impact", "ratio")] = dp_r
    else:
        position = int(np.flatnonzero(comparable == ref)[0])
        others = np.delete(sel, position, axis=-1)
        base = sel[..., position]
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            ratios = others / base[..., None]
            ratios = np.where(base[..., None] > 0, ratios, np.nan)
            out[("disparate_impact", "ratio")] = np.fmin.reduce(ratios, axis=-1)
    return {k: np.asarray(v, dtype=np.float64) for k, v in out.items()}


_ORDER: tuple[tuple[str, Literal["difference", "ratio"]], ...] = (
    ("demographic_parity", "difference"),
    ("demographic_parity", "ratio"),
    ("disparate_impact", "ratio"),
    ("equalized_odds", "difference"),
    ("equalized_odds", "ratio"),
    ("equal_opportunity", "difference"),
    ("equal_opportunity", "ratio"),
    ("predictive_parity", "difference"),
    ("predictive_parity", "ratio"),
)
_UNDERLYING = {
    "demographic_parity": ("selection_rate",),
    "disparate_impact": ("selection_rate",),
    "equalized_odds": ("tpr", "fpr"),
    "equal_opportunity": ("tpr",),
    "predictive_parity": ("precision",),
}
_UNDEFINED_WHY = {
    "tpr": "no actual positives (TPR taken as 0)",
    "fpr": "no actual negatives (FPR taken as 0)",
    "precision": "no positive decisions (precision taken as 0)",
}


def _threshold(th: Thresholds, metric: str, kind: str) -> float | None:
    value = getattr(th, f"{metric}_{kind}", None)
    return None if value is None else float(value)


# ------------------------------------------------------------------------------------------- scores


@dataclass
class _ScoreOrder:
    """Rows sorted by score once: tie-run ids, outcomes and finest cells in that order."""

    run: npt.NDArray[np.int32]
    y: npt.NDArray[np.uint8]
    cell: npt.NDArray[np.int32]

    @classmethod
    def build(
        cls, score: FloatArray, y: npt.NDArray[np.uint8], cell_of_row: npt.NDArray[np.int32]
    ) -> _ScoreOrder:
        order = np.argsort(score)  # ties need no stable order: they are grouped into runs below
        s_sorted = score[order]
        run = np.zeros(len(order), dtype=np.int32)
        np.cumsum(s_sorted[1:] != s_sorted[:-1], out=run[1:])
        del s_sorted
        return cls(run=run, y=y[order], cell=cell_of_row[order])


def _auc_delong(
    sorted_rows: _ScoreOrder, of_cell: npt.NDArray[np.intp], k: int
) -> tuple[FloatArray, FloatArray]:
    """ROC AUC per group (ties count one half) and DeLong's standard error.

    The rows, already in score order, are put in (group, score) order by a stable sort of the small
    group codes (contiguous within a group, so the gathers stream). Within each run of tied scores
    of a group, DeLong's placement values are ``(negatives below + ½ negatives tied) / n0`` for
    positives and ``(positives above + ½ positives tied) / n1`` for negatives, so only per-run counts
    are needed: the AUC is the mean placement of the positives (Mann–Whitney), the variance
    ``var(V10) / n1 + var(V01) / n0``.
    """
    codes = of_cell.astype(np.int16 if k < 32_000 else np.int32)[sorted_rows.cell]
    inner = np.argsort(codes, kind="stable")
    g = codes[inner]
    del codes
    run = sorted_rows.run[inner]
    ys = sorted_rows.y[inner]
    del inner
    n = len(g)
    change = np.empty(n, dtype=np.bool_)
    change[0] = True
    np.not_equal(run[1:], run[:-1], out=change[1:])
    del run
    change[1:] |= g[1:] != g[:-1]
    starts = np.flatnonzero(change)
    del change
    cum = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(ys, out=cum[1:])
    del ys
    run_g = g[starts]
    del g
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[-1] = n
    cum_start = cum[starts]
    pos_in = (cum[ends] - cum_start).astype(np.float64)  # positives in the run
    size = (ends - starts).astype(np.float64)
    del ends
    counts = np.bincount(run_g, weights=size, minlength=k)
    n1 = np.bincount(run_g, weights=pos_in, minlength=k)
    n0 = counts - n1
    group_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    cum_group = cum[group_start]
    del cum
    pos_before = (cum_start - cum_group[run_g]).astype(np.float64)  # positives of the group scored lower
    del cum_start
    below = (starts - group_start[run_g]) - pos_before  # negatives scored lower ...
    del starts
    neg_in = size - pos_in
    del size
    below += 0.5 * neg_in  # ... plus half the tied ones: a positive's placement x n0
    with np.errstate(divide="ignore", invalid="ignore"):
        auc = np.bincount(run_g, weights=pos_in * below, minlength=k) / (n1 * n0)
        below /= n0[run_g]  # V10
        s10 = np.bincount(run_g, weights=pos_in * below * below, minlength=k)
        del below
        above = n1[run_g] - pos_before - 0.5 * pos_in  # positives above + half tied: placement x n1
        del pos_before, pos_in
        above /= n1[run_g]  # V01
        s01 = np.bincount(run_g, weights=neg_in * above * above, minlength=k)
        del above, neg_in
        var10 = np.maximum(s10 - n1 * auc * auc, 0.0) / (n1 - 1)
        var01 = np.maximum(s01 - n0 * auc * auc, 0.0) / (n0 - 1)
        se = np.sqrt(var10 / n1 + var01 / n0)
    auc = np.where((n1 > 0) & (n0 > 0), auc, np.nan)
    se = np.where((n1 > 1) & (n0 > 1), se, np.nan)
    return np.asarray(auc, dtype=np.float64), np.asarray(se, dtype=np.float64)


def _score_array(col: pa.ChunkedArray, name: str) -> FloatArray:
    if pa.types.is_boolean(col.type) or pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
        if col.null_count:
            first = int(np.flatnonzero(pc.is_null(col).to_numpy(zero_copy_only=False))[0])
            raise AuditInputError(
                f"score column {name!r} has a missing value at row {first} (0-based; {col.null_count} in all)"
            )
        values = np.asarray(col.cast(pa.float64()).to_numpy(), dtype=np.float64)
        bad = ~np.isfinite(values)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise AuditInputError(
                f"score column {name!r} has a NaN or infinite value at row {first} (0-based; "
                f"{int(bad.sum())} in all)"
            )
        return values
    raise AuditInputError(f"score column {name!r} must be numeric, got {col.type}")


# ------------------------------------------------------------------------------------------- audit


def _as_table(data: pa.Table | pd.DataFrame) -> pa.Table:
    if isinstance(data, pa.Table):
        return data
    try:
        return pa.Table.from_pandas(data, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise AuditInputError(f"the data frame cannot be read: {exc}") from None


def _short_list(items: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    if table.schema.get_all_field_indices(name).__len__() > 1:
        raise AuditInputError(f"column {name!r} appears more than once in the data")
    return table.column(name)


def _content_hash(
    y: npt.NDArray[np.uint8],
    p: npt.NDArray[np.uint8],
    score: FloatArray | None,
    attrs: list[_Attribute],
) -> str:
    h = hashlib.sha256(b"senim/fairness-audit/data/v1\0")
    h.update(y.tobytes())
    h.update(p.tobytes())
    if score is not None:
        h.update(b"score\0")
        h.update(score.astype("<f8", copy=False).tobytes())
    for a in attrs:
        h.update(json.dumps([a.name, a.labels], ensure_ascii=False).encode())
        h.update(a.codes.astype("<i4", copy=False).tobytes())
    return h.hexdigest()


def audit_fairness(
    table: pa.Table | pd.DataFrame,
    *,
    target: str,
    prediction: str,
    score: str | None = None,
    sensitive: Sequence[str],
    reference: dict[str, str] | None = None,
    positive: object | None = None,
    thresholds: Thresholds | None = None,
    intersections: bool = True,
) -> FairnessResult:
    """Audit binary decisions for discrimination between groups.

    Parameters
    ----------
    table : pyarrow.Table or pandas.DataFrame
        One row per decision.
    target : str
        The actual outcome column (for example "repaid"); see :func:`senim.audits.data.binary_labels`.
    prediction : str
        The decision column (for example "approved").
    score : str, optional
        The model's score (higher = more likely positive); adds ROC AUC and, for scores in [0, 1],
        calibration by 10 equal-width bins.
    sensitive : sequence of str
        The protected attributes (sex, region, ...). Each is audited on its own and, with
        ``intersections`` and at least two, their full intersection (``"sex×region"``).
    reference : dict, optional
        ``{attribute: group}``: the disparate-impact ratio of that attribute compares every other
        group's selection rate with this group's instead of lowest with highest.
    positive : object, optional
        The positive label of target and prediction when they are not 0/1 or boolean.
    thresholds : Thresholds, optional
        Pass/fail thresholds, minimum group size and bootstrap settings; defaults if omitted.
    intersections : bool, default True
        Also audit the intersection of all sensitive attributes.

    Returns
    -------
    FairnessResult
        Group metrics, disparities with confidence intervals and verdicts, warnings.

    Raises
    ------
    AuditInputError
        Missing columns (named, with the available ones), no rows, missing or non-binary outcomes,
        a sensitive column with no values, an unknown reference attribute or group, a sensitive
        column that is also the target, prediction or score.

    Notes
    -----
    Metric definitions, zero-denominator conventions and the bootstrap are described in the module
    docstring. Everything is computed from per-cell counts with :func:`numpy.bincount`: a 10-million
    row audit with two attributes, their intersection and 200 resamples takes seconds
    (``benchmarks/audit.py``).
    """
    import time

    started = time.perf_counter()
    th = thresholds if thresholds is not None else Thresholds()
    sens = [str(s) for s in ([sensitive] if isinstance(sensitive, str) else list(sensitive))]
    if not sens:
        raise AuditInputError("give at least one sensitive attribute (column)")
    if len(set(sens)) != len(sens):
        raise AuditInputError(f"a sensitive attribute is listed twice: {sens}")
    for s in sens:
        if s in {target, prediction} or s == score:
            raise AuditInputError(f"column {s!r} cannot be both a sensitive attribute and the outcome/score")
    data = _as_table(table)
    needed = [target, prediction, *([score] if score is not None else []), *sens]
    absent = [c for c in dict.fromkeys(needed) if c not in data.column_names]
    if absent:
        raise AuditInputError(
            f"column{'s' if len(absent) > 1 else ''} {', '.join(map(repr, absent))} not found; "
            f"available: {', '.join(map(repr, data.column_names)) or '(none)'}"
        )
    n = data.num_rows
    if n == 0:
        raise AuditInputError("the data has no rows")
    warn: list[str] = []
    y = binary_labels(_column(data, target), positive=positive, name=target)
    p = binary_labels(_column(data, prediction), positive=positive, name=prediction)
    s_values = _score_array(_column(data, score), score) if score is not None else None
    attrs = [_encode_attribute(_column(data, s), s, warn) for s in sens]
    cell_of_row, keys = _finest(attrs)
    n_cells = len(keys)
    groupings = _groupings(attrs, keys, intersections, warn)

    refs: dict[str, int] = {}
    for attr_name, group in (reference or {}).items():
        match = next((g for g in groupings if g.attribute == attr_name), None)
        if match is None:
            raise AuditInputError(
                f"reference attribute {attr_name!r} is not audited; attributes: "
                f"{', '.join(g.attribute for g in groupings)}"
            )
        if str(group) not in match.labels:
            raise AuditInputError(
                f"reference group {group!r} not found in {attr_name!r}; groups: {_short_list(match.labels)}"
            )
        refs[attr_name] = match.labels.index(str(group))

    # counts per (finest cell, y, ŷ): the whole audit works on these
    flat = np.bincount(cell_of_row * 4 + (y.astype(np.intp) << 1) + p, minlength=4 * n_cells)
    cells = flat.reshape(n_cells, 4).astype(np.float64)

    calib_cells: FloatArray | None = None
    score_order: _ScoreOrder | None = None
    if s_values is not None:
        lo, hi = float(s_values.min()), float(s_values.max())
        if lo >= 0.0 and hi <= 1.0:
            edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
            bins = np.searchsorted(edges[1:-1], s_values)
            key = cell_of_row * CALIBRATION_BINS + bins
            size = n_cells * CALIBRATION_BINS
            calib_cells = (
                np.stack(
                    [
                        np.bincount(key, minlength=size),
                        np.bincount(key, weights=s_values, minlength=size),
                        np.bincount(key, weights=y, minlength=size),
                    ],
                    axis=-1,
                )
                .reshape(n_cells, CALIBRATION_BINS * 3)
                .astype(np.float64)
            )
            del key, bins
        else:
            warn.append(
                f"score column {score!r} has values outside [0, 1] ({lo:g} to {hi:g}): calibration "
                "needs probabilities and is not computed; AUC is"
            )
        score_order = _ScoreOrder.build(s_values, y, cell_of_row)

    z = NormalDist().inv_cdf(0.5 + th.confidence / 2)
    alpha = 1.0 - th.confidence
    boot = _Bootstrap(cells, th, groupings, refs) if th.bootstrap > 0 else None

    groups_out: list[GroupMetrics] = []
    disparities_out: list[Disparity] = []
    for gi, grouping in enumerate(groupings):
        counts = grouping.aggregate(cells)
        rates = _rates(counts)
        sizes = counts.sum(axis=1).astype(np.int64)
        small = sizes < th.min_group_size
        auc: FloatArray | None = None
        auc_se: FloatArray | None = None
        if score_order is not None:
            auc, auc_se = _auc_delong(score_order, grouping.of_cell, grouping.k)
        calib: FloatArray | None = None
        if calib_cells is not None:
            calib = grouping.aggregate(calib_cells).reshape(grouping.k, CALIBRATION_BINS, 3)
        ci_groups = boot.group_intervals(gi, alpha) if boot is not None else None
        for j, label in enumerate(grouping.labels):
            c = counts[j]
            undefined = tuple(
                m
                for m, missing in (
                    ("tpr", c[2] + c[3] == 0),
                    ("fnr", c[2] + c[3] == 0),
                    ("fpr", c[0] + c[1] == 0),
                    ("precision", c[1] + c[3] == 0),
                )
                if missing
            )
            ci: dict[str, tuple[float, float]] = {}
            if ci_groups is not None:
                for m in GROUP_METRICS:
                    lo_b, hi_b = ci_groups[m][0][j], ci_groups[m][1][j]
                    if math.isfinite(lo_b) and math.isfinite(hi_b):
                        ci[m] = (float(lo_b), float(hi_b))
            g_auc: float | None = None
            if auc is not None and auc_se is not None:
                g_auc = float(auc[j])
                if math.isfinite(g_auc) and math.isfinite(float(auc_se[j])):
                    ci["auc"] = (
                        max(0.0, g_auc - z * float(auc_se[j])),
                        min(1.0, g_auc + z * float(auc_se[j])),
                    )
            calibration: list[tuple[float, float, int]] | None = None
            if calib is not None:
                calibration = [
                    (float(b[1] / b[0]), float(b[2] / b[0]), int(b[0])) for b in calib[j] if b[0] > 0
                ]
            groups_out.append(
                GroupMetrics(
                    attribute=grouping.attribute,
                    group=label,
                    count=int(sizes[j]),
                    **{m: float(rates[m][j]) for m in GROUP_METRICS},
                    auc=g_auc,
                    calibration=calibration,
                    small=bool(small[j]),
                    ci=ci,
                    undefined=undefined,
                )
            )
        small_labels = [f"{grouping.labels[j]} ({int(sizes[j])})" for j in np.flatnonzero(small)]
        if small_labels:
            warn.append(
                f"{grouping.attribute}: {len(small_labels)} group{'s' if len(small_labels) > 1 else ''} with "
                f"fewer than {th.min_group_size} rows flagged small and not compared: "
                f"{_short_list(small_labels)}"
            )
        disparities_out += _judge(
            grouping, gi, rates, counts, small, th, refs.get(grouping.attribute), boot, alpha
        )

    checked = [d for d in disparities_out if d.checked and d.passed is not None]
    passed = None if not checked else all(d.passed for d in checked)
    if passed is None:
        warn.append("no disparity could be judged (too few comparable groups): the audit has no verdict")
    pos_text = None if positive is None else str(positive)
    return FairnessResult(
        rows=n,
        target=target,
        prediction=prediction,
        score=score,
        sensitive=tuple(sens),
        groups=groups_out,
        disparities=disparities_out,
        thresholds=th,
        passed=passed,
        warnings=warn,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        data_sha256=_content_hash(y, p, s_values, attrs),
        positive=pos_text,
        attributes=tuple(g.attribute for g in groupings),
        seconds=round(time.perf_counter() - started, 3),
    )


def _judge(
    grouping: _Grouping,
    gi: int,
    rates: dict[str, FloatArray],
    counts: FloatArray,
    small: npt.NDArray[np.bool_],
    th: Thresholds,
    ref: int | None,
    boot: _Bootstrap | None,
    alpha: float,
) -> list[Disparity]:
    comparable = np.flatnonzero(~small)
    excluded = tuple(grouping.labels[j] for j in np.flatnonzero(small))
    enough = len(comparable) >= 2
    ref_ok = ref is None or not small[ref]
    use_ref = ref if ref is not None and ref_ok else None
    point = _disparities(rates, comparable, use_ref) if enough else {}
    intervals = boot.disparity_intervals(gi, alpha) if boot is not None and enough else {}
    out: list[Disparity] = []
    for metric, kind in _ORDER:
        limit = _threshold(th, metric, kind)
        notes: list[str] = []
        value = float(point[(metric, kind)]) if enough else math.nan
        reference = grouping.labels[ref] if metric == "disparate_impact" and ref is not None else None
        if not enough:
            notes.append(
                f"not compared: {len(comparable)} group{'s' if len(comparable) != 1 else ''} with at least "
                f"{th.min_group_size} rows (2 needed)"
            )
        elif metric == "disparate_impact" and ref is not None and not ref_ok:
            value = math.nan
            notes.append(
                f"reference group {grouping.labels[ref]!r} has fewer than {th.min_group_size} rows; "
                "not compared"
            )
        elif metric == "disparate_impact":
            notes.append(
                f"selection rate of each group / that of {grouping.labels[ref]!r}, lowest"
                if ref is not None
                else "lowest selection rate / highest (four-fifths rule)"
            )
        if enough:
            for base in _UNDERLYING[metric]:
                why = _UNDEFINED_WHY.get(base)
                if why is None:
                    continue
                names = [
                    grouping.labels[j]
                    for j in comparable
                    if (base in {"tpr"} and counts[j, 2] + counts[j, 3] == 0)
                    or (base == "fpr" and counts[j, 0] + counts[j, 1] == 0)
                    or (base == "precision" and counts[j, 1] + counts[j, 3] == 0)
                ]
                if names:
                    notes.append(f"{why}, as fairlearn does: {_short_list(names)}")
            ref_missing = metric == "disparate_impact" and ref is not None and not ref_ok
            if not math.isfinite(value) and kind == "ratio" and not ref_missing:
                notes.append("undefined (0/0: the highest compared value is 0)")
        ci = intervals.get((metric, kind)) if math.isfinite(value) else None
        if limit is None:
            passed: bool | None = None
            notes.append(f"for information: no threshold set ({metric}_{kind})")
        elif not math.isfinite(value):
            passed = None
        else:
            passed = value <= limit if kind == "difference" else value >= limit
        if excluded and enough:
            notes.append(f"{len(excluded)} small group{'s' if len(excluded) > 1 else ''} left out")
        out.append(
            Disparity(
                attribute=grouping.attribute,
                metric=metric,
                kind=kind,
                value=value,
                ci=ci,
                reference=reference,
                threshold=math.nan if limit is None else limit,
                passed=passed,
                note="; ".join(notes),
                checked=limit is not None,
                compared=len(comparable),
                excluded=excluded,
            )
        )
    return out


class _Bootstrap:
    """Percentile intervals from a multinomial row bootstrap of the per-cell counts.

    Resampling N rows with replacement draws each row's (finest group, y, ŷ) cell with probability
    count / N, so the resampled cell counts are Multinomial(N, counts / N): the whole bootstrap is
    ``bootstrap`` multinomial draws over the non-empty cells, aggregated to each attribute.
    """

    def __init__(
        self, cells: FloatArray, th: Thresholds, groupings: list[_Grouping], refs: dict[str, int]
    ) -> None:
        rng = np.random.default_rng(th.seed)
        flat = cells.ravel()
        nonzero = np.flatnonzero(flat > 0)
        total = int(flat.sum())
        probs = flat[nonzero] / total
        b = th.bootstrap
        self.group_stats: list[dict[str, FloatArray]] = [
            {m: np.empty((b, g.k)) for m in GROUP_METRICS} for g in groupings
        ]
        self.disp_stats: list[dict[tuple[str, str], FloatArray]] = [{} for _ in groupings]
        comparables = [np.flatnonzero(g.aggregate(cells).sum(axis=1) >= th.min_group_size) for g in groupings]
        batch = max(1, min(b, _BOOT_CELLS_PER_BATCH // max(1, flat.size)))
        for start in range(0, b, batch):
            stop = min(b, start + batch)
            draws = rng.multinomial(total, probs, size=stop - start)
            resampled = np.zeros((stop - start, flat.size), dtype=np.float64)
            resampled[:, nonzero] = draws
            resampled = resampled.reshape(stop - start, *cells.shape)
            for gi, grouping in enumerate(groupings):
                rates = _rates(grouping.aggregate(resampled))
                for m in GROUP_METRICS:
                    self.group_stats[gi][m][start:stop] = rates[m]
                comp = comparables[gi]
                if len(comp) < 2:
                    continue
                ref = refs.get(grouping.attribute)
                ref = ref if ref is not None and ref in comp else None
                for key, values in _disparities(rates, comp, ref).items():
                    store = self.disp_stats[gi].setdefault(key, np.empty(b))
                    store[start:stop] = values

    @staticmethod
    def _interval(values: FloatArray, alpha: float) -> tuple[FloatArray, FloatArray]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanquantile(values, [alpha / 2, 1 - alpha / 2], axis=0)
        return q[0], q[1]

    def group_intervals(self, gi: int, alpha: float) -> dict[str, tuple[FloatArray, FloatArray]]:
        return {m: self._interval(v, alpha) for m, v in self.group_stats[gi].items()}

    def disparity_intervals(self, gi: int, alpha: float) -> dict[tuple[str, str], tuple[float, float]]:
        out: dict[tuple[str, str], tuple[float, float]] = {}
        for key, values in self.disp_stats[gi].items():
            lo, hi = self._interval(values, alpha)
            if math.isfinite(float(lo)) and math.isfinite(float(hi)):
                out[key] = (float(lo), float(hi))
        return out
