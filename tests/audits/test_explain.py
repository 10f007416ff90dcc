"""SHAP explanations: exact tree and linear methods, permutation fallback, additivity, bad input."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.ensemble import (
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

import senim.audits.explain as explain_module
from senim.audits.data import make_credit_decisions
from senim.audits.errors import AuditError, AuditInputError, FeatureMismatchError
from senim.audits.explain import Explanation, explain
from senim.audits.models import LoadedModel, load_model

NUMERIC = ["income", "loan_amount", "credit_history_years", "debt_to_income"]
ALL = [*NUMERIC, "employment"]
TOL = 1e-6

threadpool_limits = importlib.import_module("threadpoolctl").threadpool_limits  # untyped, ships with sklearn


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    """OpenMP threads (HistGradientBoosting) thrash on a busy 2-core machine: use one."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def credit() -> pd.DataFrame:
    df = make_credit_decisions(600, seed=11).to_pandas()
    df["income"] = df["income"] / 1e5  # a friendlier scale for the linear solvers
    df["loan_amount"] = df["loan_amount"] / 1e6
    return df


def _save(tmp_path: Path, estimator: object, name: str) -> LoadedModel:
    path = tmp_path / f"{name}.skops"
    sio.dump(estimator, path)
    return load_model(path)


def _sums(expl: Explanation) -> np.ndarray:
    return np.array([r.base_value + sum(a.contribution for a in r.attributions) for r in expl.rows])


def _rows(expl: Explanation) -> list[int]:
    return [r.row for r in expl.rows]


def test_tree_exact_forest_adds_up_to_the_probability(tmp_path: Path, credit: pd.DataFrame) -> None:
    rf = RandomForestClassifier(n_estimators=20, max_depth=6, random_state=0).fit(
        credit[NUMERIC], credit["y_true"]
    )
    expl = explain(_save(tmp_path, rf, "rf"), credit, rows=list(range(40)))
    assert expl.method == "tree_exact"
    assert expl.output == "probability"
    assert expl.explained_class == 1
    proba = rf.predict_proba(credit[NUMERIC].iloc[_rows(expl)])[:, 1]
    np.testing.assert_allclose(_sums(expl), proba, atol=TOL, rtol=0)
    np.testing.assert_allclose([r.prediction for r in expl.rows], proba)
    np.testing.assert_allclose([r.output_value for r in expl.rows], proba, atol=TOL, rtol=0)
    assert [r.outcome for r in expl.rows] == rf.predict(credit[NUMERIC].iloc[:40]).tolist()
    # the base value is the forest's average training probability
    assert 0.0 < expl.base_value < 1.0
    assert all(r.base_value == expl.base_value for r in expl.rows)


def test_tree_exact_boosting_adds_up_to_the_log_odds(tmp_path: Path, credit: pd.DataFrame) -> None:
    hgb = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(credit[NUMERIC], credit["y_true"])
    expl = explain(_save(tmp_path, hgb, "hgb"), credit, rows=[0, 5, 17, 599])
    assert (expl.method, expl.output) == ("tree_exact", "log_odds")
    assert _rows(expl) == [0, 5, 17, 599]
    margin = hgb.decision_function(credit[NUMERIC].iloc[[0, 5, 17, 599]])
    np.testing.assert_allclose(_sums(expl), margin, atol=TOL, rtol=0)


def test_tree_exact_regressor_and_single_tree(tmp_path: Path, credit: pd.DataFrame) -> None:
    target = credit["income"] * 2 - credit["debt_to_income"] * 3
    gbr = GradientBoostingRegressor(n_estimators=30, random_state=0).fit(credit[NUMERIC], target)
    expl = explain(_save(tmp_path, gbr, "gbr"), credit, rows=range(25))
    assert (expl.method, expl.output, expl.explained_class) == ("tree_exact", "value", None)
    np.testing.assert_allclose(_sums(expl), gbr.predict(credit[NUMERIC].iloc[:25]), atol=TOL, rtol=0)
    assert expl.global_importance[0][0] in {"income", "debt_to_income"}

    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(credit[NUMERIC], credit["y_true"])
    expl = explain(_save(tmp_path, tree, "tree"), credit, rows=range(25))
    assert expl.method == "tree_exact"
    np.testing.assert_allclose(
        _sums(expl), tree.predict_proba(credit[NUMERIC].iloc[:25])[:, 1], atol=TOL, rtol=0
    )


