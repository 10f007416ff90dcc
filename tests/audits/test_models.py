"""Safe model loading: skops with type checks, ONNX, pickle only with trust; feature checks."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from senim.audits.data import make_credit_decisions
from senim.audits.errors import AuditError, FeatureMismatchError, ModelLoadError
from senim.audits.models import PICKLE_WARNING, feature_matrix, load_model

FEATURES = ["income", "loan_amount", "credit_history_years", "debt_to_income"]


class HomeMadeClassifier(LogisticRegression):  # type: ignore[misc]
    """A custom type: skops must not construct it unless the caller trusts it."""


threadpool_limits = importlib.import_module("threadpoolctl").threadpool_limits  # untyped, ships with sklearn
joblib = importlib.import_module("joblib")  # untyped, ships with sklearn


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    """OpenMP threads (HistGradientBoosting) thrash on a busy 2-core machine: use one."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def credit() -> pd.DataFrame:
    return make_credit_decisions(400, seed=7).to_pandas()


@pytest.fixture(scope="module")
def forest(credit: pd.DataFrame) -> RandomForestClassifier:
    return RandomForestClassifier(n_estimators=15, max_depth=5, random_state=0).fit(
        credit[FEATURES], credit["y_true"]
    )


def test_skops_round_trip_predicts_like_the_original(
    tmp_path: Path, credit: pd.DataFrame, forest: RandomForestClassifier
) -> None:
    path = tmp_path / "forest.skops"
    sio.dump(forest, path)
    model = load_model(path)
    assert model.kind == "sklearn"
    assert model.format == "skops"
    assert model.feature_names == FEATURES
    assert model.n_features == 4
    assert model.task == "classification"
    assert model.classes == [0, 1]
    assert model.positive_class == 1
    assert model.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    x, names = feature_matrix(model, credit)
    assert names == FEATURES
    assert x.dtype == np.float64
    np.testing.assert_array_equal(model.predict(x), forest.predict(credit[FEATURES]))
    assert model.predict_score is not None
    np.testing.assert_allclose(model.predict_score(x), forest.predict_proba(credit[FEATURES])[:, 1])


def test_skops_sklearn_internal_types_are_trusted(tmp_path: Path, credit: pd.DataFrame) -> None:
    hgb = HistGradientBoostingClassifier(max_iter=10).fit(credit[FEATURES], credit["y_true"])
    path = tmp_path / "hgb.skops"
    sio.dump(hgb, path)
    assert sio.get_untrusted_types(file=path)  # the TreePredictor is not in skops' default list
    model = load_model(path)
    np.testing.assert_array_equal(model.predict(credit[FEATURES].to_numpy()), hgb.predict(credit[FEATURES]))


def test_skops_untrusted_custom_type_is_refused_and_listed(tmp_path: Path, credit: pd.DataFrame) -> None:
    scaled = credit[FEATURES] / credit[FEATURES].std()
    custom = HomeMadeClassifier().fit(scaled, credit["y_true"])
    path = tmp_path / "custom.skops"
    sio.dump(custom, path)
    name = f"{HomeMadeClassifier.__module__}.HomeMadeClassifier"
    with pytest.raises(ModelLoadError) as info:
        load_model(path)
    assert name in str(info.value)
    assert "trusted_types" in str(info.value)
    trusted = load_model(path, trusted_types=[name])
    assert isinstance(trusted.model, HomeMadeClassifier)


def test_skops_file_io_function_is_refused_even_from_numpy(tmp_path: Path) -> None:
    x = np.random.default_rng(0).random((30, 2))
    pipe = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression()).fit(x, x[:, 0] > 0.5)
    pipe.steps[0][1].func = np.save  # a model that would write files when it predicts
    path = tmp_path / "writes.skops"
    sio.dump(pipe, path)
    with pytest.raises(ModelLoadError, match=r"numpy\.save"):
        load_model(path)


def test_pickle_is_refused_without_trust(tmp_path: Path, forest: RandomForestClassifier) -> None:
    for suffix in (".pkl", ".pickle", ".joblib"):
        path = tmp_path / f"forest{suffix}"
        joblib.dump(forest, path)
        with pytest.raises(ModelLoadError, match="trust_pickle") as info:
            load_model(path)
        assert PICKLE_WARNING in str(info.value)
    model = load_model(tmp_path / "forest.pkl", trust_pickle=True)
    assert model.format == "pickle"
    assert model.feature_names == FEATURES


@pytest.mark.parametrize("name", ["model.h5", "model.txt", "model"])
def test_unknown_formats_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00\x01")
    with pytest.raises(ModelLoadError, match="unknown model format"):
        load_model(path)


