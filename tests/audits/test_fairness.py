"""senim.audits.fairness: figures equal fairlearn 0.15 / scikit-learn, intervals, verdicts, bad input."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from fairlearn.metrics import (
    MetricFrame,
    count,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equal_opportunity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, precision_score, roc_auc_score

from senim.audits.data import make_credit_decisions
from senim.audits.errors import AuditInputError
from senim.audits.fairness import (
    GROUP_METRICS,
    FairnessResult,
    Thresholds,
    audit_fairness,
    default_thresholds_text,
    load_thresholds,
)

TOL = 1e-9
NO_BOOT = Thresholds(min_group_size=1, bootstrap=0)


def base_rate(y_true: Any, y_pred: Any) -> float:
    return float(np.mean(y_true))


FAIRLEARN_METRICS = {
    "count": count,
    "base_rate": base_rate,
    "selection_rate": selection_rate,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    "fnr": false_negative_rate,
    "precision": precision_score,
    "accuracy": accuracy_score,
}


def random_frame(seed: int, n: int = 2500) -> pd.DataFrame:
    """Three attributes with unequal group sizes and rates, and the edge cases fairlearn defines:
    a group with no actual positives, one with no actual negatives, one with no positive decisions."""
    rng = np.random.default_rng(seed)
    a = rng.choice(["a1", "a2", "a3"], size=n, p=[0.5, 0.3, 0.2])
    b = rng.choice(["b1", "b2", "b3", "b4"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    c = rng.choice(["c1", "c2"], size=n)
    rate = 0.3 + 0.3 * (a == "a1") + 0.1 * (b == "b2")
    y_true = (rng.random(n) < rate).astype(np.uint8)
    y_pred = (rng.random(n) < 0.2 + 0.5 * y_true - 0.1 * (c == "c2")).astype(np.uint8)
    d = rng.choice(["d1", "d2", "d3", "d4"], size=n)
    y_true[d == "d2"] = 0  # no actual positives: TPR, FNR → 0 as fairlearn
    y_true[d == "d3"] = 1  # no actual negatives: FPR → 0
    y_pred[d == "d4"] = 0  # no positive decisions: precision → 0 (scikit-learn zero_division)
    score = np.round(np.clip(0.5 * y_true + rng.normal(0.3, 0.25, n), 0, 1), 2)  # ties on purpose
    return pd.DataFrame({"a": a, "b": b, "c": c, "d": d, "y_true": y_true, "y_pred": y_pred, "score": score})


def fairlearn_groups(df: pd.DataFrame, features: list[str]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mf = MetricFrame(
            metrics=FAIRLEARN_METRICS,
            y_true=df["y_true"],
            y_pred=df["y_pred"],
            sensitive_features=df[features] if len(features) > 1 else df[features[0]],
        )
    return mf.by_group.dropna(subset=["count"])


def fairlearn_disparities(df: pd.DataFrame, features: list[str]) -> dict[tuple[str, str], float]:
    sf = df[features] if len(features) > 1 else df[features[0]]
    y, p = df["y_true"], df["y_pred"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        precision = MetricFrame(metrics=precision_score, y_true=y, y_pred=p, sensitive_features=sf)
        return {
            ("demographic_parity", "difference"): demographic_parity_difference(y, p, sensitive_features=sf),
            ("demographic_parity", "ratio"): demographic_parity_ratio(y, p, sensitive_features=sf),
            ("disparate_impact", "ratio"): demographic_parity_ratio(y, p, sensitive_features=sf),
            ("equalized_odds", "difference"): equalized_odds_difference(y, p, sensitive_features=sf),
            ("equalized_odds", "ratio"): equalized_odds_ratio(y, p, sensitive_features=sf),
            ("equal_opportunity", "difference"): equal_opportunity_difference(y, p, sensitive_features=sf),
            ("equal_opportunity", "ratio"): equal_opportunity_ratio(y, p, sensitive_features=sf),
            ("predictive_parity", "difference"): precision.difference(),
            ("predictive_parity", "ratio"): precision.ratio(),
        }


def same(ours: float, theirs: float) -> bool:
    theirs = float(theirs)
    if math.isnan(theirs) or math.isnan(ours):
        return math.isnan(theirs) and math.isnan(ours)
    return abs(ours - theirs) <= TOL


def check_against_fairlearn(result: FairnessResult, df: pd.DataFrame) -> int:
    compared = 0
    features = list(result.sensitive)
    attributes: list[tuple[str, list[str]]] = [(f, [f]) for f in features]
    if len(features) > 1:
        attributes.append(("×".join(features), features))
    for attribute, cols in attributes:
        theirs = fairlearn_groups(df, cols)
        ours = {g.group: g for g in result.groups if g.attribute == attribute}
        assert len(ours) == len(theirs), attribute
        for key, row in theirs.iterrows():
            label = "×".join(map(str, key)) if isinstance(key, tuple) else str(key)
            g = ours[label]
            assert g.count == int(row["count"])
            for metric in GROUP_METRICS:
                assert same(getattr(g, metric), row[metric]), (attribute, label, metric)
                compared += 1
        disparities = {(d.metric, d.kind): d.value for d in result.disparities if d.attribute == attribute}
        for key, value in fairlearn_disparities(df, cols).items():
            assert same(disparities[key], value), (attribute, key, disparities[key], value)
            compared += 1
    return compared


@pytest.mark.parametrize(("seed", "attributes"), [(0, ["a", "d", "c"]), (1, ["c", "b"])])
def test_every_figure_equals_fairlearn(seed: int, attributes: list[str]) -> None:
    df = random_frame(seed)
    result = audit_fairness(
        df, target="y_true", prediction="y_pred", sensitive=attributes, thresholds=NO_BOOT
    )
    assert check_against_fairlearn(result, df) > 100
    assert [g.attribute for g in result.groups] == sorted(
        [g.attribute for g in result.groups], key=[*attributes, "×".join(attributes)].index
    )


def test_zero_denominators_follow_fairlearn_and_are_listed() -> None:
    df = random_frame(5)
    result = audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["d"], thresholds=NO_BOOT)
    by = {g.group: g for g in result.groups}
    assert by["d2"].tpr == 0.0 and by["d2"].fnr == 0.0 and set(by["d2"].undefined) == {"tpr", "fnr"}
    assert by["d3"].fpr == 0.0 and by["d3"].undefined == ("fpr",)
    assert (
        by["d4"].precision == 0.0 and by["d4"].selection_rate == 0.0 and by["d4"].undefined == ("precision",)
    )
    assert by["d1"].undefined == ()
    eo = next(d for d in result.disparities if d.metric == "equal_opportunity" and d.kind == "difference")
    assert "no actual positives" in eo.note and "d2" in eo.note
    pp = next(d for d in result.disparities if d.metric == "predictive_parity" and d.kind == "difference")
    assert "no positive decisions" in pp.note and "d4" in pp.note
    check_against_fairlearn(result, df)


def test_constant_predictions_define_metrics_and_leave_ratios_undefined() -> None:
    df = random_frame(3, n=600)
    df["y_pred"] = 0
    result = audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["a"], thresholds=NO_BOOT)
    check_against_fairlearn(result, df)
    for g in result.groups:
        assert g.selection_rate == 0.0 and g.tpr == 0.0 and g.fpr == 0.0 and g.precision == 0.0
        assert g.accuracy == pytest.approx(1 - g.base_rate)
    d = {(x.metric, x.kind): x for x in result.disparities}
    assert d[("demographic_parity", "difference")].value == 0.0
    assert d[("demographic_parity", "difference")].passed is True
    di = d[("disparate_impact", "ratio")]
    assert math.isnan(di.value) and di.passed is None and "0/0" in di.note
    assert math.isnan(d[("equalized_odds", "ratio")].value)  # fairlearn: min([nan, nan])
    assert result.passed is True  # the comparable differences all pass; the ratios are undefined
    json.dumps(result.to_dict(), allow_nan=False)


def test_equalized_odds_ratio_keeps_fairlearns_order_of_min() -> None:
    # all FPRs 0 (no false positives anywhere) but TPRs differ: fairlearn returns min([tpr_r, nan]) = tpr_r
    df = pd.DataFrame(
        {
            "s": ["x"] * 6 + ["z"] * 6,
            "y_true": [1, 1, 1, 0, 0, 0] * 2,
            "y_pred": [1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
        }
    )
    result = audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["s"], thresholds=NO_BOOT)
    check_against_fairlearn(result, df)
    eo = next(d for d in result.disparities if d.metric == "equalized_odds" and d.kind == "ratio")
    assert eo.value == pytest.approx(1 / 3)
    # all TPRs 0 (no true positives) but FPRs differ: min([nan, fpr_r]) is nan in fairlearn
    df["y_pred"] = [0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0]
    result = audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["s"], thresholds=NO_BOOT)
    check_against_fairlearn(result, df)
    eo = next(d for d in result.disparities if d.metric == "equalized_odds" and d.kind == "ratio")
    assert math.isnan(eo.value) and eo.passed is None


def test_auc_and_calibration_equal_scikit_learn_with_ties() -> None:
    df = random_frame(7, n=3000)
    result = audit_fairness(
        df, target="y_true", prediction="y_pred", score="score", sensitive=["a", "b"], thresholds=NO_BOOT
    )
    checked = 0
    for g in result.groups:
        if g.attribute == "a×b":
            a, b = g.group.split("×")
            rows = df[(df.a == a) & (df.b == b)]
        else:
            rows = df[df[g.attribute] == g.group]
        assert g.auc is not None and abs(g.auc - roc_auc_score(rows.y_true, rows.score)) <= TOL
        prob_true, prob_pred = calibration_curve(rows.y_true, rows.score, n_bins=10, strategy="uniform")
        assert g.calibration is not None and len(g.calibration) == len(prob_true)
        for (mean_score, observed, n), pt, pp in zip(g.calibration, prob_true, prob_pred, strict=True):
            assert abs(mean_score - pp) <= TOL and abs(observed - pt) <= TOL and n > 0
        assert sum(n for _, _, n in g.calibration) == g.count
        checked += 1
    assert checked == 3 + 4 + 12


def test_auc_interval_is_delong() -> None:
    rng = np.random.default_rng(11)
    n = 400
    y = (rng.random(n) < 0.4).astype(int)
    s = np.round(rng.random(n) * 0.6 + 0.3 * y, 1)
    df = pd.DataFrame({"g": ["one"] * n, "y": y, "p": (s > 0.5).astype(int), "s": s})
    result = audit_fairness(
        df, target="y", prediction="p", score="s", sensitive=["g"], thresholds=Thresholds(bootstrap=0)
    )
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    auc = psi.mean()
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    se = math.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))
    g = result.groups[0]
    assert g.auc == pytest.approx(auc, abs=TOL)
    lo, hi = g.ci["auc"]
    assert lo == pytest.approx(auc - 1.959963984540054 * se, abs=1e-9)
    assert hi == pytest.approx(auc + 1.959963984540054 * se, abs=1e-9)


def test_group_of_one_class_has_no_auc() -> None:
    df = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 5, "y": [1] * 5 + [0, 1, 0, 1, 0], "p": [1] * 10})
    df["s"] = np.linspace(0.1, 0.9, 10)
    result = audit_fairness(df, target="y", prediction="p", score="s", sensitive=["g"], thresholds=NO_BOOT)
    by = {g.group: g for g in result.groups}
    assert by["a"].auc is not None and math.isnan(by["a"].auc)
    assert by["b"].auc == pytest.approx(roc_auc_score(df.y[5:], df.s[5:]))


def test_bootstrap_matches_a_row_bootstrap_and_is_seeded() -> None:
    rng = np.random.default_rng(4)
    n = 4000
    g = rng.choice(["u", "v"], size=n, p=[0.7, 0.3])
    y = (rng.random(n) < 0.5).astype(np.uint8)
    p = (rng.random(n) < np.where(g == "u", 0.6, 0.4)).astype(np.uint8)
    table = pa.table({"g": g, "y": y, "p": p})
    th = Thresholds(bootstrap=400, seed=3)
    result = audit_fairness(table, target="y", prediction="p", sensitive=["g"], thresholds=th)
    # an explicit row bootstrap of the same statistic
    stats = []
    for _ in range(400):
        idx = rng.integers(0, n, n)
        gu, pu = g[idx], p[idx]
        stats.append(pu[gu == "u"].mean() - pu[gu == "v"].mean())
    lo_ref, hi_ref = np.quantile(stats, [0.025, 0.975])
    dp = next(d for d in result.disparities if d.metric == "demographic_parity" and d.kind == "difference")
    assert dp.ci is not None and dp.ci[0] <= dp.value <= dp.ci[1]
    width, ref_width = dp.ci[1] - dp.ci[0], hi_ref - lo_ref
    assert abs(width - ref_width) / ref_width < 0.25
    # and a group rate's interval agrees with the binomial standard error
    u = next(x for x in result.groups if x.group == "u")
    se = math.sqrt(u.selection_rate * (1 - u.selection_rate) / u.count)
    lo, hi = u.ci["selection_rate"]
    assert abs((hi - lo) / (2 * 1.96 * se) - 1) < 0.25
    for m in GROUP_METRICS:
        assert m in u.ci
    again = audit_fairness(table, target="y", prediction="p", sensitive=["g"], thresholds=th)
    assert [x.ci for x in again.groups] == [x.ci for x in result.groups]
    other = audit_fairness(
        table, target="y", prediction="p", sensitive=["g"], thresholds=Thresholds(bootstrap=400, seed=4)
    )
    assert [x.ci for x in other.groups] != [x.ci for x in result.groups]
    none = audit_fairness(
        table, target="y", prediction="p", sensitive=["g"], thresholds=Thresholds(bootstrap=0)
    )
    assert all(x.ci == {} for x in none.groups) and all(d.ci is None for d in none.disparities)


def test_small_groups_are_flagged_and_not_compared() -> None:
    df = random_frame(9, n=1000)
    df.loc[:4, "a"] = "tiny"  # 5 rows
    result = audit_fairness(
        df, target="y_true", prediction="y_pred", sensitive=["a"], thresholds=Thresholds(min_group_size=30)
    )
    tiny = next(g for g in result.groups if g.group == "tiny")
    assert tiny.small and tiny.count == 5 and tiny.selection_rate == df.y_pred[:5].mean()
    assert any("tiny (5)" in w for w in result.warnings)
    big = df[df.a != "tiny"]
    dp = next(d for d in result.disparities if d.metric == "demographic_parity" and d.kind == "difference")
    assert dp.excluded == ("tiny",) and dp.compared == 3
    assert dp.value == pytest.approx(
        demographic_parity_difference(big.y_true, big.y_pred, sensitive_features=big.a)
    )


def test_fewer_than_two_comparable_groups_is_not_comparable() -> None:
    df = pd.DataFrame({"s": ["a"] * 40 + ["b"] * 3 + ["c"], "y": [0, 1] * 22, "p": [1, 0, 0, 1] * 11})
    result = audit_fairness(df, target="y", prediction="p", sensitive=["s"])
    assert result.passed is None
    for d in result.disparities:
        assert d.passed is None and math.isnan(d.value) and "not compared" in d.note
    assert any("b (3)" in w and "c (1)" in w for w in result.warnings)
    assert any("no verdict" in w for w in result.warnings)
    json.dumps(result.to_dict(), allow_nan=False)


def test_reference_group_for_disparate_impact() -> None:
    df = random_frame(12, n=2000)
    result = audit_fairness(
        df,
        target="y_true",
        prediction="y_pred",
        sensitive=["a", "c"],
        reference={"a": "a2"},
        thresholds=NO_BOOT,
    )
    rates = df.groupby("a").y_pred.mean()
    di = next(d for d in result.disparities if d.attribute == "a" and d.metric == "disparate_impact")
    assert di.reference == "a2"
    assert di.value == pytest.approx(min(rates["a1"], rates["a3"]) / rates["a2"], abs=TOL)
    assert di.passed == (di.value >= 0.8)
    di_c = next(d for d in result.disparities if d.attribute == "c" and d.metric == "disparate_impact")
    assert di_c.reference is None
    with pytest.raises(AuditInputError, match="reference group 'zz' not found in 'a'"):
        audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["a"], reference={"a": "zz"})
    with pytest.raises(AuditInputError, match="reference attribute 'q'"):
        audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["a"], reference={"q": "a1"})
    df.loc[:9, "a"] = "rare"
    small_ref = audit_fairness(
        df,
        target="y_true",
        prediction="y_pred",
        sensitive=["a"],
        reference={"a": "rare"},
        thresholds=Thresholds(bootstrap=20),
    )
    di = next(d for d in small_ref.disparities if d.metric == "disparate_impact")
    assert (
        di.passed is None and math.isnan(di.value) and di.ci is None and "reference group 'rare'" in di.note
    )


def test_planted_disparity_is_found_and_its_absence_passes() -> None:
    unfair = audit_fairness(
        make_credit_decisions(60_000, seed=1, disparity=1.0),
        target="y_true",
        prediction="y_pred",
        score="score",
        sensitive=["sex", "region"],
        thresholds=Thresholds(bootstrap=50),
    )
    assert unfair.passed is False
    failed = {(d.attribute, d.metric) for d in unfair.disparities if d.passed is False}
    assert {
        ("sex", "demographic_parity"),
        ("sex", "disparate_impact"),
        ("region", "disparate_impact"),
    } <= failed
    sex_dp = next(d for d in unfair.disparities if d.attribute == "sex" and d.metric == "demographic_parity")
    assert sex_dp.ci is not None and sex_dp.ci[0] > 0.2
    fair = audit_fairness(
        make_credit_decisions(60_000, seed=1, disparity=0.0),
        target="y_true",
        prediction="y_pred",
        sensitive=["sex", "age_band"],
        intersections=False,
        thresholds=Thresholds(bootstrap=0),
    )
    assert fair.passed is True
    assert all(d.passed is not False for d in fair.disparities)
    assert fair.attributes == ("sex", "age_band")


def test_pandas_arrow_chunking_and_dictionary_inputs_agree() -> None:
    df = random_frame(21, n=1500)
    table = pa.Table.from_pandas(df, preserve_index=False)
    chunked = pa.Table.from_batches(table.to_batches(max_chunksize=200))
    dictionary = table.set_column(table.column_names.index("a"), "a", table.column("a").dictionary_encode())
    kwargs: dict[str, Any] = {
        "target": "y_true",
        "prediction": "y_pred",
        "score": "score",
        "sensitive": ["a", "b"],
        "thresholds": Thresholds(bootstrap=30),
    }
    results = [audit_fairness(x, **kwargs) for x in (df, table, chunked, dictionary)]
    first = results[0].to_dict()
    for r in results[1:]:
        other = r.to_dict()
        assert other["groups"] == first["groups"] and other["disparities"] == first["disparities"]
        assert other["data_sha256"] == first["data_sha256"]
    changed = df.copy()
    changed.loc[0, "y_pred"] = 1 - changed.loc[0, "y_pred"]
    assert audit_fairness(changed, **kwargs).data_sha256 != first["data_sha256"]


def test_missing_sensitive_values_form_their_own_group() -> None:
    table = pa.table(
        {"s": ["a", None, "b", "a", None, "b"], "y": [1, 0, 1, 0, 1, 0], "p": [1, 1, 0, 0, 1, 0]}
    )
    result = audit_fairness(table, target="y", prediction="p", sensitive=["s"], thresholds=NO_BOOT)
    assert [g.group for g in result.groups] == ["a", "b", "(missing)"]
    assert any("2 rows with no value" in w for w in result.warnings)


def test_numeric_sensitive_values_sort_by_value_and_unused_categories_warn() -> None:
    table = pa.table({"s": [10, 2, 2, 10, 33, 33], "y": [1, 0, 1, 0, 1, 0], "p": [1, 1, 0, 0, 1, 0]})
    result = audit_fairness(table, target="y", prediction="p", sensitive=["s"], thresholds=NO_BOOT)
    assert [g.group for g in result.groups] == ["2", "10", "33"]
    cat = pd.DataFrame(
        {
            "s": pd.Categorical(["x", "y", "x", "y"], categories=["x", "y", "unused"]),
            "y": [1, 0, 1, 0],
            "p": [1, 0, 0, 1],
        }
    )
    result = audit_fairness(cat, target="y", prediction="p", sensitive=["s"], thresholds=NO_BOOT)
    assert [g.group for g in result.groups] == ["x", "y"]
    assert any("groups of size 0" in w and "unused" in w for w in result.warnings)


def test_scores_outside_unit_interval_skip_calibration() -> None:
    df = random_frame(2, n=500)
    df["score"] = df["score"] * 10 - 3
    result = audit_fairness(
        df, target="y_true", prediction="y_pred", score="score", sensitive=["c"], thresholds=NO_BOOT
    )
    assert all(g.calibration is None and g.auc is not None for g in result.groups)
    assert any("outside [0, 1]" in w for w in result.warnings)


# ------------------------------------------------------------------------------------- bad input


@pytest.fixture
def small_table() -> pa.Table:
    return pa.table(
        {
            "sex": ["F", "M", "F", "M"],
            "region": ["A", "A", "B", "B"],
            "y": [1, 0, 1, 0],
            "p": [1, 1, 0, 0],
            "s": [0.9, 0.4, 0.3, 0.1],
        }
    )


def test_missing_columns_are_named_with_the_available_ones(small_table: pa.Table) -> None:
    with pytest.raises(AuditInputError) as exc:
        audit_fairness(small_table, target="outcome", prediction="p", score="prob", sensitive=["sex", "age"])
    msg = str(exc.value)
    assert "'outcome', 'prob', 'age' not found" in msg and "available: 'sex', 'region', 'y', 'p', 's'" in msg


def test_missing_outcome_values_name_the_row(small_table: pa.Table) -> None:
    bad = small_table.set_column(2, "y", pa.array([1, 0, None, 0]))
    with pytest.raises(AuditInputError, match=r"column 'y' has a missing value .* at row 2"):
        audit_fairness(bad, target="y", prediction="p", sensitive=["sex"])
    nan = small_table.set_column(3, "p", pa.array([1.0, float("nan"), 0.0, 0.0]))
    with pytest.raises(AuditInputError, match=r"column 'p' has a missing value .* at row 1"):
        audit_fairness(nan, target="y", prediction="p", sensitive=["sex"])
    score = small_table.set_column(4, "s", pa.array([0.1, 0.2, 0.3, float("nan")]))
    with pytest.raises(AuditInputError, match=r"score column 's' has a NaN .* at row 3"):
        audit_fairness(score, target="y", prediction="p", score="s", sensitive=["sex"])


def test_non_binary_target_needs_a_positive_label(small_table: pa.Table) -> None:
    text = small_table.set_column(2, "y", pa.array(["good", "bad", "good", "bad"]))
    with pytest.raises(AuditInputError, match="say which one is the positive outcome"):
        audit_fairness(text, target="y", prediction="p", sensitive=["sex"])
    result = audit_fairness(
        text, target="y", prediction="p", sensitive=["sex"], positive="good", thresholds=NO_BOOT
    )
    assert [g.base_rate for g in result.groups] == [1.0, 0.0]  # the 0/1 prediction keeps 1 as positive
    assert result.positive == "good"
    many = small_table.set_column(2, "y", pa.array([0, 1, 2, 1]))
    with pytest.raises(AuditInputError, match="not binary: 3 distinct values"):
        audit_fairness(many, target="y", prediction="p", sensitive=["sex"], positive=1)


def test_sensitive_column_entirely_null(small_table: pa.Table) -> None:
    bad = small_table.set_column(0, "sex", pa.array([None, None, None, None], type=pa.string()))
    with pytest.raises(AuditInputError, match="sensitive column 'sex' is entirely empty"):
        audit_fairness(bad, target="y", prediction="p", sensitive=["sex"])
    null_typed = small_table.set_column(0, "sex", pa.nulls(4))
    with pytest.raises(AuditInputError, match="entirely empty"):
        audit_fairness(null_typed, target="y", prediction="p", sensitive=["sex"])


def test_empty_table_and_bad_arguments(small_table: pa.Table) -> None:
    with pytest.raises(AuditInputError, match="no rows"):
        audit_fairness(small_table.slice(0, 0), target="y", prediction="p", sensitive=["sex"])
    with pytest.raises(AuditInputError, match="at least one sensitive"):
        audit_fairness(small_table, target="y", prediction="p", sensitive=[])
    with pytest.raises(AuditInputError, match="both a sensitive attribute and the outcome"):
        audit_fairness(small_table, target="y", prediction="p", sensitive=["y"])
    with pytest.raises(AuditInputError, match="listed twice"):
        audit_fairness(small_table, target="y", prediction="p", sensitive=["sex", "sex"])
    ids = pa.table({"id": np.arange(2000), "y": np.zeros(2000, int), "p": np.zeros(2000, int)})
    with pytest.raises(AuditInputError, match="2000 distinct values"):
        audit_fairness(ids, target="y", prediction="p", sensitive=["id"])


def test_groups_of_size_one_are_reported(small_table: pa.Table) -> None:
    result = audit_fairness(small_table, target="y", prediction="p", sensitive=["sex", "region"])
    inter = [g for g in result.groups if g.attribute == "sex×region"]
    assert len(inter) == 4 and all(g.count == 1 and g.small for g in inter)
    assert result.passed is None


# ------------------------------------------------------------------------------------- thresholds


def test_default_thresholds_file_documents_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(default_thresholds_text(), encoding="utf-8")
    assert load_thresholds(path) == Thresholds() == load_thresholds(None)
    text = default_thresholds_text()
    assert "29 CFR" in text and "min_group_size: 30" in text


def test_thresholds_files(tmp_path: Path) -> None:
    j = tmp_path / "t.json"
    j.write_text(json.dumps({"disparate_impact_ratio": 0.9, "bootstrap": 0, "equalized_odds_ratio": 0.8}))
    th = load_thresholds(j)
    assert th.disparate_impact_ratio == 0.9 and th.bootstrap == 0 and th.equalized_odds_ratio == 0.8
    y = tmp_path / "t.yaml"
    y.write_text("min_group_size: 50\n\ndemographic_parity_diference: 0.2\n")
    with pytest.raises(
        AuditInputError, match=r"t.yaml line 3: unknown threshold 'demographic_parity_diference'"
    ):
        load_thresholds(y)
    y.write_text("confidence: 1.5\n")
    with pytest.raises(
        AuditInputError, match=r"line 1: threshold 'confidence' must be strictly between 0 and 1"
    ):
        load_thresholds(y)
    y.write_text("bootstrap: many\n")
    with pytest.raises(AuditInputError, match="'bootstrap' must be an integer"):
        load_thresholds(y)
    y.write_text("- 1\n- 2\n")
    with pytest.raises(AuditInputError, match="must be a mapping"):
        load_thresholds(y)
    y.write_text("a: [\n")
    with pytest.raises(AuditInputError, match="invalid YAML"):
        load_thresholds(y)
    with pytest.raises(AuditInputError, match="cannot read"):
        load_thresholds(tmp_path / "absent.yaml")
    with pytest.raises(AuditInputError, match="min_group_size must be at least 1"):
        Thresholds(min_group_size=0)


def test_checked_ratio_thresholds_and_json_document() -> None:
    df = random_frame(13, n=1200)
    th = Thresholds(min_group_size=1, bootstrap=20, equal_opportunity_ratio=0.99)
    result = audit_fairness(df, target="y_true", prediction="y_pred", sensitive=["a"], thresholds=th)
    eo = next(d for d in result.disparities if d.metric == "equal_opportunity" and d.kind == "ratio")
    assert eo.checked and eo.threshold == 0.99 and eo.passed is (eo.value >= 0.99)
    info = next(d for d in result.disparities if d.metric == "predictive_parity" and d.kind == "ratio")
    assert not info.checked and info.passed is None and math.isnan(info.threshold)
    doc = result.to_dict()
    text = json.dumps(doc, allow_nan=False)
    assert doc["schema"] == "senim/fairness-audit/v1" and doc["thresholds"]["equal_opportunity_ratio"] == 0.99
    assert json.loads(text)["disparities"][0]["metric"] == "demographic_parity"
    assert result.passed is all(d.passed for d in result.disparities if d.checked and d.passed is not None)