def test_multiclass_explains_the_predicted_class(tmp_path: Path, credit: pd.DataFrame) -> None:
    rf = RandomForestClassifier(n_estimators=10, max_depth=4, random_state=0).fit(
        credit[NUMERIC], credit["age_band"]
    )
    expl = explain(_save(tmp_path, rf, "rf3"), credit, rows=range(20))
    proba = rf.predict_proba(credit[NUMERIC].iloc[:20])
    predicted = rf.predict(credit[NUMERIC].iloc[:20])
    for k, r in enumerate(expl.rows):
        assert r.explained_class == r.outcome == predicted[k]
        j = list(rf.classes_).index(r.explained_class)
        assert abs(r.base_value + sum(a.contribution for a in r.attributions) - proba[k, j]) <= TOL
        assert r.prediction == pytest.approx(proba[k, j])


def test_linear_pipeline_sums_one_hot_columns_back(tmp_path: Path, credit: pd.DataFrame) -> None:
    pipe = make_pipeline(
        ColumnTransformer([("num", StandardScaler(), NUMERIC), ("cat", OneHotEncoder(), ["employment"])]),
        LogisticRegression(),
    ).fit(credit[ALL], credit["y_true"])
    expl = explain(_save(tmp_path, pipe, "lr"), credit, rows=range(30), background=100)
    assert (expl.method, expl.output) == ("linear", "log_odds")
    assert expl.features == tuple(ALL)
    assert {a.feature for a in expl.rows[0].attributions} == set(ALL)  # original columns, not one-hot ones
    assert any("summed back" in n for n in expl.notes)
    margin = pipe.decision_function(credit[ALL].iloc[:30])
    np.testing.assert_allclose(_sums(expl), margin, atol=TOL, rtol=0)
    assert {a.value for r in expl.rows for a in r.attributions if a.feature == "employment"} <= {
        "employed",
        "other",
    }
    # interventional linear SHAP: phi_income = w * (z - mean of the background's z)
    scaler = pipe[0].named_transformers_["num"]
    w = pipe[-1].coef_[0][0]
    z = (credit["income"].to_numpy() - scaler.mean_[0]) / scaler.scale_[0]
    # reproduce the sampling of explain(): one random order of the rows, then the background
    rng = np.random.default_rng(0)
    rng.permutation(len(credit))
    bg = np.sort(rng.choice(len(credit), size=100, replace=False))
    income = next(a for a in expl.rows[3].attributions if a.feature == "income")
    assert income.contribution == pytest.approx(w * (z[3] - z[bg].mean()), abs=1e-9)


def test_plain_linear_regression(tmp_path: Path, credit: pd.DataFrame) -> None:
    ridge = Ridge().fit(credit[NUMERIC], credit["income"] + credit["credit_history_years"])
    expl = explain(_save(tmp_path, ridge, "ridge"), credit, rows=range(10))
    assert (expl.method, expl.output) == ("linear", "value")
    np.testing.assert_allclose(_sums(expl), ridge.predict(credit[NUMERIC].iloc[:10]), atol=TOL, rtol=0)


