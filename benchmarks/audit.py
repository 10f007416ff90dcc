"""Fairness audit at scale: ``senim.audits.fairness.audit_fairness`` against fairlearn's ``MetricFrame``.

What it does, in one run:

1. Generates ``--rows`` (default 10,000,000) seeded credit decisions with
   ``senim.audits.data.make_credit_decisions`` (vectorised; no applicant features): ``sex`` (2 groups),
   ``region`` (17 regions of Kazakhstan), a planted disparity against women and two regions,
   ``y_true``, ``y_pred`` and a probability ``score``.
2. Runs ``audit_fairness`` over ``sex`` and ``region`` and their intersection (34 groups) with
   ``--bootstrap`` resamples (default 200): per group count, base rate, selection rate, TPR, FPR, FNR,
   precision, accuracy, ROC AUC with DeLong intervals and calibration by 10 bins; nine disparities
   per attribute with percentile-bootstrap intervals for every group metric and every disparity.
3. Runs fairlearn 0.15 ``MetricFrame`` on the same rows (as pandas, the conversion timed apart): one
   frame per attribute and one for the intersection with ``count``, base rate, ``selection_rate``,
   ``true_positive_rate``, ``false_positive_rate``, ``false_negative_rate``, scikit-learn
   ``precision_score``, ``accuracy_score`` and ``roc_auc_score``, then ``difference()``/``ratio()``
   as fairlearn's ``demographic_parity_*``, ``equalized_odds_*`` and ``equal_opportunity_*``
   compute them. No bootstrap: one ``MetricFrame`` pass is the reference point (fairlearn's own
   bootstrap, ``n_boot``, repeats that pass per resample).
4. Compares every point estimate (group metrics, AUCs and disparities) and fails if any differs by
   more than 1e-9; prints the largest difference.

Peak memory is the resident-set high-water mark of each phase: ``/proc/self/clear_refs`` is reset
before the phase and ``VmHWM`` read after it (Linux); the data held before the phase is included.

Usage::

    .venv/bin/python benchmarks/audit.py [--rows 10000000] [--bootstrap 200] [--seed 7]
        [--no-score] [--no-fairlearn] [--json]

Targets (issue 6; 2 cores): 10 M rows, two attributes + intersection, 200 resamples in < 60 s and
< 4 GB, ≥ 10× faster than ``MetricFrame``, identical point estimates.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from senim.audits.data import make_credit_decisions
from senim.audits.fairness import FairnessResult, Thresholds, audit_fairness

TARGET_SECONDS = 60.0
TARGET_GB = 4.0
TARGET_RATIO = 10.0
TOLERANCE = 1e-9
ATTRIBUTES = ("sex", "region")


# ---------------------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import fairlearn
    import sklearn

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pyarrow": pa.__version__,
        "scikit-learn": sklearn.__version__,
        "fairlearn": fairlearn.__version__,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


class PeakRSS:
    """Resident-set high-water mark of a phase (reset through /proc/self/clear_refs)."""

    def __enter__(self) -> PeakRSS:
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.reset = True
        except OSError:
            self.reset = False
        self.start_mb = _status("VmRSS")
        return self

    def __exit__(self, *exc: object) -> None:
        hwm = _status("VmHWM")
        self.peak_mb = hwm if self.reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return math.nan


# ----------------------------------------------------------------------------------------- fairlearn


def run_fairlearn(table: pa.Table, with_score: bool) -> tuple[dict[str, Any], float, float]:
    """Per-attribute MetricFrames; returns (figures, conversion seconds, MetricFrame seconds)."""
    from fairlearn.metrics import (
        MetricFrame,
        count,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score, roc_auc_score

    def base_rate(y_true: Any, y_pred: Any) -> float:
        return float(np.mean(y_true))

    metrics: dict[str, Any] = {
        "count": count,
        "base_rate": base_rate,
        "selection_rate": selection_rate,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
        "fnr": false_negative_rate,
        "precision": precision_score,
        "accuracy": accuracy_score,
    }
    t0 = time.perf_counter()
    df = table.select([*ATTRIBUTES, "y_true", "y_pred", "score"]).to_pandas()
    convert = time.perf_counter() - t0
    t0 = time.perf_counter()
    out: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, cols in [*((a, [a]) for a in ATTRIBUTES), ("×".join(ATTRIBUTES), list(ATTRIBUTES))]:
            sf = df[cols] if len(cols) > 1 else df[cols[0]]
            mf = MetricFrame(metrics=metrics, y_true=df["y_true"], y_pred=df["y_pred"], sensitive_features=sf)
            auc = None
            if with_score:
                auc = MetricFrame(
                    metrics=roc_auc_score, y_true=df["y_true"], y_pred=df["score"], sensitive_features=sf
                ).by_group
            diff, ratio = mf.difference(), mf.ratio()
            groups = {}
            for key, row in mf.by_group.dropna(subset=["count"]).iterrows():
                label = "×".join(map(str, key)) if isinstance(key, tuple) else str(key)
                groups[label] = {k: float(v) for k, v in row.items()}
                if auc is not None:
                    groups[label]["auc"] = float(auc.loc[key])
            out[name] = {
                "groups": groups,
                "disparities": {
                    ("demographic_parity", "difference"): diff["selection_rate"],
                    ("demographic_parity", "ratio"): ratio["selection_rate"],
                    ("disparate_impact", "ratio"): ratio["selection_rate"],
                    ("equalized_odds", "difference"): max([diff["tpr"], diff["fpr"]]),
                    ("equalized_odds", "ratio"): min([ratio["tpr"], ratio["fpr"]]),
                    ("equal_opportunity", "difference"): diff["tpr"],
                    ("equal_opportunity", "ratio"): ratio["tpr"],
                    ("predictive_parity", "difference"): diff["precision"],
                    ("predictive_parity", "ratio"): ratio["precision"],
                },
            }
    return out, convert, time.perf_counter() - t0


def compare(result: FairnessResult, reference: dict[str, Any]) -> tuple[float, int]:
    """(largest absolute difference, number of figures compared); NaN must meet NaN."""
    worst = 0.0
    compared = 0

    def check(ours: float, theirs: float, what: str) -> None:
        nonlocal worst, compared
        compared += 1
        if math.isnan(ours) or math.isnan(theirs):
            if not (math.isnan(ours) and math.isnan(theirs)):
                raise AssertionError(f"{what}: ours {ours}, fairlearn {theirs}")
            return
        worst = max(worst, abs(ours - theirs))

    for attribute, ref in reference.items():
        ours = {g.group: g for g in result.groups if g.attribute == attribute}
        if set(ours) != set(ref["groups"]):
            raise AssertionError(f"{attribute}: groups differ")
        for label, figures in ref["groups"].items():
            for metric, theirs in figures.items():
                value = ours[label].count if metric == "count" else getattr(ours[label], metric)
                check(float(value), theirs, f"{attribute}={label} {metric}")
        disparities = {(d.metric, d.kind): d.value for d in result.disparities if d.attribute == attribute}
        for key, theirs in ref["disparities"].items():
            check(disparities[key], float(theirs), f"{attribute} {key}")
    return worst, compared


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-score", action="store_true", help="audit decisions only (no AUC, calibration)")
    ap.add_argument("--no-fairlearn", action="store_true", help="skip the MetricFrame reference")
    ap.add_argument(
        "--fairlearn-rows",
        type=int,
        default=None,
        help="run MetricFrame on the first N rows only (default: all); Senim is then re-run on the same "
        "N rows for the comparison and the speed ratio, and MetricFrame's time at --rows is extrapolated",
    )
    ap.add_argument("--json", action="store_true", help="print machine-readable figures")
    args = ap.parse_args(argv)
    with_score = not args.no_score
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, flush=True))

    figures: dict[str, Any] = {"machine": machine(), "rows": args.rows, "bootstrap": args.bootstrap}
    say(f"machine: {figures['machine']}")
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        table = make_credit_decisions(args.rows, seed=args.seed, disparity=1.0, features=False)
        figures["generate_s"] = round(time.perf_counter() - t0, 2)
    figures["data_mb"] = round(table.nbytes / 1e6, 1)
    say(f"generated {args.rows:,} rows in {figures['generate_s']} s ({figures['data_mb']} MB in Arrow)")

    th = Thresholds(bootstrap=args.bootstrap, seed=args.seed)
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        result = audit_fairness(
            table,
            target="y_true",
            prediction="y_pred",
            score="score" if with_score else None,
            sensitive=list(ATTRIBUTES),
            thresholds=th,
        )
        ours = time.perf_counter() - t0
    figures |= {
        "senim_s": round(ours, 2),
        "senim_rss_before_mb": round(mem.start_mb),
        "senim_peak_rss_mb": round(mem.peak_mb),
        "groups": len(result.groups),
        "disparities": len(result.disparities),
        "passed": result.passed,
    }
    say(
        f"senim audit_fairness: {ours:.2f} s, peak RSS {mem.peak_mb:,.0f} MB (data held before: "
        f"{mem.start_mb:,.0f} MB); {len(result.groups)} groups, {len(result.disparities)} disparities, "
        f"{args.bootstrap} resamples, passed={result.passed}"
    )
    sex_dp = next(d for d in result.disparities if d.attribute == "sex" and d.metric == "demographic_parity")
    say(f"  planted disparity found: sex demographic parity difference {sex_dp.value:.4f} CI {sex_dp.ci}")

    status = 0
    if not args.no_fairlearn:
        n_ref = args.rows if args.fairlearn_rows is None else min(args.fairlearn_rows, args.rows)
        same = result
        ours_ref = ours
        if n_ref < args.rows:
            part = table.slice(0, n_ref)
            t0 = time.perf_counter()
            same = audit_fairness(
                part,
                target="y_true",
                prediction="y_pred",
                score="score" if with_score else None,
                sensitive=list(ATTRIBUTES),
                thresholds=th,
            )
            ours_ref = time.perf_counter() - t0
            say(f"senim audit_fairness on the first {n_ref:,} rows: {ours_ref:.2f} s")
        else:
            part = table
        with PeakRSS() as mem:
            reference, convert, theirs = run_fairlearn(part, with_score)
        worst, compared = compare(same, reference)
        figures |= {
            "fairlearn_rows": n_ref,
            "fairlearn_s": round(theirs, 2),
            "fairlearn_to_pandas_s": round(convert, 2),
            "fairlearn_peak_rss_mb": round(mem.peak_mb),
            "senim_s_same_rows": round(ours_ref, 2),
            "speedup": round(theirs / ours_ref, 1),
            "max_abs_difference": worst,
            "figures_compared": compared,
        }
        say(
            f"fairlearn MetricFrame (no bootstrap) on {n_ref:,} rows: {theirs:.2f} s (+ {convert:.2f} s to "
            f"pandas), peak RSS {mem.peak_mb:,.0f} MB"
        )
        say(
            f"speed-up on the same {n_ref:,} rows: {theirs / ours_ref:.1f}x (Senim with {args.bootstrap} "
            f"resamples vs MetricFrame without); {compared} point estimates compared, "
            f"max |diff| = {worst:.3g}"
        )
        if n_ref < args.rows:
            projected = theirs * args.rows / n_ref
            figures["fairlearn_s_extrapolated"] = round(projected)
            figures["speedup_extrapolated"] = round(projected / ours, 1)
            say(
                f"MetricFrame extrapolated linearly to {args.rows:,} rows: ~{projected:,.0f} s, "
                f"~{projected / ours:.0f}x Senim's {ours:.2f} s (extrapolation, not measured)"
            )
        if worst > TOLERANCE:
            status = 1
    figures["targets"] = {
        "seconds": ours < TARGET_SECONDS,
        "memory": figures["senim_peak_rss_mb"] < TARGET_GB * 1024,
        "speedup": figures.get("speedup", math.inf) >= TARGET_RATIO,
        "identical": figures.get("max_abs_difference", 0.0) <= TOLERANCE,
    }
    figures["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        say(f"targets met: {figures['targets']}")
    return status


if __name__ == "__main__":
    sys.exit(main())