def test_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="not found"):
        load_model(tmp_path / "absent.skops")
    (tmp_path / "bad.skops").write_bytes(b"not a zip")
    with pytest.raises(ModelLoadError, match="not a readable skops file"):
        load_model(tmp_path / "bad.skops")
    (tmp_path / "bad.onnx").write_bytes(b"not a graph")
    with pytest.raises(ModelLoadError, match="ONNX"):
        load_model(tmp_path / "bad.onnx")


def test_unfitted_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unfitted.skops"
    sio.dump(LogisticRegression(), path)
    with pytest.raises(ModelLoadError, match="not fitted"):
        load_model(path)


def _onnx(tmp_path: Path, estimator: object, n: int, name: str, *, names: list[str] | None = None) -> Path:
    from skl2onnx import to_onnx

    onx = to_onnx(estimator, np.zeros((1, n), dtype=np.float32))
    if names is not None:
        entry = onx.metadata_props.add()
        entry.key = "feature_names"
        entry.value = ",".join(names)
    path = tmp_path / name
    path.write_bytes(onx.SerializeToString())
    return path


def test_onnx_classifier_predicts_like_sklearn(tmp_path: Path, credit: pd.DataFrame) -> None:
    x = credit[FEATURES].to_numpy(dtype=np.float32).astype(np.float64)  # identical inputs for both
    x[:, :2] /= 1e5
    y = credit["y_true"].to_numpy()
    for est in (LogisticRegression(max_iter=500), RandomForestClassifier(n_estimators=10, random_state=0)):
        est.fit(x, y)
        path = _onnx(tmp_path, est, 4, f"{type(est).__name__}.onnx", names=FEATURES)
        model = load_model(path)
        assert model.kind == "onnx"
        assert model.n_features == 4
        assert model.feature_names == FEATURES
        assert model.task == "classification"
        np.testing.assert_array_equal(model.predict(x), est.predict(x))
        assert model.predict_score is not None
        np.testing.assert_allclose(model.predict_score(x), est.predict_proba(x)[:, 1], atol=1e-5)
        assert model.classes == [0, 1]


def test_onnx_regressor_and_feature_count(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(50, 3)).astype(np.float32).astype(np.float64)
    reg = LinearRegression().fit(x, x @ [1.0, -2.0, 0.5])
    model = load_model(_onnx(tmp_path, reg, 3, "reg.onnx"))
    assert model.task == "regression"
    assert model.predict_score is None
    assert model.feature_names is None
    np.testing.assert_allclose(model.predict(x), reg.predict(x), rtol=1e-5, atol=1e-5)
    with pytest.raises(FeatureMismatchError, match="expects 3 features"):
        model.predict(x[:, :2])
    frame = pd.DataFrame(x, columns=["a", "b", "c"])
    assert feature_matrix(model, frame)[1] == ["a", "b", "c"]
    with pytest.raises(FeatureMismatchError, match="records no feature names"):
        feature_matrix(model, frame.assign(d=1.0))


def test_feature_mismatch_names_the_missing_columns(
    tmp_path: Path, credit: pd.DataFrame, forest: RandomForestClassifier
) -> None:
    path = tmp_path / "forest.skops"
    sio.dump(forest, path)
    model = load_model(path)
    with pytest.raises(FeatureMismatchError, match="income, debt_to_income") as info:
        feature_matrix(model, credit.drop(columns=["income", "debt_to_income"]))
    assert isinstance(info.value, AuditError)
    with pytest.raises(FeatureMismatchError, match="expects 4 features, the data has 3"):
        model.predict(np.zeros((2, 3)))
    with pytest.raises(FeatureMismatchError, match="2-D"):
        model.predict(np.zeros(4))
    with pytest.raises(FeatureMismatchError, match="4 features, 2 feature names"):
        feature_matrix(model, credit, features=["income", "loan_amount"])


def test_feature_matrix_keeps_categorical_columns_as_objects(tmp_path: Path, credit: pd.DataFrame) -> None:
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    cols = [*FEATURES, "employment"]
    pipe = make_pipeline(
        ColumnTransformer([("num", StandardScaler(), FEATURES), ("cat", OneHotEncoder(), ["employment"])]),
        LogisticRegression(),
    ).fit(credit[cols], credit["y_true"])
    path = tmp_path / "pipe.skops"
    sio.dump(pipe, path)
    model = load_model(path)
    x, names = feature_matrix(model, make_credit_decisions(50, seed=3))  # a pyarrow table
    assert names == cols
    assert x.dtype == object
    np.testing.assert_array_equal(
        model.predict(x), pipe.predict(pd.DataFrame(x, columns=cols).infer_objects())
    )