def test_kernel_path_for_onnx_is_additive(tmp_path: Path, credit: pd.DataFrame) -> None:
    from skl2onnx import to_onnx

    x = credit[NUMERIC].to_numpy(dtype=np.float32).astype(np.float64)
    lr = LogisticRegression(max_iter=500).fit(x, credit["y_true"])
    onx = to_onnx(lr, x[:1].astype(np.float32))
    entry = onx.metadata_props.add()
    entry.key, entry.value = "feature_names", ",".join(NUMERIC)
    path = tmp_path / "lr.onnx"
    path.write_bytes(onx.SerializeToString())
    model = load_model(path)
    expl = explain(model, credit, rows=range(12), background=50, seed=3)
    assert (expl.method, expl.output) == ("kernel", "probability")
    assert any("exact Shapley values" in n for n in expl.notes)  # 4 features: every coalition
    proba = lr.predict_proba(x[:12])[:, 1]
    # additive by construction, up to the float32 arithmetic of the ONNX runtime
    np.testing.assert_allclose(_sums(expl), proba, atol=1e-5, rtol=0)
    # the base value is the model's mean output over the background sample
    assert 0.0 < expl.base_value < 1.0
    # the estimated attributions agree in sign with the exact linear ones where they are clear
    coef = lr.coef_[0]
    rng = np.random.default_rng(3)
    rng.permutation(len(x))
    bg_mean = x[np.sort(rng.choice(len(x), size=50, replace=False))].mean(axis=0)
    for r in expl.rows:
        exact = dict(zip(NUMERIC, coef * (x[r.row] - bg_mean), strict=True))
        for a in r.attributions:
            if abs(exact[a.feature]) > 0.5:
                assert np.sign(a.contribution) == np.sign(exact[a.feature])
    # deterministic for a seed
    again = explain(model, credit, rows=range(12), background=50, seed=3)
    assert again.rows == expl.rows


def test_pipeline_mixing_columns_falls_back_to_kernel(tmp_path: Path, credit: pd.DataFrame) -> None:
    pipe = make_pipeline(StandardScaler(), PCA(n_components=3), LogisticRegression()).fit(
        credit[NUMERIC], credit["y_true"]
    )
    expl = explain(_save(tmp_path, pipe, "pca"), credit, rows=range(5), background=30)
    assert expl.method == "kernel"
    assert {a.feature for a in expl.rows[0].attributions} == set(NUMERIC)
    np.testing.assert_allclose(
        _sums(expl), pipe.predict_proba(credit[NUMERIC].iloc[:5])[:, 1], atol=1e-9, rtol=0
    )


def test_kernel_with_categorical_columns_and_one_feature(tmp_path: Path, credit: pd.DataFrame) -> None:
    from sklearn.svm import SVC

    pipe = make_pipeline(
        ColumnTransformer([("num", StandardScaler(), NUMERIC), ("cat", OneHotEncoder(), ["employment"])]),
        SVC(random_state=0),
    ).fit(credit[ALL], credit["y_true"])
    model = _save(tmp_path, pipe, "svc")
    assert model.predict_score is None and model.task == "classification"
    with pytest.raises(AuditError, match="neither probabilities nor numeric values"):
        explain(model, credit, rows=[0], background=5)

    ridge = make_pipeline(
        ColumnTransformer([("cat", OneHotEncoder(), ["employment"]), ("num", "passthrough", ["income"])]),
        PCA(n_components=2),
        Ridge(),
    ).fit(credit[["employment", "income"]], credit["credit_history_years"])
    expl = explain(_save(tmp_path, ridge, "ridge_cat"), credit, rows=range(6), background=20)
    assert (expl.method, expl.output) == ("kernel", "value")
    assert expl.features == ("employment", "income")
    assert {type(a.value) for r in expl.rows for a in r.attributions if a.feature == "employment"} == {str}
    np.testing.assert_allclose(
        _sums(expl), ridge.predict(credit[["employment", "income"]].iloc[:6]), atol=1e-9, rtol=0
    )

    from sklearn.neighbors import KNeighborsRegressor

    knn = KNeighborsRegressor(n_neighbors=5).fit(credit[["income"]], credit["credit_history_years"])
    expl = explain(_save(tmp_path, knn, "one"), credit, rows=range(3), background=10)
    assert expl.method == "kernel"  # one feature: its contribution is f(x) minus the background mean
    np.testing.assert_allclose(_sums(expl), knn.predict(credit[["income"]].iloc[:3]), atol=1e-9, rtol=0)


def test_default_rows_global_importance_and_json(tmp_path: Path, credit: pd.DataFrame) -> None:
    rf = RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0).fit(
        credit[NUMERIC], credit["y_true"]
    )
    model = _save(tmp_path, rf, "rf")
    expl = explain(model, credit, global_rows=300)
    assert len(expl.rows) == 200  # more than 200 rows: a seeded sample of 200
    assert _rows(expl) == sorted(set(_rows(expl)))
    assert _rows(explain(model, credit, global_rows=300)) == _rows(expl)
    assert _rows(explain(model, credit, global_rows=300, seed=1)) != _rows(expl)
    small = explain(model, credit.iloc[:50])
    assert _rows(small) == list(range(50))
    assert expl.global_rows == 300
    values = [v for _, v in expl.global_importance]
    assert values == sorted(values, reverse=True)
    assert {f for f, _ in expl.global_importance} == set(NUMERIC)
    # global importance = mean |SHAP| over the global sample; all rows with global_rows >= n
    full = explain(model, credit.iloc[:50], global_rows=10_000)
    mean_abs = {
        f: np.mean([abs(a.contribution) for r in full.rows for a in r.attributions if a.feature == f])
        for f in NUMERIC
    }
    for f, v in full.global_importance:
        assert v == pytest.approx(mean_abs[f], rel=1e-12, abs=1e-15)
    for r in expl.rows:
        contributions = [abs(a.contribution) for a in r.attributions]
        assert contributions == sorted(contributions, reverse=True)
    doc = expl.to_dict()
    assert doc["schema"] == "senim/explanation/v1"
    assert doc["model"]["sha256"] == model.sha256
    assert len(doc["data_sha256"]) == 64
    json.dumps(doc, allow_nan=False)
    assert explain(model, credit.iloc[:50]).data_sha256 == small.data_sha256
    changed = credit.iloc[:50].copy()
    changed.loc[changed.index[0], "income"] += 1
    assert explain(model, changed).data_sha256 != small.data_sha256


def test_tree_global_sample_is_capped_by_the_model_cost(
    tmp_path: Path, credit: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    rf = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(
        credit[NUMERIC], credit["y_true"]
    )
    model = _save(tmp_path, rf, "rf")
    assert explain(model, credit, global_rows=500).global_rows == 500
    monkeypatch.setattr(explain_module, "TREE_BUDGET", 1.0)
    capped = explain(model, credit, global_rows=500)
    assert capped.global_rows == 200  # never fewer than the default explained rows
    assert any("costly" in note for note in capped.notes)
    # the default explained rows are part of the global sample
    assert len(capped.rows) == 200


def test_bad_input(tmp_path: Path, credit: pd.DataFrame) -> None:
    rf = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(
        credit[NUMERIC], credit["y_true"]
    )
    model = _save(tmp_path, rf, "rf")
    with pytest.raises(AuditInputError, match="out of range"):
        explain(model, credit, rows=[600])
    with pytest.raises(AuditInputError, match="out of range"):
        explain(model, credit, rows=[-1])
    with pytest.raises(AuditInputError, match="not an integer"):
        explain(model, credit, rows=["3"])  # type: ignore[list-item]
    with pytest.raises(AuditInputError, match="no rows"):
        explain(model, credit, rows=[])
    with pytest.raises(AuditInputError, match="no rows"):
        explain(model, credit.iloc[:0])
    with pytest.raises(AuditInputError, match="background"):
        explain(model, credit, background=0)
    with pytest.raises(FeatureMismatchError, match="loan_amount"):
        explain(model, credit.drop(columns=["loan_amount"]))
    broken = credit.copy()
    broken["income"] = broken["income"].astype(object)
    broken.loc[broken.index[0], "income"] = "lots"
    with pytest.raises(AuditInputError, match="cannot score"):
        explain(model, broken, rows=[0])


def test_explain_does_not_use_fairlearn() -> None:
    source = Path(explain_module.__file__).read_text(encoding="utf-8")
    assert "fairlearn" not in source
